//! Witnessing, off the acknowledgement path.
//!
//! The pipeline acknowledges a transaction once the ledger (every rule, no Merkle tree) has
//! accepted it and Postgres holds it. After each group commit it sends the group's
//! transactions, block closes and batch seals, in order, to the witness thread, which replays
//! them on the Merkle [`State`] with [`State::apply_preverified_with_message`] (the same rules:
//! a transaction the ledger accepted is accepted here), builds the batch witnesses, and hands
//! the block rows (with their state roots) and sealed batches to the writer task. The writer
//! stores them with their proof jobs and only then publishes them (heights, events, the sealed
//! snapshot). Block and batch rows therefore appear after their transactions are acknowledged;
//! until then the API reports the transactions as pending, never a root that is not computed.
//!
//! The jobs wait in an unbounded queue whose transactions are bounded: past `queue`
//! transactions in memory, the pipeline queues [`Job::Stored`] ranges instead, and the witness
//! thread reads those transactions back from Postgres, where the commit already put them. So
//! acknowledgements never wait for witnessing, however far it falls behind under sustained
//! load, and memory stays flat (a range per group, a job per block and batch); the backlog
//! lives in the database and is witnessed when the cores have time.
//!
//! Transactions carry their block and batch numbers in Postgres, so a crash between a group
//! commit and the writer loses nothing: recovery re-seals at those boundaries and writes the
//! missing rows ([`crate::recovery`]), using the same [`Witnesser`].

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use circuits::batch::{BatchBuilder, SealedBatch, SlotLayout};
use circuits::field::Fr;
use circuits::state::State;
use circuits::transition::{check_expiry, TxError};
use circuits::tx::{Tx, TxType};
use tokio::runtime::Handle;
use tokio::sync::{broadcast, mpsc};
use tokio::task::JoinHandle;

use crate::dal::models::{BlockRow, NewBatch};
use crate::dal::{Dal, DalResult, StorageExt};
use crate::metrics::{Metrics, Stage};
use crate::shared::{SealedSnapshot, Shared};
use crate::types::{fr_hex, Event};

/// A block the pipeline closed: its range, without the root (computed here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockMeta {
    /// Its number.
    pub number: u64,
    /// First transaction.
    pub first_seq: u64,
    /// Transactions in it.
    pub tx_count: u64,
    /// When it was closed.
    pub created_at_ms: i64,
}

/// A batch the pipeline sealed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SealMeta {
    /// Its number.
    pub number: u64,
    /// First transaction.
    pub first_seq: u64,
    /// Real transactions in it.
    pub tx_count: u64,
    /// First block.
    pub first_block: u64,
    /// Last block.
    pub last_block: u64,
    /// The block closed with it, if its last block had transactions.
    pub block: Option<BlockMeta>,
    /// Slots of the batch that follows it.
    pub next_layout: SlotLayout,
}

/// One step for the witness thread, in acceptance order.
#[derive(Debug)]
pub enum Job {
    /// An accepted transaction with its signing message (`None` for deposits).
    Tx {
        /// Its sequence number.
        seq: u64,
        /// The transaction.
        tx: Box<Tx>,
        /// Its signing message.
        message: Option<Fr>,
    },
    /// `count` accepted transactions from `from_seq` on, to read back from Postgres (queued
    /// instead of [`Job::Tx`] while the queue holds its limit of transactions).
    Stored {
        /// The first one.
        from_seq: u64,
        /// How many.
        count: u64,
    },
    /// A block closed by the block timer.
    CloseBlock(BlockMeta),
    /// A sealed batch.
    Seal(SealMeta),
}

/// A sealed batch ready to store.
#[derive(Debug)]
pub struct Sealed {
    /// The block closed with it.
    pub block: Option<BlockRow>,
    /// The batch row (witness JSON included).
    pub row: NewBatch,
    /// Its number.
    pub number: u64,
    /// Its range.
    pub first_seq: u64,
    /// Real transactions.
    pub tx_count: u64,
    /// New state root (hex).
    pub new_state_root: String,
    /// Commitment (hex).
    pub commitment: String,
    /// The state right after it, for proofs against its root (taken at most about once a second
    /// while the witness thread is behind).
    pub snapshot: Option<Arc<SealedSnapshot>>,
}

