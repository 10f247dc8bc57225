//! Start-up: the genesis (stored at first start, checked afterwards) and the replay that
//! rebuilds the exact acknowledged state from Postgres.
//!
//! Accepted transactions are replayed in `seq` order with `apply_preverified` (they were
//! verified before they were accepted), and batches are re-sealed at exactly the recorded
//! boundaries; each re-sealed batch's roots must equal the stored ones. The open block and the
//! open batch continue where they stopped. The same routine rebuilds the state after a failed
//! database write.

use std::time::Instant;

use circuits::batch::BatchBuilder;
use circuits::genesis::{Genesis, GenesisError};
use circuits::state::State;
use circuits::tx::Tx;

use crate::dal::{Dal, DalError, StorageExt};
use crate::shared::SealedSnapshot;
use crate::types::fr_hex;

/// Transactions read per replay query.
const REPLAY_PAGE: i64 = 10_000;

/// Why the sequencer cannot start (or rebuild).
#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    /// The database failed.
    #[error(transparent)]
    Dal(#[from] DalError),
    /// First start without a genesis file.
    #[error("the database holds no genesis yet: pass --genesis PATH on the first start")]
    NoGenesis,
    /// The genesis file differs from the stored one.
    #[error("the genesis file differs from the genesis this database was started with")]
    GenesisMismatch,
    /// The genesis does not describe a valid state.
    #[error("invalid genesis: {0}")]
    BadGenesis(#[from] GenesisError),
    /// The stored data contradicts itself.
    #[error("stored chain is inconsistent: {0}")]
    Corrupt(String),
}

/// The block being filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenBlock {
    /// Its number.
    pub number: u64,
    /// Its first transaction, once it has one.
    pub first_seq: Option<u64>,
    /// Transactions in it.
    pub tx_count: u64,
}

/// The batch being filled.
#[derive(Debug, Clone)]
pub struct OpenBatch {
    /// Its number.
    pub number: u64,
    /// Its slots.
    pub builder: BatchBuilder,
    /// Its first transaction, once it has one.
    pub first_seq: Option<u64>,
    /// Its first block.
    pub first_block: u64,
    /// When its first transaction arrived (start of the deadline).
    pub opened_at: Option<Instant>,
}

/// Where the chain stands: what the next transaction, block and batch are.
#[derive(Debug, Clone)]
pub struct Position {
    /// Sequence number of the next accepted transaction.
    pub next_seq: u64,
    /// Lowest priority serial id still accepted.
    pub next_priority_id: u64,
    /// The open block.
    pub block: OpenBlock,
    /// The open batch.
    pub batch: OpenBatch,
}

/// The rebuilt state and position.
#[derive(Debug)]
pub struct Recovered {
    /// The state after every accepted transaction.
    pub state: State,
    /// The position.
    pub position: Position,
    /// The state as of the last sealed batch.
    pub snapshot: Option<SealedSnapshot>,
    /// Last closed block (0: none).
    pub last_block: u64,
    /// Last sealed batch (0: none).
    pub last_batch: u64,
}

/// Loads the stored genesis, or stores `file` at first start. A given file must equal the
/// stored genesis. Returns the genesis and its state root.
pub async fn load_genesis(dal: &Dal, file: Option<Genesis>) -> Result<(Genesis, String), RecoveryError> {
    let mut conn = dal.acquire().await?;
    match (conn.genesis_dal().get().await?, file) {
        (Some(stored), file) => {
            let genesis: Genesis = serde_json::from_str(&stored.genesis)
                .map_err(|e| RecoveryError::Corrupt(format!("stored genesis does not parse: {e}")))?;
            if file.is_some_and(|file| file != genesis) {
                return Err(RecoveryError::GenesisMismatch);
            }
            Ok((genesis, stored.state_root))
        }
        (None, Some(genesis)) => {
            let root = fr_hex(&genesis.build()?.root());
            let json = serde_json::to_string(&genesis).expect("genesis serialises");
            conn.genesis_dal().insert(&json, &root).await?;
            tracing::info!(state_root = %root, "stored the genesis");
            Ok((genesis, root))
        }
        (None, None) => Err(RecoveryError::NoGenesis),
    }
}

fn corrupt(what: String) -> RecoveryError {
    RecoveryError::Corrupt(what)
}

