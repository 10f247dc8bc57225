//! The whole rollup end to end, as separate processes: Anvil with the committed contracts
//! (deployed by `sequencer deploy`), Postgres, the `sequencer` binary with L1 settlement and the
//! deposit watcher, and `prover work` fleet workers with the dev keys of the committed verifier.
//!
//! - `deposits_trades_withdrawal_settle_and_claim`: two users deposit ETH and an ERC-20 on L1,
//!   transfer, add liquidity and swap on L2, one withdraws; every batch is committed, proven
//!   with a real Groth16 proof that the contract verifies, and executed; the user claims on L1;
//!   every L1 and L2 balance is checked. Prints the L1 gas of each step.
//!   First of all, mallory deposits 1 ETH to an unusable L2 key (y ≥ p): the batch that
//!   consumes it refunds it, every later deposit is credited and settles, and mallory claims
//!   the refund on L1.
//! - `a_prover_killed_mid_proof_does_not_stop_settlement`: SIGKILL of the worker proving a
//!   batch; the lease runs out, another worker proves it, and the batch settles.

use std::process::Command;
use std::time::Duration;

use alloy::primitives::{B256, U256};
use alloy::providers::Provider;
use circuits::state::L1Address;
use circuits::tx::{AddLiquidity, Swap, Transfer, Tx, Withdraw};
use e2e::devnet::{signature, Devnet, ETHER, UNUSABLE_KEY};
use e2e::{amount, binaries, eventually, http_get};
use prover::fleet::dal::FleetDal;
use sequencer::l1::bindings::{DevToken, Rollup};
use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deposits_trades_withdrawal_settle_and_claim() {
    let mut rollup = Devnet::start("flow").await;
    rollup.cluster.start_prover("prover-1", &rollup.db_url(), 30);
    rollup.cluster.start_prover("prover-2", &rollup.db_url(), 30);
    let (_alice_l1, alice_rpc, alice) = rollup.user("alice").await;
    let (bob_l1, bob_rpc, bob) = rollup.user("bob").await;
    let (mallory_l1, mallory_rpc, _) = rollup.user("mallory").await;

    // Priority operation 0: 1 ETH to a key L2 cannot credit (y ≥ p), as anyone could send it.
    let mallory_rollup = Rollup::new(rollup.rollup, &mallory_rpc);
    let unusable = B256::from(UNUSABLE_KEY);
    let receipt =
        mallory_rollup.depositETH(unusable).value(U256::from(ETHER)).send().await.unwrap().get_receipt().await.unwrap();
    assert!(receipt.status(), "depositETH to an unusable key reverted");
    eprintln!("e2e gas: depositETH to an unusable key {}", receipt.gas_used);

    // L1 deposits; the watcher feeds them to L2 after one confirmation.
    let (eth_gas, erc20_gas) = rollup.deposit(&alice_rpc, &alice, 10 * ETHER, 1_000 * ETHER).await;
    eprintln!("e2e gas: depositETH {eth_gas}, depositERC20 (first of the token) {erc20_gas}");
    let (eth_gas, erc20_gas) = rollup.deposit(&bob_rpc, &bob, 5 * ETHER, 500 * ETHER).await;
    eprintln!("e2e gas: depositETH {eth_gas}, depositERC20 {erc20_gas}");
    let a = rollup.wait_deposits(&alice, 10 * ETHER, 1_000 * ETHER).await;
    let b = rollup.wait_deposits(&bob, 5 * ETHER, 500 * ETHER).await;

    // L2: a transfer, liquidity, a swap and a withdrawal.
    let fee = ETHER / 1_000;
    let valid_until = rollup.valid_until().await;
    let transfer = Tx::Transfer(Transfer {
        from: a,
        to: b,
        token: 0,
        amount: ETHER,
        fee,
        valid_until,
        nonce: 0,
        signature: signature(),
    });
    rollup.submit(&alice, transfer).await;
    let add = AddLiquidity {
        account: a,
        pool: 0,
        amount_a: 4 * ETHER,
        max_amount_b: 400 * ETHER,
        min_lp: 0,
        fee: 0,
        valid_until,
        nonce: 1,
        signature: signature(),
    };
    let added = rollup.submit(&alice, Tx::AddLiquidity(add)).await;
    let amount_b = amount(&added["receipt"]["amount_b"]);
    let lp_minted = amount(&added["receipt"]["lp_minted"]);
    assert!(amount_b > 0 && amount_b <= 400 * ETHER && lp_minted > 0, "{added}");
    let swap = Swap {
        account: b,
        pool: 0,
        a_to_b: false,
        amount_in: 50 * ETHER,
        min_amount_out: 1,
        fee: 0,
        valid_until,
        nonce: 0,
        signature: signature(),
    };
    let swapped = rollup.submit(&bob, Tx::Swap(swap)).await;
    let amount_out = amount(&swapped["receipt"]["amount_out"]);
    // Constant product: out < reserve_a * in / (reserve_b + in).
    assert!(amount_out > 0 && amount_out < 4 * ETHER * 50 / (amount_b / ETHER + 50), "{swapped}");
    let to = L1Address(bob_l1.address().into_array());
    let withdraw =
        Withdraw { account: b, token: 0, amount: 2 * ETHER, fee, to, valid_until, nonce: 1, signature: signature() };
    let withdrawn = rollup.submit(&bob, Tx::Withdraw(withdraw)).await;
    let withdraw_hash = withdrawn["hash"].as_str().unwrap().to_string();

    // L1: every batch committed, proven (a real Groth16 proof) and executed.
    let last = rollup.wait_settled(&withdraw_hash).await;
    let contract = Rollup::new(rollup.rollup, &rollup.admin);
    assert!(contract.lastExecuted().call().await.unwrap() >= last);
    let rows = rollup.l1_report(last).await;
    assert!(rows.len() >= 3 * last as usize);
    let executed = contract.lastExecuted().call().await.unwrap();
    let batch = http_get(&rollup.api, &format!("/v1/batches/{executed}")).await.unwrap();
    assert_eq!(contract.stateRoot().call().await.unwrap().to_string(), batch["new_state_root"].as_str().unwrap());

    // L2 balances, from the receipts: fees go to account 0, the pool keeps its swap fee.
    let alice_balances = rollup.balances(a).await;
    assert_eq!(amount(&alice_balances["0"]), 10 * ETHER - ETHER - fee - 4 * ETHER);
    assert_eq!(amount(&alice_balances["1"]), 1_000 * ETHER - amount_b);
    assert_eq!(amount(&alice_balances["512"]), lp_minted);
    let bob_balances = rollup.balances(b).await;
    assert_eq!(amount(&bob_balances["0"]), 5 * ETHER + ETHER + amount_out - 2 * ETHER - fee);
    assert_eq!(amount(&bob_balances["1"]), 500 * ETHER - 50 * ETHER);
    let fee_balances = rollup.balances(0).await;
    assert_eq!(amount(&fee_balances["0"]), 2 * fee);
    let pool = http_get(&rollup.api, "/v1/pools/0").await.unwrap()["pool"].clone();
    assert_eq!(amount(&pool["reserve_a"]), 4 * ETHER - amount_out);
    assert_eq!(amount(&pool["reserve_b"]), amount_b + 50 * ETHER);
    // Conservation: what L2 holds is what L1 locked minus what it paid out.
    let l2_eth = amount(&alice_balances["0"]) + amount(&bob_balances["0"]) + 2 * fee + amount(&pool["reserve_a"]);
    assert_eq!(l2_eth, 15 * ETHER - 2 * ETHER);

    // L1: bob claims his withdrawal.
    let bob_contract = Rollup::new(rollup.rollup, &bob_rpc);
    assert_eq!(contract.claimable(bob_l1.address(), 0).call().await.unwrap(), U256::from(2 * ETHER));
    let before = bob_rpc.get_balance(bob_l1.address()).await.unwrap();
    let claim = bob_contract.claim(0).send().await.unwrap().get_receipt().await.unwrap();
    assert!(claim.status(), "claim reverted");
    eprintln!("e2e gas: claim ETH {}", claim.gas_used);
    let after = bob_rpc.get_balance(bob_l1.address()).await.unwrap();
    let gas_cost = U256::from(claim.gas_used) * U256::from(claim.effective_gas_price);
    assert_eq!(after, before + U256::from(2 * ETHER) - gas_cost);
    assert_eq!(contract.claimable(bob_l1.address(), 0).call().await.unwrap(), U256::ZERO);
    // Mallory's deposit was refunded by the batch that consumed it; she claims it.
    assert_eq!(contract.claimable(mallory_l1.address(), 0).call().await.unwrap(), U256::from(ETHER));
    let refund = mallory_rollup.claim(0).send().await.unwrap().get_receipt().await.unwrap();
    assert!(refund.status(), "claim of the refund reverted");
    assert_eq!(contract.claimable(mallory_l1.address(), 0).call().await.unwrap(), U256::ZERO);
    assert_eq!(rollup.admin.get_balance(rollup.rollup).await.unwrap(), U256::from(13 * ETHER));
    let token = DevToken::new(rollup.token, &rollup.admin);
    assert_eq!(token.balanceOf(rollup.rollup).call().await.unwrap(), U256::from(1_500 * ETHER));
    assert_eq!(token.balanceOf(_alice_l1.address()).call().await.unwrap(), U256::from(9_000 * ETHER));
    assert_eq!(token.balanceOf(bob_l1.address()).call().await.unwrap(), U256::from(9_500 * ETHER));

    // Data availability: with the sequencer stopped, `wallet exit` rebuilds the state from the
    // genesis file and L1 calldata alone, and proves alice's balances against L1's stateRoot.
    rollup.cluster.process("sequencer").kill();
    let output = Command::new(binaries().sequencer.with_file_name("wallet"))
        .args(["--l1-rpc-url", &rollup.l1_url, "exit", &a.to_string(), "--rollup-address"])
        .arg(rollup.rollup.to_string())
        .arg("--genesis")
        .arg(rollup.cluster.dir.join("genesis.json"))
        .output()
        .expect("run wallet exit");
    assert!(output.status.success(), "wallet exit failed: {}", String::from_utf8_lossy(&output.stderr));
    let report: Value = serde_json::from_slice(&output.stdout).expect("wallet exit prints JSON");
    assert_eq!(report["state_root"].as_str().unwrap(), contract.stateRoot().call().await.unwrap().to_string());
    assert_eq!(report["batches"].as_u64().unwrap(), executed);
    let claimed: Vec<(u64, u128)> = report["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|claim| (claim["token"].as_u64().unwrap(), amount(&claim["balance"])))
        .collect();
    let expected: Vec<(u64, u128)> =
        ["0", "1", "512"].iter().map(|t| (t.parse().unwrap(), amount(&alice_balances[*t]))).collect();
    assert_eq!(claimed, expected, "alice's balances, rebuilt from L1");
    rollup.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_prover_killed_mid_proof_does_not_stop_settlement() {
    let mut rollup = Devnet::start("kill").await;
    let (_l1, rpc, key) = rollup.user("carol").await;
    rollup.deposit(&rpc, &key, ETHER, 10 * ETHER).await;
    let id = rollup.wait_deposits(&key, ETHER, 10 * ETHER).await;
    let transfer = Tx::Transfer(Transfer {
        from: id,
        to: 0,
        token: 0,
        amount: ETHER / 10,
        fee: 0,
        valid_until: rollup.valid_until().await,
        nonce: 0,
        signature: signature(),
    });
    let hash = rollup.submit(&key, transfer).await["hash"].as_str().unwrap().to_string();
    let batch = eventually(Duration::from_secs(30), "the transfer's batch to seal", || async {
        let status = http_get(&rollup.api, &format!("/v1/transactions/{hash}")).await?;
        status["batch"].as_u64()
    })
    .await;

    // One worker claims the first batch; it dies in the middle of the proof.
    let fleet = FleetDal::connect(&rollup.db_url()).await.unwrap();
    rollup.cluster.start_prover("prover-doomed", &rollup.db_url(), 3);
    let claimed = eventually(Duration::from_secs(120), "prover-doomed to claim batch 1", || async {
        let job = fleet.job(1).await.ok()??;
        (job.status == "in_progress" && job.picked_by.as_deref() == Some("prover-doomed")).then_some(job)
    })
    .await;
    rollup.cluster.process("prover-doomed").kill();
    assert_eq!(claimed.attempts, 1);
    let job = fleet.job(1).await.unwrap().unwrap();
    assert_eq!((job.status.as_str(), job.proof.is_none()), ("in_progress", true), "killed before it finished");

    // A second worker takes the job over once the lease expires, and the batches settle.
    rollup.cluster.start_prover("prover-rescue", &rollup.db_url(), 3);
    let settled_batch = rollup.wait_settled(&hash).await;
    assert_eq!(settled_batch, batch);
    let job = fleet.job(1).await.unwrap().unwrap();
    assert_eq!(job.status, "done");
    assert_eq!(job.picked_by.as_deref(), Some("prover-rescue"));
    assert_eq!(job.attempts, 2, "the killed attempt counts, the rescue is the second");
    rollup.l1_report(batch).await;
    let balances = rollup.balances(id).await;
    assert_eq!(amount(&balances["0"]), ETHER - ETHER / 10);
    let contract = Rollup::new(rollup.rollup, &rollup.admin);
    let info = http_get(&rollup.api, &format!("/v1/batches/{batch}")).await.unwrap();
    assert_eq!(contract.stateRoot().call().await.unwrap().to_string(), info["new_state_root"].as_str().unwrap());
    rollup.stop().await;
}
