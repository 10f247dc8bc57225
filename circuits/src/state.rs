//! The rollup state and its commitment: accounts with per-token balance subtrees, the token
//! registry, constant-product AMM pools, and the one root that commits to all of them.
//!
//! ```text
//! state_root   = Poseidon(account_root, pool_root, token_root, account_count)
//! account leaf = Poseidon(A.x, A.y, balance_root, nonce + 2^32 * l1_address)   (empty: 0)
//! balance leaf = balance                                                        (empty: 0)
//! pool leaf    = Poseidon(token_a + 2^16 * token_b + 2^32 * fee_bps, reserve_a, reserve_b, lp_supply)
//! token leaf   = Poseidon(l1_address, decimals)
//! ```
//! Account ids are dense (0, 1, 2, ...), so a new account always takes the next free leaf; the
//! root commits to the account count so the circuit can enforce exactly that.
//! Token ids below [`LP_TOKEN_BASE`] are L1 assets; pool `p`'s LP share is token
//! `LP_TOKEN_BASE + p`, so the circuit tells the two kinds apart by one bit of the id.

use std::collections::{BTreeMap, HashMap};

use ark_ff::{BigInteger, PrimeField};
use serde::{Deserialize, Serialize};

use crate::amount::MAX_BALANCE;
use crate::babyjubjub::PublicKey;
use crate::field::Fr;
use crate::merkle::{MerkleProof, SparseMerkleTree};
use crate::poseidon;

/// Index of an account leaf.
pub type AccountId = u32;
/// Index of a token (balance subtree leaf and token registry leaf).
pub type TokenId = u16;
/// Index of a pool leaf.
pub type PoolId = u16;

/// Bits of an account id in pubdata and circuits; the account tree is at most this deep.
pub const ACCOUNT_ID_BITS: u32 = 24;
/// Depth of every account's balance subtree (1,024 token ids).
pub const BALANCE_DEPTH: u32 = 10;
/// Bits of a token id.
pub const TOKEN_ID_BITS: u32 = BALANCE_DEPTH;
/// Depth of the pool tree (512 pools).
pub const POOL_DEPTH: u32 = 9;
/// Bits of a pool id.
pub const POOL_ID_BITS: u32 = POOL_DEPTH;
/// Depth of the token registry tree; it holds the L1 tokens, ids `0..LP_TOKEN_BASE`.
pub const TOKEN_DEPTH: u32 = 9;
/// Token ids from here on are LP shares: pool `p` issues token `LP_TOKEN_BASE + p`.
pub const LP_TOKEN_BASE: TokenId = 1 << TOKEN_DEPTH;
/// Pool fees are in basis points: at most 10,000 (100%).
pub const BPS_DENOMINATOR: u128 = 10_000;

/// An Ethereum address.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct L1Address(pub [u8; 20]);

impl L1Address {
    /// The address as a field element (160 bits, big-endian integer).
    pub fn to_fr(&self) -> Fr {
        Fr::from_be_bytes_mod_order(&self.0)
    }
}

impl std::fmt::Debug for L1Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "0x{}", hex::encode(self.0))
    }
}

impl std::fmt::Display for L1Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "0x{}", hex::encode(self.0))
    }
}

impl std::str::FromStr for L1Address {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let hex_part = text.strip_prefix("0x").ok_or_else(|| format!("address {text:?} lacks 0x"))?;
        let bytes = hex::decode(hex_part).map_err(|e| format!("address {text:?}: {e}"))?;
        Ok(Self(bytes.try_into().map_err(|_| format!("address {text:?} is not 20 bytes"))?))
    }
}

impl Serialize for L1Address {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for L1Address {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?.parse().map_err(serde::de::Error::custom)
    }
}

/// Reads a balance leaf back as an integer (the state writes its leaves from `u128`s; a test's
/// dishonest leaf beyond them reads as its low 128 bits).
fn fr_to_u128(value: Fr) -> u128 {
    let bytes = value.into_bigint().to_bytes_le();
    u128::from_le_bytes(bytes[..16].try_into().expect("16 bytes"))
}

