//! The pipeline: two tasks that verify, order, execute and persist every transaction.
//!
//! Handlers prepare each submission (signing messages hashed and signatures decoded together,
//! [`Prepared::many`]) and put it on a bounded queue ([`PipelineHandle`]); a full queue is
//! refused at once (back-pressure, never an unbounded backlog).
//!
//! The [`Verifier`] task drains up to `max_group` transactions, looks up their signers' keys
//! and batch-verifies the signatures on a blocking thread (rayon inside). It runs ahead of
//! the pipeline task by up to [`VERIFIED_AHEAD`] groups, so verification, most of the work
//! per transaction, keeps the cores busy while earlier groups are applied and committed.
//!
//! The pipeline task applies each verified group in arrival order to the [`Ledger`] (every
//! rule of the transition, no Merkle hashing), assigns each accepted transaction its sequence
//! number, block and batch, and writes the group's transactions in ONE database transaction.
//! Only after COMMIT does it answer the submitters, and hand the group to the witness thread
//! ([`crate::witness`]), which builds the Merkle state, block roots and batch witnesses off the
//! acknowledgement path. If the write fails, the ledger is ahead of the database: the group is
//! answered `Unavailable` (nothing was acknowledged), the witness thread stops, and the state
//! (with the block and batch rows the witness thread had not stored) is rebuilt from the
//! database; groups verified against the old ledger are verified again.
//!
//! Between groups the task closes a block every block interval and seals the open batch when
//! it is full or its deadline passes; the block and batch numbers are stored with each
//! transaction, so they are durable with it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use circuits::babyjubjub::{verify_batch, SignedMessage};
use circuits::batch::SlotLayout;
use circuits::genesis::Genesis;
use circuits::state::Ledger;
use circuits::transition::{
    check_expiry, signature_check, verify_signature, LedgerApplied, Prepared, SignatureCheck, TxError,
};
use circuits::tx::{Deposit, Tx};
use rayon::prelude::*;
use tokio::sync::{broadcast, mpsc, oneshot};
use tokio::task::JoinHandle;

use crate::dal::models::NewTransaction;
use crate::dal::{Dal, DalResult, StorageExt};
use crate::metrics::{Metrics, Stage};
use crate::recovery::{self, OpenBatch, OpenBlock, Position, Recovered};
use crate::shared::{now_ms, RejectionRecord, Shared};
use crate::types::{hex0x, l2_tx_hash_with, priority_hash, Accepted, Event, Outcome, RejectReason, TxHash};
use crate::witness::{self, BlockMeta, Job, SealMeta, WitnessContext, WitnessHandle, WitnessPriority};

/// Pipeline settings.
#[derive(Debug, Clone, Copy)]
pub struct PipelineConfig {
    /// Each batch's slots.
    pub layout: SlotLayout,
    /// Seal a non-empty batch this long after its first transaction.
    pub batch_deadline: Duration,
    /// Close a block this often.
    pub block_interval: Duration,
    /// Most transactions per group.
    pub max_group: usize,
    /// Requests the queue holds.
    pub queue_capacity: usize,
    /// Accepted transactions kept in memory for the witness thread, at most; it reads the
    /// rest back from Postgres.
    pub witness_queue: usize,
    /// How the witness thread is scheduled.
    pub witness_priority: WitnessPriority,
}

/// One transaction on its way in.
#[derive(Debug)]
struct Item {
    tx: Tx,
    hash: TxHash,
    priority_id: Option<u64>,
    received_at_ms: i64,
    /// The signing message and decoded signature, computed by the submitting handler off the
    /// pipeline task (`None` for priority ops).
    prepared: Option<Prepared>,
}

/// Submissions at least this large are prepared on the blocking pool, in parallel chunks of
/// this many transactions.
const PARALLEL_PREPARE: usize = 32;

