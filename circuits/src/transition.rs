//! The native state transition: apply one transaction to the state, getting either a receipt
//! with the circuit's witness, or a typed error with the state untouched.
//!
//! Every rule here is a rule the batch circuit enforces; docs/protocol.md states them in prose.
//! Each `apply_*` first computes every new value and checks every rule, and only then writes,
//! through mutation primitives that cannot fail, so a rejected transaction changes nothing.

use num_bigint::BigUint;
use serde::{Deserialize, Serialize};

use crate::amount::{AmountError, MAX_BALANCE};
use crate::babyjubjub::{PublicKey, Signature};
use crate::field::Fr;
use crate::pubdata::PubdataOp;
use crate::state::{
    AccountId, AccountUpdate, L1Address, Pool, PoolId, PoolUpdate, State, StateRoots, TokenId, BPS_DENOMINATOR,
    LP_TOKEN_BASE,
};
use crate::tx::{AddLiquidity, Deposit, RemoveLiquidity, Swap, Transfer, Tx, Withdraw};

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
    /// LP shares live only on L2.
    #[error("token {0} cannot be deposited or withdrawn on L1")]
    NotL1Token(TokenId),
    /// The pool has no liquidity to swap against.
    #[error("pool {0} has no liquidity")]
    EmptyPool(PoolId),
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
            TxError::NotL1Token(_) => "not_l1_token",
            TxError::EmptyPool(_) => "empty_pool",
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
        /// Shares minted.
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

/// `floor(a * b / c)` or `ceil(a * b / c)` without overflow (`c > 0`).
fn mul_div(a: u128, b: u128, c: u128, round_up: bool) -> u128 {
    let product = BigUint::from(a) * BigUint::from(b);
    let divisor = BigUint::from(c);
    let mut quotient = &product / &divisor;
    if round_up && (&quotient * &divisor) != product {
        quotient += 1u32;
    }
    u128::try_from(quotient).unwrap_or(u128::MAX)
}

/// `floor(sqrt(a * b))`.
fn sqrt_product(a: u128, b: u128) -> u128 {
    u128::try_from((BigUint::from(a) * BigUint::from(b)).sqrt()).expect("sqrt of a 224-bit value fits")
}

/// Output of selling `amount_in` into reserves `(reserve_in, reserve_out)` with an LP fee of
/// `fee_bps`: `floor(in·(10⁴−fee)·r_out / (r_in·10⁴ + in·(10⁴−fee)))`, rounded down so the
/// pool's `k` never decreases.
pub fn swap_output(amount_in: u128, reserve_in: u128, reserve_out: u128, fee_bps: u16) -> u128 {
    let in_after_fee = amount_in * (BPS_DENOMINATOR - u128::from(fee_bps));
    mul_div(in_after_fee, reserve_out, reserve_in * BPS_DENOMINATOR + in_after_fee, false)
}

/// `(amount_b, lp_minted)` of adding `amount_a` of `token_a`: the first provider sets the
/// price (`amount_b = max_amount_b`, shares `⌊√(a·b)⌋`); later ones pay `⌈a·r_b/r_a⌉` of
/// `token_b` and get `⌊a·supply/r_a⌋` shares (both rounded in the pool's favour).
pub fn add_liquidity_amounts(pool: &Pool, amount_a: u128, max_amount_b: u128) -> (u128, u128) {
    if pool.lp_supply == 0 {
        (max_amount_b, sqrt_product(amount_a, max_amount_b))
    } else {
        (
            mul_div(amount_a, pool.reserve_b, pool.reserve_a, true),
            mul_div(amount_a, pool.lp_supply, pool.reserve_a, false),
        )
    }
}

/// `(amount_a, amount_b)` paid out for burning `lp_amount` shares: `⌊lp·r/supply⌋` of each
/// reserve (`lp_supply > 0`).
pub fn remove_liquidity_amounts(pool: &Pool, lp_amount: u128) -> (u128, u128) {
    (
        mul_div(lp_amount, pool.reserve_a, pool.lp_supply, false),
        mul_div(lp_amount, pool.reserve_b, pool.lp_supply, false),
    )
}

fn checked_credit(balance: u128, amount: u128) -> Result<u128, TxError> {
    balance.checked_add(amount).filter(|v| *v <= MAX_BALANCE).ok_or(TxError::Overflow)
}

fn checked_debit(token: TokenId, balance: u128, needed: u128) -> Result<u128, TxError> {
    balance.checked_sub(needed).ok_or(TxError::InsufficientBalance { token, needed, available: balance })
}