/// A row the writer stores.
#[derive(Debug)]
pub enum Record {
    /// A block closed by the timer.
    Block(BlockRow),
    /// A sealed batch (and the block closed with it).
    Batch(Box<Sealed>),
}

fn block_row(meta: BlockMeta, state: &State) -> BlockRow {
    BlockRow {
        number: meta.number as i64,
        first_seq: meta.first_seq as i64,
        last_seq: (meta.first_seq + meta.tx_count - 1) as i64,
        tx_count: meta.tx_count as i32,
        state_root: fr_hex(&state.root()),
        created_at_ms: meta.created_at_ms,
    }
}

/// The Merkle side of the chain: the open batch's witnesses. Used by the witness thread and by
/// recovery, so both build batches the same way.
#[derive(Debug)]
pub struct Witnesser {
    builder: BatchBuilder,
}

impl Witnesser {
    /// Opens batch `number` with `layout` on `state`.
    pub fn new(number: u64, layout: SlotLayout, state: &State) -> Self {
        Self { builder: BatchBuilder::with_layout(number, layout, state) }
    }

    /// Transactions in the open batch.
    pub fn open_len(&self) -> usize {
        self.builder.len()
    }

    /// Whether an operation of `tx_type` still has a slot in the open batch.
    pub fn fits(&self, tx_type: TxType) -> bool {
        self.builder.fits(tx_type)
    }

    /// Applies an accepted transaction to the state and records its witness. The pipeline
    /// accepted it into this same batch only within its expiry, so [`check_expiry`] fails here
    /// only on a stored chain that contradicts itself; it is checked anyway, because
    /// [`BatchBuilder::push`] panics on an expired transaction.
    pub fn tx(&mut self, state: &mut State, tx: &Tx, message: Option<Fr>) -> Result<(), TxError> {
        check_expiry(tx, self.builder.number())?;
        let applied = state.apply_preverified_with_message(tx, message)?;
        self.builder.push(applied);
        Ok(())
    }

    /// The row of a block closed now (root: the state after its last transaction).
    pub fn close_block(&self, state: &State, meta: BlockMeta) -> BlockRow {
        block_row(meta, state)
    }

    /// Closes the batch's last block (root before the fee credit), pads, credits the fees and
    /// seals; starts the next batch.
    pub fn seal(&mut self, state: &mut State, meta: SealMeta) -> (Option<BlockRow>, SealedBatch) {
        let block = meta.block.map(|block| block_row(block, state));
        let builder = std::mem::replace(&mut self.builder, BatchBuilder::new(0, 1, state));
        let sealed = builder.seal(state);
        // The next batch starts on the state after the fee credit.
        self.builder = BatchBuilder::with_layout(meta.number + 1, meta.next_layout, state);
        (block, sealed)
    }
}

/// The batch row of a sealed batch.
pub fn batch_row(meta: &SealMeta, batch: &SealedBatch) -> NewBatch {
    NewBatch {
        number: batch.number as i64,
        first_seq: meta.first_seq as i64,
        last_seq: (meta.first_seq + meta.tx_count - 1) as i64,
        tx_count: meta.tx_count as i32,
        slots: batch.slots.len() as i32,
        transfer_slots: batch.transfer_slots as i32,
        first_block: meta.first_block as i64,
        last_block: meta.last_block as i64,
        old_state_root: fr_hex(&batch.roots_before.state_root()),
        new_state_root: fr_hex(&batch.roots_after.state_root()),
        commitment: fr_hex(&batch.commitment()),
        pubdata: batch.pubdata.clone(),
        priority_ops: batch.priority_ops as i32,
        witness_json: serde_json::to_string(batch).expect("sealed batches serialise"),
    }
}

