//! The `blocks` table: closed blocks as ranges of transactions.

use sqlx::PgConnection;

use super::models::BlockRow;
use super::{DalResult, WithMethod};

/// Reads and writes blocks.
#[derive(Debug)]
pub struct BlocksDal<'a> {
    pub(super) conn: &'a mut PgConnection,
}

impl BlocksDal<'_> {
    /// Records a closed block.
    pub async fn insert(&mut self, block: &BlockRow) -> DalResult<()> {
        sqlx::query(
            "INSERT INTO blocks (number, first_seq, last_seq, tx_count, state_root, created_at_ms) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(block.number)
        .bind(block.first_seq)
        .bind(block.last_seq)
        .bind(block.tx_count)
        .bind(&block.state_root)
        .bind(block.created_at_ms)
        .execute(&mut *self.conn)
        .await
        .method("BlocksDal::insert")?;
        Ok(())
    }

    /// The last closed block.
    pub async fn last(&mut self) -> DalResult<Option<BlockRow>> {
        sqlx::query_as(
            "SELECT number, first_seq, last_seq, tx_count, state_root, created_at_ms \
             FROM blocks ORDER BY number DESC LIMIT 1",
        )
        .fetch_optional(&mut *self.conn)
        .await
        .method("BlocksDal::last")
    }

    /// A block by number.
    pub async fn get(&mut self, number: i64) -> DalResult<Option<BlockRow>> {
        sqlx::query_as(
            "SELECT number, first_seq, last_seq, tx_count, state_root, created_at_ms FROM blocks WHERE number = $1",
        )
        .bind(number)
        .fetch_optional(&mut *self.conn)
        .await
        .method("BlocksDal::get")
    }

    /// Up to `limit` blocks, newest first, numbered at most `before` (all when `None`).
    pub async fn list(&mut self, before: Option<i64>, limit: i64) -> DalResult<Vec<BlockRow>> {
        sqlx::query_as(
            "SELECT number, first_seq, last_seq, tx_count, state_root, created_at_ms FROM blocks \
             WHERE number <= COALESCE($1, 9223372036854775807) ORDER BY number DESC LIMIT $2",
        )
        .bind(before)
        .bind(limit)
        .fetch_all(&mut *self.conn)
        .await
        .method("BlocksDal::list")
    }
}
