//! The L1 side's tables: `l1_batch_txs` (what settlement sent), `l1_watcher` (the deposit
//! watcher's cursor), the settlement columns of `batches`, and the proofs it reads from
//! `proof_jobs`.

use std::time::Duration;

use sqlx::PgConnection;

use super::models::{L1BatchTx, ProofJobState, SettlementBatch};
use super::{DalResult, WithMethod};

/// Reads and writes the settlement state.
#[derive(Debug)]
pub struct L1Dal<'a> {
    pub(super) conn: &'a mut PgConnection,
}

impl L1Dal<'_> {
    /// A sealed batch's roots and pubdata.
    pub async fn settlement_batch(&mut self, number: i64) -> DalResult<Option<SettlementBatch>> {
        sqlx::query_as("SELECT number, old_state_root, new_state_root, pubdata FROM batches WHERE number = $1")
            .bind(number)
            .fetch_optional(&mut *self.conn)
            .await
            .method("L1Dal::settlement_batch")
    }

    /// The fleet's proof of a batch, once its job is done.
    pub async fn proof(&mut self, batch_number: i64) -> DalResult<Option<Vec<u8>>> {
        sqlx::query_scalar("SELECT proof FROM proof_jobs WHERE batch_number = $1 AND status = 'done'")
            .bind(batch_number)
            .fetch_optional(&mut *self.conn)
            .await
            .map(Option::flatten)
            .method("L1Dal::proof")
    }

    /// The proof job of a batch as settlement sees it; `retry_due` tells whether a `failed`
    /// job has waited its back-off: `backoff × attempts` (capped at 60 attempts) since its last
    /// change, so a job that keeps failing is retried less and less often.
    pub async fn proof_job(&mut self, batch_number: i64, backoff: Duration) -> DalResult<Option<ProofJobState>> {
        sqlx::query_as(
            "SELECT status, attempts, picked_by, last_error, \
                    updated_at < now() - make_interval(secs => $2 * LEAST(attempts, 60)) AS retry_due \
             FROM proof_jobs WHERE batch_number = $1",
        )
        .bind(batch_number)
        .bind(backoff.as_secs_f64())
        .fetch_optional(&mut *self.conn)
        .await
        .method("L1Dal::proof_job")
    }

    /// Puts a `failed` job back in the queue (after its back-off); `false` when it is not failed.
    pub async fn requeue_failed(&mut self, batch_number: i64) -> DalResult<bool> {
        let result = sqlx::query(
            "UPDATE proof_jobs SET status = 'queued', \
                 last_error = 'retried after failing: ' || COALESCE(last_error, '?'), updated_at = now() \
             WHERE batch_number = $1 AND status = 'failed'",
        )
        .bind(batch_number)
        .execute(&mut *self.conn)
        .await
        .method("L1Dal::requeue_failed")?;
        Ok(result.rows_affected() == 1)
    }

    /// Throws away a stored proof that does not verify and queues the job again, naming the
    /// worker that made it in `last_error`; `false` when the job is not `done`.
    pub async fn reject_proof(&mut self, batch_number: i64, why: &str) -> DalResult<bool> {
        let result = sqlx::query(
            "UPDATE proof_jobs SET status = 'queued', proof = NULL, \
                 last_error = 'proof by ' || COALESCE(picked_by, '?') || ' rejected before L1: ' || $2, \
                 updated_at = now() \
             WHERE batch_number = $1 AND status = 'done'",
        )
        .bind(batch_number)
        .bind(why)
        .execute(&mut *self.conn)
        .await
        .method("L1Dal::reject_proof")?;
        Ok(result.rows_affected() == 1)
    }

    /// Records an included L1 transaction (a second record of the same step is ignored: after
    /// a restart the first one stands).
    pub async fn record_tx(&mut self, tx: &L1BatchTx) -> DalResult<()> {
        sqlx::query(
            "INSERT INTO l1_batch_txs (batch_number, action, tx_hash, l1_block, gas_used, calldata_bytes) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (batch_number, action) DO NOTHING",
        )
        .bind(tx.batch_number)
        .bind(&tx.action)
        .bind(&tx.tx_hash)
        .bind(tx.l1_block)
        .bind(tx.gas_used)
        .bind(tx.calldata_bytes)
        .execute(&mut *self.conn)
        .await
        .method("L1Dal::record_tx")?;
        Ok(())
    }

    /// Every recorded L1 transaction, by batch and step.
    pub async fn batch_txs(&mut self) -> DalResult<Vec<L1BatchTx>> {
        sqlx::query_as(
            "SELECT batch_number, action, tx_hash, l1_block, gas_used, calldata_bytes FROM l1_batch_txs \
             ORDER BY batch_number, CASE action WHEN 'commit' THEN 0 WHEN 'prove' THEN 1 ELSE 2 END",
        )
        .fetch_all(&mut *self.conn)
        .await
        .method("L1Dal::batch_txs")
    }

    /// Brings `batches.status` in line with the contract's counters; executed batches get
    /// `settled_at` and the execute transaction's hash (when this sequencer recorded it).
    pub async fn sync_status(&mut self, committed: i64, proven: i64, executed: i64) -> DalResult<u64> {
        let result = sqlx::query(
            "UPDATE batches b SET \
                status = CASE WHEN b.number <= $3 THEN 'executed' WHEN b.number <= $2 THEN 'proven' \
                              ELSE 'committed' END, \
                settled_at = CASE WHEN b.number <= $3 THEN COALESCE(b.settled_at, now()) END, \
                settle_tx_hash = CASE WHEN b.number <= $3 THEN \
                    (SELECT t.tx_hash FROM l1_batch_txs t WHERE t.batch_number = b.number AND t.action = 'execute') END \
             WHERE b.number <= $1 AND b.status IS DISTINCT FROM \
                (CASE WHEN b.number <= $3 THEN 'executed' WHEN b.number <= $2 THEN 'proven' ELSE 'committed' END)",
        )
        .bind(committed)
        .bind(proven)
        .bind(executed)
        .execute(&mut *self.conn)
        .await
        .method("L1Dal::sync_status")?;
        Ok(result.rows_affected())
    }

    /// The watcher's cursor (the first L1 block not scanned yet), if it has one.
    pub async fn watcher_cursor(&mut self) -> DalResult<Option<(i64, Option<String>)>> {
        sqlx::query_as("SELECT next_block, last_block_hash FROM l1_watcher WHERE id = 1")
            .fetch_optional(&mut *self.conn)
            .await
            .method("L1Dal::watcher_cursor")
    }

    /// Moves the watcher's cursor past the block whose hash is `last_block_hash`.
    pub async fn set_watcher_cursor(&mut self, next_block: i64, last_block_hash: &str) -> DalResult<()> {
        sqlx::query(
            "INSERT INTO l1_watcher (id, next_block, last_block_hash) VALUES (1, $1, $2) \
             ON CONFLICT (id) DO UPDATE SET next_block = EXCLUDED.next_block, \
                 last_block_hash = EXCLUDED.last_block_hash",
        )
        .bind(next_block)
        .bind(last_block_hash)
        .execute(&mut *self.conn)
        .await
        .method("L1Dal::set_watcher_cursor")?;
        Ok(())
    }

    /// The next priority serial id the chain expects: one past the highest stored deposit.
    pub async fn next_priority_id(&mut self) -> DalResult<i64> {
        sqlx::query_scalar("SELECT COALESCE(max(priority_id) + 1, 0) FROM transactions")
            .fetch_one(&mut *self.conn)
            .await
            .method("L1Dal::next_priority_id")
    }
}
