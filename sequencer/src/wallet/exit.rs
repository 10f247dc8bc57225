//! `wallet exit`: the L2 state rebuilt from L1 alone, and one account's exit claims.
//!
//! Nothing here asks the sequencer or its database. The genesis file is public (L1 stores its
//! root, which is checked); every executed batch's pubdata is read back from the calldata of
//! the `commitBatch` transaction L1 logged (`BatchCommitted`; after a revert the last commit of
//! a number is the one executed) and replayed with [`circuits::replay`], each batch checked
//! against the root L1 recorded, and the result against L1's verified `stateRoot`. The claims
//! carry everything an on-chain exit proof needs: the account leaf's preimage, its path, the
//! balance path and the other inputs of the state root.

use std::collections::BTreeMap;

use alloy::primitives::{Address, B256, U256};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::sol_types::SolCall;
use circuits::field::{fr_from_str, Fr};
use circuits::genesis::Genesis;
use circuits::replay::Replayer;
use circuits::state::{AccountId, State, TokenId};
use serde::Serialize;

use super::{WalletError, WalletResult};
use crate::l1::bindings::{ExitProof, Rollup};
use crate::l1::L1Error;
use crate::types::fr_hex;

/// One balance an account can take out of the rollup in exodus mode, with its proof against
/// the verified state root.
#[derive(Debug, Clone, Serialize)]
pub struct ExitClaim {
    /// The account.
    pub account: AccountId,
    /// The token.
    pub token: TokenId,
    /// The balance (decimal).
    pub balance: String,
    /// Who gets it on L1: the account's owner.
    pub l1_address: String,
    /// The account leaf's preimage: key, balance root and nonce.
    pub public_key_x: String,
    /// See `public_key_x`.
    pub public_key_y: String,
    /// See `public_key_x`.
    pub balance_root: String,
    /// See `public_key_x`.
    pub nonce: u32,
    /// Siblings of the account leaf, leaf level first.
    pub account_path: Vec<String>,
    /// Siblings of the balance leaf, leaf level first.
    pub balance_path: Vec<String>,
    /// The other inputs of the state root.
    pub pool_root: String,
    /// See `pool_root`.
    pub token_root: String,
    /// See `pool_root`.
    pub account_count: u32,
    /// The state root the claim proves against (L1's `stateRoot`).
    pub state_root: String,
}

/// What `wallet exit` found on L1.
#[derive(Debug, Clone, Serialize)]
pub struct ExitReport {
    /// Batches replayed (L1's `lastExecuted`).
    pub batches: u64,
    /// The rebuilt root, equal to L1's `stateRoot`.
    pub state_root: String,
    /// One claim per nonzero balance of the account.
    pub claims: Vec<ExitClaim>,
}

fn l1(error: impl std::fmt::Display) -> WalletError {
    WalletError::L1(L1Error::Inconsistent(error.to_string()))
}

/// A bytes32 root as L1 stores it (big-endian; L1 keeps roots below the field's modulus).
fn root_of(bytes: B256) -> WalletResult<Fr> {
    fr_from_str(&bytes.to_string()).map_err(|e| l1(format!("root {bytes} is not a field element: {e:?}")))
}

/// Rebuilds the state from `genesis` and L1 (logs scanned from `from_block`), up to L1's last
/// executed batch.
pub async fn rebuild_from_l1(
    l1_rpc_url: &str,
    rollup: Address,
    genesis: &Genesis,
    from_block: u64,
) -> WalletResult<Replayer> {
    let url = l1_rpc_url.parse().map_err(|e| WalletError::Usage(format!("L1 RPC URL {l1_rpc_url:?}: {e}")))?;
    let provider = ProviderBuilder::new().disable_recommended_fillers().connect_http(url).erased();
    let contract = Rollup::new(rollup, provider.clone());
    let genesis_state = genesis.build().map_err(|e| WalletError::Usage(format!("genesis: {e}")))?;
    let genesis_root = root_of(contract.batchInfo(0).call().await.map_err(l1)?.newStateRoot)?;
    if genesis_state.root() != genesis_root {
        return Err(l1(format!(
            "this genesis has root {}, L1's is {}",
            fr_hex(&genesis_state.root()),
            fr_hex(&genesis_root)
        )));
    }
    let executed = contract.lastExecuted().call().await.map_err(l1)?;
    let logs = contract.BatchCommitted_filter().from_block(from_block).query().await.map_err(l1)?;
    // Logs come in chain order: the last commit of a number is the one that stands.
    let commits: BTreeMap<u64, (B256, B256)> = logs
        .into_iter()
        .filter_map(|(event, log)| Some((event.batchNumber, (log.transaction_hash?, event.newStateRoot))))
        .collect();
    let mut replayer = Replayer::new(genesis_state);
    for number in 1..=executed {
        let (tx_hash, root) =
            *commits.get(&number).ok_or_else(|| l1(format!("no BatchCommitted log of batch {number}")))?;
        let tx = provider
            .get_transaction_by_hash(tx_hash)
            .await
            .map_err(l1)?
            .ok_or_else(|| l1(format!("L1 has no transaction {tx_hash}")))?;
        let call = Rollup::commitBatchCall::abi_decode(alloy::consensus::Transaction::input(&tx))
            .map_err(|e| l1(format!("transaction {tx_hash} is not a direct commitBatch call: {e}")))?;
        if call.batchNumber != number {
            return Err(l1(format!("transaction {tx_hash} commits batch {}, not {number}", call.batchNumber)));
        }
        replayer.apply_batch(&call.pubdata, root_of(root)?).map_err(l1)?;
    }
    let verified = root_of(contract.stateRoot().call().await.map_err(l1)?)?;
    if replayer.state().root() != verified {
        return Err(l1(format!(
            "the rebuilt root {} is not L1's stateRoot {}",
            fr_hex(&replayer.state().root()),
            fr_hex(&verified)
        )));
    }
    Ok(replayer)
}