/// The fields of an account leaf, as the circuit sees them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountLeaf {
    /// The EdDSA key that signs for the account.
    pub public_key: PublicKey,
    /// The L1 address that first deposited (the account's owner on L1).
    pub l1_address: L1Address,
    /// The next nonce the account must sign with.
    pub nonce: u32,
    /// Root of the balance subtree.
    #[serde(with = "crate::field::serde_decimal")]
    pub balance_root: Fr,
}

/// An account leaf's word `nonce + 2^32 * l1_address` ([`crate::packing::ACCOUNT_WORD`]).
pub fn account_word(nonce: u32, l1_address: L1Address) -> Fr {
    crate::packing::ACCOUNT_WORD
        .pack(&[Fr::from(nonce), l1_address.to_fr()])
        .expect("a 32-bit nonce and a 160-bit address fit their fields")
}

impl AccountLeaf {
    /// `nonce + 2^32 * l1_address`: both fit one field element.
    pub fn nonce_and_address(&self) -> Fr {
        account_word(self.nonce, self.l1_address)
    }

    /// The leaf hash.
    pub fn hash(&self) -> Fr {
        let point = self.public_key.point();
        poseidon::hash(&[point.x(), point.y(), self.balance_root, self.nonce_and_address()])
    }
}

/// An account: its key, owner, nonce and balances.
#[derive(Clone, Debug)]
pub struct Account {
    public_key: PublicKey,
    l1_address: L1Address,
    nonce: u32,
    balances: SparseMerkleTree,
}

impl Account {
    fn new(public_key: PublicKey, l1_address: L1Address) -> Self {
        Self { public_key, l1_address, nonce: 0, balances: SparseMerkleTree::new(BALANCE_DEPTH) }
    }

    /// The signing key.
    pub fn public_key(&self) -> &PublicKey {
        &self.public_key
    }

    /// The owner's L1 address.
    pub fn l1_address(&self) -> L1Address {
        self.l1_address
    }

    /// The next expected nonce.
    pub fn nonce(&self) -> u32 {
        self.nonce
    }

    /// The balance of `token` (0 when never touched).
    pub fn balance(&self, token: TokenId) -> u128 {
        fr_to_u128(self.balances.get(u64::from(token)))
    }

    /// Every nonzero balance, by token id.
    pub fn balances(&self) -> BTreeMap<TokenId, u128> {
        self.balances.leaves().map(|(token, leaf)| (token as TokenId, fr_to_u128(leaf))).collect()
    }

    /// The leaf fields.
    pub fn leaf(&self) -> AccountLeaf {
        AccountLeaf {
            public_key: self.public_key,
            l1_address: self.l1_address,
            nonce: self.nonce,
            balance_root: self.balances.root(),
        }
    }
}

/// A registered L1 token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenInfo {
    /// Ticker, for people; not committed to.
    pub symbol: String,
    /// Decimals of the L1 token.
    pub decimals: u8,
    /// The ERC-20 address on L1; the zero address is ETH.
    pub l1_address: L1Address,
}

impl TokenInfo {
    /// The registry leaf.
    pub fn hash(&self) -> Fr {
        poseidon::hash2(self.l1_address.to_fr(), Fr::from(self.decimals))
    }
}

/// A constant-product pool between two tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pool {
    /// First token.
    pub token_a: TokenId,
    /// Second token.
    pub token_b: TokenId,
    /// Liquidity providers' fee in basis points, taken from each swap's input.
    pub fee_bps: u16,
    /// Reserve of `token_a`.
    #[serde(with = "crate::amount::serde_u128")]
    pub reserve_a: u128,
    /// Reserve of `token_b`.
    #[serde(with = "crate::amount::serde_u128")]
    pub reserve_b: u128,
    /// Outstanding LP shares.
    #[serde(with = "crate::amount::serde_u128")]
    pub lp_supply: u128,
}

impl Pool {
    /// The packed header `token_a + 2^16 * token_b + 2^32 * fee_bps`
    /// ([`crate::packing::POOL_HEADER`]); `None` when a part is wider than its field (genesis
    /// refuses such a pool).
    pub fn packed_header(&self) -> Option<Fr> {
        let parts = [self.token_a, self.token_b, self.fee_bps].map(u128::from);
        crate::packing::POOL_HEADER.pack_u128(&parts).ok()
    }

    /// The packed header of a pool of the state (whose parts genesis checked).
    pub fn header(&self) -> Fr {
        self.packed_header().expect("a pool's tokens and fee fit the pool header")
    }

