//! Liveness end to end on Anvil: nothing an outsider or a failure does stops settlement
//! silently, and no deposit can jam the queue.
//!
//! - `a_bad_proof_and_a_failed_job_do_not_stop_settlement`: a stored proof that does not verify
//!   is caught before L1 and goes back to the queue; a failed job raises the alert and is
//!   queued again after its back-off; a worker then proves the batch and it settles.
//! - `reorgs_under_deposits`: a deposit reorged away before its confirmations is never credited
//!   (the one that replaces it is); a reorg deeper than the confirmations stops the watcher
//!   with an alert.
//! - `a_full_account_tree_refunds_the_newcomer_and_credits_later_deposits`: 16 new keys on a
//!   depth-4 tree with one genesis account; the 16th is refunded, a later deposit to an existing
//!   account is credited, and L1 commits every batch (no provers: the commits match the queue).

use std::process::Command;
use std::time::Duration;

use alloy::hex;
use alloy::primitives::aliases::U112;
use alloy::primitives::{B256, U256};
use circuits::babyjubjub::PrivateKey;
use e2e::devnet::{anvil, key_hex, metric, sqlx_exec, Devnet, ETHER, SETTLE_TIMEOUT};
use e2e::{amount, binaries, eventually, http_get, l1_signer, ScratchDb, ACCOUNT_DEPTH};
use prover::fleet::dal::FleetDal;
use sequencer::l1::bindings::Rollup;
use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_account_tree_refunds_the_newcomer_and_credits_later_deposits() {
    assert_eq!(ACCOUNT_DEPTH, 4, "the committed verifier's tree holds 16 accounts");
    let rollup = Devnet::start("full").await;
    let (l1, rpc, first) = rollup.user("dave").await;
    let contract = Rollup::new(rollup.rollup, &rpc);
    // Genesis holds the fee account: 15 new keys fill the tree, the 16th finds it full, and
    // then the first key deposits again.
    let keys: Vec<PrivateKey> =
        std::iter::once(first).chain((1..16).map(|i| PrivateKey::from_bytes(format!("full {i}").as_bytes()))).collect();
    for key in keys.iter().chain(std::iter::once(&keys[0])) {
        let packed = B256::from(key.public_key().pack());
        let receipt = contract.depositETH(packed).value(U256::from(1_000u64)).send().await.unwrap();
        assert!(receipt.get_receipt().await.unwrap().status(), "depositETH reverted");
    }
    let credited = eventually(Duration::from_secs(120), "the later deposit to be credited", || async {
        let (id, balances) = rollup.account(&keys[0]).await?;
        (amount(&balances["0"]) == 2_000).then_some(id)
    })
    .await;
    assert_eq!(credited, 1);
    for key in &keys[1..15] {
        assert!(rollup.account(key).await.is_some(), "every key before the 16th has an account");
    }
    assert!(rollup.account(&keys[15]).await.is_none(), "the 16th key got no account");
    // L1 commits every batch: each refund matched the queue like a deposit.
    eventually(Duration::from_secs(120), "L1 to commit every deposit", || async {
        let pending = contract.pendingDeposits().call().await.ok()?;
        (pending == 0 && contract.priorityTail().call().await.ok()? == 17).then_some(())
    })
    .await;
    let committed = contract.lastCommitted().call().await.unwrap();
    let mut refunds = Vec::new();
    for number in 1..=committed {
        let info = http_get(&rollup.api, &format!("/v1/batches/{number}")).await.expect("batch");
        let pubdata = hex::decode(info["pubdata"].as_str().unwrap()).unwrap();
        refunds.extend(sequencer::l1::settlement::withdrawals(&pubdata).unwrap());
    }
    assert_eq!(refunds.len(), 1, "one payout: the refund");
    assert_eq!((refunds[0].to, refunds[0].token, refunds[0].amount), (l1.address(), 0, U112::from(1_000u64)));

    // A second sequencer whose operator key is not the contract's refuses to start.
    let db = ScratchDb::create("e2e_full_other").await;
    let stranger = l1_signer("full-stranger");
    let genesis = rollup.cluster.dir.join("genesis.json");
    let output = Command::new(&binaries().sequencer)
        .args(["run", "--listen", "127.0.0.1:0", "--database-url", &db.url, "--genesis"])
        .arg(&genesis)
        .args(["--l1-rpc-url", &rollup.l1_url, "--rollup-address", &rollup.rollup.to_string()])
        .args(["--operator-key", &key_hex(&stranger)])
        .output()
        .expect("run sequencer");
    let logs = String::from_utf8_lossy(&output.stdout).to_string() + &String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success() && logs.contains("is not this chain: its operator is"), "{logs}");
    db.drop().await;
    rollup.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_proof_and_a_failed_job_do_not_stop_settlement() {
    let mut rollup = Devnet::start_with("badproof", &["--proof-retry-backoff-secs", "3"]).await;
    let (_l1, rpc, key) = rollup.user("erin").await;
    rollup.deposit(&rpc, &key, ETHER, 10 * ETHER).await;
    rollup.wait_deposits(&key, ETHER, 10 * ETHER).await;
    let contract = Rollup::new(rollup.rollup, &rollup.admin);
    eventually(Duration::from_secs(60), "L1 to commit batch 1", || async {
        (contract.lastCommitted().call().await.ok()? >= 1).then_some(())
    })
    .await;
    let fleet = FleetDal::connect(&rollup.db_url()).await.unwrap();

    // A proof that decodes but proves nothing, stored as if a worker had made it.
    use ark_ec::AffineRepr;
    let bogus = ark_groth16::Proof::<ark_bn254::Bn254> {
        a: ark_bn254::G1Affine::generator(),
        b: ark_bn254::G2Affine::generator(),
        c: ark_bn254::G1Affine::generator(),
    };
    sqlx_exec(
        &fleet,
        "UPDATE proof_jobs SET status = 'done', attempts = 1, picked_by = 'forger', proof = $1 WHERE batch_number = 1",
        Some(prover::proof_to_bytes(&bogus)),
    )
    .await;
    let job = eventually(Duration::from_secs(30), "the bad proof to go back to the queue", || async {
        let job = fleet.job(1).await.ok()??;
        (job.status == "queued").then_some(job)
    })
    .await;
    assert!(job.proof.is_none());
    assert!(
        job.last_error.as_deref().is_some_and(|e| e.contains("forger") && e.contains("rejected before L1")),
        "{job:?}"
    );
    assert_eq!(metric(&rollup.api, "sequencer_settlement_bad_proofs_total").await, Some(1.0));
    assert_eq!(contract.lastProven().call().await.unwrap(), 0, "nothing was posted");

    // A job the fleet gave up on: the alert fires, and after the back-off the job is queued again.
    sqlx_exec(&fleet, "UPDATE proof_jobs SET status = 'failed', last_error = 'out of memory', updated_at = now() WHERE batch_number = 1", None).await;
    eventually(Duration::from_secs(10), "the blocked-settlement alert", || async {
        (metric(&rollup.api, "sequencer_settlement_blocked_on_failed_job").await? == 1.0).then_some(())
    })
    .await;
    eventually(Duration::from_secs(30), "the failed job to be retried", || async {
        let job = fleet.job(1).await.ok()??;
        (job.status == "queued" && metric(&rollup.api, "sequencer_settlement_failed_jobs_retried_total").await? == 1.0)
            .then_some(())
    })
    .await;

    // A worker proves it; the batch settles, and the status tells stored from verified.
    rollup.cluster.start_prover("prover-1", &rollup.db_url(), 30);
    eventually(SETTLE_TIMEOUT, "batch 1 to be executed on L1", || async {
        (contract.lastExecuted().call().await.ok()? >= 1).then_some(())
    })
    .await;
    let status = http_get(&rollup.api, "/v1/status").await.unwrap();
    assert!(status["heights"]["verified_batch"].as_u64().unwrap() >= 1, "{status}");
    assert_eq!(metric(&rollup.api, "sequencer_settlement_blocked_on_failed_job").await, Some(0.0));
    rollup.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reorgs_under_deposits() {
    // Anvil mines a block a second: 10 confirmations leave seconds to reorg a deposit away.
    let rollup = Devnet::start_with("reorg", &["--l1-confirmations", "10"]).await;
    let (_l1, rpc, _) = rollup.user("frank").await;
    let contract = Rollup::new(rollup.rollup, &rpc);
    let deposit = |key: PrivateKey, wei: u128| {
        let contract = contract.clone();
        async move {
            let packed = B256::from(key.public_key().pack());
            let receipt = contract.depositETH(packed).value(U256::from(wei)).send().await.unwrap();
            assert!(receipt.get_receipt().await.unwrap().status());
        }
    };
    let key = || PrivateKey::from_bytes(b"reorg victim");

    // 1 ETH, a few blocks deep (short of confirmed), then reorged away; 2 ETH replace it.
    let snapshot = anvil(&rpc, "evm_snapshot", serde_json::json!([])).await;
    deposit(key(), ETHER).await;
    anvil(&rpc, "anvil_mine", serde_json::json!([3])).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(rollup.account(&key()).await.is_none(), "credited before its confirmations");
    assert_eq!(anvil(&rpc, "evm_revert", serde_json::json!([snapshot])).await, Value::Bool(true));
    deposit(key(), 2 * ETHER).await;
    anvil(&rpc, "anvil_mine", serde_json::json!([10])).await;
    rollup.wait_deposits(&key(), 2 * ETHER, 0).await;
    anvil(&rpc, "anvil_mine", serde_json::json!([10])).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(amount(&rollup.account(&key()).await.unwrap().1["0"]), 2 * ETHER, "only the canonical deposit");

    // A reorg deeper than the confirmations, under a credited deposit: the watcher stops loudly.
    let snapshot = anvil(&rpc, "evm_snapshot", serde_json::json!([])).await;
    let deep = || PrivateKey::from_bytes(b"deep reorg");
    deposit(deep(), ETHER).await;
    anvil(&rpc, "anvil_mine", serde_json::json!([10])).await;
    rollup.wait_deposits(&deep(), ETHER, 0).await;
    assert_eq!(anvil(&rpc, "evm_revert", serde_json::json!([snapshot])).await, Value::Bool(true));
    anvil(&rpc, "anvil_mine", serde_json::json!([15])).await;
    eventually(Duration::from_secs(30), "the watcher to detect the deep reorg", || async {
        (metric(&rollup.api, "sequencer_l1_reorgs_detected_total").await? >= 1.0).then_some(())
    })
    .await;
    rollup.stop().await;
}
