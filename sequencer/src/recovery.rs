//! Start-up: the genesis (stored at first start, checked afterwards) and the replay that
//! rebuilds the exact acknowledged state from Postgres.
//!
//! Accepted transactions are replayed in `seq` order with `apply_preverified` (they were
//! verified before they were accepted). Every transaction row holds its block and batch
//! numbers, so blocks are closed and batches re-sealed at exactly the boundaries the
//! sequencer chose, whether or not the witness thread had stored their rows before a crash:
//! a stored row's roots must equal the re-sealed ones, and a missing row is written here. The
//! open block and the open batch continue where they stopped. The same routine rebuilds the
//! state after a failed database write.

use std::time::Instant;

use circuits::batch::SlotLayout;
use circuits::genesis::{Genesis, GenesisError};
use circuits::state::{Ledger, State};
use circuits::tx::Tx;

use crate::dal::models::{BatchBoundary, BlockRow};
use crate::dal::{Dal, DalError, StorageExt};
use crate::shared::{now_ms, SealedSnapshot};
use crate::types::fr_hex;
use crate::witness::{self, BlockMeta, Record, SealMeta, Sealed, Witnesser};

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OpenBlock {
    /// Its number.
    pub number: u64,
    /// Its first transaction, once it has one.
    pub first_seq: Option<u64>,
    /// Transactions in it.
    pub tx_count: u64,
}

/// The batch being filled.
#[derive(Debug, Clone, Default)]
pub struct OpenBatch {
    /// Its number.
    pub number: u64,
    /// Transactions in it.
    pub tx_count: usize,
    /// Its first transaction, once it has one.
    pub first_seq: Option<u64>,
    /// Its first block.
    pub first_block: u64,
    /// When its first transaction arrived (start of the deadline).
    pub opened_at: Option<Instant>,
    /// Slots taken: its transactions and the transfer slots they skipped.
    pub slots_used: usize,
}

/// Where the chain stands: what the next transaction, block and batch are.
#[derive(Debug, Clone, Default)]
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
    /// The Merkle state after every accepted transaction.
    pub state: State,
    /// The same, as a ledger.
    pub ledger: Ledger,
    /// The position.
    pub position: Position,
    /// The open batch's witnesses.
    pub witnesser: Witnesser,
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

/// Replay bookkeeping: the open block and batch as the pipeline had them.
struct Replay {
    state: State,
    witnesser: Witnesser,
    block: OpenBlock,
    batch: OpenBatch,
    layout: SlotLayout,
    /// Stored batch rows, by number order.
    boundaries: Vec<BatchBoundary>,
    /// The highest stored block.
    stored_block: u64,
    /// Rows the witness thread had not stored.
    missing: Vec<Record>,
    snapshot: Option<SealedSnapshot>,
    /// The batch whose sealed state is kept as the snapshot.
    snapshot_batch: u64,
}

impl Replay {
    /// Batch `number`'s layout: the stored one, or the configured one for a batch not sealed yet.
    fn layout(&self, number: u64) -> SlotLayout {
        self.boundaries.iter().find(|b| b.number as u64 == number).map_or(self.layout, |b| SlotLayout {
            slots: (b.slots as usize).max(1),
            transfer_slots: b.transfer_slots as usize,
        })
    }

    fn close_block(&mut self) -> Result<Option<BlockRow>, RecoveryError> {
        let Some(first_seq) = self.block.first_seq else {
            return Ok(None);
        };
        let meta =
            BlockMeta { number: self.block.number, first_seq, tx_count: self.block.tx_count, created_at_ms: now_ms() };
        self.block = OpenBlock { number: meta.number + 1, first_seq: None, tx_count: 0 };
        let row = self.witnesser.close_block(&self.state, meta);
        Ok((meta.number > self.stored_block).then_some(row))
    }

    fn seal(&mut self) -> Result<(), RecoveryError> {
        let block = self.close_block()?;
        let number = self.batch.number;
        let first_seq = self.batch.first_seq.ok_or_else(|| corrupt(format!("batch {number} has no transaction")))?;
        let meta = SealMeta {
            number,
            first_seq,
            tx_count: self.batch.tx_count as u64,
            first_block: self.batch.first_block,
            last_block: self.block.number - 1,
            block: None,
            next_layout: self.layout(number + 1),
        };
        let (_, sealed) = self.witnesser.seal(&mut self.state, meta);
        let (old_root, new_root) =
            (fr_hex(&sealed.roots_before.state_root()), fr_hex(&sealed.roots_after.state_root()));
        match self.boundaries.iter().find(|b| b.number as u64 == number) {
            Some(boundary) => {
                if boundary.first_seq as u64 != first_seq || boundary.last_seq as u64 != first_seq + meta.tx_count - 1 {
                    return Err(corrupt(format!("batch {number} does not hold the transactions that name it")));
                }
                if old_root != boundary.old_state_root || new_root != boundary.new_state_root {
                    return Err(corrupt(format!(
                        "batch {number} re-seals to roots {old_root} -> {new_root}, stored {} -> {}",
                        boundary.old_state_root, boundary.new_state_root
                    )));
                }
                if let Some(block) = block {
                    self.missing.push(Record::Block(block));
                }
            }
            None => {
                let row = witness::batch_row(&meta, &sealed);
                self.missing.push(Record::Batch(Box::new(Sealed {
                    block,
                    row,
                    number,
                    first_seq,
                    tx_count: meta.tx_count,
                    new_state_root: new_root,
                    commitment: fr_hex(&sealed.commitment()),
                    snapshot: None,
                })));
            }
        }
        if number == self.snapshot_batch {
            self.snapshot = Some(SealedSnapshot { batch: number, state: self.state.clone() });
        }
        self.batch = OpenBatch {
            number: number + 1,
            tx_count: 0,
            first_seq: None,
            first_block: self.block.number,
            opened_at: None,
            slots_used: 0,
        };
        Ok(())
    }
}