    /// The pool leaf.
    pub fn hash(&self) -> Fr {
        poseidon::hash(&[self.header(), Fr::from(self.reserve_a), Fr::from(self.reserve_b), Fr::from(self.lp_supply)])
    }
}

/// Fixed parameters of a rollup instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateConfig {
    /// Depth of the account tree, at most [`ACCOUNT_ID_BITS`].
    pub account_depth: u32,
    /// Domain separator signed into every transaction (replay protection across rollups).
    pub chain_id: u32,
    /// The operator's account, credited with the fees of each batch.
    pub fee_account: AccountId,
}

/// The sub-roots that make up the state root.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateRoots {
    /// Root of the account tree.
    #[serde(with = "crate::field::serde_decimal")]
    pub accounts: Fr,
    /// Root of the pool tree.
    #[serde(with = "crate::field::serde_decimal")]
    pub pools: Fr,
    /// Root of the token registry.
    #[serde(with = "crate::field::serde_decimal")]
    pub tokens: Fr,
    /// Number of accounts (the next account id).
    pub account_count: u32,
}

impl StateRoots {
    /// `Poseidon(accounts, pools, tokens, account_count)`.
    pub fn state_root(&self) -> Fr {
        poseidon::hash(&[self.accounts, self.pools, self.tokens, Fr::from(self.account_count)])
    }
}

/// Set-up errors (genesis), apart from transaction errors.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StateError {
    /// The account depth is 0 or larger than the pubdata id width.
    #[error("account depth {0} is outside 1..={ACCOUNT_ID_BITS}")]
    BadAccountDepth(u32),
    /// A token id is taken or outside the L1 token range.
    #[error("token id {0} is taken or not below {LP_TOKEN_BASE}")]
    BadTokenId(TokenId),
    /// A pool refers to an unregistered token, pairs a token with itself, or has a bad fee.
    #[error("pool {0} is invalid: {1}")]
    BadPool(PoolId, &'static str),
    /// The tree has no free leaf.
    #[error("tree is full")]
    Full,
}

/// One balance leaf change inside an account's subtree, with the path before it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalanceUpdate {
    /// The token (leaf index).
    pub token: TokenId,
    /// Balance before.
    #[serde(with = "crate::amount::serde_u128")]
    pub before: u128,
    /// Balance after.
    #[serde(with = "crate::amount::serde_u128")]
    pub after: u128,
    /// Siblings of the leaf in the balance subtree (unchanged by this update).
    pub path: MerkleProof,
}

/// A token registry leaf (0: unregistered) and its path to the token root.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenProof {
    /// The leaf, `Poseidon(l1_address, decimals)` or 0.
    #[serde(with = "crate::field::serde_decimal")]
    pub leaf: Fr,
    /// Its siblings.
    pub path: MerkleProof,
}

/// One account leaf change, with every balance change inside it, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountUpdate {
    /// The account (leaf index).
    pub account: AccountId,
    /// The leaf before; `None` when the leaf was empty (account creation).
    pub before: Option<AccountLeaf>,
    /// The leaf after.
    pub after: AccountLeaf,
    /// Siblings of the account leaf in the account tree.
    pub path: MerkleProof,
    /// The balance leaf changes, applied in this order.
    pub balances: Vec<BalanceUpdate>,
}

/// One pool leaf change with its path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolUpdate {
    /// The pool (leaf index).
    pub pool: PoolId,
    /// The pool before.
    pub before: Pool,
    /// The pool after.
    pub after: Pool,
    /// Siblings of the pool leaf.
    pub path: MerkleProof,
}

