//! What a run measured: counts by outcome, throughput and latency percentiles.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::time::Duration;

use serde::Serialize;

/// Latency percentiles in milliseconds.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Percentiles {
    /// Observations.
    pub count: usize,
    /// Median.
    pub p50_ms: f64,
    /// 90th percentile.
    pub p90_ms: f64,
    /// 99th percentile.
    pub p99_ms: f64,
    /// Maximum.
    pub max_ms: f64,
}

impl Percentiles {
    /// Percentiles of `samples` (microseconds); sorts them.
    pub fn of(samples: &mut [u32]) -> Self {
        if samples.is_empty() {
            return Self::default();
        }
        samples.sort_unstable();
        let at = |q: f64| {
            let index = ((samples.len() as f64 * q).ceil() as usize).clamp(1, samples.len()) - 1;
            f64::from(samples[index]) / 1_000.0
        };
        Self { count: samples.len(), p50_ms: at(0.50), p90_ms: at(0.90), p99_ms: at(0.99), max_ms: at(1.0) }
    }
}

/// Microseconds of a duration, saturating.
pub fn micros(duration: Duration) -> u32 {
    duration.as_micros().min(u128::from(u32::MAX)) as u32
}

/// The result of a run.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Target rate (transactions per second), `None` for as fast as possible.
    pub target_tps: Option<f64>,
    /// Transactions per request.
    pub batch_size: usize,
    /// Connections.
    pub concurrency: usize,
    /// Transactions signed before the timed phase.
    pub presigned: usize,
    /// Seconds spent deriving keys, signing and serialising them.
    pub signing_secs: f64,
    /// Transactions sent in the timed phase.
    pub sent: u64,
    /// Accepted by the sequencer.
    pub accepted: u64,
    /// Rejected, by error code (`overloaded` and `unavailable` requests were retried and are
    /// counted in `retries` instead).
    pub rejected: BTreeMap<String, u64>,
    /// Requests answered 503 and sent again.
    pub retries: u64,
    /// Transport failures (no HTTP answer).
    pub transport_errors: u64,
    /// From the first request to the last answer.
    pub elapsed_secs: f64,
    /// Accepted transactions per second over `elapsed_secs`.
    pub accepted_tps: f64,
    /// From sending a request to its whole answer (retries included).
    pub request_latency: Percentiles,
    /// Per transaction: from the moment its rate slot came due (its send time when running
    /// flat out) to its answer; with a rate it includes waiting for a batch to fill and for a
    /// free connection (no coordinated omission).
    pub tx_latency: Percentiles,
    /// Whether the pre-signed transactions ran out before the duration ended.
    pub exhausted: bool,
}

impl Report {
    /// A human-readable table.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let target = self.target_tps.map_or_else(|| "max".to_string(), |t| format!("{t:.0} tx/s"));
        let _ = writeln!(
            out,
            "target {target}, batch {} tx/request, {} connections; pre-signed {} transactions in {:.1} s",
            self.batch_size, self.concurrency, self.presigned, self.signing_secs
        );
        let _ = writeln!(
            out,
            "sent {} in {:.2} s: accepted {} ({:.0} tx/s), {} requests retried after 503, {} transport errors{}",
            self.sent,
            self.elapsed_secs,
            self.accepted,
            self.accepted_tps,
            self.retries,
            self.transport_errors,
            if self.exhausted { " (ran out of pre-signed transactions)" } else { "" }
        );
        for (code, count) in &self.rejected {
            let _ = writeln!(out, "  rejected {code}: {count}");
        }
        let _ =
            writeln!(out, "{:<14} {:>9} {:>9} {:>9} {:>9} {:>9}", "latency (ms)", "count", "p50", "p90", "p99", "max");
        for (name, p) in [("per request", &self.request_latency), ("per tx", &self.tx_latency)] {
            let _ = writeln!(
                out,
                "{name:<14} {:>9} {:>9.2} {:>9.2} {:>9.2} {:>9.2}",
                p.count, p.p50_ms, p.p90_ms, p.p99_ms, p.max_ms
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_pick_nearest_rank() {
        let mut samples: Vec<u32> = (1..=100).rev().map(|ms| ms * 1_000).collect();
        let p = Percentiles::of(&mut samples);
        assert_eq!((p.count, p.p50_ms, p.p90_ms, p.p99_ms, p.max_ms), (100, 50.0, 90.0, 99.0, 100.0));
        assert_eq!(Percentiles::of(&mut []), Percentiles::default());
    }
}