/// Rebuilds the state and position from the database, and writes the block and batch rows
/// the witness thread had not stored.
pub async fn recover(dal: &Dal, genesis: &Genesis, layout: SlotLayout) -> Result<Recovered, RecoveryError> {
    let started = Instant::now();
    let mut conn = dal.acquire().await?;
    let boundaries = conn.batches_dal().boundaries().await?;
    let last_block_row = conn.blocks_dal().last().await?;
    let last_tx_batch = conn.transactions_dal().last_batch_number().await?.unwrap_or(0) as u64;
    let state = genesis.build()?;
    let stored_batch = boundaries.last().map_or(0, |b| b.number as u64);
    let mut replay = Replay {
        witnesser: Witnesser::new(1, SlotLayout::general(1), &state),
        state,
        block: OpenBlock { number: 1, first_seq: None, tx_count: 0 },
        batch: OpenBatch { number: 1, tx_count: 0, first_seq: None, first_block: 1, opened_at: None, slots_used: 0 },
        layout,
        boundaries,
        stored_block: last_block_row.as_ref().map_or(0, |b| b.number as u64),
        missing: Vec::new(),
        snapshot: None,
        // The last sealed batch: the transactions' last batch if its row exists, else the one before.
        snapshot_batch: if stored_batch >= last_tx_batch { last_tx_batch } else { last_tx_batch.saturating_sub(1) },
    };
    replay.witnesser = Witnesser::new(1, replay.layout(1), &replay.state);
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
            let (block, batch) = (row.block_number as u64, row.batch_number as u64);
            if batch != replay.batch.number {
                if batch != replay.batch.number + 1 || replay.batch.first_seq.is_none() {
                    return Err(corrupt(format!(
                        "transaction {} is in batch {batch} after batch {}",
                        row.seq, replay.batch.number
                    )));
                }
                replay.seal()?;
            }
            if block != replay.block.number {
                if block != replay.block.number + 1 {
                    return Err(corrupt(format!(
                        "transaction {} is in block {block} after block {}",
                        row.seq, replay.block.number
                    )));
                }
                if let Some(block) = replay.close_block()? {
                    replay.missing.push(Record::Block(block));
                }
                if block != replay.block.number {
                    return Err(corrupt(format!("block {} before transaction {} is empty", block - 1, row.seq)));
                }
            }
            let tx: Tx = serde_json::from_str(&row.tx)
                .map_err(|e| corrupt(format!("transaction {} does not parse: {e}", row.seq)))?;
            if let Some(id) = row.priority_id {
                next_priority_id = next_priority_id.max(id as u64 + 1);
            }
            if !replay.witnesser.fits(tx.tx_type()) {
                return Err(corrupt(format!(
                    "open batch {} holds more transactions than {:?} allows; \
                     restart with the previous --batch-slots and --transfer-slots",
                    replay.batch.number, layout
                )));
            }
            let message = tx.signing_message(genesis.config.chain_id).ok().flatten();
            replay
                .witnesser
                .tx(&mut replay.state, &tx, message)
                .map_err(|e| corrupt(format!("transaction {} no longer applies: {e}", row.seq)))?;
            replay.block.first_seq.get_or_insert(next_seq);
            replay.block.tx_count += 1;
            replay.batch.first_seq.get_or_insert(next_seq);
            replay.batch.tx_count += 1;
            next_seq += 1;
        }
    }
    // The open batch was sealed (or its block closed) and stored, with no transaction after it.
    if replay.boundaries.iter().any(|b| b.number as u64 == replay.batch.number) {
        replay.seal()?;
    } else if replay.stored_block >= replay.block.number && replay.block.first_seq.is_some() {
        replay.close_block()?;
    }
    if let Some(extra) = replay.boundaries.iter().find(|b| b.number as u64 >= replay.batch.number) {
        return Err(corrupt(format!(
            "batch {} ends at transaction {} which is not stored",
            extra.number, extra.last_seq
        )));
    }
    let written = replay.missing.len();
    witness::store(dal, &replay.missing).await?;

    let Replay { state, witnesser, block, batch, snapshot, .. } = replay;
    let last_batch = batch.number - 1;
    let last_block = block.number - 1;
    let position = Position {
        next_seq,
        next_priority_id,
        block,
        batch: OpenBatch {
            opened_at: batch.first_seq.map(|_| Instant::now()),
            slots_used: witnesser.open_len(),
            ..batch
        },
    };
    tracing::info!(
        transactions = next_seq,
        last_block,
        last_batch,
        rows_written = written,
        state_root = %fr_hex(&state.root()),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "recovered the state from the database"
    );
    let ledger = Ledger::from_state(&state);
    Ok(Recovered { state, ledger, position, witnesser, snapshot, last_block, last_batch })
}
