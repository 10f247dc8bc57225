//! The prover fleet against a real Postgres (DATABASE_URL, set by scripts/test; the tests fail
//! without it). Each test creates its own database, migrates it with the sequencer's migrations
//! and writes the genesis, batches and proof jobs with the sequencer's DAL, as the sequencer
//! does. One INSECURE dev set-up of a tiny circuit (2 slots, account depth 4) is shared.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use circuits::babyjubjub::PrivateKey;
use circuits::batch::{BatchBuilder, SealedBatch};
use circuits::circuit::CircuitParams;
use circuits::test_utils::{test_genesis, TestWorld, CHAIN_ID};
use prover::fleet::dal::{ClaimedJob, JobRow, LEASE_EXPIRED_TOO_MANY_TIMES};
use prover::fleet::executor::{Executor, JobError, ProofExecutor};
use prover::fleet::picker::PgJobPicker;
use prover::fleet::saver::PgJobSaver;
use prover::fleet::worker::{Worker, WorkerConfig, WorkerStats};
use prover::fleet::{check_keys_match_chain, FleetError};
use prover::{proof_from_bytes, Keys};
use tokio::sync::watch;
use tokio::task::JoinHandle;

mod common;
use common::{batch_row, ChainDb};

const PARAMS: CircuitParams =
    CircuitParams { slots: 2, account_depth: 4, chain_id: CHAIN_ID, fee_account: 0, transfer_slots: 0 };
const ACCOUNTS: usize = 4;
const MAX_ATTEMPTS: u32 = 3;
/// The longest a claim may last in these tests (the age test backdates a claim past it).
const MAX_LEASE_AGE: Duration = Duration::from_secs(600);
/// Longer than any wait below; a test that hangs fails instead.
const PATIENCE: Duration = Duration::from_secs(600);

// ---------------------------------------------------------------------------------------------
// Shared fixtures: keys (one set-up for every test) and a chain of batches.

struct Fixture {
    keys: Arc<Keys>,
    keys_path: PathBuf,
    /// Batches 1 and 2 (provable), 3 (dishonest: it claims a state root the circuit refuses).
    batches: Vec<SealedBatch>,
}

static FIXTURE: OnceLock<Fixture> = OnceLock::new();

fn build_batches() -> Vec<SealedBatch> {
    let mut world = TestWorld::new(ACCOUNTS, PARAMS.account_depth);
    let blocks = [
        vec![world.transfer(1, 2, 0, 1_230_000, 40), world.withdraw(2, 1, 777, 3)],
        vec![world.deposit(&PrivateKey::from_bytes(b"newcomer"), 1, 5_000)],
        vec![world.add_liquidity(3, 0, 1_000_000, 1_000_000)],
    ];
    let mut batches = Vec::new();
    for (index, txs) in blocks.into_iter().enumerate() {
        let mut builder = BatchBuilder::new(index as u64 + 1, PARAMS.slots, &world.state);
        for tx in txs {
            // Signed with the nonce of the state the batch starts on: each batch's txs are
            // built from the state before it.
            builder.push(world.state.apply(&tx).expect("the test transaction applies"));
        }
        batches.push(builder.seal(&mut world.state));
    }
    // Batch 3 lies about its outcome: its witness parses and its commitment is the one recorded
    // (the lie is committed to), but no assignment satisfies the circuit. The fleet must give up.
    batches[2].roots_after.accounts += circuits::field::Fr::from(1u64);
    batches
}

fn fixture() -> &'static Fixture {
    FIXTURE.get_or_init(|| {
        let started = Instant::now();
        let keys = Keys::insecure_dev_setup(PARAMS, 7).expect("set-up");
        eprintln!("[timing] insecure dev set-up (2 slots, depth 4): {:.1} s", started.elapsed().as_secs_f64());
        let dir = std::env::temp_dir().join(format!("prover-fleet-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let keys_path = dir.join("keys.bin");
        keys.save(&keys_path).unwrap();
        Fixture { keys: Arc::new(keys), keys_path, batches: build_batches() }
    })
}

/// The fixture, built on this thread (blocking) the first time.
fn shared() -> &'static Fixture {
    tokio::task::block_in_place(fixture)
}

// ---------------------------------------------------------------------------------------------
// A database of its own per test, filled the way the sequencer fills it (tests/common).

type TestDb = ChainDb;

