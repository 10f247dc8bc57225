//! The prover binary: `setup` writes (INSECURE, development) Groth16 keys, `export-vk` writes
//! the verifying key as JSON, `work` runs a fleet worker against the sequencer's database.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use circuits::circuit::CircuitParams;
use clap::{Args, Parser, Subcommand};
use prover::fleet::dal::FleetDal;
use prover::fleet::executor::ProofExecutor;
use prover::fleet::picker::PgJobPicker;
use prover::fleet::saver::PgJobSaver;
use prover::fleet::worker::{Worker, WorkerConfig};
use prover::fleet::{check_keys_match_chain, keys_file_params};
use prover::load_verifying_key;
use prover::Keys;
use tokio::sync::watch;
use tracing_subscriber::EnvFilter;

/// Groth16 proofs of the rollup's batches.
#[derive(Parser, Debug)]
#[command(name = "prover", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// INSECURE DEVELOPMENT SET-UP: derives Groth16 keys from a public seed. Anyone who knows the
    /// seed can forge proofs; production keys need a multi-party ceremony.
    Setup(SetupArgs),
    /// Writes the verifying key of a key file as JSON (for the Solidity verifier generator).
    ExportVk(ExportVkArgs),
    /// Writes the Solidity Groth16 verifier (`Groth16Verifier is IVerifier`) of a key file.
    ExportVerifier(ExportVkArgs),
    /// Runs a fleet worker: claims proof jobs from Postgres, proves them, stores the proofs.
    Work(WorkArgs),
    /// Lists the proof jobs not done yet and the most recent ones (one line each).
    Jobs(JobsArgs),
    /// Puts a batch's proof job back in the queue (a failed one, or a proof L1 would refuse).
    Requeue(RequeueArgs),
}

#[derive(Args, Debug)]
struct JobsArgs {
    /// Postgres URL of the sequencer's database.
    #[arg(long, env = "DATABASE_URL")]
    database_url: String,
    /// How many of the most recent jobs to list besides those not done.
    #[arg(long, default_value_t = 20)]
    recent: i64,
}

#[derive(Args, Debug)]
struct RequeueArgs {
    /// Postgres URL of the sequencer's database.
    #[arg(long, env = "DATABASE_URL")]
    database_url: String,
    /// The batch whose job goes back to the queue.
    #[arg(long)]
    batch: i64,
    /// Recorded as the job's `last_error`.
    #[arg(long, default_value = "requeued by an operator")]
    reason: String,
}

#[derive(Args, Debug)]
struct SetupArgs {
    /// Transaction slots per batch (the sequencer's batch size).
    #[arg(long, required_unless_present = "committed_verifier")]
    slots: Option<usize>,
    /// Depth of the account tree (the genesis' `account_depth`).
    #[arg(long, required_unless_present = "committed_verifier")]
    account_depth: Option<u32>,
    /// Chain id (the genesis' `chain_id`).
    #[arg(long, required_unless_present = "committed_verifier")]
    chain_id: Option<u32>,
    /// Fee account (the genesis' `fee_account`).
    #[arg(long, default_value_t = 0)]
    fee_account: u32,
    /// Leading slots that hold only transfers (the sequencer's `--transfer-slots`): each costs
    /// about half a general slot's constraints. 0 makes every slot general.
    #[arg(long, default_value_t = 0)]
    transfer_slots: usize,
    /// Where to write the keys.
    #[arg(long)]
    out: PathBuf,
    /// Seed of the toxic waste. INSECURE: whoever knows it can forge proofs.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// The keys of the committed contracts/src/Groth16Verifier.sol (2 slots, account depth 4,
    /// chain id 31337, its public seed), for devnets on the committed contracts.
    #[arg(long, conflicts_with_all = ["slots", "account_depth", "chain_id", "fee_account", "transfer_slots", "seed"])]
    committed_verifier: bool,
}

#[derive(Args, Debug)]
struct ExportVkArgs {
    /// Key file written by `setup`.
    #[arg(long)]
    keys: PathBuf,
    /// Where to write the verifying key (JSON for `export-vk`, Solidity for `export-verifier`).
    #[arg(long)]
    out: PathBuf,
}

