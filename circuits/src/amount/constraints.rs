//! Gadgets for amounts: decoding a float code and range-checking a balance, twins of
//! [`super::FloatFormat::decode`] and the `< 2^112` balance rule.

use ark_r1cs_std::{boolean::Boolean, fields::fp::FpVar, fields::FieldVar};
use ark_relations::gr1cs::SynthesisError;

use super::{FloatFormat, BALANCE_BITS};
use crate::field::Fr;
use crate::merkle::constraints::to_bits_le;

/// A decoded float code: its value and its bits (little-endian, `format.bits()` of them).
pub struct DecodedVar {
    /// `mantissa · 10^exponent` (not range-checked: callers bound it to 112 bits).
    pub value: FpVar<Fr>,
    /// The code's bits, little-endian: exponent first, then mantissa.
    pub code_bits: Vec<Boolean<Fr>>,
}

/// Decodes `code` (range-checked to the format's width). Costs the code's bits plus one
/// constraint per exponent bit.
pub fn decode_gadget(code: &FpVar<Fr>, format: FloatFormat) -> Result<DecodedVar, SynthesisError> {
    let code_bits = to_bits_le(code, format.bits() as usize)?;
    Ok(DecodedVar { value: decode_bits(&code_bits, format)?, code_bits })
}

/// The value `mantissa · 10^exponent` of a code given by its `format.bits()` little-endian
/// bits (already range-checked: booleans). One constraint per exponent bit.
pub fn decode_bits(code_bits: &[Boolean<Fr>], format: FloatFormat) -> Result<FpVar<Fr>, SynthesisError> {
    assert_eq!(code_bits.len(), format.bits() as usize, "a code has the format's width");
    let (exponent_bits, mantissa_bits) = code_bits.split_at(format.exponent_bits as usize);
    let mut scale = FpVar::<Fr>::one();
    for (i, bit) in exponent_bits.iter().enumerate() {
        let factor = Fr::from(10u64).pow_u64(1u64 << i);
        // scale *= bit ? 10^(2^i) : 1
        scale = &scale + FpVar::from(bit.clone()) * (&scale * (factor - Fr::from(1u64)));
    }
    let mantissa = Boolean::le_bits_to_fp(mantissa_bits)?;
    Ok(mantissa * scale)
}

/// Enforces `value < 2^112` and returns its bits (little-endian).
pub fn balance_bits(value: &FpVar<Fr>) -> Result<Vec<Boolean<Fr>>, SynthesisError> {
    to_bits_le(value, BALANCE_BITS as usize)
}

trait PowU64 {
    fn pow_u64(self, exponent: u64) -> Self;
}

impl PowU64 for Fr {
    fn pow_u64(self, exponent: u64) -> Self {
        ark_ff::Field::pow(&self, [exponent])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::amount::{AMOUNT_FORMAT, FEE_FORMAT};
    use ark_r1cs_std::{alloc::AllocVar, GR1CSVar};
    use ark_relations::gr1cs::ConstraintSystem;

    #[test]
    fn decode_matches_native() {
        for (format, value) in
            [(AMOUNT_FORMAT, 1_230_000_000_000_000_000u128), (FEE_FORMAT, 63_000), (AMOUNT_FORMAT, 0)]
        {
            let code = format.encode(value).unwrap();
            let cs = ConstraintSystem::<Fr>::new_ref();
            let code_var = FpVar::new_witness(cs.clone(), || Ok(Fr::from(code))).unwrap();
            let decoded = decode_gadget(&code_var, format).unwrap();
            assert_eq!(decoded.value.value().unwrap(), Fr::from(value));
            balance_bits(&decoded.value).unwrap();
            assert!(cs.is_satisfied().unwrap());
        }
    }

    #[test]
    fn oversized_codes_and_values_are_unsatisfiable() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let code_var = FpVar::new_witness(cs.clone(), || Ok(Fr::from(1u64 << 11))).unwrap();
        decode_gadget(&code_var, FEE_FORMAT).unwrap();
        assert!(!cs.is_satisfied().unwrap());
        // The largest amount code decodes above 2^112: the balance range check rejects it.
        let cs = ConstraintSystem::<Fr>::new_ref();
        let code_var = FpVar::new_witness(cs.clone(), || Ok(Fr::from(u32::MAX as u64))).unwrap();
        let decoded = decode_gadget(&code_var, AMOUNT_FORMAT).unwrap();
        balance_bits(&decoded.value).unwrap();
        assert!(!cs.is_satisfied().unwrap());
    }
}
