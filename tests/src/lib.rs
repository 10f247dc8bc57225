//! End-to-end harness: it runs the rollup as a user would have it, as separate processes.
//!
//! - Postgres: a fresh database per test on the server of `DATABASE_URL` (scripts/test starts a
//!   private cluster and exports it);
//! - Anvil from `node_modules` (scripts/setup installs it), on a free port;
//! - the workspace's `sequencer` and `prover` binaries, built once per test process with the
//!   same cargo and target directory as the tests;
//! - the insecure development Groth16 keys of the committed `Groth16Verifier.sol`
//!   ([`prover::COMMITTED_VERIFIER_PARAMS`]), written once by `prover setup --committed-verifier`,
//!   checked against the committed contract with `prover export-verifier`, and cached in the
//!   target directory.
//!
//! Every child writes its output to a log file; when a test panics, [`Cluster`] prints the tail
//! of each log, so a failure shows what the processes said.

pub mod devnet;

use std::fs::File;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use alloy::primitives::{keccak256, Address, U256};
use alloy::providers::Provider;
use alloy::signers::local::PrivateKeySigner;
use sequencer::l1::L1Provider;
use serde_json::Value;

/// Slots per batch of the committed verifier's circuit.
pub const BATCH_SLOTS: usize = prover::COMMITTED_VERIFIER_PARAMS.slots;
/// Account tree depth of the committed verifier's circuit.
pub const ACCOUNT_DEPTH: u32 = prover::COMMITTED_VERIFIER_PARAMS.account_depth;
/// Anvil's default chain id, which the committed verifier's circuit signs into transactions.
pub const CHAIN_ID: u32 = prover::COMMITTED_VERIFIER_PARAMS.chain_id;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ is inside the workspace").to_path_buf()
}

/// The cargo target directory (`CARGO_TARGET_DIR`, else `<workspace>/target`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("target"))
}

/// Paths of the programs the tests run.
#[derive(Debug)]
pub struct Binaries {
    /// The sequencer.
    pub sequencer: PathBuf,
    /// The prover.
    pub prover: PathBuf,
    /// Anvil.
    pub anvil: PathBuf,
}

/// Builds the `sequencer` and `prover` binaries (once per process; cargo makes it a no-op
/// when they are fresh) and finds Anvil.
pub fn binaries() -> &'static Binaries {
    static BINARIES: OnceLock<Binaries> = OnceLock::new();
    BINARIES.get_or_init(|| {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let started = Instant::now();
        let status = Command::new(cargo)
            .args(["build", "--bins", "-p", "sequencer", "-p", "prover"])
            .current_dir(workspace_root())
            .status()
            .expect("run cargo build");
        assert!(status.success(), "cargo build --bins -p sequencer -p prover failed");
        eprintln!("e2e: binaries built in {:.1?}", started.elapsed());
        let debug = target_dir().join("debug");
        let anvil = workspace_root().join("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
        assert!(anvil.exists(), "{} is missing: run scripts/setup (it installs Anvil from npm)", anvil.display());
        Binaries { sequencer: debug.join("sequencer"), prover: debug.join("prover"), anvil }
    })
}