/// The read accessors that `State` and `Ledger` share: the same fields under the same names
/// (only the account type differs), so one definition serves both.
macro_rules! shared_accessors {
    ($ledger:ty, $account:ty) => {
        impl $ledger {
            /// Number of accounts.
            pub fn account_count(&self) -> usize {
                self.accounts.len()
            }

            /// An account by id.
            pub fn account(&self, id: AccountId) -> Option<&$account> {
                self.accounts.get(id as usize)
            }

            /// The account owned by a public key.
            pub fn account_by_key(&self, key: &PublicKey) -> Option<AccountId> {
                self.account_by_key.get(&key.pack()).copied()
            }

            /// A token by id.
            pub fn token(&self, id: TokenId) -> Option<&TokenInfo> {
                self.tokens.get(&id)
            }

            /// Every registered L1 token.
            pub fn tokens(&self) -> &BTreeMap<TokenId, TokenInfo> {
                &self.tokens
            }

            /// True when `id` is a registered L1 token or the LP token of an existing pool.
            pub fn token_exists(&self, id: TokenId) -> bool {
                match id.checked_sub(LP_TOKEN_BASE) {
                    Some(pool) => (pool as usize) < self.pools.len(),
                    None => self.tokens.contains_key(&id),
                }
            }

            /// A pool by id.
            pub fn pool(&self, id: PoolId) -> Option<&Pool> {
                self.pools.get(id as usize)
            }

            /// Every pool, by id.
            pub fn pools(&self) -> &[Pool] {
                &self.pools
            }

            /// Fees collected in the current batch and not yet credited.
            pub fn pending_fees(&self) -> &BTreeMap<TokenId, u128> {
                &self.pending_fees
            }

            /// The amount of an L1 token held on L2 (balances, reserves and pending fees).
            pub fn l2_supply(&self, token: TokenId) -> u128 {
                self.l2_supply.get(&token).copied().unwrap_or(0)
            }
        }
    };
}

shared_accessors!(State, Account);
shared_accessors!(Ledger, LedgerAccount);

/// The whole rollup state.
#[derive(Clone, Debug)]
pub struct State {
    config: StateConfig,
    accounts: Vec<Account>,
    account_tree: SparseMerkleTree,
    account_by_key: HashMap<[u8; 32], AccountId>,
    tokens: BTreeMap<TokenId, TokenInfo>,
    token_tree: SparseMerkleTree,
    pools: Vec<Pool>,
    pool_tree: SparseMerkleTree,
    /// Fees collected in the current batch, credited to the fee account when it is sealed.
    pending_fees: BTreeMap<TokenId, u128>,
    /// Sum over the L2 state of each L1 token; kept below `MAX_BALANCE`, which bounds every
    /// balance, reserve and fee sum of that token.
    l2_supply: BTreeMap<TokenId, u128>,
}

impl State {
    /// An empty state: no accounts, tokens or pools.
    pub fn new(config: StateConfig) -> Result<Self, StateError> {
        if config.account_depth == 0 || config.account_depth > ACCOUNT_ID_BITS {
            return Err(StateError::BadAccountDepth(config.account_depth));
        }
        Ok(Self {
            config,
            accounts: Vec::new(),
            account_tree: SparseMerkleTree::new(config.account_depth),
            account_by_key: HashMap::new(),
            tokens: BTreeMap::new(),
            token_tree: SparseMerkleTree::new(TOKEN_DEPTH),
            pools: Vec::new(),
            pool_tree: SparseMerkleTree::new(POOL_DEPTH),
            pending_fees: BTreeMap::new(),
            l2_supply: BTreeMap::new(),
        })
    }

    /// The instance parameters.
    pub fn config(&self) -> &StateConfig {
        &self.config
    }

    /// Registers an L1 token under `id`.
    pub fn register_token(&mut self, id: TokenId, info: TokenInfo) -> Result<(), StateError> {
        if id >= LP_TOKEN_BASE || self.tokens.contains_key(&id) {
            return Err(StateError::BadTokenId(id));
        }
        self.token_tree.update(u64::from(id), info.hash()).expect("id below LP_TOKEN_BASE fits");
        self.tokens.insert(id, info);
        Ok(())
    }

    /// Creates an empty pool (no liquidity) between two registered tokens; returns its id.
    pub fn create_pool(&mut self, token_a: TokenId, token_b: TokenId, fee_bps: u16) -> Result<PoolId, StateError> {
        let id = self.pools.len() as PoolId;
        if u64::from(id) >= 1 << POOL_DEPTH {
            return Err(StateError::Full);
        }
        if !self.tokens.contains_key(&token_a) || !self.tokens.contains_key(&token_b) {
            return Err(StateError::BadPool(id, "unregistered token"));
        }
        if token_a == token_b {
            return Err(StateError::BadPool(id, "a pool needs two different tokens"));
        }
        if u128::from(fee_bps) >= BPS_DENOMINATOR {
            return Err(StateError::BadPool(id, "fee must be below 10000 basis points"));
        }
        let pool = Pool { token_a, token_b, fee_bps, reserve_a: 0, reserve_b: 0, lp_supply: 0 };
        self.pool_tree.update(u64::from(id), pool.hash()).expect("checked above");
        self.pools.push(pool);
        Ok(id)
    }