/// The items of a submission: signing messages hashed together ([`Prepared::many`]) and
/// signatures decoded, so the pipeline task only looks keys up.
fn prepare(txs: Vec<Tx>, chain_id: u32, received_at_ms: i64) -> Vec<Item> {
    let prepared = Prepared::many(&txs, chain_id);
    txs.into_iter()
        .zip(prepared)
        .map(|(tx, prepared)| {
            let hash = l2_tx_hash_with(&tx, &prepared.message);
            Item { tx, hash, priority_id: None, received_at_ms, prepared: Some(prepared) }
        })
        .collect()
}

impl Item {
    /// The signature check of this transaction against the ledger, reusing the handler's
    /// [`Prepared`] message and signature.
    fn signature_check(&self, ledger: &Ledger) -> Result<Option<SignatureCheck>, TxError> {
        match (&self.prepared, self.priority_id) {
            (Some(prepared), None) => signature_check(ledger, &self.tx, prepared),
            _ => Ok(None),
        }
    }

    /// The signing message handed to the witness thread (`None` for deposits).
    fn message(&self) -> Option<circuits::field::Fr> {
        self.prepared.as_ref().and_then(Prepared::message)
    }
}

/// A request: one or more transactions answered together.
#[derive(Debug)]
struct Request {
    items: Vec<Item>,
    received: Instant,
    reply: oneshot::Sender<Vec<Outcome>>,
}

/// Why a submission was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SubmitError {
    /// The queue is full; retry later.
    #[error("the sequencer is overloaded")]
    Overloaded,
    /// The pipeline has stopped.
    #[error("the sequencer pipeline has stopped")]
    Stopped,
}

/// The handlers' side of the queue.
#[derive(Debug, Clone)]
pub struct PipelineHandle {
    sender: mpsc::Sender<Request>,
    chain_id: u32,
    metrics: Arc<Metrics>,
}

impl PipelineHandle {
    /// Submits L2 transactions, answered per transaction in order. Never waits for queue
    /// space: a full queue is [`SubmitError::Overloaded`].
    pub async fn submit(&self, txs: Vec<Tx>) -> Result<Vec<Outcome>, SubmitError> {
        let received_at_ms = now_ms();
        let chain_id = self.chain_id;
        let items: Vec<Item> = if txs.len() >= PARALLEL_PREPARE {
            tokio::task::spawn_blocking(move || {
                let mut chunks: Vec<Vec<Tx>> = Vec::new();
                let mut txs = txs.into_iter().peekable();
                while txs.peek().is_some() {
                    chunks.push(txs.by_ref().take(PARALLEL_PREPARE).collect());
                }
                chunks.into_par_iter().flat_map_iter(|chunk| prepare(chunk, chain_id, received_at_ms)).collect()
            })
            .await
            .map_err(|_| SubmitError::Stopped)?
        } else {
            prepare(txs, chain_id, received_at_ms)
        };
        let (reply, answer) = oneshot::channel();
        let request = Request { items, received: Instant::now(), reply };
        self.sender.try_send(request).map_err(|error| match error {
            mpsc::error::TrySendError::Full(_) => {
                self.metrics.overloaded.fetch_add(1, Ordering::Relaxed);
                SubmitError::Overloaded
            }
            mpsc::error::TrySendError::Closed(_) => SubmitError::Stopped,
        })?;
        answer.await.map_err(|_| SubmitError::Stopped)
    }

    /// Submits a priority operation (an L1 deposit with its priority-queue serial id), ordered
    /// with the L2 stream. Serial ids must increase; a repeated one is rejected. Waits for
    /// queue space instead of failing: L1 has already authorised it.
    pub async fn submit_priority(&self, serial_id: u64, deposit: Deposit) -> Result<Outcome, SubmitError> {
        let hash = priority_hash(serial_id, &deposit);
        let item = Item {
            tx: Tx::Deposit(deposit),
            hash,
            priority_id: Some(serial_id),
            received_at_ms: now_ms(),
            prepared: None,
        };
        let (reply, answer) = oneshot::channel();
        let request = Request { items: vec![item], received: Instant::now(), reply };
        self.sender.send(request).await.map_err(|_| SubmitError::Stopped)?;
        let mut outcomes = answer.await.map_err(|_| SubmitError::Stopped)?;
        outcomes.pop().ok_or(SubmitError::Stopped)
    }

