//! Flattens a sealed batch's native witness into the fixed shape of the circuit: every slot
//! has the same fields, and the parts a transaction type does not use hold dummy values that
//! the circuit ignores (their constraints are conditional on the type flags).

use ark_ff::AdditiveGroup;

use crate::amount::{AMOUNT_FORMAT, FEE_FORMAT};
use crate::babyjubjub::{Point, Scalar};
use crate::batch::{fee_credit_entries, fee_tokens, SealedBatch};
use crate::field::Fr;
use crate::merkle::{empty_hash, MerkleProof};
use crate::pubdata::RefundReason;
use crate::state::{
    AccountLeaf, AccountUpdate, BalanceUpdate, L1Address, Pool, BALANCE_DEPTH, POOL_DEPTH, TOKEN_DEPTH,
};
use crate::transition::{add_liquidity_amounts, remove_liquidity_amounts, swap_output, TxWitness};
use crate::tx::{Tx, TxType};

/// One balance leaf change. The leaves are field elements, as in the balance tree: an honest
/// witness holds balances below 2^112 (converted from the native `u128`), but a dishonest
/// prover may claim any field element (a balance wrapped below zero is `p - k`), and the
/// circuit's range checks are what must reject it.
#[derive(Clone, Debug)]
pub struct BalanceValues {
    /// Token (leaf index).
    pub token: u16,
    /// Balance leaf before.
    pub before: Fr,
    /// Balance leaf after.
    pub after: Fr,
    /// Siblings in the balance subtree.
    pub path: MerkleProof,
}

/// One account leaf change with up to three balance changes, in the native order: the
/// fee-paying token first, then a pool operation's other token, then a liquidity operation's
/// LP token.
#[derive(Clone, Debug)]
pub struct AccountValues {
    /// Account id.
    pub id: u32,
    /// True when the leaf was empty (a deposit creating the account).
    pub created: bool,
    /// Key (for a created account: the new key).
    pub public_key: Point,
    /// Owner address.
    pub l1_address: L1Address,
    /// Nonce before.
    pub nonce: u32,
    /// Balance root before (empty subtree root for a created account).
    pub balance_root: Fr,
    /// Siblings in the account tree.
    pub path: MerkleProof,
    /// The first balance change (the token that pays the fee).
    pub balance: BalanceValues,
    /// The second balance change (a pool operation's other token); dummy otherwise.
    pub balance2: BalanceValues,
    /// The third balance change (a liquidity operation's LP token); dummy otherwise.
    pub balance3: BalanceValues,
}

/// One pool leaf change.
#[derive(Clone, Debug)]
pub struct PoolValues {
    /// Pool id.
    pub id: u16,
    /// Leaf before.
    pub before: Pool,
    /// Leaf after.
    pub after: Pool,
    /// Siblings in the pool tree.
    pub path: MerkleProof,
}

/// Everything one slot's constraints read.
#[derive(Clone, Debug)]
pub struct SlotValues {
    /// Transaction type.
    pub tx_type: TxType,
    /// Signer / credited account.
    pub account_a: AccountValues,
    /// Transfer recipient.
    pub account_b: AccountValues,
    /// Token.
    pub token: u16,
    /// The exact amount that moves the first balance: deposited, transferred, withdrawn,
    /// sold to a pool, added as `token_a`, or (liquidity removal) paid out in `token_a`.
    pub amount: u128,
    /// Amount float code (transfers, swaps, added liquidity).
    pub amount_code: u64,
    /// The amount that moves the second balance: a swap's output, the `token_b` paid in by an
    /// added liquidity, or paid out by a removal.
    pub amount_b: u128,
    /// LP shares minted (added liquidity) or burned (removed liquidity).
    pub lp_amount: u128,
    /// Float code of an added liquidity's `token_b` bound.
    pub max_amount_b_code: u64,
    /// Fee float code.
    pub fee_code: u64,
    /// Withdrawal recipient or depositor on L1.
    pub l1_address: L1Address,
    /// A credited deposit's key.
    pub deposit_key: Point,
    /// A deposit's key bytes as L1 named them (the refunded key of a DepositRefund).
    pub refund_key: [u8; 32],
    /// Why a deposit was refunded (a DepositRefund slot).
    pub refund: Option<RefundReason>,
    /// A deposit's token registry leaf (0: unregistered).
    pub token_leaf: Fr,
    /// Its siblings in the token registry.
    pub token_path: MerkleProof,
    /// The pool a swap trades with (dummy otherwise).
    pub pool: PoolValues,
    /// Swap direction (liquidity operations: always `true`, `token_a` moves the first balance).
    pub a_to_b: bool,
    /// Slippage bound on `amount_b` (swaps, removed liquidity).
    pub min_amount_b: u128,
    /// Slippage bound on `amount` (removed liquidity).
    pub min_amount_a: u128,
    /// Slippage bound on the LP shares minted (added liquidity).
    pub min_lp: u128,
    /// Signature nonce point.
    pub r8: Point,
    /// Signature scalar.
    pub s: Scalar,
    /// The last batch the signer allowed (signed types).
    pub valid_until: u32,
}

