//! A small funded world for tests and benchmarks: three tokens, two pools, funded accounts and
//! helpers that build correctly signed transactions with each account's current nonce.

use std::collections::BTreeMap;

use crate::babyjubjub::PrivateKey;
use crate::batch::{BatchBuilder, SealedBatch};
use crate::field::Fr;
use crate::genesis::{Genesis, GenesisAccount, GenesisPool, GenesisToken};
use crate::merkle::{empty_hash, MerkleProof};
use crate::pubdata::PubdataOp;
use crate::state::{
    AccountId, AccountLeaf, AccountUpdate, BalanceUpdate, L1Address, PoolId, PoolUpdate, State, StateConfig, TokenId,
    TokenInfo, BALANCE_DEPTH, LP_TOKEN_BASE,
};
use crate::transition::{
    add_liquidity_amounts, remove_liquidity_amounts, swap_output, AccountChange, AppliedTx, Effects, FeeCharge, Receipt,
};
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

impl TestWorld {
    /// Sets an account's nonce outside the rules (for tests of an exhausted nonce).
    pub fn set_nonce(&mut self, account: AccountId, nonce: u32) {
        self.state.update_account(account, &[], Some(nonce));
    }
}

/// What a dishonest prover writes to include `tx` whatever the rules say: the transaction's
/// arithmetic with no rule checked (no signature, nonce, existence, balance, slippage or
/// positivity check), written through the state's own mutation primitives, so that every
/// Merkle path of the witness is the real one for the values it claims. The signer's nonce
/// goes up by one (wrapping: the circuit computes the new nonce itself and never reads it).
/// A transfer's recipient or a pool that does not exist is claimed as a leaf at its empty
/// position, with the real siblings: a fresh account (the sender's key, no balances), or
/// pool 0's contents. Nothing is written there.
///
/// `None` when the witness cannot hold what the prover would claim: a balance below zero or
/// above `MAX_BALANCE` (the prover's value would be a field element beyond `u128`), a signer
/// that does not exist, an account id beyond the tree, or a division by an empty pool.
pub fn apply_unchecked(state: &mut State, tx: &Tx) -> Option<AppliedTx> {
    let message = tx.signing_message(state.config().chain_id).ok()?;
    let mut pubdata = PubdataOp::from_tx(tx, Some(0)).ok()?;
    let balance = |id: AccountId, token: TokenId| state.account(id).map_or(0, |a| a.balance(token));
    let debit = |id, token, amount: u128| balance(id, token).checked_sub(amount);
    let in_range = |value: u128| (value <= crate::amount::MAX_BALANCE).then_some(value);
    let credit = |id, token, amount: u128| in_range(balance(id, token).checked_add(amount)?);
    let signer = tx.signed_header();
    let nonce = match signer {
        Some(header) => Some(state.account(header.account)?.nonce().wrapping_add(1)),
        None => None,
    };
    let change = |account, balances| AccountChange { account, balances, nonce };
    let mut effects = Effects {
        receipt: Receipt::Noop,
        pubdata: PubdataOp::Noop,
        create: None,
        accounts: Vec::new(),
        pool: None,
        fee: None,
        supply: None,
    };
    let (mut phantom_recipient, mut phantom_pool) = (None, None);
    match tx {
        Tx::Noop => {}
        Tx::Deposit(d) => {
            let existing = state.account_by_key(&d.public_key);
            let id = existing.or_else(|| state.next_account_id())?;
            if let PubdataOp::Deposit { account, .. } = &mut pubdata {
                *account = id;
            }
            effects.create = existing.is_none().then_some((d.public_key, d.l1_address));
            let credited =
                AccountChange { account: id, balances: vec![(d.token, credit(id, d.token, d.amount)?)], nonce };
            effects.accounts.push(credited);
        }
        Tx::Transfer(t) => {
            let sender_after = debit(t.from, t.token, t.amount.checked_add(t.fee)?)?;
            let recipient_after = if t.to == t.from {
                in_range(sender_after.checked_add(t.amount)?)?
            } else {
                credit(t.to, t.token, t.amount)?
            };
            effects.accounts.push(change(t.from, vec![(t.token, sender_after)]));
            if state.account(t.to).is_some() {
                effects.accounts.push(AccountChange {
                    account: t.to,
                    balances: vec![(t.token, recipient_after)],
                    nonce: None,
                });
            } else {
                phantom_recipient = Some((t.to, t.token, t.amount, *state.account(t.from)?.public_key()));
            }
            effects.fee = Some(FeeCharge { token: t.token, amount: t.fee });
        }
        Tx::Withdraw(w) => {
            effects
                .accounts
                .push(change(w.account, vec![(w.token, debit(w.account, w.token, w.amount.checked_add(w.fee)?)?)]));
            effects.fee = Some(FeeCharge { token: w.token, amount: w.fee });
        }
        Tx::Swap(s) => {
            let pool = state.pool(s.pool).or_else(|| state.pool(0)).copied()?;
            let (token_in, token_out, reserve_in, reserve_out) = if s.a_to_b {
                (pool.token_a, pool.token_b, pool.reserve_a, pool.reserve_b)
            } else {
                (pool.token_b, pool.token_a, pool.reserve_b, pool.reserve_a)
            };
            if reserve_in == 0 && s.amount_in == 0 {
                return None;
            }
            let amount_out = swap_output(s.amount_in, reserve_in, reserve_out, pool.fee_bps);
            let in_after = debit(s.account, token_in, s.amount_in.checked_add(s.fee)?)?;
            let out_after = credit(s.account, token_out, amount_out)?;
            effects.accounts.push(change(s.account, vec![(token_in, in_after), (token_out, out_after)]));
            let (new_in, new_out) = (in_range(reserve_in.checked_add(s.amount_in)?)?, reserve_out - amount_out);
            let mut after = pool;
            if s.a_to_b {
                (after.reserve_a, after.reserve_b) = (new_in, new_out);
            } else {
                (after.reserve_b, after.reserve_a) = (new_in, new_out);
            }
            effects.pool = Some((s.pool, after));
            effects.fee = Some(FeeCharge { token: token_in, amount: s.fee });
        }
        Tx::AddLiquidity(a) => {
            let pool = state.pool(a.pool).or_else(|| state.pool(0)).copied()?;
            let (amount_b, minted) = add_liquidity_amounts(&pool, a.amount_a, a.max_amount_b);
            let lp_token = LP_TOKEN_BASE + a.pool;
            let balances = vec![
                (pool.token_a, debit(a.account, pool.token_a, a.amount_a.checked_add(a.fee)?)?),
                (pool.token_b, debit(a.account, pool.token_b, amount_b)?),
                (lp_token, credit(a.account, lp_token, minted)?),
            ];
            effects.accounts.push(change(a.account, balances));
            let after = crate::state::Pool {
                reserve_a: in_range(pool.reserve_a.checked_add(a.amount_a)?)?,
                reserve_b: in_range(pool.reserve_b.checked_add(amount_b)?)?,
                lp_supply: in_range(pool.lp_supply.checked_add(minted)?)?,
                ..pool
            };
            effects.pool = Some((a.pool, after));
            effects.fee = Some(FeeCharge { token: pool.token_a, amount: a.fee });
        }
        Tx::RemoveLiquidity(r) => {
            let pool = state.pool(r.pool).or_else(|| state.pool(0)).copied()?;
            if pool.lp_supply == 0 {
                return None;
            }
            let (amount_a, amount_b) = remove_liquidity_amounts(&pool, r.lp_amount);
            let lp_token = LP_TOKEN_BASE + r.pool;
            let balances = vec![
                (pool.token_a, credit(r.account, pool.token_a, amount_a)?.checked_sub(r.fee)?),
                (pool.token_b, credit(r.account, pool.token_b, amount_b)?),
                (lp_token, debit(r.account, lp_token, r.lp_amount)?),
            ];
            effects.accounts.push(change(r.account, balances));
            let after = crate::state::Pool {
                reserve_a: pool.reserve_a.checked_sub(amount_a)?,
                reserve_b: pool.reserve_b.checked_sub(amount_b)?,
                lp_supply: pool.lp_supply.checked_sub(r.lp_amount)?,
                ..pool
            };
            effects.pool = Some((r.pool, after));
            effects.fee = Some(FeeCharge { token: pool.token_a, amount: r.fee });
        }
    }
    if let Some((id, after)) = effects.pool {
        if state.pool(id).is_none() {
            let before = *state.pool(0)?;
            phantom_pool = Some(PoolUpdate { pool: id, before, after, path: state.pool_proof(id)? });
            effects.pool = None;
        }
    }
    if let Some((id, ..)) = phantom_recipient {
        state.account_proof(id)?;
    }
    effects.pubdata = pubdata;
    let mut applied = state.write(tx, message, effects);
    if let Some((id, token, amount, public_key)) = phantom_recipient {
        // Taken after the sender's update, which changed a node on the recipient's path.
        let path = state.account_proof(id).expect("checked above");
        let empty_balances =
            MerkleProof { index: u64::from(token), siblings: (0..BALANCE_DEPTH).map(empty_hash).collect() };
        let before = AccountLeaf {
            public_key,
            l1_address: L1Address::default(),
            nonce: 0,
            balance_root: empty_hash(BALANCE_DEPTH),
        };
        let after = AccountLeaf { balance_root: empty_balances.root_for(Fr::from(amount)), ..before };
        let balances = vec![BalanceUpdate { token, before: 0, after: amount, path: empty_balances }];
        applied.witness.accounts.push(AccountUpdate { account: id, before: Some(before), after, path, balances });
    }
    if phantom_pool.is_some() {
        applied.witness.pool = phantom_pool;
    }
    Some(applied)
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
