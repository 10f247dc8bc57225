// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Rollup} from "../src/Rollup.sol";
import {ExitProof} from "../src/ExitProof.sol";
import {ExitFixture} from "./utils/ExitFixture.sol";
import {Pubdata} from "./utils/Pubdata.sol";
import {RollupFixture} from "./utils/RollupFixture.sol";

/// @dev Deadlines on deposits and exodus mode: when the operator stops executing deposits,
/// anyone switches the contract into exodus mode, which stops every batch step and deposit and
/// pays unexecuted deposits back.
contract ExodusTest is RollupFixture {
    function test_deposits_carry_their_deadline() public {
        vm.warp(1_000);
        depositETH(ALICE, 1 ether, ALICE_KEY);
        assertEq(uint256(rollup.priorityQueue(0)) >> 192, 1_000 + 7 days, "default: 7 days");
        assertEq(queuedHash(0), uint192(uint256(priorityOpHash(ALICE, ETH, 1 ether, ALICE_KEY))), "hash part");
        rollup.setPriorityDeadline(60);
        depositETH(BOB, 1 ether, BOB_KEY);
        assertEq(uint256(rollup.priorityQueue(1)) >> 192, 1_000 + 60, "new deadline for later deposits");
        assertEq(uint256(rollup.priorityQueue(0)) >> 192, 1_000 + 7 days, "earlier deposits keep theirs");
    }

    function test_only_the_owner_sets_a_bounded_deadline() public {
        vm.prank(ALICE);
        vm.expectRevert(Rollup.NotOwner.selector);
        rollup.setPriorityDeadline(60);
        vm.expectRevert(abi.encodeWithSelector(Rollup.BadPriorityDeadline.selector, 0));
        rollup.setPriorityDeadline(0);
        vm.expectRevert(abi.encodeWithSelector(Rollup.BadPriorityDeadline.selector, 31 days));
        rollup.setPriorityDeadline(31 days);
    }

    function test_exodus_needs_an_overdue_deposit() public {
        vm.expectRevert(Rollup.NoOverduePriorityOp.selector);
        rollup.activateExodus(); // empty queue
        rollup.setPriorityDeadline(60);
        vm.warp(1_000);
        depositETH(ALICE, 1 ether, ALICE_KEY);
        vm.warp(1_060);
        vm.expectRevert(Rollup.NoOverduePriorityOp.selector);
        rollup.activateExodus(); // at the deadline, not past it
        // Executed in time: nothing is overdue.
        commit(1, Pubdata.deposit(1, ETH, 1 ether, ALICE_KEY, ALICE));
        prove(1);
        execute(1, noWithdrawals());
        vm.warp(10_000);
        vm.expectRevert(Rollup.NoOverduePriorityOp.selector);
        rollup.activateExodus();
    }

    function test_an_overdue_deposit_lets_anyone_stop_the_rollup() public {
        rollup.setPriorityDeadline(60);
        vm.warp(1_000);
        depositETH(ALICE, 1 ether, ALICE_KEY);
        depositETH(BOB, 2 ether, BOB_KEY);
        // The operator commits the first deposit but never executes it.
        commit(1, Pubdata.deposit(1, ETH, 1 ether, ALICE_KEY, ALICE));
        vm.warp(1_061);
        vm.expectEmit();
        emit Rollup.ExodusActivated(0);
        vm.prank(CAROL);
        rollup.activateExodus();
        assertTrue(rollup.exodusMode(), "exodus mode");
        vm.expectRevert(Rollup.ExodusMode.selector);
        rollup.activateExodus();

        // No batch step, no deposit.
        vm.startPrank(OPERATOR);
        vm.expectRevert(Rollup.ExodusMode.selector);
        rollup.commitBatch(2, root(2), transfers(1));
        vm.expectRevert(Rollup.ExodusMode.selector);
        rollup.proveBatch(1, proof);
        vm.expectRevert(Rollup.ExodusMode.selector);
        rollup.executeBatch(1, noWithdrawals());
        vm.expectRevert(Rollup.ExodusMode.selector);
        rollup.revertBatches(0);
        vm.stopPrank();
        vm.deal(ALICE, 1 ether);
        vm.prank(ALICE);
        vm.expectRevert(Rollup.ExodusMode.selector);
        rollup.depositETH{value: 1 ether}(ALICE_KEY);

        // Unexecuted deposits (committed or not) come back to their senders, once.
        vm.expectRevert(abi.encodeWithSelector(Rollup.DepositMismatch.selector, 0, 0));
        rollup.withdrawPendingDeposit(0, ALICE, ETH, 2 ether, ALICE_KEY);
        rollup.withdrawPendingDeposit(0, ALICE, ETH, 1 ether, ALICE_KEY);
        rollup.withdrawPendingDeposit(1, BOB, ETH, 2 ether, BOB_KEY);
        vm.expectRevert(abi.encodeWithSelector(Rollup.AlreadyWithdrawn.selector, 0));
        rollup.withdrawPendingDeposit(0, ALICE, ETH, 1 ether, ALICE_KEY);
        vm.expectRevert(abi.encodeWithSelector(Rollup.NotPending.selector, 2));
        rollup.withdrawPendingDeposit(2, BOB, ETH, 2 ether, BOB_KEY);
        uint256 before = ALICE.balance;
        vm.prank(ALICE);
        rollup.claim(ETH);
        assertEq(ALICE.balance, before + 1 ether, "alice's deposit is back");
        assertEq(rollup.claimable(BOB, ETH), 2 ether, "bob's too");
    }

    function test_executed_deposits_are_not_pending() public {
        rollup.setPriorityDeadline(60);
        vm.warp(1_000);
        depositETH(ALICE, 1 ether, ALICE_KEY);
        depositETH(BOB, 2 ether, BOB_KEY);
        commit(1, Pubdata.deposit(1, ETH, 1 ether, ALICE_KEY, ALICE));
        prove(1);
        execute(1, noWithdrawals());
        vm.warp(1_061);
        rollup.activateExodus(); // bob's deposit is overdue
        // Alice's deposit is in the last executed state: it leaves by an exit proof, not here.
        vm.expectRevert(abi.encodeWithSelector(Rollup.NotPending.selector, 0));
        rollup.withdrawPendingDeposit(0, ALICE, ETH, 1 ether, ALICE_KEY);
        rollup.withdrawPendingDeposit(1, BOB, ETH, 2 ether, BOB_KEY);
    }

    function test_pending_deposits_stay_put_outside_exodus() public {
        depositETH(ALICE, 1 ether, ALICE_KEY);
        vm.expectRevert(Rollup.NotInExodusMode.selector);
        rollup.withdrawPendingDeposit(0, ALICE, ETH, 1 ether, ALICE_KEY);
    }
}