#[derive(Args, Debug)]
struct WorkArgs {
    /// Postgres URL of the sequencer's database.
    #[arg(long, env = "DATABASE_URL")]
    database_url: String,
    /// Key file written by `setup`; its shape must match the chain.
    #[arg(long)]
    keys: PathBuf,
    /// Name recorded in `proof_jobs.picked_by` [default: hostname-pid].
    #[arg(long)]
    worker_id: Option<String>,
    /// Lease of a claimed job; a job whose lease runs out is given to another worker.
    #[arg(long, default_value_t = 60)]
    lease_secs: u64,
    /// Interval of the lease extensions while proving.
    #[arg(long, default_value_t = 10)]
    heartbeat_secs: u64,
    /// The longest a worker may hold a job, heartbeats or not: a job claimed longer ago goes
    /// back to the queue (a worker that hangs while its heartbeat runs).
    #[arg(long, default_value_t = 3_600)]
    max_lease_age_secs: u64,
    /// Attempts after which a job is marked failed.
    #[arg(long, default_value_t = 3)]
    max_attempts: u32,
    /// Wait between polls of an empty queue, in milliseconds.
    #[arg(long, default_value_t = 500)]
    poll_ms: u64,
    /// Process at most one job, then exit.
    #[arg(long)]
    once: bool,
}

fn main() -> ExitCode {
    // arkworks' gadgets are `#[tracing::instrument]`ed and its constraint system captures the
    // span trace of every constraint: with those spans enabled, each constraint keeps its spans
    // alive in the subscriber's registry, and a set-up of 2 slots at depth 4 grew past 20 GiB
    // (about 60 MB/s) until the OOM killer stopped it. They are always off, whatever RUST_LOG says.
    let mut filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // arkworks 0.6 instruments its gadgets with target "gr1cs" (431 functions), older code "r1cs".
    for target in ["gr1cs", "r1cs", "ark_relations", "ark_r1cs_std"] {
        filter = filter.add_directive(format!("{target}=off").parse().expect("a valid directive"));
    }
    tracing_subscriber::fmt().with_env_filter(filter).init();
    let result = match Cli::parse().command {
        Command::Setup(args) => setup(args),
        Command::ExportVk(args) => export_vk(&args),
        Command::ExportVerifier(args) => export_verifier(&args),
        Command::Work(args) => work(args),
        Command::Jobs(args) => block_on(jobs(args)),
        Command::Requeue(args) => block_on(requeue(args)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error}");
            ExitCode::FAILURE
        }
    }
}

type AnyResult = Result<(), Box<dyn std::error::Error>>;

fn load_keys(path: &Path) -> Result<Keys, Box<dyn std::error::Error>> {
    let params = keys_file_params(path)?;
    let started = Instant::now();
    let keys = Keys::load(path, params)?;
    tracing::info!(path = %path.display(), ?params, ms = started.elapsed().as_millis() as u64, "keys loaded");
    Ok(keys)
}

fn setup(args: SetupArgs) -> AnyResult {
    let (params, seed) = match (args.committed_verifier, args.slots, args.account_depth, args.chain_id) {
        (true, ..) => (prover::COMMITTED_VERIFIER_PARAMS, prover::COMMITTED_VERIFIER_SEED),
        (false, Some(slots), Some(account_depth), Some(chain_id)) => {
            let transfer_slots = args.transfer_slots;
            circuits::batch::SlotLayout::new(slots, transfer_slots)?;
            (CircuitParams { slots, account_depth, chain_id, fee_account: args.fee_account, transfer_slots }, args.seed)
        }
        _ => return Err("--slots, --account-depth and --chain-id are required without --committed-verifier".into()),
    };
    tracing::warn!(seed, "INSECURE development set-up: anyone who knows the seed can forge proofs");
    let started = Instant::now();
    let keys = Keys::insecure_dev_setup(params, seed)?;
    keys.save(&args.out)?;
    tracing::info!(?params, out = %args.out.display(), secs = started.elapsed().as_secs_f64(), "INSECURE keys written");
    Ok(())
}

