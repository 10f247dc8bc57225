// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Groth16Verifier} from "../src/Groth16Verifier.sol";
import {IVerifier} from "../src/IVerifier.sol";
import {Rollup} from "../src/Rollup.sol";
import {TestBase} from "./utils/TestBase.sol";
import {RealBatch} from "./fixtures/RealBatch.sol";

/// @dev BN254 constants and proof tampering helpers shared by the tests below.
abstract contract Groth16Helpers is TestBase {
    uint256 internal constant Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583;
    uint256 internal constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;

    /// @dev The G1 generator (1, 2): a valid point that is not the proof's.
    function withG1Generator(uint256[8] memory p, uint256 index) internal pure returns (uint256[8] memory) {
        p[index] = 1;
        p[index + 1] = 2;
        return p;
    }

    /// @dev Negates the G1 point at `index`: still on the curve, another point.
    function negateG1(uint256[8] memory p, uint256 index) internal pure returns (uint256[8] memory) {
        p[index + 1] = Q - p[index + 1];
        return p;
    }

    /// @dev Negates B: y = y1·i + y0 -> -y1·i - y0.
    function negateB(uint256[8] memory p) internal pure returns (uint256[8] memory) {
        p[4] = Q - p[4];
        p[5] = Q - p[5];
        return p;
    }
}