/// @dev `exit` with real claims: a Rollup whose verified root is the fixture's depth-4 state.
contract ExodusExitTest is RollupFixture, ExitFixture {
    ExitProof.Claim internal exitClaim;

    function setUp() public override {
        super.setUp();
        loadExitFixture();
        (ExitProof.Claim memory c, uint256 root) = claimAt(4);
        exitClaim = c;
        Rollup.TokenRegistration[] memory none = new Rollup.TokenRegistration[](0);
        rollup = new Rollup(verifier, 0, bytes32(root), OPERATOR, ETH_GENESIS_SUPPLY, none);
        rollup.setPriorityDeadline(60);
        vm.warp(1_000);
        depositETH(ALICE, 1 ether, ALICE_KEY);
    }

    function test_exit_pays_the_owner_once_and_only_in_exodus() public {
        ExitProof.Claim memory c = exitClaim;
        vm.expectRevert(Rollup.NotInExodusMode.selector);
        rollup.exit(c);
        vm.warp(1_061);
        rollup.activateExodus();
        address owner = address(uint160(c.l1Address));
        uint16 token = uint16(c.tokenId);
        vm.expectEmit();
        emit Rollup.Exited(uint32(c.accountId), token, owner, c.balance);
        vm.prank(CAROL); // anyone may submit it: the owner is paid
        rollup.exit(c);
        assertEq(rollup.claimable(owner, token), c.balance, "claimable by the owner");
        assertTrue(rollup.exited(uint32(c.accountId), token), "marked");
        vm.expectRevert(abi.encodeWithSelector(Rollup.AlreadyExited.selector, uint32(c.accountId), token));
        rollup.exit(c);
    }

    function test_exit_refuses_another_root_and_lp_shares() public {
        vm.warp(1_061);
        rollup.activateExodus();
        ExitProof.Claim memory c = copy(exitClaim);
        c.accountCount += 1; // another state: the root differs
        vm.expectRevert(abi.encodeWithSelector(Rollup.ExitProofMismatch.selector, uint32(c.accountId), uint16(c.tokenId)));
        rollup.exit(c);
    }

    function test_lp_shares_do_not_exit() public {
        // The fixture's LP-share claim (a real one, at depth 24) against its own root.
        for (uint256 i = 0; i < claimCount(); ++i) {
            (ExitProof.Claim memory c,, uint256 root) = claim(i);
            if (c.tokenId < rollup.LP_TOKEN_BASE()) continue;
            Rollup.TokenRegistration[] memory none = new Rollup.TokenRegistration[](0);
            rollup = new Rollup(verifier, 0, bytes32(root), OPERATOR, ETH_GENESIS_SUPPLY, none);
            rollup.setPriorityDeadline(60);
            depositETH(ALICE, 1 ether, ALICE_KEY);
            vm.warp(block.timestamp + 61);
            rollup.activateExodus();
            vm.expectRevert(abi.encodeWithSelector(Rollup.NotAnL1Token.selector, uint16(c.tokenId)));
            rollup.exit(c);
            return;
        }
        revert("the fixture has an LP-share claim");
    }
}
