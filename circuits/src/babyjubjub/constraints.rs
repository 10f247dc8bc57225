//! The EdDSA-Poseidon verification gadget: the constraint twin of
//! [`PublicKey::verify`](super::PublicKey::verify) together with the key check of
//! [`PublicKey::from_point`](super::PublicKey::from_point).
//!
//! Inputs are in circomlib coordinates, as they appear in account leaves and hash inputs. The
//! curve arithmetic runs on arkworks' [`EdwardsVar`] (complete twisted Edwards formulas, `x' = c·x`),
//! on points that the gadget allocates itself: when `enabled` is true they are tied to the inputs,
//! and when it is false the prover puts Base8 there. So a disabled slot may carry any field
//! elements at all, on the curve or not, and every constraint still holds.
//!
//! When `enabled` is true the gadget enforces exactly what native verification accepts:
//! 1. A is in the prime-order subgroup and is not the identity (stricter than circomlib, whose
//!    circuit accepts keys with a torsion part);
//! 2. R8 is on the curve (the equation forces it into the subgroup, see `alloc_tied_point`);
//! 3. `S < l`, as an integer;
//! 4. `hm = Poseidon(R8.x, R8.y, A.x, A.y, M)`, decomposed into its canonical bits (`< p`);
//! 5. `S·Base8 == R8 + hm·(8·A)`.
//!
//! Cost: 4,641 constraints. Key checks 21, R8 5, `S < l` 373, Poseidon 321, hm's canonical bits
//! 361, `S·Base8` 748 (3-bit windows of a constant table), `8·A` 15, `hm·(8·A)` 2,789 (2-bit
//! windows), final addition and comparison 8; the `constraint_counts_by_component` test prints
//! them.

use std::sync::OnceLock;

use ark_ec::{AffineRepr, CurveGroup};
use ark_ed_on_bn254::{constraints::EdwardsVar, EdwardsProjective};
use ark_ff::{AdditiveGroup, BigInteger, Field, PrimeField, Zero};
use ark_r1cs_std::{
    alloc::{AllocVar, AllocationMode},
    boolean::Boolean,
    convert::ToBitsGadget,
    eq::EqGadget,
    fields::{fp::FpVar, FieldVar},
    groups::CurveVar,
    GR1CSVar,
};
use ark_relations::gr1cs::{ConstraintSystemRef, Namespace, SynthesisError};

use super::{Point, Scalar, Signature, ARKWORKS_X_FACTOR};
use crate::field::Fr;
use crate::merkle::constraints::to_bits_le;
use crate::poseidon::constraints::hash_gadget;

/// Bits of a signature scalar: `l < 2^251`.
pub const SCALAR_BITS: usize = 251;

/// A Baby Jubjub point in circomlib coordinates. Nothing is enforced on allocation; the
/// verification gadget checks what it needs, and only for enabled slots.
#[derive(Clone, Debug)]
pub struct PointVar {
    /// circomlib x.
    pub x: FpVar<Fr>,
    /// circomlib y.
    pub y: FpVar<Fr>,
}

impl PointVar {
    /// Allocates the coordinates of `point` as witnesses.
    pub fn new_witness(cs: impl Into<Namespace<Fr>>, point: Point) -> Result<Self, SynthesisError> {
        let cs = cs.into().cs();
        let x = FpVar::new_witness(cs.clone(), || Ok(point.x()))?;
        let y = FpVar::new_witness(cs, || Ok(point.y()))?;
        Ok(Self { x, y })
    }
}

/// A signature `(R8, S)`: R8 in circomlib coordinates and the integer S as a field element.
#[derive(Clone, Debug)]
pub struct SignatureVar {
    /// The nonce point.
    pub r8: PointVar,
    /// The scalar; the gadget enforces `S < l` for enabled slots.
    pub s: FpVar<Fr>,
}

impl SignatureVar {
    /// Allocates R8 and S as witnesses.
    pub fn new_witness(cs: impl Into<Namespace<Fr>>, r8: Point, s: Scalar) -> Result<Self, SynthesisError> {
        let cs = cs.into().cs();
        let r8 = PointVar::new_witness(cs.clone(), r8)?;
        let s = FpVar::new_witness(cs, || Ok(scalar_to_fr(s)))?;
        Ok(Self { r8, s })
    }

    /// Allocates a native signature as witnesses.
    pub fn from_signature(cs: impl Into<Namespace<Fr>>, signature: &Signature) -> Result<Self, SynthesisError> {
        Self::new_witness(cs, signature.r8(), signature.s())
    }