    /// The sub-roots.
    pub fn roots(&self) -> StateRoots {
        StateRoots {
            accounts: self.account_tree.root(),
            pools: self.pool_tree.root(),
            tokens: self.token_tree.root(),
            account_count: self.accounts.len() as u32,
        }
    }

    /// The state root.
    pub fn root(&self) -> Fr {
        self.roots().state_root()
    }

    /// Merkle proof of an account leaf against the account root.
    pub fn account_proof(&self, id: AccountId) -> Option<MerkleProof> {
        self.account_tree.proof(u64::from(id)).ok()
    }

    /// The token registry's leaf of L1 token `id` (0 when unregistered) with its path: a
    /// deposit's witness that L2 knows its token (credit) or does not (refund).
    pub fn token_proof(&self, id: TokenId) -> TokenProof {
        let index = u64::from(id);
        let path = self.token_tree.proof(index).expect("deposits carry L1 token ids, below LP_TOKEN_BASE");
        TokenProof { leaf: self.token_tree.get(index), path }
    }

    /// Merkle proof of a balance leaf against the account's balance root.
    pub fn balance_proof(&self, id: AccountId, token: TokenId) -> Option<MerkleProof> {
        self.account(id)?.balances.proof(u64::from(token)).ok()
    }

    /// Merkle proof of a pool leaf against the pool root.
    pub fn pool_proof(&self, id: PoolId) -> Option<MerkleProof> {
        self.pool_tree.proof(u64::from(id)).ok()
    }

    /// The id a new account would get, if the tree has room.
    pub fn next_account_id(&self) -> Option<AccountId> {
        let next = self.accounts.len() as u64;
        (next < 1u64 << self.config.account_depth).then_some(next as AccountId)
    }

    // ---- Mutation primitives. They never fail: callers validate first, so that a rejected
    // transaction leaves the state untouched. Each returns the witness of what it changed.

    /// Creates an account at the next free leaf.
    pub(crate) fn create_account(&mut self, public_key: PublicKey, l1_address: L1Address) -> AccountUpdate {
        let id = self.next_account_id().expect("caller checked that the tree has room");
        let path = self.account_tree.proof(u64::from(id)).expect("id fits the tree");
        let account = Account::new(public_key, l1_address);
        let after = account.leaf();
        self.account_tree.update(u64::from(id), after.hash()).expect("id fits the tree");
        self.account_by_key.insert(public_key.pack(), id);
        self.accounts.push(account);
        AccountUpdate { account: id, before: None, after, path, balances: Vec::new() }
    }

    /// Writes new balances (and optionally a new nonce) into one account.
    pub(crate) fn update_account(
        &mut self,
        id: AccountId,
        new_balances: &[(TokenId, u128)],
        new_nonce: Option<u32>,
    ) -> AccountUpdate {
        debug_assert!(new_balances.iter().all(|&(_, after)| after <= MAX_BALANCE));
        let leaves: Vec<(TokenId, Fr)> = new_balances.iter().map(|&(token, after)| (token, Fr::from(after))).collect();
        self.update_account_leaves(id, &leaves, new_nonce).0
    }

    /// [`State::update_account`] with the balance leaves given as field elements, which may
    /// lie beyond `u128` (test utilities write a dishonest prover's leaves with it; the state
    /// itself only ever writes `u128`s). Returns the update, whose `BalanceUpdate`s hold each
    /// leaf's low 128 bits, and every leaf change `(before, after)` in full, in order.
    pub(crate) fn update_account_leaves(
        &mut self,
        id: AccountId,
        new_leaves: &[(TokenId, Fr)],
        new_nonce: Option<u32>,
    ) -> (AccountUpdate, Vec<(Fr, Fr)>) {
        let path = self.account_tree.proof(u64::from(id)).expect("caller checked the account");
        let account = &mut self.accounts[id as usize];
        let before = account.leaf();
        let mut leaves = Vec::with_capacity(new_leaves.len());
        let balances = new_leaves
            .iter()
            .map(|&(token, after)| {
                let path = account.balances.proof(u64::from(token)).expect("token id fits");
                let previous = account.balances.update(u64::from(token), after).expect("token id fits");
                leaves.push((previous, after));
                BalanceUpdate { token, before: fr_to_u128(previous), after: fr_to_u128(after), path }
            })
            .collect();
        if let Some(nonce) = new_nonce {
            account.nonce = nonce;
        }
        let after = account.leaf();
        self.account_tree.update(u64::from(id), after.hash()).expect("id fits the tree");
        (AccountUpdate { account: id, before: Some(before), after, path, balances }, leaves)
    }

