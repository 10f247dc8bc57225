//! Batch verification: one multi-scalar multiplication checks many signatures at once.
//!
//! For random 128-bit weights `z_i` we check
//! `(Σ z_i·S_i)·B8 − Σ z_i·R8_i − Σ (8·z_i·hm_i)·A_i = 0`. If any signature's prime-order part
//! is wrong, this fails except with probability about 2^-128. One gap remains: single
//! verification rejects an R8 with a small-order (torsion) component, but torsion parts of
//! several signatures can cancel in any weighted sum, because the torsion group has only 8
//! elements. So we also check that the R8s are torsion-free: for each of
//! [`TORSION_ROUNDS`] random subsets, `l · Σ_subset R8_i` must be the identity. A nonzero torsion
//! vector survives one round with probability at most 1/2. When the batch fails, each signature
//! is checked on its own (in parallel) to say which ones are bad.

use ark_ec::{AffineRepr, CurveGroup, VariableBaseMSM};
use ark_ed_on_bn254::{EdwardsAffine, EdwardsProjective};
use ark_ff::{PrimeField, Zero};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use rayon::prelude::*;

use super::eddsa::{challenge_inputs, challenge_of_hash};
use super::{Point, PublicKey, Scalar, Signature};
use crate::field::Fr;
use crate::poseidon;

/// Rounds of the random-subset torsion check (false-accept probability at most 2^-64).
pub const TORSION_ROUNDS: usize = 64;

/// Challenge hashes per rayon task: a multiple of the eight IFMA lanes, small enough to
/// spread a few hundred signatures over the cores.
const CHALLENGE_CHUNK: usize = 64;

/// One message with its signer's key and signature.
#[derive(Clone, Copy, Debug)]
pub struct SignedMessage<'a> {
    /// The signer.
    pub public_key: &'a PublicKey,
    /// The signed field element.
    pub message: Fr,
    /// The signature.
    pub signature: &'a Signature,
}

/// The batch holds invalid signatures; `invalid` lists their positions, in order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} of the batch's signatures are invalid", invalid.len())]
pub struct BatchVerifyError {
    /// Indices (into the input) of the signatures that fail on their own.
    pub invalid: Vec<usize>,
}

