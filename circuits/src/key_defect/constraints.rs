//! The constraint twin of [`KeyDefect`]: when enabled, a proof that 256 key bits name no usable
//! key. One of four cases is chosen by witness (one-hot), each with its own check, in the order
//! of the table in `mod.rs`. About 420 constraints, none when `enabled` is the constant false.

use ark_ed_on_bn254::constraints::EdwardsVar;
use ark_ff::{AdditiveGroup, Field, PrimeField};
use ark_r1cs_std::{
    alloc::{AllocVar, AllocationMode},
    boolean::Boolean,
    eq::EqGadget,
    fields::{fp::FpVar, FieldVar},
    groups::CurveVar,
    GR1CSVar,
};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};
use num_bigint::BigUint;

use super::{non_residue, torsion_points, KeyDefect};
use crate::babyjubjub::constraints::enforce_at_most;
use crate::babyjubjub::{Point, COEFF_A, COEFF_D};
use crate::field::Fr;

/// Bits of a packed key's y (bit 255 is the sign of x).
const Y_BITS: usize = 255;

/// `2^255 − 1 − p`: y ≥ p exactly when the complement of y's 255 bits is at most this.
fn complement_bound() -> <Fr as PrimeField>::BigInt {
    let bound = (BigUint::from(1u8) << Y_BITS) - 1u8 - crate::field::modulus();
    bound.try_into().expect("below 2^255")
}

/// Enforces, when `enabled`, that the packed key whose bits are `key_bits` (256, least
/// significant first) is not a usable public key, with `defect` as the witness (`None`: the
/// slot is disabled, or the prover has no proof, and then an enabled slot fails).
pub fn enforce_key_defect(
    cs: &ConstraintSystemRef<Fr>,
    enabled: &Boolean<Fr>,
    key_bits: &[Boolean<Fr>],
    defect: Option<KeyDefect>,
) -> Result<(), SynthesisError> {
    assert_eq!(key_bits.len(), 256, "a packed key has 256 bits");
    if *enabled == Boolean::FALSE {
        return Ok(());
    }
    let on = enabled.value().unwrap_or(false);
    let case = |i: usize| Boolean::new_witness(cs.clone(), || Ok(on && defect.is_some_and(|d| d.case() == i)));
    let cases = [case(0)?, case(1)?, case(2)?, case(3)?];
    let chosen: FpVar<Fr> = cases.iter().map(|c| FpVar::from(c.clone())).sum();
    chosen.enforce_equal(&FpVar::from(enabled.clone()))?;
    // y as a field element: the integer reduced mod p (only the NonCanonical case needs the
    // integer itself, and it reads the bits).
    let y: FpVar<Fr> = key_bits[..Y_BITS]
        .iter()
        .enumerate()
        .map(|(i, b)| FpVar::from(b.clone()) * Fr::from(2u8).pow([i as u64]))
        .sum();

    // NonCanonical: y ≥ p ⇔ (2^255 − 1 − y) ≤ (2^255 − 1 − p). Masked by the case, so that a
    // disabled case compares 0.
    let complement: Vec<Boolean<Fr>> = key_bits[..Y_BITS].iter().map(|b| !b.clone() & &cases[0]).collect();
    enforce_at_most(&complement, complement_bound())?;

    // Identity: y = 1.
    y.conditional_enforce_equal(&FpVar::one(), &cases[1])?;

    // NoSuchPoint: u·v ≠ 0 and N·u·v = root², so u·v is not a square and neither is x² = u/v.
    let y2 = y.square()?;
    let uv = (FpVar::one() - &y2) * (FpVar::constant(COEFF_A) - &y2 * COEFF_D);
    let root = match defect {
        Some(KeyDefect::NoSuchPoint { root }) if on => root,
        _ => Fr::ZERO,
    };
    let root = FpVar::new_witness(cs.clone(), || Ok(root))?;
    root.square()?.conditional_enforce_equal(&(uv.clone() * non_residue()), &cases[2])?;
    uv.conditional_enforce_not_equal(&FpVar::zero(), &cases[2])?;

    // Torsion: P = 8·S' + T with S' on the curve and T one of the seven nonzero 8-torsion
    // points; the decomposition is unique, so P is not in the prime-order subgroup.
    enforce_torsion(cs, &cases[3], &y, if on { defect } else { None })
}

