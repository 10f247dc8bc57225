// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ExitProof} from "../src/ExitProof.sol";
import {PoseidonT3, PoseidonT5, PoseidonT5Part1, PoseidonT5Part2} from "../src/Poseidon.sol";
import {ExitFixture} from "./utils/ExitFixture.sol";

/// @dev The library's functions behind external calls, so that claims are calldata (as in a
/// Rollup's `exit`) and reverts can be expected.
contract ExitProofHarness {
    function stateRoot(ExitProof.Claim calldata c, uint256 accountDepth) external pure returns (uint256) {
        return ExitProof.stateRoot(c, accountDepth);
    }

    function balanceRoot(ExitProof.Claim calldata c) external pure returns (uint256) {
        return ExitProof.balanceRoot(c);
    }

    function recipient(ExitProof.Claim calldata c) external pure returns (address) {
        return ExitProof.recipient(c);
    }
}

/// @dev ExitProof and the generated Poseidon libraries against test/fixtures/exit.json, which
/// prover/tests/exit_fixture.rs writes from the Rust implementation (circuits::poseidon and
/// real states of circuits' test worlds, at account depth 4 and 24). Run with -vv for the gas
/// numbers (test_gas_*).
contract ExitProofTest is ExitFixture {
    uint256 internal constant P = 21888242871839275222246405745257275088548364400416034343698204186575808495617;

    ExitProofHarness internal harness;

    function setUp() public {
        loadExitFixture();
        harness = new ExitProofHarness();
    }


    // ---- Poseidon ------------------------------------------------------------------------------

    function test_poseidon_t3_matches_rust() public view {
        uint256 count = json.parseJsonUint(fixture, ".t3_count");
        assertTrue(count >= 6, "t3 vectors");
        for (uint256 i = 0; i < count; ++i) {
            uint256[] memory inputs = json.parseJsonUintArray(fixture, key("t3", i, "inputs"));
            uint256 expected = json.parseJsonUint(fixture, key("t3", i, "output"));
            assertEq(PoseidonT3.hash([inputs[0], inputs[1]]), expected, string.concat("t3 vector ", vm.toString(i)));
        }
    }

    function test_poseidon_t5_matches_rust() public view {
        uint256 count = json.parseJsonUint(fixture, ".t5_count");
        assertTrue(count >= 5, "t5 vectors");
        for (uint256 i = 0; i < count; ++i) {
            uint256[] memory x = json.parseJsonUintArray(fixture, key("t5", i, "inputs"));
            uint256 expected = json.parseJsonUint(fixture, key("t5", i, "output"));
            assertEq(PoseidonT5.hash([x[0], x[1], x[2], x[3]]), expected, string.concat("t5 vector ", vm.toString(i)));
        }
    }

    function test_poseidon_known_answer() public pure {
        // circomlibjs poseidon([1, 2])
        assertEq(
            PoseidonT3.hash([uint256(1), 2]),
            7853200120776062878684798364095072458815029376092732009249414926327459813530,
            "Poseidon(1, 2)"
        );
    }

    /// Inputs are taken modulo p, up to the largest word; the output is reduced.
    function test_poseidon_takes_inputs_modulo_p() public pure {
        uint256 max = type(uint256).max;
        uint256 a = 123456789;
        assertEq(PoseidonT3.hash([a + P, P]), PoseidonT3.hash([a, 0]), "t3: x + p");
        assertEq(PoseidonT3.hash([max, max - 1]), PoseidonT3.hash([max % P, (max - 1) % P]), "t3: largest words");
        assertEq(
            PoseidonT5.hash([max, a + 2 * P, P - 1 + 4 * P, max - 7]),
            PoseidonT5.hash([max % P, a, P - 1, (max - 7) % P]),
            "t5: aliases"
        );
        assertTrue(PoseidonT3.hash([max, max]) < P, "t3 output reduced");
        assertTrue(PoseidonT5.hash([max, max, max, max]) < P, "t5 output reduced");
    }

    /// Each library fits EIP-170's limit, so it can be deployed on a real network.
    function test_poseidon_libraries_fit_a_contract() public view {
        assertTrue(address(PoseidonT3).code.length <= 24576, "PoseidonT3 fits");
        assertTrue(address(PoseidonT5Part1).code.length <= 24576, "PoseidonT5Part1 fits");
        assertTrue(address(PoseidonT5Part2).code.length <= 24576, "PoseidonT5Part2 fits");
    }

    // ---- Valid claims --------------------------------------------------------------------------

    function test_every_claim_recomputes_its_state_root() public view {
        uint256 count = claimCount();
        assertTrue(count >= 6, "claims");
        bool zero;
        bool deep;
        bool shallow;
        for (uint256 i = 0; i < count; ++i) {
            (ExitProof.Claim memory c, uint256 depth, uint256 root) = claim(i);
            string memory what = json.parseJsonString(fixture, key("claims", i, "name"));
            assertEq(harness.stateRoot(c, depth), root, what);
            assertEq(harness.balanceRoot(c), c.balanceRoot, what);
            assertEq(harness.recipient(c), address(uint160(c.l1Address)), what);
            zero = zero || c.balance == 0;
            deep = deep || depth == 24;
            shallow = shallow || depth == 4;
        }
        assertTrue(zero && deep && shallow, "a zero balance, depths 4 and 24");
    }

    // ---- Tampering -----------------------------------------------------------------------------

    function assertRootChanges(ExitProof.Claim memory c, uint256 depth, uint256 root, string memory what)
        internal
        view
    {
        uint256 tampered = harness.stateRoot(c, depth);
        if (tampered == root) revert(string.concat(what, ": the tampered claim still gives the root"));
    }

    function expectMismatch(ExitProof.Claim memory c, uint256 depth) internal {
        uint256 proven = harness.balanceRoot(c);
        vm.expectRevert(abi.encodeWithSelector(ExitProof.BalanceRootMismatch.selector, proven, c.balanceRoot));
        harness.stateRoot(c, depth);
    }

    /// A different account, key, nonce, L1 address, account sibling, or other root input gives
    /// another root.
    function test_tampered_leaf_or_path_changes_the_root() public view {
        for (uint256 i = 0; i < claimCount(); ++i) {
            (ExitProof.Claim memory c, uint256 depth, uint256 root) = claim(i);
            ExitProof.Claim memory t;
            t = copy(c);
            t.accountId ^= 1;
            assertRootChanges(t, depth, root, "account id, bit 0");
            t = copy(c);
            // 2^k, not k shifted
            // forge-lint: disable-next-line(incorrect-shift)
            t.accountId ^= 1 << (depth - 1);
            assertRootChanges(t, depth, root, "account id, top bit");
            t = copy(c);
            t.publicKeyX += 1;
            assertRootChanges(t, depth, root, "key x");
            t = copy(c);
            t.publicKeyY ^= 1;
            assertRootChanges(t, depth, root, "key y");
            t = copy(c);
            t.nonce ^= 1;
            assertRootChanges(t, depth, root, "nonce");
            t = copy(c);
            t.l1Address ^= 1;
            assertRootChanges(t, depth, root, "l1 address, low bit");
            t = copy(c);
            t.l1Address ^= 1 << 159;
            assertRootChanges(t, depth, root, "l1 address, top bit");
            for (uint256 level = 0; level < depth; ++level) {
                t = copy(c);
                t.accountSiblings[level] += 1;
                assertRootChanges(t, depth, root, string.concat("account sibling ", vm.toString(level)));
            }
            t = copy(c);
            t.poolRoot += 1;
            assertRootChanges(t, depth, root, "pool root");
            t = copy(c);
            t.tokenRoot += 1;
            assertRootChanges(t, depth, root, "token root");
            t = copy(c);
            t.accountCount += 1;
            assertRootChanges(t, depth, root, "account count");
        }
    }

    /// A different balance, token or balance sibling no longer leads to the leaf's balance root
    /// (reverts); with the balance root changed to match, the state root changes.
    function test_tampered_balance_changes_the_root() public {
        for (uint256 i = 0; i < claimCount(); ++i) {
            (ExitProof.Claim memory c, uint256 depth, uint256 root) = claim(i);
            ExitProof.Claim[] memory ts = new ExitProof.Claim[](5 + ExitProof.BALANCE_DEPTH);
            ts[0] = copy(c);
            ts[0].balance += 1;
            ts[1] = copy(c);
            ts[1].balance = c.balance == 0 ? 1 : c.balance - 1;
            ts[2] = copy(c);
            ts[2].tokenId ^= 1;
            ts[3] = copy(c);
            ts[3].tokenId ^= 1 << 9;
            ts[4] = copy(c);
            ts[4].balance = ExitProof.BALANCE_LIMIT - 1;
            for (uint256 level = 0; level < ExitProof.BALANCE_DEPTH; ++level) {
                ts[5 + level] = copy(c);
                ts[5 + level].balanceSiblings[level] += 1;
            }
            for (uint256 k = 0; k < ts.length; ++k) {
                if ((k == 2 || k == 3) && harness.balanceRoot(ts[k]) == c.balanceRoot) {
                    // The other token holds the same balance (two equal leaves, or two empty
                    // subtrees): a true claim of that token, which gives the same root.
                    assertEq(harness.stateRoot(ts[k], depth), root, "a true claim of the other token");
                    continue;
                }
                expectMismatch(ts[k], depth);
                ts[k].balanceRoot = harness.balanceRoot(ts[k]);
                assertRootChanges(ts[k], depth, root, string.concat("balance tampering ", vm.toString(k)));
            }
            // The leaf's balance root alone.
            ExitProof.Claim memory t = copy(c);
            t.balanceRoot += 1;
            expectMismatch(t, depth);
        }
    }

    // ---- Ranges --------------------------------------------------------------------------------

    function expectRevertOf(ExitProof.Claim memory c, uint256 depth, bytes memory expected) internal {
        vm.expectRevert(expected);
        harness.stateRoot(c, depth);
    }

    function test_out_of_range_values_revert() public {
        for (uint256 i = 0; i < claimCount(); ++i) {
            (ExitProof.Claim memory c, uint256 depth,) = claim(i);
            ExitProof.Claim memory t;

            // A balance of 2^112 or more; its alias c.balance + p in particular.
            t = copy(c);
            t.balance = ExitProof.BALANCE_LIMIT;
            expectRevertOf(t, depth, abi.encodeWithSelector(ExitProof.BalanceOutOfRange.selector, t.balance));
            t.balance = c.balance + P;
            expectRevertOf(t, depth, abi.encodeWithSelector(ExitProof.BalanceOutOfRange.selector, t.balance));

            // A nonce of 33 bits: nonce + 2^32 with l1Address - 1 is the same word, another payee.
            t = copy(c);
            t.nonce = c.nonce + (1 << 32);
            t.l1Address = c.l1Address - 1;
            expectRevertOf(t, depth, abi.encodeWithSelector(ExitProof.NonceOutOfRange.selector, t.nonce));
            assertEq(t.nonce + (t.l1Address << 32), c.nonce + (c.l1Address << 32), "the alias word");

            // An address of 161 bits.
            t = copy(c);
            t.l1Address = c.l1Address | (1 << 160);
            expectRevertOf(t, depth, abi.encodeWithSelector(ExitProof.L1AddressOutOfRange.selector, t.l1Address));
            vm.expectRevert(abi.encodeWithSelector(ExitProof.L1AddressOutOfRange.selector, t.l1Address));
            harness.recipient(t);

            // Ids beyond their trees: the aliases with the same path bits.
            t = copy(c);
            // 2^k, not k shifted
            // forge-lint: disable-next-line(incorrect-shift)
            t.accountId = c.accountId + (1 << depth);
            expectRevertOf(t, depth, abi.encodeWithSelector(ExitProof.AccountIdOutOfRange.selector, t.accountId, depth));
            t = copy(c);
            // 2^k, not k shifted
            // forge-lint: disable-next-line(incorrect-shift)
            t.tokenId = c.tokenId + (1 << ExitProof.BALANCE_DEPTH);
            expectRevertOf(t, depth, abi.encodeWithSelector(ExitProof.TokenIdOutOfRange.selector, t.tokenId));
        }
    }

    function withAccountSiblings(ExitProof.Claim memory c, uint256 n) internal pure returns (ExitProof.Claim memory t) {
        t = copy(c);
        t.accountSiblings = new uint256[](n);
        for (uint256 i = 0; i < n && i < c.accountSiblings.length; ++i) {
            t.accountSiblings[i] = c.accountSiblings[i];
        }
    }

    function withBalanceSiblings(ExitProof.Claim memory c, uint256 n) internal pure returns (ExitProof.Claim memory t) {
        t = copy(c);
        t.balanceSiblings = new uint256[](n);
        for (uint256 i = 0; i < n && i < c.balanceSiblings.length; ++i) {
            t.balanceSiblings[i] = c.balanceSiblings[i];
        }
    }

    function test_wrong_sibling_counts_and_depths_revert() public {
        for (uint256 i = 0; i < claimCount(); ++i) {
            (ExitProof.Claim memory c, uint256 depth,) = claim(i);
            for (uint256 n = depth - 1; n <= depth + 1; n += 2) {
                expectRevertOf(
                    withAccountSiblings(c, n),
                    depth,
                    abi.encodeWithSelector(ExitProof.WrongAccountSiblingCount.selector, depth, n)
                );
            }
            for (uint256 n = 9; n <= 11; n += 2) {
                expectRevertOf(
                    withBalanceSiblings(c, n),
                    depth,
                    abi.encodeWithSelector(ExitProof.WrongBalanceSiblingCount.selector, 10, n)
                );
            }
            // The claim's siblings under another depth: the count is wrong.
            uint256 other = depth == 24 ? 4 : 24;
            expectRevertOf(c, other, abi.encodeWithSelector(ExitProof.WrongAccountSiblingCount.selector, other, depth));
        }
        (ExitProof.Claim memory d4,) = claimAt(4);
        expectRevertOf(withAccountSiblings(d4, 0), 0, abi.encodeWithSelector(ExitProof.BadAccountDepth.selector, 0));
        expectRevertOf(withAccountSiblings(d4, 25), 25, abi.encodeWithSelector(ExitProof.BadAccountDepth.selector, 25));
    }

    // ---- Gas -----------------------------------------------------------------------------------

    /// gasleft() deltas around one call, as in Gas.t.sol: each number includes the call into the
    /// library (DELEGATECALL, ABI encoding and decoding); "cold" makes the library's account
    /// cold first (its first use in a transaction costs 2,500 more).
    function test_gas_poseidon() public {
        uint256[2] memory a = [uint256(1), 2];
        uint256[4] memory b = [uint256(1), 2, 3, 4];
        vm.cool(address(PoseidonT3));
        uint256 before = gasleft();
        PoseidonT3.hash(a);
        emit log_named_uint("PoseidonT3.hash, cold library", before - gasleft());
        before = gasleft();
        PoseidonT3.hash(a);
        emit log_named_uint("PoseidonT3.hash", before - gasleft());
        vm.cool(address(PoseidonT5Part1));
        vm.cool(address(PoseidonT5Part2));
        before = gasleft();
        PoseidonT5.hash(b);
        emit log_named_uint("PoseidonT5.hash, cold libraries", before - gasleft());
        before = gasleft();
        PoseidonT5.hash(b);
        emit log_named_uint("PoseidonT5.hash", before - gasleft());
    }

    /// A whole claim, as a Rollup's `exit` would check it: an external call with the claim in
    /// calldata (the harness stands for the Rollup, warm), the Poseidon libraries cold as at
    /// their first use in a transaction. `calldata` is the claim's ABI encoding and its gas
    /// (EIP-2028), paid on top by the transaction.
    function gasOfClaim(uint256 depth) internal {
        (ExitProof.Claim memory c, uint256 root) = claimAt(depth);
        string memory what = string.concat("stateRoot, account depth ", vm.toString(depth));
        bytes memory callData = abi.encodeCall(ExitProofHarness.stateRoot, (c, depth));
        vm.cool(address(PoseidonT3));
        vm.cool(address(PoseidonT5Part1));
        vm.cool(address(PoseidonT5Part2));
        uint256 before = gasleft();
        (bool ok, bytes memory ret) = address(harness).staticcall(callData);
        uint256 exec = before - gasleft();
        assertTrue(ok, "the claim is valid");
        assertEq(abi.decode(ret, (uint256)), root, what);
        uint256 zeros;
        for (uint256 i = 0; i < callData.length; ++i) {
            if (callData[i] == 0) ++zeros;
        }
        emit log_named_uint(string.concat(what, ": exec"), exec);
        emit log_named_uint(string.concat(what, ": calldata bytes"), callData.length);
        emit log_named_uint(string.concat(what, ": calldata gas"), 16 * (callData.length - zeros) + 4 * zeros);
    }

    function test_gas_state_root_depth_4() public {
        gasOfClaim(4);
    }

    function test_gas_state_root_depth_24() public {
        gasOfClaim(24);
    }
}