fn export_vk(args: &ExportVkArgs) -> AnyResult {
    let (params, vk) = load_verifying_key(&args.keys)?;
    tracing::info!(?params, "verifying key read");
    let json = prover::vk_json::verifying_key_json(&vk);
    std::fs::write(&args.out, serde_json::to_string_pretty(&json)?)?;
    tracing::info!(out = %args.out.display(), "verifying key written");
    Ok(())
}

fn export_verifier(args: &ExportVkArgs) -> AnyResult {
    let (params, vk) = load_verifying_key(&args.keys)?;
    std::fs::write(&args.out, prover::solidity::verifier_contract_for(&params, &vk))?;
    tracing::info!(?params, out = %args.out.display(), "Solidity verifier written");
    Ok(())
}

fn default_worker_id() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|name| name.trim().to_string())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "prover".into());
    format!("{host}-{}", std::process::id())
}

fn block_on(task: impl std::future::Future<Output = AnyResult>) -> AnyResult {
    tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(task)
}

async fn jobs(args: JobsArgs) -> AnyResult {
    let dal = FleetDal::connect(&args.database_url).await?;
    println!("{:>8}  {:<11}  {:>8}  {:<24}  last error", "batch", "status", "attempts", "worker");
    for job in dal.jobs(args.recent).await? {
        let lease = if job.status == "in_progress" && job.lease_expired { " (lease expired)" } else { "" };
        println!(
            "{:>8}  {:<11}  {:>8}  {:<24}  {}{lease}",
            job.batch_number,
            job.status,
            job.attempts,
            job.picked_by.as_deref().unwrap_or("-"),
            job.last_error.as_deref().unwrap_or("-"),
        );
    }
    Ok(())
}

async fn requeue(args: RequeueArgs) -> AnyResult {
    let dal = FleetDal::connect(&args.database_url).await?;
    match dal.requeue(args.batch, &args.reason).await? {
        Some(previous) => {
            tracing::info!(batch = args.batch, previous, "proof job queued again");
            Ok(())
        }
        None => Err(format!("batch {} has no proof job", args.batch).into()),
    }
}

fn work(args: WorkArgs) -> AnyResult {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let result = runtime.block_on(work_async(args));
    // A proof still running on a blocking thread after shutdown was given back: do not wait for it.
    runtime.shutdown_timeout(Duration::from_millis(100));
    result
}

async fn work_async(args: WorkArgs) -> AnyResult {
    if args.heartbeat_secs == 0 || args.heartbeat_secs >= args.lease_secs {
        return Err("--heartbeat-secs must be positive and below --lease-secs".into());
    }
    let worker_id = args.worker_id.clone().unwrap_or_else(default_worker_id);
    // The shape in the header is checked against the chain before the (slow) key load.
    let dal = FleetDal::connect(&args.database_url).await?;
    check_keys_match_chain(&dal, &keys_file_params(&args.keys)?).await?;
    let keys = tokio::task::spawn_blocking({
        let path = args.keys.clone();
        move || load_keys(&path).map_err(|e| e.to_string())
    })
    .await??;
    tracing::warn!("the keys come from an INSECURE development set-up unless produced by a ceremony");
    let lease = Duration::from_secs(args.lease_secs);
    let picker = PgJobPicker {
        dal: dal.clone(),
        worker_id: worker_id.clone(),
        lease,
        layout: keys.params.layout(),
        max_attempts: args.max_attempts,
        max_lease_age: Duration::from_secs(args.max_lease_age_secs),
    };
    let saver = PgJobSaver { dal, lease, max_attempts: args.max_attempts };
    let config = WorkerConfig {
        worker_id,
        heartbeat: Duration::from_secs(args.heartbeat_secs),
        poll: Duration::from_millis(args.poll_ms),
        once: args.once,
    };
    let worker = Worker::new(picker, Arc::new(ProofExecutor { keys: Arc::new(keys) }), saver, config);
    let (stop, shutdown) = watch::channel(false);
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("stopping: the job in progress goes back to the queue (signal again to exit at once)");
        let _ = stop.send(true);
        shutdown_signal().await;
        std::process::exit(130);
    });
    let stats = worker.run(shutdown).await;
    tracing::info!(?stats, "done");
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("install the SIGTERM handler");
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}
