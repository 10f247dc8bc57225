//! The `transactions` table: every accepted transaction in the order it was applied.

use sqlx::PgConnection;

use super::models::{NewTransaction, ReplayTransaction, TransactionStatusRow};
use super::{DalResult, WithMethod};

/// Reads and writes accepted transactions.
#[derive(Debug)]
pub struct TransactionsDal<'a> {
    pub(super) conn: &'a mut PgConnection,
}

impl TransactionsDal<'_> {
    /// Inserts a group of accepted transactions in one round trip.
    pub async fn insert_many(&mut self, txs: &[NewTransaction]) -> DalResult<()> {
        if txs.is_empty() {
            return Ok(());
        }
        let seqs: Vec<i64> = txs.iter().map(|t| t.seq).collect();
        let hashes: Vec<&[u8]> = txs.iter().map(|t| t.hash.as_slice()).collect();
        let jsons: Vec<&str> = txs.iter().map(|t| t.tx_json.as_str()).collect();
        let priority_ids: Vec<Option<i64>> = txs.iter().map(|t| t.priority_id).collect();
        let received: Vec<i64> = txs.iter().map(|t| t.received_at_ms).collect();
        let blocks: Vec<i64> = txs.iter().map(|t| t.block_number).collect();
        let batches: Vec<i64> = txs.iter().map(|t| t.batch_number).collect();
        sqlx::query(
            "INSERT INTO transactions (seq, hash, tx, priority_id, received_at_ms, block_number, batch_number) \
             SELECT seq, hash, tx::jsonb, priority_id, received_at_ms, block_number, batch_number \
             FROM UNNEST($1::bigint[], $2::bytea[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[]) \
             AS t(seq, hash, tx, priority_id, received_at_ms, block_number, batch_number)",
        )
        .bind(seqs)
        .bind(hashes)
        .bind(jsons)
        .bind(priority_ids)
        .bind(received)
        .bind(blocks)
        .bind(batches)
        .execute(&mut *self.conn)
        .await
        .method("TransactionsDal::insert_many")?;
        Ok(())
    }

    /// Up to `limit` transactions from `from_seq` on, in order (the start-up replay).
    pub async fn replay_page(&mut self, from_seq: i64, limit: i64) -> DalResult<Vec<ReplayTransaction>> {
        sqlx::query_as(
            "SELECT seq, tx::text AS tx, priority_id, block_number, batch_number FROM transactions \
             WHERE seq >= $1 ORDER BY seq LIMIT $2",
        )
        .bind(from_seq)
        .bind(limit)
        .fetch_all(&mut *self.conn)
        .await
        .method("TransactionsDal::replay_page")
    }

    /// The batch of the last accepted transaction.
    pub async fn last_batch_number(&mut self) -> DalResult<Option<i64>> {
        sqlx::query_scalar("SELECT batch_number FROM transactions ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut *self.conn)
            .await
            .method("TransactionsDal::last_batch_number")
    }

    /// The transaction with this hash, with the state of its block, batch and proof.
    pub async fn status_by_hash(&mut self, hash: &[u8]) -> DalResult<Option<TransactionStatusRow>> {
        sqlx::query_as(
            "SELECT t.seq, t.hash, t.tx::text AS tx, t.received_at_ms, t.block_number, t.batch_number, \
                    EXISTS (SELECT 1 FROM blocks bl WHERE bl.number = t.block_number) AS block_closed, \
                    b.number IS NOT NULL AS batch_sealed, \
                    COALESCE(b.settled_at IS NOT NULL, false) AS settled, b.settle_tx_hash, \
                    p.status AS proof_status \
             FROM transactions t \
             LEFT JOIN batches b ON b.number = t.batch_number \
             LEFT JOIN proof_jobs p ON p.batch_number = t.batch_number \
             WHERE t.hash = $1 ORDER BY t.seq LIMIT 1",
        )
        .bind(hash)
        .fetch_optional(&mut *self.conn)
        .await
        .method("TransactionsDal::status_by_hash")
    }

    /// Number of accepted transactions.
    pub async fn count(&mut self) -> DalResult<i64> {
        sqlx::query_scalar("SELECT count(*) FROM transactions")
            .fetch_one(&mut *self.conn)
            .await
            .method("TransactionsDal::count")
    }
}
