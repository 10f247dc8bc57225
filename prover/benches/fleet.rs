//! The prover fleet under load (issue 5): proofs per hour per worker, and how the `proof_jobs`
//! queue behaves with 1, 2 and 4 workers.
//!
//! Run with `cargo bench -p prover --bench fleet` (release profile) with `DATABASE_URL` set to a
//! Postgres server (`eval "$(bash scripts/pg env)"`). For each worker count W (and each rayon
//! thread setting) the bench:
//! 1. creates a fresh database, migrates it with the sequencer's migrations and stores the
//!    genesis and a chain of N sealed batches of real signed transfers (the same chain each run);
//! 2. starts W real `prover work` processes (the release binary cargo builds with the bench, with
//!    the binary's default lease, heartbeat and poll interval) on INSECURE dev keys written by
//!    `prover setup` and cached under `<target>/fleet-bench/`, and waits until every worker has
//!    loaded its keys;
//! 3. queues the N proof jobs in one transaction and samples the queue from Postgres every second
//!    until every job is done or failed;
//! 4. stops the workers (SIGTERM) and drops the database.
//!
//! Times come from the rows, on the database's clock: a job is queued at `created_at`, claimed
//! at `lease_expires_at - lease` as first seen in progress (the claim sets the lease; the first
//! heartbeat moves it only `heartbeat` later, and a sample comes every second), and done at
//! `updated_at` once its status is `done`. The workers' logs give each claim and each proof's
//! own time (`elapsed_ms`), and `/proc` the workers' CPU time, the machine's CPU use and its
//! load average during the drain.
//!
//! Reported per run: wall time to drain, proofs per hour in total and per worker, claim-to-done
//! latency, queue wait, CPU seconds per proof, the queue-depth timeline every 10 s, and the
//! checks: no job claimed twice (attempts, owners, the logs' claims), none failed, claims in
//! batch order. A markdown table goes to stdout, everything to `<out>/fleet-<unix time>.json`.
//!
//! Environment:
//! - `FLEET_BENCH_JOBS`: batches (jobs) per run, default 16.
//! - `FLEET_BENCH_SLOTS`, `FLEET_BENCH_DEPTH`: the circuit, default 2 slots at account depth 4.
//! - `FLEET_BENCH_WORKERS`: comma list of worker counts, default `1,2,4`.
//! - `FLEET_BENCH_THREADS`: comma list of `RAYON_NUM_THREADS` for every worker; `0` leaves
//!   rayon's default (one thread per core). Default `0`. Each is run with every worker count.
//! - `FLEET_BENCH_PROVER`: the prover binary, default the one cargo built beside the bench.
//! - `FLEET_BENCH_OUT`: directory of the worker logs, keys and JSON, default
//!   `<target>/fleet-bench`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use circuits::batch::{BatchBuilder, SealedBatch};
use circuits::test_utils::{test_genesis, TestWorld, CHAIN_ID};
use common::{batch_row, ChainDb};
use serde_json::{json, Value};

/// Funded accounts of the chain (account 0 collects the fees).
const ACCOUNTS: usize = 8;
/// Seed of the INSECURE dev set-up.
const SEED: u64 = 7;
/// The worker's defaults (`prover work --help`), passed explicitly: the claim time is derived
/// from the lease, and a heartbeat moves the lease.
const LEASE_SECS: u64 = 60;
const HEARTBEAT_SECS: u64 = 10;
/// Queue sampling interval.
const SAMPLE: Duration = Duration::from_secs(1);
/// A run that has not drained by then is reported as such.
const RUN_TIMEOUT: Duration = Duration::from_secs(3600);

// ---------------------------------------------------------------------------------------------
// Settings and the machine.

struct Settings {
    jobs: usize,
    slots: usize,
    depth: u32,
    workers: Vec<usize>,
    threads: Vec<usize>,
    prover: PathBuf,
    out: PathBuf,
}

