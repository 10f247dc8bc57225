//! Sparse Merkle trees over Poseidon: the native tree that holds every state commitment
//! (accounts, balances, pools), its membership proofs, and the hashes of empty subtrees.
//!
//! # Hashing, exactly as the circuit recomputes it
//!
//! * Levels count from the leaves: level 0 holds the `2^depth` leaves, level `depth` the root.
//! * A leaf is a field element; an empty leaf is `0`.
//! * The node at level `l + 1`, position `i` is `Poseidon(left, right)` ([`poseidon::hash2`])
//!   with `left` = node `(l, 2i)` and `right` = node `(l, 2i + 1)`. The order is always
//!   (left, right); nothing is sorted.
//! * An empty subtree of height `l` hashes to [`empty_hash`]`(l)`:
//!   `empty_hash(0) = 0`, `empty_hash(l + 1) = Poseidon(empty_hash(l), empty_hash(l))`.
//! * A [`MerkleProof`] lists the siblings from the leaf level up; bit `l` of the leaf index is 1
//!   when the path node at level `l` is a right child (so its sibling goes on the left).
//!
//! Only non-empty nodes are stored (one hash map per level), so trees of depth 24-32 with
//! millions of leaves fit in memory; a node that becomes empty again is removed.

pub mod constraints;

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use ark_ff::AdditiveGroup;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::field::Fr;
use crate::poseidon;

/// Deepest tree supported: leaf indices are `u64` and the empty-hash table stops here.
pub const MAX_DEPTH: u32 = 32;

/// Below this many nodes on one level, hashing them on one thread beats rayon's fork/join cost.
const PARALLEL_THRESHOLD: usize = 64;

/// A tree operation that was refused; the tree is unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MerkleError {
    /// The leaf index does not fit in a tree of this depth.
    #[error("leaf index {index} is out of range for a tree of depth {depth}")]
    IndexOutOfRange {
        /// The rejected index.
        index: u64,
        /// The tree's depth (valid indices are `0..2^depth`).
        depth: u32,
    },
}

/// The root of an empty subtree of height `level` (0 = an empty leaf), for `level <= 32`.
///
/// Other trees whose subtrees start empty (an account's balance tree, say) use these as their
/// initial roots. Computed once for all levels on first use.
///
/// # Panics
/// If `level > MAX_DEPTH`.
pub fn empty_hash(level: u32) -> Fr {
    assert!(level <= MAX_DEPTH, "empty_hash level {level} exceeds the maximum depth {MAX_DEPTH}");
    empty_hashes()[level as usize]
}

fn empty_hashes() -> &'static [Fr; MAX_DEPTH as usize + 1] {
    static EMPTY: OnceLock<[Fr; MAX_DEPTH as usize + 1]> = OnceLock::new();
    EMPTY.get_or_init(|| {
        let mut table = [Fr::ZERO; MAX_DEPTH as usize + 1];
        for level in 1..table.len() {
            table[level] = poseidon::hash2(table[level - 1], table[level - 1]);
        }
        table
    })
}

/// Hasher for node positions. Keys are plain `u64`s and the maps never see untrusted
/// collisions worth defending against with SipHash, which costs more than the lookup itself.
/// A multiply by an odd constant spreads the bits upward; the rotation brings those mixed high
/// bits down to where the table picks its bucket, so strided keys (all even positions, every
/// 1024th leaf) do not pile into the same buckets.
#[derive(Default, Clone, Copy)]
struct PositionHasher(u64);

