//! The README's walkthrough, run as a new user would run it: `scripts/devnet` (the real script:
//! private Postgres, Anvil, `sequencer devnet-deploy`, the sequencer, two prover workers) on
//! free ports with its own data folder, then every command of the README's walkthrough block,
//! each in a fresh `bash` that sources the devnet's env file as the README says. It checks what
//! each command prints, and at the end the balances the walkthrough implies, on L2 and on L1.
//!
//! The commands come from README.md itself; the test fails if the README's list differs from
//! the one checked here, so the two cannot drift apart.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use e2e::{binaries, free_port, target_dir, workspace_root};

/// The walkthrough as the README must list it, with what each command's output must contain.
const EXPECTED: &[(&str, &[&str])] = &[
    ("source .devnet/env", &[]),
    ("wallet new alice", &["created key alice: public key 0x"]),
    ("wallet new bob", &["created key bob: public key 0x"]),
    ("wallet deposit alice 10 ETH", &["deposit of 10 ETH sent on L1", "credited on L2: account 1 "]),
    ("wallet deposit alice 5000 TKN", &["deposit of 5000 TKN sent on L1", "credited on L2: account 1 "]),
    ("wallet deposit bob 2 ETH", &["credited on L2: account 2 "]),
    ("wallet transfer alice bob 1.5 ETH", &["Transfer accepted: 0x"]),
    ("wallet add-liquidity alice 4 --max-b 4000", &["AddLiquidity accepted: 0x", "lp_minted"]),
    ("wallet pools", &["pool 0: ETH/TKN fee 30 bps, reserves 4 ETH / 4000 TKN"]),
    ("wallet swap bob 0.5 ETH", &["quote: ", "Swap accepted: 0x", "amount_out"]),
    ("wallet balances bob", &["bob: account 2 nonce 1"]),
    ("wallet withdraw alice 1 ETH --wait settled", &["Withdraw accepted: 0x", ": settled, block ", ", L1 tx 0x"]),
    ("wallet claim ETH", &["claimed 1 ETH on L1: 0x"]),
    ("wallet balances alice", &["alice: account 1 nonce 3", "ETH    3.5\n", "TKN    1000\n", "LP-0   "]),
];

/// The commands of the README's walkthrough block (comments and blank lines dropped).
fn readme_commands() -> Vec<String> {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).expect("README.md");
    let start = readme.find("<!-- walkthrough -->").expect("the README marks its walkthrough");
    let end = readme.find("<!-- /walkthrough -->").expect("the README closes its walkthrough");
    readme[start..end]
        .lines()
        .filter(|line| !line.starts_with("```") && !line.starts_with("<!--"))
        .map(|line| line.split(" # ").next().unwrap_or_default().trim().to_string())
        .filter(|line| !line.is_empty())
        .collect()
}

/// `scripts/devnet`, stopped with SIGINT (as Ctrl-C) when dropped; on a panic it prints the
/// tail of every log.
struct Devnet {
    child: Option<Child>,
    data: PathBuf,
    /// What the script prints (beside the data folder: `--fresh` empties the folder).
    out: PathBuf,
}

impl Devnet {
    fn start(data: &Path) -> Self {
        let out = data.with_extension("out");
        let log = File::create(&out).expect("create the devnet log");
        let child = Command::new("bash")
            .arg(workspace_root().join("scripts/devnet"))
            .args(["--fresh", "--provers", "2", "--data"])
            .arg(data)
            .args(["--port", &free_port().to_string(), "--l1-port", &free_port().to_string()])
            .env("DEVNET_BIN_DIR", target_dir().join("debug"))
            .current_dir(workspace_root())
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("start scripts/devnet");
        let mut devnet = Self { child: Some(child), data: data.to_path_buf(), out };
        let started = Instant::now();
        loop {
            let out = devnet.printed();
            if out.contains("Rollup devnet is up") {
                eprintln!("walkthrough: devnet up after {:.1?}", started.elapsed());
                return devnet;
            }
            let exited = devnet.child.as_mut().unwrap().try_wait().expect("poll the devnet").is_some();
            assert!(!exited, "scripts/devnet exited before it was up:\n{out}");
            assert!(started.elapsed() < Duration::from_secs(600), "the devnet did not come up in 600 s:\n{out}");
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    /// What the script printed so far.
    fn printed(&self) -> String {
        std::fs::read_to_string(&self.out).unwrap_or_default()
    }

    /// Stops the script as Ctrl-C would, then waits for its clean stop (Postgres and Anvil
    /// included). SIGTERM, which the script handles like SIGINT: a harness may start the tests
    /// with SIGINT ignored (any `cmd &` in a shell without job control does), and bash cannot
    /// trap a signal that was ignored when it started.
    fn stop(&mut self) -> Option<String> {
        let mut child = self.child.take()?;
        let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(60);
        while child.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(200));
        }
        if child.try_wait().ok().flatten().is_none() {
            let _ = child.kill();
        }
        let _ = child.wait();
        Some(self.printed())
    }
}

