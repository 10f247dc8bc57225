//! The native state transition: apply one transaction to the state, getting either a receipt
//! with the circuit's witness, or a typed error with the state untouched.
//!
//! Every rule here is a rule the batch circuit enforces; docs/protocol.md states them in prose.
//! Each `apply_*` first computes every new value and checks every rule, and only then writes,
//! through mutation primitives that cannot fail, so a rejected transaction changes nothing.

use serde::{Deserialize, Serialize};

use crate::amount::{AmountError, MAX_BALANCE};
use crate::babyjubjub::{PublicKey, Signature, SignatureError};
use crate::field::Fr;
use crate::poseidon;
use crate::pubdata::{PubdataOp, RefundReason};
use crate::state::{
    AccountId, AccountUpdate, L1Address, Ledger, Pool, PoolId, PoolUpdate, State, StateConfig, StateRoots, TokenId,
    TokenProof, LP_TOKEN_BASE,
};
mod deposit;

use crate::tx::{AddLiquidity, RemoveLiquidity, Swap, Transfer, Tx, Withdraw};
use deposit::check_deposit;
pub use deposit::refund_reason;

pub use crate::amm::{
    add_liquidity_amounts, locked_liquidity, quote_add_liquidity, remove_liquidity_amounts, swap_output,
    LiquidityQuote, MINIMUM_LIQUIDITY,
};

/// Why a transaction was rejected. [`TxError::code`] is the stable machine-readable name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum TxError {
    /// The signature does not verify under the account's key.
    #[error("invalid signature")]
    InvalidSignature,
    /// The nonce is not the account's next nonce.
    #[error("bad nonce: expected {expected}, got {got}")]
    BadNonce {
        /// The account's next nonce.
        expected: u32,
        /// The transaction's nonce.
        got: u32,
    },
    /// The account has used every nonce.
    #[error("account nonce is exhausted")]
    NonceExhausted,
    /// The balance does not cover the debit.
    #[error("insufficient balance of token {token}: need {needed}, have {available}")]
    InsufficientBalance {
        /// Token.
        token: TokenId,
        /// Amount needed (amount plus fee where they share a token).
        #[serde(with = "crate::amount::serde_u128")]
        needed: u128,
        /// Balance.
        #[serde(with = "crate::amount::serde_u128")]
        available: u128,
    },
    /// No such account.
    #[error("unknown account {0}")]
    UnknownAccount(AccountId),
    /// No such token.
    #[error("unknown token {0}")]
    UnknownToken(TokenId),
    /// No such pool.
    #[error("unknown pool {0}")]
    UnknownPool(PoolId),
    /// The AMM price moved past the signed bound.
    #[error("slippage bound exceeded: got {actual}, bound {bound}")]
    SlippageExceeded {
        /// What the pool would give (or take).
        #[serde(with = "crate::amount::serde_u128")]
        actual: u128,
        /// The signed bound.
        #[serde(with = "crate::amount::serde_u128")]
        bound: u128,
    },
    /// A balance, reserve, supply or total would exceed 2^112 - 1.
    #[error("amount overflow: a balance would exceed 2^112 - 1")]
    Overflow,
    /// Zero amounts (or a zero result, such as a swap that pays out nothing) are not allowed.
    #[error("amount must be positive")]
    ZeroAmount,
    /// Sender and recipient are the same account.
    #[error("transfer to self")]
    SelfTransfer,
    /// The batch that would include the transaction comes after its `valid_until`.
    #[error("expired: valid until batch {valid_until}, the next batch is {batch}")]
    Expired {
        /// The last batch the signer allowed.
        valid_until: u32,
        /// The batch it would go into.
        batch: u64,
    },
    /// LP shares live only on L2.
    #[error("token {0} cannot be deposited or withdrawn on L1")]
    NotL1Token(TokenId),
    /// The pool has no liquidity to swap against.
    #[error("pool {0} has no liquidity")]
    EmptyPool(PoolId),
    /// A pool's first provision mints at most [`MINIMUM_LIQUIDITY`] shares, all of which would
    /// be locked.
    #[error("the first provision must mint more than 1000 shares (the locked minimum liquidity)")]
    #[serde(rename = "insufficient_liquidity")]
    InsufficientLiquidityMinted,
    /// The account tree has no free leaf.
    #[error("account tree is full")]
    AccountTreeFull,
    /// An amount or fee has no float code, so it cannot be published.
    #[error("{0}")]
    NotPackable(String),
}

impl From<AmountError> for TxError {
    fn from(error: AmountError) -> Self {
        TxError::NotPackable(error.to_string())
    }
}