fn positive(amount: u128) -> Result<(), TxError> {
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

impl State {
    /// What must be verified for `tx` to be authorised: `Ok(None)` for Noop and Deposit (L1
    /// authorises deposits). Errors for an unknown signer, a malformed signature or an amount
    /// without a code. The sequencer batch-verifies these before [`State::apply_preverified`].
    pub fn signature_check(&self, tx: &Tx) -> Result<Option<SignatureCheck>, TxError> {
        let Some(message) = tx.signing_message(self.config().chain_id)? else {
            return Ok(None);
        };
        let header = tx.signed_header().expect("signed transactions have a header");
        let account = self.account(header.account).ok_or(TxError::UnknownAccount(header.account))?;
        let signature = header.signature.decode().map_err(|_| TxError::InvalidSignature)?;
        Ok(Some(SignatureCheck { public_key: *account.public_key(), message, signature }))
    }

    /// Verifies the signature, then applies `tx`.
    pub fn apply(&mut self, tx: &Tx) -> Result<AppliedTx, TxError> {
        if let Some(check) = self.signature_check(tx)? {
            check.public_key.verify(check.message, &check.signature).map_err(|_| TxError::InvalidSignature)?;
        }
        self.apply_preverified(tx)
    }

    /// Applies `tx` whose signature the caller has already verified (for example with
    /// [`crate::babyjubjub::verify_batch`] over [`State::signature_check`]s).
    pub fn apply_preverified(&mut self, tx: &Tx) -> Result<AppliedTx, TxError> {
        let message = tx.signing_message(self.config().chain_id)?;
        let mut pubdata = PubdataOp::from_tx(tx, Some(0))?;
        let roots_before = self.roots();
        let mut pool = None;
        let mut fee = None;
        let (receipt, accounts) = match tx {
            Tx::Noop => (Receipt::Noop, Vec::new()),
            Tx::Deposit(deposit) => {
                let (receipt, update) = self.apply_deposit(deposit)?;
                if let (PubdataOp::Deposit { account, .. }, Receipt::Deposit { account: credited, .. }) =
                    (&mut pubdata, &receipt)
                {
                    *account = *credited;
                }
                (receipt, vec![update])
            }
            Tx::Transfer(transfer) => {
                fee = Some((transfer.token, transfer.fee));
                (Receipt::Transfer, self.apply_transfer(transfer)?)
            }
            Tx::Withdraw(withdraw) => {
                fee = Some((withdraw.token, withdraw.fee));
                (
                    Receipt::Withdraw { token: withdraw.token, amount: withdraw.amount, to: withdraw.to },
                    vec![self.apply_withdraw(withdraw)?],
                )
            }
            Tx::Swap(swap) => {
                let (receipt, update, pool_update, fee_token) = self.apply_swap(swap)?;
                pool = Some(pool_update);
                fee = Some((fee_token, swap.fee));
                (receipt, vec![update])
            }
            Tx::AddLiquidity(add) => {
                let (receipt, update, pool_update) = self.apply_add_liquidity(add)?;
                fee = Some((pool_update.before.token_a, add.fee));
                pool = Some(pool_update);
                (receipt, vec![update])
            }
            Tx::RemoveLiquidity(remove) => {
                let (receipt, update, pool_update) = self.apply_remove_liquidity(remove)?;
                fee = Some((pool_update.before.token_a, remove.fee));
                pool = Some(pool_update);
                (receipt, vec![update])
            }
        };
        let fee = fee.map(|(token, amount)| FeeCharge { token, amount });
        if let Some(charge) = fee {
            self.add_pending_fee(charge.token, charge.amount);
        }
        let witness =
            TxWitness { tx: tx.clone(), message, roots_before, roots_after: self.roots(), accounts, pool, fee };
        Ok(AppliedTx { receipt, pubdata, witness })
    }

    fn signer_nonce(&self, account: AccountId, nonce: u32) -> Result<u32, TxError> {
        let current = self.account(account).ok_or(TxError::UnknownAccount(account))?.nonce();
        if nonce != current {
            return Err(TxError::BadNonce { expected: current, got: nonce });
        }
        current.checked_add(1).ok_or(TxError::NonceExhausted)
    }

    fn balance(&self, account: AccountId, token: TokenId) -> u128 {
        self.account(account).map_or(0, |a| a.balance(token))
    }

    fn l1_token(&self, token: TokenId) -> Result<(), TxError> {
        if token >= LP_TOKEN_BASE {
            Err(TxError::NotL1Token(token))
        } else if self.token(token).is_none() {
            Err(TxError::UnknownToken(token))
        } else {
            Ok(())
        }
    }

    fn existing_pool(&self, id: PoolId) -> Result<Pool, TxError> {
        self.pool(id).copied().ok_or(TxError::UnknownPool(id))
    }

    fn apply_deposit(&mut self, deposit: &Deposit) -> Result<(Receipt, AccountUpdate), TxError> {
        self.l1_token(deposit.token)?;
        positive(deposit.amount)?;
        checked_credit(self.l2_supply(deposit.token), deposit.amount)?;
        let existing = self.account_by_key(&deposit.public_key);
        if existing.is_none() && self.next_account_id().is_none() {
            return Err(TxError::AccountTreeFull);
        }
        // Writes start here; nothing below can fail.
        self.add_l2_supply(deposit.token, deposit.amount);
        let (id, creation) = match existing {
            Some(id) => (id, None),
            None => {
                let creation = self.create_account(deposit.public_key, deposit.l1_address);
                (creation.account, Some(creation))
            }
        };
        let new_balance = self.balance(id, deposit.token) + deposit.amount;
        let mut update = self.update_account(id, &[(deposit.token, new_balance)], None);
        if let Some(creation) = creation {
            // One witness entry for the leaf: empty before, funded after, same siblings.
            update.before = None;
            update.path = creation.path;
        }
        Ok((Receipt::Deposit { account: id, created: existing.is_none() }, update))
    }

    fn apply_transfer(&mut self, t: &Transfer) -> Result<Vec<AccountUpdate>, TxError> {
        let next_nonce = self.signer_nonce(t.from, t.nonce)?;
        if self.account(t.to).is_none() {
            return Err(TxError::UnknownAccount(t.to));
        }
        if t.from == t.to {
            return Err(TxError::SelfTransfer);
        }
        if !self.token_exists(t.token) {
            return Err(TxError::UnknownToken(t.token));
        }
        positive(t.amount)?;
        let sender_after = checked_debit(t.token, self.balance(t.from, t.token), t.amount + t.fee)?;
        let recipient_after = checked_credit(self.balance(t.to, t.token), t.amount)?;
        Ok(vec![
            self.update_account(t.from, &[(t.token, sender_after)], Some(next_nonce)),
            self.update_account(t.to, &[(t.token, recipient_after)], None),
        ])
    }

    fn apply_withdraw(&mut self, w: &Withdraw) -> Result<AccountUpdate, TxError> {
        let next_nonce = self.signer_nonce(w.account, w.nonce)?;
        self.l1_token(w.token)?;
        positive(w.amount)?;
        let after = checked_debit(w.token, self.balance(w.account, w.token), w.amount + w.fee)?;
        self.remove_l2_supply(w.token, w.amount);
        Ok(self.update_account(w.account, &[(w.token, after)], Some(next_nonce)))
    }

    fn apply_swap(&mut self, s: &Swap) -> Result<(Receipt, AccountUpdate, PoolUpdate, TokenId), TxError> {
        let next_nonce = self.signer_nonce(s.account, s.nonce)?;
        let pool = self.existing_pool(s.pool)?;
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
        let in_after = checked_debit(token_in, self.balance(s.account, token_in), s.amount_in + s.fee)?;
        let out_after = checked_credit(self.balance(s.account, token_out), amount_out)?;
        let new_reserve_in = checked_credit(reserve_in, s.amount_in)?;
        let new_reserve_out = reserve_out - amount_out;
        let mut after = pool;
        if s.a_to_b {
            (after.reserve_a, after.reserve_b) = (new_reserve_in, new_reserve_out);
        } else {
            (after.reserve_b, after.reserve_a) = (new_reserve_in, new_reserve_out);
        }
        let update = self.update_account(s.account, &[(token_in, in_after), (token_out, out_after)], Some(next_nonce));
        let pool_update = self.update_pool(s.pool, after);
        Ok((Receipt::Swap { amount_out }, update, pool_update, token_in))
    }

    fn apply_add_liquidity(&mut self, a: &AddLiquidity) -> Result<(Receipt, AccountUpdate, PoolUpdate), TxError> {
        let next_nonce = self.signer_nonce(a.account, a.nonce)?;
        let pool = self.existing_pool(a.pool)?;
        positive(a.amount_a)?;
        positive(a.max_amount_b)?;
        let (amount_b, lp_minted) = add_liquidity_amounts(&pool, a.amount_a, a.max_amount_b);
        if amount_b > a.max_amount_b {
            return Err(TxError::SlippageExceeded { actual: amount_b, bound: a.max_amount_b });
        }
        positive(lp_minted)?;
        at_least(lp_minted, a.min_lp)?;
        let lp_token = LP_TOKEN_BASE + a.pool;
        let after = Pool {
            reserve_a: checked_credit(pool.reserve_a, a.amount_a)?,
            reserve_b: checked_credit(pool.reserve_b, amount_b)?,
            lp_supply: checked_credit(pool.lp_supply, lp_minted)?,
            ..pool
        };
        let balance_a = checked_debit(pool.token_a, self.balance(a.account, pool.token_a), a.amount_a + a.fee)?;
        let balance_b = checked_debit(pool.token_b, self.balance(a.account, pool.token_b), amount_b)?;
        let balance_lp = checked_credit(self.balance(a.account, lp_token), lp_minted)?;
        let update = self.update_account(
            a.account,
            &[(pool.token_a, balance_a), (pool.token_b, balance_b), (lp_token, balance_lp)],
            Some(next_nonce),
        );
        let pool_update = self.update_pool(a.pool, after);
        Ok((Receipt::AddLiquidity { amount_b, lp_minted }, update, pool_update))
    }

    fn apply_remove_liquidity(&mut self, r: &RemoveLiquidity) -> Result<(Receipt, AccountUpdate, PoolUpdate), TxError> {
        let next_nonce = self.signer_nonce(r.account, r.nonce)?;
        let pool = self.existing_pool(r.pool)?;
        positive(r.lp_amount)?;
        let lp_token = LP_TOKEN_BASE + r.pool;
        let balance_lp = checked_debit(lp_token, self.balance(r.account, lp_token), r.lp_amount)?;
        // The account's shares never exceed the supply, so lp_supply > 0 here.
        let (amount_a, amount_b) = remove_liquidity_amounts(&pool, r.lp_amount);
        at_least(amount_a, r.min_amount_a)?;
        at_least(amount_b, r.min_amount_b)?;
        let credited_a = checked_credit(self.balance(r.account, pool.token_a), amount_a)?;
        let balance_a = checked_debit(pool.token_a, credited_a, r.fee)?;
        let balance_b = checked_credit(self.balance(r.account, pool.token_b), amount_b)?;
        let after = Pool {
            reserve_a: pool.reserve_a - amount_a,
            reserve_b: pool.reserve_b - amount_b,
            lp_supply: pool.lp_supply - r.lp_amount,
            ..pool
        };
        let update = self.update_account(
            r.account,
            // The same order as add-liquidity (fee token, token_b, LP token): the circuit
            // updates a liquidity operation's three balances in this order.
            &[(pool.token_a, balance_a), (pool.token_b, balance_b), (lp_token, balance_lp)],
            Some(next_nonce),
        );
        let pool_update = self.update_pool(r.pool, after);
        Ok((Receipt::RemoveLiquidity { amount_a, amount_b }, update, pool_update))
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
    /// Checks the balance paths inside the account and returns the account leaf hashes
    /// (before, after). The circuit makes exactly these checks.
    pub fn check_balance_paths(&self) -> Result<(Fr, Fr), &'static str> {
        let start =
            self.before.map_or(crate::merkle::empty_hash(crate::state::BALANCE_DEPTH), |leaf| leaf.balance_root);
        let steps = self.balances.iter().map(|b| (b.path.clone(), Fr::from(b.before), Fr::from(b.after)));
        if chain_path(start, steps)? != self.after.balance_root {
            return Err("balance updates do not end at the new balance root");
        }
        Ok((self.before.map_or(Fr::from(0u64), |leaf| leaf.hash()), self.after.hash()))
    }
}

/// Checks that a sequence of account updates leads from one account root to another.
pub fn check_account_updates(updates: &[AccountUpdate], before: Fr, after: Fr) -> Result<(), &'static str> {
    let mut steps = Vec::with_capacity(updates.len());
    for update in updates {
        let (leaf_before, leaf_after) = update.check_balance_paths()?;
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
        check_account_updates(&self.accounts, self.roots_before.accounts, self.roots_after.accounts)?;
        let pool_steps = self.pool.iter().map(|p| (p.path.clone(), p.before.hash(), p.after.hash()));
        if chain_path(self.roots_before.pools, pool_steps)? != self.roots_after.pools {
            return Err("pool update does not end at the new pool root");
        }
        if self.roots_before.tokens != self.roots_after.tokens {
            return Err("transactions never change the token registry");
        }
        Ok(())
    }
}