/// The exit claims of `account`: one per nonzero balance.
pub fn exit_claims(state: &State, account: AccountId) -> WalletResult<Vec<ExitClaim>> {
    let leaf = state.account(account).ok_or_else(|| WalletError::Usage(format!("account {account} does not exist")))?;
    let roots = state.roots();
    let hexes = |path: &circuits::merkle::MerkleProof| path.siblings.iter().map(fr_hex).collect::<Vec<_>>();
    let account_path = state.account_proof(account).expect("the account exists");
    let point = leaf.public_key().point();
    let claims = leaf
        .balances()
        .into_iter()
        .filter(|(_, balance)| *balance > 0)
        .map(|(token, balance)| ExitClaim {
            account,
            token,
            balance: balance.to_string(),
            l1_address: leaf.l1_address().to_string(),
            public_key_x: fr_hex(&point.x()),
            public_key_y: fr_hex(&point.y()),
            balance_root: fr_hex(&leaf.leaf().balance_root),
            nonce: leaf.nonce(),
            account_path: hexes(&account_path),
            balance_path: hexes(&state.balance_proof(account, token).expect("the balance exists")),
            pool_root: fr_hex(&roots.pools),
            token_root: fr_hex(&roots.tokens),
            account_count: roots.account_count,
            state_root: fr_hex(&state.root()),
        })
        .collect();
    Ok(claims)
}

/// `wallet exit`: the rebuilt state's root and the account's claims.
pub async fn exit_report(
    l1_rpc_url: &str,
    rollup: Address,
    genesis: &Genesis,
    from_block: u64,
    account: AccountId,
) -> WalletResult<ExitReport> {
    let replayer = rebuild_from_l1(l1_rpc_url, rollup, genesis, from_block).await?;
    let claims = exit_claims(replayer.state(), account)?;
    Ok(ExitReport { batches: replayer.batches(), state_root: fr_hex(&replayer.state().root()), claims })
}

/// A field element or address as the contract's uint256.
fn word(text: &str) -> WalletResult<U256> {
    U256::from_str_radix(text.trim_start_matches("0x"), 16).map_err(|e| l1(format!("claim value {text:?}: {e}")))
}

impl ExitClaim {
    /// The claim as `Rollup.exit` takes it.
    pub fn to_contract(&self) -> WalletResult<ExitProof::Claim> {
        let words = |values: &[String]| values.iter().map(|v| word(v)).collect::<WalletResult<Vec<_>>>();
        Ok(ExitProof::Claim {
            accountId: U256::from(self.account),
            tokenId: U256::from(self.token),
            balance: U256::from_str_radix(&self.balance, 10).map_err(|e| l1(format!("balance: {e}")))?,
            publicKeyX: word(&self.public_key_x)?,
            publicKeyY: word(&self.public_key_y)?,
            balanceRoot: word(&self.balance_root)?,
            nonce: U256::from(self.nonce),
            l1Address: word(&self.l1_address)?,
            accountSiblings: words(&self.account_path)?,
            balanceSiblings: words(&self.balance_path)?,
            poolRoot: word(&self.pool_root)?,
            tokenRoot: word(&self.token_root)?,
            accountCount: U256::from(self.account_count),
        })
    }
}

/// Sends each claim to `Rollup.exit` (exodus mode), then pays it out with `claimFor`; returns
/// each transaction's hash and gas. Any L1 key may send them: the funds go to the owner.
pub async fn submit_exits(
    l1_rpc_url: &str,
    l1_key: &str,
    rollup: Address,
    claims: &[ExitClaim],
) -> WalletResult<Vec<(B256, u64)>> {
    let provider = crate::l1::provider(l1_rpc_url, crate::l1::signer(l1_key)?)?;
    let contract = Rollup::new(rollup, provider);
    let mut hashes = Vec::new();
    for claim in claims {
        let exit = contract.exit(claim.to_contract()?).send().await.map_err(l1)?.get_receipt().await.map_err(l1)?;
        let to: Address = claim.l1_address.parse().map_err(|e| l1(format!("l1_address: {e}")))?;
        let pay = contract.claimFor(to, claim.token).send().await.map_err(l1)?.get_receipt().await.map_err(l1)?;
        for receipt in [&exit, &pay] {
            if !receipt.status() {
                return Err(l1(format!("exit transaction {} reverted", receipt.transaction_hash)));
            }
            hashes.push((receipt.transaction_hash, receipt.gas_used));
        }
    }
    Ok(hashes)
}
