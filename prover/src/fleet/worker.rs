//! The worker loop: requeue expired leases, claim, prove on a blocking thread while a
//! heartbeat keeps the lease, save; until shut down.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::watch;

use super::dal::ClaimedJob;
use super::executor::{Executor, JobError};
use super::picker::JobPicker;
use super::saver::JobSaver;
use super::FleetResult;

/// How a worker runs.
#[derive(Clone, Debug)]
pub struct WorkerConfig {
    /// This worker's name (for logs; the picker records it in the job).
    pub worker_id: String,
    /// Interval between lease extensions while proving (well below the lease).
    pub heartbeat: Duration,
    /// Wait between polls of an empty queue (and after a database error).
    pub poll: Duration,
    /// Process at most one job (or none when the queue is empty), then return.
    pub once: bool,
}

/// What a worker did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkerStats {
    /// Jobs proven and stored.
    pub proved: u32,
    /// Attempts that failed (recorded on the job).
    pub failed: u32,
    /// Results dropped because the lease had been taken over.
    pub lost: u32,
    /// Jobs given back on shutdown.
    pub released: u32,
}

enum Outcome {
    Proved,
    Failed,
    Lost,
    Released,
}

/// One worker: a picker, an executor and a saver.
pub struct Worker<P, E, S> {
    picker: P,
    executor: Arc<E>,
    saver: S,
    config: WorkerConfig,
}

/// Resolves once `true` is sent (never when the sender is gone).
async fn shutdown_requested(shutdown: &mut watch::Receiver<bool>) {
    if shutdown.wait_for(|stop| *stop).await.is_err() {
        std::future::pending::<()>().await;
    }
}

impl<P: JobPicker, E: Executor, S: JobSaver> Worker<P, E, S> {
    /// Wires the parts.
    pub fn new(picker: P, executor: Arc<E>, saver: S, config: WorkerConfig) -> Self {
        Self { picker, executor, saver, config }
    }

    /// Works until `true` is sent on `shutdown` (or after one job with `once`). On shutdown a job
    /// in progress is given back to the queue. Database errors are logged and retried.
    pub async fn run(&self, mut shutdown: watch::Receiver<bool>) -> WorkerStats {
        let mut stats = WorkerStats::default();
        let worker = self.config.worker_id.as_str();
        tracing::info!(worker, "worker started");
        while !*shutdown.borrow() {
            let job = match self.next_job().await {
                Ok(job) => job,
                Err(error) => {
                    tracing::warn!(worker, %error, "claiming failed; retrying");
                    tokio::select! {
                        _ = tokio::time::sleep(self.config.poll) => {}
                        _ = shutdown_requested(&mut shutdown) => {}
                    }
                    continue;
                }
            };
            let Some(job) = job else {
                if self.config.once {
                    break;
                }
                tokio::select! {
                    _ = tokio::time::sleep(self.config.poll) => {}
                    _ = shutdown_requested(&mut shutdown) => {}
                }
                continue;
            };
            match self.process(job, &mut shutdown).await {
                Outcome::Proved => stats.proved += 1,
                Outcome::Failed => stats.failed += 1,
                Outcome::Lost => stats.lost += 1,
                Outcome::Released => stats.released += 1,
            }
            if self.config.once {
                break;
            }
        }
        tracing::info!(worker, ?stats, "worker stopped");
        stats
    }

    async fn next_job(&self) -> FleetResult<Option<ClaimedJob>> {
        for job in self.picker.requeue_expired().await? {
            tracing::warn!(batch = job.batch_number, status = job.status, lost_by = ?job.picked_by, "lease expired");
        }
        self.picker.pick().await
    }

    async fn process(&self, job: ClaimedJob, shutdown: &mut watch::Receiver<bool>) -> Outcome {
        let (worker, batch, attempt) = (self.config.worker_id.as_str(), job.batch_number, job.attempts);
        tracing::info!(worker, batch, attempt, "claimed");
        let started = Instant::now();
        let lost = Arc::new(AtomicBool::new(false));
        let heartbeat = tokio::spawn(heartbeat(self.saver.clone(), job.clone(), self.config.heartbeat, lost.clone()));
        let executor = self.executor.clone();
        let input = job.clone();
        let mut proving = tokio::task::spawn_blocking(move || executor.execute(&input));
        let result = tokio::select! {
            result = &mut proving => result,
            _ = shutdown_requested(shutdown) => {
                heartbeat.abort();
                match self.saver.release(&job).await {
                    Ok(true) => tracing::info!(worker, batch, "shutting down: job given back to the queue"),
                    Ok(false) => tracing::info!(worker, batch, "shutting down: the job was no longer ours"),
                    Err(error) => tracing::warn!(worker, batch, %error, "shutting down: giving the job back failed; \
                                                 it is requeued when its lease expires"),
                }
                return Outcome::Released;
            }
        };
        heartbeat.abort();
        let elapsed_ms = started.elapsed().as_millis() as u64;
        let result = result.unwrap_or_else(|panic| Err(JobError::Panicked(panic.to_string())));
        if lost.load(Ordering::Relaxed) {
            tracing::warn!(worker, batch, elapsed_ms, "the lease was taken over while proving; result dropped");
            return Outcome::Lost;
        }
        match result {
            Ok(proof) => match self.saver.save_proof(&job, &proof).await {
                Ok(true) => {
                    tracing::info!(worker, batch, attempt, elapsed_ms, "proof stored");
                    Outcome::Proved
                }
                Ok(false) => {
                    tracing::warn!(worker, batch, elapsed_ms, "the lease was taken over; proof dropped");
                    Outcome::Lost
                }
                Err(error) => {
                    tracing::warn!(worker, batch, %error, "storing the proof failed; the lease will expire");
                    Outcome::Lost
                }
            },
            Err(job_error) => {
                let message = job_error.to_string();
                match self.saver.save_failure(&job, &message).await {
                    Ok(Some(status)) => {
                        tracing::warn!(worker, batch, attempt, error = message, status, "attempt failed")
                    }
                    Ok(None) => {
                        tracing::warn!(worker, batch, error = message, "attempt failed; the job was no longer ours")
                    }
                    Err(error) => tracing::warn!(worker, batch, %error, "recording a failure failed"),
                }
                Outcome::Failed
            }
        }
    }
}

/// Extends the lease every `interval` until aborted, or until the claim turns out to be lost.
async fn heartbeat<S: JobSaver>(saver: S, job: ClaimedJob, interval: Duration, lost: Arc<AtomicBool>) {
    let mut ticks = tokio::time::interval(interval);
    ticks.tick().await;
    loop {
        ticks.tick().await;
        match saver.heartbeat(&job).await {
            Ok(true) => tracing::debug!(batch = job.batch_number, "lease extended"),
            Ok(false) => {
                tracing::warn!(batch = job.batch_number, "lease lost: another worker owns the job now");
                lost.store(true, Ordering::Relaxed);
                return;
            }
            Err(error) => tracing::warn!(batch = job.batch_number, %error, "extending the lease failed; retrying"),
        }
    }
}
