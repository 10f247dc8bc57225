//! The Poseidon gadget: the same optimised-form permutation as [`super::hash`], over
//! `FpVar`s. Only S-boxes cost constraints (3 each: x², x⁴, x⁵); the linear layers are free
//! linear combinations, and the first S-box acts on a constant. Arity 2 costs 240 constraints,
//! arity 5 costs 321.

use ark_r1cs_std::fields::{fp::FpVar, FieldVar};
use ark_relations::gr1cs::SynthesisError;

use super::{PoseidonParams, FULL_ROUNDS, MAX_ARITY};
use crate::field::Fr;

fn sbox(x: &FpVar<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
    let x2 = x.square()?;
    let x4 = x2.square()?;
    Ok(x4 * x)
}

fn mix(matrix: &[Fr], state: &[FpVar<Fr>]) -> Vec<FpVar<Fr>> {
    let width = state.len();
    (0..width)
        .map(|i| state.iter().enumerate().map(|(j, value)| value * matrix[j * width + i]).sum::<FpVar<Fr>>())
        .collect()
}

fn add_constants(state: &mut [FpVar<Fr>], constants: &[Fr]) {
    for (s, c) in state.iter_mut().zip(constants) {
        *s += *c;
    }
}

/// `Poseidon(inputs)` in constraints, for 1..=16 inputs.
pub fn hash_gadget(inputs: &[FpVar<Fr>]) -> Result<FpVar<Fr>, SynthesisError> {
    assert!((1..=MAX_ARITY).contains(&inputs.len()), "Poseidon arity {} is outside 1..=16", inputs.len());
    let params = PoseidonParams::for_arity(inputs.len());
    let t = params.width;
    let half = FULL_ROUNDS / 2;
    let c = &params.round_constants;

    let mut state: Vec<FpVar<Fr>> = std::iter::once(FpVar::zero()).chain(inputs.iter().cloned()).collect();
    add_constants(&mut state, &c[..t]);
    for round in 0..half - 1 {
        state = state.iter().map(sbox).collect::<Result<_, _>>()?;
        add_constants(&mut state, &c[(round + 1) * t..(round + 2) * t]);
        state = mix(&params.mds, &state);
    }
    state = state.iter().map(sbox).collect::<Result<_, _>>()?;
    add_constants(&mut state, &c[half * t..(half + 1) * t]);
    state = mix(&params.pre_sparse, &state);

    let partial_constants = &c[(half + 1) * t..];
    for (round, sparse) in params.sparse.chunks_exact(2 * t - 1).enumerate() {
        state[0] = sbox(&state[0])? + partial_constants[round];
        let first: FpVar<Fr> = state.iter().zip(&sparse[..t]).map(|(s, m)| s * *m).sum();
        let head = state[0].clone();
        for (s, m) in state[1..].iter_mut().zip(&sparse[t..]) {
            *s += &head * *m;
        }
        state[0] = first;
    }

    let tail_constants = &c[(half + 1) * t + params.partial_rounds..];
    for round in 0..half - 1 {
        state = state.iter().map(sbox).collect::<Result<_, _>>()?;
        add_constants(&mut state, &tail_constants[round * t..(round + 1) * t]);
        state = mix(&params.mds, &state);
    }
    state = state.iter().map(sbox).collect::<Result<_, _>>()?;
    Ok(mix(&params.mds, &state).swap_remove(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_r1cs_std::{alloc::AllocVar, eq::EqGadget, GR1CSVar};
    use ark_relations::gr1cs::ConstraintSystem;

    #[test]
    fn gadget_matches_native_and_costs_three_constraints_per_sbox() {
        for arity in [1usize, 2, 3, 4, 5, 16] {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let inputs: Vec<Fr> = (0..arity as u64).map(|i| Fr::from(i * 7 + 3)).collect();
            let vars: Vec<FpVar<Fr>> =
                inputs.iter().map(|x| FpVar::new_witness(cs.clone(), || Ok(*x)).unwrap()).collect();
            let out = hash_gadget(&vars).unwrap();
            assert_eq!(out.value().unwrap(), super::super::hash(&inputs));
            let params = PoseidonParams::for_arity(arity);
            let sboxes = FULL_ROUNDS * params.width + params.partial_rounds;
            // The first S-box acts on the constant capacity element and folds away.
            assert_eq!(cs.num_constraints(), 3 * (sboxes - 1), "arity {arity}");
            // A wrong claimed output is unsatisfiable.
            let claimed = FpVar::new_witness(cs.clone(), || Ok(super::super::hash(&inputs) + Fr::from(1u64))).unwrap();
            out.enforce_equal(&claimed).unwrap();
            assert!(!cs.is_satisfied().unwrap());
        }
    }
}
