//! A small funded world for tests and benchmarks: three tokens, two pools, funded accounts and
//! helpers that build correctly signed transactions with each account's current nonce.

use std::collections::BTreeMap;

use crate::babyjubjub::PrivateKey;
use crate::batch::{BatchBuilder, SealedBatch};
use crate::genesis::{Genesis, GenesisAccount, GenesisPool, GenesisToken};
use crate::state::{AccountId, L1Address, PoolId, State, StateConfig, TokenId, TokenInfo};
use crate::tx::{AddLiquidity, Deposit, RemoveLiquidity, SignatureBytes, Swap, Transfer, Tx, Withdraw};

/// Chain id of test worlds.
pub const CHAIN_ID: u32 = 31337;
/// Tokens of a test world: 0 = ETH, 1 = USDC, 2 = DAI.
pub const TOKENS: [TokenId; 3] = [0, 1, 2];
/// Every account's starting balance of every token.
pub const START_BALANCE: u128 = 1_000_000_000_000_000_000_000_000_000;

/// A deterministic private key for test account `index`.
pub fn test_key(index: usize) -> PrivateKey {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&(index as u64 + 1).to_le_bytes());
    PrivateKey::from_bytes(&bytes)
}

/// The L1 address of test account `index`.
pub fn test_address(index: usize) -> L1Address {
    let mut bytes = [0x11u8; 20];
    bytes[12..].copy_from_slice(&(index as u64).to_be_bytes());
    L1Address(bytes)
}

/// The genesis of a test world with `accounts` funded accounts (account 0 collects fees).
pub fn test_genesis(accounts: usize, account_depth: u32) -> Genesis {
    let token = |id: TokenId, symbol: &str, decimals: u8| GenesisToken {
        id,
        info: TokenInfo { symbol: symbol.into(), decimals, l1_address: L1Address([id as u8; 20]) },
    };
    Genesis {
        config: StateConfig { account_depth, chain_id: CHAIN_ID, fee_account: 0 },
        tokens: vec![token(0, "ETH", 18), token(1, "USDC", 6), token(2, "DAI", 18)],
        pools: vec![
            GenesisPool { token_a: 0, token_b: 1, fee_bps: 30 },
            GenesisPool { token_a: 1, token_b: 2, fee_bps: 5 },
        ],
        accounts: (0..accounts)
            .map(|i| GenesisAccount {
                public_key: test_key(i).public_key(),
                l1_address: test_address(i),
                balances: TOKENS.iter().map(|&t| (t, START_BALANCE.to_string())).collect::<BTreeMap<_, _>>(),
            })
            .collect(),
    }
}

/// A state with its accounts' keys.
#[derive(Clone)]
pub struct TestWorld {
    /// The state.
    pub state: State,
    /// Keys, by account id (genesis accounts only).
    pub keys: Vec<PrivateKey>,
}

impl TestWorld {
    /// A world of `accounts` funded accounts in a tree of `account_depth`.
    pub fn new(accounts: usize, account_depth: u32) -> Self {
        let state = test_genesis(accounts, account_depth).build().expect("valid test genesis");
        Self { state, keys: (0..accounts).map(test_key).collect() }
    }

    fn nonce(&self, account: AccountId) -> u32 {
        self.state.account(account).map_or(0, |a| a.nonce())
    }

    /// Signs `tx`; one whose amounts have no code stays unsigned, so that applying it reports
    /// `NotPackable` (tests of that rule need such transactions).
    fn signed(&self, signer: AccountId, mut tx: Tx) -> Tx {
        let _unpackable = tx.sign(&self.keys[signer as usize], CHAIN_ID);
        tx
    }

    /// A signed transfer with the sender's current nonce.
    pub fn transfer(&self, from: AccountId, to: AccountId, token: TokenId, amount: u128, fee: u128) -> Tx {
        let nonce = self.nonce(from);
        let signature = SignatureBytes([0; 64]);
        self.signed(from, Tx::Transfer(Transfer { from, to, token, amount, fee, nonce, signature }))
    }

    /// A signed withdrawal to the account's test L1 address.
    pub fn withdraw(&self, account: AccountId, token: TokenId, amount: u128, fee: u128) -> Tx {
        let (nonce, to, signature) = (self.nonce(account), test_address(account as usize), SignatureBytes([0; 64]));
        self.signed(account, Tx::Withdraw(Withdraw { account, token, amount, fee, to, nonce, signature }))
    }