impl TxError {
    /// The stable machine-readable error code.
    pub fn code(&self) -> &'static str {
        match self {
            TxError::InvalidSignature => "invalid_signature",
            TxError::BadNonce { .. } => "bad_nonce",
            TxError::NonceExhausted => "nonce_exhausted",
            TxError::InsufficientBalance { .. } => "insufficient_balance",
            TxError::UnknownAccount(_) => "unknown_account",
            TxError::UnknownToken(_) => "unknown_token",
            TxError::UnknownPool(_) => "unknown_pool",
            TxError::SlippageExceeded { .. } => "slippage_exceeded",
            TxError::Overflow => "overflow",
            TxError::ZeroAmount => "zero_amount",
            TxError::SelfTransfer => "self_transfer",
            TxError::Expired { .. } => "expired",
            TxError::NotL1Token(_) => "not_l1_token",
            TxError::EmptyPool(_) => "empty_pool",
            TxError::InsufficientLiquidityMinted => "insufficient_liquidity",
            TxError::AccountTreeFull => "account_tree_full",
            TxError::NotPackable(_) => "not_packable",
        }
    }
}

/// What an accepted transaction did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Receipt {
    /// Nothing.
    Noop,
    /// Credited `account`, created when `created`.
    Deposit {
        /// The credited account.
        account: AccountId,
        /// Whether the deposit created it.
        created: bool,
    },
    /// Not credited: refunded to the L1 depositor (claimable once the batch executes).
    DepositRefund {
        /// Why L2 could not credit it.
        reason: RefundReason,
    },
    /// Transferred.
    Transfer,
    /// Burned on L2; claimable on L1 once the batch is executed.
    Withdraw {
        /// Token.
        token: TokenId,
        /// Amount claimable.
        #[serde(with = "crate::amount::serde_u128")]
        amount: u128,
        /// L1 recipient.
        to: L1Address,
    },
    /// Swapped.
    Swap {
        /// Output received.
        #[serde(with = "crate::amount::serde_u128")]
        amount_out: u128,
    },
    /// Added liquidity.
    AddLiquidity {
        /// `token_b` taken.
        #[serde(with = "crate::amount::serde_u128")]
        amount_b: u128,
        /// Shares credited to the provider (a first provision also locks
        /// [`MINIMUM_LIQUIDITY`] in the pool's supply).
        #[serde(with = "crate::amount::serde_u128")]
        lp_minted: u128,
    },
    /// Removed liquidity.
    RemoveLiquidity {
        /// `token_a` paid out (before the fee).
        #[serde(with = "crate::amount::serde_u128")]
        amount_a: u128,
        /// `token_b` paid out.
        #[serde(with = "crate::amount::serde_u128")]
        amount_b: u128,
    },
}

/// A fee moved into the batch's fee ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeCharge {
    /// Token the fee is paid in.
    pub token: TokenId,
    /// Amount.
    #[serde(with = "crate::amount::serde_u128")]
    pub amount: u128,
}

/// Everything the circuit needs to re-check one transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TxWitness {
    /// The transaction.
    pub tx: Tx,
    /// The signed message (L2 transactions).
    #[serde(with = "crate::field::serde_decimal_option")]
    pub message: Option<Fr>,
    /// Sub-roots before.
    pub roots_before: StateRoots,
    /// Sub-roots after.
    pub roots_after: StateRoots,
    /// Account leaf changes in order (sender first).
    pub accounts: Vec<AccountUpdate>,
    /// The pool change, for AMM transactions.
    pub pool: Option<PoolUpdate>,
    /// The fee collected into the batch's fee ledger.
    pub fee: Option<FeeCharge>,
    /// A deposit's token in the token registry: registered (credited) or not (refunded).
    #[serde(default)]
    pub token: Option<TokenProof>,
    /// Why a deposit was refunded instead of credited.
    #[serde(default)]
    pub refund: Option<RefundReason>,
}

impl TxWitness {
    /// A Noop's witness at `roots`: Noop changes nothing, so it needs no state.
    pub fn noop(roots: StateRoots) -> Self {
        Self {
            tx: Tx::Noop,
            message: None,
            roots_before: roots,
            roots_after: roots,
            accounts: Vec::new(),
            pool: None,
            fee: None,
            token: None,
            refund: None,
        }
    }
}

/// An accepted transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedTx {
    /// What happened.
    pub receipt: Receipt,
    /// Its published bytes.
    pub pubdata: PubdataOp,
    /// The circuit's witness.
    pub witness: TxWitness,
}

fn checked_credit(balance: u128, amount: u128) -> Result<u128, TxError> {
    balance.checked_add(amount).filter(|v| *v <= MAX_BALANCE).ok_or(TxError::Overflow)
}

fn checked_debit(token: TokenId, balance: u128, needed: u128) -> Result<u128, TxError> {
    balance.checked_sub(needed).ok_or(TxError::InsufficientBalance { token, needed, available: balance })
}

pub(crate) fn positive(amount: u128) -> Result<(), TxError> {
    if amount == 0 {
        Err(TxError::ZeroAmount)
    } else {
        Ok(())
    }
}