impl Hasher for PositionHasher {
    fn finish(&self) -> u64 {
        self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(26)
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only reached for non-u64 keys, which this module does not use; keep it correct anyway.
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

type Level = HashMap<u64, Fr, BuildHasherDefault<PositionHasher>>;

/// A Poseidon sparse Merkle tree of fixed depth (1..=32) storing only its non-empty nodes.
#[derive(Clone)]
pub struct SparseMerkleTree {
    depth: u32,
    /// `levels[l]` maps a position at level `l` to its hash; absent means `empty_hash(l)`.
    /// `levels[depth]` holds the root (position 0) unless the tree is empty.
    levels: Vec<Level>,
}

impl fmt::Debug for SparseMerkleTree {
    // The node maps can hold millions of entries; print a summary instead.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SparseMerkleTree")
            .field("depth", &self.depth)
            .field("root", &self.root())
            .field("non_empty_leaves", &self.non_empty_leaves())
            .finish()
    }
}

impl SparseMerkleTree {
    /// An empty tree with `2^depth` leaves, all zero.
    ///
    /// # Panics
    /// If `depth` is outside `1..=32`.
    pub fn new(depth: u32) -> Self {
        assert!((1..=MAX_DEPTH).contains(&depth), "Merkle tree depth {depth} is outside 1..={MAX_DEPTH}");
        Self { depth, levels: (0..=depth).map(|_| Level::default()).collect() }
    }

    /// Number of levels above the leaves (the length of every proof).
    pub fn depth(&self) -> u32 {
        self.depth
    }

    /// Number of leaf slots, `2^depth`.
    pub fn capacity(&self) -> u64 {
        1u64 << self.depth
    }

    /// The current root.
    pub fn root(&self) -> Fr {
        self.node(self.depth, 0)
    }

    /// The leaf at `index`; zero if never set or out of range (no leaf lives there).
    pub fn get(&self, index: u64) -> Fr {
        self.node(0, index)
    }

    /// Number of leaves that are not zero.
    pub fn non_empty_leaves(&self) -> usize {
        self.levels[0].len()
    }

    /// The non-zero leaves as `(index, leaf)`, in no particular order.
    pub fn leaves(&self) -> impl Iterator<Item = (u64, Fr)> + '_ {
        self.levels[0].iter().map(|(&index, &leaf)| (index, leaf))
    }

    /// Sets the leaf at `index` and recomputes its path; returns the previous leaf.
    pub fn update(&mut self, index: u64, leaf: Fr) -> Result<Fr, MerkleError> {
        self.check_index(index)?;
        let old = self.get(index);
        self.set_node(0, index, leaf);
        let mut position = index;
        let mut current = leaf;
        for level in 0..self.depth {
            let sibling = self.node(level, position ^ 1);
            current =
                if position & 1 == 0 { poseidon::hash2(current, sibling) } else { poseidon::hash2(sibling, current) };
            position >>= 1;
            self.set_node(level + 1, position, current);
        }
        Ok(old)
    }

    /// Applies many leaf updates at once (a later entry for the same index wins).
    ///
    /// Every inner node above a touched leaf is hashed exactly once, level by level, and the
    /// nodes of one level are hashed in parallel: `k` updates cost about
    /// `k * (depth - log2 k) + k` hashes instead of `k * depth`. If any index is out of range
    /// nothing changes.
    pub fn update_batch(&mut self, updates: &[(u64, Fr)]) -> Result<(), MerkleError> {
        for &(index, _) in updates {
            self.check_index(index)?;
        }
        // A stable sort keeps equal indices in input order, so the last of each run wins.
        let mut sorted = updates.to_vec();
        sorted.sort_by_key(|&(index, _)| index);
        let mut positions: Vec<u64> = Vec::with_capacity(sorted.len());
        for (i, &(index, leaf)) in sorted.iter().enumerate() {
            let last_of_run = sorted.get(i + 1).is_none_or(|next| next.0 != index);
            if last_of_run {
                self.set_node(0, index, leaf);
                positions.push(index);
            }
        }

        for level in 0..self.depth {
            // Positions stay sorted after halving, so `dedup` removes every duplicate parent.
            for position in &mut positions {
                *position >>= 1;
            }
            positions.dedup();
            let children = &self.levels[level as usize];
            let hash_parent = |&parent: &u64| {
                let child = |position: u64| children.get(&position).copied().unwrap_or_else(|| empty_hash(level));
                poseidon::hash2(child(2 * parent), child(2 * parent + 1))
            };
            let hashes: Vec<Fr> = if positions.len() >= PARALLEL_THRESHOLD {
                positions.par_iter().map(hash_parent).collect()
            } else {
                positions.iter().map(hash_parent).collect()
            };
            for (&position, hash) in positions.iter().zip(hashes) {
                self.set_node(level + 1, position, hash);
            }
        }
        Ok(())
    }

