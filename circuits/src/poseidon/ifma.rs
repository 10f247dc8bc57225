//! Eight Poseidon permutations at once with AVX-512 IFMA (52-bit multiply-add), for CPUs that
//! have it; [`super::hash_many`] falls back to the scalar permutation elsewhere.
//!
//! Each `__m512i` holds one 52-bit limb of eight field elements, so [`Lanes`] is eight elements
//! in radix 2^52 (five limbs, 260 bits). Multiplication is Montgomery's with `R = 2^260`,
//! independent of arkworks' `R = 2^256`: elements are converted on the way in and out, which
//! costs a few scalar multiplications per hash against about a thousand inside it.
//!
//! **Bounds.** A Montgomery product of `a, b < 2^260` is below `a·b/R + p`, and `p/R < 1/84`,
//! so values are kept far below `2^260 ≈ 84·p`, without reducing after every addition:
//! - round constants and matrix entries are below `p`, and inputs below `p`;
//! - an S-box or a dot product of at most [`MAX_WIDTH`] terms, reduced once, with one factor
//!   below `p` and the other below `20p`, gives less than `3p`; the square of a value below
//!   `20p` is below `6p`, and the S-box of it below `2p`;
//! - the partial rounds add a product (below `1.1p`) to each of `state[1..]` once per round,
//!   so those are reduced (multiplied by one) every [`PARTIAL_REDUCE_EVERY`] rounds and stay
//!   below `20p`.
//!
//! Every limb is normalised to 52 bits before it enters a multiplication, because the IFMA
//! instructions read only the low 52 bits of their factors. The permutation is the same
//! optimised form as the scalar one, constant for constant; `tests` compares the two.

use std::arch::x86_64::{
    __m512i, _mm512_add_epi64, _mm512_and_si512, _mm512_madd52hi_epu64, _mm512_madd52lo_epu64, _mm512_set1_epi64,
    _mm512_setzero_si512, _mm512_srli_epi64, _mm512_storeu_si512,
};
use std::sync::OnceLock;

use ark_ff::{BigInteger, Field, PrimeField};

use super::{PoseidonParams, FULL_ROUNDS};
use crate::field::Fr;

/// Widest state the bounds above are worked out for (arity 5, the EdDSA challenge).
pub(super) const MAX_WIDTH: usize = 6;
/// Lanes per vector.
pub(super) const LANES: usize = 8;
/// The partial rounds reduce `state[1..]` this often (see the module's bounds).
const PARTIAL_REDUCE_EVERY: usize = 12;
const LIMBS: usize = 5;
const MASK52: u64 = (1 << 52) - 1;

/// True when this CPU runs AVX-512F and IFMA (checked once).
pub(super) fn available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| is_x86_feature_detected!("avx512f") && is_x86_feature_detected!("avx512ifma"))
}

/// One element in radix 2^52, Montgomery form with `R = 2^260`, as stored constants.
type Limbs = [u64; LIMBS];

/// Eight elements, limb-major.
#[derive(Clone, Copy)]
struct Lanes([__m512i; LIMBS]);

/// The field and a width's round constants in this module's representation.
struct Constants {
    /// Round constants, MDS and pre-sparse columns, and sparse rounds, as in [`PoseidonParams`].
    round_constants: Vec<Limbs>,
    mds_columns: Vec<Limbs>,
    pre_sparse_columns: Vec<Limbs>,
    sparse: Vec<Limbs>,
}

/// `p` in 52-bit limbs, `-p^-1 mod 2^52`, `R mod p` (one, in Montgomery form) and, as arkworks
/// elements, `R mod p` and its inverse for the conversions.
struct Field52 {
    modulus: Limbs,
    inverse_negated: u64,
    one: Limbs,
    to_montgomery: Fr,
    from_montgomery: Fr,
}

fn field() -> &'static Field52 {
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
fn to_limbs(value: &Fr) -> Limbs {
    limbs_of_integer(&(*value * field().to_montgomery).into_bigint().0)
}

/// The element a lane holds (any value below 2^256 congruent to `x·R`).
fn from_limbs(limbs: &Limbs) -> Fr {
    let mut integer = ark_ff::BigInt::<4>(integer_of_limbs(limbs));
    let modulus = Fr::MODULUS;
    while integer >= modulus {
        integer.sub_with_borrow(&modulus);
    }
    Fr::from_bigint(integer).expect("reduced below p") * field().from_montgomery
}

fn constants(params: &PoseidonParams) -> &'static Constants {
    static TABLES: [OnceLock<Constants>; MAX_WIDTH + 1] = [const { OnceLock::new() }; MAX_WIDTH + 1];
    TABLES[params.width].get_or_init(|| {
        let convert = |values: &[Fr]| values.iter().map(to_limbs).collect::<Vec<Limbs>>();
        Constants {
            round_constants: convert(&params.round_constants),
            mds_columns: convert(&params.mds_columns),
            pre_sparse_columns: convert(&params.pre_sparse_columns),
            sparse: convert(&params.sparse),
        }
    })
}