/// The dev key file for the committed verifier: written by `prover setup` on first use and
/// kept in `<target>/e2e/` (a temporary file renamed into place, so concurrent test processes
/// never read a half-written one).
pub fn dev_keys() -> PathBuf {
    static KEYS: Mutex<Option<PathBuf>> = Mutex::new(None);
    let mut keys = KEYS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(path) = keys.as_ref() {
        return path.clone();
    }
    let dir = target_dir().join("e2e");
    std::fs::create_dir_all(&dir).expect("create the e2e key directory");
    // Named after the committed verifier too: it embeds the verifying key, so it changes with
    // the circuit, and keys cached for an older circuit are never reused (their proofs would
    // all fail on chain).
    let verifier = std::fs::read(workspace_root().join("contracts/src/Groth16Verifier.sol")).expect("the verifier");
    let mut hasher = std::hash::DefaultHasher::new();
    std::hash::Hash::hash(&verifier, &mut hasher);
    let circuit = std::hash::Hasher::finish(&hasher);
    let path = dir.join(format!("dev-keys-{BATCH_SLOTS}-{ACCOUNT_DEPTH}-{CHAIN_ID}-{circuit:016x}.bin"));
    if !path.exists() {
        let partial = dir.join(format!("dev-keys.{}.partial", std::process::id()));
        let started = Instant::now();
        run_prover(Command::new(&binaries().prover).args(["setup", "--committed-verifier", "--out"]).arg(&partial));
        eprintln!("e2e: dev keys written in {:.1?}", started.elapsed());
        // The keys must be those of the committed contract, or every proof fails on chain.
        let exported = dir.join(format!("verifier.{}.sol", std::process::id()));
        run_prover(
            Command::new(&binaries().prover)
                .arg("export-verifier")
                .arg("--keys")
                .arg(&partial)
                .arg("--out")
                .arg(&exported),
        );
        let code = |text: &[u8]| -> Vec<String> {
            String::from_utf8_lossy(text).lines().filter(|l| !l.starts_with("//")).map(str::to_owned).collect()
        };
        assert!(
            code(&std::fs::read(&exported).expect("the exported verifier")) == code(&verifier),
            "prover export-verifier on `prover setup --committed-verifier` keys differs from contracts/src/Groth16Verifier.sol"
        );
        std::fs::remove_file(&exported).ok();
        std::fs::rename(&partial, &path).expect("move the keys into place");
    }
    *keys = Some(path.clone());
    path
}

