// SPDX-License-Identifier: Apache-2.0
// GENERATED FILE, do not edit: prover::solidity::verifier_contract (prover/src/solidity.rs)
// wrote it from the circuit's Groth16 verifying key.
// Circuit: 2 slots, account depth 4, chain id 31337, fee account 0.
// Key: Keys::insecure_dev_setup(.., seed 20251125), INSECURE: for development and tests only.
// Regenerate: UPDATE_FIXTURES=1 cargo test -p prover --test solidity.
pragma solidity ^0.8.24;

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
    bytes32 public constant VERIFYING_KEY_HASH = 0xb52fc52736de24489fa817ef7b2bacdee073561264ae3e78b59985c2373d3e3b;

    // BN254: base field modulus q, scalar field modulus r. The key: alpha in G1; beta, gamma and
    // delta in G2, each coordinate x = x1·i + x0; IC0 and IC1 in G1.
    uint256 internal constant Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583;
    uint256 internal constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    uint256 internal constant ALPHA_X = 113666528948536257517913361389719138208061477463837201863620977007547228117;
    uint256 internal constant ALPHA_Y = 12619960983013804223202859893001368545075562733777808366849045770630100293794;
    uint256 internal constant BETA_X1 = 14432063576505921589490988637358124185424203116948812745329885084518930865476;
    uint256 internal constant BETA_X0 = 1118598552134612746181466720338775628878913269912825457797138983741731506346;
    uint256 internal constant BETA_Y1 = 20437434412457910913612534163475841862345332691562739798568029565687543462188;
    uint256 internal constant BETA_Y0 = 16115636444685552480309017060475616252198389083806470739170935997426945356193;
    uint256 internal constant GAMMA_X1 = 16558573974403965443106343895559080211966214083483441932331881892638276744939;
    uint256 internal constant GAMMA_X0 = 13013471952895757815474739383963207631941684808561870322733973788907400685495;
    uint256 internal constant GAMMA_Y1 = 10949852201930378774239285160940132507964244516975454824880200921336637788281;
    uint256 internal constant GAMMA_Y0 = 5937102069176151079248238555885503518210696446466250248341361063945565772126;
    uint256 internal constant DELTA_X1 = 4505038737652549550731620575516209463193900629318490370965286680447606151098;
    uint256 internal constant DELTA_X0 = 2353625920635974704879335819054210708793542087052143874261532422102505947698;
    uint256 internal constant DELTA_Y1 = 572821798728839710489199421410885850165261246539812829254462966724936230833;
    uint256 internal constant DELTA_Y0 = 8156343678368966898180459643496227076390598660022609200314615840705673251345;
    uint256 internal constant IC0_X = 2617300005963161959122251460496721501984608013875442459749450878656069671534;
    uint256 internal constant IC0_Y = 19163376284091634617094331190411205131994664501572042413525472819003221062496;
    uint256 internal constant IC1_X = 12753685143445764140538968087344760124232932183032180065701321424066768827432;
    uint256 internal constant IC1_Y = 5573466334069239441719353207669783305451490425951820503460145064514306124033;

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