/// Verifies every signature; `Ok` exactly when each one verifies on its own (up to the stated
/// error probabilities). Hashing and the MSM run on rayon's pool.
pub fn verify_batch(items: &[SignedMessage<'_>]) -> Result<(), BatchVerifyError> {
    if items.is_empty() {
        return Ok(());
    }
    if batch_equation_holds(items) && r8_torsion_free(items) {
        return Ok(());
    }
    let invalid: Vec<usize> = items
        .par_iter()
        .enumerate()
        .filter(|(_, item)| item.public_key.verify(item.message, item.signature).is_err())
        .map(|(index, _)| index)
        .collect();
    if invalid.is_empty() {
        Ok(())
    } else {
        Err(BatchVerifyError { invalid })
    }
}

fn fresh_rng() -> ChaCha20Rng {
    ChaCha20Rng::from_rng(rand::thread_rng()).expect("seed from the OS")
}

fn batch_equation_holds(items: &[SignedMessage<'_>]) -> bool {
    let mut rng = fresh_rng();
    let weights: Vec<Scalar> = (0..items.len()).map(|_| Scalar::from(rng.gen::<u128>())).collect();
    let challenges: Vec<Scalar> = items
        .par_chunks(CHALLENGE_CHUNK)
        .flat_map_iter(|chunk| {
            let inputs: Vec<[Fr; 5]> = chunk
                .iter()
                .map(|item| challenge_inputs(&item.signature.r8(), item.public_key, item.message))
                .collect();
            poseidon::hash_many(&inputs).into_iter().map(challenge_of_hash)
        })
        .collect();

    let n = items.len();
    let mut bases: Vec<EdwardsAffine> = Vec::with_capacity(2 * n + 1);
    let mut scalars: Vec<Scalar> = Vec::with_capacity(2 * n + 1);
    let mut base8_scalar = Scalar::zero();
    let eight = Scalar::from(8u64);
    for ((item, z), hm) in items.iter().zip(&weights).zip(&challenges) {
        base8_scalar += *z * item.signature.s();
        // −z·R8 as z·(−R8): the weight stays 128 bits wide, so the MSM skips the upper half
        // of its windows for these n terms (negating a point is free; −z mod l is full width).
        bases.push(-item.signature.r8().ark());
        scalars.push(*z);
        bases.push(item.public_key.point().ark());
        scalars.push(-(*z * eight * hm));
    }
    bases.push(Point::base8().ark());
    scalars.push(base8_scalar);
    EdwardsProjective::msm(&bases, &scalars).expect("equal lengths").is_zero()
}

/// The [`TORSION_ROUNDS`] random subsets come four at a time from one random 4-bit label per
/// R8: the R8s are summed into 16 buckets by label, and subset `b` of the four is the sum of
/// the buckets whose label has bit `b` set. Each label bit is an independent fair coin, so
/// the subsets are exactly as random as four separate draws, for one addition per R8 instead
/// of four halves.
fn r8_torsion_free(items: &[SignedMessage<'_>]) -> bool {
    const SUBSETS_PER_LABEL: usize = 4;
    let seeds: Vec<[u8; 32]> = {
        let mut rng = fresh_rng();
        (0..TORSION_ROUNDS / SUBSETS_PER_LABEL).map(|_| rng.gen()).collect()
    };
    let subgroup_order = Scalar::MODULUS;
    seeds.par_iter().all(|&seed| {
        let mut rng = ChaCha20Rng::from_seed(seed);
        let mut buckets = [EdwardsProjective::zero(); 1 << SUBSETS_PER_LABEL];
        for item in items {
            let label = rng.gen::<u8>() as usize % buckets.len();
            buckets[label] += item.signature.r8().ark();
        }
        (0..SUBSETS_PER_LABEL).all(|bit| {
            let subset: EdwardsProjective =
                buckets.iter().enumerate().filter(|(label, _)| label >> bit & 1 == 1).map(|(_, sum)| *sum).sum();
            subset.into_affine().mul_bigint(subgroup_order).is_zero()
        })
    })
}

#[cfg(test)]
mod tests {
    use ark_ff::{AdditiveGroup, Field};

    use super::super::eddsa::challenge;
    use super::*;
    use crate::babyjubjub::{mul_base8, PrivateKey};

    /// Honest R8s, one of them shifted by each nonzero torsion point in turn (orders 2, 4
    /// and 8): the bucketed subset check refuses every one, and passes the honest batch.
    #[test]
    fn the_torsion_check_finds_every_torsion_point() {
        let generator = crate::test_utils::order_8_point();
        let key = PrivateKey::from_bytes(b"torsion check");
        let public_key = key.public_key();
        let signatures: Vec<Signature> = (0..40u64).map(|m| key.sign(Fr::from(m))).collect();
        let items = |signatures: &[Signature]| -> bool {
            let items: Vec<SignedMessage<'_>> = signatures
                .iter()
                .map(|signature| SignedMessage { public_key: &public_key, message: Fr::ZERO, signature })
                .collect();
            r8_torsion_free(&items)
        };
        assert!(items(&signatures));
        for multiple in 1..8u64 {
            let torsion = generator.mul_bigint([multiple]);
            let mut shifted = signatures.clone();
            shifted[17] = Signature::new(shifted[17].r8().add(&torsion), &shifted[17].s().into()).expect("S < l");
            assert!(!items(&shifted), "{multiple} × the order-8 point");
        }
    }

    /// A signature whose R8 carries the point of order 2 and whose S makes the prime-order
    /// part of the equation hold: single verification refuses it (R8 must match exactly),
    /// while the weighted batch equation alone cancels the torsion whenever its weight is
    /// even. The torsion check must catch it every time.
    #[test]
    fn an_r8_with_a_torsion_component_is_refused_like_single_verification_does() {
        let key = PrivateKey::from_bytes(b"torsion in R8");
        let public_key = key.public_key();
        let message = Fr::from(42u64);
        let r = Scalar::from(123_456_789u64);
        let order_two = Point::new(Fr::ZERO, -Fr::ONE).expect("(0, -1) is on the curve");
        let r8 = Point::from_projective(mul_base8(&r)).add(&order_two);
        let hm = challenge(&r8, &public_key, message);
        let s = r + hm * Scalar::from(key.pruned_scalar().clone());
        let forged = Signature::new(r8, &num_bigint::BigUint::from(s)).expect("S < l");
        assert!(public_key.verify(message, &forged).is_err(), "single verification refuses it");

        let honest_message = Fr::from(7u64);
        let honest = key.sign(honest_message);
        let items = [
            SignedMessage { public_key: &public_key, message: honest_message, signature: &honest },
            SignedMessage { public_key: &public_key, message, signature: &forged },
        ];
        assert_eq!(verify_batch(&items[..1]), Ok(()));
        let mut equation_alone_passed = 0;
        for _ in 0..40 {
            equation_alone_passed += usize::from(batch_equation_holds(&items));
            assert_eq!(verify_batch(&items), Err(BatchVerifyError { invalid: vec![1] }));
        }
        // The weighted equation is blind to the torsion about half the time (each miss has
        // probability 2^-40 of never showing): the torsion check is what refuses it.
        assert!(equation_alone_passed > 0, "the weighted equation never cancelled the torsion");
    }
}