fn env_list(name: &str, default: &str) -> Vec<usize> {
    std::env::var(name)
        .unwrap_or_else(|_| default.to_string())
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap_or_else(|_| panic!("{name}: comma-separated numbers")))
        .collect()
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name).map_or(default, |s| s.trim().parse().unwrap_or_else(|_| panic!("{name}: a number")))
}

impl Settings {
    fn from_env() -> Self {
        let prover = std::env::var_os("FLEET_BENCH_PROVER")
            .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_prover")), PathBuf::from);
        // <target>/release/prover -> <target>/fleet-bench
        let default_out = prover.parent().and_then(Path::parent).unwrap_or(Path::new(".")).join("fleet-bench");
        Self {
            jobs: env_number("FLEET_BENCH_JOBS", 16),
            slots: env_number("FLEET_BENCH_SLOTS", 2),
            depth: env_number("FLEET_BENCH_DEPTH", 4) as u32,
            workers: env_list("FLEET_BENCH_WORKERS", "1,2,4"),
            threads: env_list("FLEET_BENCH_THREADS", "0"),
            prover,
            out: std::env::var_os("FLEET_BENCH_OUT").map_or(default_out, PathBuf::from),
        }
    }
}

fn loadavg() -> (f64, String) {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let one = text.split_whitespace().next().and_then(|s| s.parse().ok()).unwrap_or(f64::NAN);
    (one, text.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
}

/// (busy, total) jiffies of the whole machine, from the first line of `/proc/stat`.
fn machine_jiffies() -> (u64, u64) {
    let text = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let values: Vec<u64> =
        text.lines().next().unwrap_or("").split_whitespace().skip(1).take(8).filter_map(|v| v.parse().ok()).collect();
    let total: u64 = values.iter().sum();
    let idle = values.get(3).copied().unwrap_or(0) + values.get(4).copied().unwrap_or(0);
    (total - idle, total)
}

/// User + system CPU time of a process so far, in clock ticks.
fn process_ticks(pid: u32) -> u64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // After "pid (comm) ": state is field 3; utime and stime are fields 14 and 15.
    let rest = text.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let field = |i: usize| fields.get(i).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    field(11) + field(12)
}

fn clock_ticks_per_second() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}

fn machine_description() -> Value {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or("?", |(_, v)| v.trim())
        .to_string();
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_kib = |field: &str| -> f64 {
        meminfo
            .lines()
            .find(|l| l.starts_with(field))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0)
    };
    json!({
        "cpus": std::thread::available_parallelism().map_or(0, |n| n.get()),
        "cpu_model": model,
        "mem_total_gib": mem_kib("MemTotal:") / 1_048_576.0,
        "mem_available_gib": mem_kib("MemAvailable:") / 1_048_576.0,
    })
}

// ---------------------------------------------------------------------------------------------
// The chain and the keys.

/// N full batches of real signed transfers among accounts 1..ACCOUNTS, each built on the state
/// the previous one left.
fn build_chain(jobs: usize, slots: usize, depth: u32) -> Vec<SealedBatch> {
    let mut world = TestWorld::new(ACCOUNTS, depth);
    let senders = ACCOUNTS as u32 - 1;
    let mut batches = Vec::with_capacity(jobs);
    for number in 1..=jobs as u64 {
        let mut builder = BatchBuilder::new(number, slots, &world.state);
        for slot in 0..slots as u64 {
            let k = (number - 1) * slots as u64 + slot;
            let from = (k % u64::from(senders)) as u32 + 1;
            let to = from % senders + 1;
            // Built right before it is applied: signed with the sender's current nonce.
            let tx = world.transfer(from, to, 0, 1_000 * u128::from(k + 1), 5);
            builder.push(world.state.apply(&tx).expect("the transfer applies"));
        }
        batches.push(builder.seal(&mut world.state));
    }
    batches
}

fn file_hash(path: &Path) -> u64 {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let mut hasher = std::hash::DefaultHasher::new();
    std::hash::Hash::hash(&bytes, &mut hasher);
    std::hash::Hasher::finish(&hasher)
}

