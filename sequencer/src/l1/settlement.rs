//! The settlement task: every sealed batch, in order, goes `commitBatch` -> (once the fleet has
//! stored its proof) `proveBatch` -> `executeBatch` on the Rollup contract.
//!
//! Each round reads `lastCommitted`, `lastProven` and `lastExecuted` from the contract and sends
//! only the next step of each, so a restart (or a transaction that was mined while we crashed)
//! never sends a step twice: L1 is the authority, Postgres records what was sent. A failed
//! round is retried with exponential backoff.
//!
//! Settlement never stalls silently on a proof:
//! - a stored proof is checked before it is posted, with the L1 verifier (`eth_call`) against
//!   the commitment L1 stored for the batch; one that fails goes back to the fleet (the job is
//!   queued again, `last_error` names the worker), with an error log and
//!   `sequencer_settlement_bad_proofs_total`, and commits go on meanwhile;
//! - a `failed` job holds settlement back: it is logged at error level, shown by
//!   `sequencer_settlement_blocked_on_failed_job`, and queued again after its back-off
//!   (`--proof-retry-backoff-secs` × attempts), counted by
//!   `sequencer_settlement_failed_jobs_retried_total`.

use std::future::Future;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use alloy::primitives::aliases::U112;
use alloy::primitives::{Address, Bytes, U256};
use alloy::providers::PendingTransactionBuilder;
use alloy::rpc::types::TransactionReceipt;
use circuits::pubdata::PubdataOp;
use tokio::sync::watch;

use super::bindings::Groth16Verifier;
use super::bindings::Rollup::{self, RollupInstance};
use super::{b256, u256_decimal, L1Error, L1Provider, L1Result, L1Settings};
use crate::dal::models::{L1BatchTx, ProofJobState, SettlementBatch};
use crate::dal::{Dal, StorageExt};
use crate::metrics::Metrics;

/// Settles sealed batches on L1.
#[derive(Debug)]
pub struct Settlement {
    rollup: RollupInstance<L1Provider>,
    dal: Dal,
    metrics: Arc<Metrics>,
    retry_backoff: Duration,
}

/// The contract's counters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct L1Progress {
    /// Last committed batch.
    pub committed: u64,
    /// Last proven batch.
    pub proven: u64,
    /// Last executed batch.
    pub executed: u64,
}

/// The eight uint256 words of a stored (compressed) proof, as `proveBatch` takes them.
fn proof_words(bytes: &[u8]) -> Result<[U256; 8], String> {
    let proof = prover::proof_from_bytes(bytes).map_err(|e| format!("undecodable proof: {e}"))?;
    let mut words = [U256::ZERO; 8];
    for (word, text) in words.iter_mut().zip(prover::vk_json::proof_words(&proof)) {
        *word = u256_decimal(&text).map_err(|e| e.to_string())?;
    }
    Ok(words)
}

/// The payouts of a batch's pubdata (withdrawals and deposit refunds), in order: the list
/// `executeBatch` must pass.
pub fn withdrawals(pubdata: &[u8]) -> L1Result<Vec<Rollup::Withdrawal>> {
    let ops = PubdataOp::decode_all(pubdata).map_err(|e| L1Error::Inconsistent(format!("stored pubdata: {e}")))?;
    Ok(ops
        .iter()
        .filter_map(PubdataOp::l1_payout)
        .map(|(to, token, amount)| Rollup::Withdrawal {
            to: Address::from(to.0),
            token,
            // Pubdata amounts are 112-bit fields.
            amount: U112::saturating_from(amount),
        })
        .collect())
}

impl Settlement {
    /// Settlement against the configured Rollup contract.
    pub fn new(settings: &L1Settings, dal: Dal, metrics: Arc<Metrics>) -> Self {
        Self {
            rollup: Rollup::new(settings.rollup, settings.provider.clone()),
            dal,
            metrics,
            retry_backoff: settings.proof_retry_backoff,
        }
    }

