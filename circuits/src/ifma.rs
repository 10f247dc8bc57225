//! BN254 scalar-field arithmetic on eight elements at once with AVX-512 IFMA (52-bit
//! multiply-add), for CPUs that have it ([`available`]); callers fall back to arkworks'
//! scalar arithmetic elsewhere. Used for Poseidon (`poseidon::hash_many`) and for the
//! exponentiation inside square roots (`field::sqrt_many`).
//!
//! Each `__m512i` holds one 52-bit limb of eight field elements, so [`Lanes`] is eight elements
//! in radix 2^52 (five limbs, 260 bits). Multiplication is Montgomery's with `R = 2^260`,
//! independent of arkworks' `R = 2^256`: elements are converted on the way in and out, which
//! costs a few scalar multiplications against hundreds inside a hash or a power.
//!
//! **Bounds.** A Montgomery product of `a, b < 2^260` is below `a·b/R + p`, and `p/R < 1/84`:
//! a product of factors below `20p` is below `6p`, and of factors below `2p` below `1.1p`.
//! Sums are not reduced, so each caller keeps its values far below `2^260 ≈ 84·p` (see the
//! Poseidon permutation's bounds). Every limb is normalised to 52 bits before it enters a
//! multiplication, because the IFMA instructions read only the low 52 bits of their factors.

use std::arch::x86_64::{
    __m512i, _mm512_add_epi64, _mm512_and_si512, _mm512_madd52hi_epu64, _mm512_madd52lo_epu64, _mm512_set1_epi64,
    _mm512_setzero_si512, _mm512_srli_epi64, _mm512_storeu_si512,
};
use std::sync::OnceLock;

use ark_ff::{BigInteger, Field, PrimeField};

use crate::field::Fr;

/// Lanes per vector.
pub(crate) const LANES: usize = 8;
const LIMBS: usize = 5;
const MASK52: u64 = (1 << 52) - 1;

/// True when this CPU runs AVX-512F and IFMA (checked once).
pub(crate) fn available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| is_x86_feature_detected!("avx512f") && is_x86_feature_detected!("avx512ifma"))
}

/// One element in radix 2^52, Montgomery form with `R = 2^260`, as stored constants.
pub(crate) type Limbs = [u64; LIMBS];

/// Eight elements, limb-major.
#[derive(Clone, Copy)]
pub(crate) struct Lanes([__m512i; LIMBS]);

/// `p` in 52-bit limbs, `-p^-1 mod 2^52`, `R mod p` (one, in Montgomery form) and, as arkworks
/// elements, `R mod p` and its inverse for the conversions.
pub(crate) struct Field52 {
    modulus: Limbs,
    inverse_negated: u64,
    pub(crate) one: Limbs,
    to_montgomery: Fr,
    from_montgomery: Fr,
}

pub(crate) fn field() -> &'static Field52 {
    static FIELD: OnceLock<Field52> = OnceLock::new();
    FIELD.get_or_init(|| {
        let modulus = Fr::MODULUS.0;
        // Newton's iteration for p^-1 mod 2^64 (each step doubles the correct low bits).
        let mut inverse: u64 = 1;
        for _ in 0..6 {
            inverse = inverse.wrapping_mul(2u64.wrapping_sub(modulus[0].wrapping_mul(inverse)));
        }
        let r_mod_p = Fr::from(2u64).pow([260u64]);
        Field52 {
            modulus: limbs_of_integer(&modulus),
            inverse_negated: inverse.wrapping_neg() & MASK52,
            one: limbs_of_integer(&r_mod_p.into_bigint().0),
            to_montgomery: r_mod_p,
            from_montgomery: r_mod_p.inverse().expect("R is invertible"),
        }
    })
}

/// A canonical integer (four 64-bit limbs, little-endian) in five 52-bit limbs.
fn limbs_of_integer(words: &[u64; 4]) -> Limbs {
    let mut out = [0u64; LIMBS];
    for (i, limb) in out.iter_mut().enumerate() {
        let bit = 52 * i;
        let (word, shift) = (bit / 64, bit % 64);
        let mut value = words[word] >> shift;
        if shift > 12 && word + 1 < 4 {
            value |= words[word + 1] << (64 - shift);
        }
        *limb = value & MASK52;
    }
    out
}