/// The dev keys for the circuit, from `prover setup` of this very binary (the cache file is named
/// after a hash of it, so a changed circuit never reuses old keys).
fn dev_keys(settings: &Settings) -> PathBuf {
    std::fs::create_dir_all(&settings.out).expect("create the output directory");
    let binary = file_hash(&settings.prover);
    let path =
        settings.out.join(format!("keys-{}-{}-{CHAIN_ID}-{SEED}-{binary:016x}.bin", settings.slots, settings.depth));
    if path.exists() {
        println!("keys: cached {}", path.display());
        return path;
    }
    let partial = settings.out.join(format!("keys.{}.partial", std::process::id()));
    let started = Instant::now();
    let output = Command::new(&settings.prover)
        .args(["setup", "--slots", &settings.slots.to_string(), "--account-depth", &settings.depth.to_string()])
        .args(["--chain-id", &CHAIN_ID.to_string(), "--seed", &SEED.to_string(), "--out"])
        .arg(&partial)
        .env("NO_COLOR", "1")
        .output()
        .expect("run prover setup");
    assert!(
        output.status.success(),
        "prover setup failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::rename(&partial, &path).expect("move the keys into place");
    println!("keys: `prover setup` took {:.1} s -> {}", started.elapsed().as_secs_f64(), path.display());
    path
}

// ---------------------------------------------------------------------------------------------
// Worker processes.

struct WorkerProcess {
    id: String,
    log: PathBuf,
    child: Child,
}

impl WorkerProcess {
    fn spawn(settings: &Settings, url: &str, keys: &Path, id: String, threads: usize, dir: &Path) -> Self {
        let log = dir.join(format!("{id}.log"));
        let file = File::create(&log).expect("create the worker log");
        let mut command = Command::new(&settings.prover);
        command
            .args(["work", "--database-url", url, "--keys"])
            .arg(keys)
            .args(["--worker-id", &id, "--lease-secs", &LEASE_SECS.to_string()])
            .args(["--heartbeat-secs", &HEARTBEAT_SECS.to_string()])
            .env("NO_COLOR", "1")
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(file.try_clone().unwrap())
            .stderr(file);
        if threads > 0 {
            command.env("RAYON_NUM_THREADS", threads.to_string());
        } else {
            command.env_remove("RAYON_NUM_THREADS");
        }
        let child = command.spawn().expect("start prover work");
        Self { id, log, child }
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits until the worker has loaded its keys and started polling.
    fn wait_started(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(600);
        while !self.log_text().contains("worker started") {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("worker {} exited ({status}) before starting:\n{}", self.id, self.log_text());
            }
            assert!(Instant::now() < deadline, "worker {} did not start:\n{}", self.id, self.log_text());
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// SIGTERM (the worker gives back a job in progress and exits), SIGKILL after 10 s.
    fn stop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a worker's log says: the batches it claimed, and each stored proof's `elapsed_ms`.
#[derive(Default)]
struct WorkerLog {
    claims: Vec<i64>,
    proof_ms: Vec<u64>,
    /// Warnings and errors (lost leases, failed attempts, dropped results, database errors),
    /// except the dev keys' standing INSECURE warning.
    trouble: Vec<String>,
}

fn field<T: std::str::FromStr>(line: &str, name: &str) -> Option<T> {
    let start = line.find(&format!(" {name}="))? + name.len() + 2;
    line[start..].split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

fn parse_log(text: &str) -> WorkerLog {
    let mut log = WorkerLog::default();
    for line in text.lines() {
        if line.contains(": claimed ") {
            log.claims.extend(field::<i64>(line, "batch"));
        } else if line.contains(": proof stored ") {
            log.proof_ms.extend(field::<u64>(line, "elapsed_ms"));
        } else if (line.contains(" WARN ") || line.contains(" ERROR ")) && !line.contains("INSECURE") {
            log.trouble.push(line.to_string());
        }
    }
    log
}

// ---------------------------------------------------------------------------------------------
// Sampling the queue.

#[derive(Debug, sqlx::FromRow)]
struct JobSample {
    batch_number: i64,
    status: String,
    attempts: i32,
    picked_by: Option<String>,
    /// Seconds since the epoch, on the database's clock.
    created: f64,
    claimed: Option<f64>,
    updated: f64,
    now: f64,
}

async fn sample(db: &ChainDb) -> Vec<JobSample> {
    sqlx::query_as(
        "SELECT batch_number, status, attempts, picked_by, \
                EXTRACT(EPOCH FROM created_at)::float8 AS created, \
                EXTRACT(EPOCH FROM lease_expires_at - make_interval(secs => $1))::float8 AS claimed, \
                EXTRACT(EPOCH FROM updated_at)::float8 AS updated, \
                EXTRACT(EPOCH FROM clock_timestamp())::float8 AS now \
         FROM proof_jobs ORDER BY batch_number",
    )
    .bind(LEASE_SECS as f64)
    .fetch_all(db.fleet.pool())
    .await
    .expect("sample proof_jobs")
}

/// One job as followed through the samples.
#[derive(Debug, Default)]
struct Track {
    created: f64,
    claimed: Option<f64>,
    /// The claim was first seen more than a heartbeat after the previous sample: the lease, and
    /// so the derived claim time, may have moved already.
    claim_uncertain: bool,
    done: Option<f64>,
    status: String,
    attempts: i32,
    owners: BTreeSet<String>,
}

#[derive(Debug, Clone, Copy)]
struct Point {
    t: f64,
    queued: usize,
    in_progress: usize,
    done: usize,
    failed: usize,
    load1: f64,
}

// ---------------------------------------------------------------------------------------------
// One run.

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (p / 100.0 * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn sorted(mut values: Vec<f64>) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    values
}

fn timeline_every(points: &[Point], step: f64) -> Vec<Point> {
    let mut out = Vec::new();
    let mut next = 0.0;
    for (i, point) in points.iter().enumerate() {
        let last = i + 1 == points.len();
        if point.t + 1e-9 >= next || last {
            out.push(*point);
            while next <= point.t {
                next += step;
            }
        }
    }
    out
}

async fn run(settings: &Settings, batches: &[SealedBatch], keys: &Path, workers: usize, threads: usize) -> Value {
    let label = format!("w{workers}-t{threads}");
    let dir = settings.out.join(format!("run-{label}"));
    std::fs::create_dir_all(&dir).expect("create the run directory");
    let rows: Vec<_> = batches.iter().map(|batch| batch_row(batch, None)).collect();
    let db = ChainDb::create("fleet_bench", &test_genesis(ACCOUNTS, settings.depth), &rows).await;

    let spawned = Instant::now();
    let mut procs: Vec<WorkerProcess> = (1..=workers)
        .map(|i| WorkerProcess::spawn(settings, &db.url, keys, format!("fleet-w{i}"), threads, &dir))
        .collect();
    for proc in &mut procs {
        proc.wait_started();
    }
    let startup = spawned.elapsed().as_secs_f64();
    println!("\n## {workers} worker(s), RAYON_NUM_THREADS={threads} (0 = default): started and keys loaded in {startup:.1} s");

    let ticks = clock_ticks_per_second();
    let cpu_before: Vec<u64> = procs.iter().map(|p| process_ticks(p.child.id())).collect();
    let machine_before = machine_jiffies();
    let (_, load_before) = loadavg();
    let numbers: Vec<i64> = (1..=batches.len() as i64).collect();
    db.enqueue(&numbers).await;

    let mut tracks: BTreeMap<i64, Track> = BTreeMap::new();
    let mut points = Vec::new();
    let mut previous_now: Option<f64> = None;
    let mut t0 = f64::NAN;
    let deadline = Instant::now() + RUN_TIMEOUT;
    let mut next = Instant::now();
    let drained = loop {
        let samples = sample(&db).await;
        let (load1, _) = loadavg();
        let now = samples.first().map_or(f64::NAN, |s| s.now);
        if t0.is_nan() {
            t0 = samples.iter().map(|s| s.created).fold(f64::INFINITY, f64::min);
            previous_now = Some(t0);
        }
        let mut point = Point { t: now - t0, queued: 0, in_progress: 0, done: 0, failed: 0, load1 };
        for s in &samples {
            let track = tracks.entry(s.batch_number).or_default();
            track.created = s.created;
            track.status.clone_from(&s.status);
            track.attempts = s.attempts;
            if let Some(owner) = &s.picked_by {
                track.owners.insert(owner.clone());
            }
            match s.status.as_str() {
                "queued" => point.queued += 1,
                "in_progress" => {
                    point.in_progress += 1;
                    if track.claimed.is_none() {
                        track.claimed = s.claimed;
                        track.claim_uncertain = previous_now.is_none_or(|p| now - p > HEARTBEAT_SECS as f64);
                    }
                }
                "done" => {
                    point.done += 1;
                    track.done.get_or_insert(s.updated);
                }
                _ => point.failed += 1,
            }
        }
        previous_now = Some(now);
        points.push(point);
        if point.done + point.failed == batches.len() {
            break true;
        }
        if Instant::now() > deadline {
            break false;
        }
        next += SAMPLE;
        tokio::time::sleep_until(next.into()).await;
    };
    let cpu_after: Vec<u64> = procs.iter().map(|p| process_ticks(p.child.id())).collect();
    let machine_after = machine_jiffies();
    let (_, load_after) = loadavg();
    for proc in &mut procs {
        proc.stop();
    }
    let logs: Vec<(String, WorkerLog)> = procs.iter().map(|p| (p.id.clone(), parse_log(&p.log_text()))).collect();
    drop(procs);
    db.drop().await;

    // Throughput.
    let done: Vec<&Track> = tracks.values().filter(|t| t.status == "done").collect();
    let failed = tracks.values().filter(|t| t.status == "failed").count();
    let last_done = done.iter().filter_map(|t| t.done).fold(f64::NAN, f64::max);
    let wall = last_done - t0;
    let per_hour = done.len() as f64 / wall * 3600.0;
    // Latencies.
    let claim_to_done = sorted(done.iter().filter_map(|t| Some(t.done? - t.claimed?)).collect());
    let queue_wait = sorted(tracks.values().filter_map(|t| Some(t.claimed? - t.created)).collect());
    let unseen_claims = tracks.values().filter(|t| t.claimed.is_none()).count();
    let uncertain_claims = tracks.values().filter(|t| t.claim_uncertain).count();
    // Checks.
    let reclaimed: Vec<i64> =
        tracks.iter().filter(|(_, t)| t.attempts != 1 || t.owners.len() != 1).map(|(n, _)| *n).collect();
    let log_claims: Vec<i64> = logs.iter().flat_map(|(_, log)| log.claims.iter().copied()).collect();
    let distinct_log_claims: BTreeSet<i64> = log_claims.iter().copied().collect();
    let claimed_by_time: Vec<(f64, i64)> = {
        let mut v: Vec<(f64, i64)> = tracks.iter().filter_map(|(n, t)| Some((t.claimed?, *n))).collect();
        v.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        v
    };
    let out_of_order = claimed_by_time.windows(2).filter(|w| w[1].1 < w[0].1).count();
    // Per worker.
    let mut proofs_by_worker: BTreeMap<String, usize> = BTreeMap::new();
    for track in &done {
        if let Some(owner) = track.owners.iter().next_back() {
            *proofs_by_worker.entry(owner.clone()).or_default() += 1;
        }
    }
    let prove_ms = sorted(logs.iter().flat_map(|(_, log)| log.proof_ms.iter().map(|&ms| ms as f64)).collect());
    let trouble: Vec<String> = logs.iter().flat_map(|(_, log)| log.trouble.iter().cloned()).collect();
    // CPU.
    let worker_cpu_s: f64 =
        cpu_before.iter().zip(&cpu_after).map(|(b, a)| a.saturating_sub(*b) as f64).sum::<f64>() / ticks;
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
    let (busy, total) =
        (machine_after.0.saturating_sub(machine_before.0), machine_after.1.saturating_sub(machine_before.1));
    let machine_busy = busy as f64 / total.max(1) as f64;
    let window = points.last().map_or(wall, |p| p.t);
    let workers_share = worker_cpu_s / (window * cpus);
    let loads: Vec<f64> = points.iter().map(|p| p.load1).collect();
    let load_mean = loads.iter().sum::<f64>() / loads.len().max(1) as f64;
    let load_min = loads.iter().copied().fold(f64::INFINITY, f64::min);
    let load_max = loads.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let every10 = timeline_every(&points, 10.0);

    println!("drained: {drained}; {} done, {failed} failed of {} in {wall:.1} s", done.len(), batches.len());
    println!(
        "proofs per hour: {per_hour:.0} in total, {:.0} per worker; per worker: {proofs_by_worker:?}",
        per_hour / workers as f64
    );
    println!(
        "claim -> done: p50 {:.1} s, max {:.1} s; queue wait p50 {:.1} s, max {:.1} s; prove (worker log) p50 {:.1} s",
        percentile(&claim_to_done, 50.0),
        percentile(&claim_to_done, 100.0),
        percentile(&queue_wait, 50.0),
        percentile(&queue_wait, 100.0),
        percentile(&prove_ms, 50.0) / 1000.0
    );
    println!(
        "CPU: workers {worker_cpu_s:.0} s ({:.1} s per proof), {:.0}% of the machine; machine busy {:.0}%; \
         load 1-min {load_min:.2}-{load_max:.2} (mean {load_mean:.2}); loadavg before {load_before}, after {load_after}",
        worker_cpu_s / done.len().max(1) as f64,
        100.0 * workers_share,
        100.0 * machine_busy
    );
    println!(
        "checks: re-claimed or shared jobs {reclaimed:?}; log claims {} ({} distinct); claims out of batch order \
         {out_of_order}; claim times not seen {unseen_claims}, uncertain {uncertain_claims}; warnings in logs {}",
        log_claims.len(),
        distinct_log_claims.len(),
        trouble.len()
    );
    for line in trouble.iter().take(10) {
        println!("  {line}");
    }
    let timeline: Vec<String> =
        every10.iter().map(|p| format!("{:.0}s {}/{}/{}", p.t, p.queued, p.in_progress, p.done + p.failed)).collect();
    println!("queue every 10 s (queued/in progress/finished): {}", timeline.join(" · "));

    json!({
        "workers": workers,
        "rayon_threads": threads,
        "jobs": batches.len(),
        "drained": drained,
        "startup_s": startup,
        "wall_s": wall,
        "done": done.len(),
        "failed": failed,
        "proofs_per_hour": per_hour,
        "proofs_per_hour_per_worker": per_hour / workers as f64,
        "proofs_by_worker": proofs_by_worker,
        "claim_to_done_s": { "p50": percentile(&claim_to_done, 50.0), "p90": percentile(&claim_to_done, 90.0),
                             "max": percentile(&claim_to_done, 100.0), "min": percentile(&claim_to_done, 0.0) },
        "queue_wait_s": { "p50": percentile(&queue_wait, 50.0), "max": percentile(&queue_wait, 100.0) },
        "prove_s_worker_log": { "p50": percentile(&prove_ms, 50.0) / 1000.0, "max": percentile(&prove_ms, 100.0) / 1000.0 },
        "worker_cpu_s": worker_cpu_s,
        "worker_cpu_s_per_proof": worker_cpu_s / done.len().max(1) as f64,
        "workers_share_of_machine": workers_share,
        "machine_busy": machine_busy,
        "load1": { "min": load_min, "mean": load_mean, "max": load_max, "before": load_before, "after": load_after },
        "checks": {
            "reclaimed_or_shared_jobs": reclaimed,
            "log_claims": log_claims.len(),
            "log_claims_distinct": distinct_log_claims.len(),
            "claims_out_of_batch_order": out_of_order,
            "claim_times_not_seen": unseen_claims,
            "claim_times_uncertain": uncertain_claims,
            "log_warnings": trouble,
        },
        "timeline_every_10s": every10.iter().map(|p| json!([p.t, p.queued, p.in_progress, p.done, p.failed])).collect::<Vec<_>>(),
        "timeline": points.iter().map(|p| json!([p.t, p.queued, p.in_progress, p.done, p.failed, p.load1])).collect::<Vec<_>>(),
    })
}

fn markdown(runs: &[Value]) -> String {
    let mut out = String::from(
        "| workers | rayon threads each | jobs | wall to drain | proofs/h total | proofs/h per worker | \
         claim→done p50 / max | queue wait p50 / max | worker CPU s per proof | machine busy (workers) | \
         load 1-min min–max | claimed twice | failed | claims out of order |\n\
         |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for r in runs {
        let f = |path: &[&str]| path.iter().fold(r, |v, k| &v[*k]).as_f64().unwrap_or(f64::NAN);
        let threads = match r["rayon_threads"].as_u64() {
            Some(0) | None => "default".to_string(),
            Some(n) => n.to_string(),
        };
        out += &format!(
            "| {} | {threads} | {} | {:.1} s | {:.0} | {:.0} | {:.1} s / {:.1} s | {:.1} s / {:.1} s | {:.1} | {:.0}% ({:.0}%) | {:.2}–{:.2} | {} | {} | {} |\n",
            r["workers"],
            r["jobs"],
            f(&["wall_s"]),
            f(&["proofs_per_hour"]),
            f(&["proofs_per_hour_per_worker"]),
            f(&["claim_to_done_s", "p50"]),
            f(&["claim_to_done_s", "max"]),
            f(&["queue_wait_s", "p50"]),
            f(&["queue_wait_s", "max"]),
            f(&["worker_cpu_s_per_proof"]),
            100.0 * f(&["machine_busy"]),
            100.0 * f(&["workers_share_of_machine"]),
            f(&["load1", "min"]),
            f(&["load1", "max"]),
            r["checks"]["reclaimed_or_shared_jobs"].as_array().map_or(0, Vec::len),
            r["failed"],
            r["checks"]["claims_out_of_batch_order"],
        );
    }
    out
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let started = Instant::now();
    let settings = Settings::from_env();
    let machine = machine_description();
    println!(
        "# Prover fleet benchmark: {} jobs of {} slots at account depth {}, workers {:?}, RAYON_NUM_THREADS {:?} \
         (0 = default)\nmachine: {machine}\nloadavg: {}\nprover: {}",
        settings.jobs,
        settings.slots,
        settings.depth,
        settings.workers,
        settings.threads,
        loadavg().1,
        settings.prover.display()
    );
    let keys = dev_keys(&settings);
    let chain_started = Instant::now();
    let batches = build_chain(settings.jobs, settings.slots, settings.depth);
    println!("chain: {} batches built in {:.1} s", batches.len(), chain_started.elapsed().as_secs_f64());

    let mut runs = Vec::new();
    for &threads in &settings.threads {
        for &workers in &settings.workers {
            runs.push(run(&settings, &batches, &keys, workers, threads).await);
        }
    }
    let table = markdown(&runs);
    println!("\n{table}");
    let total = started.elapsed().as_secs_f64();
    println!("bench took {total:.0} s");
    let unix = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let path = settings.out.join(format!("fleet-{unix}.json"));
    let summary = json!({
        "machine": machine,
        "jobs": settings.jobs, "slots": settings.slots, "account_depth": settings.depth,
        "lease_secs": LEASE_SECS, "heartbeat_secs": HEARTBEAT_SECS,
        "runs": runs, "bench_s": total,
    });
    std::fs::write(&path, serde_json::to_string_pretty(&summary).unwrap()).expect("write the summary");
    println!("summary: {}", path.display());
}