    /// Reads the contract's counters.
    pub async fn progress(&self) -> L1Result<L1Progress> {
        Ok(L1Progress {
            committed: self.rollup.lastCommitted().call().await?,
            proven: self.rollup.lastProven().call().await?,
            executed: self.rollup.lastExecuted().call().await?,
        })
    }

    /// Reads the contract's counters and records them, so that transaction statuses follow L1.
    async fn sync_progress(&self) -> L1Result<L1Progress> {
        let progress = self.progress().await?;
        self.dal
            .acquire()
            .await?
            .l1_dal()
            .sync_status(progress.committed as i64, progress.proven as i64, progress.executed as i64)
            .await?;
        Ok(progress)
    }

    /// Runs until `stop` turns true: a round whenever the last one made progress, otherwise
    /// after `settings.poll`; failed rounds back off.
    pub async fn run(mut self, settings: L1Settings, stop: watch::Receiver<bool>) {
        tracing::info!(rollup = %settings.rollup, "settlement started");
        super::run_until_stopped(&mut self, settings.poll, stop).await;
        tracing::info!("settlement stopped");
    }

    /// One round: at most one execute, one prove and one commit. Returns whether it sent any.
    pub async fn round(&self) -> L1Result<bool> {
        let progress = self.sync_progress().await?;
        let mut sent = false;
        if progress.executed < progress.proven {
            self.execute(progress.executed + 1).await?;
            sent = true;
        }
        // A proving step that fails must not hold back the commits behind it.
        let proved = if progress.proven < progress.committed {
            self.prove(progress.proven + 1).await
        } else {
            self.metrics.settlement_blocked_on.store(0, Ordering::Relaxed);
            Ok(false)
        };
        sent |= self.commit(progress.committed + 1).await?;
        Ok(sent | proved?)
    }

    async fn batch(&self, number: u64) -> L1Result<Option<SettlementBatch>> {
        Ok(self.dal.acquire().await?.l1_dal().settlement_batch(number as i64).await?)
    }

    /// Commits batch `number` if it is sealed; its old root must be the root L1 stored for the
    /// previous batch (otherwise this database is not the chain the contract follows).
    async fn commit(&self, number: u64) -> L1Result<bool> {
        let Some(batch) = self.batch(number).await? else { return Ok(false) };
        let stored = self.rollup.batchInfo(number - 1).call().await?;
        let old_root = b256(&batch.old_state_root)?;
        if stored.newStateRoot != old_root {
            return Err(L1Error::Inconsistent(format!(
                "batch {number} starts from {old_root}, L1 holds {} after batch {}",
                stored.newStateRoot,
                number - 1
            )));
        }
        let call = self.rollup.commitBatch(number, b256(&batch.new_state_root)?, Bytes::from(batch.pubdata));
        let calldata = call.calldata().len();
        self.send("commit", number, calldata, call.send()).await?;
        Ok(true)
    }

    /// Proves batch `number` once the fleet has stored its proof, and only with a proof the
    /// L1 verifier accepts; retries a failed job after its back-off.
    async fn prove(&self, number: u64) -> L1Result<bool> {
        let job = self.dal.acquire().await?.l1_dal().proof_job(number as i64, self.retry_backoff).await?;
        let blocked = job.as_ref().is_some_and(|job| job.status == "failed");
        self.metrics.settlement_blocked_on.store(if blocked { number } else { 0 }, Ordering::Relaxed);
        match job {
            Some(job) if job.status == "failed" => return self.retry_failed(number, &job).await,
            Some(job) if job.status == "done" => {}
            _ => return Ok(false),
        }
        let Some(bytes) = self.dal.acquire().await?.l1_dal().proof(number as i64).await? else { return Ok(false) };
        let words = match proof_words(&bytes) {
            Ok(words) => words,
            Err(why) => return self.reject_proof(number, &why).await,
        };
        let commitment = U256::from_be_bytes(self.rollup.batchInfo(number).call().await?.commitment.0);
        let verifier = Groth16Verifier::new(self.rollup.verifier().call().await?, self.rollup.provider().clone());
        // A revert is a rejection too (a point off the curve); a transport error is not.
        let verified = match verifier.verifyProof(words, [commitment]).call().await {
            Ok(verified) => verified,
            Err(error) if error.as_revert_data().is_some() => false,
            Err(error) => return Err(error.into()),
        };
        if !verified {
            return self.reject_proof(number, "the L1 verifier rejects it for the committed commitment").await;
        }
        let call = self.rollup.proveBatch(number, words);
        let calldata = call.calldata().len();
        self.send("prove", number, calldata, call.send()).await?;
        Ok(true)
    }

