//! The Merkle path gadget: recomputes a root from a leaf, the leaf's index bits and the
//! siblings, exactly as [`super::MerkleProof::root_for`]. One constraint per level selects the
//! order of the pair; the rest is Poseidon.

use ark_r1cs_std::{alloc::AllocVar, boolean::Boolean, eq::EqGadget, fields::fp::FpVar, select::CondSelectGadget};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

use super::MerkleProof;
use crate::field::Fr;
use crate::poseidon::constraints::hash_gadget;

/// Siblings of a path, allocated as witnesses (leaf level first).
#[derive(Clone, Debug)]
pub struct SiblingsVar(pub Vec<FpVar<Fr>>);

impl SiblingsVar {
    /// Allocates the siblings of `proof`.
    pub fn new_witness(cs: ConstraintSystemRef<Fr>, proof: &MerkleProof) -> Result<Self, SynthesisError> {
        let siblings = proof
            .siblings
            .iter()
            .map(|sibling| FpVar::new_witness(cs.clone(), || Ok(*sibling)))
            .collect::<Result<_, _>>()?;
        Ok(Self(siblings))
    }

    /// The root above `leaf` at the position given by `index_bits` (little-endian: bit `i` set
    /// means the level-`i` node is a right child).
    pub fn root_for(&self, leaf: &FpVar<Fr>, index_bits: &[Boolean<Fr>]) -> Result<FpVar<Fr>, SynthesisError> {
        Ok(self.nodes_for(leaf, index_bits)?.pop().expect("the leaf at least"))
    }

    /// Every node from `leaf` up to the root: `nodes[0]` is the leaf and `nodes[k]` the node
    /// `k` levels above it, so a path through a deeper tree also yields the root of a
    /// shallower tree that shares its lowest levels.
    pub fn nodes_for(&self, leaf: &FpVar<Fr>, index_bits: &[Boolean<Fr>]) -> Result<Vec<FpVar<Fr>>, SynthesisError> {
        assert_eq!(index_bits.len(), self.0.len(), "one index bit per level");
        let mut nodes = Vec::with_capacity(self.0.len() + 1);
        nodes.push(leaf.clone());
        for (sibling, is_right) in self.0.iter().zip(index_bits) {
            let node = nodes.last().expect("the leaf at least");
            // left = is_right ? sibling : node, in one constraint; right is the other one.
            let left = node + FpVar::from(is_right.clone()) * (sibling - node);
            let right = node + sibling - &left;
            nodes.push(hash_gadget(&[left, right])?);
        }
        Ok(nodes)
    }
}

/// Allocates the `n` little-endian bits of `value` and enforces that they pack to it, which
/// also proves `value < 2^n`. A constant yields constant bits and costs nothing (or fails with
/// [`SynthesisError::Unsatisfiable`] if it does not fit), so fixed fields fold away.
pub fn to_bits_le(value: &FpVar<Fr>, n: usize) -> Result<Vec<Boolean<Fr>>, SynthesisError> {
    use ark_ff::{BigInteger, PrimeField};
    use ark_r1cs_std::{eq::EqGadget, GR1CSVar};
    assert!(n < Fr::MODULUS_BIT_SIZE as usize, "packing {n} bits could wrap around the field");
    if let FpVar::Constant(constant) = value {
        let bigint = constant.into_bigint();
        if bigint.num_bits() as usize > n {
            return Err(SynthesisError::Unsatisfiable);
        }
        return Ok((0..n).map(|i| Boolean::constant(bigint.get_bit(i))).collect());
    }
    let cs = value.cs();
    let native = value.value().ok();
    let bits: Vec<Boolean<Fr>> = (0..n)
        .map(|i| {
            Boolean::new_witness(cs.clone(), || {
                native.map(|v| v.into_bigint().get_bit(i)).ok_or(SynthesisError::AssignmentMissing)
            })
        })
        .collect::<Result<_, _>>()?;
    Boolean::le_bits_to_fp(&bits)?.enforce_equal(value)?;
    Ok(bits)
}

/// One Merkle leaf replaced: checks the old leaf opens to `root` (when enabled) and returns the
/// root with the new leaf (or `root` unchanged when disabled).
pub fn replace_leaf(
    root: &FpVar<Fr>,
    index_bits: &[Boolean<Fr>],
    siblings: &SiblingsVar,
    before: &FpVar<Fr>,
    after: &FpVar<Fr>,
    enabled: &Boolean<Fr>,
) -> Result<FpVar<Fr>, SynthesisError> {
    siblings.root_for(before, index_bits)?.conditional_enforce_equal(root, enabled)?;
    let new_root = siblings.root_for(after, index_bits)?;
    FpVar::conditionally_select(enabled, &new_root, root)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merkle::SparseMerkleTree;
    use ark_r1cs_std::{eq::EqGadget, GR1CSVar};
    use ark_relations::gr1cs::ConstraintSystem;

    #[test]
    fn path_gadget_matches_native_and_rejects_tampering() {
        let mut tree = SparseMerkleTree::new(6);
        for (i, v) in [(3u64, 5u64), (17, 9), (40, 1), (63, 2)] {
            tree.update(i, Fr::from(v)).unwrap();
        }
        let proof = tree.proof(17).unwrap();
        for tamper in [None, Some("sibling"), Some("index"), Some("leaf")] {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let mut proof = proof.clone();
            if tamper == Some("sibling") {
                proof.siblings[2] += Fr::from(1u64);
            }
            let index = if tamper == Some("index") { 16u64 } else { 17 };
            let leaf = if tamper == Some("leaf") { 10u64 } else { 9 };
            let siblings = SiblingsVar::new_witness(cs.clone(), &proof).unwrap();
            let index_var = FpVar::new_witness(cs.clone(), || Ok(Fr::from(index))).unwrap();
            let bits = to_bits_le(&index_var, 6).unwrap();
            let leaf_var = FpVar::new_witness(cs.clone(), || Ok(Fr::from(leaf))).unwrap();
            let root = siblings.root_for(&leaf_var, &bits).unwrap();
            let expected = FpVar::new_input(cs.clone(), || Ok(tree.root())).unwrap();
            root.enforce_equal(&expected).unwrap();
            assert_eq!(cs.is_satisfied().unwrap(), tamper.is_none(), "{tamper:?}");
            if tamper.is_none() {
                assert_eq!(root.value().unwrap(), tree.root());
            }
        }
    }

    #[test]
    fn bit_decomposition_is_a_range_check() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let v = FpVar::new_witness(cs.clone(), || Ok(Fr::from(255u64))).unwrap();
        to_bits_le(&v, 8).unwrap();
        assert!(cs.is_satisfied().unwrap());
        let cs = ConstraintSystem::<Fr>::new_ref();
        let v = FpVar::new_witness(cs.clone(), || Ok(Fr::from(256u64))).unwrap();
        to_bits_le(&v, 8).unwrap();
        assert!(!cs.is_satisfied().unwrap());
    }
}