    /// Replaces a pool's reserves and supply.
    pub(crate) fn update_pool(&mut self, id: PoolId, after: Pool) -> PoolUpdate {
        let path = self.pool_tree.proof(u64::from(id)).expect("caller checked the pool");
        let before = std::mem::replace(&mut self.pools[id as usize], after);
        self.pool_tree.update(u64::from(id), after.hash()).expect("id fits");
        PoolUpdate { pool: id, before, after, path }
    }

    pub(crate) fn add_pending_fee(&mut self, token: TokenId, fee: u128) {
        if fee != 0 {
            *self.pending_fees.entry(token).or_insert(0) += fee;
        }
    }

    pub(crate) fn add_l2_supply(&mut self, token: TokenId, amount: u128) {
        *self.l2_supply.entry(token).or_insert(0) += amount;
    }

    pub(crate) fn remove_l2_supply(&mut self, token: TokenId, amount: u128) {
        let supply = self.l2_supply.get_mut(&token).expect("withdrawn token has supply");
        *supply -= amount;
    }

    /// Credits the batch's collected fees to the fee account and clears them; `None` when no
    /// fee was collected. Cannot overflow: each token's total on L2 is below `MAX_BALANCE`
    /// (deposits enforce it) and LP supplies are capped when minted.
    pub fn credit_pending_fees(&mut self) -> Option<AccountUpdate> {
        if self.pending_fees.is_empty() {
            return None;
        }
        let charges: Vec<(TokenId, u128)> = self.pending_fees.iter().map(|(&t, &f)| (t, f)).collect();
        Some(self.credit_fees(&charges))
    }

    /// Credits fee charges to the fee account one by one, in order (one balance update each,
    /// zero charges included), and clears the pending fees. The charges must add up to the
    /// pending fees per token. Batches credit one charge per fee token, padded with zero
    /// charges to a fixed count, so the circuit's fee step has a fixed shape.
    pub fn credit_fees(&mut self, charges: &[(TokenId, u128)]) -> AccountUpdate {
        let mut sums: BTreeMap<TokenId, u128> = BTreeMap::new();
        for &(token, amount) in charges {
            if amount != 0 {
                *sums.entry(token).or_insert(0) += amount;
            }
        }
        assert_eq!(sums, self.pending_fees, "fee charges must add up to the pending fees");
        let fee_account = self.config.fee_account;
        let account = self.account(fee_account).expect("the fee account exists from genesis");
        let mut running: BTreeMap<TokenId, u128> = BTreeMap::new();
        let new_balances: Vec<(TokenId, u128)> = charges
            .iter()
            .map(|&(token, amount)| {
                let balance = running.entry(token).or_insert_with(|| account.balance(token));
                *balance += amount;
                (token, *balance)
            })
            .collect();
        self.pending_fees.clear();
        self.update_account(fee_account, &new_balances, None)
    }
}

/// An account in the [`Ledger`]: the same fields as [`Account`], balances in a plain map.
#[derive(Clone, Debug)]
pub struct LedgerAccount {
    public_key: PublicKey,
    l1_address: L1Address,
    nonce: u32,
    balances: HashMap<TokenId, u128>,
}

impl LedgerAccount {
    /// The signing key.
    pub fn public_key(&self) -> &PublicKey {
        &self.public_key
    }

    /// The owner's L1 address.
    pub fn l1_address(&self) -> L1Address {
        self.l1_address
    }

    /// The next expected nonce.
    pub fn nonce(&self) -> u32 {
        self.nonce
    }

