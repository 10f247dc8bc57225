//! Deposits the circuit consumes: the token check every deposit makes, and the proof behind a
//! refund (transition.rs `check_deposit`). A DepositRefund changes no state; what the circuit
//! must prove is that the operator had no choice, by one of the three reasons of
//! [`RefundReason`]:
//! - `InvalidKey`: the key bits name no usable key ([`enforce_key_defect`]);
//! - `UnknownToken`: the token registry's leaf of the token is empty;
//! - `AccountTreeFull`: the account count is the tree's capacity. (The circuit does not prove
//!   that the key has no account: with a full tree the operator may refund a deposit to an
//!   existing account. The funds go back to the depositor on L1 either way.)
//!
//! A credited deposit proves the other side of the token check: its leaf is not empty.

use ark_r1cs_std::{boolean::Boolean, fields::fp::FpVar, fields::FieldVar};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

use super::gadgets::{be, enforce_equal, enforce_equal_if, enforce_nonzero};
use super::witness::SlotValues;
use super::Alloc;
use crate::field::Fr;
use crate::key_defect::constraints::enforce_key_defect;
use crate::key_defect::PackedKey;
use crate::pubdata::{RefundReason, REFUND_REASON_BITS};
use crate::state::TOKEN_DEPTH;

/// What the refund rules hand back to the slot: the pubdata fields of a DepositRefund after
/// its tag (reason, then the Deposit's fields from the token on).
pub(super) struct RefundFields {
    /// The 24 reason bits, most significant first.
    pub reason_be: Vec<Boolean<Fr>>,
    /// The 256 key bits in pubdata order (each byte most significant bit first).
    pub key_be: Vec<Boolean<Fr>>,
}

/// The token check of deposits and refunds, and the refund's reason and proof.
/// `deposit` and `refund` are the slot's type flags, `token_bits` the token's 10 checked bits.
#[allow(clippy::too_many_arguments)]
pub(super) fn deposit_rules(
    cs: &ConstraintSystemRef<Fr>,
    alloc: &Alloc,
    slot: &SlotValues,
    (deposit, refund): (&Boolean<Fr>, &Boolean<Fr>),
    token_bits: &[Boolean<Fr>],
    token_root: &FpVar<Fr>,
    account_count: &FpVar<Fr>,
    account_depth: u32,
) -> Result<RefundFields, SynthesisError> {
    let reason = |r: RefundReason| alloc.boolean(slot.refund == Some(r));
    let (invalid_key, unknown_token, tree_full) = (
        reason(RefundReason::InvalidKey)?,
        reason(RefundReason::UnknownToken)?,
        reason(RefundReason::AccountTreeFull)?,
    );
    let f = |b: &Boolean<Fr>| FpVar::from(b.clone());
    enforce_equal(&(f(&invalid_key) + f(&unknown_token) + f(&tree_full)), &f(refund))?;

    let key = PackedKey(slot.refund_key);
    let key_bits = key.bits_le().into_iter().map(|bit| alloc.boolean(bit)).collect::<Result<Vec<Boolean<Fr>>, _>>()?;
    let defect = (slot.refund == Some(RefundReason::InvalidKey)).then(|| key.defect()).flatten();
    enforce_key_defect(cs, &invalid_key, &key_bits, defect)?;

    // The token registry leaf: registered for a credit, empty for an UnknownToken refund.
    // (Transfer slots hold neither: nothing to check, and no path to hash.)
    let checked = deposit.clone() | refund;
    if checked != Boolean::FALSE {
        let leaf = alloc.fp(slot.token_leaf)?;
        let path = alloc.path(&slot.token_path)?;
        let root = path.root_for(&leaf, &token_bits[..TOKEN_DEPTH as usize])?;
        enforce_equal_if(&root, token_root, &checked)?;
        enforce_nonzero(&leaf, deposit)?;
        enforce_equal_if(&leaf, &FpVar::zero(), &unknown_token)?;
    }

    let capacity = FpVar::constant(Fr::from(1u64 << account_depth));
    enforce_equal_if(account_count, &capacity, &tree_full)?;

    // Reason code = 1·invalid_key + 2·unknown_token + 3·tree_full (one-hot): bit 0 is set for
    // codes 1 and 3, bit 1 for codes 2 and 3.
    let mut reason_le = vec![invalid_key | &tree_full, unknown_token | &tree_full];
    reason_le.resize(REFUND_REASON_BITS as usize, Boolean::FALSE);
    let key_be = key_bits.chunks(8).flat_map(be).collect();
    Ok(RefundFields { reason_be: be(&reason_le), key_be })
}