    /// The filler for a slot whose `enabled` is false: `R8 = Base8`, `S = 0`. It is not a valid
    /// signature under any key, but with `enabled = false` the gadget accepts it, as it accepts
    /// any values there.
    pub fn new_dummy_witness(cs: impl Into<Namespace<Fr>>) -> Result<Self, SynthesisError> {
        Self::new_witness(cs, Point::base8(), Scalar::ZERO)
    }
}

/// Enforces, when `enabled` is true, that `signature` is a valid EdDSA-Poseidon signature by
/// `public_key` on `message`, with exactly the rules of
/// [`PublicKey::from_point`](super::PublicKey::from_point) and
/// [`PublicKey::verify`](super::PublicKey::verify). When `enabled` is false every constraint is
/// satisfiable whatever the other inputs hold. The number of constraints does not depend on any
/// value.
pub fn verify_signature_gadget(
    enabled: &Boolean<Fr>,
    public_key: &PointVar,
    message: &FpVar<Fr>,
    signature: &SignatureVar,
) -> Result<(), SynthesisError> {
    verify_in_stages(enabled, public_key, message, signature, |_| {})
}

/// Enforces, when `enabled`, that `key` is a usable public key: on the curve, in the
/// prime-order subgroup and not the identity (the rules of
/// [`PublicKey::from_point`](super::PublicKey::from_point)); about 20 constraints, none when
/// `enabled` is the constant false.
pub fn enforce_valid_key(enabled: &Boolean<Fr>, key: &PointVar) -> Result<(), SynthesisError> {
    if *enabled == Boolean::FALSE {
        return Ok(());
    }
    let cs = enabled.cs().or(key.x.cs()).or(key.y.cs());
    prime_order_key(&cs, enabled, key).map(|_| ())
}

/// The key in arkworks form, tied to `key` when `enabled`, which must then be in the
/// prime-order subgroup and not the identity: the only subgroup point with x = 0 (the other
/// one, (0, -1), has order 2).
fn prime_order_key(
    cs: &ConstraintSystemRef<Fr>,
    enabled: &Boolean<Fr>,
    key: &PointVar,
) -> Result<EdwardsVar, SynthesisError> {
    let point = alloc_tied_point(cs, enabled, key, true)?;
    point.x.conditional_enforce_not_equal(&FpVar::zero(), enabled)?;
    Ok(point)
}

