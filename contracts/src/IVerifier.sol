// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Groth16 verifier of the rollup's batch circuit (BN254).
/// @notice The circuit has exactly one public input: the batch commitment (see Rollup.sol and
/// circuits/src/batch.rs). The proof is `[A.x, A.y, B.x1, B.x0, B.y1, B.y0, C.x, C.y]`: G2
/// coordinates in EIP-197 order (the imaginary part first), as the pairing precompile takes them.
/// The generated verifier must return false (or revert) for any proof that does not verify,
/// including coordinates that are not reduced modulo the base field.
interface IVerifier {
    function verifyProof(uint256[8] calldata proof, uint256[1] calldata input) external view returns (bool);
}
