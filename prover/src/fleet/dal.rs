//! Every SQL statement of the prover fleet. Each method runs one statement (checked at run
//! time, so the crate builds without a database) and returns a typed row.
//!
//! A claim is identified by `(batch_number, picked_by, attempts)`: every write after the claim
//! (heartbeat, result, failure, release) matches all three and `status = 'in_progress'`, so a
//! worker whose lease was taken over can never overwrite the new owner's job.

use std::time::Duration;

use circuits::batch::SlotLayout;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::FromRow;

use super::{FleetError, FleetResult};

/// `last_error` of a job that lost its lease `max_attempts` times.
pub const LEASE_EXPIRED_TOO_MANY_TIMES: &str = "lease expired too many times";

/// A claimed job with what the executor needs.
#[derive(Debug, Clone, FromRow)]
pub struct ClaimedJob {
    /// The batch to prove.
    pub batch_number: i64,
    /// Attempts including this one; with the worker id, the claim's identity.
    pub attempts: i32,
    /// The worker that holds the lease.
    pub picked_by: String,
    /// The commitment the sequencer recorded (0x-hex), the proof's public input.
    pub commitment: String,
    /// The sealed batch (the circuits crate's `SealedBatch` JSON).
    pub witness: String,
}

/// A job that went back to the queue (or failed) because its lease expired.
#[derive(Debug, Clone, FromRow)]
pub struct RequeuedJob {
    /// The batch.
    pub batch_number: i64,
    /// `queued` or `failed`.
    pub status: String,
    /// The worker that lost it.
    pub picked_by: Option<String>,
}

/// What the chain was started with, as far as the keys care.
#[derive(Debug, Clone, FromRow)]
pub struct ChainRow {
    /// The stored genesis JSON (`None` before the sequencer's first start).
    pub genesis: Option<String>,
    /// Slots of the most recent batch (`None` before the first batch).
    pub latest_slots: Option<i32>,
    /// Its leading transfer slots.
    pub latest_transfer_slots: Option<i32>,
}

/// A proof job as stored (for status displays and tests).
#[derive(Debug, Clone, FromRow)]
pub struct JobRow {
    /// The batch.
    pub batch_number: i64,
    /// `queued`, `in_progress`, `done` or `failed`.
    pub status: String,
    /// Claims so far.
    pub attempts: i32,
    /// The last worker to claim it.
    pub picked_by: Option<String>,
    /// The proof (compressed Groth16), once done.
    pub proof: Option<Vec<u8>>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// Whether a lease is set and already past.
    pub lease_expired: bool,
}

trait WithMethod<T> {
    fn method(self, method: &'static str) -> FleetResult<T>;
}

impl<T> WithMethod<T> for Result<T, sqlx::Error> {
    fn method(self, method: &'static str) -> FleetResult<T> {
        self.map_err(|source| FleetError::Database { method, source })
    }
}

fn secs(duration: Duration) -> f64 {
    duration.as_secs_f64()
}

/// The fleet's access to the `genesis`, `batches` and `proof_jobs` tables.
#[derive(Clone, Debug)]
pub struct FleetDal {
    pool: PgPool,
}

impl FleetDal {
    /// Connects a small pool (a worker holds at most a claim and a heartbeat at once).
    pub async fn connect(url: &str) -> FleetResult<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(4)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await
            .method("FleetDal::connect")?;
        Ok(Self { pool })
    }

    /// The pool.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// The stored genesis and the latest batch's slot layout.
    pub async fn chain(&self) -> FleetResult<ChainRow> {
        sqlx::query_as(
            "SELECT (SELECT genesis::text FROM genesis WHERE id = 1) AS genesis, \
                    (SELECT slots FROM batches ORDER BY number DESC LIMIT 1) AS latest_slots, \
                    (SELECT transfer_slots FROM batches ORDER BY number DESC LIMIT 1) AS latest_transfer_slots",
        )
        .fetch_one(&self.pool)
        .await
        .method("FleetDal::chain")
    }