    /// Requests waiting in the queue.
    pub fn queue_depth(&self) -> usize {
        self.sender.max_capacity() - self.sender.capacity()
    }

    /// The queue's capacity.
    pub fn queue_capacity(&self) -> usize {
        self.sender.max_capacity()
    }
}

/// What a group produced: rows to write before anyone hears of it, and the witness jobs sent
/// after the write.
#[derive(Default)]
struct Pending {
    txs: Vec<NewTransaction>,
    jobs: Vec<Job>,
    /// Time spent sealing while applying.
    sealing: Duration,
}

/// The task's state.
struct Sequencer {
    dal: Dal,
    shared: Arc<Shared>,
    events: broadcast::Sender<Event>,
    metrics: Arc<Metrics>,
    config: PipelineConfig,
    genesis: Genesis,
    position: Position,
    /// Groups from the [`Verifier`], in arrival order.
    verified: mpsc::Receiver<Verified>,
    witness: Option<WitnessHandle>,
    /// Bumped (under the ledger's write lock) whenever the ledger is replaced, at start and
    /// on rebuilds: a group verified against an older ledger is checked again.
    ledger_generation: Arc<AtomicU64>,
}

/// Verified groups waiting for the pipeline task, at most.
const VERIFIED_AHEAD: usize = 2;

/// Verifies queued requests ahead of the pipeline task, so that signature verification (most
/// of the work per transaction) runs on the cores while the pipeline task applies and commits
/// earlier groups. Checking a signature against the ledger of an earlier moment is sound
/// because an account's key never changes once it exists: a signer created later reads as
/// unknown here and is checked again when applied, and a rebuilt ledger (after a failed
/// commit) bumps the generation, so its groups are verified again.
struct Verifier {
    shared: Arc<Shared>,
    metrics: Arc<Metrics>,
    requests: mpsc::Receiver<Request>,
    max_group: usize,
    ledger_generation: Arc<AtomicU64>,
    verified: mpsc::Sender<Verified>,
}

impl Verifier {
    async fn run(mut self) {
        while let Some(request) = self.requests.recv().await {
            let mut requests = vec![request];
            let mut count = requests[0].items.len();
            while count < self.max_group {
                match self.requests.try_recv() {
                    Ok(request) => {
                        count += request.items.len();
                        requests.push(request);
                    }
                    Err(_) => break,
                }
            }
            let group = verify(&self.shared, &self.metrics, &self.ledger_generation, requests).await;
            if self.verified.send(group).await.is_err() {
                break;
            }
        }
    }
}

/// Looks up each signer's key in the current ledger and batch-verifies the signatures.
async fn verify(shared: &Shared, metrics: &Metrics, ledger_generation: &AtomicU64, requests: Vec<Request>) -> Verified {
    let stage = Instant::now();
    let (checks, generation) = {
        let ledger = shared.ledger();
        let generation = ledger_generation.load(Ordering::Acquire);
        let checks: Vec<_> = requests.iter().flat_map(|r| &r.items).map(|item| item.signature_check(&ledger)).collect();
        (checks, generation)
    };
    metrics.stage(Stage::Checks, stage.elapsed());
    let stage = Instant::now();
    let invalid = batch_verify(&checks).await;
    metrics.stage(Stage::Verify, stage.elapsed());
    Verified { requests, checks, invalid, ledger_generation: generation }
}

/// A group whose signatures are verified, waiting to be applied.
struct Verified {
    requests: Vec<Request>,
    /// Each item's signature check against the ledger at verification time.
    checks: Vec<Result<Option<SignatureCheck>, TxError>>,
    /// Indices of invalid signatures; `None` when batch verification could not run.
    invalid: Option<Vec<usize>>,
    ledger_generation: u64,
}