fn at_least(actual: u128, bound: u128) -> Result<(), TxError> {
    if actual < bound {
        Err(TxError::SlippageExceeded { actual, bound })
    } else {
        Ok(())
    }
}

/// The public key, message and signature to check for an L2 transaction.
#[derive(Debug, Clone, Copy)]
pub struct SignatureCheck {
    /// The signer's key.
    pub public_key: PublicKey,
    /// The signed message.
    pub message: Fr,
    /// The decoded signature.
    pub signature: Signature,
}

/// What the rules read. The Merkle [`State`] and the plain [`Ledger`] both implement it, so
/// [`check_tx`] is the one place every rule lives and both apply exactly the same rules.
pub trait LedgerView {
    /// The instance parameters.
    fn state_config(&self) -> &StateConfig;
    /// An account's key and next nonce.
    fn key_and_nonce(&self, id: AccountId) -> Option<(PublicKey, u32)>;
    /// A balance (0 for an unknown account or an untouched token).
    fn balance_of(&self, id: AccountId, token: TokenId) -> u128;
    /// The account owned by a public key.
    fn id_by_key(&self, key: &PublicKey) -> Option<AccountId>;
    /// The id a new account would get, if the tree has room.
    fn next_free_account(&self) -> Option<AccountId>;
    /// True when `token` is a registered L1 token.
    fn is_registered_l1_token(&self, token: TokenId) -> bool;
    /// True when `token` is a registered L1 token or the LP token of an existing pool.
    fn is_existing_token(&self, token: TokenId) -> bool;
    /// A pool.
    fn pool_at(&self, id: PoolId) -> Option<Pool>;
    /// The amount of an L1 token held on L2.
    fn supply_of(&self, token: TokenId) -> u128;
}

/// State and Ledger answer every view through same-named accessors; one implementation
/// serves both, so the two can never read the ledger differently.
macro_rules! impl_ledger_view {
    ($($ledger:ty),+) => {$(
        impl LedgerView for $ledger {
            fn state_config(&self) -> &StateConfig {
                self.config()
            }
            fn key_and_nonce(&self, id: AccountId) -> Option<(PublicKey, u32)> {
                self.account(id).map(|a| (*a.public_key(), a.nonce()))
            }
            fn balance_of(&self, id: AccountId, token: TokenId) -> u128 {
                self.account(id).map_or(0, |a| a.balance(token))
            }
            fn id_by_key(&self, key: &PublicKey) -> Option<AccountId> {
                self.account_by_key(key)
            }
            fn next_free_account(&self) -> Option<AccountId> {
                self.next_account_id()
            }
            fn is_registered_l1_token(&self, token: TokenId) -> bool {
                self.token(token).is_some()
            }
            fn is_existing_token(&self, token: TokenId) -> bool {
                self.token_exists(token)
            }
            fn pool_at(&self, id: PoolId) -> Option<Pool> {
                self.pool(id).copied()
            }
            fn supply_of(&self, token: TokenId) -> u128 {
                self.l2_supply(token)
            }
        }
    )+};
}

impl_ledger_view!(State, Ledger);

/// New balances (and optionally a new nonce) of one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountChange {
    /// The account.
    pub account: AccountId,
    /// `(token, balance after)`, in the order the witness updates them.
    pub balances: Vec<(TokenId, u128)>,
    /// The new nonce (the signer's).
    pub nonce: Option<u32>,
}

/// A change of an L1 token's L2 supply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupplyChange {
    /// A deposit brought it in.
    Add(TokenId, u128),
    /// A withdrawal took it out.
    Remove(TokenId, u128),
}

/// Everything a valid transaction changes, computed by [`check_tx`] before anything is
/// written. Writing it cannot fail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effects {
    /// What happened.
    pub receipt: Receipt,
    /// Its published bytes (a deposit's account filled in).
    pub pubdata: PubdataOp,
    /// A deposit that creates its account at the next free leaf: key and owner.
    pub create: Option<(PublicKey, L1Address)>,
    /// Account changes in order (sender first).
    pub accounts: Vec<AccountChange>,
    /// A pool's new value.
    pub pool: Option<(PoolId, Pool)>,
    /// The fee collected into the batch's fee ledger.
    pub fee: Option<FeeCharge>,
    /// The L2 supply change.
    pub supply: Option<SupplyChange>,
}

impl Effects {
    fn new(receipt: Receipt, pubdata: PubdataOp, accounts: Vec<AccountChange>) -> Self {
        Self { receipt, pubdata, create: None, accounts, pool: None, fee: None, supply: None }
    }

    fn with_fee(mut self, token: TokenId, amount: u128) -> Self {
        self.fee = Some(FeeCharge { token, amount });
        self
    }

    fn with_pool(mut self, id: PoolId, pool: Pool) -> Self {
        self.pool = Some((id, pool));
        self
    }
}

