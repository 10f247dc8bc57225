//! Writing results: the [`JobSaver`] trait and its Postgres implementation. Every write is
//! conditional on the claim still being ours, so a worker that lost its lease writes nothing.

use std::future::Future;
use std::time::Duration;

use super::dal::{ClaimedJob, FleetDal};
use super::FleetResult;

/// Keeps a claim alive and records its outcome.
pub trait JobSaver: Clone + Send + Sync + 'static {
    /// Extends the lease; `false` when the claim is no longer ours (the result must be dropped).
    fn heartbeat(&self, job: &ClaimedJob) -> impl Future<Output = FleetResult<bool>> + Send;

    /// Stores a proof and marks the job done; `false` when the claim is no longer ours.
    fn save_proof(&self, job: &ClaimedJob, proof: &[u8]) -> impl Future<Output = FleetResult<bool>> + Send;

    /// Records a failed attempt; returns the job's new status (`queued` or `failed`), `None` when
    /// the claim is no longer ours.
    fn save_failure(&self, job: &ClaimedJob, error: &str) -> impl Future<Output = FleetResult<Option<String>>> + Send;

    /// Gives the job back unfinished (shutdown); the attempt does not count.
    fn release(&self, job: &ClaimedJob) -> impl Future<Output = FleetResult<bool>> + Send;
}

/// Writes to the `proof_jobs` table.
#[derive(Clone, Debug)]
pub struct PgJobSaver {
    /// The database.
    pub dal: FleetDal,
    /// Each heartbeat sets the lease to now plus this.
    pub lease: Duration,
    /// Attempts after which a failing job is `failed` instead of `queued`.
    pub max_attempts: u32,
}

impl JobSaver for PgJobSaver {
    async fn heartbeat(&self, job: &ClaimedJob) -> FleetResult<bool> {
        self.dal.extend_lease(job, self.lease).await
    }

    async fn save_proof(&self, job: &ClaimedJob, proof: &[u8]) -> FleetResult<bool> {
        self.dal.save_proof(job, proof).await
    }

    async fn save_failure(&self, job: &ClaimedJob, error: &str) -> FleetResult<Option<String>> {
        self.dal.save_failure(job, error, self.max_attempts.try_into().unwrap_or(i32::MAX)).await
    }

    async fn release(&self, job: &ClaimedJob) -> FleetResult<bool> {
        self.dal.release(job).await
    }
}