/// Writes block and batch rows (with proof jobs) in one database transaction.
pub async fn store(dal: &Dal, records: &[Record]) -> DalResult<()> {
    if records.is_empty() {
        return Ok(());
    }
    let mut db = dal.begin().await?;
    for record in records {
        match record {
            Record::Block(block) => db.blocks_dal().insert(block).await?,
            Record::Batch(sealed) => {
                if let Some(block) = &sealed.block {
                    db.blocks_dal().insert(block).await?;
                }
                db.batches_dal().insert(&sealed.row).await?;
                db.proof_jobs_dal().insert_queued(sealed.row.number).await?;
            }
        }
    }
    Dal::commit(db).await
}

/// The pipeline's side of the witness thread and the writer.
#[derive(Debug)]
pub struct WitnessHandle {
    jobs: mpsc::UnboundedSender<Job>,
    /// [`Job::Tx`] jobs queued and not yet taken by the witness thread.
    in_memory: Arc<AtomicUsize>,
    /// Most [`Job::Tx`] jobs kept in memory.
    capacity: usize,
    /// Tells the witness thread to stop before its next job.
    stopping: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
    writer: JoinHandle<()>,
}

/// Context of the witness thread and writer.
pub struct WitnessContext {
    /// The database.
    pub dal: Dal,
    /// The shared view (the Merkle state lives there).
    pub shared: Arc<Shared>,
    /// Events.
    pub events: broadcast::Sender<Event>,
    /// Metrics.
    pub metrics: Arc<Metrics>,
}

/// Starts the witness thread on the open batch and the writer task (call it inside the tokio
/// runtime: the thread reads spilled transactions through it). At most `queue` transactions
/// wait in memory; the rest are read back from Postgres (see the module doc). The thread runs
/// at `priority`, below the pipeline and the API (see [`lower_this_threads_priority`]).
pub fn spawn(context: WitnessContext, witnesser: Witnesser, queue: usize, priority: WitnessPriority) -> WitnessHandle {
    let (jobs, receiver) = mpsc::unbounded_channel();
    let (records, written) = mpsc::unbounded_channel();
    let in_memory = Arc::new(AtomicUsize::new(0));
    let stopping = Arc::new(AtomicBool::new(false));
    let WitnessContext { dal, shared, events, metrics } = context;
    let thread = {
        let source = Source { dal: dal.clone(), runtime: Handle::current(), chain_id: shared.chain_id };
        let queue = Queue { jobs: receiver, in_memory: in_memory.clone(), stopping: stopping.clone() };
        let (shared, metrics) = (shared.clone(), metrics.clone());
        std::thread::Builder::new()
            .name("witness".into())
            .spawn(move || {
                lower_this_threads_priority(priority);
                witness_loop(witnesser, queue, source, records, shared, metrics)
            })
            .expect("spawn the witness thread")
    };
    let writer = tokio::spawn(writer_loop(dal, written, shared, events, metrics));
    WitnessHandle { jobs, in_memory, capacity: queue.max(1), stopping, thread: Some(thread), writer }
}

impl WitnessHandle {
    /// Queues committed jobs, in order, without waiting: transactions beyond the in-memory
    /// limit go as [`Job::Stored`] ranges. `false` when the witness thread has stopped.
    pub fn send(&self, jobs: Vec<Job>) -> bool {
        let mut stored: Option<(u64, u64)> = None;
        let flush = |stored: &mut Option<(u64, u64)>| match stored.take() {
            Some((from_seq, count)) => self.jobs.send(Job::Stored { from_seq, count }).is_ok(),
            None => true,
        };
        for job in jobs {
            let job = match job {
                Job::Tx { seq, .. } if stored.is_some() || self.in_memory.load(Ordering::Acquire) >= self.capacity => {
                    match &mut stored {
                        Some((from_seq, count)) if *from_seq + *count == seq => *count += 1,
                        _ => {
                            if !flush(&mut stored) {
                                return false;
                            }
                            stored = Some((seq, 1));
                        }
                    }
                    continue;
                }
                Job::Tx { .. } => {
                    self.in_memory.fetch_add(1, Ordering::AcqRel);
                    job
                }
                other => {
                    if !flush(&mut stored) {
                        return false;
                    }
                    other
                }
            };
            if self.jobs.send(job).is_err() {
                return false;
            }
        }
        flush(&mut stored)
    }

