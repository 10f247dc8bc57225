//! A small funded world for tests and benchmarks: three tokens, two pools, funded accounts and
//! helpers that build correctly signed transactions with each account's current nonce.

use std::collections::BTreeMap;

use ark_ff::AdditiveGroup;

use crate::babyjubjub::PrivateKey;
use crate::batch::{BatchBuilder, SealedBatch};
use crate::circuit::witness::{BatchValues, SlotValues, WitnessError};
use crate::circuit::{BatchCircuit, CircuitParams};
use crate::field::Fr;
use crate::genesis::{Genesis, GenesisAccount, GenesisPool, GenesisToken};
use crate::key_defect::PackedKey;
use crate::merkle::{empty_hash, MerkleProof};
use crate::pubdata::PubdataOp;
use crate::state::{
    AccountId, AccountLeaf, AccountUpdate, BalanceUpdate, L1Address, Pool, PoolId, PoolUpdate, State, StateConfig,
    TokenId, TokenInfo, BALANCE_DEPTH, LP_TOKEN_BASE,
};
use crate::transition::{
    add_liquidity_amounts, locked_liquidity, remove_liquidity_amounts, swap_output, FeeCharge, TxWitness,
};
use crate::tx::{AddLiquidity, Deposit, RemoveLiquidity, SignatureBytes, Swap, Transfer, Tx, Withdraw};

/// Chain id of test worlds.
pub const CHAIN_ID: u32 = 31337;
/// The expiry of the test worlds' transactions: never ([`TestWorld::valid_until`] sets another).
pub const VALID_UNTIL: u32 = u32::MAX;
/// Tokens of a test world: 0 = ETH, 1 = USDC, 2 = DAI.
pub const TOKENS: [TokenId; 3] = [0, 1, 2];
/// Every account's starting balance of every token.
pub const START_BALANCE: u128 = 1_000_000_000_000_000_000_000_000_000;

/// The folder of circomlibjs test vectors: `VECTORS_DIR` when set, else the copy kept in the
/// repository (`circuits/tests/vectors`, from `shared/vectors`).
pub fn vectors_dir() -> std::path::PathBuf {
    std::env::var_os("VECTORS_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors"))
}

