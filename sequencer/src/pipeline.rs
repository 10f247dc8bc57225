//! The pipeline: one task that orders, executes and persists every transaction.
//!
//! Handlers put requests on a bounded queue ([`PipelineHandle`]); a full queue is refused at
//! once (back-pressure, never an unbounded backlog). The task drains up to `max_group`
//! transactions, computes their signature checks and batch-verifies them on a blocking thread
//! (rayon inside), applies them in arrival order with `apply_preverified`, seals any batch that
//! fills, and writes the whole group (transactions, closed blocks, sealed batches and their proof
//! jobs) in ONE database transaction. Only after COMMIT does it answer the submitters. If the
//! write fails, the in-memory state is ahead of the database: the group is answered
//! `Unavailable` (nothing was acknowledged) and the state is rebuilt from the database.
//!
//! Between groups the task closes a block every block interval and seals the open batch when
//! its deadline passes.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use circuits::amount::AmountError;
use circuits::babyjubjub::{verify_batch, Signature, SignatureError, SignedMessage};
use circuits::batch::{BatchBuilder, SealedBatch};
use circuits::field::Fr;
use circuits::genesis::Genesis;
use circuits::state::State;
use circuits::transition::{AppliedTx, SignatureCheck, TxError};
use circuits::tx::{Deposit, Tx};
use rayon::prelude::*;
use tokio::sync::{broadcast, mpsc, oneshot};
use tokio::task::JoinHandle;

use crate::dal::models::{BlockRow, NewBatch, NewTransaction};
use crate::dal::{Dal, DalResult, StorageExt};
use crate::metrics::{Metrics, Stage};
use crate::recovery::{self, OpenBatch, OpenBlock, Position, Recovered};
use crate::shared::{now_ms, RejectionRecord, SealedSnapshot, Shared};
use crate::types::{fr_hex, hex0x, l2_tx_hash_with, priority_hash, Accepted, Event, Outcome, RejectReason, TxHash};

/// Pipeline settings.
#[derive(Debug, Clone, Copy)]
pub struct PipelineConfig {
    /// Slots per batch.
    pub batch_slots: usize,
    /// Seal a non-empty batch this long after its first transaction.
    pub batch_deadline: Duration,
    /// Close a block this often.
    pub block_interval: Duration,
    /// Most transactions per group.
    pub max_group: usize,
    /// Requests the queue holds.
    pub queue_capacity: usize,
}

/// One transaction on its way in.
#[derive(Debug)]
struct Item {
    tx: Tx,
    hash: TxHash,
    priority_id: Option<u64>,
    received_at_ms: i64,
    /// Computed by the submitting handler, off the pipeline task (`None` for priority ops).
    precheck: Option<Precheck>,
}

/// The state-independent half of [`State::signature_check`]: the signing message (which is
/// also the hash) and the decoded signature. Handlers compute it in parallel so the pipeline
/// task only looks up the signer's key.
#[derive(Debug)]
struct Precheck {
    message: Result<Option<Fr>, AmountError>,
    signature: Result<Signature, SignatureError>,
}

/// Submissions at least this large are prepared on the blocking pool, in parallel.
const PARALLEL_PREPARE: usize = 32;

fn prepare(tx: Tx, chain_id: u32, received_at_ms: i64) -> Item {
    let message = tx.signing_message(chain_id);
    let signature = match (&message, tx.signed_header()) {
        (Ok(Some(_)), Some(header)) => header.signature.decode(),
        _ => Err(SignatureError::Mismatch),
    };
    let hash = l2_tx_hash_with(&tx, &message);
    Item { tx, hash, priority_id: None, received_at_ms, precheck: Some(Precheck { message, signature }) }
}