fn change(account: AccountId, balances: Vec<(TokenId, u128)>, nonce: Option<u32>) -> AccountChange {
    AccountChange { account, balances, nonce }
}

/// The state-independent half of a signature check: the signing message and the decoded
/// signature. The sequencer computes it once per transaction, off its ordering task, and passes
/// it to [`signature_check`] (the Poseidon message hash is computed once per transaction).
#[derive(Debug, Clone)]
pub struct Prepared {
    /// `tx.signing_message(chain_id)`.
    pub message: Result<Option<Fr>, AmountError>,
    /// The decoded signature (`Mismatch` when the transaction is unsigned or has no message).
    pub signature: Result<Signature, SignatureError>,
}

impl Prepared {
    /// Computes the signing message and decodes the signature of `tx`.
    pub fn new(tx: &Tx, chain_id: u32) -> Self {
        Self::with_message(tx, tx.signing_message(chain_id))
    }

    /// [`Prepared::new`] of each transaction, in order, with the signing messages hashed
    /// together ([`poseidon::hash_many`]: eight at a time where the CPU has AVX-512 IFMA) and
    /// the signatures decoded together ([`Signature::unpack_many`]: one shared inversion).
    pub fn many(txs: &[Tx], chain_id: u32) -> Vec<Self> {
        let inputs: Vec<Result<Option<[Fr; 3]>, AmountError>> =
            txs.iter().map(|tx| tx.signing_inputs(chain_id)).collect();
        let to_hash: Vec<[Fr; 3]> = inputs.iter().filter_map(|input| *input.as_ref().ok()?).collect();
        let mut hashes = poseidon::hash_many(&to_hash).into_iter();
        let messages: Vec<Result<Option<Fr>, AmountError>> = inputs
            .into_iter()
            .map(|input| input.map(|input| input.map(|_| hashes.next().expect("one hash per input"))))
            .collect();
        let to_decode: Vec<[u8; 64]> =
            txs.iter().zip(&messages).filter_map(|(tx, message)| Self::signature_to_decode(tx, message)).collect();
        let encodings: Vec<&[u8; 64]> = to_decode.iter().collect();
        let mut signatures = Signature::unpack_many(&encodings).into_iter();
        txs.iter()
            .zip(messages)
            .map(|(tx, message)| {
                let signature = match Self::signature_to_decode(tx, &message) {
                    Some(_) => signatures.next().expect("one signature per encoding"),
                    None => Err(SignatureError::Mismatch),
                };
                Self { message, signature }
            })
            .collect()
    }

    /// The packed signature to decode: only a signed transaction with a message has one.
    fn signature_to_decode(tx: &Tx, message: &Result<Option<Fr>, AmountError>) -> Option<[u8; 64]> {
        match (message, tx.signed_header()) {
            (Ok(Some(_)), Some(header)) => Some(header.signature.0),
            _ => None,
        }
    }

    fn with_message(tx: &Tx, message: Result<Option<Fr>, AmountError>) -> Self {
        let signature = match Self::signature_to_decode(tx, &message) {
            Some(bytes) => Signature::unpack(&bytes),
            None => Err(SignatureError::Mismatch),
        };
        Self { message, signature }
    }

    /// The signing message when it exists (`None` for Noop and Deposit, or without a code).
    pub fn message(&self) -> Option<Fr> {
        self.message.ok().flatten()
    }
}

/// What must be verified for `tx` to be authorised: `Ok(None)` for Noop and Deposit (L1
/// authorises deposits). Errors for an amount without a code, an unknown signer or a
/// malformed signature, in that order. `prepared` must be [`Prepared::new`] of `tx`.
pub fn signature_check(
    view: &impl LedgerView,
    tx: &Tx,
    prepared: &Prepared,
) -> Result<Option<SignatureCheck>, TxError> {
    let Some(message) = prepared.message? else {
        return Ok(None);
    };
    let header = tx.signed_header().expect("signed transactions have a header");
    let (public_key, _) = view.key_and_nonce(header.account).ok_or(TxError::UnknownAccount(header.account))?;
    let signature = prepared.signature.map_err(|_| TxError::InvalidSignature)?;
    Ok(Some(SignatureCheck { public_key, message, signature }))
}

/// Verifies one signature check on its own (`None` needs no signature).
pub fn verify_signature(check: Option<SignatureCheck>) -> Result<(), TxError> {
    if let Some(check) = check {
        check.public_key.verify(check.message, &check.signature).map_err(|_| TxError::InvalidSignature)?;
    }
    Ok(())
}

/// The expiry rule: a signed transaction may go into batch `batch` only if `batch ≤
/// valid_until` (the circuit checks it against the batch number that the commitment binds).
/// It depends on the batch, not on the state, so whoever places transactions into batches
/// (the sequencer, [`crate::batch::BatchBuilder`]) checks it, beside [`check_tx`].
pub fn check_expiry(tx: &Tx, batch: u64) -> Result<(), TxError> {
    match tx.signed_header() {
        Some(header) if u64::from(header.valid_until) < batch => {
            Err(TxError::Expired { valid_until: header.valid_until, batch })
        }
        _ => Ok(()),
    }
}