    /// The membership proof of the leaf at `index` (valid for empty leaves too).
    pub fn proof(&self, index: u64) -> Result<MerkleProof, MerkleError> {
        self.check_index(index)?;
        let siblings = (0..self.depth).map(|level| self.node(level, (index >> level) ^ 1)).collect();
        Ok(MerkleProof { index, siblings })
    }

    fn check_index(&self, index: u64) -> Result<(), MerkleError> {
        if index >= self.capacity() {
            return Err(MerkleError::IndexOutOfRange { index, depth: self.depth });
        }
        Ok(())
    }

    fn node(&self, level: u32, position: u64) -> Fr {
        self.levels[level as usize].get(&position).copied().unwrap_or_else(|| empty_hash(level))
    }

    /// Stores a node, or removes it when it equals the empty subtree hash: an absent entry
    /// already means exactly that, and dropping it keeps memory proportional to the live leaves.
    fn set_node(&mut self, level: u32, position: u64, hash: Fr) {
        let map = &mut self.levels[level as usize];
        if hash == empty_hash(level) {
            map.remove(&position);
        } else {
            map.insert(position, hash);
        }
    }
}

/// A path from one leaf to the root: the leaf's index and its siblings from the leaf level up.
///
/// Serialized with the siblings as decimal strings, the form circomlibjs and the prover's
/// inputs use.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MerkleProof {
    /// The leaf index; bit `l` is 1 when the path node at level `l` is a right child.
    pub index: u64,
    /// `siblings[l]` is the sibling of the path node at level `l` (level 0 = the leaf's sibling).
    #[serde(with = "decimal_vec")]
    pub siblings: Vec<Fr>,
}

impl MerkleProof {
    /// Number of levels the proof spans (the tree's depth).
    pub fn depth(&self) -> usize {
        self.siblings.len()
    }

    /// The root this path yields when its leaf is `leaf`.
    ///
    /// Index bits above the proof's depth are ignored here; [`MerkleProof::verify`] rejects them.
    pub fn root_for(&self, leaf: Fr) -> Fr {
        self.siblings.iter().enumerate().fold(leaf, |current, (level, &sibling)| {
            let is_right = u32::try_from(level)
                .ok()
                .and_then(|shift| self.index.checked_shr(shift))
                .is_some_and(|bits| bits & 1 == 1);
            if is_right {
                poseidon::hash2(sibling, current)
            } else {
                poseidon::hash2(current, sibling)
            }
        })
    }

    /// Whether `leaf` sits at `self.index` in the tree with root `root`.
    ///
    /// Also requires the index to fit the proof's depth: otherwise the bits above it would be
    /// unconstrained and one path would "prove" many indices.
    pub fn verify(&self, root: Fr, leaf: Fr) -> bool {
        let fits = self.siblings.len() >= 64 || self.index >> self.siblings.len() == 0;
        fits && self.root_for(leaf) == root
    }
}

/// Serde for `Vec<Fr>` as a sequence of decimal strings (see [`crate::field::serde_decimal`]).
mod decimal_vec {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::field::{fr_from_str, fr_to_decimal, Fr};