    /// Stops the witness thread after its current job and lets the writer store the rows it
    /// was handed. The jobs left need no draining (it could take minutes after a burst): their
    /// transactions are in Postgres, and [`crate::recovery`] rebuilds and stores their block
    /// and batch rows, exactly as the witness thread would have.
    pub async fn stop(mut self) {
        let WitnessHandle { jobs, stopping, thread, writer, .. } = &mut self;
        stopping.store(true, Ordering::Release);
        drop(std::mem::replace(jobs, mpsc::unbounded_channel().0));
        if let Some(thread) = thread.take() {
            let _ = tokio::task::spawn_blocking(move || thread.join()).await;
        }
        let _ = writer.await;
    }
}

/// How the witness thread is scheduled beside the pipeline and the API (Linux; elsewhere it
/// keeps the process's priority).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WitnessPriority {
    /// `SCHED_IDLE`: the thread runs only on cores nothing else wants. Under load the
    /// acknowledgement path gets every cycle, and the bounded witness queue still stops it
    /// from running away: when the queue is full the pipeline waits and the cores go idle.
    Idle,
    /// A niceness of 1 to 19 under the normal policy: the thread still takes a share of a busy
    /// core (about 10% at niceness 10 against one busy thread).
    Nice(u8),
    /// The process's own priority.
    Normal,
}

impl std::str::FromStr for WitnessPriority {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "idle" => Ok(Self::Idle),
            "normal" => Ok(Self::Normal),
            _ => match text.parse::<u8>() {
                Ok(nice @ 1..=19) => Ok(Self::Nice(nice)),
                _ => Err(format!("expected idle, normal or a niceness 1..19, got {text:?}")),
            },
        }
    }
}

impl std::fmt::Display for WitnessPriority {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Idle => f.write_str("idle"),
            Self::Nice(nice) => write!(f, "{nice}"),
            Self::Normal => f.write_str("normal"),
        }
    }
}

/// Lowers the calling thread's scheduling priority to `priority`. Linux schedules threads on
/// their own, so this lowers only the witness thread: under load the pipeline gets the cores
/// and witnessing catches up when they are idle.
fn lower_this_threads_priority(priority: WitnessPriority) {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: plain system calls on the calling thread (id 0 / its own tid); the
        // `sched_param` lives on this stack for the duration of the call.
        #[allow(unsafe_code)]
        let result = unsafe {
            match priority {
                WitnessPriority::Normal => 0,
                WitnessPriority::Nice(nice) => {
                    libc::setpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t, i32::from(nice))
                }
                WitnessPriority::Idle => {
                    let param = libc::sched_param { sched_priority: 0 };
                    libc::sched_setscheduler(0, libc::SCHED_IDLE, &param)
                }
            }
        };
        if result != 0 {
            tracing::warn!(%priority, error = %std::io::Error::last_os_error(), "could not lower the witness thread's priority");
        }
    }
    #[cfg(not(target_os = "linux"))]
    tracing::debug!(%priority, "thread priorities are only set on Linux");
}

/// Snapshots of the sealed state are taken at least this far apart while jobs are queued.
const SNAPSHOT_INTERVAL: Duration = Duration::from_secs(1);

/// The witness thread's end of the job queue.
struct Queue {
    jobs: mpsc::UnboundedReceiver<Job>,
    /// Shared with [`WitnessHandle`]: taken [`Job::Tx`] jobs are counted off.
    in_memory: Arc<AtomicUsize>,
    /// Set by [`WitnessHandle::stop`].
    stopping: Arc<AtomicBool>,
}