/// Checks every rule of `tx` against `view` (all but the signature, which the caller has
/// verified) and returns what it changes. The one implementation of the transition's rules:
/// [`State::apply_preverified`] and [`Ledger::apply_preverified`] both write its result.
pub fn check_tx(view: &impl LedgerView, tx: &Tx) -> Result<Effects, TxError> {
    let pubdata = PubdataOp::from_tx(tx, Some(0))?;
    Ok(match tx {
        Tx::Noop => Effects::new(Receipt::Noop, pubdata, Vec::new()),
        Tx::Deposit(deposit) => check_deposit(view, deposit, pubdata)?,
        Tx::Transfer(t) => check_transfer(view, t, pubdata)?.with_fee(t.token, t.fee),
        Tx::Withdraw(w) => check_withdraw(view, w, pubdata)?.with_fee(w.token, w.fee),
        Tx::Swap(s) => check_swap(view, s, pubdata)?,
        Tx::AddLiquidity(a) => check_add_liquidity(view, a, pubdata)?,
        Tx::RemoveLiquidity(r) => check_remove_liquidity(view, r, pubdata)?,
    })
}

fn signer_nonce(view: &impl LedgerView, account: AccountId, nonce: u32) -> Result<u32, TxError> {
    let (_, current) = view.key_and_nonce(account).ok_or(TxError::UnknownAccount(account))?;
    if nonce != current {
        return Err(TxError::BadNonce { expected: current, got: nonce });
    }
    current.checked_add(1).ok_or(TxError::NonceExhausted)
}

fn l1_token(view: &impl LedgerView, token: TokenId) -> Result<(), TxError> {
    if token >= LP_TOKEN_BASE {
        Err(TxError::NotL1Token(token))
    } else if !view.is_registered_l1_token(token) {
        Err(TxError::UnknownToken(token))
    } else {
        Ok(())
    }
}

fn existing_pool(view: &impl LedgerView, id: PoolId) -> Result<Pool, TxError> {
    view.pool_at(id).ok_or(TxError::UnknownPool(id))
}

fn check_transfer(view: &impl LedgerView, t: &Transfer, pubdata: PubdataOp) -> Result<Effects, TxError> {
    let next_nonce = signer_nonce(view, t.from, t.nonce)?;
    if view.key_and_nonce(t.to).is_none() {
        return Err(TxError::UnknownAccount(t.to));
    }
    if t.from == t.to {
        return Err(TxError::SelfTransfer);
    }
    if !view.is_existing_token(t.token) {
        return Err(TxError::UnknownToken(t.token));
    }
    positive(t.amount)?;
    let sender_after = checked_debit(t.token, view.balance_of(t.from, t.token), t.amount + t.fee)?;
    let recipient_after = checked_credit(view.balance_of(t.to, t.token), t.amount)?;
    Ok(Effects::new(
        Receipt::Transfer,
        pubdata,
        vec![
            change(t.from, vec![(t.token, sender_after)], Some(next_nonce)),
            change(t.to, vec![(t.token, recipient_after)], None),
        ],
    ))
}

fn check_withdraw(view: &impl LedgerView, w: &Withdraw, pubdata: PubdataOp) -> Result<Effects, TxError> {
    let next_nonce = signer_nonce(view, w.account, w.nonce)?;
    l1_token(view, w.token)?;
    positive(w.amount)?;
    let after = checked_debit(w.token, view.balance_of(w.account, w.token), w.amount + w.fee)?;
    let mut effects = Effects::new(
        Receipt::Withdraw { token: w.token, amount: w.amount, to: w.to },
        pubdata,
        vec![change(w.account, vec![(w.token, after)], Some(next_nonce))],
    );
    effects.supply = Some(SupplyChange::Remove(w.token, w.amount));
    Ok(effects)
}

