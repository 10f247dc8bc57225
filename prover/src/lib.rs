//! The prover: turns a sealed batch's witness (from `circuits`) into a validity proof.
//! Key set-up, proving and the fleet worker arrive with the circuit (see issue 3 and 5).
