//! Poseidon over BN254 with circomlib's parameters (`Poseidon(n)` for n = 1..16 inputs).
//!
//! We evaluate circomlib's optimised form (the "opt" constants: sparse partial rounds, after
//! filecoin's neptune), which computes exactly the same function as the reference form with far
//! fewer multiplications. The constants are circomlibjs 0.1.7's `poseidon_constants_opt.json`,
//! stored as raw field elements (`scripts/gen-poseidon-constants.js` rebuilds the file).
//! The circuit gadget uses the same [`PoseidonParams`], so native and constraint code cannot drift.

use std::sync::OnceLock;

use ark_ff::{AdditiveGroup, Field, PrimeField};

use crate::field::Fr;

/// Largest number of inputs circomlib defines.
pub const MAX_ARITY: usize = 16;
/// Full rounds, half before and half after the partial rounds.
pub const FULL_ROUNDS: usize = 8;
/// Partial rounds for arity 1..=16 (index `arity - 1`).
pub const PARTIAL_ROUNDS: [usize; MAX_ARITY] = [56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68];

pub mod constraints;
#[cfg(target_arch = "x86_64")]
mod ifma;

static CONSTANTS_FILE: &[u8] = include_bytes!("circom_opt_constants.bin");

/// The optimised-form constants for one width `t = arity + 1`.
#[derive(Debug)]
pub struct PoseidonParams {
    /// State width (inputs + one capacity element).
    pub width: usize,
    /// Number of partial rounds.
    pub partial_rounds: usize,
    /// Round constants of the optimised form, `8 * width + partial_rounds` of them.
    pub round_constants: Vec<Fr>,
    /// MDS matrix, row-major: `next[i] = sum_j mds[j * width + i] * state[j]`.
    pub mds: Vec<Fr>,
    /// The pre-sparse matrix applied before the partial rounds (same layout as `mds`).
    pub pre_sparse: Vec<Fr>,
    /// Sparse matrices of the partial rounds, `2 * width - 1` entries per round.
    pub sparse: Vec<Fr>,
    /// `mds` transposed: row `i` is the column that produces `next[i]`, so each output is one
    /// contiguous dot product (native evaluation only).
    mds_columns: Vec<Fr>,
    /// `pre_sparse` transposed, likewise.
    pre_sparse_columns: Vec<Fr>,
}

impl PoseidonParams {
    /// The parameters for `arity` inputs (1..=16).
    pub fn for_arity(arity: usize) -> &'static PoseidonParams {
        assert!((1..=MAX_ARITY).contains(&arity), "Poseidon arity {arity} is outside 1..=16");
        &all_params()[arity - 1]
    }
}

fn all_params() -> &'static [PoseidonParams] {
    static PARAMS: OnceLock<Vec<PoseidonParams>> = OnceLock::new();
    PARAMS.get_or_init(|| {
        let mut elements = CONSTANTS_FILE.chunks_exact(32).map(Fr::from_le_bytes_mod_order);
        let mut take = |n: usize| -> Vec<Fr> { elements.by_ref().take(n).collect() };
        (1..=MAX_ARITY)
            .map(|arity| {
                let width = arity + 1;
                let partial_rounds = PARTIAL_ROUNDS[arity - 1];
                let round_constants = take(FULL_ROUNDS * width + partial_rounds);
                let mds = take(width * width);
                let pre_sparse = take(width * width);
                let sparse = take((2 * width - 1) * partial_rounds);
                assert_eq!(sparse.len(), (2 * width - 1) * partial_rounds, "constants file is truncated");
                let mds_columns = transpose(&mds, width);
                let pre_sparse_columns = transpose(&pre_sparse, width);
                PoseidonParams {
                    width,
                    partial_rounds,
                    round_constants,
                    mds,
                    pre_sparse,
                    sparse,
                    mds_columns,
                    pre_sparse_columns,
                }
            })
            .collect()
    })
}

fn transpose(matrix: &[Fr], width: usize) -> Vec<Fr> {
    (0..width * width).map(|k| matrix[(k % width) * width + k / width]).collect()
}

/// An input list whose length circomlib does not define.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("Poseidon takes 1 to 16 inputs, got {0}")]
pub struct ArityError(pub usize);