/// Five 52-bit limbs (a value below 2^256) as four 64-bit limbs.
fn integer_of_limbs(limbs: &Limbs) -> [u64; 4] {
    let mut out = [0u64; 4];
    for (i, &limb) in limbs.iter().enumerate() {
        let bit = 52 * i;
        let (word, shift) = (bit / 64, bit % 64);
        out[word] |= limb << shift;
        if shift > 12 && word + 1 < 4 {
            out[word + 1] |= limb >> (64 - shift);
        }
    }
    out
}

/// `value` in this module's Montgomery form.
pub(crate) fn to_limbs(value: &Fr) -> Limbs {
    limbs_of_integer(&(*value * field().to_montgomery).into_bigint().0)
}

/// The element a lane holds (any value below 2^256 congruent to `x·R`).
pub(crate) fn from_limbs(limbs: &Limbs) -> Fr {
    let mut integer = ark_ff::BigInt::<4>(integer_of_limbs(limbs));
    let modulus = Fr::MODULUS;
    while integer >= modulus {
        integer.sub_with_borrow(&modulus);
    }
    Fr::from_bigint(integer).expect("reduced below p") * field().from_montgomery
}

/// `Σ_j constants[j]·values[j]` with one Montgomery reduction.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
pub(crate) fn dot(constants: &[Limbs], values: &[Lanes], field: &Field52) -> Lanes {
    let mut wide = [_mm512_setzero_si512(); 2 * LIMBS];
    for (constant, value) in constants.iter().zip(values) {
        multiply_into(&mut wide, &Lanes::splat(constant), value);
    }
    reduce(wide, field)
}

/// Adds the 520-bit product `a·b` into the column accumulators `wide`.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn multiply_into(wide: &mut [__m512i; 2 * LIMBS], a: &Lanes, b: &Lanes) {
    for i in 0..LIMBS {
        for j in 0..LIMBS {
            wide[i + j] = _mm512_madd52lo_epu64(wide[i + j], a.0[i], b.0[j]);
            wide[i + j + 1] = _mm512_madd52hi_epu64(wide[i + j + 1], a.0[i], b.0[j]);
        }
    }
}

/// Montgomery reduction of column accumulators: `wide / R mod p`, below `wide / R + p`, with
/// normalised limbs. Each column holds at most a few dozen 52-bit terms, far from 2^64.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn reduce(mut wide: [__m512i; 2 * LIMBS], field: &Field52) -> Lanes {
    let zero = _mm512_setzero_si512();
    let inverse = _mm512_set1_epi64(field.inverse_negated as i64);
    let modulus = Lanes::splat(&field.modulus);
    for i in 0..LIMBS {
        // m = wide[i]·(−p^-1) mod 2^52 makes column i a multiple of 2^52 once m·p is added.
        let m = _mm512_madd52lo_epu64(zero, wide[i], inverse);
        for j in 0..LIMBS {
            wide[i + j] = _mm512_madd52lo_epu64(wide[i + j], m, modulus.0[j]);
            wide[i + j + 1] = _mm512_madd52hi_epu64(wide[i + j + 1], m, modulus.0[j]);
        }
        wide[i + 1] = _mm512_add_epi64(wide[i + 1], _mm512_srli_epi64::<52>(wide[i]));
    }
    Lanes([wide[5], wide[6], wide[7], wide[8], wide[9]]).normalized()
}

impl Lanes {
    #[inline]
    #[target_feature(enable = "avx512f")]
    pub(crate) fn zero() -> Self {
        Self([_mm512_setzero_si512(); LIMBS])
    }

    /// The same element in all eight lanes.
    #[inline]
    #[target_feature(enable = "avx512f")]
    pub(crate) fn splat(limbs: &Limbs) -> Self {
        let mut out = Self::zero();
        for (lanes, &limb) in out.0.iter_mut().zip(limbs) {
            *lanes = _mm512_set1_epi64(limb as i64);
        }
        out
    }

    /// Eight elements, one per lane.
    #[inline]
    #[target_feature(enable = "avx512f")]
    pub(crate) fn load(lanes: &[Limbs; LANES]) -> Self {
        let mut out = Self::zero();
        for (i, limb) in out.0.iter_mut().enumerate() {
            let words: [u64; LANES] = std::array::from_fn(|lane| lanes[lane][i]);
            // SAFETY: `words` is 64 readable bytes; the load has no alignment requirement.
            *limb = unsafe { std::ptr::read_unaligned(words.as_ptr().cast::<__m512i>()) };
        }
        out
    }

