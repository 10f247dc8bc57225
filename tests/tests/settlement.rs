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
use std::time::{Duration, Instant};

use alloy::hex;
use alloy::primitives::aliases::U112;
use alloy::primitives::{Address, B256, U256};
use alloy::providers::Provider;
use alloy::signers::local::PrivateKeySigner;
use circuits::babyjubjub::PrivateKey;
use circuits::state::{L1Address, StateConfig};
use circuits::tx::{AddLiquidity, SignatureBytes, Swap, Transfer, Tx, Withdraw};
use e2e::{
    amount, binaries, dev_keys, eventually, fund, http_get, http_post, l1_signer, Cluster, ScratchDb, ACCOUNT_DEPTH,
    BATCH_SLOTS, CHAIN_ID,
};
use prover::fleet::dal::FleetDal;
use sequencer::dal::{Dal, StorageExt};
use sequencer::genesis::devnet_genesis;
use sequencer::l1::bindings::{DevToken, Rollup};
use sequencer::l1::{provider, L1Provider};
use serde_json::Value;

const ETHER: u128 = 1_000_000_000_000_000_000;
/// Settling needs every batch's proof: the debug-profile prover takes minutes per 2-slot batch
/// on 2 cores, and more than 10 when the machine is shared.
const SETTLE_TIMEOUT: Duration = Duration::from_secs(1_500);

/// A running rollup: Anvil with the contracts, Postgres, the sequencer (and provers).
struct Devnet {
    cluster: Cluster,
    db: Option<ScratchDb>,
    l1_url: String,
    /// The sequencer's API (`host:port`).
    api: String,
    rollup: Address,
    token: Address,
    /// The contracts' owner; pays for the L1 calls the test itself makes (mints).
    admin: L1Provider,
}

fn key_hex(signer: &PrivateKeySigner) -> String {
    hex::encode_prefixed(signer.to_bytes())
}

impl Devnet {
    /// Anvil, the token, the genesis, `sequencer deploy`, then `sequencer run` with settlement.
    async fn start(label: &str) -> Self {
        Self::start_with(label, &[]).await
    }

    /// [`Devnet::start`] with more arguments for `sequencer run`.
    async fn start_with(label: &str, extra_args: &[&str]) -> Self {
        binaries();
        dev_keys();
        let db = ScratchDb::create(&format!("e2e_{label}")).await;
        let mut cluster = Cluster::new(label);
        let l1_url = cluster.start_anvil().await;
        // The owner deploys and mints; the operator key belongs to the sequencer alone (two
        // senders on one key would race for nonces).
        let owner = l1_signer(&format!("{label}-owner"));
        let operator = l1_signer(&format!("{label}-operator"));
        let admin = provider(&l1_url, owner.clone()).expect("provider");
        fund(&admin, owner.address(), U256::from(1_000u128 * ETHER)).await;
        fund(&admin, operator.address(), U256::from(1_000u128 * ETHER)).await;
        let token = *DevToken::deploy(&admin).await.expect("deploy the ERC-20").address();

        // The L2 genesis: ETH and the ERC-20 (id 1, its L1 address), one ETH/token pool, and the
        // fee account; users arrive by deposit.
        let config = StateConfig { account_depth: ACCOUNT_DEPTH, chain_id: CHAIN_ID, fee_account: 0 };
        let genesis =
            devnet_genesis(config, L1Address(token.into_array()), "TKN", L1Address(operator.address().into_array()));
        let genesis_path = cluster.dir.join("genesis.json");
        std::fs::write(&genesis_path, serde_json::to_string_pretty(&genesis).unwrap()).unwrap();

        let output = Command::new(&binaries().sequencer)
            .args(["deploy", "--l1-rpc-url", &l1_url, "--deployer-key", &key_hex(&owner)])
            .args(["--operator", &operator.address().to_string(), "--genesis"])
            .arg(&genesis_path)
            .output()
            .expect("run sequencer deploy");
        assert!(output.status.success(), "sequencer deploy failed: {}", String::from_utf8_lossy(&output.stderr));
        // The logs share stdout; the addresses are the last line.
        let stdout = String::from_utf8_lossy(&output.stdout);
        let last_line = stdout.lines().last().unwrap_or_default();
        let deployment: Value = serde_json::from_str(last_line).expect("deploy prints JSON last");
        let rollup: Address = deployment["rollup"].as_str().unwrap().parse().unwrap();
        let from_block = deployment["block"].as_u64().unwrap();

        let base = [
            "--database-url",
            &db.url,
            "--genesis",
            genesis_path.to_str().unwrap(),
            "--batch-slots",
            &BATCH_SLOTS.to_string(),
            // Long enough for deposits one L1 block apart to share a batch: fewer proofs.
            "--batch-deadline-ms",
            "3000",
            "--block-interval-ms",
            "100",
            "--l1-rpc-url",
            &l1_url,
            "--rollup-address",
            &rollup.to_string(),
            "--operator-key",
            &key_hex(&operator),
            "--l1-confirmations",
            "1",
            "--l1-poll-ms",
            "250",
            "--l1-from-block",
            &from_block.to_string(),
        ];
        // Flag-value pairs; a flag in `extra_args` replaces the default one.
        let args: Vec<String> = base
            .chunks(2)
            .filter(|pair| !extra_args.contains(&pair[0]))
            .flatten()
            .chain(extra_args)
            .map(|arg| arg.to_string())
            .collect();
        let api = cluster.start_sequencer("sequencer", &args).await;
        Self { cluster, db: Some(db), l1_url, api, rollup, token, admin }
    }