/// Starts the pipeline on a recovered state.
pub fn spawn(
    dal: Dal,
    shared: Arc<Shared>,
    events: broadcast::Sender<Event>,
    metrics: Arc<Metrics>,
    config: PipelineConfig,
    genesis: Genesis,
    recovered: Recovered,
) -> (PipelineHandle, JoinHandle<()>) {
    let (sender, requests) = mpsc::channel(config.queue_capacity.max(1));
    let (verified_sender, verified) = mpsc::channel(VERIFIED_AHEAD);
    let ledger_generation = Arc::new(AtomicU64::new(0));
    let verifier = Verifier {
        shared: shared.clone(),
        metrics: metrics.clone(),
        requests,
        max_group: config.max_group.max(1),
        ledger_generation: ledger_generation.clone(),
        verified: verified_sender,
    };
    let handle = PipelineHandle { sender, chain_id: shared.chain_id, metrics: metrics.clone() };
    let mut sequencer = Sequencer {
        dal,
        shared,
        events,
        metrics,
        config,
        genesis,
        position: Position::default(),
        verified,
        witness: None,
        ledger_generation,
    };
    sequencer.install(recovered);
    tokio::spawn(verifier.run());
    (handle, tokio::spawn(sequencer.run()))
}

impl Sequencer {
    /// Puts a recovered state into the shared view and starts a witness thread on it.
    fn install(&mut self, recovered: Recovered) {
        let Recovered { state, ledger, position, witnesser, snapshot, last_block, last_batch } = recovered;
        let shared = &self.shared;
        shared.counters.witnessed.store(position.next_seq, Ordering::Relaxed);
        *shared.state_mut() = state;
        {
            let mut current = shared.ledger_mut();
            *current = ledger;
            self.ledger_generation.fetch_add(1, Ordering::AcqRel);
        }
        shared.set_sealed_snapshot(snapshot.map(Arc::new));
        shared.counters.accepted.store(position.next_seq, Ordering::Relaxed);
        shared.counters.last_block.store(last_block, Ordering::Relaxed);
        shared.counters.last_batch.store(last_batch, Ordering::Relaxed);
        shared.counters.open_batch.store(position.batch.number, Ordering::Relaxed);
        self.position = position;
        let context = WitnessContext {
            dal: self.dal.clone(),
            shared: self.shared.clone(),
            events: self.events.clone(),
            metrics: self.metrics.clone(),
        };
        self.witness =
            Some(witness::spawn(context, witnesser, self.config.witness_queue, self.config.witness_priority));
    }