impl Queue {
    /// The next job, or `None` once stopped or when the pipeline is gone.
    fn next(&mut self) -> Option<Job> {
        if self.stopped() {
            return None;
        }
        let job = self.jobs.blocking_recv()?;
        if matches!(job, Job::Tx { .. }) {
            self.in_memory.fetch_sub(1, Ordering::AcqRel);
        }
        (!self.stopped()).then_some(job)
    }

    fn stopped(&self) -> bool {
        self.stopping.load(Ordering::Acquire)
    }
}

/// Where [`Job::Stored`] transactions are read back from.
struct Source {
    dal: Dal,
    runtime: Handle,
    chain_id: u32,
}

/// Transactions read back per query.
const READ_BACK_PAGE: u64 = 4_096;

impl Source {
    /// The `count` transactions from `from_seq` on, with their signing messages. Retries
    /// while the database is down; an error means the stored chain contradicts itself.
    fn read(&self, from_seq: u64, count: u64, metrics: &Metrics) -> Result<Vec<(Tx, Option<Fr>)>, String> {
        let mut delay = Duration::from_millis(100);
        let rows = loop {
            let page = self.runtime.block_on(async {
                let mut conn = self.dal.acquire().await?;
                conn.transactions_dal().replay_page(from_seq as i64, count as i64).await
            });
            match page {
                Ok(rows) => break rows,
                Err(error) => {
                    tracing::error!(%error, from_seq, "reading accepted transactions back failed; retrying");
                    metrics.db_failures.fetch_add(1, Ordering::Relaxed);
                    std::thread::sleep(delay);
                    delay = (delay * 2).min(Duration::from_secs(5));
                }
            }
        };
        if rows.len() as u64 != count {
            return Err(format!("{count} transactions from {from_seq} on were committed, {} are stored", rows.len()));
        }
        rows.into_iter()
            .zip(from_seq..)
            .map(|(row, seq)| {
                if row.seq as u64 != seq {
                    return Err(format!("transaction {seq} is missing (found {})", row.seq));
                }
                let tx: Tx =
                    serde_json::from_str(&row.tx).map_err(|e| format!("transaction {seq} does not parse: {e}"))?;
                let message = tx.signing_message(self.chain_id).ok().flatten();
                Ok((tx, message))
            })
            .collect()
    }
}

/// Paces the witness thread while the verifier is saturated. Even under `SCHED_IDLE` the
/// thread runs in every short gap between the pipeline's wake-ups, and each time it evicts the
/// verifier's caches: with it running, a saturated sequencer acknowledged 21,467 and 21,915
/// transfers/s; with it held off, 25,303 and 26,873/s (BENCHMARKS.md, stop 13). So while the
/// verifier is busy for most of [`GATE_WINDOW`], the thread works for [`SLICE`] and then sleeps
/// for [`PAUSE`]: it keeps making progress, a tenth of its speed, and runs freely otherwise.
struct LoadGate {
    metrics: Arc<Metrics>,
    window_start: Instant,
    verify_busy_at_start: Duration,
    saturated: bool,
    slice_start: Instant,
}

/// How often the verifier's load is measured.
const GATE_WINDOW: Duration = Duration::from_secs(1);
/// The verifier's busy share above which it counts as saturated.
const SATURATED_SHARE: f64 = 0.7;
/// Work between pauses while the verifier is saturated.
const SLICE: Duration = Duration::from_millis(5);
/// The pause after each slice.
const PAUSE: Duration = Duration::from_millis(45);

impl LoadGate {
    fn new(metrics: Arc<Metrics>) -> Self {
        let now = Instant::now();
        let verify_busy_at_start = metrics.stage_time(Stage::Verify);
        Self { metrics, window_start: now, verify_busy_at_start, saturated: false, slice_start: now }
    }

