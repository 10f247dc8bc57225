//! Deploying the L1 contracts for a genesis: the Groth16 verifier (the committed one, generated
//! from the insecure dev keys, see docs/contracts.md) and the Rollup contract with the genesis
//! root, the ETH supply and every ERC-20 of the genesis registered under its L2 id.

use std::collections::BTreeMap;

use alloy::primitives::aliases::U112;
use alloy::primitives::{Address, B256};
use alloy::providers::Provider;
use circuits::batch::fr_to_be_bytes;
use circuits::genesis::Genesis;
use circuits::state::TokenId;
use serde::Serialize;

use super::bindings::{Groth16Verifier, Rollup};
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
    let builder = Rollup::deploy_builder(provider, *verifier.address(), root, operator, eth_supply, tokens);
    let receipt = builder.send().await?.get_receipt().await?;
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
