//! Claiming jobs: the [`JobPicker`] trait and its Postgres implementation.

use std::future::Future;
use std::time::Duration;

use circuits::batch::SlotLayout;

use super::dal::{ClaimedJob, FleetDal, RequeuedJob};
use super::FleetResult;

/// Finds work for a worker.
pub trait JobPicker: Send + Sync + 'static {
    /// Puts jobs whose lease expired (their worker died or hung) back in the queue, or fails them
    /// after too many attempts.
    fn requeue_expired(&self) -> impl Future<Output = FleetResult<Vec<RequeuedJob>>> + Send;

    /// Claims the oldest queued job, if any, with a fresh lease.
    fn pick(&self) -> impl Future<Output = FleetResult<Option<ClaimedJob>>> + Send;
}

/// Claims from the `proof_jobs` table.
#[derive(Clone, Debug)]
pub struct PgJobPicker {
    /// The database.
    pub dal: FleetDal,
    /// This worker's name, recorded in `picked_by`.
    pub worker_id: String,
    /// Lease of a fresh claim.
    pub lease: Duration,
    /// Only batches of this layout are claimed (the keys' shape).
    pub layout: SlotLayout,
    /// Claims after which an expired job fails instead of going back to the queue.
    pub max_attempts: u32,
    /// The longest a claim may last, heartbeats or not.
    pub max_lease_age: Duration,
}

impl JobPicker for PgJobPicker {
    async fn requeue_expired(&self) -> FleetResult<Vec<RequeuedJob>> {
        self.dal.requeue_expired(self.max_attempts.try_into().unwrap_or(i32::MAX), self.max_lease_age).await
    }

    async fn pick(&self) -> FleetResult<Option<ClaimedJob>> {
        self.dal.claim(&self.worker_id, self.lease, self.layout).await
    }
}