/// Rebuilds the state and position from the database.
pub async fn recover(dal: &Dal, genesis: &Genesis, batch_slots: usize) -> Result<Recovered, RecoveryError> {
    let started = Instant::now();
    let mut conn = dal.acquire().await?;
    let boundaries = conn.batches_dal().boundaries().await?;
    let last_block_row = conn.blocks_dal().last().await?;
    let mut state = genesis.build()?;
    let mut snapshot = None;

    let mut next_boundary = boundaries.iter().peekable();
    let batch_capacity = |slots: usize| slots.max(1);
    let first_slots = next_boundary.peek().map_or(batch_slots, |b| b.slots as usize);
    let mut batch_number = 1u64;
    let mut builder = BatchBuilder::new(batch_number, batch_capacity(first_slots), &state);
    let mut batch_first_seq: Option<u64> = None;
    let mut next_seq = 0u64;
    let mut next_priority_id = 0u64;

    loop {
        let page = conn.transactions_dal().replay_page(next_seq as i64, REPLAY_PAGE).await?;
        if page.is_empty() {
            break;
        }
        for row in page {
            if row.seq as u64 != next_seq {
                return Err(corrupt(format!("transaction seq {} follows {}", row.seq, next_seq as i64 - 1)));
            }
            let tx: Tx = serde_json::from_str(&row.tx)
                .map_err(|e| corrupt(format!("transaction {} does not parse: {e}", row.seq)))?;
            let applied = state
                .apply_preverified(&tx)
                .map_err(|e| corrupt(format!("transaction {} no longer applies: {e}", row.seq)))?;
            if let Some(id) = row.priority_id {
                next_priority_id = next_priority_id.max(id as u64 + 1);
            }
            if builder.is_full() {
                return Err(corrupt(format!(
                    "open batch {batch_number} holds more transactions than --batch-slots {batch_slots} allows; \
                     restart with the previous --batch-slots"
                )));
            }
            builder.push(applied);
            batch_first_seq.get_or_insert(next_seq);
            if next_boundary.peek().is_some_and(|b| b.last_seq == row.seq) {
                let boundary = next_boundary.next().expect("peeked");
                if boundary.number as u64 != batch_number || boundary.first_seq as u64 != batch_first_seq.unwrap_or(0) {
                    return Err(corrupt(format!(
                        "batch {} does not start where batch {batch_number} should",
                        boundary.number
                    )));
                }
                let sealed = std::mem::replace(&mut builder, BatchBuilder::new(0, 1, &state)).seal(&mut state);
                let (old_root, new_root) =
                    (fr_hex(&sealed.roots_before.state_root()), fr_hex(&sealed.roots_after.state_root()));
                if old_root != boundary.old_state_root || new_root != boundary.new_state_root {
                    return Err(corrupt(format!(
                        "batch {batch_number} re-seals to roots {old_root} -> {new_root}, stored {} -> {}",
                        boundary.old_state_root, boundary.new_state_root
                    )));
                }
                if next_boundary.peek().is_none() {
                    snapshot = Some(SealedSnapshot { batch: batch_number, state: state.clone() });
                }
                batch_number += 1;
                let slots = next_boundary.peek().map_or(batch_slots, |b| b.slots as usize);
                builder = BatchBuilder::new(batch_number, batch_capacity(slots), &state);
                batch_first_seq = None;
            }
            next_seq += 1;
        }
    }
    if let Some(missing) = next_boundary.next() {
        return Err(corrupt(format!(
            "batch {} ends at transaction {} which is not stored",
            missing.number, missing.last_seq
        )));
    }

    let last_batch = batch_number - 1;
    let last_block = last_block_row.as_ref().map_or(0, |b| b.number as u64);
    let block_start = last_block_row.as_ref().map_or(0, |b| b.last_seq as u64 + 1);
    let last_batch_last_block = boundaries.last().map_or(0, |b| b.last_block as u64);
    let position = Position {
        next_seq,
        next_priority_id,
        block: OpenBlock {
            number: last_block + 1,
            first_seq: (next_seq > block_start).then_some(block_start),
            tx_count: next_seq.saturating_sub(block_start),
        },
        batch: OpenBatch {
            number: batch_number,
            opened_at: batch_first_seq.map(|_| Instant::now()),
            first_seq: batch_first_seq,
            first_block: last_batch_last_block + 1,
            builder,
        },
    };
    tracing::info!(
        transactions = next_seq,
        last_block,
        last_batch,
        state_root = %fr_hex(&state.root()),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "recovered the state from the database"
    );
    Ok(Recovered { state, position, snapshot, last_block, last_batch })
}
