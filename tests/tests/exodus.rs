//! Exodus end to end on Anvil: an operator that stops cannot keep users' funds.
//!
//! - `an_operator_that_stops_cannot_keep_users_funds`: alice's deposits settle; the sequencer is
//!   killed; bob's later deposit is never executed, and once it is past its deadline a stranger
//!   switches the contract into exodus mode. With the sequencer and its database gone, `wallet
//!   exit --submit` rebuilds the state from L1 alone and pays alice her balances; bob takes his
//!   unexecuted deposit back.

use std::process::Command;
use std::time::Duration;

use alloy::primitives::aliases::U112;
use alloy::primitives::{B256, U256};
use alloy::providers::Provider;
use e2e::devnet::{key_hex, Devnet, ETHER, SETTLE_TIMEOUT};
use e2e::{binaries, eventually, l1_signer};
use sequencer::l1::bindings::{DevToken, Rollup};
use sequencer::l1::provider;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operator_that_stops_cannot_keep_users_funds() {
    let mut rollup = Devnet::start("exodus").await;
    rollup.cluster.start_prover("prover-1", &rollup.db_url(), 30);
    let owner = Rollup::new(rollup.rollup, &rollup.admin);
    let receipt = owner.setPriorityDeadline(20).send().await.unwrap().get_receipt().await.unwrap();
    assert!(receipt.status(), "setPriorityDeadline");
    let (alice_l1, alice_rpc, alice) = rollup.user("alice").await;
    rollup.deposit(&alice_rpc, &alice, 3 * ETHER, 100 * ETHER).await;
    let account = rollup.wait_deposits(&alice, 3 * ETHER, 100 * ETHER).await;
    eventually(SETTLE_TIMEOUT, "alice's deposits to be executed on L1", || async {
        (owner.priorityHead().call().await.ok()? == 2).then_some(())
    })
    .await;

    // The operator stops; bob's deposit is queued but never executed.
    rollup.cluster.process("sequencer").kill();
    let (bob_l1, bob_rpc, bob) = rollup.user("bob").await;
    let bob_key = B256::from(bob.public_key().pack());
    let bob_rollup = Rollup::new(rollup.rollup, &bob_rpc);
    let receipt = bob_rollup.depositETH(bob_key).value(U256::from(ETHER)).send().await.unwrap();
    assert!(receipt.get_receipt().await.unwrap().status());

    // Too early for exodus; once bob's deposit is overdue, anyone may switch it on.
    let stranger = provider(&rollup.l1_url, l1_signer("exodus-stranger")).unwrap();
    e2e::fund(&rollup.admin, l1_signer("exodus-stranger").address(), U256::from(ETHER)).await;
    let by_stranger = Rollup::new(rollup.rollup, &stranger);
    assert!(by_stranger.activateExodus().call().await.is_err(), "exodus before any deadline");
    eventually(Duration::from_secs(90), "bob's deposit to be overdue", || async {
        by_stranger.activateExodus().call().await.ok()
    })
    .await;
    let receipt = by_stranger.activateExodus().send().await.unwrap().get_receipt().await.unwrap();
    assert!(receipt.status());
    eprintln!("e2e gas: activateExodus {}", receipt.gas_used);
    assert!(owner.exodusMode().call().await.unwrap());
    rollup.cluster.process("prover-1").kill();

    // Alice leaves with L1 data alone: the genesis file and the batches' calldata.
    let token = DevToken::new(rollup.token, &rollup.admin);
    let eth_before = rollup.admin.get_balance(alice_l1.address()).await.unwrap();
    let output = Command::new(binaries().sequencer.with_file_name("wallet"))
        .args(["--l1-rpc-url", &rollup.l1_url, "--l1-key", &key_hex(&l1_signer("exodus-stranger"))])
        .args(["exit", &account.to_string(), "--submit", "--rollup-address", &rollup.rollup.to_string()])
        .arg("--genesis")
        .arg(rollup.cluster.dir.join("genesis.json"))
        .output()
        .expect("run wallet exit");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "wallet exit --submit failed: {stderr}");
    eprintln!("e2e: {}", stderr.trim());
    assert_eq!(rollup.admin.get_balance(alice_l1.address()).await.unwrap(), eth_before + U256::from(3 * ETHER));
    assert_eq!(token.balanceOf(alice_l1.address()).call().await.unwrap(), U256::from(10_000 * ETHER));
    for token_id in [0u16, 1] {
        assert!(owner.exited(account, token_id).call().await.unwrap(), "token {token_id} exited");
    }

    // Bob takes back the deposit no batch executed.
    let pending = bob_rollup
        .withdrawPendingDeposit(2, bob_l1.address(), 0, U112::from(ETHER), bob_key)
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(pending.status());
    eprintln!("e2e gas: withdrawPendingDeposit {}", pending.gas_used);
    assert_eq!(owner.claimable(bob_l1.address(), 0).call().await.unwrap(), U256::from(ETHER));
    rollup.stop().await;
}
