//! Prometheus metrics, rendered by hand in the text exposition format.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// A histogram with fixed buckets (seconds).
#[derive(Debug)]
pub struct Histogram {
    bounds: &'static [f64],
    buckets: Vec<AtomicU64>,
    count: AtomicU64,
    sum_micros: AtomicU64,
}

/// Bucket bounds for latencies, in seconds.
pub const LATENCY_BUCKETS: &[f64] = &[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0];

impl Histogram {
    fn new(bounds: &'static [f64]) -> Self {
        Self {
            bounds,
            buckets: bounds.iter().map(|_| AtomicU64::new(0)).collect(),
            count: AtomicU64::new(0),
            sum_micros: AtomicU64::new(0),
        }
    }

    /// Records one observation.
    pub fn observe(&self, value: Duration) {
        let seconds = value.as_secs_f64();
        if let Some(index) = self.bounds.iter().position(|bound| seconds <= *bound) {
            self.buckets[index].fetch_add(1, Ordering::Relaxed);
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        self.sum_micros.fetch_add(value.as_micros() as u64, Ordering::Relaxed);
    }

    fn render(&self, out: &mut String, name: &str, help: &str) {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} histogram");
        let mut cumulative = 0;
        for (bound, bucket) in self.bounds.iter().zip(&self.buckets) {
            cumulative += bucket.load(Ordering::Relaxed);
            let _ = writeln!(out, "{name}_bucket{{le=\"{bound}\"}} {cumulative}");
        }
        let count = self.count.load(Ordering::Relaxed);
        let _ = writeln!(out, "{name}_bucket{{le=\"+Inf\"}} {count}");
        let _ = writeln!(out, "{name}_sum {}", self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6);
        let _ = writeln!(out, "{name}_count {count}");
    }
}

/// The sequencer's metrics.
#[derive(Debug)]
pub struct Metrics {
    /// Accepted transactions.
    pub accepted: AtomicU64,
    /// Rejected transactions by code.
    rejected: Mutex<BTreeMap<&'static str, u64>>,
    /// Submissions refused with 503 overloaded.
    pub overloaded: AtomicU64,
    /// Groups committed.
    pub groups: AtomicU64,
    /// Failed database writes of the pipeline.
    pub db_failures: AtomicU64,
    /// Accepted transactions the witness thread read back from Postgres (those beyond its
    /// in-memory queue).
    pub witness_read_back: AtomicU64,
    /// Stored proofs that failed the check before posting (and went back to the queue).
    pub bad_proofs: AtomicU64,
    /// Failed proof jobs settlement put back in the queue after their back-off.
    pub failed_jobs_retried: AtomicU64,
    /// The batch settlement waits on because its proof job failed (0: none).
    pub settlement_blocked_on: AtomicU64,
    /// Polls at which the deposit watcher found its last scanned L1 block reorged away.
    pub l1_reorgs_detected: AtomicU64,
    /// From a submission's arrival to its answer.
    pub submit_latency: Histogram,
    /// Duration of a group's database transaction.
    pub commit_latency: Histogram,
    /// Time the pipeline task spent in each stage (see [`Stage`]), in microseconds.
    stages: [AtomicU64; Stage::ALL.len()],
}

/// A stage of the pipeline task, timed for `sequencer_pipeline_stage_seconds_total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Building the signature checks of a group.
    Checks,
    /// Batch signature verification (on a blocking thread; the task waits).
    Verify,
    /// Applying transactions to the ledger (every rule, no Merkle tree).
    Apply,
    /// Closing batches on the ledger (fee credit).
    Seal,
    /// Serialising rows. Unused since witnessing moved off the pipeline task: transaction rows
    /// are serialised while applying (counted in `Apply`), batch witnesses on the witness thread.
    Serialize,
    /// The database transaction.
    Persist,
    /// Answering submitters and streaming events.
    Reply,
    /// Off the acknowledgement path, on the witness thread: Merkle updates and witnesses.
    WitnessApply,
    /// Witness thread: padding, fee credit, snapshot and witness JSON of sealed batches.
    WitnessSeal,
    /// Writer task: block and batch rows with their proof jobs (one transaction per round).
    WitnessPersist,
}

impl Stage {
    /// Every stage, in pipeline order.
    pub const ALL: [Stage; 10] = [
        Stage::Checks,
        Stage::Verify,
        Stage::Apply,
        Stage::Seal,
        Stage::Serialize,
        Stage::Persist,
        Stage::Reply,
        Stage::WitnessApply,
        Stage::WitnessSeal,
        Stage::WitnessPersist,
    ];

    /// The label value.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Checks => "checks",
            Stage::Verify => "verify",
            Stage::Apply => "apply",
            Stage::Seal => "seal",
            Stage::Serialize => "serialize",
            Stage::Persist => "persist",
            Stage::Reply => "reply",
            Stage::WitnessApply => "witness_apply",
            Stage::WitnessSeal => "witness_seal",
            Stage::WitnessPersist => "witness_persist",
        }
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self {
            accepted: AtomicU64::new(0),
            rejected: Mutex::default(),
            overloaded: AtomicU64::new(0),
            groups: AtomicU64::new(0),
            db_failures: AtomicU64::new(0),
            witness_read_back: AtomicU64::new(0),
            bad_proofs: AtomicU64::new(0),
            failed_jobs_retried: AtomicU64::new(0),
            settlement_blocked_on: AtomicU64::new(0),
            l1_reorgs_detected: AtomicU64::new(0),
            submit_latency: Histogram::new(LATENCY_BUCKETS),
            commit_latency: Histogram::new(LATENCY_BUCKETS),
            stages: Default::default(),
        }
    }
}