    async fn run(mut self) {
        let mut block_timer = tokio::time::interval(self.config.block_interval);
        block_timer.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let deadline =
                self.position.batch.opened_at.map(|t| tokio::time::Instant::from_std(t + self.config.batch_deadline));
            tokio::select! {
                biased;
                _ = block_timer.tick() => self.close_block_on_timer(),
                _ = sleep_until(deadline) => self.seal_on_deadline(),
                group = self.verified.recv() => match group {
                    Some(group) => self.process(group).await,
                    None => break,
                },
            }
        }
        if let Some(witness) = self.witness.take() {
            witness.stop().await;
        }
        tracing::info!("pipeline stopped: every handle is gone");
    }

    /// Applies, persists and answers one group verified by the [`Verifier`] (again, if the
    /// ledger was rebuilt since).
    async fn process(&mut self, group: Verified) {
        let group = if group.ledger_generation == self.ledger_generation.load(Ordering::Acquire) {
            group
        } else {
            verify(&self.shared, &self.metrics, &self.ledger_generation, group.requests).await
        };
        let Verified { requests, checks, invalid, .. } = group;
        let items: Vec<&Item> = requests.iter().flat_map(|r| &r.items).collect();

        let stage = Instant::now();
        let mut pending = Pending::default();
        let mut outcomes: Vec<Outcome> = Vec::with_capacity(items.len());
        {
            let shared = self.shared.clone();
            let mut ledger = shared.ledger_mut();
            for (index, item) in items.iter().enumerate() {
                // A batch collects fees in at most MAX_FEE_TOKENS tokens (the circuit credits
                // each once): a fee in one more token goes to the next batch. So does an
                // operation with no slot left for its type (only transfer slots are free).
                let slot = self.config.layout.place(self.position.batch.slots_used, item.tx.tx_type());
                if slot.is_none() || ledger.needs_new_batch_for_fee(&item.tx) {
                    let started = Instant::now();
                    let seal = self.seal(&mut ledger);
                    pending.jobs.push(seal);
                    pending.sealing += started.elapsed();
                }
                // The expiry is checked against the batch the transaction would go into, the
                // open one after any seal above, before anything is applied.
                let result = self.admit(item).and_then(|()| {
                    check_expiry(&item.tx, self.position.batch.number)?;
                    let applied = match &checks[index] {
                        Ok(_) if invalid.as_ref().is_some_and(|bad| bad.binary_search(&index).is_ok()) => {
                            Err(TxError::InvalidSignature)
                        }
                        Ok(check) if invalid.is_none() => {
                            verify_signature(*check).and_then(|()| ledger.apply_preverified(&item.tx))
                        }
                        Ok(_) => ledger.apply_preverified(&item.tx),
                        // The signer may have been created by a deposit earlier in this group.
                        Err(TxError::UnknownAccount(_)) => item
                            .signature_check(&ledger)
                            .and_then(verify_signature)
                            .and_then(|()| ledger.apply_preverified(&item.tx)),
                        Err(error) => Err(error.clone()),
                    };
                    applied.map_err(RejectReason::from)
                });
                outcomes.push(match result {
                    Ok(applied) => Outcome::Accepted(self.accept(&mut ledger, item, applied, &mut pending)),
                    Err(reason) => Outcome::Rejected { hash: item.hash, reason },
                });
            }
        }
        self.metrics.stage(Stage::Apply, stage.elapsed().saturating_sub(pending.sealing));
        self.metrics.stage(Stage::Seal, pending.sealing);

        let started = Instant::now();
        match self.persist(&pending).await {
            Ok(()) => {
                self.metrics.commit_latency.observe(started.elapsed());
                let stage = Instant::now();
                self.metrics.groups.fetch_add(1, Ordering::Relaxed);
                self.published(&pending);
                let mut outcomes = outcomes.into_iter();
                for request in requests {
                    let answers: Vec<Outcome> = outcomes.by_ref().take(request.items.len()).collect();
                    for outcome in &answers {
                        self.report(outcome);
                    }
                    self.metrics.submit_latency.observe(request.received.elapsed());
                    let _ = request.reply.send(answers);
                }
                self.metrics.stage(Stage::Reply, stage.elapsed());
                self.witness(pending.jobs);
            }
            Err(error) => {
                tracing::error!(%error, transactions = pending.txs.len(), "group commit failed; rebuilding the state");
                self.metrics.db_failures.fetch_add(1, Ordering::Relaxed);
                // Put the state back first, so that a client told "unavailable" never reads
                // the unpersisted state afterwards; if the database is still down, answer
                // anyway and keep retrying.
                let rebuilt = self.rebuild_once().await;
                for request in requests {
                    let _ = request.reply.send(request.items.iter().map(|_| Outcome::Unavailable).collect());
                }
                if !rebuilt {
                    self.rebuild().await;
                }
            }
        }
    }

    /// Hands committed work to the witness thread (never waits: see [`crate::witness`]).
    fn witness(&mut self, jobs: Vec<Job>) {
        if self.witness.as_ref().is_some_and(|witness| !witness.send(jobs)) {
            tracing::error!("the witness thread has stopped; blocks and batches are no longer sealed");
            self.witness = None;
        }
    }

    /// Checks that do not depend on the state: what may enter through which door. (The
    /// expiry, which depends on the open batch, is checked right after.)
    fn admit(&self, item: &Item) -> Result<(), RejectReason> {
        match (&item.tx, item.priority_id) {
            (Tx::Deposit(_), Some(serial_id)) if serial_id < self.position.next_priority_id => {
                Err(RejectReason::DuplicatePriorityOp { serial_id, next: self.position.next_priority_id })
            }
            (Tx::Deposit(_), Some(_)) => Ok(()),
            (Tx::Deposit(_), None) => Err(RejectReason::UnsupportedTxType("deposit")),
            (Tx::Noop, _) => Err(RejectReason::UnsupportedTxType("noop")),
            (_, Some(_)) => Err(RejectReason::UnsupportedTxType("non-deposit priority")),
            (_, None) => Ok(()),
        }
    }

    /// Records an applied transaction in the open block and batch; seals the batch when full.
    fn accept(&mut self, ledger: &mut Ledger, item: &Item, applied: LedgerApplied, pending: &mut Pending) -> Accepted {
        let position = &mut self.position;
        let seq = position.next_seq;
        position.next_seq += 1;
        if let Some(serial_id) = item.priority_id {
            position.next_priority_id = serial_id + 1;
        }
        let accepted = Accepted {
            hash: item.hash,
            seq,
            block: position.block.number,
            batch: position.batch.number,
            receipt: applied.receipt,
        };
        pending.txs.push(NewTransaction {
            seq: seq as i64,
            hash: item.hash.to_vec(),
            tx_json: serde_json::to_string(&item.tx).expect("transactions serialise"),
            priority_id: item.priority_id.map(|id| id as i64),
            received_at_ms: item.received_at_ms,
            block_number: position.block.number as i64,
            batch_number: position.batch.number as i64,
        });
        pending.jobs.push(Job::Tx { seq, tx: Box::new(item.tx.clone()), message: item.message() });
        position.block.first_seq.get_or_insert(seq);
        position.block.tx_count += 1;
        position.batch.first_seq.get_or_insert(seq);
        position.batch.opened_at.get_or_insert_with(Instant::now);
        position.batch.tx_count += 1;
        let layout = self.config.layout;
        let slot =
            layout.place(position.batch.slots_used, item.tx.tx_type()).expect("sealed before when it did not fit");
        position.batch.slots_used = slot + 1;
        if position.batch.slots_used >= layout.slots {
            let started = Instant::now();
            let seal = self.seal(ledger);
            pending.jobs.push(seal);
            pending.sealing += started.elapsed();
        }
        accepted
    }

    /// Closes the open block if it holds transactions.
    fn close_block(&mut self) -> Option<BlockMeta> {
        let block = &mut self.position.block;
        let first_seq = block.first_seq?;
        let meta = BlockMeta { number: block.number, first_seq, tx_count: block.tx_count, created_at_ms: now_ms() };
        *block = OpenBlock { number: block.number + 1, first_seq: None, tx_count: 0 };
        Some(meta)
    }

    /// Seals the open batch (closing its last block first) and credits its fees on the
    /// ledger; the witness thread builds the sealed batch from the returned job.
    fn seal(&mut self, ledger: &mut Ledger) -> Job {
        let block = self.close_block();
        let batch = &mut self.position.batch;
        let meta = SealMeta {
            number: batch.number,
            first_seq: batch.first_seq.expect("a sealed batch has a transaction"),
            tx_count: batch.tx_count as u64,
            first_block: batch.first_block,
            last_block: self.position.block.number - 1,
            block,
            next_layout: self.config.layout,
        };
        ledger.credit_pending_fees();
        *batch = OpenBatch {
            number: meta.number + 1,
            tx_count: 0,
            first_seq: None,
            first_block: self.position.block.number,
            opened_at: None,
            slots_used: 0,
        };
        self.shared.counters.open_batch.store(batch.number, Ordering::Relaxed);
        Job::Seal(meta)
    }

    /// Writes a group's transactions in one database transaction.
    async fn persist(&self, pending: &Pending) -> DalResult<()> {
        if pending.txs.is_empty() {
            return Ok(());
        }
        let stage = Instant::now();
        let mut db = self.dal.begin().await?;
        db.transactions_dal().insert_many(&pending.txs).await?;
        let committed = Dal::commit(db).await;
        self.metrics.stage(Stage::Persist, stage.elapsed());
        committed
    }

    /// After a commit: counters.
    fn published(&self, pending: &Pending) {
        let counters = &self.shared.counters;
        counters.accepted.fetch_add(pending.txs.len() as u64, Ordering::Relaxed);
        self.metrics.accepted.fetch_add(pending.txs.len() as u64, Ordering::Relaxed);
        self.shared.record_throughput(pending.txs.len() as u64);
    }

    /// Counts, logs and streams one answered outcome.
    fn report(&self, outcome: &Outcome) {
        let streaming = self.events.receiver_count() > 0;
        match outcome {
            Outcome::Accepted(accepted) if streaming => {
                let _ = self.events.send(Event::TxAccepted {
                    hash: hex0x(&accepted.hash),
                    seq: accepted.seq,
                    block: accepted.block,
                    batch: accepted.batch,
                });
            }
            Outcome::Rejected { hash, reason } => {
                self.shared.counters.rejected.fetch_add(1, Ordering::Relaxed);
                self.metrics.rejected(reason.code());
                let record = RejectionRecord { code: reason.code(), message: reason.message() };
                if streaming {
                    let _ = self.events.send(Event::TxRejected {
                        hash: hex0x(hash),
                        code: record.code,
                        message: record.message.clone(),
                    });
                }
                self.shared.record_rejection(*hash, record);
            }
            _ => {}
        }
    }

    fn close_block_on_timer(&mut self) {
        if let Some(meta) = self.close_block() {
            self.witness(vec![Job::CloseBlock(meta)]);
        }
    }

    fn seal_on_deadline(&mut self) {
        if self.position.batch.first_seq.is_none() {
            self.position.batch.opened_at = None;
            return;
        }
        let seal = {
            let shared = self.shared.clone();
            let mut ledger = shared.ledger_mut();
            self.seal(&mut ledger)
        };
        self.witness(vec![seal]);
    }

    /// Stops the witness thread and waits for its writer, so that recovery is the only one
    /// writing block and batch rows (it writes the ones the witness thread had not stored).
    async fn stop_witness(&mut self) {
        if let Some(witness) = self.witness.take() {
            witness.stop().await;
        }
    }

    /// One attempt to rebuild state and position from the database.
    async fn rebuild_once(&mut self) -> bool {
        self.stop_witness().await;
        match recovery::recover(&self.dal, &self.genesis, self.config.layout).await {
            Ok(recovered) => {
                self.install(recovered);
                true
            }
            Err(error) => {
                tracing::error!(%error, "rebuilding the state failed");
                false
            }
        }
    }

    /// Rebuilds state and position from the database, retrying until it succeeds.
    async fn rebuild(&mut self) {
        let mut delay = Duration::from_millis(100);
        while !self.rebuild_once().await {
            tracing::error!("retrying the rebuild");
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(Duration::from_secs(5));
        }
    }
}

async fn sleep_until(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(deadline) => tokio::time::sleep_until(deadline).await,
        None => std::future::pending().await,
    }
}

/// Batch-verifies the signature checks on a blocking thread; returns the indices (into
/// `checks`) of invalid signatures, or `None` when verification could not run (then every
/// transaction is verified on its own while applied).
async fn batch_verify(checks: &[Result<Option<SignatureCheck>, TxError>]) -> Option<Vec<usize>> {
    let (indices, owned): (Vec<usize>, Vec<SignatureCheck>) =
        checks.iter().enumerate().filter_map(|(i, c)| c.as_ref().ok().copied().flatten().map(|c| (i, c))).unzip();
    if owned.is_empty() {
        return Some(Vec::new());
    }
    let bad = tokio::task::spawn_blocking(move || {
        let messages: Vec<SignedMessage<'_>> = owned
            .iter()
            .map(|c| SignedMessage { public_key: &c.public_key, message: c.message, signature: &c.signature })
            .collect();
        verify_batch(&messages).err().map(|e| e.invalid).unwrap_or_default()
    })
    .await
    .ok()?;
    let mut invalid: Vec<usize> = bad.into_iter().map(|i| indices[i]).collect();
    invalid.sort_unstable();
    Some(invalid)
}