/// The gadget, calling `stage_done` after each component so that tests can count constraints.
fn verify_in_stages(
    enabled: &Boolean<Fr>,
    public_key: &PointVar,
    message: &FpVar<Fr>,
    signature: &SignatureVar,
    mut stage_done: impl FnMut(&'static str),
) -> Result<(), SynthesisError> {
    let cs = [&public_key.x, &public_key.y, message, &signature.r8.x, &signature.r8.y, &signature.s]
        .into_iter()
        .fold(enabled.cs(), |cs, var| cs.or(var.cs()));

    // 1. A in the prime-order subgroup, and not the identity.
    let a = prime_order_key(&cs, enabled, public_key)?;
    stage_done("public key: prime order, not the identity");

    // 2. R8 on the curve.
    let r8 = alloc_tied_point(&cs, enabled, &signature.r8, false)?;
    stage_done("R8: on the curve");

    // 3. S < l. A disabled slot decomposes 0 instead of whatever S holds.
    let s_bits = scalar_bits(enabled, &signature.s)?;
    stage_done("S: 251 bits, below l");

    // 4. The challenge, in circomlib coordinates, and its canonical bits: at most p - 1, so the
    //    prover cannot use the other 254-bit decomposition, of hm + p, where that is below 2^254.
    let hm = hash_gadget(&[
        signature.r8.x.clone(),
        signature.r8.y.clone(),
        public_key.x.clone(),
        public_key.y.clone(),
        message.clone(),
    ])?;
    stage_done("hm: Poseidon of 5 inputs");
    let hm_bits = hm.to_non_unique_bits_le()?;
    enforce_at_most(&hm_bits, (-Fr::ONE).into_bigint())?;
    stage_done("hm: 254 canonical bits");

    // 5. S·Base8 == R8 + hm·(8·A).
    let s_base8 = mul_base8(&s_bits)?;
    stage_done("S·Base8 (fixed base, 3-bit windows)");
    let a8 = a.double()?.double()?.double()?;
    stage_done("8·A (three doublings)");
    let hm_a8 = mul_variable_base(&a8, &hm_bits)?;
    stage_done("hm·(8·A) (variable base, 2-bit windows)");
    let rhs = r8 + &hm_a8;
    s_base8.conditional_enforce_equal(&rhs, enabled)?;
    stage_done("R8 + hm·8A == S·Base8");
    Ok(())
}

/// Allocates the arkworks form `(c·x, y)` of `point` and, when `enabled`, enforces that it is.
///
/// The allocated point is always a curve point (with `prime_order`, a prime-order subgroup
/// point), whatever `point` holds: a disabled slot, or an enabled one whose input is unusable,
/// gets Base8, so the complete formulas downstream never divide by zero and nothing but the two
/// conditional equalities depends on the input.
///
/// `prime_order` allocates `G` on the curve and returns `8·G`: the curve group is
/// `Z/8 × Z/l`, so the points `8·G` are exactly the prime-order subgroup (18 constraints, against
/// 3 for the curve equation alone).
///
/// R8 needs no subgroup check: when the equation `S·B8 == R8 + hm·8A` holds, `R8 = S·B8 - hm·8A`
/// is a sum of subgroup points. Native verification compares `S·B8 - 8hm·A` with R8 in the same
/// way, so it too accepts only subgroup R8s, and the gadget accepts exactly the same signatures.
fn alloc_tied_point(
    cs: &ConstraintSystemRef<Fr>,
    enabled: &Boolean<Fr>,
    point: &PointVar,
    prime_order: bool,
) -> Result<EdwardsVar, SynthesisError> {
    let native = || -> Result<EdwardsProjective, SynthesisError> {
        let given = if enabled.value()? { Point::new(point.x.value()?, point.y.value()?).ok() } else { None };
        let ark = given.unwrap_or_else(Point::base8).ark();
        // For a point with a torsion part, 8·(P/8) is its prime-order part, which then fails the
        // equality below: that is the rejection.
        Ok(if prime_order { ark.mul_by_cofactor_inv() } else { ark }.into())
    };
    let allocated = EdwardsVar::new_variable_omit_prime_order_check(cs.clone(), native, AllocationMode::Witness)?;
    let ark = if prime_order { allocated.double()?.double()?.double()? } else { allocated };
    ark.x.conditional_enforce_equal(&(&point.x * ARKWORKS_X_FACTOR), enabled)?;
    ark.y.conditional_enforce_equal(&point.y, enabled)?;
    Ok(ark)
}

/// The 251 little-endian bits of `enabled ? s : 0`, enforced to be below l.
fn scalar_bits(enabled: &Boolean<Fr>, s: &FpVar<Fr>) -> Result<Vec<Boolean<Fr>>, SynthesisError> {
    let selected = FpVar::from(enabled.clone()) * s;
    let bits = to_bits_le(&selected, SCALAR_BITS)?;
    enforce_below_subgroup_order(&bits)?;
    Ok(bits)
}

/// Enforces that little-endian `bits` are at most `l - 1` as an integer.
fn enforce_below_subgroup_order(bits: &[Boolean<Fr>]) -> Result<(), SynthesisError> {
    enforce_at_most(bits, (-Scalar::ONE).into_bigint())
}

/// Enforces that the little-endian `bits` (booleans), read as an integer, are at most `bound`,
/// whose bit length must be `bits.len()`. One constraint per run of equal bits in `bound`: 120
/// for `l - 1` and 106 for `p - 1`, where arkworks' `enforce_smaller_or_equal_than_le` spends 365
/// and 385.
///
/// Scanning runs from the top, `prefix` stays nonzero exactly as long as the prover cannot show
/// that the bits above already fell below `bound`:
/// * a run of ones in `bound`: `prefix' = prefix - missing·w`, where `missing` counts the bits of
///   the run that are 0. If none is, `prefix' = prefix` whatever `w` is; otherwise the prover
///   picks `w = prefix / missing` and `prefix' = 0`;
/// * a run of zeros in `bound`: `prefix · (sum of the run's bits) = 0`.
///
/// Soundness: if `bits > bound`, let k be the highest position where they differ (bit 1,
/// bound 0). Every run above k has `missing = 0` or lies in zeros, so `prefix` is still 1 at
/// k's run, whose bit sum is at least 1 (and below p): the constraint fails. Completeness: if
/// `bits <= bound`, the first difference is a 0 under a one of `bound`, where `prefix` drops to 0
/// and stays there.
pub(crate) fn enforce_at_most(bits: &[Boolean<Fr>], bound: impl BigInteger) -> Result<(), SynthesisError> {
    assert_eq!(bits.len(), bound.num_bits() as usize, "the bound must have exactly as many bits");
    let cs = bits.cs();
    let mut prefix = FpVar::one();
    let mut end = bits.len();
    while end > 0 {
        let bound_bit = bound.get_bit(end - 1);
        let mut start = end - 1;
        while start > 0 && bound.get_bit(start - 1) == bound_bit {
            start -= 1;
        }
        let run = &bits[start..end];
        if !bound_bit {
            let sum: FpVar<Fr> = run.iter().map(|bit| FpVar::from(bit.clone())).sum();
            prefix.mul_equals(&sum, &FpVar::zero())?;
        } else if start > 0 {
            // (A run of ones at the very bottom constrains nothing.)
            let missing: FpVar<Fr> = run.iter().map(|bit| FpVar::one() - FpVar::from(bit.clone())).sum();
            let w = FpVar::new_witness(cs.clone(), || {
                let (missing, prefix) = (missing.value()?, prefix.value()?);
                Ok(missing.inverse().map_or(Fr::ZERO, |inverse| prefix * inverse))
            })?;
            prefix = &prefix - missing * w;
        }
        end = start;
    }
    Ok(())
}

fn scalar_to_fr(s: Scalar) -> Fr {
    Fr::from_bigint(s.into_bigint()).expect("l < p")
}

/// `k · 8^i · Base8` for `k < 8`, in arkworks coordinates: window `i` of the fixed-base table.
fn base8_windows() -> &'static [[(Fr, Fr); 8]] {
    static WINDOWS: OnceLock<Vec<[(Fr, Fr); 8]>> = OnceLock::new();
    WINDOWS.get_or_init(|| {
        let mut window_base: EdwardsProjective = Point::base8().ark().into();
        (0..SCALAR_BITS.div_ceil(3))
            .map(|_| {
                let mut row = [EdwardsProjective::zero(); 8];
                for k in 1..8 {
                    row[k] = row[k - 1] + window_base;
                }
                window_base = row[7] + window_base;
                let affine = EdwardsProjective::normalize_batch(&row);
                std::array::from_fn(|k| (affine[k].x, affine[k].y))
            })
            .collect()
    })
}