    fn db_url(&self) -> String {
        self.db.as_ref().unwrap().url.clone()
    }

    /// A user: an L1 key funded with 100 ETH and 10,000 tokens, and an L2 key.
    async fn user(&self, name: &str) -> (PrivateKeySigner, L1Provider, PrivateKey) {
        let signer = l1_signer(&format!("{}-{name}", self.cluster.dir.display()));
        let l1 = provider(&self.l1_url, signer.clone()).expect("provider");
        fund(&self.admin, signer.address(), U256::from(100 * ETHER)).await;
        let token = DevToken::new(self.token, &self.admin);
        let receipt =
            token.mint(signer.address(), U256::from(10_000 * ETHER)).send().await.unwrap().get_receipt().await.unwrap();
        assert!(receipt.status());
        (signer, l1, PrivateKey::from_bytes(format!("e2e {name}").as_bytes()))
    }

    /// Deposits ETH and tokens from `l1` to the L2 account of `key`; returns the gas of each
    /// deposit transaction.
    async fn deposit(&self, l1: &L1Provider, key: &PrivateKey, eth: u128, tokens: u128) -> (u64, u64) {
        let rollup = Rollup::new(self.rollup, l1);
        let packed = B256::from(key.public_key().pack());
        let eth_receipt =
            rollup.depositETH(packed).value(U256::from(eth)).send().await.unwrap().get_receipt().await.unwrap();
        assert!(eth_receipt.status(), "depositETH reverted");
        let token = DevToken::new(self.token, l1);
        let approve = token.approve(self.rollup, U256::from(tokens)).send().await.unwrap().get_receipt().await.unwrap();
        assert!(approve.status(), "approve reverted");
        let token_receipt = rollup
            .depositERC20(self.token, U112::from(tokens), packed)
            .send()
            .await
            .unwrap()
            .get_receipt()
            .await
            .unwrap();
        assert!(token_receipt.status(), "depositERC20 reverted");
        (eth_receipt.gas_used, token_receipt.gas_used)
    }

    /// The L2 account of `key` once it exists: (id, balances by token id).
    async fn account(&self, key: &PrivateKey) -> Option<(u32, Value)> {
        let packed = hex::encode_prefixed(key.public_key().pack());
        let account = http_get(&self.api, &format!("/v1/accounts/{packed}")).await?;
        Some((account["id"].as_u64()? as u32, account["balances"].clone()))
    }

    /// Waits until the L2 account of `key` holds the deposited amounts; returns its id.
    async fn wait_deposits(&self, key: &PrivateKey, eth: u128, tokens: u128) -> u32 {
        eventually(Duration::from_secs(60), "deposits to reach L2", || async {
            let (id, balances) = self.account(key).await?;
            (amount(&balances["0"]) == eth && amount(&balances["1"]) == tokens).then_some(id)
        })
        .await
    }

    async fn balances(&self, id: u32) -> Value {
        http_get(&self.api, &format!("/v1/accounts/{id}")).await.expect("account")["balances"].clone()
    }

    /// Submits a signed transaction; returns the API's answer (it must be accepted).
    /// A real expiry, as the wallet signs it: the open batch plus the wallet's default validity.
    async fn valid_until(&self) -> u32 {
        let status = http_get(&self.api, "/v1/status").await.expect("GET /v1/status");
        let open_batch = status["heights"]["open_batch"].as_u64().expect("heights.open_batch");
        sequencer::wallet::valid_until(open_batch, sequencer::wallet::DEFAULT_VALID_FOR)
    }