/// A curve point of order 8 (it generates the torsion: its multiples 1..8 are every point of
/// order 2, 4 and 8, and the identity).
pub fn order_8_point() -> crate::babyjubjub::Point {
    use ark_ff::PrimeField;
    (2u64..)
        .filter_map(|y| crate::babyjubjub::Point::unpack(&crate::field::fr_to_le_bytes(&Fr::from(y))).ok())
        .map(|point| point.mul_bigint(crate::babyjubjub::Scalar::MODULUS))
        .find(|torsion| !torsion.mul_bigint([4u64]).is_identity())
        .expect("a point with an order-8 component")
}

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
        self.signed(
            from,
            Tx::Transfer(Transfer { from, to, token, amount, fee, valid_until: VALID_UNTIL, nonce, signature }),
        )
    }

    /// A signed withdrawal to the account's test L1 address.
    pub fn withdraw(&self, account: AccountId, token: TokenId, amount: u128, fee: u128) -> Tx {
        let (nonce, to, signature) = (self.nonce(account), test_address(account as usize), SignatureBytes([0; 64]));
        self.signed(
            account,
            Tx::Withdraw(Withdraw { account, token, amount, fee, to, valid_until: VALID_UNTIL, nonce, signature }),
        )
    }

    /// A signed swap.
    pub fn swap(&self, account: AccountId, pool: PoolId, a_to_b: bool, amount_in: u128, min_amount_out: u128) -> Tx {
        let (nonce, signature) = (self.nonce(account), SignatureBytes([0; 64]));
        let fee = 0;
        self.signed(
            account,
            Tx::Swap(Swap {
                account,
                pool,
                a_to_b,
                amount_in,
                min_amount_out,
                fee,
                valid_until: VALID_UNTIL,
                nonce,
                signature,
            }),
        )
    }

    /// A signed add-liquidity (no bound on the shares).
    pub fn add_liquidity(&self, account: AccountId, pool: PoolId, amount_a: u128, max_amount_b: u128) -> Tx {
        self.add_liquidity_min_lp(account, pool, amount_a, max_amount_b, 0)
    }

    /// A signed add-liquidity for at least `min_lp` shares.
    pub fn add_liquidity_min_lp(
        &self,
        account: AccountId,
        pool: PoolId,
        amount_a: u128,
        max_amount_b: u128,
        min_lp: u128,
    ) -> Tx {
        let (nonce, signature) = (self.nonce(account), SignatureBytes([0; 64]));
        let tx = AddLiquidity {
            account,
            pool,
            amount_a,
            max_amount_b,
            min_lp,
            fee: 0,
            valid_until: VALID_UNTIL,
            nonce,
            signature,
        };
        self.signed(account, Tx::AddLiquidity(tx))
    }

    /// A signed remove-liquidity.
    pub fn remove_liquidity(&self, account: AccountId, pool: PoolId, lp_amount: u128) -> Tx {
        let (nonce, signature) = (self.nonce(account), SignatureBytes([0; 64]));
        let tx = RemoveLiquidity {
            account,
            pool,
            lp_amount,
            min_amount_a: 0,
            min_amount_b: 0,
            fee: 0,
            valid_until: VALID_UNTIL,
            nonce,
            signature,
        };
        self.signed(account, Tx::RemoveLiquidity(tx))
    }

    /// A deposit from L1 to `key`'s account (created if new).
    pub fn deposit(&self, key: &PrivateKey, token: TokenId, amount: u128) -> Tx {
        self.deposit_to_packed(PackedKey::from(key.public_key()), token, amount)
    }

    /// A deposit from L1 naming any 32 bytes as the L2 key (an unusable one is refunded).
    pub fn deposit_to_packed(&self, public_key: PackedKey, token: TokenId, amount: u128) -> Tx {
        Tx::Deposit(Deposit { l1_address: test_address(99), public_key, token, amount })
    }

    /// `tx` (an L2 transaction) valid until batch `valid_until` only, signed again.
    pub fn valid_until(&self, signer: AccountId, mut tx: Tx, valid_until: u32) -> Tx {
        assert!(tx.signed_header().is_some(), "valid_until takes L2 transactions");
        tx.set_valid_until(valid_until);
        self.signed(signer, tx)
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

/// Claimed balance leaves of one account, by token.
type Leaves = Vec<(TokenId, Fr)>;

/// A dishonest prover's witness for one transaction (see [`apply_unchecked`]).
#[derive(Clone, Debug)]
pub struct Unchecked {
    /// The witness in the native types, where a balance leaf beyond `u128` (a balance wrapped
    /// below zero is the field element `p - k`) appears by its low 128 bits only.
    pub witness: TxWitness,
    /// Every balance leaf change `(before, after)` of each account update of the witness, in
    /// order, as the field elements the prover claims.
    pub leaves: Vec<Vec<(Fr, Fr)>>,
}

impl Unchecked {
    /// [`TxWitness::check_paths`] with the claimed leaves.
    pub fn check_paths(&self) -> Result<(), &'static str> {
        self.witness.check_paths_with_leaves(&self.leaves)
    }

    /// The slot's circuit values, with the claimed leaves.
    pub fn slot_values(&self, account_depth: u32) -> Result<SlotValues, WitnessError> {
        let mut slot = SlotValues::from_witness(&self.witness, 0, account_depth)?;
        for (account, leaves) in [&mut slot.account_a, &mut slot.account_b].into_iter().zip(&self.leaves) {
            let balances = [&mut account.balance, &mut account.balance2, &mut account.balance3];
            for (balance, &(before, after)) in balances.into_iter().zip(leaves) {
                (balance.before, balance.after) = (before, after);
            }
        }
        Ok(slot)
    }

    /// A one-slot circuit on the state before the transaction, for
    /// [`BatchCircuit::first_slot_satisfied`] (which leaves the outcome free: the fee credit and
    /// the commitment are blank).
    pub fn circuit(&self, params: CircuitParams) -> Result<BatchCircuit, WitnessError> {
        let mut values = BatchValues::blank(1, params.account_depth);
        let roots = &self.witness.roots_before;
        (values.account_root, values.account_count) = (roots.accounts, roots.account_count);
        (values.pool_root, values.token_root) = (roots.pools, roots.tokens);
        values.slots[0] = self.slot_values(params.account_depth)?;
        Ok(BatchCircuit { params, values, commitment: Fr::ZERO })
    }
}