    #[inline]
    #[target_feature(enable = "avx512f")]
    pub(crate) fn store(&self) -> [Limbs; LANES] {
        let mut words = [[0u64; LANES]; LIMBS];
        for (limb, row) in self.0.iter().zip(words.iter_mut()) {
            // SAFETY: `row` is 64 writable bytes; the store has no alignment requirement.
            unsafe { _mm512_storeu_si512(row.as_mut_ptr().cast(), *limb) };
        }
        std::array::from_fn(|lane| std::array::from_fn(|i| words[i][lane]))
    }

    /// Carries each limb's excess into the next, leaving 52-bit limbs.
    #[inline]
    #[target_feature(enable = "avx512f")]
    fn normalized(mut self) -> Self {
        let mask = _mm512_set1_epi64(MASK52 as i64);
        for i in 0..LIMBS - 1 {
            let carry = _mm512_srli_epi64::<52>(self.0[i]);
            self.0[i] = _mm512_and_si512(self.0[i], mask);
            self.0[i + 1] = _mm512_add_epi64(self.0[i + 1], carry);
        }
        self
    }

    /// The integer sum (not reduced mod p; see the module's bounds).
    #[inline]
    #[target_feature(enable = "avx512f")]
    pub(crate) fn add(&self, other: &Self) -> Self {
        let mut sum = *self;
        for (s, o) in sum.0.iter_mut().zip(&other.0) {
            *s = _mm512_add_epi64(*s, *o);
        }
        sum.normalized()
    }

    /// The Montgomery product `self·other/R mod p`.
    #[inline]
    #[target_feature(enable = "avx512f,avx512ifma")]
    pub(crate) fn mul(&self, other: &Self, field: &Field52) -> Self {
        let mut wide = [_mm512_setzero_si512(); 2 * LIMBS];
        multiply_into(&mut wide, self, other);
        reduce(wide, field)
    }
}

/// `bases[lane]^exponent` for eight bases, the exponent given as little-endian 64-bit words
/// (4-bit fixed windows: the same digit for every lane, so no lane waits on another).
///
/// # Safety
/// The CPU must support AVX-512F and IFMA ([`available`]).
#[target_feature(enable = "avx512f,avx512ifma")]
pub(crate) unsafe fn pow8(bases: &[Fr; LANES], exponent: &[u64]) -> [Fr; LANES] {
    let field = field();
    let base = Lanes::load(&bases.map(|b| to_limbs(&b)));
    let mut powers = [Lanes::splat(&field.one); 16];
    for digit in 1..16 {
        powers[digit] = powers[digit - 1].mul(&base, field);
    }
    let mut acc = Lanes::splat(&field.one);
    for word in exponent.iter().rev() {
        for nibble in (0..16).rev() {
            for _ in 0..4 {
                acc = acc.mul(&acc, field);
            }
            let digit = (word >> (4 * nibble)) & 0xf;
            if digit != 0 {
                acc = acc.mul(&powers[digit as usize], field);
            }
        }
    }
    acc.store().map(|limbs| from_limbs(&limbs))
}

#[cfg(test)]
mod tests {
    use ark_ff::UniformRand;
    use rand::SeedableRng;

    use super::*;

    #[test]
    fn limb_conversions_round_trip() {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(1);
        for _ in 0..100 {
            let value = Fr::rand(&mut rng);
            assert_eq!(from_limbs(&to_limbs(&value)), value);
        }
        assert_eq!(from_limbs(&field().one), Fr::from(1u64));
    }

    #[test]
    fn pow8_matches_arkworks() {
        if !available() {
            eprintln!("no AVX-512 IFMA on this CPU: nothing to compare");
            return;
        }
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(2);
        let mut bases: [Fr; LANES] = std::array::from_fn(|_| Fr::rand(&mut rng));
        bases[3] = Fr::from(0u64);
        bases[5] = -Fr::from(1u64);
        for exponent in
            [vec![0u64], vec![1], vec![0xfedc_ba98_7654_3210, 7], (-Fr::from(2u64)).into_bigint().0.to_vec()]
        {
            // SAFETY: checked above.
            let powers = unsafe { pow8(&bases, &exponent) };
            for (base, power) in bases.iter().zip(powers) {
                assert_eq!(power, base.pow(&exponent), "{exponent:?}");
            }
        }
    }
}