    async fn submit(&self, key: &PrivateKey, mut tx: Tx) -> Value {
        tx.sign(key, CHAIN_ID).expect("packable amounts");
        let (status, body) = http_post(&self.api, "/v1/transactions", &serde_json::to_value(&tx).unwrap()).await;
        assert_eq!(status, 200, "transaction refused: {body}");
        body
    }

    /// Waits until L1 has executed every sealed batch up to the one holding `tx_hash`, whose
    /// status must then read `settled`; returns the last sealed batch.
    async fn wait_settled(&self, tx_hash: &str) -> u64 {
        let started = Instant::now();
        let fleet = FleetDal::connect(&self.db_url()).await.unwrap();
        let status = eventually(SETTLE_TIMEOUT, "the transaction to settle on L1", || async {
            let status = http_get(&self.api, &format!("/v1/transactions/{tx_hash}")).await?;
            // A batch the fleet gave up on never settles: fail now, with the prover's reason.
            let batch = status["batch"].as_i64().unwrap_or(0);
            for number in 1..=batch {
                if let Ok(Some(job)) = fleet.job(number).await {
                    assert_ne!(job.status, "failed", "the proof of batch {number} failed: {:?}", job.last_error);
                }
            }
            (status["status"] == "settled").then_some(status)
        })
        .await;
        eprintln!("e2e: {tx_hash} settled after {:.1?}", started.elapsed());
        assert!(status["settle_tx_hash"].as_str().is_some_and(|h| h.starts_with("0x")), "{status}");
        status["batch"].as_u64().unwrap()
    }

    /// Prints and checks the L1 transactions of every batch up to `last`; returns the rows.
    async fn l1_report(&self, last: u64) -> Vec<sequencer::dal::models::L1BatchTx> {
        let dal = Dal::connect(&self.db_url(), 2).await.unwrap();
        let rows = dal.acquire().await.unwrap().l1_dal().batch_txs().await.unwrap();
        for batch in 1..=last {
            let info = http_get(&self.api, &format!("/v1/batches/{batch}")).await.expect("batch");
            let steps: Vec<_> = rows.iter().filter(|r| r.batch_number == batch as i64).collect();
            let actions: Vec<&str> = steps.iter().map(|r| r.action.as_str()).collect();
            assert_eq!(actions, ["commit", "prove", "execute"], "batch {batch}");
            let pubdata_bytes = info["pubdata"].as_str().map_or(0, |p| (p.len() - 2) / 2);
            eprintln!(
                "e2e gas: batch {batch} txs {} pubdata {pubdata_bytes} B | commit {} gas ({} B calldata) | \
                 prove {} gas | execute {} gas ({} B calldata)",
                info["tx_count"],
                steps[0].gas_used,
                steps[0].calldata_bytes,
                steps[1].gas_used,
                steps[2].gas_used,
                steps[2].calldata_bytes
            );
        }
        rows
    }

    async fn stop(mut self) {
        for process in &mut self.cluster.processes {
            process.kill();
        }
        if let Some(db) = self.db.take() {
            db.drop().await;
        }
    }
}

/// circomlibjs's packed form of y = 2^255 − 129 (≥ p) with the sign bit clear: not a key.
const UNUSABLE_KEY: [u8; 32] = {
    let mut key = [0xff; 32];
    key[31] = 0x7f;
    key
};

fn signature() -> SignatureBytes {
    SignatureBytes([0; 64])
}

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

/// The value of an unlabelled metric in the sequencer's `/metrics`.
async fn metric(api: &str, name: &str) -> Option<f64> {
    let mut connection = sequencer::loadgen::client::Connection::open(api).await.ok()?;
    let (_, body) = connection.get("/metrics").await.ok()?;
    let text = String::from_utf8(body.to_vec()).ok()?;
    text.lines().find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
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

/// Runs one statement on the fleet's pool (the test plays a worker or an operator).
async fn sqlx_exec(fleet: &FleetDal, statement: &str, proof: Option<Vec<u8>>) {
    let mut query = sqlx::query(statement);
    if let Some(proof) = proof {
        query = query.bind(proof);
    }
    query.execute(fleet.pool()).await.expect(statement);
}

/// An Anvil JSON-RPC call (snapshots, reverts, mining).
async fn anvil(provider: &L1Provider, method: &'static str, params: Value) -> Value {
    provider.raw_request(method.into(), params).await.unwrap_or_else(|e| panic!("{method}: {e}"))
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
