//! Eight Poseidon permutations at once on AVX-512 IFMA ([`crate::ifma`]), for CPUs that have
//! it; [`super::hash_many`] falls back to the scalar permutation elsewhere. The permutation is
//! the same optimised form as the scalar one, constant for constant; `super::tests` compares
//! the two.
//!
//! **Bounds** (see [`crate::ifma`]): values stay far below `2^260 ≈ 84·p` without reducing
//! after every addition:
//! - round constants and matrix entries are below `p`, and inputs below `p`;
//! - an S-box or a dot product of at most [`MAX_WIDTH`] terms, reduced once, with one factor
//!   below `p` and the other below `20p`, gives less than `3p`; the square of a value below
//!   `20p` is below `6p`, and the S-box of it below `2p`;
//! - the partial rounds add a product (below `1.1p`) to each of `state[1..]` once per round,
//!   so those are reduced (multiplied by one) every [`PARTIAL_REDUCE_EVERY`] rounds and stay
//!   below `20p`.

use std::sync::OnceLock;

use super::{PoseidonParams, FULL_ROUNDS};
use crate::field::Fr;
use crate::ifma::{dot, field, from_limbs, to_limbs, Field52, Lanes, Limbs, LANES};

/// Widest state the bounds above are worked out for (arity 5, the EdDSA challenge).
pub(super) const MAX_WIDTH: usize = 6;
/// The partial rounds reduce `state[1..]` this often (see the module's bounds).
const PARTIAL_REDUCE_EVERY: usize = 12;

/// The field and a width's round constants in this module's representation.
struct Constants {
    /// Round constants, MDS and pre-sparse columns, and sparse rounds, as in [`PoseidonParams`].
    round_constants: Vec<Limbs>,
    mds_columns: Vec<Limbs>,
    pre_sparse_columns: Vec<Limbs>,
    sparse: Vec<Limbs>,
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
/// The CPU must support AVX-512F and IFMA ([`crate::ifma::available`]).
#[target_feature(enable = "avx512f,avx512ifma")]
pub(super) unsafe fn hash8<const T: usize>(params: &PoseidonParams, inputs: [&[Fr]; LANES]) -> [Fr; LANES] {
    assert!(T <= MAX_WIDTH && params.width == T);
    let mut columns = [[[0u64; 5]; LANES]; T];
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