    /// Puts jobs whose lease expired, or that were claimed more than `max_age` ago (a worker
    /// that hangs with its heartbeat alive), back in the queue, or fails them once they have
    /// been claimed `max_attempts` times.
    pub async fn requeue_expired(&self, max_attempts: i32, max_age: Duration) -> FleetResult<Vec<RequeuedJob>> {
        sqlx::query_as(
            "UPDATE proof_jobs \
             SET status = CASE WHEN attempts >= $1 THEN 'failed' ELSE 'queued' END, \
                 last_error = CASE WHEN attempts >= $1 THEN $2 \
                                   WHEN lease_expires_at < now() \
                                       THEN 'lease expired (worker ' || COALESCE(picked_by, '?') || ')' \
                                   ELSE 'claimed longer than the maximum lease age (worker ' \
                                        || COALESCE(picked_by, '?') || ')' END, \
                 lease_expires_at = NULL, updated_at = now() \
             WHERE status = 'in_progress' \
               AND (lease_expires_at < now() OR claimed_at < now() - make_interval(secs => $3)) \
             RETURNING batch_number, status, picked_by",
        )
        .bind(max_attempts)
        .bind(LEASE_EXPIRED_TOO_MANY_TIMES)
        .bind(secs(max_age))
        .fetch_all(&self.pool)
        .await
        .method("FleetDal::requeue_expired")
    }

    /// Claims the oldest queued job of a batch with the keys' slot layout, in one statement:
    /// the row is locked with `FOR UPDATE SKIP LOCKED`, so concurrent workers never claim the
    /// same job and never wait on each other.
    pub async fn claim(&self, worker: &str, lease: Duration, layout: SlotLayout) -> FleetResult<Option<ClaimedJob>> {
        let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
        sqlx::query_as(
            "UPDATE proof_jobs j \
             SET status = 'in_progress', attempts = j.attempts + 1, picked_by = $1, \
                 lease_expires_at = now() + make_interval(secs => $2), claimed_at = now(), updated_at = now() \
             FROM batches b \
             WHERE b.number = j.batch_number AND j.batch_number = ( \
                 SELECT q.batch_number FROM proof_jobs q JOIN batches qb ON qb.number = q.batch_number \
                 WHERE q.status = 'queued' AND qb.slots = $3 AND qb.transfer_slots = $4 \
                 ORDER BY q.batch_number LIMIT 1 FOR UPDATE OF q SKIP LOCKED) \
             RETURNING j.batch_number, j.attempts, j.picked_by, b.commitment, \
                       b.witness::text AS witness",
        )
        .bind(worker)
        .bind(secs(lease))
        .bind(count(layout.slots))
        .bind(count(layout.transfer_slots))
        .fetch_optional(&self.pool)
        .await
        .method("FleetDal::claim")
    }

    /// Extends the lease of a claim; `false` when the claim is no longer ours.
    pub async fn extend_lease(&self, job: &ClaimedJob, lease: Duration) -> FleetResult<bool> {
        let result = sqlx::query(
            "UPDATE proof_jobs SET lease_expires_at = now() + make_interval(secs => $4), updated_at = now() \
             WHERE batch_number = $1 AND picked_by = $2 AND attempts = $3 AND status = 'in_progress'",
        )
        .bind(job.batch_number)
        .bind(&job.picked_by)
        .bind(job.attempts)
        .bind(secs(lease))
        .execute(&self.pool)
        .await
        .method("FleetDal::extend_lease")?;
        Ok(result.rows_affected() == 1)
    }

    /// Stores the proof and marks the job done; `false` (nothing written) when the claim is no
    /// longer ours.
    pub async fn save_proof(&self, job: &ClaimedJob, proof: &[u8]) -> FleetResult<bool> {
        let result = sqlx::query(
            "UPDATE proof_jobs SET status = 'done', proof = $4, last_error = NULL, lease_expires_at = NULL, \
                 updated_at = now() \
             WHERE batch_number = $1 AND picked_by = $2 AND attempts = $3 AND status = 'in_progress'",
        )
        .bind(job.batch_number)
        .bind(&job.picked_by)
        .bind(job.attempts)
        .bind(proof)
        .execute(&self.pool)
        .await
        .method("FleetDal::save_proof")?;
        Ok(result.rows_affected() == 1)
    }