/// Gauges read at render time.
#[derive(Debug, Clone, Copy, Default)]
pub struct Gauges {
    /// Requests waiting in the pipeline queue.
    pub queue_depth: u64,
    /// Capacity of the queue.
    pub queue_capacity: u64,
    /// Last closed block.
    pub last_block: u64,
    /// Last sealed batch.
    pub last_batch: u64,
    /// Accepted per second over the last 10 s.
    pub throughput: f64,
    /// Accepted transactions not yet witnessed (Merkle state and batch witness lag behind).
    pub witness_lag: u64,
}

impl Metrics {
    /// Counts a rejection.
    pub fn rejected(&self, code: &'static str) {
        *self.rejected.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).entry(code).or_insert(0) += 1;
    }

    /// Adds `elapsed` to a stage's total.
    pub fn stage(&self, stage: Stage, elapsed: Duration) {
        self.stages[stage as usize].fetch_add(elapsed.as_micros() as u64, Ordering::Relaxed);
    }

    /// Time spent in `stage` so far.
    pub fn stage_time(&self, stage: Stage) -> Duration {
        Duration::from_micros(self.stages[stage as usize].load(Ordering::Relaxed))
    }

    /// Seconds spent in each stage so far.
    pub fn stage_seconds(&self) -> Vec<(&'static str, f64)> {
        Stage::ALL.iter().map(|&s| (s.name(), self.stages[s as usize].load(Ordering::Relaxed) as f64 / 1e6)).collect()
    }

    /// The text exposition.
    pub fn render(&self, gauges: Gauges) -> String {
        let mut out = String::new();
        let counter = |out: &mut String, name: &str, help: &str, value: u64| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}");
        };
        let gauge = |out: &mut String, name: &str, help: &str, value: f64| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}");
        };
        counter(
            &mut out,
            "sequencer_tx_accepted_total",
            "Accepted transactions.",
            self.accepted.load(Ordering::Relaxed),
        );
        let _ = writeln!(
            out,
            "# HELP sequencer_tx_rejected_total Rejected transactions by code.\n# TYPE sequencer_tx_rejected_total counter"
        );
        for (code, count) in self.rejected.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).iter() {
            let _ = writeln!(out, "sequencer_tx_rejected_total{{code=\"{code}\"}} {count}");
        }
        counter(
            &mut out,
            "sequencer_overloaded_total",
            "Submissions refused because the queue was full.",
            self.overloaded.load(Ordering::Relaxed),
        );
        counter(&mut out, "sequencer_groups_total", "Group commits.", self.groups.load(Ordering::Relaxed));
        counter(
            &mut out,
            "sequencer_db_failures_total",
            "Failed pipeline database writes.",
            self.db_failures.load(Ordering::Relaxed),
        );
        counter(
            &mut out,
            "sequencer_witness_read_back_total",
            "Accepted transactions the witness thread read back from Postgres.",
            self.witness_read_back.load(Ordering::Relaxed),
        );
        counter(
            &mut out,
            "sequencer_settlement_bad_proofs_total",
            "Stored proofs that failed verification before posting (sent back to the fleet).",
            self.bad_proofs.load(Ordering::Relaxed),
        );
        counter(
            &mut out,
            "sequencer_settlement_failed_jobs_retried_total",
            "Failed proof jobs queued again after their back-off.",
            self.failed_jobs_retried.load(Ordering::Relaxed),
        );
        gauge(
            &mut out,
            "sequencer_settlement_blocked_on_failed_job",
            "The batch whose failed proof job holds settlement back (0: none). Alert when nonzero.",
            self.settlement_blocked_on.load(Ordering::Relaxed) as f64,
        );
        counter(
            &mut out,
            "sequencer_l1_reorgs_detected_total",
            "Watcher polls that found the last scanned L1 block reorged away (the watcher stops). Alert when nonzero.",
            self.l1_reorgs_detected.load(Ordering::Relaxed),
        );
        self.submit_latency.render(&mut out, "sequencer_submit_latency_seconds", "Arrival to answer of a submission.");
        self.commit_latency.render(&mut out, "sequencer_commit_latency_seconds", "Database time of one group commit.");
        let _ = writeln!(
            out,
            "# HELP sequencer_pipeline_stage_seconds_total Time spent per stage (verifier, pipeline, witness thread, writer).\n\
             # TYPE sequencer_pipeline_stage_seconds_total counter"
        );
        for (stage, seconds) in self.stage_seconds() {
            let _ = writeln!(out, "sequencer_pipeline_stage_seconds_total{{stage=\"{stage}\"}} {seconds}");
        }
        gauge(&mut out, "sequencer_queue_depth", "Requests waiting for the pipeline.", gauges.queue_depth as f64);
        gauge(&mut out, "sequencer_queue_capacity", "Capacity of the pipeline queue.", gauges.queue_capacity as f64);
        gauge(&mut out, "sequencer_block_height", "Last closed block.", gauges.last_block as f64);
        gauge(&mut out, "sequencer_batch_height", "Last sealed batch.", gauges.last_batch as f64);
        gauge(
            &mut out,
            "sequencer_witness_lag",
            "Accepted transactions the witness thread has not applied yet.",
            gauges.witness_lag as f64,
        );
        gauge(
            &mut out,
            "sequencer_throughput_tps",
            "Accepted transactions per second (10 s window).",
            gauges.throughput,
        );
        out
    }
}
