//! Values that cross the pipeline's boundary: transaction hashes, outcomes and events.

use circuits::amount::AmountError;
use circuits::batch::fr_to_be_bytes;
use circuits::field::Fr;
use circuits::transition::{Receipt, TxError};
use circuits::tx::{Deposit, Tx};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// A transaction hash.
pub type TxHash = [u8; 32];

/// The hash of an L2 transaction: its signing message (big-endian). A transaction whose
/// message cannot be computed (an amount without a float code) gets SHA-256 of its JSON so
/// that its rejection can still be looked up.
pub fn l2_tx_hash(tx: &Tx, chain_id: u32) -> TxHash {
    l2_tx_hash_with(tx, &tx.signing_message(chain_id))
}

/// [`l2_tx_hash`] from an already computed `tx.signing_message(chain_id)`.
pub fn l2_tx_hash_with(tx: &Tx, message: &Result<Option<Fr>, AmountError>) -> TxHash {
    match message {
        Ok(Some(message)) => fr_to_be_bytes(message),
        _ => Sha256::digest(serde_json::to_vec(tx).expect("transactions serialise")).into(),
    }
}

/// The hash of a priority operation: SHA-256 of `"priority" || be64(serial_id) || JSON`.
pub fn priority_hash(serial_id: u64, deposit: &Deposit) -> TxHash {
    let mut hasher = Sha256::new();
    hasher.update(b"priority");
    hasher.update(serial_id.to_be_bytes());
    hasher.update(serde_json::to_vec(deposit).expect("deposits serialise"));
    hasher.finalize().into()
}

/// `0x` + hex.
pub fn hex0x(bytes: &[u8]) -> String {
    format!("0x{}", hex::encode(bytes))
}

/// A field element as `0x` + 64 hex digits, big-endian (roots, commitments).
pub fn fr_hex(value: &Fr) -> String {
    hex0x(&fr_to_be_bytes(value))
}

/// Parses `0x` + 64 hex digits.
pub fn parse_hash(text: &str) -> Option<TxHash> {
    let bytes = hex::decode(text.strip_prefix("0x")?).ok()?;
    bytes.try_into().ok()
}

/// Why the pipeline refused a transaction (it changed nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RejectReason {
    /// A protocol rule.
    Tx(TxError),
    /// Noop and deposits cannot be submitted as L2 transactions.
    UnsupportedTxType(&'static str),
    /// A priority operation whose serial id is not above the last one applied.
    DuplicatePriorityOp {
        /// The submitted serial id.
        serial_id: u64,
        /// The lowest serial id still accepted.
        next: u64,
    },
}

impl RejectReason {
    /// The stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            RejectReason::Tx(error) => error.code(),
            RejectReason::UnsupportedTxType(_) => "unsupported_tx_type",
            RejectReason::DuplicatePriorityOp { .. } => "duplicate_priority_op",
        }
    }

    /// A message for people.
    pub fn message(&self) -> String {
        match self {
            RejectReason::Tx(error) => error.to_string(),
            RejectReason::UnsupportedTxType(kind) => format!("{kind} transactions cannot be submitted to the API"),
            RejectReason::DuplicatePriorityOp { serial_id, next } => {
                format!("priority operation {serial_id} was already processed (next is {next})")
            }
        }
    }
}

impl From<TxError> for RejectReason {
    fn from(error: TxError) -> Self {
        RejectReason::Tx(error)
    }
}

/// An accepted transaction: durable in Postgres before this is produced.
#[derive(Debug, Clone, Serialize)]
pub struct Accepted {
    /// Transaction hash.
    #[serde(serialize_with = "ser_hash")]
    pub hash: TxHash,
    /// Global sequence number.
    pub seq: u64,
    /// The block it is in (closed later).
    pub block: u64,
    /// The batch it is in (sealed later).
    pub batch: u64,
    /// What it did.
    pub receipt: Receipt,
}

fn ser_hash<S: serde::Serializer>(hash: &TxHash, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&hex0x(hash))
}

/// What happened to one submitted transaction.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Applied and persisted.
    Accepted(Accepted),
    /// Refused; the state is unchanged.
    Rejected {
        /// Transaction hash.
        hash: TxHash,
        /// Why.
        reason: RejectReason,
    },
    /// Not applied because persisting its group failed; the sequencer rebuilt its state from
    /// the database. Safe to resubmit.
    Unavailable,
}

/// A notification on the WebSocket stream.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// A transaction was accepted (it is in Postgres).
    TxAccepted {
        /// Hash.
        hash: String,
        /// Sequence number.
        seq: u64,
        /// Its block.
        block: u64,
        /// Its batch.
        batch: u64,
    },
    /// A transaction was rejected.
    TxRejected {
        /// Hash.
        hash: String,
        /// Error code.
        code: &'static str,
        /// Message.
        message: String,
    },
    /// A block closed: transactions `first_seq..=last_seq` are in it.
    Block {
        /// Number.
        number: u64,
        /// First transaction.
        first_seq: u64,
        /// Last transaction.
        last_seq: u64,
        /// Transactions.
        tx_count: u64,
        /// State root after it.
        state_root: String,
    },
    /// A batch was sealed: transactions `first_seq..=last_seq` are in it.
    Batch {
        /// Number.
        number: u64,
        /// First transaction.
        first_seq: u64,
        /// Last transaction.
        last_seq: u64,
        /// Real transactions.
        tx_count: u64,
        /// State root after it.
        new_state_root: String,
        /// Public input of its proof.
        commitment: String,
    },
}