/// `scalar · Base8` for the little-endian `bits` of the scalar (at most 252): one constant
/// lookup per 3-bit window (3 constraints) and one complete addition per window after the first
/// (6 constraints), with no doublings.
fn mul_base8(bits: &[Boolean<Fr>]) -> Result<EdwardsVar, SynthesisError> {
    let windows = base8_windows();
    assert!(bits.len() <= 3 * windows.len(), "fixed-base table covers {} bits", 3 * windows.len());
    let mut acc: Option<EdwardsVar> = None;
    for (window, row) in bits.chunks(3).zip(windows) {
        let term = lookup_constant(window, &row[..1 << window.len()])?;
        acc = Some(match acc {
            None => term,
            Some(acc) => acc + term,
        });
    }
    Ok(acc.unwrap_or_else(EdwardsVar::zero))
}

/// `table[index]` for the little-endian index `bits` (1 to 3 of them) and a constant table.
/// Each coordinate is linear in `1, b0, b1, b0·b1`, plus one product with `b2`: at most
/// 3 constraints.
fn lookup_constant(bits: &[Boolean<Fr>], table: &[(Fr, Fr)]) -> Result<EdwardsVar, SynthesisError> {
    assert!((1..=3).contains(&bits.len()) && table.len() == 1 << bits.len());
    let low = &bits[..bits.len().min(2)];
    let mut monomials: Vec<FpVar<Fr>> = low.iter().map(|bit| FpVar::from(bit.clone())).collect();
    if let [b0, b1] = low {
        monomials.push(FpVar::from(b0 & b1));
    }
    let half = 1 << low.len();
    let coordinate = |values: Vec<Fr>| -> Result<FpVar<Fr>, SynthesisError> {
        let lo = multilinear(&monomials, &values[..half]);
        match bits.get(2) {
            Some(b2) => {
                let hi = multilinear(&monomials, &values[half..]);
                Ok(&lo + FpVar::from(b2.clone()) * (hi - &lo))
            }
            None => Ok(lo),
        }
    };
    let x = coordinate(table.iter().map(|point| point.0).collect())?;
    let y = coordinate(table.iter().map(|point| point.1).collect())?;
    Ok(EdwardsVar::new(x, y))
}

