//! The genesis file: the tokens, pools and pre-funded accounts a rollup starts with. Its state
//! root is the one the L1 contract is deployed with.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::amount::MAX_BALANCE;
use crate::babyjubjub::PublicKey;
use crate::state::{L1Address, State, StateConfig, StateError, TokenId, TokenInfo};

/// A token registered at genesis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisToken {
    /// Token id (below `LP_TOKEN_BASE`).
    pub id: TokenId,
    /// Registry entry.
    #[serde(flatten)]
    pub info: TokenInfo,
}

/// A pool created (empty) at genesis; pool ids follow the list order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisPool {
    /// First token.
    pub token_a: TokenId,
    /// Second token.
    pub token_b: TokenId,
    /// LP fee in basis points.
    pub fee_bps: u16,
}

/// A pre-funded account; account ids follow the list order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisAccount {
    /// Signing key (packed, hex).
    pub public_key: PublicKey,
    /// Owner on L1.
    pub l1_address: L1Address,
    /// Initial balances by token id, as decimal strings.
    #[serde(default)]
    pub balances: BTreeMap<TokenId, String>,
}

/// The whole genesis file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Genesis {
    /// Instance parameters.
    pub config: StateConfig,
    /// L1 tokens.
    pub tokens: Vec<GenesisToken>,
    /// Pools.
    #[serde(default)]
    pub pools: Vec<GenesisPool>,
    /// Accounts; `config.fee_account` must be one of them.
    pub accounts: Vec<GenesisAccount>,
}

/// A genesis file that does not describe a valid state.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GenesisError {
    /// State set-up failed.
    #[error(transparent)]
    State(#[from] StateError),
    /// A balance is not an integer, names an unknown L1 token, or a token's total exceeds 2^112 - 1.
    #[error("account {0}: {1}")]
    BadBalance(usize, String),
    /// Two accounts share a key.
    #[error("account {0} reuses the key of another account")]
    DuplicateKey(usize),
    /// The fee account is not among the accounts.
    #[error("fee account {0} is not defined")]
    MissingFeeAccount(u32),
}

impl Genesis {
    /// Builds the genesis state.
    pub fn build(&self) -> Result<State, GenesisError> {
        let mut state = State::new(self.config)?;
        for token in &self.tokens {
            state.register_token(token.id, token.info.clone())?;
        }
        for pool in &self.pools {
            state.create_pool(pool.token_a, pool.token_b, pool.fee_bps)?;
        }
        for (index, account) in self.accounts.iter().enumerate() {
            if state.account_by_key(&account.public_key).is_some() {
                return Err(GenesisError::DuplicateKey(index));
            }
            let mut balances = Vec::new();
            for (&token, text) in &account.balances {
                let bad = |why: String| GenesisError::BadBalance(index, why);
                let amount: u128 = text.parse().map_err(|_| bad(format!("balance {text:?} is not an integer")))?;
                if state.token(token).is_none() {
                    return Err(bad(format!("token {token} is not a registered L1 token")));
                }
                if state.l2_supply(token).checked_add(amount).is_none_or(|total| total > MAX_BALANCE) {
                    return Err(bad(format!("token {token} total exceeds 2^112 - 1")));
                }
                state.add_l2_supply(token, amount);
                balances.push((token, amount));
            }
            if state.next_account_id().is_none() {
                return Err(StateError::Full.into());
            }
            let id = state.create_account(account.public_key, account.l1_address).account;
            state.update_account(id, &balances, None);
        }
        if state.account(self.config.fee_account).is_none() {
            return Err(GenesisError::MissingFeeAccount(self.config.fee_account));
        }
        Ok(state)
    }
}
