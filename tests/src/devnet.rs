//! A whole rollup for end-to-end tests, as separate processes: Anvil with the committed
//! contracts (deployed by `sequencer deploy`), a scratch Postgres database, the `sequencer`
//! binary with settlement and the deposit watcher, and `prover work` workers on demand; with
//! the helpers the tests drive it through (users, deposits, waits, metrics, Anvil calls).

use std::process::Command;
use std::time::{Duration, Instant};

use alloy::hex;
use alloy::primitives::aliases::U112;
use alloy::primitives::{Address, B256, U256};
use alloy::providers::Provider;
use alloy::signers::local::PrivateKeySigner;
use circuits::babyjubjub::PrivateKey;
use circuits::state::{L1Address, StateConfig};
use circuits::tx::{SignatureBytes, Tx};
use prover::fleet::dal::FleetDal;
use sequencer::dal::{Dal, StorageExt};
use sequencer::genesis::devnet_genesis;
use sequencer::l1::bindings::{DevToken, Rollup};
use sequencer::l1::{provider, L1Provider};
use serde_json::Value;

use crate::{
    amount, binaries, dev_keys, eventually, fund, http_get, http_post, l1_signer, Cluster, ScratchDb, ACCOUNT_DEPTH,
    BATCH_SLOTS, CHAIN_ID,
};

/// 10^18 wei.
pub const ETHER: u128 = 1_000_000_000_000_000_000;
/// Settling needs every batch's proof: the debug-profile prover takes minutes per 2-slot batch
/// on 2 cores, and more than 10 when the machine is shared.
pub const SETTLE_TIMEOUT: Duration = Duration::from_secs(1_500);

/// A running rollup: Anvil with the contracts, Postgres, the sequencer (and provers).
pub struct Devnet {
    /// The processes and the run folder.
    pub cluster: Cluster,
    /// The scratch database (dropped by `stop`).
    pub db: Option<ScratchDb>,
    /// Anvil's JSON-RPC URL.
    pub l1_url: String,
    /// The sequencer's API (`host:port`).
    pub api: String,
    /// The Rollup contract.
    pub rollup: Address,
    /// The devnet ERC-20 (token 1).
    pub token: Address,
    /// The contracts' owner; pays for the L1 calls the test itself makes (mints).
    pub admin: L1Provider,
}

/// An L1 private key as `0x` hex (the CLI's form).
pub fn key_hex(signer: &PrivateKeySigner) -> String {
    hex::encode_prefixed(signer.to_bytes())
}

impl Devnet {
    /// Anvil, the token, the genesis, `sequencer deploy`, then `sequencer run` with settlement.
    pub async fn start(label: &str) -> Self {
        Self::start_with(label, &[]).await
    }

    /// [`Devnet::start`] with more arguments for `sequencer run`.
    pub async fn start_with(label: &str, extra_args: &[&str]) -> Self {
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

    /// The scratch database's URL.
    pub fn db_url(&self) -> String {
        self.db.as_ref().unwrap().url.clone()
    }

    /// A user: an L1 key funded with 100 ETH and 10,000 tokens, and an L2 key.
    pub async fn user(&self, name: &str) -> (PrivateKeySigner, L1Provider, PrivateKey) {
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
    pub async fn deposit(&self, l1: &L1Provider, key: &PrivateKey, eth: u128, tokens: u128) -> (u64, u64) {
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
    pub async fn account(&self, key: &PrivateKey) -> Option<(u32, Value)> {
        let packed = hex::encode_prefixed(key.public_key().pack());
        let account = http_get(&self.api, &format!("/v1/accounts/{packed}")).await?;
        Some((account["id"].as_u64()? as u32, account["balances"].clone()))
    }

    /// Waits until the L2 account of `key` holds the deposited amounts; returns its id.
    pub async fn wait_deposits(&self, key: &PrivateKey, eth: u128, tokens: u128) -> u32 {
        eventually(Duration::from_secs(60), "deposits to reach L2", || async {
            let (id, balances) = self.account(key).await?;
            (amount(&balances["0"]) == eth && amount(&balances["1"]) == tokens).then_some(id)
        })
        .await
    }

    /// The L2 balances of account `id`, by token id.
    pub async fn balances(&self, id: u32) -> Value {
        http_get(&self.api, &format!("/v1/accounts/{id}")).await.expect("account")["balances"].clone()
    }

    /// A real expiry, as the wallet signs it: the open batch plus the wallet's default validity.
    pub async fn valid_until(&self) -> u32 {
        let status = http_get(&self.api, "/v1/status").await.expect("GET /v1/status");
        let open_batch = status["heights"]["open_batch"].as_u64().expect("heights.open_batch");
        sequencer::wallet::valid_until(open_batch, sequencer::wallet::DEFAULT_VALID_FOR)
    }

    /// Signs and submits `tx`; returns the API's answer (it must be accepted).
    pub async fn submit(&self, key: &PrivateKey, mut tx: Tx) -> Value {
        tx.sign(key, CHAIN_ID).expect("packable amounts");
        let (status, body) = http_post(&self.api, "/v1/transactions", &serde_json::to_value(&tx).unwrap()).await;
        assert_eq!(status, 200, "transaction refused: {body}");
        body
    }

    /// Waits until L1 has executed every sealed batch up to the one holding `tx_hash`, whose
    /// status must then read `settled`; returns the last sealed batch.
    pub async fn wait_settled(&self, tx_hash: &str) -> u64 {
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
    pub async fn l1_report(&self, last: u64) -> Vec<sequencer::dal::models::L1BatchTx> {
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

    /// Kills every process and drops the database.
    pub async fn stop(mut self) {
        for process in &mut self.cluster.processes {
            process.kill();
        }
        if let Some(db) = self.db.take() {
            db.drop().await;
        }
    }
}

/// circomlibjs's packed form of y = 2^255 − 129 (≥ p) with the sign bit clear: not a key.
pub const UNUSABLE_KEY: [u8; 32] = {
    let mut key = [0xff; 32];
    key[31] = 0x7f;
    key
};

/// A placeholder signature (`submit` signs).
pub fn signature() -> SignatureBytes {
    SignatureBytes([0; 64])
}

/// The value of an unlabelled metric in the sequencer's `/metrics`.
pub async fn metric(api: &str, name: &str) -> Option<f64> {
    let mut connection = sequencer::loadgen::client::Connection::open(api).await.ok()?;
    let (_, body) = connection.get("/metrics").await.ok()?;
    let text = String::from_utf8(body.to_vec()).ok()?;
    text.lines().find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
}

/// Runs one statement on the fleet's pool (the test plays a worker or an operator).
pub async fn sqlx_exec(fleet: &FleetDal, statement: &str, proof: Option<Vec<u8>>) {
    let mut query = sqlx::query(statement);
    if let Some(proof) = proof {
        query = query.bind(proof);
    }
    query.execute(fleet.pool()).await.expect(statement);
}

/// An Anvil JSON-RPC call (snapshots, reverts, mining).
pub async fn anvil(provider: &L1Provider, method: &'static str, params: Value) -> Value {
    provider.raw_request(method.into(), params).await.unwrap_or_else(|e| panic!("{method}: {e}"))
}
