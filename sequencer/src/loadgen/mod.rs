//! The load generator behind the `loadgen` binary: signs transfers and swaps between the
//! accounts of a `sequencer genesis` file ahead of time ([`plan`]), sends them over HTTP at a
//! target rate or flat out ([`client`]) and reports outcomes, throughput and latency
//! ([`report`]). Since it signs ahead of time, it signs an expiry its run cannot reach
//! ([`run_valid_until`]).

pub mod client;
pub mod plan;
pub mod report;

use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use circuits::genesis::Genesis;
use circuits::state::Pool;
use hyper::Method;

use client::{outcomes, ClientError, Connection};
use plan::{Body, Planner};
use report::{micros, Percentiles, Report};

/// How fast to send.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rate {
    /// As fast as the connections allow.
    Max,
    /// Transactions per second.
    PerSecond(f64),
}

impl FromStr for Rate {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        if text == "max" {
            return Ok(Rate::Max);
        }
        match text.parse::<f64>() {
            Ok(rate) if rate > 0.0 && rate.is_finite() => Ok(Rate::PerSecond(rate)),
            _ => Err(format!("{text:?} is neither `max` nor a positive number of transactions per second")),
        }
    }
}

/// Relative weights of transaction kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mix {
    /// Transfers.
    pub transfer: u32,
    /// Swaps.
    pub swap: u32,
}

impl FromStr for Mix {
    type Err = String;

    /// `transfer=90,swap=10` (a kind left out weighs 0).
    fn from_str(text: &str) -> Result<Self, String> {
        let mut mix = Mix { transfer: 0, swap: 0 };
        for part in text.split(',').filter(|p| !p.is_empty()) {
            let (kind, weight) = part.split_once('=').ok_or_else(|| format!("{part:?} is not kind=weight"))?;
            let weight: u32 = weight.trim().parse().map_err(|_| format!("bad weight in {part:?}"))?;
            match kind.trim() {
                "transfer" => mix.transfer = weight,
                "swap" => mix.swap = weight,
                other => return Err(format!("unknown transaction kind {other:?} (transfer, swap)")),
            }
        }
        if mix.transfer + mix.swap == 0 {
            return Err("the mix weighs nothing".into());
        }
        Ok(mix)
    }
}

/// A run's settings.
#[derive(Debug, Clone)]
pub struct LoadConfig {
    /// `http://host:port` of the sequencer.
    pub url: String,
    /// Accounts used (ids `0..accounts` of the genesis).
    pub accounts: usize,
    /// Target rate.
    pub rate: Rate,
    /// Length of the timed phase.
    pub duration: Duration,
    /// Transactions per request (1: `POST /v1/transactions`, else `/v1/transactions/batch`).
    pub batch_size: usize,
    /// Connections, each with one request in flight.
    pub concurrency: usize,
    /// Transfer/swap weights.
    pub mix: Mix,
    /// Transactions to pre-sign; by default rate × duration, or 25,000/s × duration at `max`.
    pub presign: Option<usize>,
    /// Random seed.
    pub seed: u64,
}