/// @dev The generated verifier (contracts/src/Groth16Verifier.sol) against a real proof made by
/// the Rust prover (test/fixtures/RealBatch.sol, from test/fixtures/proof.json; both written by
/// prover/tests/solidity.rs, which also checks the proof natively).
contract Groth16VerifierTest is Groth16Helpers {
    Groth16Verifier internal verifier;

    function setUp() public {
        verifier = new Groth16Verifier();
    }

    function verifies(uint256[8] memory p, uint256 input) internal view returns (bool) {
        return verifier.verifyProof(p, [input]);
    }

    function test_real_proof_verifies() public view {
        assertTrue(verifies(RealBatch.proof(), RealBatch.COMMITMENT), "the prover's proof verifies on chain");
    }

    function test_tampered_A_fails() public view {
        uint256 c = RealBatch.COMMITMENT;
        assertTrue(!verifies(withG1Generator(RealBatch.proof(), 0), c), "A = G1 generator");
        assertTrue(!verifies(negateG1(RealBatch.proof(), 0), c), "A = -A");
        uint256[8] memory p = RealBatch.proof();
        p[0] += 1; // off the curve: the pairing precompile fails
        assertTrue(!verifies(p, c), "A off the curve");
        p = RealBatch.proof();
        p[0] = 0;
        p[1] = 0; // the point at infinity
        assertTrue(!verifies(p, c), "A = O");
    }

    function test_tampered_B_fails() public view {
        uint256 c = RealBatch.COMMITMENT;
        assertTrue(!verifies(negateB(RealBatch.proof()), c), "B = -B");
        uint256[8] memory p = RealBatch.proof();
        (p[2], p[3]) = (p[3], p[2]); // x's parts swapped (c0 first, not EIP-197's order)
        assertTrue(!verifies(p, c), "B.x in the wrong order");
        p = RealBatch.proof();
        p[5] += 1; // off the twist
        assertTrue(!verifies(p, c), "B off the curve");
    }

    function test_tampered_C_fails() public view {
        uint256 c = RealBatch.COMMITMENT;
        assertTrue(!verifies(withG1Generator(RealBatch.proof(), 6), c), "C = G1 generator");
        assertTrue(!verifies(negateG1(RealBatch.proof(), 6), c), "C = -C");
        uint256[8] memory p = RealBatch.proof();
        p[7] ^= 1;
        assertTrue(!verifies(p, c), "C off the curve");
    }

    function test_wrong_public_input_fails() public view {
        uint256[8] memory p = RealBatch.proof();
        assertTrue(!verifies(p, RealBatch.COMMITMENT + 1), "commitment + 1");
        assertTrue(!verifies(p, RealBatch.COMMITMENT - 1), "commitment - 1");
        assertTrue(!verifies(p, 0), "zero");
    }

    /// @dev s + r is the same scalar for ecMul: without the range check this proof would
    /// verify for a second input.
    function test_input_not_below_r_fails() public view {
        uint256[8] memory p = RealBatch.proof();
        assertTrue(!verifies(p, RealBatch.COMMITMENT + R), "commitment + r");
        assertTrue(!verifies(p, R), "r");
        assertTrue(!verifies(p, type(uint256).max), "2^256 - 1");
        assertTrue(verifies(p, RealBatch.COMMITMENT), "the reduced input still verifies");
    }

    function test_coordinates_not_below_q_fail() public view {
        for (uint256 i = 0; i < 8; ++i) {
            uint256[8] memory p = RealBatch.proof();
            p[i] += Q; // the same residue, unreduced
            assertTrue(!verifies(p, RealBatch.COMMITMENT), string.concat("word ", vm.toString(i), " + q"));
            p[i] = type(uint256).max;
            assertTrue(!verifies(p, RealBatch.COMMITMENT), string.concat("word ", vm.toString(i), " = 2^256 - 1"));
        }
    }

    /// @dev Groth16 proofs are malleable: (-A, -B, C) verifies too, as would any
    /// re-randomisation. The rollup never relies on a proof's uniqueness (it records the batch
    /// commitment, not the proof).
    function test_negating_A_and_B_together_still_verifies() public view {
        uint256[8] memory p = negateB(negateG1(RealBatch.proof(), 0));
        assertTrue(verifies(p, RealBatch.COMMITMENT), "e(A, B) = e(-A, -B)");
    }

    function test_short_calldata_reverts() public view {
        bytes memory data = abi.encodeCall(IVerifier.verifyProof, (RealBatch.proof(), [RealBatch.COMMITMENT]));
        (bool ok, bytes memory ret) = address(verifier).staticcall(data);
        assertTrue(ok && abi.decode(ret, (bool)), "the full encoding verifies");
        assembly ("memory-safe") {
            mstore(data, sub(mload(data), 1)) // drop the last byte
        }
        (ok,) = address(verifier).staticcall(data);
        assertTrue(!ok, "287 bytes of arguments revert");
    }

    function test_verifying_key_hash_is_exposed() public view {
        assertTrue(verifier.VERIFYING_KEY_HASH() != bytes32(0), "VERIFYING_KEY_HASH");
    }

    /// @dev Gas of one verifyProof call, measured as test/Gas.t.sol does (run with -vv): exec
    /// is the gasleft() difference around the external call to a cold verifier; tx adds the
    /// intrinsic 21,000 and the calldata gas, minus the 2,600 cold-account cost a transaction
    /// does not pay.
    function test_gas_verifyProof() public {
        bytes memory data = abi.encodeCall(IVerifier.verifyProof, (RealBatch.proof(), [RealBatch.COMMITMENT]));
        vm.cool(address(verifier));
        uint256 before = gasleft();
        (bool ok, bytes memory ret) = address(verifier).staticcall(data);
        uint256 exec = before - gasleft();
        assertTrue(ok && abi.decode(ret, (bool)), "verifies");
        uint256 calldataGas;
        for (uint256 i = 0; i < data.length; ++i) {
            calldataGas += data[i] == 0 ? 4 : 16;
        }
        emit log_named_uint("verifyProof: exec", exec);
        emit log_named_uint("verifyProof: calldata bytes", data.length);
        emit log_named_uint("verifyProof: calldata gas", calldataGas);
        emit log_named_uint("verifyProof: tx (estimate)", 21000 + calldataGas + exec - 2600);
        // 181,000 of it is the 4-pair pairing check (EIP-1108: 45,000 + 4 x 34,000), 6,150 the
        // ecMul and ecAdd.
        assertTrue(exec < 200_000, "verifyProof under 200k gas");
    }
}

