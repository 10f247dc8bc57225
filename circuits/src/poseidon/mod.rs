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
                PoseidonParams { width, partial_rounds, round_constants, mds, pre_sparse, sparse }
            })
            .collect()
    })
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
    let mut state = [Fr::ZERO; MAX_ARITY + 1];
    state[1..=inputs.len()].copy_from_slice(inputs);
    permute(params, &mut state[..params.width]);
    Ok(state[0])
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

fn mix(matrix: &[Fr], state: &mut [Fr]) {
    let width = state.len();
    let mut next = [Fr::ZERO; MAX_ARITY + 1];
    for (j, value) in state.iter().enumerate() {
        let row = &matrix[j * width..(j + 1) * width];
        for (acc, m) in next.iter_mut().zip(row) {
            *acc += *m * value;
        }
    }
    state.copy_from_slice(&next[..width]);
}

fn add_constants(state: &mut [Fr], constants: &[Fr]) {
    for (s, c) in state.iter_mut().zip(constants) {
        *s += c;
    }
}

/// The permutation in circomlib's optimised form; `state[0]` is the output.
fn permute(params: &PoseidonParams, state: &mut [Fr]) {
    let t = params.width;
    let half = FULL_ROUNDS / 2;
    let c = &params.round_constants;

    add_constants(state, &c[..t]);
    for round in 0..half - 1 {
        state.iter_mut().for_each(|s| *s = sbox(*s));
        add_constants(state, &c[(round + 1) * t..(round + 2) * t]);
        mix(&params.mds, state);
    }
    state.iter_mut().for_each(|s| *s = sbox(*s));
    add_constants(state, &c[half * t..(half + 1) * t]);
    mix(&params.pre_sparse, state);

    let partial_constants = &c[(half + 1) * t..];
    for (round, sparse) in params.sparse.chunks_exact(2 * t - 1).enumerate() {
        state[0] = sbox(state[0]) + partial_constants[round];
        let first: Fr = state.iter().zip(&sparse[..t]).map(|(s, m)| *s * m).sum();
        let head = state[0];
        for (s, m) in state[1..].iter_mut().zip(&sparse[t..]) {
            *s += head * m;
        }
        state[0] = first;
    }

    let tail_constants = &c[(half + 1) * t + params.partial_rounds..];
    for round in 0..half - 1 {
        state.iter_mut().for_each(|s| *s = sbox(*s));
        add_constants(state, &tail_constants[round * t..(round + 1) * t]);
        mix(&params.mds, state);
    }
    state.iter_mut().for_each(|s| *s = sbox(*s));
    mix(&params.mds, state);
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

    #[test]
    fn rejects_undefined_arities() {
        assert_eq!(try_hash(&[]), Err(ArityError(0)));
        assert_eq!(try_hash(&[Fr::ZERO; 17]), Err(ArityError(17)));
    }
}