    /// Called before each piece of work: sleeps once the slice is used while the verifier is
    /// saturated.
    fn pace(&mut self) {
        let now = Instant::now();
        let window = now - self.window_start;
        if window >= GATE_WINDOW {
            let busy = self.metrics.stage_time(Stage::Verify);
            let share = (busy.saturating_sub(self.verify_busy_at_start)).as_secs_f64() / window.as_secs_f64();
            self.saturated = share >= SATURATED_SHARE;
            (self.window_start, self.verify_busy_at_start) = (now, busy);
        }
        if !self.saturated {
            self.slice_start = now;
        } else if now - self.slice_start >= SLICE {
            std::thread::sleep(PAUSE);
            self.slice_start = Instant::now();
        }
    }
}

fn witness_loop(
    mut witnesser: Witnesser,
    mut queue: Queue,
    source: Source,
    records: mpsc::UnboundedSender<Record>,
    shared: Arc<Shared>,
    metrics: Arc<Metrics>,
) {
    let apply = |witnesser: &mut Witnesser, tx: &Tx, message: Option<Fr>| {
        let started = Instant::now();
        if let Err(error) = witnesser.tx(&mut shared.state_mut(), tx, message) {
            // The ledger accepted it under the same rules: this is a bug, and going on would
            // seal wrong batches. Stop witnessing; the pipeline notices.
            tracing::error!(%error, ?tx, "an accepted transaction does not apply to the Merkle state");
            return false;
        }
        shared.counters.witnessed.fetch_add(1, Ordering::Relaxed);
        metrics.stage(Stage::WitnessApply, started.elapsed());
        true
    };
    let mut last_snapshot: Option<Instant> = None;
    let mut gate = LoadGate::new(metrics.clone());
    while let Some(job) = queue.next() {
        gate.pace();
        match job {
            Job::Tx { tx, message, .. } => {
                if !apply(&mut witnesser, &tx, message) {
                    return;
                }
            }
            Job::Stored { from_seq, count } => {
                let end = from_seq + count;
                let mut next = from_seq;
                while next < end && !queue.stopped() {
                    let page = match source.read(next, (end - next).min(READ_BACK_PAGE), &metrics) {
                        Ok(page) => page,
                        Err(error) => {
                            tracing::error!(%error, "cannot read accepted transactions back; witnessing stops");
                            return;
                        }
                    };
                    metrics.witness_read_back.fetch_add(page.len() as u64, Ordering::Relaxed);
                    for (tx, message) in page {
                        gate.pace();
                        if !apply(&mut witnesser, &tx, message) {
                            return;
                        }
                        next += 1;
                    }
                }
            }
            Job::CloseBlock(meta) => {
                let row = witnesser.close_block(&shared.state(), meta);
                let _ = records.send(Record::Block(row));
            }
            Job::Seal(meta) => {
                let started = Instant::now();
                let (block, batch, snapshot) = {
                    let mut state = shared.state_mut();
                    let (block, batch) = witnesser.seal(&mut state, meta);
                    let due = queue.jobs.is_empty() || last_snapshot.is_none_or(|at| at.elapsed() >= SNAPSHOT_INTERVAL);
                    let snapshot = due.then(|| Arc::new(SealedSnapshot { batch: batch.number, state: state.clone() }));
                    (block, batch, snapshot)
                };
                if snapshot.is_some() {
                    last_snapshot = Some(Instant::now());
                }
                let sealed = Sealed {
                    block,
                    row: batch_row(&meta, &batch),
                    number: batch.number,
                    first_seq: meta.first_seq,
                    tx_count: meta.tx_count,
                    new_state_root: fr_hex(&batch.roots_after.state_root()),
                    commitment: fr_hex(&batch.commitment()),
                    snapshot,
                };
                metrics.stage(Stage::WitnessSeal, started.elapsed());
                let _ = records.send(Record::Batch(Box::new(sealed)));
            }
        }
    }
}

/// Rows stored per database transaction, at most.
const WRITE_ROUND: usize = 256;