impl ChainDb {
    /// A migrated database with the test genesis and batches 1-3 (and a batch 4 whose witness
    /// is corrupt), without proof jobs.
    async fn new() -> Self {
        let batches = &shared().batches;
        let corrupt = SealedBatch { number: 4, ..batches[1].clone() };
        let mut rows: Vec<_> = batches.iter().map(|batch| batch_row(batch, None)).collect();
        rows.push(batch_row(&corrupt, Some(r#"{"corrupt": true}"#)));
        Self::create("prover_test", &test_genesis(ACCOUNTS, PARAMS.account_depth), &rows).await
    }

    /// Makes a job look claimed by a worker that died: in progress, lease already past.
    async fn abandon(&self, batch_number: i64, worker: &str, attempts: i32) {
        sqlx::query(
            "UPDATE proof_jobs SET status = 'in_progress', picked_by = $2, attempts = $3, \
                 lease_expires_at = now() - interval '1 second' WHERE batch_number = $1",
        )
        .bind(batch_number)
        .bind(worker)
        .bind(attempts)
        .execute(self.fleet.pool())
        .await
        .unwrap();
    }

    async fn job(&self, batch_number: i64) -> JobRow {
        self.fleet.job(batch_number).await.unwrap().expect("the job exists")
    }

    /// Polls until `done(job)` holds for every listed job.
    async fn wait_for(&self, batch_numbers: &[i64], what: &str, done: impl Fn(&JobRow) -> bool) -> Vec<JobRow> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let mut jobs = Vec::new();
            for &number in batch_numbers {
                jobs.push(self.job(number).await);
            }
            if jobs.iter().all(&done) {
                return jobs;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}: {jobs:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Workers in this process.

fn init_logs() {
    if let Ok(filter) = tracing_subscriber::EnvFilter::try_from_default_env() {
        let _ = tracing_subscriber::fmt().with_env_filter(filter).with_test_writer().try_init();
    }
}

struct Running {
    stop: watch::Sender<bool>,
    handle: JoinHandle<WorkerStats>,
}

impl Running {
    async fn stop(self) -> WorkerStats {
        let _ = self.stop.send(true);
        self.handle.await.expect("the worker task does not panic")
    }
}

fn worker_with<E: Executor>(
    db: &TestDb,
    id: &str,
    lease_secs: u64,
    once: bool,
    executor: E,
) -> Worker<PgJobPicker, E, PgJobSaver> {
    let lease = Duration::from_secs(lease_secs);
    let picker = PgJobPicker {
        dal: db.fleet.clone(),
        worker_id: id.into(),
        lease,
        layout: PARAMS.layout(),
        max_attempts: MAX_ATTEMPTS,
        max_lease_age: MAX_LEASE_AGE,
    };
    let saver = PgJobSaver { dal: db.fleet.clone(), lease, max_attempts: MAX_ATTEMPTS };
    let config = WorkerConfig {
        worker_id: id.into(),
        heartbeat: Duration::from_secs(1),
        poll: Duration::from_millis(100),
        once,
    };
    Worker::new(picker, Arc::new(executor), saver, config)
}

fn worker(db: &TestDb, id: &str, lease_secs: u64, once: bool) -> Worker<PgJobPicker, ProofExecutor, PgJobSaver> {
    worker_with(db, id, lease_secs, once, ProofExecutor { keys: shared().keys.clone() })
}

/// An executor that only takes its time (no CPU): for the lease and shutdown paths.
struct Stalling(Duration);

impl Executor for Stalling {
    fn execute(&self, _job: &ClaimedJob) -> Result<Vec<u8>, JobError> {
        std::thread::sleep(self.0);
        Err(JobError::NotVerified)
    }
}

fn start<E: Executor>(worker: Worker<PgJobPicker, E, PgJobSaver>) -> Running {
    let (stop, shutdown) = watch::channel(false);
    Running { stop, handle: tokio::spawn(async move { worker.run(shutdown).await }) }
}

fn spawn(db: &TestDb, id: &str, lease_secs: u64) -> Running {
    start(worker(db, id, lease_secs, false))
}

fn assert_proven(job: &JobRow) {
    assert_eq!(job.status, "done", "{job:?}");
    let batch = &shared().batches[job.batch_number as usize - 1];
    let proof = proof_from_bytes(job.proof.as_deref().expect("a done job has a proof")).expect("proof bytes parse");
    assert!(shared().keys.verify(batch.commitment(), &proof), "the stored proof verifies: {job:?}");
    assert_eq!(job.last_error, None);
}

// ---------------------------------------------------------------------------------------------
// Scenarios.

/// (a) Two workers claim distinct jobs at once; heartbeats keep their 10 s leases through
/// proofs that take longer; both batches end done with proofs that verify.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_claim_distinct_jobs_and_both_prove() {
    init_logs();
    shared();
    let db = TestDb::new().await;
    db.enqueue(&[1, 2]).await;
    let started = Instant::now();
    let workers = [spawn(&db, "worker-a", 10), spawn(&db, "worker-b", 10)];
    let claimed = db.wait_for(&[1, 2], "both claims", |job| job.status != "queued").await;
    let owners: BTreeSet<_> = claimed.iter().map(|job| job.picked_by.clone().unwrap()).collect();
    assert_eq!(owners.len(), 2, "each worker claimed its own job: {claimed:?}");

    let jobs = db.wait_for(&[1, 2], "both proofs", |job| job.status == "done").await;
    let elapsed = started.elapsed().as_secs_f64();
    eprintln!("[timing] two 2-slot batches by two workers at once: {elapsed:.1} s");
    let mut stats = Vec::new();
    for running in workers {
        stats.push(running.stop().await);
    }
    for job in &jobs {
        assert_proven(job);
        assert_eq!(job.attempts, 1, "the heartbeat held the lease, no second claim: {job:?}");
    }
    let owners: BTreeSet<_> = jobs.iter().map(|job| job.picked_by.clone().unwrap()).collect();
    assert_eq!(owners, BTreeSet::from(["worker-a".to_string(), "worker-b".to_string()]));
    assert!(stats.iter().all(|s| s.proved == 1 && s.failed == 0 && s.lost == 0), "{stats:?}");
    db.drop().await;
}

/// (b) A job whose worker died mid-proof (in progress, lease past) is requeued and claimed by
/// another worker, before any newer job; that worker, shut down mid-proof, gives the job back
/// without counting its attempt. (Proving a requeued job to the end is (d), with a real kill.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_lease_is_requeued_and_shutdown_gives_the_job_back() {
    init_logs();
    shared();
    let db = TestDb::new().await;
    db.enqueue(&[1, 2]).await;
    db.abandon(1, "dead-worker", 1).await;

    // The executor stalls instead of proving: what matters here is the queue, not the proof.
    let rescuer = start(worker_with(&db, "rescuer", 30, false, Stalling(Duration::from_secs(3))));
    let claimed =
        db.wait_for(&[1], "the requeue and claim", |job| job.status == "in_progress" && job.attempts == 2).await;
    assert_eq!(claimed[0].picked_by.as_deref(), Some("rescuer"));
    assert_eq!(claimed[0].last_error.as_deref(), Some("lease expired (worker dead-worker)"));
    assert_eq!(db.job(2).await.status, "queued", "the requeued job goes first");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let stats = rescuer.stop().await;
    assert_eq!(stats, WorkerStats { released: 1, ..WorkerStats::default() });
    let job = db.job(1).await;
    assert_eq!((job.status.as_str(), job.attempts, job.proof.is_none()), ("queued", 1, true), "{job:?}");
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_claim_older_than_the_maximum_lease_age_is_requeued_despite_its_heartbeat() {
    init_logs();
    shared();
    let db = TestDb::new().await;
    db.enqueue(&[1]).await;
    // A worker that hangs with its heartbeat alive: the lease runs an hour more, but the claim is
    // two hours old, past the maximum age.
    sqlx::query(
        "UPDATE proof_jobs SET status = 'in_progress', picked_by = 'hung-worker', attempts = 1, \
             lease_expires_at = now() + interval '1 hour', claimed_at = now() - interval '2 hours' \
         WHERE batch_number = 1",
    )
    .execute(db.fleet.pool())
    .await
    .unwrap();
    let rescuer = start(worker_with(&db, "rescuer", 30, false, Stalling(Duration::from_secs(3))));
    let claimed =
        db.wait_for(&[1], "the requeue and claim", |job| job.status == "in_progress" && job.attempts == 2).await;
    assert_eq!(claimed[0].picked_by.as_deref(), Some("rescuer"));
    assert_eq!(
        claimed[0].last_error.as_deref(),
        Some("claimed longer than the maximum lease age (worker hung-worker)")
    );
    rescuer.stop().await;
    db.drop().await;
}

/// (c) Attempts are capped: a dishonest batch and a corrupt witness fail every attempt and end
/// failed with their error; a job whose lease expired on its last attempt fails too. Keys of
/// another shape are refused before any work.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failing_jobs_end_failed_after_max_attempts() {
    init_logs();
    shared();
    let db = TestDb::new().await;

    let wrong = CircuitParams { chain_id: CHAIN_ID + 1, account_depth: 5, ..PARAMS };
    let refused = check_keys_match_chain(&db.fleet, &wrong).await;
    assert!(matches!(&refused, Err(FleetError::KeysMismatch(m)) if m.contains("chain id") && m.contains("depth")));
    let wrong_slots = CircuitParams { slots: 4, ..PARAMS };
    assert!(matches!(check_keys_match_chain(&db.fleet, &wrong_slots).await, Err(FleetError::KeysMismatch(_))));
    let wrong_layout = CircuitParams { transfer_slots: 1, ..PARAMS };
    let refused = check_keys_match_chain(&db.fleet, &wrong_layout).await;
    assert!(matches!(&refused, Err(FleetError::KeysMismatch(m)) if m.contains("transfer slots")), "{refused:?}");
    check_keys_match_chain(&db.fleet, &PARAMS).await.expect("the test keys match the chain");

    db.enqueue(&[1, 3, 4]).await;
    db.abandon(1, "dead-worker", MAX_ATTEMPTS as i32).await;
    let running = spawn(&db, "worker", 30);
    let jobs = db.wait_for(&[1, 3, 4], "failures", |job| job.status == "failed").await;
    let stats = running.stop().await;
    for job in &jobs {
        assert_eq!(job.attempts, MAX_ATTEMPTS as i32, "{job:?}");
        assert!(job.proof.is_none());
    }
    assert_eq!(jobs[0].last_error.as_deref(), Some(LEASE_EXPIRED_TOO_MANY_TIMES));
    let dishonest = jobs[1].last_error.as_deref().unwrap();
    // Release builds prove and then refuse the proof; debug builds stop earlier, at arkworks'
    // debug assertion that the constraint system is satisfied (the worker catches the panic).
    assert!(dishonest.contains("does not verify") || dishonest.contains("is_satisfied"), "{dishonest}");
    let corrupt = jobs[2].last_error.as_deref().unwrap();
    assert!(corrupt.contains("witness does not parse"), "{corrupt}");
    assert_eq!(stats.failed, 2 * MAX_ATTEMPTS, "{stats:?}");
    assert_eq!(stats.proved, 0);
    db.drop().await;
}

/// (d) The real binary, killed with SIGKILL mid-proof, leaves its job in progress; once the
/// 3 s lease runs out another worker requeues and proves it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_binary_worker_job_is_proven_after_its_lease_expires() {
    init_logs();
    shared();
    let db = TestDb::new().await;
    db.enqueue(&[1]).await;

    let mut victim = KillOnDrop(
        Command::new(env!("CARGO_BIN_EXE_prover"))
            .args(["work", "--database-url", &db.url, "--keys"])
            .arg(&shared().keys_path)
            .args(["--worker-id", "victim", "--lease-secs", "3", "--heartbeat-secs", "1", "--poll-ms", "100"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the prover binary"),
    );
    let claimed = db.wait_for(&[1], "the binary's claim", |job| job.status != "queued").await;
    assert_eq!((claimed[0].status.as_str(), claimed[0].picked_by.as_deref()), ("in_progress", Some("victim")));
    // Proving takes seconds; kill it in the middle, after a heartbeat or two.
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    victim.0.kill().expect("SIGKILL");
    victim.0.wait().unwrap();
    let job = db.job(1).await;
    assert_eq!((job.status.as_str(), job.picked_by.as_deref()), ("in_progress", Some("victim")), "{job:?}");
    assert!(!job.lease_expired, "the heartbeat kept the lease alive until the kill: {job:?}");

    let started = Instant::now();
    let survivor = spawn(&db, "survivor", 10);
    let jobs = db.wait_for(&[1], "the survivor's proof", |job| job.status == "done").await;
    let elapsed = started.elapsed().as_secs_f64();
    eprintln!("[timing] one 2-slot batch, lease expiry wait + claim + proof + store: {elapsed:.1} s");
    let stats = survivor.stop().await;
    assert_proven(&jobs[0]);
    assert_eq!((jobs[0].picked_by.as_deref(), jobs[0].attempts), (Some("survivor"), 2));
    assert_eq!(stats.proved, 1);
    db.drop().await;
}

struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `export-vk` writes the verifying key JSON; `work` refuses keys whose shape differs from the
/// chain's (here: another chain id in the stored genesis) and exits with an error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_exports_the_vk_and_refuses_mismatched_keys() {
    init_logs();
    let fixture = shared();
    let out = fixture.keys_path.with_file_name("vk.json");
    let status = Command::new(env!("CARGO_BIN_EXE_prover"))
        .args(["export-vk", "--keys"])
        .arg(&fixture.keys_path)
        .arg("--out")
        .arg(&out)
        .status()
        .expect("run export-vk");
    assert!(status.success());
    let written: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(written, prover::vk_json::verifying_key_json(fixture.keys.verifying_key()));

    let db = TestDb::new().await;
    db.enqueue(&[1]).await;
    sqlx::query("UPDATE genesis SET genesis = jsonb_set(genesis, '{config,chain_id}', '1')")
        .execute(db.fleet.pool())
        .await
        .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_prover"))
        .args(["work", "--once", "--database-url", &db.url, "--keys"])
        .arg(&fixture.keys_path)
        .env("NO_COLOR", "1")
        .output()
        .expect("run work");
    let logs = String::from_utf8_lossy(&output.stdout).to_string() + &String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{logs}");
    assert!(logs.contains("do not match the chain") && logs.contains("chain id"), "{logs}");
    let job = db.job(1).await;
    assert_eq!((job.status.as_str(), job.attempts), ("queued", 0), "nothing was claimed: {job:?}");
    db.drop().await;
}
