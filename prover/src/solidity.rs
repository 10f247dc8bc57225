//! The on-chain Groth16 verifier: a Solidity contract `Groth16Verifier is IVerifier`
//! (contracts/src/IVerifier.sol) with a verifying key's constants embedded, generated here.
//!
//! The contract checks a proof `[A.x, A.y, B.x1, B.x0, B.y1, B.y0, C.x, C.y]` for the single
//! public input `s` (the batch commitment) with the BN254 precompiles of EIP-196/197:
//!
//! ```text
//! vk_x = IC0 + s·IC1                                   (ecMul 0x07, ecAdd 0x06)
//! e(-A, B) · e(alpha, beta) · e(vk_x, gamma) · e(C, delta) == 1   (ecPairing 0x08)
//! ```
//!
//! which is Groth16's `e(A, B) = e(alpha, beta) · e(vk_x, gamma) · e(C, delta)`. Before any
//! precompile runs it requires `s < r` (otherwise `s` and `s + r` would both verify) and every
//! proof coordinate `< q`. It returns false, never reverts, for a proof that does not verify;
//! only calldata shorter than the ABI encoding reverts (Solidity's decoder).
//!
//! G2 coordinates are written `[c1, c0]` (EIP-197), as in [`crate::vk_json`], whose JSON is the
//! source of the embedded numbers.

use ark_bn254::Bn254;
use ark_groth16::VerifyingKey;
use ark_serialize::CanonicalSerialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use circuits::circuit::CircuitParams;

use crate::vk_json::verifying_key_json;

/// BN254's base field modulus q (coordinates).
const BASE_MODULUS: &str = "21888242871839275222246405745257275088696311157297823662689037894645226208583";
/// BN254's scalar field modulus r (public inputs).
const SCALAR_MODULUS: &str = "21888242871839275222246405745257275088548364400416034343698204186575808495617";

/// SHA-256 of the verifying key's compressed arkworks serialization: the fingerprint the
/// contract exposes as `VERIFYING_KEY_HASH`.
pub fn verifying_key_hash(vk: &VerifyingKey<Bn254>) -> [u8; 32] {
    let mut bytes = Vec::new();
    vk.serialize_compressed(&mut bytes).expect("writing to a Vec cannot fail");
    Sha256::digest(&bytes).into()
}

/// The Solidity source of `Groth16Verifier` for `vk`.
///
/// # Panics
///
/// When `vk` has other than one public input: `IVerifier.verifyProof` takes exactly one.
pub fn verifier_contract(vk: &VerifyingKey<Bn254>) -> String {
    verifier_contract_with_notes(vk, &[])
}

/// The header line naming a circuit shape.
pub fn circuit_note(params: &CircuitParams) -> String {
    format!(
        "Circuit: {} slots, account depth {}, chain id {}, fee account {}.",
        params.slots, params.account_depth, params.chain_id, params.fee_account
    )
}

/// [`verifier_contract`] with a header comment naming the circuit shape `params` of `vk`.
pub fn verifier_contract_for(params: &CircuitParams, vk: &VerifyingKey<Bn254>) -> String {
    verifier_contract_with_notes(vk, &[circuit_note(params)])
}

/// [`verifier_contract`] with `notes` as extra comment lines in the file's header (where the
/// key comes from, for example).
pub fn verifier_contract_with_notes(vk: &VerifyingKey<Bn254>, notes: &[String]) -> String {
    assert_eq!(
        vk.gamma_abc_g1.len(),
        2,
        "IVerifier.verifyProof takes exactly one public input; this key has {}",
        vk.gamma_abc_g1.len().saturating_sub(1)
    );
    let json = verifying_key_json(vk);
    let word = |value: &Value| value.as_str().expect("vk_json writes decimal strings").to_owned();
    let g1 = |value: &Value| [word(&value[0]), word(&value[1])];
    // [[x1, x0], [y1, y0]] -> [x1, x0, y1, y0]
    let g2 = |value: &Value| [word(&value[0][0]), word(&value[0][1]), word(&value[1][0]), word(&value[1][1])];

    let mut constants = String::new();
    let mut constant = |name: &str, value: &str| {
        constants.push_str(&format!("    uint256 internal constant {name} = {value};\n"));
    };
    constant("Q", BASE_MODULUS);
    constant("R", SCALAR_MODULUS);
    let [x, y] = g1(&json["alpha"]);
    constant("ALPHA_X", &x);
    constant("ALPHA_Y", &y);
    for (name, key) in [("BETA", "beta"), ("GAMMA", "gamma"), ("DELTA", "delta")] {
        let [x1, x0, y1, y0] = g2(&json[key]);
        constant(&format!("{name}_X1"), &x1);
        constant(&format!("{name}_X0"), &x0);
        constant(&format!("{name}_Y1"), &y1);
        constant(&format!("{name}_Y0"), &y0);
    }
    for (i, point) in json["ic"].as_array().expect("ic is an array").iter().enumerate() {
        let [x, y] = g1(point);
        constant(&format!("IC{i}_X"), &x);
        constant(&format!("IC{i}_Y"), &y);
    }
    let notes: String = notes.iter().map(|note| format!("// {note}\n")).collect();
    TEMPLATE
        .replace("{notes}", &notes)
        .replace("{vk_hash}", &hex::encode(verifying_key_hash(vk)))
        .replace("{constants}", &constants)
}