/// `Poseidon(inputs)`, panicking on an arity outside 1..=16 (a programming error in callers that
/// hash fixed-size records). Use [`try_hash`] for untrusted lengths.
pub fn hash(inputs: &[Fr]) -> Fr {
    try_hash(inputs).expect("Poseidon arity")
}

/// `Poseidon(inputs)` for 1..=16 inputs.
pub fn try_hash(inputs: &[Fr]) -> Result<Fr, ArityError> {
    if inputs.is_empty() || inputs.len() > MAX_ARITY {
        return Err(ArityError(inputs.len()));
    }
    let params = PoseidonParams::for_arity(inputs.len());
    Ok(match params.width {
        2 => permute_inputs::<2>(params, inputs),
        3 => permute_inputs::<3>(params, inputs),
        4 => permute_inputs::<4>(params, inputs),
        5 => permute_inputs::<5>(params, inputs),
        6 => permute_inputs::<6>(params, inputs),
        7 => permute_inputs::<7>(params, inputs),
        8 => permute_inputs::<8>(params, inputs),
        9 => permute_inputs::<9>(params, inputs),
        10 => permute_inputs::<10>(params, inputs),
        11 => permute_inputs::<11>(params, inputs),
        12 => permute_inputs::<12>(params, inputs),
        13 => permute_inputs::<13>(params, inputs),
        14 => permute_inputs::<14>(params, inputs),
        15 => permute_inputs::<15>(params, inputs),
        16 => permute_inputs::<16>(params, inputs),
        17 => permute_inputs::<17>(params, inputs),
        width => unreachable!("Poseidon width {width} is outside 2..=17"),
    })
}

/// Loads `[0, inputs...]` into a width-`T` state, permutes it and returns `state[0]`.
fn permute_inputs<const T: usize>(params: &PoseidonParams, inputs: &[Fr]) -> Fr {
    let mut state = [Fr::ZERO; T];
    state[1..].copy_from_slice(inputs);
    permute(params, &mut state);
    state[0]
}

/// Poseidon of each list: `hash_many(lists)[i] == hash(&lists[i])`, for 1 to 16 inputs per
/// list. On x86-64 CPUs with AVX-512 IFMA, lists of up to 5 inputs are hashed eight at a time
/// (the `ifma` module), which is several times faster per hash; elsewhere one at a time.
pub fn hash_many<const N: usize>(lists: &[[Fr; N]]) -> Vec<Fr> {
    #[cfg(target_arch = "x86_64")]
    if N < ifma::MAX_WIDTH && crate::ifma::available() {
        return hash_many_ifma(lists);
    }
    lists.iter().map(|list| hash(list)).collect()
}

/// Below this many lists in a group of eight, the scalar permutation is cheaper than eight lanes.
#[cfg(target_arch = "x86_64")]
const MIN_IFMA_LISTS: usize = 3;

#[cfg(target_arch = "x86_64")]
fn hash_many_ifma<const N: usize>(lists: &[[Fr; N]]) -> Vec<Fr> {
    let params = PoseidonParams::for_arity(N);
    let mut out = Vec::with_capacity(lists.len());
    for group in lists.chunks(crate::ifma::LANES) {
        if group.len() < MIN_IFMA_LISTS {
            out.extend(group.iter().map(|list| hash(list)));
            continue;
        }
        let lanes: [&[Fr]; crate::ifma::LANES] =
            std::array::from_fn(|lane| group.get(lane).unwrap_or(&group[0]).as_slice());
        // SAFETY: `hash_many` checked `ifma::available()`.
        let hashes = unsafe {
            match N + 1 {
                2 => ifma::hash8::<2>(params, lanes),
                3 => ifma::hash8::<3>(params, lanes),
                4 => ifma::hash8::<4>(params, lanes),
                5 => ifma::hash8::<5>(params, lanes),
                6 => ifma::hash8::<6>(params, lanes),
                width => unreachable!("width {width} is not vectorised"),
            }
        };
        out.extend_from_slice(&hashes[..group.len()]);
    }
    out
}

/// Poseidon of two inputs: the Merkle-node hash.
pub fn hash2(left: Fr, right: Fr) -> Fr {
    hash(&[left, right])
}

#[inline(always)]
fn sbox(x: Fr) -> Fr {
    let x2 = x.square();
    x2.square() * x
}

/// The first `T` elements of `slice` as an array reference (no copy).
#[inline(always)]
fn array<const T: usize>(slice: &[Fr]) -> &[Fr; T] {
    slice[..T].try_into().expect("slice holds T elements")
}