    /// Sends a stored proof that does not verify back to the fleet.
    async fn reject_proof(&self, number: u64, why: &str) -> L1Result<bool> {
        self.metrics.bad_proofs.fetch_add(1, Ordering::Relaxed);
        let requeued = self.dal.acquire().await?.l1_dal().reject_proof(number as i64, why).await?;
        tracing::error!(
            batch = number,
            why,
            requeued,
            "stored proof rejected before posting: the job goes back to the queue"
        );
        Ok(false)
    }

    /// Queues a failed job again once its back-off has passed; logs at error level either way.
    async fn retry_failed(&self, number: u64, job: &ProofJobState) -> L1Result<bool> {
        let (attempts, error) = (job.attempts, job.last_error.as_deref().unwrap_or("?"));
        if !job.retry_due.unwrap_or(false) {
            tracing::error!(
                batch = number,
                attempts,
                error,
                "settlement waits on a failed proof job (retried after its back-off)"
            );
            return Ok(false);
        }
        if self.dal.acquire().await?.l1_dal().requeue_failed(number as i64).await? {
            self.metrics.failed_jobs_retried.fetch_add(1, Ordering::Relaxed);
            tracing::error!(batch = number, attempts, error, "failed proof job queued again after its back-off");
        }
        Ok(false)
    }

    /// Executes batch `number` with the withdrawals of its pubdata.
    async fn execute(&self, number: u64) -> L1Result<()> {
        let batch = self
            .batch(number)
            .await?
            .ok_or_else(|| L1Error::Inconsistent(format!("L1 proved batch {number}, which this database lacks")))?;
        let call = self.rollup.executeBatch(number, withdrawals(&batch.pubdata)?);
        let calldata = call.calldata().len();
        self.send("execute", number, calldata, call.send()).await?;
        self.sync_progress().await?;
        Ok(())
    }

    /// Waits for the receipt of a sent step and records it.
    async fn send(
        &self,
        action: &'static str,
        batch: u64,
        calldata_bytes: usize,
        sent: impl Future<Output = Result<PendingTransactionBuilder<alloy::network::Ethereum>, alloy::contract::Error>>,
    ) -> L1Result<TransactionReceipt> {
        let pending = sent.await?;
        let tx = *pending.tx_hash();
        tracing::info!(action, batch, %tx, "sent");
        let receipt = pending.get_receipt().await?;
        if !receipt.status() {
            return Err(L1Error::Reverted { action, batch, tx });
        }
        let record = L1BatchTx {
            batch_number: batch as i64,
            action: action.into(),
            tx_hash: tx.to_string(),
            l1_block: receipt.block_number.unwrap_or_default() as i64,
            gas_used: receipt.gas_used as i64,
            calldata_bytes: calldata_bytes as i32,
        };
        self.dal.acquire().await?.l1_dal().record_tx(&record).await?;
        tracing::info!(action, batch, %tx, gas_used = receipt.gas_used, l1_block = record.l1_block, "included on L1");
        Ok(receipt)
    }
}

impl super::PollingTask for Settlement {
    const STEP: &'static str = "settlement round";

    fn step(&mut self) -> impl std::future::Future<Output = L1Result<bool>> + Send {
        self.round()
    }
}
