//! Genesis handling: the deterministic load-generator genesis written by `sequencer genesis`
//! and its keys, and the genesis of a devnet with an L1 (`sequencer devnet-deploy`).

use std::collections::BTreeMap;

use circuits::babyjubjub::PrivateKey;
use circuits::genesis::{Genesis, GenesisAccount, GenesisPool, GenesisToken};
use circuits::state::{L1Address, StateConfig, TokenId, TokenInfo};

/// The signing key of load-generator account `index`: `PrivateKey::from_bytes("loadgen-{index}")`.
/// The genesis written by `sequencer genesis` gives account `index` this key.
pub fn loadgen_key(index: usize) -> PrivateKey {
    PrivateKey::from_bytes(format!("loadgen-{index}").as_bytes())
}

/// The L1 address recorded as the owner of load-generator account `index`.
pub fn loadgen_address(index: usize) -> L1Address {
    let mut bytes = [0x10u8; 20];
    bytes[12..].copy_from_slice(&(index as u64).to_be_bytes());
    L1Address(bytes)
}

/// Tokens of the load-generator genesis: (id, symbol, decimals, balance of each account).
pub const LOADGEN_TOKENS: [(TokenId, &str, u8, u128); 3] = [
    (0, "ETH", 18, 1_000_000_000_000_000_000_000_000),
    (1, "USDC", 6, 1_000_000_000_000_000),
    (2, "DAI", 18, 1_000_000_000_000_000_000_000_000),
];

/// A genesis with the [`LOADGEN_TOKENS`], two empty pools (ETH/USDC at 0.30%, USDC/DAI at
/// 0.05%) and `accounts` funded accounts whose keys are [`loadgen_key`]; account 0 collects fees.
/// Every account holds each token's balance in [`LOADGEN_TOKENS`], so up to 2^24 accounts fit
/// under the 2^112 supply cap.
pub fn loadgen_genesis(accounts: usize, account_depth: u32, chain_id: u32) -> Genesis {
    let tokens = LOADGEN_TOKENS
        .iter()
        .map(|&(id, symbol, decimals, _)| GenesisToken {
            id,
            info: TokenInfo { symbol: symbol.into(), decimals, l1_address: L1Address([id as u8 + 1; 20]) },
        })
        .collect();
    let balances: BTreeMap<TokenId, String> =
        LOADGEN_TOKENS.iter().map(|&(id, _, _, balance)| (id, balance.to_string())).collect();
    Genesis {
        config: StateConfig { account_depth, chain_id, fee_account: 0 },
        tokens,
        pools: vec![
            GenesisPool { token_a: 0, token_b: 1, fee_bps: 30 },
            GenesisPool { token_a: 1, token_b: 2, fee_bps: 5 },
        ],
        accounts: (0..accounts.max(1))
            .map(|i| GenesisAccount {
                public_key: loadgen_key(i).public_key(),
                l1_address: loadgen_address(i),
                balances: balances.clone(),
            })
            .collect(),
    }
}

/// The L2 id of the devnet's ERC-20 (id 0 is ETH).
pub const DEVNET_TOKEN: TokenId = 1;

/// The key of the devnet's fee account: public, as everything on a devnet.
pub fn devnet_fee_key() -> PrivateKey {
    PrivateKey::from_bytes(b"devnet fee account")
}

/// A genesis for a rollup on a local L1: ETH and one ERC-20 (`token`, L2 id [`DEVNET_TOKEN`],
/// symbol `symbol`, 18 decimals), one ETH/token pool at 0.30%, and the fee account (key
/// [`devnet_fee_key`], owned on L1 by `fee_owner`). Users arrive by deposit, so no L2 balance
/// exists that L1 does not hold.
pub fn devnet_genesis(config: StateConfig, token: L1Address, symbol: &str, fee_owner: L1Address) -> Genesis {
    Genesis {
        config,
        tokens: vec![
            GenesisToken {
                id: 0,
                info: TokenInfo { symbol: "ETH".into(), decimals: 18, l1_address: L1Address([0; 20]) },
            },
            GenesisToken {
                id: DEVNET_TOKEN,
                info: TokenInfo { symbol: symbol.into(), decimals: 18, l1_address: token },
            },
        ],
        pools: vec![GenesisPool { token_a: 0, token_b: DEVNET_TOKEN, fee_bps: 30 }],
        accounts: vec![GenesisAccount {
            public_key: devnet_fee_key().public_key(),
            l1_address: fee_owner,
            balances: BTreeMap::new(),
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loadgen_genesis_builds_with_the_loadgen_keys() {
        let genesis = loadgen_genesis(5, 10, 7);
        let state = genesis.build().expect("valid genesis");
        assert_eq!(state.account_count(), 5);
        assert_eq!(state.account_by_key(&loadgen_key(3).public_key()), Some(3));
        assert_eq!(state.account(4).unwrap().balance(1), LOADGEN_TOKENS[1].3);
    }
}