/// The fee account's end-of-batch update: one balance change per fee token.
#[derive(Clone, Debug)]
pub struct FeeCreditValues {
    /// The fee account's leaf before the credit.
    pub leaf: AccountLeaf,
    /// Its siblings.
    pub path: MerkleProof,
    /// One balance change per entry ([`crate::batch::fee_credit_entries`]).
    pub balances: Vec<BalanceValues>,
    /// Entries that credit a fee token the batch charged (the first ones); the rest are
    /// zero-credit padding that no slot's fee may go to.
    pub used: Vec<bool>,
}

/// The whole batch, flattened.
#[derive(Clone, Debug)]
pub struct BatchValues {
    /// Batch number.
    pub number: u64,
    /// Account root before.
    pub account_root: Fr,
    /// Account count before.
    pub account_count: u32,
    /// Pool root before.
    pub pool_root: Fr,
    /// Token registry root (never changed by transactions).
    pub token_root: Fr,
    /// Slots.
    pub slots: Vec<SlotValues>,
    /// Fee credit.
    pub fee_credit: FeeCreditValues,
}

/// Why a batch cannot be given to this circuit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WitnessError {
    /// The batch's shape does not fit the circuit's parameters.
    #[error("batch shape: {0}")]
    Shape(String),
}

fn dummy_path(depth: u32) -> MerkleProof {
    MerkleProof { index: 0, siblings: vec![Fr::ZERO; depth as usize] }
}

fn dummy_balance() -> BalanceValues {
    BalanceValues { token: 0, before: Fr::ZERO, after: Fr::ZERO, path: dummy_path(BALANCE_DEPTH) }
}

fn dummy_account(account_depth: u32) -> AccountValues {
    AccountValues {
        id: 0,
        created: false,
        public_key: Point::base8(),
        l1_address: L1Address::default(),
        nonce: 0,
        balance_root: Fr::ZERO,
        path: dummy_path(account_depth),
        balance: dummy_balance(),
        balance2: dummy_balance(),
        balance3: dummy_balance(),
    }
}

fn balance_values(update: &BalanceUpdate) -> BalanceValues {
    BalanceValues {
        token: update.token,
        before: Fr::from(update.before),
        after: Fr::from(update.after),
        path: update.path.clone(),
    }
}

fn account_values(update: &AccountUpdate) -> Result<AccountValues, WitnessError> {
    let (balance, balance2, balance3) = match update.balances.as_slice() {
        [first] => (first, None, None),
        [first, second] => (first, Some(second), None),
        [first, second, third] => (first, Some(second), Some(third)),
        _ => {
            return Err(WitnessError::Shape(format!(
                "account {} changes {} balances",
                update.account,
                update.balances.len()
            )))
        }
    };
    let before =
        update.before.unwrap_or(AccountLeaf { nonce: 0, balance_root: empty_hash(BALANCE_DEPTH), ..update.after });
    Ok(AccountValues {
        id: update.account,
        created: update.before.is_none(),
        public_key: before.public_key.point(),
        l1_address: before.l1_address,
        nonce: before.nonce,
        balance_root: before.balance_root,
        path: update.path.clone(),
        balance: balance_values(balance),
        balance2: balance2.map_or_else(dummy_balance, balance_values),
        balance3: balance3.map_or_else(dummy_balance, balance_values),
    })
}