fn check_swap(view: &impl LedgerView, s: &Swap, pubdata: PubdataOp) -> Result<Effects, TxError> {
    let next_nonce = signer_nonce(view, s.account, s.nonce)?;
    let pool = existing_pool(view, s.pool)?;
    positive(s.amount_in)?;
    if pool.lp_supply == 0 {
        return Err(TxError::EmptyPool(s.pool));
    }
    let (token_in, token_out, reserve_in, reserve_out) = if s.a_to_b {
        (pool.token_a, pool.token_b, pool.reserve_a, pool.reserve_b)
    } else {
        (pool.token_b, pool.token_a, pool.reserve_b, pool.reserve_a)
    };
    let amount_out = swap_output(s.amount_in, reserve_in, reserve_out, pool.fee_bps);
    positive(amount_out)?;
    at_least(amount_out, s.min_amount_out)?;
    let in_after = checked_debit(token_in, view.balance_of(s.account, token_in), s.amount_in + s.fee)?;
    let out_after = checked_credit(view.balance_of(s.account, token_out), amount_out)?;
    let new_reserve_in = checked_credit(reserve_in, s.amount_in)?;
    let new_reserve_out = reserve_out - amount_out;
    let mut after = pool;
    if s.a_to_b {
        (after.reserve_a, after.reserve_b) = (new_reserve_in, new_reserve_out);
    } else {
        (after.reserve_b, after.reserve_a) = (new_reserve_in, new_reserve_out);
    }
    Ok(Effects::new(
        Receipt::Swap { amount_out },
        pubdata,
        vec![change(s.account, vec![(token_in, in_after), (token_out, out_after)], Some(next_nonce))],
    )
    .with_pool(s.pool, after)
    .with_fee(token_in, s.fee))
}

fn check_add_liquidity(view: &impl LedgerView, a: &AddLiquidity, pubdata: PubdataOp) -> Result<Effects, TxError> {
    let next_nonce = signer_nonce(view, a.account, a.nonce)?;
    let pool = existing_pool(view, a.pool)?;
    let quote = quote_add_liquidity(&pool, a.amount_a, a.max_amount_b)?;
    let LiquidityQuote { amount_b, lp_minted, .. } = quote;
    at_least(lp_minted, a.min_lp)?;
    let lp_token = LP_TOKEN_BASE + a.pool;
    let after = Pool {
        reserve_a: checked_credit(pool.reserve_a, a.amount_a)?,
        reserve_b: checked_credit(pool.reserve_b, amount_b)?,
        lp_supply: checked_credit(pool.lp_supply, quote.supply_increase())?,
        ..pool
    };
    let balance_a = checked_debit(pool.token_a, view.balance_of(a.account, pool.token_a), a.amount_a + a.fee)?;
    let balance_b = checked_debit(pool.token_b, view.balance_of(a.account, pool.token_b), amount_b)?;
    let balance_lp = checked_credit(view.balance_of(a.account, lp_token), lp_minted)?;
    Ok(Effects::new(
        Receipt::AddLiquidity { amount_b, lp_minted },
        pubdata,
        vec![change(
            a.account,
            vec![(pool.token_a, balance_a), (pool.token_b, balance_b), (lp_token, balance_lp)],
            Some(next_nonce),
        )],
    )
    .with_pool(a.pool, after)
    .with_fee(pool.token_a, a.fee))
}

fn check_remove_liquidity(view: &impl LedgerView, r: &RemoveLiquidity, pubdata: PubdataOp) -> Result<Effects, TxError> {
    let next_nonce = signer_nonce(view, r.account, r.nonce)?;
    let pool = existing_pool(view, r.pool)?;
    positive(r.lp_amount)?;
    let lp_token = LP_TOKEN_BASE + r.pool;
    let balance_lp = checked_debit(lp_token, view.balance_of(r.account, lp_token), r.lp_amount)?;
    // The account's shares never exceed the supply, so lp_supply > 0 here.
    let (amount_a, amount_b) = remove_liquidity_amounts(&pool, r.lp_amount);
    at_least(amount_a, r.min_amount_a)?;
    at_least(amount_b, r.min_amount_b)?;
    let credited_a = checked_credit(view.balance_of(r.account, pool.token_a), amount_a)?;
    let balance_a = checked_debit(pool.token_a, credited_a, r.fee)?;
    let balance_b = checked_credit(view.balance_of(r.account, pool.token_b), amount_b)?;
    let after = Pool {
        reserve_a: pool.reserve_a - amount_a,
        reserve_b: pool.reserve_b - amount_b,
        lp_supply: pool.lp_supply - r.lp_amount,
        ..pool
    };
    Ok(Effects::new(
        Receipt::RemoveLiquidity { amount_a, amount_b },
        pubdata,
        vec![change(
            r.account,
            // The same order as add-liquidity (fee token, token_b, LP token): the circuit
            // updates a liquidity operation's three balances in this order.
            vec![(pool.token_a, balance_a), (pool.token_b, balance_b), (lp_token, balance_lp)],
            Some(next_nonce),
        )],
    )
    .with_pool(r.pool, after)
    .with_fee(pool.token_a, r.fee))
}

impl State {
    /// What must be verified for `tx` to be authorised (see [`signature_check`]). The
    /// sequencer batch-verifies these before [`State::apply_preverified`].
    pub fn signature_check(&self, tx: &Tx) -> Result<Option<SignatureCheck>, TxError> {
        signature_check(self, tx, &Prepared::new(tx, self.config().chain_id))
    }

    /// Verifies the signature, then applies `tx`.
    pub fn apply(&mut self, tx: &Tx) -> Result<AppliedTx, TxError> {
        verify_signature(self.signature_check(tx)?)?;
        self.apply_preverified(tx)
    }

