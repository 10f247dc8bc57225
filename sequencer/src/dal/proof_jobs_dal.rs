//! The `proof_jobs` table: the queue the prover fleet claims batches from. The sequencer only
//! enqueues; claiming, leases and results belong to the prover side (issue 5).

use sqlx::PgConnection;

use super::{DalResult, WithMethod};

/// Enqueues proof jobs.
#[derive(Debug)]
pub struct ProofJobsDal<'a> {
    pub(super) conn: &'a mut PgConnection,
}

impl ProofJobsDal<'_> {
    /// A `queued` job for a freshly sealed batch.
    pub async fn insert_queued(&mut self, batch_number: i64) -> DalResult<()> {
        sqlx::query("INSERT INTO proof_jobs (batch_number) VALUES ($1)")
            .bind(batch_number)
            .execute(&mut *self.conn)
            .await
            .method("ProofJobsDal::insert_queued")?;
        Ok(())
    }

    /// The status of a batch's job.
    pub async fn status(&mut self, batch_number: i64) -> DalResult<Option<String>> {
        sqlx::query_scalar("SELECT status FROM proof_jobs WHERE batch_number = $1")
            .bind(batch_number)
            .fetch_optional(&mut *self.conn)
            .await
            .method("ProofJobsDal::status")
    }
}