/// Fills a pool operation's account, pool and fee token; returns the pool before.
fn pool_values(slot: &mut SlotValues, witness: &TxWitness, index: usize) -> Result<Pool, WitnessError> {
    let [account] = witness.accounts.as_slice() else {
        return Err(WitnessError::Shape(format!("slot {index}: a pool operation updates one account")));
    };
    slot.account_a = account_values(account)?;
    let pool = witness.pool.as_ref().ok_or_else(|| WitnessError::Shape(format!("slot {index}: no pool update")))?;
    slot.pool = PoolValues { id: pool.pool, before: pool.before, after: pool.after, path: pool.path.clone() };
    slot.token = slot.account_a.balance.token;
    Ok(pool.before)
}

impl SlotValues {
    /// Flattens one slot's native witness (slot `index` of its batch, for error messages).
    pub fn from_witness(witness: &TxWitness, index: usize, account_depth: u32) -> Result<Self, WitnessError> {
        let mut slot = SlotValues::blank(account_depth);
        slot.tx_type = witness.tx.tx_type();
        let signature = match &witness.tx {
            Tx::Noop => None,
            Tx::Deposit(d) => {
                slot.token = d.token;
                slot.amount = d.amount;
                slot.l1_address = d.l1_address;
                slot.refund_key = d.public_key.0;
                let token = witness
                    .token
                    .as_ref()
                    .ok_or_else(|| WitnessError::Shape(format!("slot {index}: a deposit without its token proof")))?;
                (slot.token_leaf, slot.token_path) = (token.leaf, token.path.clone());
                match witness.refund {
                    Some(reason) => {
                        slot.tx_type = TxType::DepositRefund;
                        slot.refund = Some(reason);
                        // No balance moves, but the slot's first balance is always of its token.
                        slot.account_a.balance.token = d.token;
                    }
                    None => {
                        slot.account_a = account_values(&witness.accounts[0])?;
                        slot.deposit_key = d.public_key.unpack().expect("credited keys unpack").point();
                    }
                }
                None
            }
            Tx::Transfer(t) => {
                slot.account_a = account_values(&witness.accounts[0])?;
                slot.account_b = account_values(&witness.accounts[1])?;
                slot.token = t.token;
                slot.amount = t.amount;
                slot.amount_code = AMOUNT_FORMAT.encode(t.amount).expect("accepted amounts pack");
                slot.fee_code = FEE_FORMAT.encode(t.fee).expect("accepted fees pack");
                Some(t.signature)
            }
            Tx::Withdraw(w) => {
                slot.account_a = account_values(&witness.accounts[0])?;
                slot.token = w.token;
                slot.amount = w.amount;
                slot.fee_code = FEE_FORMAT.encode(w.fee).expect("accepted fees pack");
                slot.l1_address = w.to;
                Some(w.signature)
            }
            Tx::Swap(t) => {
                let pool = pool_values(&mut slot, witness, index)?;
                let (reserve_in, reserve_out) =
                    if t.a_to_b { (pool.reserve_a, pool.reserve_b) } else { (pool.reserve_b, pool.reserve_a) };
                slot.amount = t.amount_in;
                slot.amount_code = AMOUNT_FORMAT.encode(t.amount_in).expect("accepted amounts pack");
                slot.amount_b = swap_output(t.amount_in, reserve_in, reserve_out, pool.fee_bps);
                slot.fee_code = FEE_FORMAT.encode(t.fee).expect("accepted fees pack");
                slot.a_to_b = t.a_to_b;
                slot.min_amount_b = t.min_amount_out;
                Some(t.signature)
            }
            Tx::AddLiquidity(t) => {
                let pool = pool_values(&mut slot, witness, index)?;
                (slot.amount_b, slot.lp_amount) = add_liquidity_amounts(&pool, t.amount_a, t.max_amount_b);
                slot.amount = t.amount_a;
                slot.amount_code = AMOUNT_FORMAT.encode(t.amount_a).expect("accepted amounts pack");
                slot.max_amount_b_code = AMOUNT_FORMAT.encode(t.max_amount_b).expect("accepted amounts pack");
                slot.fee_code = FEE_FORMAT.encode(t.fee).expect("accepted fees pack");
                slot.a_to_b = true;
                slot.min_lp = t.min_lp;
                Some(t.signature)
            }
            Tx::RemoveLiquidity(t) => {
                let pool = pool_values(&mut slot, witness, index)?;
                (slot.amount, slot.amount_b) = remove_liquidity_amounts(&pool, t.lp_amount);
                slot.lp_amount = t.lp_amount;
                slot.fee_code = FEE_FORMAT.encode(t.fee).expect("accepted fees pack");
                slot.a_to_b = true;
                slot.min_amount_a = t.min_amount_a;
                slot.min_amount_b = t.min_amount_b;
                Some(t.signature)
            }
        };
        if let Some(header) = witness.tx.signed_header() {
            slot.valid_until = header.valid_until;
        }
        if let Some(bytes) = signature {
            let signature = bytes.decode().expect("accepted signatures decode");
            slot.r8 = signature.r8();
            slot.s = signature.s();
        }
        Ok(slot)
    }
}