    /// Applies `tx` whose signature the caller has already verified (for example with
    /// [`crate::babyjubjub::verify_batch`] over [`State::signature_check`]s).
    pub fn apply_preverified(&mut self, tx: &Tx) -> Result<AppliedTx, TxError> {
        let message = tx.signing_message(self.config().chain_id)?;
        self.apply_preverified_with_message(tx, message)
    }

    /// [`State::apply_preverified`] with `tx`'s signing message computed by the caller (it
    /// must be `tx.signing_message(chain_id)`; computing it costs a Poseidon hash).
    pub fn apply_preverified_with_message(&mut self, tx: &Tx, message: Option<Fr>) -> Result<AppliedTx, TxError> {
        let effects = check_tx(self, tx)?;
        Ok(self.write(tx, message, effects))
    }

    /// Writes checked effects into the trees, recording the witness. Cannot fail. (Tests
    /// also write unchecked effects through it, to build the witness of a dishonest prover.)
    pub(crate) fn write(&mut self, tx: &Tx, message: Option<Fr>, effects: Effects) -> AppliedTx {
        let roots_before = self.roots();
        match effects.supply {
            Some(SupplyChange::Add(token, amount)) => self.add_l2_supply(token, amount),
            Some(SupplyChange::Remove(token, amount)) => self.remove_l2_supply(token, amount),
            None => {}
        }
        let creation = effects.create.map(|(key, address)| self.create_account(key, address));
        let mut accounts: Vec<AccountUpdate> =
            effects.accounts.iter().map(|c| self.update_account(c.account, &c.balances, c.nonce)).collect();
        if let (Some(creation), Some(update)) = (creation, accounts.first_mut()) {
            // One witness entry for the leaf: empty before, funded after, same siblings.
            update.before = None;
            update.path = creation.path;
        }
        let pool = effects.pool.map(|(id, after)| self.update_pool(id, after));
        if let Some(charge) = effects.fee {
            self.add_pending_fee(charge.token, charge.amount);
        }
        let refund = match effects.pubdata {
            PubdataOp::DepositRefund { reason, .. } => Some(reason),
            _ => None,
        };
        let token = match tx {
            Tx::Deposit(deposit) => Some(self.token_proof(deposit.token)),
            _ => None,
        };
        let witness = TxWitness {
            tx: tx.clone(),
            message,
            roots_before,
            roots_after: self.roots(),
            accounts,
            pool,
            fee: effects.fee,
            token,
            refund,
        };
        AppliedTx { receipt: effects.receipt, pubdata: effects.pubdata, witness }
    }
}

/// What an accepted transaction did to the [`Ledger`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerApplied {
    /// What happened.
    pub receipt: Receipt,
    /// Its published bytes.
    pub pubdata: PubdataOp,
    /// The fee collected into the batch's fee ledger.
    pub fee: Option<FeeCharge>,
}

impl Ledger {
    /// What must be verified for `tx` to be authorised (see [`signature_check`]).
    pub fn signature_check(&self, tx: &Tx) -> Result<Option<SignatureCheck>, TxError> {
        signature_check(self, tx, &Prepared::new(tx, self.config().chain_id))
    }

    /// Whether `tx`, applied now, would charge its fee in a token that the open batch has not
    /// been charged in, when the batch already holds [`crate::batch::MAX_FEE_TOKENS`]: the
    /// batch must be sealed before it. (A transaction that would be rejected opens nothing.)
    pub fn needs_new_batch_for_fee(&self, tx: &Tx) -> bool {
        let pending = self.pending_fees();
        if crate::batch::fee_token_fits(false, pending.len()) {
            return false; // Any token fits: skip checking the transaction twice.
        }
        let fee = check_tx(self, tx).ok().and_then(|effects| effects.fee);
        crate::batch::charged_token(fee)
            .is_some_and(|token| !crate::batch::fee_token_fits(pending.contains_key(&token), pending.len()))
    }

    /// Verifies the signature, then applies `tx`.
    pub fn apply(&mut self, tx: &Tx) -> Result<LedgerApplied, TxError> {
        verify_signature(self.signature_check(tx)?)?;
        self.apply_preverified(tx)
    }

    /// Applies `tx`, whose signature the caller has verified, with every rule of
    /// [`State::apply_preverified`] but no Merkle tree: a transaction this accepts, the state
    /// accepts in the same order with the same balances.
    pub fn apply_preverified(&mut self, tx: &Tx) -> Result<LedgerApplied, TxError> {
        let effects = check_tx(self, tx)?;
        match effects.supply {
            Some(SupplyChange::Add(token, amount)) => self.add_l2_supply(token, amount),
            Some(SupplyChange::Remove(token, amount)) => self.remove_l2_supply(token, amount),
            None => {}
        }
        if let Some((key, address)) = effects.create {
            self.create_account(key, address);
        }
        for c in &effects.accounts {
            self.update_account(c.account, &c.balances, c.nonce);
        }
        if let Some((id, after)) = effects.pool {
            self.update_pool(id, after);
        }
        if let Some(charge) = effects.fee {
            self.add_pending_fee(charge.token, charge.amount);
        }
        Ok(LedgerApplied { receipt: effects.receipt, pubdata: effects.pubdata, fee: effects.fee })
    }
}