/// Runs a `prover` command to success (its output in the panic message otherwise).
fn run_prover(command: &mut Command) {
    let output = command.output().expect("run the prover binary");
    assert!(
        output.status.success(),
        "{command:?} failed ({}): {}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A free TCP port on 127.0.0.1 (free when asked; the child binds it right after).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("bind a free port").port()
}

/// A private key derived from a label (deterministic test identities).
pub fn l1_signer(label: &str) -> PrivateKeySigner {
    PrivateKeySigner::from_bytes(&keccak256(label.as_bytes())).expect("a valid secp256k1 key")
}

pub use sequencer::dal::scratch::ScratchDb;

/// A child process whose output goes to a log file; killed when dropped.
#[derive(Debug)]
pub struct Process {
    /// Its name in the logs.
    pub name: String,
    /// Its log file.
    pub log: PathBuf,
    child: Option<Child>,
}

impl Process {
    /// Whether it is still running.
    pub fn is_running(&mut self) -> bool {
        self.child.as_mut().is_some_and(|c| c.try_wait().ok().flatten().is_none())
    }

    /// SIGKILL (no clean-up, as a crash or an OOM kill), then reaps it.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// The process id.
    pub fn id(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The processes and the scratch directory of one test. When the test panics, dropping it
/// prints the last lines of every log.
#[derive(Debug)]
pub struct Cluster {
    /// Scratch directory (logs, genesis file).
    pub dir: PathBuf,
    /// The processes, in start order.
    pub processes: Vec<Process>,
}

impl Cluster {
    /// A cluster with a fresh scratch directory under `<target>/e2e/runs/`.
    pub fn new(label: &str) -> Self {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
        let dir = target_dir().join("e2e").join("runs").join(format!("{label}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create the scratch directory");
        Self { dir, processes: Vec::new() }
    }

    /// Starts `command` with its output in `<dir>/<name>.log`; returns its index.
    pub fn spawn(&mut self, name: &str, command: &mut Command) -> usize {
        let log = self.dir.join(format!("{name}.log"));
        let out = File::create(&log).expect("create a log file");
        let err = out.try_clone().expect("clone the log file");
        let child = command
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .unwrap_or_else(|e| panic!("start {name}: {e}"));
        self.processes.push(Process { name: name.into(), log, child: Some(child) });
        self.processes.len() - 1
    }

    /// The process started under `name`.
    pub fn process(&mut self, name: &str) -> &mut Process {
        self.processes.iter_mut().find(|p| p.name == name).unwrap_or_else(|| panic!("no process {name}"))
    }

    /// Starts Anvil on a free port (chain id 31337, Osaka rules as the contracts are compiled
    /// for, a block every second so confirmations advance without transactions); returns its
    /// URL once it answers.
    pub async fn start_anvil(&mut self) -> String {
        let port = free_port();
        self.spawn(
            "anvil",
            Command::new(&binaries().anvil)
                .args(["--port", &port.to_string(), "--host", "127.0.0.1", "--hardfork", "osaka"])
                .args(["--chain-id", &CHAIN_ID.to_string(), "--block-time", "1"]),
        );
        let url = format!("http://127.0.0.1:{port}");
        let provider = sequencer::l1::provider(&url, l1_signer("probe")).expect("provider");
        eventually(Duration::from_secs(30), "anvil to answer", || async {
            provider.get_block_number().await.ok().map(|_| ())
        })
        .await;
        url
    }

    /// Starts the sequencer (`sequencer run`) with `args` and waits for its API; returns its
    /// base address (`127.0.0.1:port`).
    pub async fn start_sequencer(&mut self, name: &str, args: &[String]) -> String {
        let port = free_port();
        let authority = format!("127.0.0.1:{port}");
        self.spawn(
            name,
            Command::new(&binaries().sequencer)
                .arg("run")
                .args(["--listen", &authority])
                .args(args)
                .env("RUST_LOG", "info,sqlx=warn"),
        );
        let index = self.processes.len() - 1;
        let start = Instant::now();
        loop {
            if http_get(&authority, "/v1/status").await.is_some() {
                return authority;
            }
            assert!(self.processes[index].is_running(), "the sequencer exited during start-up");
            assert!(start.elapsed() < Duration::from_secs(60), "the sequencer did not answer within 60 s");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Starts a prover worker (`prover work`) on the dev keys.
    pub fn start_prover(&mut self, name: &str, database_url: &str, lease_secs: u64) {
        self.spawn(
            name,
            Command::new(&binaries().prover)
                .arg("work")
                .args(["--database-url", database_url, "--worker-id", name])
                .arg("--keys")
                .arg(dev_keys())
                .args(["--lease-secs", &lease_secs.to_string(), "--heartbeat-secs", "1", "--poll-ms", "200"])
                .env("RUST_LOG", "info,sqlx=warn"),
        );
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for process in &mut self.processes {
            process.kill();
        }
        if std::thread::panicking() {
            for process in &self.processes {
                let text = std::fs::read_to_string(&process.log).unwrap_or_default();
                let lines: Vec<&str> = text.lines().collect();
                let tail = &lines[lines.len().saturating_sub(60)..];
                eprintln!("\n===== {} (last {} lines of {}) =====", process.name, tail.len(), process.log.display());
                for line in tail {
                    eprintln!("{line}");
                }
            }
        }
    }
}

/// A GET on the sequencer's API: the JSON body of a 200 answer, `None` otherwise.
pub async fn http_get(authority: &str, path: &str) -> Option<Value> {
    let mut connection = sequencer::loadgen::client::Connection::open(authority).await.ok()?;
    let (status, body) = connection.get(path).await.ok()?;
    (status == 200).then(|| serde_json::from_slice(&body).ok()).flatten()
}

/// A POST of JSON to the sequencer's API: status and JSON body.
pub async fn http_post(authority: &str, path: &str, body: &Value) -> (u16, Value) {
    let mut connection =
        sequencer::loadgen::client::Connection::open(authority).await.expect("connect to the sequencer");
    let body = serde_json::to_vec(body).expect("JSON");
    let (status, answer) =
        connection.send(hyper::Method::POST, path, body.into()).await.expect("POST to the sequencer");
    (status, serde_json::from_slice(&answer).unwrap_or(Value::Null))
}

/// Polls `check` every 100 ms until it returns `Some`, for at most `timeout` (then panics).
pub async fn eventually<T, F, Fut>(timeout: Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let start = Instant::now();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(start.elapsed() < timeout, "timed out after {timeout:?} waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Gives `address` `wei` on Anvil (`anvil_setBalance`).
pub async fn fund(provider: &L1Provider, address: Address, wei: U256) {
    let _: Value = provider.raw_request("anvil_setBalance".into(), (address, wei)).await.expect("anvil_setBalance");
}

/// A JSON amount (decimal string or number) as u128.
pub fn amount(value: &Value) -> u128 {
    match value {
        Value::String(text) => text.parse().unwrap_or_else(|e| panic!("amount {text:?}: {e}")),
        Value::Number(number) => number.as_u64().map(u128::from).unwrap_or_else(|| panic!("amount {number}")),
        Value::Null => 0,
        other => panic!("not an amount: {other}"),
    }
}