/// Why a run failed.
#[derive(Debug, thiserror::Error)]
pub enum LoadgenError {
    /// HTTP.
    #[error(transparent)]
    Client(#[from] ClientError),
    /// The genesis does not fit the request.
    #[error("{0}")]
    Genesis(String),
    /// The sequencer answered something unexpected.
    #[error("{0}")]
    Sequencer(String),
}

/// Reads every used account's nonce from the sequencer (`GET /v1/accounts/{id}`).
async fn fetch_nonces(authority: &str, accounts: usize, connections: usize) -> Result<Vec<u32>, LoadgenError> {
    let connections = connections.clamp(1, 16);
    let mut tasks = Vec::new();
    for lane in 0..connections {
        let authority = authority.to_string();
        tasks.push(tokio::spawn(async move {
            let mut connection = Connection::open(&authority).await?;
            let mut nonces = Vec::new();
            for id in (lane..accounts).step_by(connections) {
                let (status, body) = connection.get(&format!("/v1/accounts/{id}")).await?;
                let value: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
                let nonce = value["nonce"].as_u64().filter(|_| status == 200).ok_or_else(|| {
                    LoadgenError::Sequencer(format!("account {id}: HTTP {status}: {}", String::from_utf8_lossy(&body)))
                })?;
                nonces.push((id, nonce as u32));
            }
            Ok::<_, LoadgenError>(nonces)
        }));
    }
    let mut nonces = vec![0; accounts];
    for task in tasks {
        for (id, nonce) in task.await.map_err(|e| LoadgenError::Sequencer(e.to_string()))?? {
            nonces[id] = nonce;
        }
    }
    Ok(nonces)
}

/// The pools as they are now (`GET /v1/pools`), by id: one for each of the genesis' pools.
async fn fetch_pools(authority: &str, genesis: &Genesis) -> Result<Vec<Pool>, LoadgenError> {
    let mut connection = Connection::open(authority).await?;
    let (status, body) = connection.get("/v1/pools").await?;
    let answer = |why: String| LoadgenError::Sequencer(format!("/v1/pools: HTTP {status}: {why}"));
    let value: serde_json::Value = serde_json::from_slice(&body).map_err(|e| answer(e.to_string()))?;
    let entries = value["pools"].as_array().filter(|_| status == 200).ok_or_else(|| answer(value.to_string()))?;
    let pools = entries
        .iter()
        .map(|entry| serde_json::from_value(entry["pool"].clone()).map_err(|e| answer(e.to_string())))
        .collect::<Result<Vec<Pool>, _>>()?;
    if pools.len() != genesis.pools.len() {
        return Err(LoadgenError::Genesis(format!(
            "the sequencer has {} pools, the genesis file {}",
            pools.len(),
            genesis.pools.len()
        )));
    }
    Ok(pools)
}

/// The batch the sequencer is filling now (`heights.open_batch` of `GET /v1/status`).
async fn fetch_open_batch(authority: &str) -> Result<u64, LoadgenError> {
    let mut connection = Connection::open(authority).await?;
    let (status, body) = connection.get("/v1/status").await?;
    let value: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    value["heights"]["open_batch"].as_u64().filter(|_| status == 200).ok_or_else(|| {
        LoadgenError::Sequencer(format!(
            "/v1/status: HTTP {status}: no heights.open_batch in {}",
            String::from_utf8_lossy(&body)
        ))
    })
}

/// Batches the run's transactions stay valid for beyond their own count (see
/// [`run_valid_until`]).
pub const VALID_FOR_MARGIN: u64 = 1_000_000;

/// The `valid_until` a run signs all its transactions with, ahead of time, while batch
/// `open_batch` is open: far enough that the run cannot expire its own transactions. Every
/// sealed batch holds at least one transaction, so the run's `transactions` alone move the
/// open batch at most that far; the margin covers everyone else's traffic meanwhile. At most
/// `u32::MAX`.
pub fn run_valid_until(open_batch: u64, transactions: usize) -> u32 {
    let batches = (transactions as u64).max(VALID_FOR_MARGIN);
    u32::try_from(open_batch.saturating_add(batches)).unwrap_or(u32::MAX)
}

/// What all lanes share.
struct Schedule {
    start: Instant,
    end: Instant,
    rate: Rate,
    slots: AtomicU64,
}

impl Schedule {
    /// When transaction slot `slot` comes due.
    fn due(&self, slot: u64) -> Instant {
        match self.rate {
            Rate::PerSecond(rate) => self.start + Duration::from_secs_f64(slot as f64 / rate),
            Rate::Max => self.start,
        }
    }
}

/// What one lane saw.
#[derive(Default)]
struct LaneStats {
    sent: u64,
    accepted: u64,
    rejected: BTreeMap<String, u64>,
    retries: u64,
    transport_errors: u64,
    request_micros: Vec<u32>,
    tx_micros: Vec<u32>,
    last_answer: Option<Instant>,
    exhausted: bool,
}

/// Sends one lane's bodies in order on one connection until they or the time run out.
async fn run_lane(authority: String, path: &'static str, bodies: Vec<Body>, schedule: Arc<Schedule>) -> LaneStats {
    let mut stats = LaneStats { exhausted: true, ..LaneStats::default() };
    let mut connection = match Connection::open(&authority).await {
        Ok(connection) => connection,
        Err(error) => {
            tracing::error!(%error, "lane could not connect");
            stats.transport_errors += 1;
            return stats;
        }
    };
    let batch = path.ends_with("/batch");
    for body in bodies {
        let count = body.count as u64;
        // Per-transaction due times: rate slots, or the moment this request could go.
        let first_due = match schedule.rate {
            Rate::PerSecond(_) => {
                let slot = schedule.slots.fetch_add(count, Ordering::Relaxed);
                let last_due = schedule.due(slot + count - 1);
                if last_due >= schedule.end {
                    stats.exhausted = false;
                    break;
                }
                tokio::time::sleep_until(last_due.into()).await;
                Some(slot)
            }
            Rate::Max => {
                if Instant::now() >= schedule.end {
                    stats.exhausted = false;
                    break;
                }
                None
            }
        };
        let sent = Instant::now();
        let answer = loop {
            match connection.send(Method::POST, path, body.json.clone()).await {
                Ok((503, _)) => {
                    stats.retries += 1;
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
                Ok(answer) => break Some(answer),
                Err(error) => {
                    tracing::warn!(%error, "request failed; reconnecting");
                    stats.transport_errors += 1;
                    match Connection::open(&authority).await {
                        Ok(fresh) => connection = fresh,
                        Err(_) => break None,
                    }
                }
            }
        };
        let Some((status, bytes)) = answer else {
            stats.exhausted = false;
            break;
        };
        let answered = Instant::now();
        stats.sent += count;
        stats.last_answer = Some(answered);
        stats.request_micros.push(micros(answered - sent));
        for (index, outcome) in outcomes(status, &bytes, body.count, batch).into_iter().enumerate() {
            match outcome {
                None => stats.accepted += 1,
                Some(code) => *stats.rejected.entry(code).or_default() += 1,
            }
            let due = first_due.map_or(sent, |slot| schedule.due(slot + index as u64));
            stats.tx_micros.push(micros(answered.saturating_duration_since(due)));
        }
    }
    stats
}

/// Runs the load: nonces and pools, signing, liquidity set-up, then the timed phase.
pub async fn run(config: &LoadConfig, genesis: Genesis) -> Result<Report, LoadgenError> {
    if config.accounts < 2 || config.accounts > genesis.accounts.len() {
        return Err(LoadgenError::Genesis(format!(
            "--accounts must be between 2 and the genesis' {} accounts",
            genesis.accounts.len()
        )));
    }
    let authority = client::authority(&config.url)?;
    let nonces = fetch_nonces(&authority, config.accounts, config.concurrency).await?;
    let pools = fetch_pools(&authority, &genesis).await?;
    let open_batch = fetch_open_batch(&authority).await?;
    let batch_size = config.batch_size.clamp(1, 10_000);
    let concurrency = config.concurrency.clamp(1, config.accounts);
    let count = config.presign.unwrap_or_else(|| {
        let per_second = match config.rate {
            Rate::PerSecond(rate) => rate,
            Rate::Max => 25_000.0,
        };
        (per_second * config.duration.as_secs_f64()).ceil() as usize + concurrency * batch_size
    });
    let planner = Planner {
        genesis: &genesis,
        pools: &pools,
        accounts: config.accounts,
        nonces,
        lanes: concurrency,
        batch_size,
        mix: config.mix,
        seed: config.seed,
        // The set-up (two additions per pool) comes on top of the timed phase's `count`.
        valid_until: run_valid_until(open_batch, count + 2 * genesis.pools.len()),
    };
    tracing::info!(transactions = count, "signing");
    let plan = tokio::task::block_in_place(|| planner.build(count));
    tracing::info!(signed = plan.signed, secs = plan.signing_time.as_secs_f64(), "signed");

    if !plan.setup.is_empty() {
        let mut connection = Connection::open(&authority).await?;
        let body = serde_json::to_vec(&plan.setup).expect("transactions serialise");
        let (status, bytes) = connection.send(Method::POST, "/v1/transactions/batch", body.into()).await?;
        let results = outcomes(status, &bytes, plan.setup.len(), true);
        let refused: Vec<String> = results.into_iter().flatten().collect();
        if refused.is_empty() {
            tracing::info!(transactions = plan.setup.len(), "added liquidity");
        } else {
            tracing::warn!(?refused, "some liquidity additions were refused; swaps may fail");
        }
    }

    let path = if batch_size == 1 { "/v1/transactions" } else { "/v1/transactions/batch" };
    let start = Instant::now();
    let schedule =
        Arc::new(Schedule { start, end: start + config.duration, rate: config.rate, slots: AtomicU64::new(0) });
    let lanes: Vec<_> = plan
        .lanes
        .into_iter()
        .map(|bodies| tokio::spawn(run_lane(authority.clone(), path, bodies, schedule.clone())))
        .collect();
    let mut total = LaneStats::default();
    for lane in lanes {
        let stats = lane.await.map_err(|e| LoadgenError::Sequencer(e.to_string()))?;
        total.sent += stats.sent;
        total.accepted += stats.accepted;
        for (code, count) in stats.rejected {
            *total.rejected.entry(code).or_default() += count;
        }
        total.retries += stats.retries;
        total.transport_errors += stats.transport_errors;
        total.request_micros.extend(stats.request_micros);
        total.tx_micros.extend(stats.tx_micros);
        total.last_answer = total.last_answer.max(stats.last_answer);
        total.exhausted |= stats.exhausted;
    }
    let elapsed = total.last_answer.map_or(Duration::ZERO, |last| last - start).as_secs_f64();
    Ok(Report {
        target_tps: match config.rate {
            Rate::PerSecond(rate) => Some(rate),
            Rate::Max => None,
        },
        batch_size,
        concurrency,
        presigned: plan.signed,
        signing_secs: plan.signing_time.as_secs_f64(),
        sent: total.sent,
        accepted: total.accepted,
        rejected: total.rejected,
        retries: total.retries,
        transport_errors: total.transport_errors,
        elapsed_secs: elapsed,
        accepted_tps: if elapsed > 0.0 { total.accepted as f64 / elapsed } else { 0.0 },
        request_latency: Percentiles::of(&mut total.request_micros),
        tx_latency: Percentiles::of(&mut total.tx_micros),
        exhausted: total.exhausted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rates_and_mixes() {
        assert_eq!("max".parse::<Rate>(), Ok(Rate::Max));
        assert_eq!("2500".parse::<Rate>(), Ok(Rate::PerSecond(2500.0)));
        assert!("0".parse::<Rate>().is_err());
        assert_eq!("transfer=90,swap=10".parse::<Mix>(), Ok(Mix { transfer: 90, swap: 10 }));
        assert_eq!("transfer=1".parse::<Mix>(), Ok(Mix { transfer: 1, swap: 0 }));
        assert!("mint=1".parse::<Mix>().is_err());
        assert!("transfer=0".parse::<Mix>().is_err());
    }

    #[test]
    fn a_run_signs_an_expiry_its_own_transactions_cannot_reach() {
        assert_eq!(run_valid_until(5, 10), 5 + VALID_FOR_MARGIN as u32);
        assert_eq!(run_valid_until(5, 3_000_000), 3_000_005);
        assert_eq!(run_valid_until(u64::from(u32::MAX) - 10, 1), u32::MAX);
    }
}