async fn writer_loop(
    dal: Dal,
    mut written: mpsc::UnboundedReceiver<Record>,
    shared: Arc<Shared>,
    events: broadcast::Sender<Event>,
    metrics: Arc<Metrics>,
) {
    let mut round = Vec::new();
    while written.recv_many(&mut round, WRITE_ROUND).await > 0 {
        let mut delay = Duration::from_millis(100);
        let started = Instant::now();
        while let Err(error) = store(&dal, &round).await {
            tracing::error!(%error, "storing blocks and batches failed; retrying");
            metrics.db_failures.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(Duration::from_secs(5));
        }
        metrics.stage(Stage::WitnessPersist, started.elapsed());
        for record in round.drain(..) {
            publish(&shared, &events, record);
        }
    }
}

fn block_event(block: &BlockRow) -> Event {
    Event::Block {
        number: block.number as u64,
        first_seq: block.first_seq as u64,
        last_seq: block.last_seq as u64,
        tx_count: block.tx_count as u64,
        state_root: block.state_root.clone(),
    }
}

/// After a write: heights, snapshot and events.
fn publish(shared: &Shared, events: &broadcast::Sender<Event>, record: Record) {
    let counters = &shared.counters;
    match record {
        Record::Block(block) => {
            counters.last_block.store(block.number as u64, Ordering::Relaxed);
            let _ = events.send(block_event(&block));
        }
        Record::Batch(sealed) => {
            if let Some(block) = &sealed.block {
                counters.last_block.store(block.number as u64, Ordering::Relaxed);
                let _ = events.send(block_event(block));
            }
            counters.last_batch.store(sealed.number, Ordering::Relaxed);
            if let Some(snapshot) = &sealed.snapshot {
                shared.set_sealed_snapshot(Some(snapshot.clone()));
            }
            tracing::info!(batch = sealed.number, transactions = sealed.tx_count, "sealed a batch");
            let _ = events.send(Event::Batch {
                number: sealed.number,
                first_seq: sealed.first_seq,
                last_seq: sealed.first_seq + sealed.tx_count - 1,
                tx_count: sealed.tx_count,
                new_state_root: sealed.new_state_root,
                commitment: sealed.commitment,
            });
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::{lower_this_threads_priority, WitnessPriority};

    fn this_threads_nice() -> i32 {
        // SAFETY: reads this thread's own priority.
        #[allow(unsafe_code)]
        unsafe {
            libc::getpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t)
        }
    }

    fn this_threads_policy() -> i32 {
        // SAFETY: reads the calling thread's own policy.
        #[allow(unsafe_code)]
        unsafe {
            libc::sched_getscheduler(0)
        }
    }

    #[test]
    fn the_witness_thread_runs_at_the_configured_priority_and_the_rest_keep_theirs() {
        let (nice_before, policy_before) = (this_threads_nice(), this_threads_policy());
        let in_thread = |priority: WitnessPriority| {
            std::thread::scope(|scope| {
                scope
                    .spawn(|| {
                        lower_this_threads_priority(priority);
                        (this_threads_nice(), this_threads_policy())
                    })
                    .join()
                    .expect("thread")
            })
        };
        assert_eq!(
            in_thread(WitnessPriority::Nice(7)),
            (nice_before.max(7), policy_before),
            "niceness 7 (or the process's, if already lower)"
        );
        assert_eq!(in_thread(WitnessPriority::Idle).1, libc::SCHED_IDLE);
        assert_eq!(in_thread(WitnessPriority::Normal), (nice_before, policy_before), "normal leaves a thread alone");
        assert_eq!(
            (this_threads_nice(), this_threads_policy()),
            (nice_before, policy_before),
            "only the calling thread changes"
        );
    }

    #[test]
    fn priorities_parse_and_print_alike() {
        for text in ["idle", "normal", "1", "10", "19"] {
            assert_eq!(text.parse::<WitnessPriority>().expect(text).to_string(), text);
        }
        for bad in ["0", "20", "-1", "low", ""] {
            assert!(bad.parse::<WitnessPriority>().is_err(), "{bad:?}");
        }
    }
}