/// The entry of `values` (2 or 4 constants) picked by `b0` (and `b1`), given
/// `monomials = [b0, b1, b0·b1]`: a linear combination, so free.
fn multilinear(monomials: &[FpVar<Fr>], values: &[Fr]) -> FpVar<Fr> {
    let base = FpVar::constant(values[0]);
    match values {
        [c0, c1] => base + &monomials[0] * (*c1 - c0),
        [c0, c1, c2, c3] => {
            base + &monomials[0] * (*c1 - c0) + &monomials[1] * (*c2 - c0) + &monomials[2] * (*c3 - c2 - c1 + c0)
        }
        _ => unreachable!("one or two selector bits"),
    }
}

/// `scalar · base` for the little-endian `bits` of the scalar: Horner's rule over 2-bit windows
/// with the table `[0, P, 2P, 3P]`; per window two doublings (10 constraints), a lookup (6)
/// and an addition (6). Complete formulas, so any base and any scalar are fine.
fn mul_variable_base(base: &EdwardsVar, bits: &[Boolean<Fr>]) -> Result<EdwardsVar, SynthesisError> {
    let double = base.double()?;
    let triple = &double + base;
    let table = [EdwardsVar::zero(), base.clone(), double, triple];
    let mut acc: Option<EdwardsVar> = None;
    for window in bits.chunks(2).rev() {
        let term = match window {
            [b0] => b0.select(&table[1], &table[0])?,
            [b0, b1] => {
                let even = b1.select(&table[2], &table[0])?;
                let odd = b1.select(&table[3], &table[1])?;
                b0.select(&odd, &even)?
            }
            _ => unreachable!("chunks of two"),
        };
        acc = Some(match acc {
            None => term,
            Some(mut acc) => {
                for _ in window {
                    acc.double_in_place()?;
                }
                acc + term
            }
        });
    }
    Ok(acc.unwrap_or_else(EdwardsVar::zero))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::babyjubjub::PublicKey;
    use crate::field::{biguint_from_str, fr_from_str};
    use crate::poseidon;
    use ark_ff::UniformRand;
    use ark_relations::gr1cs::{ConstraintSystem, SynthesisMode};
    use num_bigint::BigUint;
    use rand::SeedableRng;
    use rand_chacha::ChaCha20Rng;
    use serde_json::Value;

    fn vectors() -> Value {
        let path = crate::test_utils::vectors_dir().join("babyjubjub-eddsa-poseidon.json");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        serde_json::from_str(&text).expect("vectors are JSON")
    }

    fn list<'a>(vectors: &'a Value, key: &str) -> &'a [Value] {
        vectors[key].as_array().unwrap_or_else(|| panic!("{key} missing"))
    }

    fn fr(value: &Value, key: &str) -> Fr {
        fr_from_str(value[key].as_str().unwrap_or_else(|| panic!("{key} missing"))).expect("canonical")
    }

    /// Raw gadget inputs: any field elements, valid or not.
    #[derive(Clone, Copy, Debug)]
    struct Raw {
        ax: Fr,
        ay: Fr,
        r8x: Fr,
        r8y: Fr,
        s: Fr,
        message: Fr,
    }

    impl Raw {
        fn from_json(value: &Value) -> Self {
            Self {
                ax: fr(value, "Ax"),
                ay: fr(value, "Ay"),
                r8x: fr(value, "R8x"),
                r8y: fr(value, "R8y"),
                s: fr(value, "S"),
                message: fr(value, "message"),
            }
        }

        fn random(rng: &mut ChaCha20Rng) -> Self {
            Self {
                ax: Fr::rand(rng),
                ay: Fr::rand(rng),
                r8x: Fr::rand(rng),
                r8y: Fr::rand(rng),
                s: Fr::rand(rng),
                message: Fr::rand(rng),
            }
        }

        fn alloc(&self, cs: &ConstraintSystemRef<Fr>) -> (PointVar, FpVar<Fr>, SignatureVar) {
            let w = |value: Fr| FpVar::new_witness(cs.clone(), || Ok(value)).unwrap();
            let public_key = PointVar { x: w(self.ax), y: w(self.ay) };
            let message = w(self.message);
            let signature = SignatureVar { r8: PointVar { x: w(self.r8x), y: w(self.r8y) }, s: w(self.s) };
            (public_key, message, signature)
        }

        /// The gadget component whose constraint is the first to fail, if any does.
        fn failing_stage(&self, enabled: bool) -> Option<&'static str> {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let enabled = Boolean::new_witness(cs.clone(), || Ok(enabled)).unwrap();
            let (public_key, message, signature) = self.alloc(&cs);
            let mut stage_ends = Vec::new();
            verify_in_stages(&enabled, &public_key, &message, &signature, |stage| {
                stage_ends.push((stage, cs.num_constraints()))
            })
            .unwrap();
            let failing = cs.which_is_unsatisfied().unwrap()?;
            let index: usize = failing.rsplit(" - ").next().and_then(|i| i.parse().ok()).expect("`label - index`");
            Some(stage_ends.iter().find(|(_, end)| index < *end).expect("a constraint of the gadget").0)
        }

        /// Whether the gadget's constraints hold for these inputs.
        fn satisfies(&self, enabled: bool) -> bool {
            self.failing_stage(enabled).is_none()
        }

        /// Asserts that enabled, the inputs fail first in the stage named `stage...`, and that
        /// disabled, they pass.
        fn assert_rejected_by(&self, stage: &str, what: &str) {
            let failing = self.failing_stage(true).unwrap_or_else(|| panic!("{what} accepted"));
            assert!(failing.starts_with(stage), "{what} rejected by {failing:?}, expected {stage:?}");
            assert!(self.satisfies(false), "{what} disabled but rejected");
        }

        /// circomlib's equation `S·B8 == R8 + (8·hm)·A` with S, hm as integers, natively and
        /// without any key or range check (both points must be on the curve).
        fn circomlib_equation_holds(&self) -> bool {
            let a = Point::new(self.ax, self.ay).expect("A on the curve");
            let r8 = Point::new(self.r8x, self.r8y).expect("R8 on the curve");
            let hm = poseidon::hash(&[self.r8x, self.r8y, self.ax, self.ay, self.message]);
            let eight_hm = BigUint::from(hm.into_bigint()) * 8u32;
            let lhs = Point::base8().mul_bigint(BigUint::from(self.s.into_bigint()).to_u64_digits());
            lhs == r8.add(&a.mul_bigint(eight_hm.to_u64_digits()))
        }
    }

    #[test]
    fn every_valid_vector_satisfies_the_gadget() {
        let vectors = vectors();
        let signatures = list(&vectors, "signatures");
        assert_eq!(signatures.len(), 30);
        let mut sizes = Vec::new();
        for vector in signatures {
            let raw = Raw::from_json(vector);
            let public_key = PublicKey::from_coordinates(raw.ax, raw.ay).expect("valid key");
            let r8 = Point::new(raw.r8x, raw.r8y).expect("R8 on the curve");
            let signature = Signature::new(r8, &biguint_from_str(vector["S"].as_str().unwrap()).unwrap()).unwrap();
            public_key.verify(raw.message, &signature).expect("native verification");

            let cs = ConstraintSystem::<Fr>::new_ref();
            let enabled = Boolean::new_witness(cs.clone(), || Ok(true)).unwrap();
            let key_var = PointVar::new_witness(cs.clone(), public_key.point()).unwrap();
            let message = FpVar::new_witness(cs.clone(), || Ok(raw.message)).unwrap();
            let signature_var = SignatureVar::from_signature(cs.clone(), &signature).unwrap();
            verify_signature_gadget(&enabled, &key_var, &message, &signature_var).unwrap();
            assert!(cs.is_satisfied().unwrap(), "{} fails: {:?}", vector["id"], cs.which_is_unsatisfied());
            sizes.push(cs.num_constraints());
        }
        assert!(sizes.windows(2).all(|pair| pair[0] == pair[1]), "constraint count varies: {sizes:?}");
    }

    #[test]
    fn negative_vectors_are_rejected() {
        let vectors = vectors();
        let mut kinds = std::collections::BTreeSet::new();
        for vector in list(&vectors, "negative_signatures") {
            let raw = Raw::from_json(vector);
            let kind = vector["kind"].as_str().unwrap();
            let stage = match kind {
                "R8_not_on_curve" => "R8",
                "S_ge_subgroup_order" => {
                    // Only the range check stands in the way: the equation holds for S + l.
                    assert!(raw.circomlib_equation_holds());
                    assert!(BigUint::from(raw.s.into_bigint()) >= BigUint::from(Scalar::MODULUS));
                    "S"
                }
                _ => "R8 + hm·8A == S·Base8",
            };
            raw.assert_rejected_by(stage, vector["id"].as_str().unwrap());
            kinds.insert(kind.to_owned());
        }
        for kind in ["tampered_S", "tampered_message", "tampered_R8", "R8_not_on_curve", "S_ge_subgroup_order"] {
            assert!(kinds.contains(kind), "no {kind} vector");
        }
        assert!(kinds.contains("wrong_public_key"));
    }

    #[test]
    fn weak_public_keys_are_rejected_although_circomlib_equation_holds() {
        let vectors = vectors();
        let mut seen = 0;
        for vector in list(&vectors, "edge_cases") {
            let kind = vector["kind"].as_str().unwrap();
            if !matches!(
                kind,
                "low_order_public_key_identity" | "low_order_public_key_order_2" | "public_key_with_torsion"
            ) {
                continue;
            }
            let raw = Raw::from_json(vector);
            assert!(raw.circomlib_equation_holds(), "{kind}: circomlibjs accepts it");
            assert!(PublicKey::from_coordinates(raw.ax, raw.ay).is_err(), "{kind}: native rejects the key");
            raw.assert_rejected_by("public key", kind);
            seen += 1;
        }
        assert_eq!(seen, 3);
    }

    #[test]
    fn every_field_plus_one_is_rejected() {
        let vectors = vectors();
        let valid = Raw::from_json(&list(&vectors, "signatures")[7]);
        assert!(valid.satisfies(true));
        let one = Fr::ONE;
        // A point with a coordinate moved is off the curve; the rest fails the equation.
        let tampered = [
            ("R8.x", Raw { r8x: valid.r8x + one, ..valid }, "R8"),
            ("R8.y", Raw { r8y: valid.r8y + one, ..valid }, "R8"),
            ("S", Raw { s: valid.s + one, ..valid }, "R8 + hm·8A == S·Base8"),
            ("A.x", Raw { ax: valid.ax + one, ..valid }, "public key"),
            ("A.y", Raw { ay: valid.ay + one, ..valid }, "public key"),
            ("message", Raw { message: valid.message + one, ..valid }, "R8 + hm·8A == S·Base8"),
        ];
        for (field, raw, stage) in tampered {
            raw.assert_rejected_by(stage, &format!("{field} + 1"));
        }
    }

    #[test]
    fn disabled_slots_accept_garbage_and_enabled_ones_reject_it() {
        let mut rng = ChaCha20Rng::seed_from_u64(7);
        for _ in 0..4 {
            Raw::random(&mut rng).assert_rejected_by("public key", "random field elements");
        }
        // Garbage that hits special cases: all zeros (x = 0, S = 0), S = p - 1, and a valid
        // key and R8 with S = p - 1.
        let zeros = Raw { ax: Fr::ZERO, ay: Fr::ZERO, r8x: Fr::ZERO, r8y: Fr::ZERO, s: Fr::ZERO, message: Fr::ZERO };
        zeros.assert_rejected_by("public key", "zeros");
        Raw { s: -Fr::ONE, ..zeros }.assert_rejected_by("public key", "zeros with S = p - 1");
        let valid = Raw::from_json(&list(&vectors(), "signatures")[3]);
        Raw { s: -Fr::ONE, ..valid }.assert_rejected_by("S", "S = p - 1");

        // The dummy signature, with a garbage key and with Base8 as key.
        for key in [None, Some(Point::base8())] {
            for enabled in [false, true] {
                let cs = ConstraintSystem::<Fr>::new_ref();
                let enabled_var = Boolean::new_witness(cs.clone(), || Ok(enabled)).unwrap();
                let public_key = match key {
                    Some(point) => PointVar::new_witness(cs.clone(), point).unwrap(),
                    None => {
                        let x = FpVar::new_witness(cs.clone(), || Ok(Fr::rand(&mut rng))).unwrap();
                        let y = FpVar::new_witness(cs.clone(), || Ok(Fr::rand(&mut rng))).unwrap();
                        PointVar { x, y }
                    }
                };
                let message = FpVar::new_witness(cs.clone(), || Ok(Fr::rand(&mut rng))).unwrap();
                let signature = SignatureVar::new_dummy_witness(cs.clone()).unwrap();
                verify_signature_gadget(&enabled_var, &public_key, &message, &signature).unwrap();
                assert_eq!(cs.is_satisfied().unwrap(), !enabled, "dummy, key {key:?}, enabled {enabled}");
            }
        }
    }

    #[test]
    fn range_check_accepts_l_minus_one_and_rejects_l() {
        let l = BigUint::from(Scalar::MODULUS);
        let two_251 = BigUint::from(1u32) << SCALAR_BITS;
        for (value, expected) in [(&l - 1u32, true), (l.clone(), false), (&l + 1u32, false), (two_251 - 1u32, false)] {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let s = FpVar::new_witness(cs.clone(), || Ok(Fr::from(value.clone()))).unwrap();
            scalar_bits(&Boolean::TRUE, &s).unwrap();
            assert_eq!(cs.is_satisfied().unwrap(), expected, "S = {value}");
        }
    }

    #[test]
    fn at_most_matches_integer_comparison_exhaustively() {
        for bound in [0b100000u64, 0b101101, 0b110011, 0b111000, 0b111111, 0b100001, 0b1, 0b10] {
            let width = 64 - bound.leading_zeros() as usize;
            for value in 0..1u64 << width {
                let cs = ConstraintSystem::<Fr>::new_ref();
                let bits: Vec<Boolean<Fr>> =
                    (0..width).map(|i| Boolean::new_witness(cs.clone(), || Ok(value >> i & 1 == 1)).unwrap()).collect();
                enforce_at_most(&bits, ark_ff::BigInt::<4>::from(bound)).unwrap();
                assert_eq!(cs.is_satisfied().unwrap(), value <= bound, "{value:b} <= {bound:b}");
            }
        }
    }

    #[test]
    fn scalar_multiplications_match_native() {
        let mut rng = ChaCha20Rng::seed_from_u64(3);
        let scalars = [Fr::ZERO, Fr::ONE, Fr::from(7u64), Fr::from(8u64), scalar_to_fr(-Scalar::ONE), -Fr::ONE];
        let base = Point::base8().mul_bigint([12345u64]);
        for scalar in scalars.into_iter().chain((0..3).map(|_| Fr::rand(&mut rng))) {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let value = FpVar::new_witness(cs.clone(), || Ok(scalar)).unwrap();
            let bits = value.to_bits_le().unwrap();
            let limbs = scalar.into_bigint();

            let base_var = EdwardsVar::new_witness(cs.clone(), || Ok(base.ark())).unwrap();
            let product = mul_variable_base(&base_var, &bits).unwrap();
            assert_eq!(product.value().unwrap().into_affine(), base.mul_bigint(limbs).ark(), "variable base, {scalar}");

            if limbs.num_bits() as usize <= SCALAR_BITS {
                let product = mul_base8(&bits[..SCALAR_BITS]).unwrap();
                let expected = Point::base8().mul_bigint(limbs).ark();
                assert_eq!(product.value().unwrap().into_affine(), expected, "fixed base, {scalar}");
            }
            assert!(cs.is_satisfied().unwrap());
        }
    }

    #[test]
    fn constraint_counts_by_component() {
        let vectors = vectors();
        let raw = Raw::from_json(&list(&vectors, "signatures")[0]);
        let count = |mode: Option<SynthesisMode>, enabled: bool| -> Vec<(&'static str, usize)> {
            let cs = ConstraintSystem::<Fr>::new_ref();
            if let Some(mode) = mode {
                cs.set_mode(mode);
            }
            let enabled = Boolean::new_witness(cs.clone(), || Ok(enabled)).unwrap();
            let (public_key, message, signature) = raw.alloc(&cs);
            let start = cs.num_constraints();
            let mut stages = Vec::new();
            let mut last = start;
            verify_in_stages(&enabled, &public_key, &message, &signature, |stage| {
                let now = cs.num_constraints();
                stages.push((stage, now - last));
                last = now;
            })
            .unwrap();
            stages.push(("total", last - start));
            if mode.is_none() {
                assert!(cs.is_satisfied().unwrap());
            }
            stages
        };
        let stages = count(None, true);
        for (stage, constraints) in &stages {
            println!("{constraints:>6}  {stage}");
        }
        assert_eq!(count(None, false), stages, "disabled slots cost the same");
        assert_eq!(count(Some(SynthesisMode::Setup), true), stages, "setup mode (no values) costs the same");
        let total = stages.last().unwrap().1;
        assert!(total < 5_000, "verification costs {total} constraints");
    }
}