fn enforce_torsion(
    cs: &ConstraintSystemRef<Fr>,
    enabled: &Boolean<Fr>,
    y: &FpVar<Fr>,
    defect: Option<KeyDefect>,
) -> Result<(), SynthesisError> {
    let (eighth, index) = match defect {
        Some(KeyDefect::Torsion { eighth, torsion }) => (eighth, torsion as usize),
        _ => (Point::base8(), 0),
    };
    let eighth = EdwardsVar::new_variable_omit_prime_order_check(
        cs.clone(),
        || Ok(eighth.ark().into()),
        AllocationMode::Witness,
    )?;
    let prime_part = eighth.double()?.double()?.double()?;
    // One-hot over indices 1..=7 (index 0, the identity, is not on offer).
    let selectors = (1..8)
        .map(|i| Boolean::new_witness(cs.clone(), || Ok(enabled.value().unwrap_or(false) && index == i)))
        .collect::<Result<Vec<_>, _>>()?;
    let picked: FpVar<Fr> = selectors.iter().map(|s| FpVar::from(s.clone())).sum();
    picked.enforce_equal(&FpVar::from(enabled.clone()))?;
    let table = torsion_points();
    let coordinate = |of: fn(&Point) -> Fr| -> FpVar<Fr> {
        selectors.iter().zip(&table[1..]).map(|(s, t)| FpVar::from(s.clone()) * of(t)).sum()
    };
    let torsion = EdwardsVar::new(coordinate(|t| t.ark().x), coordinate(|t| t.ark().y));
    let point = prime_part + torsion;
    point.y.conditional_enforce_equal(y, enabled)
}

#[cfg(test)]
mod tests {
    use ark_relations::gr1cs::ConstraintSystem;

    use super::*;
    use crate::babyjubjub::PrivateKey;
    use crate::field::fr_to_le_bytes;
    use crate::key_defect::PackedKey;

    fn satisfied(key: [u8; 32], defect: Option<KeyDefect>) -> bool {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let bits = PackedKey(key)
            .bits_le()
            .into_iter()
            .map(|b| Boolean::new_witness(cs.clone(), || Ok(b)))
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        let enabled = Boolean::new_witness(cs.clone(), || Ok(true)).unwrap();
        enforce_key_defect(&cs, &enabled, &bits, defect).unwrap();
        cs.is_satisfied().unwrap()
    }

    fn flagged(mut key: [u8; 32]) -> [u8; 32] {
        key[31] |= 0x80;
        key
    }

    #[test]
    fn every_defect_is_proven_and_no_usable_key_has_a_proof() {
        let mut keys = vec![[0xff; 32], fr_to_le_bytes(&Fr::ONE), fr_to_le_bytes(&-Fr::ONE)];
        keys.extend((2u64..24).map(|y| fr_to_le_bytes(&Fr::from(y))));
        keys.extend(keys.clone().into_iter().map(flagged));
        let mut proven = 0;
        for key in keys {
            let Some(defect) = KeyDefect::of(&key) else { continue };
            assert!(satisfied(key, Some(defect)), "{defect:?} of {}", hex::encode(key));
            proven += 1;
        }
        assert!(proven > 20);
        // A usable key: no case can be shown. Try each case's witness borrowed from a real
        // defect, and the sign-flipped key too.
        let usable = PrivateKey::from_bytes(b"usable").public_key().pack();
        let borrowed = [
            KeyDefect::NonCanonical,
            KeyDefect::Identity,
            KeyDefect::of(&fr_to_le_bytes(&Fr::from(2u64))).unwrap(),
            (2u64..).find_map(|y| KeyDefect::of(&fr_to_le_bytes(&Fr::from(y))).filter(|d| d.case() == 3)).unwrap(),
            (2u64..).find_map(|y| KeyDefect::of(&fr_to_le_bytes(&Fr::from(y))).filter(|d| d.case() == 2)).unwrap(),
        ];
        for key in [usable, flagged(usable)] {
            for defect in borrowed {
                assert!(!satisfied(key, Some(defect)), "{defect:?} must not prove a usable key");
            }
            assert!(!satisfied(key, None));
        }
    }

    #[test]
    fn a_non_canonical_alias_of_a_usable_key_is_refundable() {
        // y + p < 2^255 for every y < p (2^255 > 2p): the same point, another encoding.
        let usable = PrivateKey::from_bytes(b"alias").public_key();
        let y = BigUint::from_bytes_le(&fr_to_le_bytes(&usable.point().y())) + crate::field::modulus();
        let mut key = [0u8; 32];
        let bytes = y.to_bytes_le();
        assert!(y.bits() <= 255);
        key[..bytes.len()].copy_from_slice(&bytes);
        assert_eq!(KeyDefect::of(&key), Some(KeyDefect::NonCanonical));
        assert!(satisfied(key, Some(KeyDefect::NonCanonical)));
        // ...and the canonical key is not NonCanonical.
        assert!(!satisfied(usable.pack(), Some(KeyDefect::NonCanonical)));
    }
}