impl Item {
    /// Exactly [`State::signature_check`], reusing the handler's [`Precheck`].
    fn signature_check(&self, state: &State) -> Result<Option<SignatureCheck>, TxError> {
        if self.priority_id.is_some() {
            return Ok(None);
        }
        let Some(precheck) = &self.precheck else {
            return state.signature_check(&self.tx);
        };
        let Some(message) = precheck.message? else {
            return Ok(None);
        };
        let header = self.tx.signed_header().expect("signed transactions have a header");
        let account = state.account(header.account).ok_or(TxError::UnknownAccount(header.account))?;
        let signature = precheck.signature.map_err(|_| TxError::InvalidSignature)?;
        Ok(Some(SignatureCheck { public_key: *account.public_key(), message, signature }))
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
                txs.into_par_iter().map(|tx| prepare(tx, chain_id, received_at_ms)).collect()
            })
            .await
            .map_err(|_| SubmitError::Stopped)?
        } else {
            txs.into_iter().map(|tx| prepare(tx, chain_id, received_at_ms)).collect()
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
            precheck: None,
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

/// A sealed batch and the block closed with it, not yet written.
struct Seal {
    block: Option<BlockRow>,
    batch: SealedBatch,
    first_seq: u64,
    last_seq: u64,
    tx_count: u64,
    first_block: u64,
    last_block: u64,
    /// The state right after sealing. Cloning the whole state costs milliseconds, and a
    /// snapshot replaced within the same group is never read, so it is only taken when fewer
    /// transactions remain in the group than a batch holds. (If rejections later in a large
    /// group leave its last seal without one, the previous snapshot stays: proofs against the
    /// newest batch answer `proof_unavailable` until the next seal, never wrong data.)
    snapshot: Option<Arc<SealedSnapshot>>,
}

impl Seal {
    fn row(&self) -> NewBatch {
        NewBatch {
            number: self.batch.number as i64,
            first_seq: self.first_seq as i64,
            last_seq: self.last_seq as i64,
            tx_count: self.tx_count as i32,
            slots: self.batch.slots.len() as i32,
            first_block: self.first_block as i64,
            last_block: self.last_block as i64,
            old_state_root: fr_hex(&self.batch.roots_before.state_root()),
            new_state_root: fr_hex(&self.batch.roots_after.state_root()),
            commitment: fr_hex(&self.batch.commitment()),
            pubdata: self.batch.pubdata.clone(),
            priority_ops: self.batch.priority_ops as i32,
            witness_json: serde_json::to_string(&self.batch).expect("sealed batches serialise"),
        }
    }
}

/// Everything a group (or a timer) produced that must be written before anyone hears of it.
#[derive(Default)]
struct Pending {
    txs: Vec<NewTransaction>,
    blocks: Vec<BlockRow>,
    seals: Vec<Seal>,
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
    receiver: mpsc::Receiver<Request>,
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
    let (sender, receiver) = mpsc::channel(config.queue_capacity.max(1));
    let handle = PipelineHandle { sender, chain_id: shared.chain_id, metrics: metrics.clone() };
    let position = install(&shared, recovered);
    let sequencer = Sequencer { dal, shared, events, metrics, config, genesis, position, receiver };
    (handle, tokio::spawn(sequencer.run()))
}

/// Puts a recovered state into the shared view; returns its position.
fn install(shared: &Shared, recovered: Recovered) -> Position {
    *shared.state_mut() = recovered.state;
    shared.set_sealed_snapshot(recovered.snapshot.map(Arc::new));
    shared.counters.accepted.store(recovered.position.next_seq, Ordering::Relaxed);
    shared.counters.last_block.store(recovered.last_block, Ordering::Relaxed);
    shared.counters.last_batch.store(recovered.last_batch, Ordering::Relaxed);
    recovered.position
}

impl Sequencer {
    async fn run(mut self) {
        let mut block_timer = tokio::time::interval(self.config.block_interval);
        block_timer.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let deadline =
                self.position.batch.opened_at.map(|t| tokio::time::Instant::from_std(t + self.config.batch_deadline));
            tokio::select! {
                biased;
                _ = block_timer.tick() => self.close_block_on_timer().await,
                _ = sleep_until(deadline) => self.seal_on_deadline().await,
                request = self.receiver.recv() => match request {
                    Some(request) => {
                        let mut requests = vec![request];
                        let mut count = requests[0].items.len();
                        while count < self.config.max_group {
                            match self.receiver.try_recv() {
                                Ok(request) => {
                                    count += request.items.len();
                                    requests.push(request);
                                }
                                Err(_) => break,
                            }
                        }
                        self.process(requests).await;
                    }
                    None => break,
                },
            }
        }
        tracing::info!("pipeline stopped: every handle is gone");
    }

    /// Verifies, applies, persists and answers one group.
    async fn process(&mut self, requests: Vec<Request>) {
        let items: Vec<&Item> = requests.iter().flat_map(|r| &r.items).collect();
        let stage = Instant::now();
        let checks: Vec<Result<Option<SignatureCheck>, TxError>> = {
            let state = self.shared.state();
            items.iter().map(|item| item.signature_check(&state)).collect()
        };
        self.metrics.stage(Stage::Checks, stage.elapsed());
        let stage = Instant::now();
        let invalid = batch_verify(&checks).await;
        self.metrics.stage(Stage::Verify, stage.elapsed());

        let stage = Instant::now();
        let mut pending = Pending::default();
        let mut outcomes: Vec<Outcome> = Vec::with_capacity(items.len());
        {
            let shared = self.shared.clone();
            let mut state = shared.state_mut();
            for (index, item) in items.iter().enumerate() {
                let result = self.admit(item).and_then(|()| {
                    let applied = match &checks[index] {
                        Ok(_) if invalid.as_ref().is_some_and(|bad| bad.binary_search(&index).is_ok()) => {
                            Err(TxError::InvalidSignature)
                        }
                        Ok(Some(_)) if invalid.is_none() => state.apply(&item.tx),
                        Ok(_) => state.apply_preverified(&item.tx),
                        // The signer may have been created by a deposit earlier in this group.
                        Err(TxError::UnknownAccount(_)) => state.apply(&item.tx),
                        Err(error) => Err(error.clone()),
                    };
                    applied.map_err(RejectReason::from)
                });
                let remaining = items.len() - index - 1;
                outcomes.push(match result {
                    Ok(applied) => Outcome::Accepted(self.accept(&mut state, item, applied, remaining, &mut pending)),
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

    /// Checks that do not depend on the state: what may enter through which door.
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
    /// `remaining` transactions follow it in this group.
    fn accept(
        &mut self,
        state: &mut State,
        item: &Item,
        applied: AppliedTx,
        remaining: usize,
        pending: &mut Pending,
    ) -> Accepted {
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
            receipt: applied.receipt.clone(),
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
        position.block.first_seq.get_or_insert(seq);
        position.block.tx_count += 1;
        position.batch.first_seq.get_or_insert(seq);
        position.batch.opened_at.get_or_insert_with(Instant::now);
        position.batch.builder.push(applied);
        if position.batch.builder.is_full() {
            // No later seal in this group unless enough transactions remain to fill a batch.
            let last_seal = remaining < self.config.batch_slots.max(1);
            let started = Instant::now();
            let seal = self.seal(state, pending, last_seal);
            pending.seals.push(seal);
            pending.sealing += started.elapsed();
        }
        accepted
    }

    /// Closes the open block if it holds transactions; the row is added to `pending`.
    fn close_block(&mut self, state_root: String, pending: &mut Pending) -> Option<u64> {
        let block = &mut self.position.block;
        let first_seq = block.first_seq?;
        let row = BlockRow {
            number: block.number as i64,
            first_seq: first_seq as i64,
            last_seq: (first_seq + block.tx_count - 1) as i64,
            tx_count: block.tx_count as i32,
            state_root,
            created_at_ms: now_ms(),
        };
        let number = block.number;
        *block = OpenBlock { number: number + 1, first_seq: None, tx_count: 0 };
        pending.blocks.push(row);
        Some(number)
    }

    /// Seals the open batch (closing its last block first); with `snapshot`, keeps a copy of
    /// the state after it for proofs against its root.
    fn seal(&mut self, state: &mut State, pending: &mut Pending, snapshot: bool) -> Seal {
        let root = fr_hex(&state.root());
        let closed = self.close_block(root, pending);
        let block = closed.map(|_| pending.blocks.pop().expect("just pushed"));
        let batch = &mut self.position.batch;
        let builder = std::mem::replace(&mut batch.builder, BatchBuilder::new(0, 1, state));
        let tx_count = builder.len() as u64;
        let sealed = builder.seal(state);
        let first_seq = batch.first_seq.expect("a sealed batch has a transaction");
        let seal = Seal {
            block,
            first_seq,
            last_seq: first_seq + tx_count - 1,
            tx_count,
            first_block: batch.first_block,
            last_block: self.position.block.number - 1,
            snapshot: snapshot.then(|| Arc::new(SealedSnapshot { batch: sealed.number, state: state.clone() })),
            batch: sealed,
        };
        *batch = OpenBatch {
            number: seal.batch.number + 1,
            builder: BatchBuilder::new(seal.batch.number + 1, self.config.batch_slots.max(1), state),
            first_seq: None,
            first_block: self.position.block.number,
            opened_at: None,
        };
        seal
    }

    /// Writes a group in one database transaction.
    async fn persist(&self, pending: &Pending) -> DalResult<()> {
        if pending.txs.is_empty() && pending.blocks.is_empty() && pending.seals.is_empty() {
            return Ok(());
        }
        let stage = Instant::now();
        let batches: Vec<NewBatch> = if pending.seals.len() > 1 {
            // Witness JSON is large (Merkle paths as decimal strings): serialise in parallel.
            tokio::task::block_in_place(|| pending.seals.par_iter().map(Seal::row).collect())
        } else {
            pending.seals.iter().map(Seal::row).collect()
        };
        self.metrics.stage(Stage::Serialize, stage.elapsed());
        let stage = Instant::now();
        let mut db = self.dal.begin().await?;
        db.transactions_dal().insert_many(&pending.txs).await?;
        for block in &pending.blocks {
            db.blocks_dal().insert(block).await?;
        }
        for (seal, batch) in pending.seals.iter().zip(&batches) {
            if let Some(block) = &seal.block {
                db.blocks_dal().insert(block).await?;
            }
            db.batches_dal().insert(batch).await?;
            db.proof_jobs_dal().insert_queued(batch.number).await?;
        }
        let committed = Dal::commit(db).await;
        self.metrics.stage(Stage::Persist, stage.elapsed());
        committed
    }

    /// After a commit: heights, snapshot and events of blocks and batches.
    fn published(&self, pending: &Pending) {
        let counters = &self.shared.counters;
        counters.accepted.fetch_add(pending.txs.len() as u64, Ordering::Relaxed);
        self.metrics.accepted.fetch_add(pending.txs.len() as u64, Ordering::Relaxed);
        self.shared.record_throughput(pending.txs.len() as u64);
        let block_event = |block: &BlockRow| Event::Block {
            number: block.number as u64,
            first_seq: block.first_seq as u64,
            last_seq: block.last_seq as u64,
            tx_count: block.tx_count as u64,
            state_root: block.state_root.clone(),
        };
        for block in &pending.blocks {
            counters.last_block.store(block.number as u64, Ordering::Relaxed);
            let _ = self.events.send(block_event(block));
        }
        for seal in &pending.seals {
            if let Some(block) = &seal.block {
                counters.last_block.store(block.number as u64, Ordering::Relaxed);
                let _ = self.events.send(block_event(block));
            }
            counters.last_batch.store(seal.batch.number, Ordering::Relaxed);
            if let Some(snapshot) = &seal.snapshot {
                self.shared.set_sealed_snapshot(Some(snapshot.clone()));
            }
            tracing::info!(batch = seal.batch.number, transactions = seal.tx_count, "sealed a batch");
            let _ = self.events.send(Event::Batch {
                number: seal.batch.number,
                first_seq: seal.first_seq,
                last_seq: seal.last_seq,
                tx_count: seal.tx_count,
                new_state_root: fr_hex(&seal.batch.roots_after.state_root()),
                commitment: fr_hex(&seal.batch.commitment()),
            });
        }
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

    async fn close_block_on_timer(&mut self) {
        if self.position.block.first_seq.is_none() {
            return;
        }
        let root = fr_hex(&self.shared.state().root());
        let mut pending = Pending::default();
        let saved = self.position.block;
        self.close_block(root, &mut pending);
        if let Err(error) = self.persist(&pending).await {
            tracing::warn!(%error, "closing a block failed; retrying at the next tick");
            self.position.block = saved;
            return;
        }
        self.published(&pending);
    }

    async fn seal_on_deadline(&mut self) {
        if self.position.batch.first_seq.is_none() {
            self.position.batch.opened_at = None;
            return;
        }
        let mut pending = Pending::default();
        let seal = {
            let shared = self.shared.clone();
            let mut state = shared.state_mut();
            self.seal(&mut state, &mut pending, true)
        };
        pending.seals.push(seal);
        match self.persist(&pending).await {
            Ok(()) => self.published(&pending),
            Err(error) => {
                tracing::error!(%error, "sealing a batch failed; rebuilding the state");
                self.metrics.db_failures.fetch_add(1, Ordering::Relaxed);
                self.rebuild().await;
            }
        }
    }

    /// One attempt to rebuild state and position from the database.
    async fn rebuild_once(&mut self) -> bool {
        match recovery::recover(&self.dal, &self.genesis, self.config.batch_slots).await {
            Ok(recovered) => {
                self.position = install(&self.shared, recovered);
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
        loop {
            match recovery::recover(&self.dal, &self.genesis, self.config.batch_slots).await {
                Ok(recovered) => {
                    self.position = install(&self.shared, recovered);
                    return;
                }
                Err(error) => {
                    tracing::error!(%error, "rebuilding the state failed; retrying");
                    tokio::time::sleep(delay).await;
                    delay = (delay * 2).min(Duration::from_secs(5));
                }
            }
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