    /// Records a failed attempt: back to `queued`, or `failed` after `max_attempts` claims.
    /// Returns the new status (`None` when the claim is no longer ours).
    pub async fn save_failure(&self, job: &ClaimedJob, error: &str, max_attempts: i32) -> FleetResult<Option<String>> {
        sqlx::query_scalar(
            "UPDATE proof_jobs SET status = CASE WHEN attempts >= $5 THEN 'failed' ELSE 'queued' END, \
                 last_error = $4, lease_expires_at = NULL, updated_at = now() \
             WHERE batch_number = $1 AND picked_by = $2 AND attempts = $3 AND status = 'in_progress' \
             RETURNING status",
        )
        .bind(job.batch_number)
        .bind(&job.picked_by)
        .bind(job.attempts)
        .bind(error)
        .bind(max_attempts)
        .fetch_optional(&self.pool)
        .await
        .method("FleetDal::save_failure")
    }

    /// Gives a claim back on shutdown: `queued` again, and the attempt does not count.
    pub async fn release(&self, job: &ClaimedJob) -> FleetResult<bool> {
        let result = sqlx::query(
            "UPDATE proof_jobs SET status = 'queued', attempts = GREATEST(attempts - 1, 0), \
                 lease_expires_at = NULL, updated_at = now() \
             WHERE batch_number = $1 AND picked_by = $2 AND attempts = $3 AND status = 'in_progress'",
        )
        .bind(job.batch_number)
        .bind(&job.picked_by)
        .bind(job.attempts)
        .execute(&self.pool)
        .await
        .method("FleetDal::release")?;
        Ok(result.rows_affected() == 1)
    }

    /// The jobs not done yet and the `limit` most recent ones, newest first, without their
    /// proofs (`prover jobs`).
    pub async fn jobs(&self, limit: i64) -> FleetResult<Vec<JobRow>> {
        sqlx::query_as(
            "SELECT batch_number, status, attempts, picked_by, NULL::bytea AS proof, last_error, \
                    COALESCE(lease_expires_at < now(), false) AS lease_expired \
             FROM proof_jobs \
             WHERE status <> 'done' OR batch_number > (SELECT COALESCE(max(batch_number), 0) FROM proof_jobs) - $1 \
             ORDER BY batch_number DESC",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .method("FleetDal::jobs")
    }

    /// Puts a job back in the queue whatever its state (an operator's `prover requeue`): its
    /// proof and lease are dropped, and a worker still proving it can no longer save. Returns
    /// the status it had (`None`: no such job).
    pub async fn requeue(&self, batch_number: i64, reason: &str) -> FleetResult<Option<String>> {
        sqlx::query_scalar(
            "UPDATE proof_jobs p SET status = 'queued', proof = NULL, lease_expires_at = NULL, \
                 last_error = $2, updated_at = now() \
             FROM proof_jobs old WHERE old.batch_number = p.batch_number AND p.batch_number = $1 \
             RETURNING old.status",
        )
        .bind(batch_number)
        .bind(reason)
        .fetch_optional(&self.pool)
        .await
        .method("FleetDal::requeue")
    }

    /// One job as stored.
    pub async fn job(&self, batch_number: i64) -> FleetResult<Option<JobRow>> {
        sqlx::query_as(
            "SELECT batch_number, status, attempts, picked_by, proof, last_error, \
                    COALESCE(lease_expires_at < now(), false) AS lease_expired \
             FROM proof_jobs WHERE batch_number = $1",
        )
        .bind(batch_number)
        .fetch_optional(&self.pool)
        .await
        .method("FleetDal::job")
    }
}