    /// A signed swap.
    pub fn swap(&self, account: AccountId, pool: PoolId, a_to_b: bool, amount_in: u128, min_amount_out: u128) -> Tx {
        let (nonce, signature) = (self.nonce(account), SignatureBytes([0; 64]));
        let fee = 0;
        self.signed(account, Tx::Swap(Swap { account, pool, a_to_b, amount_in, min_amount_out, fee, nonce, signature }))
    }

    /// A signed add-liquidity.
    pub fn add_liquidity(&self, account: AccountId, pool: PoolId, amount_a: u128, max_amount_b: u128) -> Tx {
        let (nonce, signature) = (self.nonce(account), SignatureBytes([0; 64]));
        let tx = AddLiquidity { account, pool, amount_a, max_amount_b, min_lp: 0, fee: 0, nonce, signature };
        self.signed(account, Tx::AddLiquidity(tx))
    }

    /// A signed remove-liquidity.
    pub fn remove_liquidity(&self, account: AccountId, pool: PoolId, lp_amount: u128) -> Tx {
        let (nonce, signature) = (self.nonce(account), SignatureBytes([0; 64]));
        let tx =
            RemoveLiquidity { account, pool, lp_amount, min_amount_a: 0, min_amount_b: 0, fee: 0, nonce, signature };
        self.signed(account, Tx::RemoveLiquidity(tx))
    }

    /// A deposit from L1 to `key`'s account (created if new).
    pub fn deposit(&self, key: &PrivateKey, token: TokenId, amount: u128) -> Tx {
        Tx::Deposit(Deposit { l1_address: test_address(99), public_key: key.public_key(), token, amount })
    }

    /// `tx` (a pool operation) with `fee`, its slippage bounds set to 1, signed again.
    pub fn with_fee(&self, signer: AccountId, mut tx: Tx, fee: u128) -> Tx {
        match &mut tx {
            Tx::Swap(t) => t.fee = fee,
            Tx::AddLiquidity(t) => (t.fee, t.min_lp) = (fee, 1),
            Tx::RemoveLiquidity(t) => (t.fee, t.min_amount_a, t.min_amount_b) = (fee, 1, 1),
            _ => panic!("with_fee takes pool operations"),
        }
        self.signed(signer, tx)
    }
}

/// A batch of `slots` slots on a 3-account world whose pool 0 has liquidity (pool 1 has
/// none): the first `ops` of a deposit creating an account, a transfer, a withdrawal, a swap,
/// liquidity added to pool 0, a removal from it, a deposit to an existing account and the
/// first liquidity of pool 1 (every type, with fees), then Noop padding.
pub fn mixed_batch(slots: usize, ops: usize, account_depth: u32) -> SealedBatch {
    let mut world = TestWorld::new(3, account_depth);
    let seed_liquidity = world.add_liquidity(2, 0, 10_000_000_000, 20_000_000_000);
    world.state.apply(&seed_liquidity).expect("liquidity");
    world.state.credit_pending_fees();
    // Each is built just before it is applied, with the nonces the ones before it left.
    let makers: [fn(&TestWorld) -> Tx; 8] = [
        |w| w.deposit(&PrivateKey::from_bytes(b"newcomer"), 1, 5_000),
        |w| w.transfer(1, 2, 0, 1_230_000, 40),
        |w| w.withdraw(2, 1, 777, 3),
        |w| w.with_fee(0, w.swap(0, 0, false, 3_000_000, 1_000), 7),
        |w| w.with_fee(1, w.add_liquidity(1, 0, 5_000_000, 20_000_000), 11),
        |w| w.with_fee(2, w.remove_liquidity(2, 0, 1_000_000_007), 13),
        |w| w.deposit(&test_key(1), 2, 9),
        |w| w.with_fee(2, w.add_liquidity(2, 1, 3_000_000, 12_000_000), 0),
    ];
    assert!(ops <= makers.len().min(slots), "at most {} operations, and no more than the slots", makers.len());
    let mut builder = BatchBuilder::new(1, slots, &world.state);
    for make in &makers[..ops] {
        let tx = make(&world);
        builder.push(world.state.apply(&tx).expect("valid"));
    }
    builder.seal(&mut world.state)
}