    /// The balance of `token` (0 when never touched).
    pub fn balance(&self, token: TokenId) -> u128 {
        self.balances.get(&token).copied().unwrap_or(0)
    }

    /// Every nonzero balance, by token id.
    pub fn balances(&self) -> BTreeMap<TokenId, u128> {
        self.balances.iter().filter(|(_, &b)| b != 0).map(|(&t, &b)| (t, b)).collect()
    }
}

/// The ledger half of the [`State`]: accounts, nonces, balances, pools, pending fees and L2
/// supplies in plain maps, without any Merkle tree. It applies transactions with exactly the
/// same rules as the state (both go through [`crate::transition::check_tx`]) at a few
/// microseconds each, so the sequencer can acknowledge at ledger speed and build the Merkle
/// witness of the same transactions later, on a [`State`].
#[derive(Clone, Debug)]
pub struct Ledger {
    config: StateConfig,
    accounts: Vec<LedgerAccount>,
    account_by_key: HashMap<[u8; 32], AccountId>,
    tokens: BTreeMap<TokenId, TokenInfo>,
    pools: Vec<Pool>,
    pending_fees: BTreeMap<TokenId, u128>,
    l2_supply: BTreeMap<TokenId, u128>,
}

impl Ledger {
    /// The ledger of a state (same accounts, balances, pools, pending fees and supplies).
    pub fn from_state(state: &State) -> Self {
        let accounts = state
            .accounts
            .iter()
            .map(|account| LedgerAccount {
                public_key: account.public_key,
                l1_address: account.l1_address,
                nonce: account.nonce,
                balances: account.balances().into_iter().collect(),
            })
            .collect();
        Self {
            config: state.config,
            accounts,
            account_by_key: state.account_by_key.clone(),
            tokens: state.tokens.clone(),
            pools: state.pools.clone(),
            pending_fees: state.pending_fees.clone(),
            l2_supply: state.l2_supply.clone(),
        }
    }

    /// The instance parameters.
    pub fn config(&self) -> &StateConfig {
        &self.config
    }

    /// The id a new account would get, if the tree has room.
    pub fn next_account_id(&self) -> Option<AccountId> {
        let next = self.accounts.len() as u64;
        (next < 1u64 << self.config.account_depth).then_some(next as AccountId)
    }

    // ---- Mutation primitives, the ledger twins of the state's (callers validate first).

    pub(crate) fn create_account(&mut self, public_key: PublicKey, l1_address: L1Address) -> AccountId {
        let id = self.next_account_id().expect("caller checked that the tree has room");
        self.accounts.push(LedgerAccount { public_key, l1_address, nonce: 0, balances: HashMap::new() });
        self.account_by_key.insert(public_key.pack(), id);
        id
    }

    pub(crate) fn update_account(&mut self, id: AccountId, new_balances: &[(TokenId, u128)], new_nonce: Option<u32>) {
        let account = &mut self.accounts[id as usize];
        for &(token, after) in new_balances {
            debug_assert!(after <= MAX_BALANCE);
            account.balances.insert(token, after);
        }
        if let Some(nonce) = new_nonce {
            account.nonce = nonce;
        }
    }

    pub(crate) fn update_pool(&mut self, id: PoolId, after: Pool) {
        self.pools[id as usize] = after;
    }

    pub(crate) fn add_pending_fee(&mut self, token: TokenId, fee: u128) {
        if fee != 0 {
            *self.pending_fees.entry(token).or_insert(0) += fee;
        }
    }

    pub(crate) fn add_l2_supply(&mut self, token: TokenId, amount: u128) {
        *self.l2_supply.entry(token).or_insert(0) += amount;
    }

    pub(crate) fn remove_l2_supply(&mut self, token: TokenId, amount: u128) {
        let supply = self.l2_supply.get_mut(&token).expect("withdrawn token has supply");
        *supply -= amount;
    }

    /// Credits the batch's collected fees to the fee account and clears them, as sealing a
    /// batch does on the [`State`] ([`State::credit_fees`]; the balances are the same).
    pub fn credit_pending_fees(&mut self) {
        let fee_account = self.config.fee_account;
        let fees = std::mem::take(&mut self.pending_fees);
        let account = &mut self.accounts[fee_account as usize];
        for (token, fee) in fees {
            *account.balances.entry(token).or_insert(0) += fee;
        }
    }
}