fn chain_path(
    mut root: Fr,
    steps: impl IntoIterator<Item = (crate::merkle::MerkleProof, Fr, Fr)>,
) -> Result<Fr, &'static str> {
    for (path, before, after) in steps {
        if path.root_for(before) != root {
            return Err("a Merkle path does not open to the running root");
        }
        root = path.root_for(after);
    }
    Ok(root)
}

impl AccountUpdate {
    /// The balance leaf changes `(before, after)`, in order, as field elements.
    pub fn balance_leaves(&self) -> Vec<(Fr, Fr)> {
        self.balances.iter().map(|b| (Fr::from(b.before), Fr::from(b.after))).collect()
    }

    /// Checks the balance paths inside the account and returns the account leaf hashes
    /// (before, after). The circuit makes exactly these checks.
    pub fn check_balance_paths(&self) -> Result<(Fr, Fr), &'static str> {
        self.check_balance_leaves(&self.balance_leaves())
    }

    /// [`AccountUpdate::check_balance_paths`] with the balance leaf changes given, one per
    /// balance update: a test's dishonest leaves may lie beyond the `u128`s of the updates.
    pub fn check_balance_leaves(&self, leaves: &[(Fr, Fr)]) -> Result<(Fr, Fr), &'static str> {
        if leaves.len() != self.balances.len() {
            return Err("one leaf change per balance update");
        }
        let start =
            self.before.map_or(crate::merkle::empty_hash(crate::state::BALANCE_DEPTH), |leaf| leaf.balance_root);
        let steps = self.balances.iter().zip(leaves).map(|(b, &(before, after))| (b.path.clone(), before, after));
        if chain_path(start, steps)? != self.after.balance_root {
            return Err("balance updates do not end at the new balance root");
        }
        Ok((self.before.map_or(Fr::from(0u64), |leaf| leaf.hash()), self.after.hash()))
    }
}

/// Checks that a sequence of account updates leads from one account root to another.
pub fn check_account_updates(updates: &[AccountUpdate], before: Fr, after: Fr) -> Result<(), &'static str> {
    let leaves: Vec<Vec<(Fr, Fr)>> = updates.iter().map(AccountUpdate::balance_leaves).collect();
    check_account_leaves(updates, &leaves, before, after)
}

/// [`check_account_updates`] with each update's balance leaf changes given.
fn check_account_leaves(
    updates: &[AccountUpdate],
    leaves: &[Vec<(Fr, Fr)>],
    before: Fr,
    after: Fr,
) -> Result<(), &'static str> {
    if leaves.len() != updates.len() {
        return Err("one list of leaf changes per account update");
    }
    let mut steps = Vec::with_capacity(updates.len());
    for (update, leaves) in updates.iter().zip(leaves) {
        let (leaf_before, leaf_after) = update.check_balance_leaves(leaves)?;
        steps.push((update.path.clone(), leaf_before, leaf_after));
    }
    if chain_path(before, steps)? != after {
        return Err("account updates do not end at the new account root");
    }
    Ok(())
}

impl TxWitness {
    /// Re-checks every Merkle path of the witness from the roots before to the roots after:
    /// the native model of the circuit's path constraints.
    pub fn check_paths(&self) -> Result<(), &'static str> {
        let leaves: Vec<Vec<(Fr, Fr)>> = self.accounts.iter().map(AccountUpdate::balance_leaves).collect();
        self.check_paths_with_leaves(&leaves)
    }

    /// [`TxWitness::check_paths`] with the balance leaf changes of each account update given
    /// (a test's dishonest leaves may lie beyond the `u128`s of the updates).
    pub fn check_paths_with_leaves(&self, leaves: &[Vec<(Fr, Fr)>]) -> Result<(), &'static str> {
        check_account_leaves(&self.accounts, leaves, self.roots_before.accounts, self.roots_after.accounts)?;
        let pool_steps = self.pool.iter().map(|p| (p.path.clone(), p.before.hash(), p.after.hash()));
        if chain_path(self.roots_before.pools, pool_steps)? != self.roots_after.pools {
            return Err("pool update does not end at the new pool root");
        }
        if self.roots_before.tokens != self.roots_after.tokens {
            return Err("transactions never change the token registry");
        }
        if self.token.as_ref().is_some_and(|t| t.path.root_for(t.leaf) != self.roots_before.tokens) {
            return Err("a deposit's token path does not open to the token root");
        }
        Ok(())
    }
}