/// Poseidon of eight input lists of `T - 1` elements each (`inputs[lane]`); `T <= MAX_WIDTH`.
///
/// # Safety
/// The CPU must support AVX-512F and IFMA ([`available`]).
#[target_feature(enable = "avx512f,avx512ifma")]
pub(super) unsafe fn hash8<const T: usize>(params: &PoseidonParams, inputs: [&[Fr]; LANES]) -> [Fr; LANES] {
    assert!(T <= MAX_WIDTH && params.width == T);
    let mut columns = [[[0u64; LIMBS]; LANES]; T];
    for (lane, list) in inputs.iter().enumerate() {
        assert_eq!(list.len(), T - 1, "every lane has the width's arity");
        for (j, value) in list.iter().enumerate() {
            columns[j + 1][lane] = to_limbs(value);
        }
    }
    let mut state = [Lanes::zero(); T];
    for (lanes, column) in state.iter_mut().zip(&columns) {
        *lanes = Lanes::load(column);
    }
    permute(constants(params), &mut state);
    let out = state[0].store();
    let mut hashes = [Fr::from(0u64); LANES];
    for (hash, limbs) in hashes.iter_mut().zip(&out) {
        *hash = from_limbs(limbs);
    }
    hashes
}

#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn permute<const T: usize>(c: &Constants, state: &mut [Lanes; T]) {
    let field = field();
    let half = FULL_ROUNDS / 2;
    let rc = &c.round_constants;

    add_constants(state, &rc[..T]);
    for round in 0..half - 1 {
        sbox_all(state, field);
        add_constants(state, &rc[(round + 1) * T..(round + 2) * T]);
        mix(&c.mds_columns, state, field);
    }
    sbox_all(state, field);
    add_constants(state, &rc[half * T..(half + 1) * T]);
    mix(&c.pre_sparse_columns, state, field);

    let partial_rounds = rc.len() - FULL_ROUNDS * T;
    let partial_constants = &rc[(half + 1) * T..];
    for (round, sparse) in c.sparse.chunks_exact(2 * T - 1).enumerate() {
        state[0] = sbox(&state[0], field).add(&Lanes::splat(&partial_constants[round]));
        let first = dot(&sparse[..T], state, field);
        let head = state[0];
        let reduce = (round + 1) % PARTIAL_REDUCE_EVERY == 0;
        for (s, m) in state[1..].iter_mut().zip(&sparse[T..]) {
            *s = s.add(&head.mul(&Lanes::splat(m), field));
            if reduce {
                *s = s.mul(&Lanes::splat(&field.one), field);
            }
        }
        state[0] = first;
    }

    let tail_constants = &rc[(half + 1) * T + partial_rounds..];
    for round in 0..half - 1 {
        sbox_all(state, field);
        add_constants(state, &tail_constants[round * T..(round + 1) * T]);
        mix(&c.mds_columns, state, field);
    }
    sbox_all(state, field);
    mix(&c.mds_columns, state, field);
}

#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn sbox(x: &Lanes, field: &Field52) -> Lanes {
    let x2 = x.mul(x, field);
    let x4 = x2.mul(&x2, field);
    x4.mul(x, field)
}

#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn sbox_all<const T: usize>(state: &mut [Lanes; T], field: &Field52) {
    for s in state.iter_mut() {
        *s = sbox(s, field);
    }
}

#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn add_constants<const T: usize>(state: &mut [Lanes; T], constants: &[Limbs]) {
    for (s, c) in state.iter_mut().zip(constants) {
        *s = s.add(&Lanes::splat(c));
    }
}

/// `next[i] = Σ_j columns[i][j]·state[j]`, each output one lazily reduced dot product.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn mix<const T: usize>(columns: &[Limbs], state: &mut [Lanes; T], field: &Field52) {
    let current = *state;
    for (next, column) in state.iter_mut().zip(columns.chunks_exact(T)) {
        *next = dot(column, &current, field);
    }
}

/// `Σ_j constants[j]·values[j]` with one Montgomery reduction.
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn dot(constants: &[Limbs], values: &[Lanes], field: &Field52) -> Lanes {
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
    fn zero() -> Self {
        Self([_mm512_setzero_si512(); LIMBS])
    }

    /// The same element in all eight lanes.
    #[inline]
    #[target_feature(enable = "avx512f")]
    fn splat(limbs: &Limbs) -> Self {
        let mut out = Self::zero();
        for (lanes, &limb) in out.0.iter_mut().zip(limbs) {
            *lanes = _mm512_set1_epi64(limb as i64);
        }
        out
    }

    /// Eight elements, one per lane.
    #[inline]
    #[target_feature(enable = "avx512f")]
    fn load(lanes: &[Limbs; LANES]) -> Self {
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
    fn store(&self) -> [Limbs; LANES] {
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
    fn add(&self, other: &Self) -> Self {
        let mut sum = *self;
        for (s, o) in sum.0.iter_mut().zip(&other.0) {
            *s = _mm512_add_epi64(*s, *o);
        }
        sum.normalized()
    }

    /// The Montgomery product `self·other/R mod p`.
    #[inline]
    #[target_feature(enable = "avx512f,avx512ifma")]
    fn mul(&self, other: &Self, field: &Field52) -> Self {
        let mut wide = [_mm512_setzero_si512(); 2 * LIMBS];
        multiply_into(&mut wide, self, other);
        reduce(wide, field)
    }
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
}