/// `next[i] = Σ_j matrix[j][i]·state[j]`, given the matrix by columns. Each output is one
/// [`Field::sum_of_products`], which reduces once per few products instead of once per product.
#[inline(always)]
fn mix<const T: usize>(columns: &[Fr], state: &mut [Fr; T]) {
    let current = *state;
    for (next, column) in state.iter_mut().zip(columns.chunks_exact(T)) {
        *next = Fr::sum_of_products(array::<T>(column), &current);
    }
}

#[inline(always)]
fn add_constants<const T: usize>(state: &mut [Fr; T], constants: &[Fr]) {
    for (s, c) in state.iter_mut().zip(constants) {
        *s += c;
    }
}

/// The permutation in circomlib's optimised form; `state[0]` is the output. The width is a
/// compile-time constant so that the state lives in registers and stack arrays, and the loops
/// over it unroll.
fn permute<const T: usize>(params: &PoseidonParams, state: &mut [Fr; T]) {
    debug_assert_eq!(params.width, T);
    let half = FULL_ROUNDS / 2;
    let c = &params.round_constants;

    add_constants(state, &c[..T]);
    for round in 0..half - 1 {
        state.iter_mut().for_each(|s| *s = sbox(*s));
        add_constants(state, &c[(round + 1) * T..(round + 2) * T]);
        mix(&params.mds_columns, state);
    }
    state.iter_mut().for_each(|s| *s = sbox(*s));
    add_constants(state, &c[half * T..(half + 1) * T]);
    mix(&params.pre_sparse_columns, state);

    let partial_constants = &c[(half + 1) * T..];
    for (round, sparse) in params.sparse.chunks_exact(2 * T - 1).enumerate() {
        state[0] = sbox(state[0]) + partial_constants[round];
        let first = Fr::sum_of_products(array::<T>(sparse), state);
        let head = state[0];
        for (s, m) in state[1..].iter_mut().zip(&sparse[T..]) {
            *s += head * m;
        }
        state[0] = first;
    }

    let tail_constants = &c[(half + 1) * T + params.partial_rounds..];
    for round in 0..half - 1 {
        state.iter_mut().for_each(|s| *s = sbox(*s));
        add_constants(state, &tail_constants[round * T..(round + 1) * T]);
        mix(&params.mds_columns, state);
    }
    state.iter_mut().for_each(|s| *s = sbox(*s));
    mix(&params.mds_columns, state);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::fr_from_str;

    #[test]
    fn known_answer_from_the_scheme() {
        let expected =
            fr_from_str("7853200120776062878684798364095072458815029376092732009249414926327459813530").unwrap();
        assert_eq!(hash2(Fr::from(1u64), Fr::from(2u64)), expected);
    }

    /// Every arity the vectorised path takes, every group size, and extreme values (0, 1,
    /// p − 1): the same hashes as one at a time. Where the CPU lacks IFMA both sides are scalar.
    #[test]
    fn hash_many_matches_hash_one_at_a_time() {
        use ark_ff::UniformRand;
        use rand::SeedableRng;
        fn check<const N: usize>(rng: &mut rand_chacha::ChaCha20Rng) {
            let extremes = [Fr::ZERO, Fr::ONE, -Fr::ONE];
            for count in 0..=19 {
                let lists: Vec<[Fr; N]> = (0..count)
                    .map(|i| std::array::from_fn(|j| if i % 4 == 3 { extremes[j % 3] } else { Fr::rand(rng) }))
                    .collect();
                let expected: Vec<Fr> = lists.iter().map(|list| hash(list)).collect();
                assert_eq!(hash_many(&lists), expected, "arity {N}, {count} lists");
            }
        }
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7);
        check::<1>(&mut rng);
        check::<2>(&mut rng);
        check::<3>(&mut rng);
        check::<4>(&mut rng);
        check::<5>(&mut rng);
        check::<6>(&mut rng);
        #[cfg(target_arch = "x86_64")]
        eprintln!("AVX-512 IFMA path exercised: {}", crate::ifma::available());
    }

    #[test]
    fn rejects_undefined_arities() {
        assert_eq!(try_hash(&[]), Err(ArityError(0)));
        assert_eq!(try_hash(&[Fr::ZERO; 17]), Err(ArityError(17)));
    }
}