/// What a dishonest prover writes to include `tx` whatever the rules say: the transaction's
/// arithmetic with no rule checked (no signature, nonce, existence, balance, range, slippage or
/// positivity check), balances computed in the field (a balance that would go below zero is
/// `p - k`, one that overflows is above `MAX_BALANCE`), written through the state's own
/// mutation primitives, so that every Merkle path of the witness is the real one for the leaf
/// values it claims. The signer's nonce goes up by one (wrapping: the circuit computes the new
/// nonce itself and never reads it). A transfer's recipient or a pool that does not exist is
/// claimed as a leaf at its empty position, with the real siblings: a fresh account (the
/// sender's key, no balances), or pool 0's contents. Nothing is written there.
///
/// `None` when there is no witness to write: a signer that does not exist, an account id beyond
/// the tree, an amount without a code, a division by an empty pool, or a pool reserve or
/// supply below zero (the native `Pool` cannot hold it; the circuit computes the pool's new
/// leaf itself, from the old one, and its range checks reject it).
pub fn apply_unchecked(state: &mut State, tx: &Tx) -> Option<Unchecked> {
    let message = tx.signing_message(state.config().chain_id).ok()?;
    // The slot's bytes: an amount without a code has none.
    PubdataOp::from_tx(tx, Some(0)).ok()?;
    let leaf = |id: AccountId, token: TokenId| Fr::from(state.account(id).map_or(0, |a| a.balance(token)));
    let signer = tx.signed_header();
    let nonce = match signer {
        Some(header) => Some(state.account(header.account)?.nonce().wrapping_add(1)),
        None => None,
    };
    let mut create = None;
    // Account, claimed balance leaves, new nonce.
    let mut changes: Vec<(AccountId, Leaves, Option<u32>)> = Vec::new();
    let mut pool_change: Option<(PoolId, Pool, Pool)> = None;
    let mut fee = None;
    let mut phantom_recipient = None;
    let mut refund = None;
    let fr = |value: u128| Fr::from(value);
    match tx {
        Tx::Noop => {}
        Tx::Deposit(d) => {
            refund = crate::transition::refund_reason(state, d);
            if refund.is_none() {
                let key = d.public_key.unpack().ok()?;
                let existing = state.account_by_key(&key);
                let id = existing.or_else(|| state.next_account_id())?;
                create = existing.is_none().then_some((key, d.l1_address));
                changes.push((id, vec![(d.token, leaf(id, d.token) + fr(d.amount))], nonce));
            }
        }
        Tx::Transfer(t) => {
            let sender_after = leaf(t.from, t.token) - fr(t.amount) - fr(t.fee);
            changes.push((t.from, vec![(t.token, sender_after)], nonce));
            if state.account(t.to).is_some() {
                // A transfer to oneself credits the debited leaf.
                let recipient_before = if t.to == t.from { sender_after } else { leaf(t.to, t.token) };
                changes.push((t.to, vec![(t.token, recipient_before + fr(t.amount))], None));
            } else {
                state.account_proof(t.to)?;
                phantom_recipient = Some((t.to, t.token, t.amount, *state.account(t.from)?.public_key()));
            }
            fee = Some(FeeCharge { token: t.token, amount: t.fee });
        }
        Tx::Withdraw(w) => {
            changes.push((w.account, vec![(w.token, leaf(w.account, w.token) - fr(w.amount) - fr(w.fee))], nonce));
            fee = Some(FeeCharge { token: w.token, amount: w.fee });
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
            let in_after = leaf(s.account, token_in) - fr(s.amount_in) - fr(s.fee);
            let out_after = leaf(s.account, token_out) + fr(amount_out);
            changes.push((s.account, vec![(token_in, in_after), (token_out, out_after)], nonce));
            let (new_in, new_out) = (reserve_in.checked_add(s.amount_in)?, reserve_out.checked_sub(amount_out)?);
            let mut after = pool;
            if s.a_to_b {
                (after.reserve_a, after.reserve_b) = (new_in, new_out);
            } else {
                (after.reserve_b, after.reserve_a) = (new_in, new_out);
            }
            pool_change = Some((s.pool, pool, after));
            fee = Some(FeeCharge { token: token_in, amount: s.fee });
        }
        Tx::AddLiquidity(a) => {
            let pool = state.pool(a.pool).or_else(|| state.pool(0)).copied()?;
            let (amount_b, minted) = add_liquidity_amounts(&pool, a.amount_a, a.max_amount_b);
            let lp_token = LP_TOKEN_BASE + a.pool;
            let balances = vec![
                (pool.token_a, leaf(a.account, pool.token_a) - fr(a.amount_a) - fr(a.fee)),
                (pool.token_b, leaf(a.account, pool.token_b) - fr(amount_b)),
                (lp_token, leaf(a.account, lp_token) + fr(minted)),
            ];
            changes.push((a.account, balances, nonce));
            let after = Pool {
                reserve_a: pool.reserve_a.checked_add(a.amount_a)?,
                reserve_b: pool.reserve_b.checked_add(amount_b)?,
                lp_supply: pool.lp_supply.checked_add(minted + locked_liquidity(&pool))?,
                ..pool
            };
            pool_change = Some((a.pool, pool, after));
            fee = Some(FeeCharge { token: pool.token_a, amount: a.fee });
        }
        Tx::RemoveLiquidity(r) => {
            let pool = state.pool(r.pool).or_else(|| state.pool(0)).copied()?;
            if pool.lp_supply == 0 {
                return None;
            }
            let (amount_a, amount_b) = remove_liquidity_amounts(&pool, r.lp_amount);
            let lp_token = LP_TOKEN_BASE + r.pool;
            let balances = vec![
                (pool.token_a, leaf(r.account, pool.token_a) + fr(amount_a) - fr(r.fee)),
                (pool.token_b, leaf(r.account, pool.token_b) + fr(amount_b)),
                (lp_token, leaf(r.account, lp_token) - fr(r.lp_amount)),
            ];
            changes.push((r.account, balances, nonce));
            let after = Pool {
                reserve_a: pool.reserve_a.checked_sub(amount_a)?,
                reserve_b: pool.reserve_b.checked_sub(amount_b)?,
                lp_supply: pool.lp_supply.checked_sub(r.lp_amount)?,
                ..pool
            };
            pool_change = Some((r.pool, pool, after));
            fee = Some(FeeCharge { token: pool.token_a, amount: r.fee });
        }
    }
    let pool_path = match pool_change {
        Some((id, ..)) => Some(state.pool_proof(id)?),
        None => None,
    };

    // The write, as `State::write` does it, with the claimed leaves.
    let roots_before = state.roots();
    let creation = create.map(|(key, address)| state.create_account(key, address));
    let (mut accounts, mut leaves): (Vec<AccountUpdate>, Vec<Vec<(Fr, Fr)>>) = changes
        .iter()
        .map(|(account, balances, nonce)| state.update_account_leaves(*account, balances, *nonce))
        .unzip();
    if let (Some(creation), Some(update)) = (creation, accounts.first_mut()) {
        // One witness entry for the leaf: empty before, funded after, same siblings.
        update.before = None;
        update.path = creation.path;
    }
    let pool = match (pool_change, pool_path) {
        (Some((id, before, after)), Some(path)) => Some(if state.pool(id).is_some() {
            state.update_pool(id, after)
        } else {
            PoolUpdate { pool: id, before, after, path }
        }),
        _ => None,
    };
    if let Some(charge) = fee {
        state.add_pending_fee(charge.token, charge.amount);
    }
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
        accounts.push(AccountUpdate { account: id, before: Some(before), after, path, balances });
        leaves.push(vec![(Fr::ZERO, Fr::from(amount))]);
    }
    let token = match tx {
        // The registry path follows the token's low 9 bits; an LP id fails on its top bit.
        Tx::Deposit(d) => Some(state.token_proof(d.token % crate::state::LP_TOKEN_BASE)),
        _ => None,
    };
    let roots_after = state.roots();
    let witness = TxWitness { tx: tx.clone(), message, roots_before, roots_after, accounts, pool, fee, token, refund };
    Some(Unchecked { witness, leaves })
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
    mixed_batch_on(&mut world, 1, slots, ops)
}

/// [`mixed_batch`]'s operations as batch `number` of `world` (pool 0 needs liquidity).
pub fn mixed_batch_on(world: &mut TestWorld, number: u64, slots: usize, ops: usize) -> SealedBatch {
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
    let mut builder = BatchBuilder::new(number, slots, &world.state);
    for make in &makers[..ops] {
        let tx = make(world);
        builder.push(world.state.apply(&tx).expect("valid"));
    }
    builder.seal(&mut world.state)
}
