//! Typed rows of the sequencer's tables, as the DAL reads and writes them.

use sqlx::FromRow;

/// The stored genesis.
#[derive(Debug, Clone, FromRow)]
pub struct StoredGenesis {
    /// The genesis file's JSON.
    pub genesis: String,
    /// Its state root (0x-hex, big-endian).
    pub state_root: String,
}

/// An accepted transaction to insert.
#[derive(Debug, Clone)]
pub struct NewTransaction {
    /// Global sequence number.
    pub seq: i64,
    /// Transaction hash (32 bytes).
    pub hash: Vec<u8>,
    /// The transaction's JSON.
    pub tx_json: String,
    /// L1 priority serial id (deposits).
    pub priority_id: Option<i64>,
    /// Reception time, ms since the Unix epoch.
    pub received_at_ms: i64,
    /// The block it is placed in.
    pub block_number: i64,
    /// The batch it is placed in.
    pub batch_number: i64,
}

/// A transaction as replayed at start-up.
#[derive(Debug, Clone, FromRow)]
pub struct ReplayTransaction {
    /// Global sequence number.
    pub seq: i64,
    /// The transaction's JSON.
    pub tx: String,
    /// L1 priority serial id (deposits).
    pub priority_id: Option<i64>,
    /// The block it was placed in.
    pub block_number: i64,
    /// The batch it was placed in.
    pub batch_number: i64,
}

/// A transaction with what has happened to its block and batch since.
#[derive(Debug, Clone, FromRow)]
pub struct TransactionStatusRow {
    /// Global sequence number.
    pub seq: i64,
    /// Transaction hash.
    pub hash: Vec<u8>,
    /// The transaction's JSON.
    pub tx: String,
    /// Reception time, ms since the Unix epoch.
    pub received_at_ms: i64,
    /// Its block.
    pub block_number: i64,
    /// Its batch.
    pub batch_number: i64,
    /// Whether the block is closed.
    pub block_closed: bool,
    /// Whether the batch is sealed.
    pub batch_sealed: bool,
    /// Whether the batch is settled on L1 (executed by the Rollup contract).
    pub settled: bool,
    /// The `executeBatch` transaction that settled it (0x-hex), when known.
    pub settle_tx_hash: Option<String>,
    /// The batch's proof job status, once sealed.
    pub proof_status: Option<String>,
}

/// A closed block.
#[derive(Debug, Clone, FromRow)]
pub struct BlockRow {
    /// Block number (from 1).
    pub number: i64,
    /// First transaction.
    pub first_seq: i64,
    /// Last transaction.
    pub last_seq: i64,
    /// Transactions in the block.
    pub tx_count: i32,
    /// State root after the block's last transaction (0x-hex).
    pub state_root: String,
    /// Closing time, ms since the Unix epoch.
    pub created_at_ms: i64,
}

/// A batch to insert.
#[derive(Debug, Clone)]
pub struct NewBatch {
    /// Batch number (from 1).
    pub number: i64,
    /// First transaction.
    pub first_seq: i64,
    /// Last transaction.
    pub last_seq: i64,
    /// Real transactions.
    pub tx_count: i32,
    /// Slots (transactions plus Noop padding).
    pub slots: i32,
    /// Leading transfer slots (the circuit's layout).
    pub transfer_slots: i32,
    /// First block.
    pub first_block: i64,
    /// Last block.
    pub last_block: i64,
    /// State root before (0x-hex).
    pub old_state_root: String,
    /// State root after (0x-hex).
    pub new_state_root: String,
    /// The public input (0x-hex).
    pub commitment: String,
    /// Published data.
    pub pubdata: Vec<u8>,
    /// Deposits consumed.
    pub priority_ops: i32,
    /// The SealedBatch JSON (the prover's witness).
    pub witness_json: String,
}

/// A sealed batch, without its witness.
#[derive(Debug, Clone, FromRow)]
pub struct BatchRow {
    /// Batch number.
    pub number: i64,
    /// First transaction.
    pub first_seq: i64,
    /// Last transaction.
    pub last_seq: i64,
    /// Real transactions.
    pub tx_count: i32,
    /// Slots.
    pub slots: i32,
    /// First block.
    pub first_block: i64,
    /// Last block.
    pub last_block: i64,
    /// State root before.
    pub old_state_root: String,
    /// State root after.
    pub new_state_root: String,
    /// The public input.
    pub commitment: String,
    /// Published data.
    pub pubdata: Vec<u8>,
    /// Deposits consumed.
    pub priority_ops: i32,
    /// Batch status column.
    pub status: String,
    /// Whether L1 has executed it.
    pub settled: bool,
    /// The proof job's status.
    pub proof_status: Option<String>,
    /// Sealing time, ms since the Unix epoch.
    pub created_at_ms: i64,
}

/// Where a stored batch starts and ends, for the replay.
#[derive(Debug, Clone, FromRow)]
pub struct BatchBoundary {
    /// Batch number.
    pub number: i64,
    /// First transaction.
    pub first_seq: i64,
    /// Last transaction.
    pub last_seq: i64,
    /// Slots.
    pub slots: i32,
    /// Leading transfer slots.
    pub transfer_slots: i32,
    /// Last block.
    pub last_block: i64,
    /// Root before.
    pub old_state_root: String,
    /// Root after.
    pub new_state_root: String,
}

/// Heights of the chain as stored.
#[derive(Debug, Clone, Default, FromRow)]
pub struct Heights {
    /// Last closed block.
    pub last_block: Option<i64>,
    /// Last sealed batch.
    pub last_batch: Option<i64>,
    /// Highest batch whose proof is stored (the fleet's `done` job; not yet checked by L1).
    pub proven: Option<i64>,
    /// Highest batch whose proof L1 verified (`proveBatch` included).
    pub verified: Option<i64>,
    /// Highest batch settled on L1.
    pub settled: Option<i64>,
}

/// A batch's proof job, as settlement reads it.
#[derive(Debug, Clone, FromRow)]
pub struct ProofJobState {
    /// `queued`, `in_progress`, `done` or `failed`.
    pub status: String,
    /// Claims so far.
    pub attempts: i32,
    /// The last worker to claim it.
    pub picked_by: Option<String>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// For a failed job: whether its back-off has passed.
    pub retry_due: Option<bool>,
}

/// What the settlement task needs of a sealed batch to commit and execute it on L1.
#[derive(Debug, Clone, FromRow)]
pub struct SettlementBatch {
    /// Batch number.
    pub number: i64,
    /// Root before (0x-hex): must equal the root L1 stored for the previous batch.
    pub old_state_root: String,
    /// Root after (0x-hex).
    pub new_state_root: String,
    /// The pubdata `commitBatch` publishes.
    pub pubdata: Vec<u8>,
}

/// An L1 transaction that moved a batch forward (`l1_batch_txs`).
#[derive(Debug, Clone, FromRow)]
pub struct L1BatchTx {
    /// Batch number.
    pub batch_number: i64,
    /// `commit`, `prove` or `execute`.
    pub action: String,
    /// 0x-hex transaction hash.
    pub tx_hash: String,
    /// L1 block of inclusion.
    pub l1_block: i64,
    /// Gas the receipt reports.
    pub gas_used: i64,
    /// Calldata size in bytes.
    pub calldata_bytes: i32,
}