impl SlotValues {
    /// A Noop slot with fixed dummy values: the witness of key generation, and in a transfer
    /// slot the constant value of every field that only other types use.
    pub fn blank(account_depth: u32) -> Self {
        SlotValues {
            tx_type: TxType::Noop,
            account_a: dummy_account(account_depth),
            account_b: dummy_account(account_depth),
            token: 0,
            amount: 0,
            amount_code: 0,
            amount_b: 0,
            lp_amount: 0,
            max_amount_b_code: 0,
            fee_code: 0,
            l1_address: L1Address::default(),
            deposit_key: Point::base8(),
            refund_key: [0; 32],
            refund: None,
            token_leaf: Fr::ZERO,
            token_path: dummy_path(TOKEN_DEPTH),
            pool: PoolValues {
                id: 0,
                before: Pool { token_a: 0, token_b: 0, fee_bps: 0, reserve_a: 0, reserve_b: 0, lp_supply: 0 },
                after: Pool { token_a: 0, token_b: 0, fee_bps: 0, reserve_a: 0, reserve_b: 0, lp_supply: 0 },
                path: dummy_path(POOL_DEPTH),
            },
            a_to_b: false,
            min_amount_b: 0,
            min_amount_a: 0,
            min_lp: 0,
            r8: Point::base8(),
            s: Scalar::ZERO,
            valid_until: 0,
        }
    }
}

impl BatchValues {
    /// A batch of Noops on an empty state, for key generation (the shape is what matters).
    pub fn blank(slots: usize, account_depth: u32) -> Self {
        let noop = SlotValues::blank(account_depth);
        let leaf = AccountLeaf {
            public_key: crate::babyjubjub::PublicKey::from_point(Point::base8()).expect("Base8 is a valid key"),
            l1_address: L1Address::default(),
            nonce: 0,
            balance_root: empty_hash(BALANCE_DEPTH),
        };
        BatchValues {
            number: 0,
            account_root: Fr::ZERO,
            account_count: 0,
            pool_root: Fr::ZERO,
            token_root: Fr::ZERO,
            slots: vec![noop; slots],
            fee_credit: FeeCreditValues {
                leaf,
                path: dummy_path(account_depth),
                balances: vec![dummy_balance(); fee_credit_entries(slots)],
                used: vec![false; fee_credit_entries(slots)],
            },
        }
    }

    /// Flattens a sealed batch.
    pub fn from_sealed(batch: &SealedBatch, account_depth: u32) -> Result<Self, WitnessError> {
        let slots = batch
            .slots
            .iter()
            .enumerate()
            .map(|(index, witness)| SlotValues::from_witness(witness, index, account_depth))
            .collect::<Result<Vec<_>, _>>()?;
        let credit = &batch.fee_credit;
        let fee_tokens = fee_tokens(&batch.slots);
        let entries = fee_credit_entries(slots.len());
        if credit.balances.len() != entries || fee_tokens.len() > entries {
            return Err(WitnessError::Shape(format!(
                "{} fee credits for {} fee tokens, the circuit has {entries}",
                credit.balances.len(),
                fee_tokens.len()
            )));
        }
        let fee_credit = FeeCreditValues {
            leaf: credit.before.ok_or_else(|| WitnessError::Shape("the fee account exists".into()))?,
            path: credit.path.clone(),
            balances: credit.balances.iter().map(balance_values).collect(),
            used: (0..entries).map(|entry| entry < fee_tokens.len()).collect(),
        };
        Ok(BatchValues {
            number: batch.number,
            account_root: batch.roots_before.accounts,
            account_count: batch.roots_before.account_count,
            pool_root: batch.roots_before.pools,
            token_root: batch.roots_before.tokens,
            slots,
            fee_credit,
        })
    }
}
