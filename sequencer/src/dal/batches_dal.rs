//! The `batches` table: sealed batches with their roots, pubdata and witness.

use sqlx::PgConnection;

use super::models::{BatchBoundary, BatchRow, Heights, NewBatch};
use super::{DalResult, WithMethod};

/// Reads and writes batches.
#[derive(Debug)]
pub struct BatchesDal<'a> {
    pub(super) conn: &'a mut PgConnection,
}

const BATCH_COLUMNS: &str = "b.number, b.first_seq, b.last_seq, b.tx_count, b.slots, b.first_block, b.last_block, \
     b.old_state_root, b.new_state_root, b.commitment, b.pubdata, b.priority_ops, b.status, \
     b.settled_at IS NOT NULL AS settled, p.status AS proof_status, \
     (EXTRACT(EPOCH FROM b.created_at) * 1000)::bigint AS created_at_ms";

impl BatchesDal<'_> {
    /// Records a sealed batch.
    pub async fn insert(&mut self, batch: &NewBatch) -> DalResult<()> {
        sqlx::query(
            "INSERT INTO batches (number, first_seq, last_seq, tx_count, slots, first_block, last_block, \
                old_state_root, new_state_root, commitment, pubdata, priority_ops, witness, transfer_slots) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14)",
        )
        .bind(batch.number)
        .bind(batch.first_seq)
        .bind(batch.last_seq)
        .bind(batch.tx_count)
        .bind(batch.slots)
        .bind(batch.first_block)
        .bind(batch.last_block)
        .bind(&batch.old_state_root)
        .bind(&batch.new_state_root)
        .bind(&batch.commitment)
        .bind(&batch.pubdata)
        .bind(batch.priority_ops)
        .bind(&batch.witness_json)
        .bind(batch.transfer_slots)
        .execute(&mut *self.conn)
        .await
        .method("BatchesDal::insert")?;
        Ok(())
    }

    /// Every batch's boundaries, in order (the start-up replay).
    pub async fn boundaries(&mut self) -> DalResult<Vec<BatchBoundary>> {
        sqlx::query_as(
            "SELECT number, first_seq, last_seq, slots, transfer_slots, last_block, old_state_root, new_state_root \
             FROM batches ORDER BY number",
        )
        .fetch_all(&mut *self.conn)
        .await
        .method("BatchesDal::boundaries")
    }

    /// A batch by number (without the witness).
    pub async fn get(&mut self, number: i64) -> DalResult<Option<BatchRow>> {
        sqlx::query_as(&format!(
            "SELECT {BATCH_COLUMNS} FROM batches b LEFT JOIN proof_jobs p ON p.batch_number = b.number \
             WHERE b.number = $1"
        ))
        .bind(number)
        .fetch_optional(&mut *self.conn)
        .await
        .method("BatchesDal::get")
    }

    /// Up to `limit` batches, newest first, numbered at most `before` (all when `None`).
    pub async fn list(&mut self, before: Option<i64>, limit: i64) -> DalResult<Vec<BatchRow>> {
        sqlx::query_as(&format!(
            "SELECT {BATCH_COLUMNS} FROM batches b LEFT JOIN proof_jobs p ON p.batch_number = b.number \
             WHERE b.number <= COALESCE($1, 9223372036854775807) ORDER BY b.number DESC LIMIT $2"
        ))
        .bind(before)
        .bind(limit)
        .fetch_all(&mut *self.conn)
        .await
        .method("BatchesDal::list")
    }

    /// The witness (SealedBatch JSON) of a batch.
    pub async fn witness(&mut self, number: i64) -> DalResult<Option<String>> {
        sqlx::query_scalar("SELECT witness::text FROM batches WHERE number = $1")
            .bind(number)
            .fetch_optional(&mut *self.conn)
            .await
            .method("BatchesDal::witness")
    }

    /// Last block, last batch, highest proven and highest settled batch.
    pub async fn heights(&mut self) -> DalResult<Heights> {
        sqlx::query_as(
            "SELECT (SELECT max(number) FROM blocks) AS last_block, \
                    (SELECT max(number) FROM batches) AS last_batch, \
                    (SELECT max(batch_number) FROM proof_jobs WHERE status = 'done') AS proven, \
                    (SELECT max(number) FROM batches WHERE status IN ('proven', 'executed')) AS verified, \
                    (SELECT max(number) FROM batches WHERE settled_at IS NOT NULL) AS settled",
        )
        .fetch_one(&mut *self.conn)
        .await
        .method("BatchesDal::heights")
    }
}
