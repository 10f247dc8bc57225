//! Deposits: credited to the key's account, or refunded when L2 cannot credit them.

use super::{change, checked_credit, positive, Effects, LedgerView, Receipt, SupplyChange, TxError};
use crate::pubdata::{PubdataOp, RefundReason};
use crate::state::LP_TOKEN_BASE;
use crate::tx::Deposit;

/// A deposit is consumed whatever happens: credited, or refunded on L1 when L2 cannot credit
/// it (an unusable key, a token L2 does not know, a full account tree), so that no priority
/// operation can jam the queue. The errors left are what the contract never queues (a zero
/// amount, an LP token id, a supply past 2^112 − 1).
pub(super) fn check_deposit(
    view: &impl LedgerView,
    deposit: &Deposit,
    mut pubdata: PubdataOp,
) -> Result<Effects, TxError> {
    if deposit.token >= LP_TOKEN_BASE {
        return Err(TxError::NotL1Token(deposit.token));
    }
    positive(deposit.amount)?;
    if let Some(reason) = refund_reason(view, deposit) {
        return Ok(refund(deposit, reason));
    }
    let key = deposit.public_key.unpack().expect("refund_reason checked the key");
    checked_credit(view.supply_of(deposit.token), deposit.amount)?;
    let existing = view.id_by_key(&key);
    let id = existing.or_else(|| view.next_free_account()).expect("refund_reason checked for room");
    if let PubdataOp::Deposit { account, .. } = &mut pubdata {
        *account = id;
    }
    // Below the supply bound, so below MAX_BALANCE.
    let new_balance = view.balance_of(id, deposit.token) + deposit.amount;
    let mut effects = Effects::new(
        Receipt::Deposit { account: id, created: existing.is_none() },
        pubdata,
        vec![change(id, vec![(deposit.token, new_balance)], None)],
    );
    effects.create = existing.is_none().then_some((key, deposit.l1_address));
    effects.supply = Some(SupplyChange::Add(deposit.token, deposit.amount));
    Ok(effects)
}

/// Why L2 cannot credit `deposit` (of an L1 token id), if it cannot; the first reason that
/// applies, in the order of [`RefundReason`]'s codes.
pub fn refund_reason(view: &impl LedgerView, deposit: &Deposit) -> Option<RefundReason> {
    let Ok(key) = deposit.public_key.unpack() else { return Some(RefundReason::InvalidKey) };
    if !view.is_registered_l1_token(deposit.token) {
        Some(RefundReason::UnknownToken)
    } else if view.id_by_key(&key).is_none() && view.next_free_account().is_none() {
        Some(RefundReason::AccountTreeFull)
    } else {
        None
    }
}

/// A deposit refunded for `reason`: nothing on L2 changes.
fn refund(deposit: &Deposit, reason: RefundReason) -> Effects {
    let pubdata = PubdataOp::DepositRefund {
        reason,
        token: deposit.token,
        amount: deposit.amount,
        public_key: deposit.public_key.0,
        l1_address: deposit.l1_address,
    };
    Effects::new(Receipt::DepositRefund { reason }, pubdata, Vec::new())
}
