//! The rollup's rules, in one place: the BN254 field, circomlib Poseidon, EdDSA-Poseidon on
//! Baby Jubjub, Poseidon sparse Merkle trees, the state (accounts, balances, tokens, AMM pools),
//! the transactions with their signing messages and pubdata, and the native state transition
//! that every other crate (sequencer, prover, tests) applies. The constraint versions of these
//! rules live beside their native twins.

pub mod amm;
pub mod amount;
pub mod babyjubjub;
pub mod batch;
pub mod circuit;
pub mod commitment_constraints;
pub mod field;
pub mod genesis;
#[cfg(target_arch = "x86_64")]
mod ifma;
pub mod key_defect;
pub mod merkle;
pub mod packing;
pub mod poseidon;
pub mod pubdata;
pub mod replay;
pub mod sha256_constraints;
pub mod state;
#[cfg(any(test, feature = "test-utils"))]
pub mod test_utils;
pub mod transition;
pub mod tx;
