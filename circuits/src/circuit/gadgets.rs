//! Small gadgets the batch circuit uses throughout: witnesses, equality that refuses two
//! differing constants, non-zero checks and floor division.

use ark_ff::{AdditiveGroup, Field};
use ark_r1cs_std::{alloc::AllocVar, boolean::Boolean, eq::EqGadget, fields::fp::FpVar, fields::FieldVar, GR1CSVar};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

use crate::field::Fr;
use crate::merkle::constraints::to_bits_le;

/// Allocates a witness.
pub(super) fn witness(cs: &ConstraintSystemRef<Fr>, value: impl Into<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
    let value = value.into();
    FpVar::new_witness(cs.clone(), || Ok(value))
}

/// Enforces `a == b` when `condition` holds.
///
/// arkworks' `conditional_enforce_equal` between two constants adds nothing and returns `Ok`
/// even when they differ. In a transfer slot most fields are constants fixed at set-up, so a
/// rule between two of them would silently vanish; here two differing constants are refused
/// at synthesis (or, under a variable condition, force the condition to false).
pub(super) fn enforce_equal_if(a: &FpVar<Fr>, b: &FpVar<Fr>, condition: &Boolean<Fr>) -> Result<(), SynthesisError> {
    if let (FpVar::Constant(x), FpVar::Constant(y)) = (a, b) {
        if x != y {
            return match condition {
                Boolean::Constant(false) => Ok(()),
                Boolean::Constant(true) => Err(SynthesisError::Unsatisfiable),
                variable => variable.enforce_equal(&Boolean::FALSE),
            };
        }
    }
    a.conditional_enforce_equal(b, condition)
}

/// Enforces `a == b` (see [`enforce_equal_if`]).
pub(super) fn enforce_equal(a: &FpVar<Fr>, b: &FpVar<Fr>) -> Result<(), SynthesisError> {
    enforce_equal_if(a, b, &Boolean::TRUE)
}

/// Enforces `value != 0` when `condition` holds (one constraint: `value · inverse = condition`).
pub(super) fn enforce_nonzero(value: &FpVar<Fr>, condition: &Boolean<Fr>) -> Result<(), SynthesisError> {
    if *condition == Boolean::FALSE {
        return Ok(());
    }
    let cs = value.cs();
    let inverse = FpVar::new_witness(cs, || {
        let enabled = condition.value()?;
        Ok(if enabled { value.value()?.inverse().unwrap_or(Fr::ZERO) } else { Fr::ZERO })
    })?;
    value.mul_equals(&inverse, &FpVar::from(condition.clone()))
}

/// Big-endian bits of a value already decomposed little-endian.
pub(super) fn be(bits_le: &[Boolean<Fr>]) -> Vec<Boolean<Fr>> {
    bits_le.iter().rev().cloned().collect()
}

/// Bits of the range checks on division remainders and divisors (a swap's divisor
/// `r_in·10⁴ + in·(10⁴−fee)` is below 2^127; the others are reserves or supplies, below 2^112).
const DIVISOR_BITS: usize = 128;

/// Enforces `quotient = ⌊numerator / divisor⌋` when `enabled` (transition.rs `mul_div`):
/// `quotient·divisor + remainder = numerator` with `0 ≤ remainder < divisor`. Callers
/// range-check the quotient to 112 bits, so with the remainder and divisor below 2^128 neither
/// side wraps around the field and the quotient is the integer one.
pub(super) fn enforce_floor_division(
    numerator: &FpVar<Fr>,
    divisor: &FpVar<Fr>,
    quotient: &FpVar<Fr>,
    enabled: &Boolean<Fr>,
) -> Result<(), SynthesisError> {
    let cs = numerator.cs().or(divisor.cs()).or(quotient.cs());
    let (n, d, q) = (numerator.value().ok(), divisor.value().ok(), quotient.value().ok());
    let remainder = FpVar::new_witness(cs, || match (n, d, q) {
        (Some(n), Some(d), Some(q)) => Ok(n - d * q),
        _ => Err(SynthesisError::AssignmentMissing),
    })?;
    enforce_equal_if(&(quotient * divisor + &remainder), numerator, enabled)?;
    let on = FpVar::from(enabled.clone());
    to_bits_le(&(&on * &remainder), DIVISOR_BITS)?;
    to_bits_le(&(&on * (divisor - &remainder - FpVar::one())), DIVISOR_BITS)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_relations::gr1cs::ConstraintSystem;

    #[test]
    fn differing_constants_are_refused_where_arkworks_lets_them_pass() {
        let (one, two) = (FpVar::constant(Fr::ONE), FpVar::constant(Fr::from(2u64)));
        assert!(one.enforce_equal(&two).is_ok(), "arkworks adds nothing and succeeds");
        assert_eq!(enforce_equal(&one, &two), Err(SynthesisError::Unsatisfiable));
        assert!(enforce_equal(&one, &one).is_ok());
        assert!(enforce_equal_if(&one, &two, &Boolean::FALSE).is_ok());
        let cs = ConstraintSystem::<Fr>::new_ref();
        let on = Boolean::new_witness(cs.clone(), || Ok(true)).unwrap();
        enforce_equal_if(&one, &two, &on).unwrap();
        assert!(!cs.is_satisfied().unwrap(), "a variable condition is forced off");
    }
}
