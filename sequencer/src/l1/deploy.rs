//! Deploying the L1 contracts for a genesis: the Groth16 verifier (the committed one, generated
//! from the insecure dev keys, see docs/contracts.md) and the Rollup contract with the genesis
//! root, the ETH supply and every ERC-20 of the genesis registered under its L2 id; and a whole
//! devnet's L1 side on Anvil (a test ERC-20, the devnet genesis, both contracts).

use std::collections::BTreeMap;

use alloy::primitives::aliases::U112;
use alloy::primitives::{Address, B256, U256};
use alloy::providers::Provider;
use circuits::batch::fr_to_be_bytes;
use circuits::genesis::Genesis;
use circuits::state::TokenId;
use serde::Serialize;

use alloy::network::TransactionBuilder;
use alloy::rpc::types::TransactionRequest;
use alloy::sol_types::SolConstructor;

use super::bindings::{Groth16Verifier, PoseidonT3, PoseidonT5Part1, PoseidonT5Part2, Rollup};
use super::{L1Error, L1Provider, L1Result};

/// Where the contracts went.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Deployment {
    /// The Groth16 verifier.
    pub verifier: Address,
    /// The Rollup contract.
    pub rollup: Address,
    /// The L1 block of the Rollup deployment (the watcher's first block).
    pub block: u64,
}

/// Each token's total genesis balance (the contract's `l2SupplyBound` starts there).
fn genesis_supplies(genesis: &Genesis) -> L1Result<BTreeMap<TokenId, u128>> {
    let mut supplies = BTreeMap::new();
    for account in &genesis.accounts {
        for (&token, balance) in &account.balances {
            let balance: u128 =
                balance.parse().map_err(|e| L1Error::Config(format!("genesis balance {balance:?}: {e}")))?;
            let total: &mut u128 = supplies.entry(token).or_default();
            *total = total.checked_add(balance).ok_or_else(|| L1Error::Config("genesis supply overflows".into()))?;
        }
    }
    Ok(supplies)
}

fn u112(value: u128) -> L1Result<U112> {
    U112::try_from(value).map_err(|_| L1Error::Config(format!("supply {value} does not fit 112 bits")))
}

/// Transfer slots of the committed verifier's circuit (prover's `COMMITTED_VERIFIER_PARAMS`:
/// 2 general slots). The Rollup must hash slot data with the layout the verifier was set up for.
const COMMITTED_VERIFIER_TRANSFER_SLOTS: u64 = 0;

/// Deploys the verifier and the Rollup for `genesis`; the provider's signer becomes the owner.
/// Every genesis token but ETH must be an ERC-20 contract already deployed at its `l1_address`.
pub async fn deploy(provider: &L1Provider, genesis: &Genesis, operator: Address) -> L1Result<Deployment> {
    let state = genesis.build().map_err(|e| L1Error::Config(format!("genesis: {e}")))?;
    let root = B256::from(fr_to_be_bytes(&state.root()));
    let supplies = genesis_supplies(genesis)?;
    let supply = |token: TokenId| u112(supplies.get(&token).copied().unwrap_or(0));
    let mut tokens = Vec::new();
    for token in genesis.tokens.iter().filter(|t| t.id != 0) {
        tokens.push(Rollup::TokenRegistration {
            id: token.id,
            token: Address::from(token.info.l1_address.0),
            genesisSupply: supply(token.id)?,
        });
    }
    let verifier = Groth16Verifier::deploy(provider).await?;
    let eth_supply = supply(0)?;
    let transfer_slots = U256::from(COMMITTED_VERIFIER_TRANSFER_SLOTS);
    let libraries = BTreeMap::from([
        ("PoseidonT3", *PoseidonT3::deploy(provider).await?.address()),
        ("PoseidonT5Part1", *PoseidonT5Part1::deploy(provider).await?.address()),
        ("PoseidonT5Part2", *PoseidonT5Part2::deploy(provider).await?.address()),
    ]);
    let mut code = linked_rollup_bytecode(&libraries)?;
    code.extend(
        Rollup::constructorCall {
            verifier_: *verifier.address(),
            transferSlots_: transfer_slots,
            genesisStateRoot: root,
            operator_: operator,
            ethGenesisSupply: eth_supply,
            tokens,
        }
        .abi_encode(),
    );
    let deployment = TransactionRequest::default().with_deploy_code(code);
    let receipt = provider.send_transaction(deployment).await?.get_receipt().await?;
    let rollup = receipt
        .contract_address
        .ok_or_else(|| L1Error::Inconsistent(format!("deployment {} created no contract", receipt.transaction_hash)))?;
    if !receipt.status() {
        return Err(L1Error::Inconsistent(format!("the Rollup deployment reverted ({})", receipt.transaction_hash)));
    }
    let block = match receipt.block_number {
        Some(block) => block,
        None => provider.get_block_number().await?,
    };
    tracing::info!(verifier = %verifier.address(), %rollup, block, root = %root, "deployed the L1 contracts");
    Ok(Deployment { verifier: *verifier.address(), rollup, block })
}