/// @dev The real batch end to end through the rollup with the generated verifier: the deposit
/// is queued on L1, the batch committed (its genesis root is the batch's old root), proven with
/// the Rust prover's proof, and executed.
contract RealBatchRollupTest is Groth16Helpers {
    address internal constant OPERATOR = address(0x09E7A7);

    Rollup internal rollup;
    Groth16Verifier internal verifier;

    function setUp() public {
        verifier = new Groth16Verifier();
        rollup = new Rollup(verifier, 0, RealBatch.OLD_STATE_ROOT, OPERATOR, 0, new Rollup.TokenRegistration[](0));
        assertEq(RealBatch.DEPOSIT_TOKEN, rollup.ETH_TOKEN_ID(), "the batch deposits ETH");
        vm.deal(RealBatch.DEPOSIT_FROM, RealBatch.DEPOSIT_AMOUNT);
        vm.prank(RealBatch.DEPOSIT_FROM);
        rollup.depositETH{value: RealBatch.DEPOSIT_AMOUNT}(RealBatch.DEPOSIT_KEY);
        vm.prank(OPERATOR);
        rollup.commitBatch(RealBatch.BATCH_NUMBER, RealBatch.NEW_STATE_ROOT, RealBatch.PUBDATA);
    }

    function test_commit_computes_the_proven_commitment() public view {
        Rollup.StoredBatch memory b = rollup.batchInfo(RealBatch.BATCH_NUMBER);
        assertEq(b.commitment, bytes32(RealBatch.COMMITMENT), "the contract's commitment = the prover's");
        assertEq(b.priorityOps, RealBatch.PRIORITY_OPS, "priority ops");
        assertEq(b.withdrawalsHash, bytes32(0), "no withdrawals");
    }

    function test_prove_and_execute_with_the_real_proof() public {
        vm.prank(OPERATOR);
        rollup.proveBatch(RealBatch.BATCH_NUMBER, RealBatch.proof());
        assertEq(rollup.lastProven(), 1, "proven");
        vm.prank(OPERATOR);
        rollup.executeBatch(RealBatch.BATCH_NUMBER, new Rollup.Withdrawal[](0));
        assertEq(rollup.lastExecuted(), 1, "executed");
        assertEq(rollup.stateRoot(), RealBatch.NEW_STATE_ROOT, "the verified state root");
        assertEq(rollup.priorityHead(), 1, "the deposit left the queue");
    }

    function test_prove_rejects_tampered_proofs() public {
        uint256[8][3] memory bad = [
            negateG1(RealBatch.proof(), 0), negateB(RealBatch.proof()), withG1Generator(RealBatch.proof(), 6)
        ];
        for (uint256 i = 0; i < bad.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(Rollup.InvalidProof.selector, RealBatch.BATCH_NUMBER));
            vm.prank(OPERATOR);
            rollup.proveBatch(RealBatch.BATCH_NUMBER, bad[i]);
        }
        assertEq(rollup.lastProven(), 0, "nothing proven");
    }

    /// @dev Gas of proveBatch with the real verifier (cold storage, as in a fresh transaction).
    function test_gas_proveBatch_real_verifier() public {
        bytes memory data = abi.encodeCall(Rollup.proveBatch, (RealBatch.BATCH_NUMBER, RealBatch.proof()));
        vm.cool(address(rollup));
        vm.cool(address(verifier));
        vm.prank(OPERATOR);
        uint256 before = gasleft();
        (bool ok,) = address(rollup).call(data);
        uint256 exec = before - gasleft();
        assertTrue(ok, "proveBatch");
        uint256 calldataGas;
        for (uint256 i = 0; i < data.length; ++i) {
            calldataGas += data[i] == 0 ? 4 : 16;
        }
        emit log_named_uint("proveBatch (real verifier): exec", exec);
        emit log_named_uint("proveBatch (real verifier): calldata gas", calldataGas);
        emit log_named_uint("proveBatch (real verifier): tx (estimate)", 21000 + calldataGas + exec - 2600);
    }
}