impl Drop for Devnet {
    fn drop(&mut self) {
        let out = self.stop();
        if std::thread::panicking() {
            eprintln!("===== scripts/devnet =====\n{}", out.unwrap_or_default());
            let logs = self.data.join("logs");
            for entry in std::fs::read_dir(&logs).into_iter().flatten().flatten() {
                let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                let lines: Vec<&str> = text.lines().collect();
                eprintln!("===== {} (last 40 lines) =====", entry.path().display());
                for line in &lines[lines.len().saturating_sub(40)..] {
                    eprintln!("{line}");
                }
            }
        }
    }
}

/// Runs one walkthrough command as the README's reader would, after `source <data>/env`.
fn run(data: &Path, command: &str) -> String {
    let started = Instant::now();
    let output = Command::new("bash")
        .arg("-c")
        .arg(format!("set -e; source {}; {command}", data.join("env").display()))
        .current_dir(workspace_root())
        .output()
        .expect("run bash");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprintln!("$ {command}   ({:.1?})\n{stdout}{stderr}", started.elapsed());
    assert!(output.status.success(), "`{command}` failed ({}):\n{stdout}{stderr}", output.status);
    stdout
}

#[test]
fn the_readme_walkthrough_works_on_a_fresh_devnet() {
    let commands = readme_commands();
    let expected: Vec<&str> = EXPECTED.iter().map(|(command, _)| *command).collect();
    assert_eq!(commands, expected, "README.md's walkthrough changed: update this test with it");

    binaries();
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let data = target_dir().join("e2e").join("runs").join(format!("walkthrough-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&data).unwrap();
    let mut devnet = Devnet::start(&data);
    let banner = devnet.printed();
    for part in ["API          http://127.0.0.1:", "L1 (Anvil)", "Rollup       0x", "Funded L1 accounts", "source "] {
        assert!(banner.contains(part), "the devnet banner lacks {part:?}:\n{banner}");
    }

    let mut outputs = Vec::new();
    for (command, needles) in EXPECTED {
        // `source .devnet/env` is what every `run` does first, with this test's data folder.
        if command.starts_with("source ") {
            continue;
        }
        let out = run(&data, command);
        for needle in *needles {
            assert!(out.contains(needle), "`{command}` printed no {needle:?}:\n{out}");
        }
        outputs.push(out);
    }

    // What the walkthrough implies. Bob: 2 + 1.5 - 0.5 ETH, and the swap's output in TKN.
    let bob = run(&data, "wallet balances bob");
    assert!(bob.contains("ETH    3\n"), "{bob}");
    let swap = &outputs[EXPECTED.iter().position(|(c, _)| c.starts_with("wallet swap")).unwrap() - 1];
    let amount_out = swap.lines().find_map(|l| l.trim().strip_prefix("amount_out: ")).expect("amount_out");
    let amount_out: u128 = amount_out.parse().expect("a base-unit amount");
    // Constant product at 0.30%: 0.5 ETH into 4 ETH / 4,000 TKN buys just under 444.4 TKN.
    assert!((440 * 10u128.pow(18)..444_500 * 10u128.pow(15)).contains(&amount_out), "{amount_out}");
    let tkn = sequencer::wallet::units::format_amount(amount_out, 18);
    assert!(bob.contains(&format!("TKN    {tkn}\n")), "bob holds the swap's output {tkn}:\n{bob}");
    // The claim moved 1 ETH to the L1 test account; nothing is left to claim.
    let l1 = run(&data, "wallet l1-balance ETH");
    assert!(l1.contains(", 0 claimable"), "{l1}");

    let out = devnet.stop().unwrap();
    assert!(out.contains("devnet: stopped; data kept in"), "a clean stop:\n{out}");
    // Passed: the data folder (a Postgres cluster, Anvil's chain, 100+ MB of keys) can go.
    std::fs::remove_dir_all(&data).ok();
}