/// The Rollup's creation bytecode with each library placeholder (20 bytes at every offset the
/// artifact's `linkReferences` lists) replaced by that library's address.
fn linked_rollup_bytecode(libraries: &BTreeMap<&str, Address>) -> L1Result<Vec<u8>> {
    let bad = |what: String| L1Error::Inconsistent(format!("the Rollup artifact: {what}"));
    let artifact: serde_json::Value =
        serde_json::from_str(super::bindings::ROLLUP_ARTIFACT).map_err(|e| bad(e.to_string()))?;
    let bytecode = &artifact["bytecode"];
    let text = bytecode["object"].as_str().ok_or_else(|| bad("no bytecode.object".into()))?;
    let mut hex_code = text.trim_start_matches("0x").to_string();
    let references = bytecode["linkReferences"].as_object().ok_or_else(|| bad("no linkReferences".into()))?;
    for (name, offsets) in references.values().flat_map(|file| file.as_object().into_iter().flatten()) {
        let address = libraries.get(name.as_str()).ok_or_else(|| bad(format!("library {name} was not deployed")))?;
        for offset in offsets.as_array().into_iter().flatten() {
            let start = 2 * offset["start"].as_u64().ok_or_else(|| bad("a link offset".into()))? as usize;
            hex_code.replace_range(start..start + 40, &alloy::hex::encode(address));
        }
    }
    alloy::hex::decode(&hex_code).map_err(|e| bad(format!("bytecode still unlinked: {e}")))
}

/// Anvil's first five development accounts (mnemonic `test test ... junk`): public keys of a
/// local chain, never of value. Index 0 deploys and owns, 1 operates the sequencer, 2-4 are
/// the devnet's users.
pub const ANVIL_DEV_KEYS: [&str; 5] = [
    "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
    "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
    "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
];

/// Tokens of the devnet's ERC-20 minted to each user at deployment (18 decimals).
pub const DEVNET_TOKEN_GRANT: u128 = 1_000_000 * 10u128.pow(18);

/// What [`deploy_devnet`] set up.
#[derive(Clone, Debug)]
pub struct DevnetDeployment {
    /// The verifier and the Rollup.
    pub contracts: Deployment,
    /// The test ERC-20.
    pub token: Address,
    /// The genesis the Rollup was deployed for.
    pub genesis: Genesis,
    /// The sequencer's L1 key (Anvil account 1).
    pub operator_key: &'static str,
    /// The users' L1 keys (Anvil accounts 2-4), each holding ETH and [`DEVNET_TOKEN_GRANT`].
    pub user_keys: &'static [&'static str],
}

/// A rollup on an Anvil dev chain at `l1_rpc_url` in one call: Anvil account 0 deploys the test
/// ERC-20 ([`super::bindings::DevToken`]) and mints [`DEVNET_TOKEN_GRANT`] to accounts 2-4,
/// then deploys the verifier and the Rollup for the devnet genesis
/// ([`crate::genesis::devnet_genesis`]) with account 1 as the operator (and fee owner).
pub async fn deploy_devnet(l1_rpc_url: &str, config: circuits::state::StateConfig) -> L1Result<DevnetDeployment> {
    let [deployer, operator_key, users @ ..] = &ANVIL_DEV_KEYS;
    let provider = super::provider(l1_rpc_url, super::signer(deployer)?)?;
    let operator = super::signer(operator_key)?.address();
    for key in ANVIL_DEV_KEYS {
        let address = super::signer(key)?.address();
        if provider.get_balance(address).await?.is_zero() {
            return Err(L1Error::Config(format!(
                "{address} has no ETH at {l1_rpc_url}: devnet-deploy needs an Anvil dev chain (default mnemonic)"
            )));
        }
    }
    let token = super::bindings::DevToken::deploy(&provider).await?;
    for key in users {
        let user = super::signer(key)?.address();
        let receipt =
            token.mint(user, alloy::primitives::U256::from(DEVNET_TOKEN_GRANT)).send().await?.get_receipt().await?;
        if !receipt.status() {
            return Err(L1Error::Inconsistent(format!("minting to {user} reverted")));
        }
    }
    let l1 = |address: Address| circuits::state::L1Address(address.into_array());
    let genesis = crate::genesis::devnet_genesis(config, l1(*token.address()), "TKN", l1(operator));
    let contracts = deploy(&provider, &genesis, operator).await?;
    Ok(DevnetDeployment { contracts, token: *token.address(), genesis, operator_key, user_keys: users })
}