    pub(super) fn serialize<S: Serializer>(values: &[Fr], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(values.iter().map(fr_to_decimal))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Fr>, D::Error> {
        Vec::<String>::deserialize(deserializer)?
            .iter()
            .map(|text| fr_from_str(text).map_err(serde::de::Error::custom))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fr(value: u64) -> Fr {
        Fr::from(value)
    }

    #[test]
    fn empty_hashes_follow_the_recurrence() {
        assert_eq!(empty_hash(0), Fr::ZERO);
        for level in 0..MAX_DEPTH {
            assert_eq!(empty_hash(level + 1), poseidon::hash2(empty_hash(level), empty_hash(level)));
        }
    }

    #[test]
    fn empty_tree_root_is_the_empty_hash() {
        for depth in [1, 4, 24, 32] {
            let tree = SparseMerkleTree::new(depth);
            assert_eq!(tree.root(), empty_hash(depth));
            assert_eq!(tree.capacity(), 1u64 << depth);
            assert_eq!(tree.depth(), depth);
        }
    }

    #[test]
    fn depth_one_root_is_hash_of_both_leaves() {
        let mut tree = SparseMerkleTree::new(1);
        tree.update(1, fr(7)).unwrap();
        assert_eq!(tree.root(), poseidon::hash2(Fr::ZERO, fr(7)));
        tree.update(0, fr(5)).unwrap();
        assert_eq!(tree.root(), poseidon::hash2(fr(5), fr(7)));
    }

    #[test]
    #[should_panic(expected = "outside")]
    fn depth_zero_panics() {
        let _ = SparseMerkleTree::new(0);
    }

    #[test]
    #[should_panic(expected = "outside")]
    fn depth_above_max_panics() {
        let _ = SparseMerkleTree::new(MAX_DEPTH + 1);
    }

    #[test]
    fn update_get_proof_round_trip() {
        let mut tree = SparseMerkleTree::new(24);
        let index = 0xAB_CDEF;
        assert_eq!(tree.update(index, fr(42)).unwrap(), Fr::ZERO);
        assert_eq!(tree.update(17, fr(9)).unwrap(), Fr::ZERO);
        assert_eq!(tree.get(index), fr(42));
        assert_eq!(tree.update(index, fr(43)).unwrap(), fr(42));
        assert_eq!(tree.get(index), fr(43));

        let root = tree.root();
        let proof = tree.proof(index).unwrap();
        assert_eq!(proof.index, index);
        assert_eq!(proof.depth(), 24);
        assert!(proof.verify(root, fr(43)));
        // An empty slot has a proof too (non-membership by value zero).
        assert!(tree.proof(5).unwrap().verify(root, Fr::ZERO));

        // Serde keeps the siblings as decimal strings and round-trips.
        let json = serde_json::to_string(&proof).unwrap();
        assert!(json.contains("\"0\""), "empty siblings print as \"0\": {json}");
        let back: MerkleProof = serde_json::from_str(&json).unwrap();
        assert_eq!(back, proof);
    }

    #[test]
    fn clearing_leaves_restores_the_empty_tree() {
        let mut tree = SparseMerkleTree::new(8);
        tree.update(3, fr(1)).unwrap();
        tree.update(200, fr(2)).unwrap();
        tree.update(3, Fr::ZERO).unwrap();
        tree.update_batch(&[(200, Fr::ZERO)]).unwrap();
        assert_eq!(tree.root(), empty_hash(8));
        assert!(tree.levels.iter().all(|level| level.is_empty()));
    }

    #[test]
    fn tampered_proofs_fail() {
        let mut tree = SparseMerkleTree::new(8);
        for index in [0u64, 1, 77, 255] {
            tree.update(index, fr(index + 100)).unwrap();
        }
        let root = tree.root();
        let proof = tree.proof(77).unwrap();
        assert!(proof.verify(root, fr(177)));
        assert!(!proof.verify(root, fr(178)), "wrong leaf");
        assert!(!proof.verify(root + Fr::from(1u64), fr(177)), "wrong root");
        for level in 0..proof.siblings.len() {
            let mut tampered = proof.clone();
            tampered.siblings[level] += Fr::from(1u64);
            assert!(!tampered.verify(root, fr(177)), "sibling {level} tampered");
        }
        let mut moved = proof.clone();
        moved.index = 76;
        assert!(!moved.verify(root, fr(177)), "wrong index");
        let mut high_bits = proof;
        high_bits.index |= 1 << 8;
        assert_eq!(high_bits.root_for(fr(177)), root);
        assert!(!high_bits.verify(root, fr(177)), "index beyond the depth");
    }

    #[test]
    fn out_of_range_index_errors_and_changes_nothing() {
        let mut tree = SparseMerkleTree::new(4);
        tree.update(3, fr(1)).unwrap();
        let root = tree.root();
        let expected = MerkleError::IndexOutOfRange { index: 16, depth: 4 };
        assert_eq!(tree.update(16, fr(2)), Err(expected));
        assert_eq!(tree.proof(16), Err(expected));
        assert_eq!(tree.update_batch(&[(0, fr(5)), (16, fr(2)), (1, fr(6))]), Err(expected));
        assert_eq!(tree.update(u64::MAX, fr(2)), Err(MerkleError::IndexOutOfRange { index: u64::MAX, depth: 4 }));
        assert_eq!(tree.root(), root);
        assert_eq!(tree.get(0), Fr::ZERO);
        assert_eq!(tree.get(3), fr(1));
        assert_eq!(tree.non_empty_leaves(), 1);
    }

    #[test]
    fn depth_32_handles_the_last_index() {
        let mut tree = SparseMerkleTree::new(32);
        let last = tree.capacity() - 1;
        tree.update(last, fr(1)).unwrap();
        let proof = tree.proof(last).unwrap();
        assert!(proof.verify(tree.root(), fr(1)));
        assert!(tree.update(last + 1, fr(1)).is_err());
    }

    #[test]
    fn large_batch_matches_single_updates() {
        // Enough leaves to take the parallel path on the lower levels.
        let updates: Vec<(u64, Fr)> = (0..300u64).map(|i| ((i * 7919) % 4096, fr(i % 5))).collect();
        let mut single = SparseMerkleTree::new(12);
        for &(index, leaf) in &updates {
            single.update(index, leaf).unwrap();
        }
        let mut batch = SparseMerkleTree::new(12);
        batch.update_batch(&updates).unwrap();
        assert_eq!(batch.root(), single.root());
        assert_eq!(batch.levels, single.levels);
    }

    fn updates_strategy(depth: u32) -> impl Strategy<Value = Vec<(u64, u64)>> {
        let capacity = 1u64 << depth;
        // Small values make zero (deletion) and repeated values common.
        prop::collection::vec((0..capacity, 0u64..4), 0..40)
    }

    fn check_batch_equals_singles(depth: u32, raw: &[(u64, u64)]) -> Result<(), TestCaseError> {
        let updates: Vec<(u64, Fr)> = raw.iter().map(|&(i, v)| (i, fr(v))).collect();
        let mut single = SparseMerkleTree::new(depth);
        for &(index, leaf) in &updates {
            single.update(index, leaf).unwrap();
        }
        let mut batch = SparseMerkleTree::new(depth);
        // Split in two batches so a batch also runs on a non-empty tree.
        let (first, second) = updates.split_at(updates.len() / 2);
        batch.update_batch(first).unwrap();
        batch.update_batch(second).unwrap();
        prop_assert_eq!(batch.root(), single.root());
        prop_assert_eq!(&batch.levels, &single.levels);

        let root = single.root();
        for index in 0..single.capacity() {
            let leaf = single.get(index);
            prop_assert_eq!(batch.get(index), leaf);
            prop_assert!(single.proof(index).unwrap().verify(root, leaf));
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        #[test]
        fn batch_equals_singles_depth_4(raw in updates_strategy(4)) {
            check_batch_equals_singles(4, &raw)?;
        }

        #[test]
        fn batch_equals_singles_depth_8(raw in updates_strategy(8)) {
            check_batch_equals_singles(8, &raw)?;
        }
    }
}
