//! Flattens a sealed batch's native witness into the fixed shape of the circuit: every slot
//! has the same fields, and the parts a transaction type does not use hold dummy values that
//! the circuit ignores (their constraints are conditional on the type flags).

use ark_ff::AdditiveGroup;

use crate::amount::{AMOUNT_FORMAT, FEE_FORMAT};
use crate::babyjubjub::{Point, Scalar};
use crate::batch::SealedBatch;
use crate::field::Fr;
use crate::merkle::{empty_hash, MerkleProof};
use crate::state::{AccountLeaf, AccountUpdate, L1Address, Pool, BALANCE_DEPTH, POOL_DEPTH};
use crate::tx::{Tx, TxType};

/// One balance leaf change.
#[derive(Clone, Debug)]
pub struct BalanceValues {
    /// Token (leaf index).
    pub token: u16,
    /// Balance before.
    pub before: u128,
    /// Balance after.
    pub after: u128,
    /// Siblings in the balance subtree.
    pub path: MerkleProof,
}

/// One account leaf change with up to two balance changes (a swap touches two tokens).
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
    /// The first balance change.
    pub balance: BalanceValues,
    /// The second balance change (a swap's output token); dummy otherwise.
    pub balance2: BalanceValues,
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
    /// Exact amount.
    pub amount: u128,
    /// Amount float code (transfers).
    pub amount_code: u64,
    /// Fee float code.
    pub fee_code: u64,
    /// Withdrawal recipient or depositor on L1.
    pub l1_address: L1Address,
    /// Deposit key.
    pub deposit_key: Point,
    /// The pool a swap trades with (dummy otherwise).
    pub pool: PoolValues,
    /// Swap direction.
    pub a_to_b: bool,
    /// Swap slippage bound.
    pub min_amount_out: u128,
    /// Signature nonce point.
    pub r8: Point,
    /// Signature scalar.
    pub s: Scalar,
}

/// The fee account's end-of-batch update: one balance change per slot.
#[derive(Clone, Debug)]
pub struct FeeCreditValues {
    /// The fee account's leaf before the credit.
    pub leaf: AccountLeaf,
    /// Its siblings.
    pub path: MerkleProof,
    /// One balance change per slot.
    pub balances: Vec<BalanceValues>,
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
    /// The batch holds a transaction type the circuit does not prove yet.
    #[error("slot {0}: the circuit does not support {1:?} yet")]
    Unsupported(usize, TxType),
    /// The batch's shape does not fit the circuit's parameters.
    #[error("batch shape: {0}")]
    Shape(String),
}

fn dummy_path(depth: u32) -> MerkleProof {
    MerkleProof { index: 0, siblings: vec![Fr::ZERO; depth as usize] }
}

fn dummy_balance() -> BalanceValues {
    BalanceValues { token: 0, before: 0, after: 0, path: dummy_path(BALANCE_DEPTH) }
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
    }
}

fn account_values(update: &AccountUpdate) -> Result<AccountValues, WitnessError> {
    let (balance, balance2) = match update.balances.as_slice() {
        [first] => (first, None),
        [first, second] => (first, Some(second)),
        _ => {
            return Err(WitnessError::Shape(format!(
                "account {} changes {} balances",
                update.account,
                update.balances.len()
            )))
        }
    };
    let to_values = |b: &crate::state::BalanceUpdate| BalanceValues {
        token: b.token,
        before: b.before,
        after: b.after,
        path: b.path.clone(),
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
        balance: to_values(balance),
        balance2: balance2.map_or_else(dummy_balance, to_values),
    })
}

impl BatchValues {
    /// A batch of Noops on an empty state, for key generation (the shape is what matters).
    pub fn blank(slots: usize, account_depth: u32) -> Self {
        let noop = SlotValues {
            tx_type: TxType::Noop,
            account_a: dummy_account(account_depth),
            account_b: dummy_account(account_depth),
            token: 0,
            amount: 0,
            amount_code: 0,
            fee_code: 0,
            l1_address: L1Address::default(),
            deposit_key: Point::base8(),
            pool: PoolValues {
                id: 0,
                before: Pool { token_a: 0, token_b: 0, fee_bps: 0, reserve_a: 0, reserve_b: 0, lp_supply: 0 },
                after: Pool { token_a: 0, token_b: 0, fee_bps: 0, reserve_a: 0, reserve_b: 0, lp_supply: 0 },
                path: dummy_path(POOL_DEPTH),
            },
            a_to_b: false,
            min_amount_out: 0,
            r8: Point::base8(),
            s: Scalar::ZERO,
        };
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
                balances: vec![dummy_balance(); slots],
            },
        }
    }

    /// Flattens a sealed batch.
    pub fn from_sealed(batch: &SealedBatch, account_depth: u32) -> Result<Self, WitnessError> {
        let mut slots = Vec::with_capacity(batch.slots.len());
        for (index, witness) in batch.slots.iter().enumerate() {
            let mut slot = BatchValues::blank(1, account_depth).slots.remove(0);
            slot.tx_type = witness.tx.tx_type();
            let signature = match &witness.tx {
                Tx::Noop => None,
                Tx::Deposit(d) => {
                    slot.account_a = account_values(&witness.accounts[0])?;
                    slot.token = d.token;
                    slot.amount = d.amount;
                    slot.l1_address = d.l1_address;
                    slot.deposit_key = d.public_key.point();
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
                    slot.account_a = account_values(&witness.accounts[0])?;
                    let pool =
                        witness.pool.as_ref().ok_or_else(|| WitnessError::Shape("a swap updates a pool".into()))?;
                    slot.pool =
                        PoolValues { id: pool.pool, before: pool.before, after: pool.after, path: pool.path.clone() };
                    slot.token = slot.account_a.balance.token;
                    slot.amount = t.amount_in;
                    slot.amount_code = AMOUNT_FORMAT.encode(t.amount_in).expect("accepted amounts pack");
                    slot.fee_code = FEE_FORMAT.encode(t.fee).expect("accepted fees pack");
                    slot.a_to_b = t.a_to_b;
                    slot.min_amount_out = t.min_amount_out;
                    Some(t.signature)
                }
                Tx::AddLiquidity(_) | Tx::RemoveLiquidity(_) => {
                    return Err(WitnessError::Unsupported(index, witness.tx.tx_type()))
                }
            };
            if let Some(bytes) = signature {
                let signature = bytes.decode().expect("accepted signatures decode");
                slot.r8 = signature.r8();
                slot.s = signature.s();
            }
            slots.push(slot);
        }
        let credit = &batch.fee_credit;
        let fee_credit = FeeCreditValues {
            leaf: credit.before.ok_or_else(|| WitnessError::Shape("the fee account exists".into()))?,
            path: credit.path.clone(),
            balances: credit
                .balances
                .iter()
                .map(|b| BalanceValues { token: b.token, before: b.before, after: b.after, path: b.path.clone() })
                .collect(),
        };
        if fee_credit.balances.len() != slots.len() {
            return Err(WitnessError::Shape("one fee credit per slot".into()));
        }
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