/// The contract; `{notes}`, `{vk_hash}` and `{constants}` are filled in.
///
/// Memory used by `verifyProof`, from the free-memory pointer `m` (never moved: the function
/// returns right after), laid out as the pairing precompile's input, four (G1, G2) pairs of
/// 0xc0 bytes:
///
/// ```text
/// m + 0x000  -A     B        (pair 0)
/// m + 0x0c0  alpha  beta     (pair 1)
/// m + 0x180  vk_x   gamma    (pair 2)  vk_x is computed in place: ecMul reads IC1, s at
/// m + 0x240  C      delta    (pair 3)  m + 0x180..0x1e0, ecAdd reads s·IC1, IC0 at
///                                      m + 0x180..0x200; gamma is written after both.
/// ```
const TEMPLATE: &str = r#"// SPDX-License-Identifier: Apache-2.0
// GENERATED FILE, do not edit: prover::solidity::verifier_contract (prover/src/solidity.rs)
// wrote it from the circuit's Groth16 verifying key.
{notes}pragma solidity ^0.8.24;

import {IVerifier} from "./IVerifier.sol";

/// @title Groth16 verifier (BN254) of the rollup's batch circuit, for one verifying key.
/// @notice `verifyProof(proof, input)` is true exactly when
///     e(-A, B) · e(alpha, beta) · e(vk_x, gamma) · e(C, delta) == 1,  vk_x = IC0 + input[0]·IC1,
/// for proof = [A.x, A.y, B.x1, B.x0, B.y1, B.y0, C.x, C.y] (G2 coordinates in EIP-197 order),
/// computed with the precompiles ecAdd (0x06), ecMul (0x07) and ecPairing (0x08).
/// It returns false, and never reverts, for a proof that does not verify: a public input not
/// below r, a coordinate not below q, a point off its curve or outside G2's subgroup (the
/// precompile fails), or a failed pairing check. Calldata shorter than the ABI encoding of the
/// two arrays reverts (Solidity's decoder).
contract Groth16Verifier is IVerifier {
    /// @notice SHA-256 of the verifying key embedded here (arkworks' compressed serialization),
    /// as prover::solidity::verifying_key_hash computes it.
    bytes32 public constant VERIFYING_KEY_HASH = 0x{vk_hash};

    // BN254: base field modulus q, scalar field modulus r. The key: alpha in G1; beta, gamma and
    // delta in G2, each coordinate x = x1·i + x0; IC0 and IC1 in G1.
{constants}
    /// @inheritdoc IVerifier
    function verifyProof(uint256[8] calldata proof, uint256[1] calldata input) external view returns (bool ok) {
        assembly ("memory-safe") {
            // Reduced values only: the precompiles take the input modulo r (so s and s + r
            // would both verify) and reject coordinates >= q.
            ok := lt(calldataload(input), R)
            for { let i := 0 } lt(i, 0x100) { i := add(i, 0x20) } { ok := and(ok, lt(calldataload(add(proof, i)), Q)) }
            if ok {
                let m := mload(0x40)
                // vk_x = s·IC1 + IC0, in place at pair 2's G1 slot.
                let v := add(m, 0x180)
                mstore(v, IC1_X)
                mstore(add(v, 0x20), IC1_Y)
                mstore(add(v, 0x40), calldataload(input))
                ok := staticcall(gas(), 0x07, v, 0x60, v, 0x40)
                mstore(add(v, 0x40), IC0_X)
                mstore(add(v, 0x60), IC0_Y)
                ok := and(ok, staticcall(gas(), 0x06, v, 0x80, v, 0x40))
                // Pair 0: -A = (A.x, q - A.y) (mod q: -O = O), B as given.
                mstore(m, calldataload(proof))
                mstore(add(m, 0x20), mod(sub(Q, calldataload(add(proof, 0x20))), Q))
                calldatacopy(add(m, 0x40), add(proof, 0x40), 0x80)
                // Pair 1: alpha, beta.
                mstore(add(m, 0xc0), ALPHA_X)
                mstore(add(m, 0xe0), ALPHA_Y)
                mstore(add(m, 0x100), BETA_X1)
                mstore(add(m, 0x120), BETA_X0)
                mstore(add(m, 0x140), BETA_Y1)
                mstore(add(m, 0x160), BETA_Y0)
                // Pair 2: vk_x (above), gamma.
                mstore(add(m, 0x1c0), GAMMA_X1)
                mstore(add(m, 0x1e0), GAMMA_X0)
                mstore(add(m, 0x200), GAMMA_Y1)
                mstore(add(m, 0x220), GAMMA_Y0)
                // Pair 3: C, delta.
                calldatacopy(add(m, 0x240), add(proof, 0xc0), 0x40)
                mstore(add(m, 0x280), DELTA_X1)
                mstore(add(m, 0x2a0), DELTA_X0)
                mstore(add(m, 0x2c0), DELTA_Y1)
                mstore(add(m, 0x2e0), DELTA_Y0)
                // The product of the four pairings is 1: the precompile answers the word 1.
                // A failed call leaves m unwritten, hence the `and` with its success.
                ok := and(ok, staticcall(gas(), 0x08, m, 0x300, m, 0x20))
                ok := and(ok, eq(mload(m), 1))
            }
        }
    }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use ark_bn254::{Fq, Fr};
    use ark_ff::PrimeField;

    #[test]
    fn moduli_are_bn254s() {
        assert_eq!(BASE_MODULUS, Fq::MODULUS.to_string());
        assert_eq!(SCALAR_MODULUS, Fr::MODULUS.to_string());
    }
}
