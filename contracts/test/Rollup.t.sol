// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Rollup} from "../src/Rollup.sol";
import {IVerifier} from "../src/IVerifier.sol";
import {AcceptingVerifier} from "./mocks/AcceptingVerifier.sol";
import {StandardToken, FalseReturningToken, ReentrantToken} from "./mocks/Tokens.sol";
import {ReentrantClaimer, RejectingReceiver} from "./mocks/Receivers.sol";
import {Pubdata} from "./utils/Pubdata.sol";
import {RollupFixture} from "./utils/RollupFixture.sol";

contract RollupTest is RollupFixture {
    // ==========================================================================================
    // The cross-check vector, computed by the Rust code (circuits at commit 6a7a918) with a
    // throwaway binary outside the repository: PubdataOp::encode_into for the eight operations
    // below, then CommitmentInputs { batch_number: 1, old_root, new_root, priority_ops: 1,
    // slot_data_hash: Sha256(batch::slot_data(pubdata)) }.commitment(). Independently,
    // python3's hashlib gives the same digests for the 568 bytes of slot data and the 108-byte
    // preimage (sha256, top 3 bits cleared).
    // ==========================================================================================
    bytes internal constant RUST_PUBDATA =
        hex"20000060080000000000022b1c8c1227a0000341ecdaa41ce5200b4aeb633bbc908f4335e516397486cfbdc7bc56f821ea251888888888888888888888888888888888888888884000006000002008000f12004d60000060080000000000006f05b59d3b20000005be00000000000000000000000000000000000042800000202800001f3801a000002020000000a00000014006c0000020200000000000000000000000000070040000";
    bytes32 internal constant RUST_NEW_ROOT = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000000; // p - 1
    bytes32 internal constant RUST_SLOT_DATA_HASH = 0xc16ac0e4bf973737de930742f7061e6d32c2ea3e5d6c7ad20119e16fc7ea2be1;
    bytes32 internal constant RUST_COMMITMENT = 0x19c3e02e8a4a240ef859cb589325732f13843ed4616a985065dabe6a5cdce614;
    /// sha256 of empty slot data (an empty batch), from the same run.
    bytes32 internal constant RUST_EMPTY_SLOT_DATA_HASH =
        0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855;
    address internal constant RUST_DEPOSITOR = 0x1111111111111111111111111111111111111111;
    address internal constant RUST_RECIPIENT = 0xbe00000000000000000000000000000000000042;

    function rustOps() internal pure returns (bytes memory) {
        // (nested concatenations: one with eight arguments is too deep for the legacy codegen)
        bytes memory head = bytes.concat(
            Pubdata.deposit(3, 1, 5 ether, ALICE_KEY, RUST_DEPOSITOR),
            Pubdata.transfer(3, 1, 1, 123456, 77),
            Pubdata.withdraw(3, 1, 1 ether, 5, RUST_RECIPIENT)
        );
        bytes memory tail = bytes.concat(
            Pubdata.swap(1, 2, true, 999, 1), Pubdata.addLiquidity(1, 2, 10, 20, 3), Pubdata.removeLiquidity(1, 2, 7, 2)
        );
        return bytes.concat(head, tail, Pubdata.noop(), Pubdata.noop());
    }

    function test_test_encoder_matches_rust_pubdata() public pure {
        assertEq(rustOps(), RUST_PUBDATA, "the test encoder vs circuits' PubdataOp::encode");
        assertEq(Pubdata.slotData(RUST_PUBDATA).length, 8 * 71, "eight slots");
        assertEq(sha256(Pubdata.slotData(RUST_PUBDATA)), RUST_SLOT_DATA_HASH, "test-side slot data");
    }

    function test_slot_data_hash_matches_rust_and_the_test_expansion() public {
        assertEq(rollup.slotDataHash(RUST_PUBDATA), RUST_SLOT_DATA_HASH, "slotDataHash");
        assertEq(rollup.slotDataHash(""), RUST_EMPTY_SLOT_DATA_HASH, "empty");
        bytes[4] memory samples = [transfers(64), rustShapedBatch(), hex"00", bytes.concat(transfers(3), RUST_PUBDATA)];
        for (uint256 i = 0; i < samples.length; ++i) {
            assertEq(rollup.slotDataHash(samples[i]), sha256(Pubdata.slotData(samples[i])), "slot data");
        }
        // a lone tag 7 is a DepositRefund cut short
        vm.expectRevert(abi.encodeWithSelector(Rollup.TruncatedOperation.selector, 0));
        rollup.slotDataHash(hex"e0");
    }

    function test_commitment_matches_rust_vector() public {
        assertEq(
            rollup.batchCommitment(1, GENESIS_ROOT, RUST_NEW_ROOT, 1, RUST_SLOT_DATA_HASH),
            RUST_COMMITMENT,
            "batchCommitment"
        );
        // The same through a real commit: the deposit is queued, the batch consumes it.
        depositStd(RUST_DEPOSITOR, 5 ether, ALICE_KEY);
        vm.prank(OPERATOR);
        rollup.commitBatch(1, RUST_NEW_ROOT, RUST_PUBDATA);
        Rollup.StoredBatch memory b = rollup.batchInfo(1);
        assertEq(b.commitment, RUST_COMMITMENT, "stored commitment");
        assertEq(b.newStateRoot, RUST_NEW_ROOT, "stored root");
        assertEq(b.priorityOps, 1, "priority ops");
        assertEq(b.priorityOpsEnd, 1, "priority end");
        bytes32 w = keccak256(abi.encode(bytes32(0), RUST_RECIPIENT, uint16(1), uint112(1 ether)));
        assertEq(b.withdrawalsHash, w, "withdrawals hash");
        // ... and the verifier is asked about exactly that commitment.
        verifier.setRequiredInput(uint256(RUST_COMMITMENT));
        prove(1);
        execute(1, oneWithdrawal(RUST_RECIPIENT, 1, 1 ether));
        assertEq(rollup.claimable(RUST_RECIPIENT, 1), 1 ether, "claimable");
        assertEq(rollup.stateRoot(), RUST_NEW_ROOT, "verified root");
    }

    function test_commitment_binds_every_input() public view {
        bytes32 h = RUST_SLOT_DATA_HASH;
        bytes32 c = rollup.batchCommitment(1, GENESIS_ROOT, RUST_NEW_ROOT, 1, h);
        assertTrue(uint256(c) >> 253 == 0, "top 3 bits cleared");
        assertTrue(rollup.batchCommitment(2, GENESIS_ROOT, RUST_NEW_ROOT, 1, h) != c, "batch number");
        assertTrue(rollup.batchCommitment(1, bytes32(0), RUST_NEW_ROOT, 1, h) != c, "old root");
        assertTrue(rollup.batchCommitment(1, GENESIS_ROOT, bytes32(0), 1, h) != c, "new root");
        assertTrue(rollup.batchCommitment(1, GENESIS_ROOT, RUST_NEW_ROOT, 0, h) != c, "priority ops");
        assertTrue(rollup.batchCommitment(1, GENESIS_ROOT, RUST_NEW_ROOT, 1, RUST_EMPTY_SLOT_DATA_HASH) != c, "slots");
    }

    // ==========================================================================================
    // Deposits
    // ==========================================================================================

    function test_depositETH_queues_priority_op() public {
        vm.deal(ALICE, 3 ether);
        vm.expectEmit();
        emit Rollup.DepositQueued(0, ALICE, ETH, 2 ether, ALICE_KEY);
        vm.prank(ALICE);
        rollup.depositETH{value: 2 ether}(ALICE_KEY);

        assertEq(queuedHash(0), uint192(uint256(priorityOpHash(ALICE, ETH, 2 ether, ALICE_KEY))), "queued hash");
        assertEq(rollup.priorityTail(), 1, "tail");
        assertEq(rollup.priorityHead(), 0, "head");
        assertEq(rollup.priorityCommitted(), 0, "commit cursor");
        assertEq(rollup.pendingDeposits(), 1, "pending");
        assertEq(rollup.l2SupplyBound(ETH), ETH_GENESIS_SUPPLY + 2 ether, "supply bound");
        assertEq(address(rollup).balance, 2 ether, "locked ETH");
    }

    function test_depositERC20_standard_and_no_return_tokens() public {
        std.mint(ALICE, 10);
        noret.mint(BOB, 7);
        vm.startPrank(ALICE);
        std.approve(address(rollup), 10);
        vm.expectEmit();
        emit Rollup.DepositQueued(0, ALICE, STD, 10, ALICE_KEY);
        rollup.depositERC20(address(std), 10, ALICE_KEY);
        vm.stopPrank();
        vm.startPrank(BOB);
        noret.approve(address(rollup), 7);
        vm.expectEmit();
        emit Rollup.DepositQueued(1, BOB, NORET, 7, BOB_KEY);
        rollup.depositERC20(address(noret), 7, BOB_KEY);
        vm.stopPrank();

        assertEq(queuedHash(0), uint192(uint256(priorityOpHash(ALICE, STD, 10, ALICE_KEY))), "std hash");
        assertEq(queuedHash(1), uint192(uint256(priorityOpHash(BOB, NORET, 7, BOB_KEY))), "no-return hash");
        assertEq(std.balanceOf(address(rollup)), 10, "std locked");
        assertEq(noret.balanceOf(address(rollup)), 7, "no-return locked");
        assertEq(std.balanceOf(ALICE), 0, "alice paid");
        assertEq(rollup.l2SupplyBound(STD), 10, "std bound");
        assertEq(rollup.l2SupplyBound(NORET), 7, "no-return bound");
        assertEq(rollup.priorityTail(), 2, "tail");
    }

    function test_depositERC20_fee_on_transfer_credits_what_arrived() public {
        fot.mint(ALICE, 1000);
        vm.startPrank(ALICE);
        fot.approve(address(rollup), 1000);
        vm.expectEmit();
        emit Rollup.DepositQueued(0, ALICE, FOT, 990, ALICE_KEY);
        rollup.depositERC20(address(fot), 1000, ALICE_KEY);
        vm.stopPrank();
        assertEq(queuedHash(0), uint192(uint256(priorityOpHash(ALICE, FOT, 990, ALICE_KEY))), "credited 990");
        assertEq(fot.balanceOf(address(rollup)), 990, "locked");
    }

    function test_deposit_rejections() public {
        vm.expectRevert(Rollup.ZeroAmount.selector);
        rollup.depositETH{value: 0}(ALICE_KEY);
        vm.expectRevert(Rollup.ZeroAmount.selector);
        rollup.depositERC20(address(std), 0, ALICE_KEY);
        StandardToken other = new StandardToken();
        vm.expectRevert(abi.encodeWithSelector(Rollup.UnknownToken.selector, address(other)));
        rollup.depositERC20(address(other), 1, ALICE_KEY);
        vm.expectRevert(abi.encodeWithSelector(Rollup.UnknownToken.selector, address(0)));
        rollup.depositERC20(address(0), 1, ALICE_KEY);
        // no allowance: the token reverts
        std.mint(ALICE, 5);
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(Rollup.TokenTransferFailed.selector, address(std)));
        rollup.depositERC20(address(std), 5, ALICE_KEY);
        assertEq(rollup.priorityTail(), 0, "nothing queued");
    }

    function test_deposit_supply_cap() public {
        uint256 max = rollup.MAX_BALANCE();
        // ETH: genesis supply + deposits <= 2^112 - 1
        vm.deal(ALICE, max);
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(Rollup.SupplyCapExceeded.selector, ETH));
        rollup.depositETH{value: max - ETH_GENESIS_SUPPLY + 1}(ALICE_KEY);
        vm.prank(ALICE);
        rollup.depositETH{value: max - ETH_GENESIS_SUPPLY}(ALICE_KEY);
        assertEq(rollup.l2SupplyBound(ETH), max, "at the cap");
        vm.deal(BOB, 1);
        vm.prank(BOB);
        vm.expectRevert(abi.encodeWithSelector(Rollup.SupplyCapExceeded.selector, ETH));
        rollup.depositETH{value: 1}(BOB_KEY);
        // ERC-20: two deposits of 2^111 exceed it
        depositStd(ALICE, uint112(1 << 111), ALICE_KEY);
        std.mint(BOB, 1 << 111);
        vm.startPrank(BOB);
        std.approve(address(rollup), 1 << 111);
        vm.expectRevert(abi.encodeWithSelector(Rollup.SupplyCapExceeded.selector, STD));
        rollup.depositERC20(address(std), uint112(1 << 111), BOB_KEY);
        vm.stopPrank();
    }

    function test_false_returning_token_is_rejected() public {
        FalseReturningToken bad = new FalseReturningToken();
        rollup.registerToken(4, address(bad), 0);
        vm.expectRevert(abi.encodeWithSelector(Rollup.TokenTransferFailed.selector, address(bad)));
        rollup.depositERC20(address(bad), 1, ALICE_KEY);
    }

    function test_deposit_cannot_be_reentered() public {
        ReentrantToken hook = new ReentrantToken();
        rollup.registerToken(5, address(hook), 0);
        hook.mint(ALICE, 10);
        hook.setCallback(address(rollup), abi.encodeCall(Rollup.depositERC20, (address(hook), 1, ALICE_KEY)));
        vm.startPrank(ALICE);
        hook.approve(address(rollup), 10);
        rollup.depositERC20(address(hook), 10, ALICE_KEY);
        vm.stopPrank();
        assertTrue(!hook.callbackSucceeded(), "the nested deposit must fail");
        assertEq(rollup.priorityTail(), 1, "one deposit");
        assertEq(queuedHash(0), uint192(uint256(priorityOpHash(ALICE, 5, 10, ALICE_KEY))), "credited once");
    }

    // ==========================================================================================
    // Roles and the token registry
    // ==========================================================================================

    function test_constructor_state() public view {
        assertEq(rollup.owner(), address(this), "owner");
        assertEq(rollup.operator(), OPERATOR, "operator");
        assertEq(address(rollup.verifier()), address(verifier), "verifier");
        assertEq(rollup.transferSlots(), 0, "all slots general");
        assertEq(rollup.stateRoot(), GENESIS_ROOT, "genesis root");
        assertEq(rollup.batchInfo(0).newStateRoot, GENESIS_ROOT, "batch 0 root");
        assertEq(rollup.tokenAddresses(STD), address(std), "std address");
        assertEq(rollup.tokenIds(address(noret)), NORET, "no-return id");
        assertEq(rollup.tokenAddresses(FOT), address(fot), "registered after deploy");
        assertEq(rollup.tokenAddresses(ETH), address(0), "ETH");
        assertEq(rollup.l2SupplyBound(ETH), ETH_GENESIS_SUPPLY, "ETH genesis supply");
        assertEq(rollup.lastCommitted() + rollup.lastProven() + rollup.lastExecuted(), 0, "no batches");
    }

    function test_constructor_rejects_root_outside_field() public {
        uint256 p = rollup.FIELD_MODULUS();
        vm.expectRevert(Rollup.RootNotInField.selector);
        new Rollup(verifier, 0, bytes32(p), OPERATOR, 0, new Rollup.TokenRegistration[](0));
    }

    function test_only_owner_registers_tokens_and_sets_roles() public {
        StandardToken other = new StandardToken();
        vm.prank(ALICE);
        vm.expectRevert(Rollup.NotOwner.selector);
        rollup.registerToken(9, address(other), 0);
        vm.prank(OPERATOR);
        vm.expectRevert(Rollup.NotOwner.selector);
        rollup.setOperator(ALICE);
        vm.prank(ALICE);
        vm.expectRevert(Rollup.NotOwner.selector);
        rollup.transferOwnership(ALICE);

        vm.expectRevert(abi.encodeWithSelector(Rollup.BadTokenId.selector, uint16(0)));
        rollup.registerToken(0, address(other), 0);
        vm.expectRevert(abi.encodeWithSelector(Rollup.BadTokenId.selector, uint16(512)));
        rollup.registerToken(512, address(other), 0);
        vm.expectRevert(abi.encodeWithSelector(Rollup.TokenAlreadyRegistered.selector, STD, address(other)));
        rollup.registerToken(STD, address(other), 0);
        vm.expectRevert(abi.encodeWithSelector(Rollup.TokenAlreadyRegistered.selector, uint16(9), address(std)));
        rollup.registerToken(9, address(std), 0);
        vm.expectRevert(abi.encodeWithSelector(Rollup.NotAContract.selector, ALICE));
        rollup.registerToken(9, ALICE, 0);
        rollup.registerToken(511, address(other), 42);
        assertEq(rollup.tokenAddresses(511), address(other), "id 511");
        assertEq(rollup.l2SupplyBound(511), 42, "genesis supply");

        rollup.setOperator(BOB);
        assertEq(rollup.operator(), BOB, "operator set");
        rollup.transferOwnership(ALICE);
        assertEq(rollup.owner(), ALICE, "owner moved");
        vm.expectRevert(Rollup.NotOwner.selector);
        rollup.setOperator(CAROL);
    }

    function test_only_operator_commits_proves_executes_reverts() public {
        address[2] memory outsiders = [ALICE, address(this)];
        for (uint256 i = 0; i < 2; ++i) {
            vm.startPrank(outsiders[i]);
            vm.expectRevert(Rollup.NotOperator.selector);
            rollup.commitBatch(1, root(1), hex"00");
            vm.expectRevert(Rollup.NotOperator.selector);
            rollup.proveBatch(1, proof);
            vm.expectRevert(Rollup.NotOperator.selector);
            rollup.executeBatch(1, noWithdrawals());
            vm.expectRevert(Rollup.NotOperator.selector);
            rollup.revertBatches(0);
            vm.stopPrank();
        }
        // a replaced operator loses the role
        commit(1, hex"00");
        rollup.setOperator(BOB);
        vm.prank(OPERATOR);
        vm.expectRevert(Rollup.NotOperator.selector);
        rollup.proveBatch(1, proof);
        vm.prank(BOB);
        rollup.proveBatch(1, proof);
    }

    // ==========================================================================================
    // Commit
    // ==========================================================================================

    function test_commit_consumes_matching_deposits_in_order() public {
        depositETH(ALICE, 1 ether, ALICE_KEY);
        depositStd(BOB, 500, BOB_KEY);
        depositNoReturn(ALICE, 9, ALICE_KEY);
        // batch 1 consumes the first two, batch 2 the third
        bytes memory pd1 = bytes.concat(
            Pubdata.deposit(7, ETH, 1 ether, ALICE_KEY, ALICE), transfers(2), Pubdata.deposit(8, STD, 500, BOB_KEY, BOB)
        );
        bytes32 c1 = commitmentOf(1, GENESIS_ROOT, root(1), 2, pd1);
        vm.expectEmit();
        emit Rollup.BatchCommitted(1, c1, root(1), 2, 2);
        commit(1, pd1);
        assertEq(rollup.lastCommitted(), 1, "committed");
        assertEq(rollup.priorityCommitted(), 2, "cursor");
        assertEq(rollup.pendingDeposits(), 1, "pending");
        assertEq(rollup.priorityHead(), 0, "head moves at execution");
        Rollup.StoredBatch memory b = rollup.batchInfo(1);
        assertEq(b.priorityOps, 2, "ops");
        assertEq(b.priorityOpsEnd, 2, "end");
        assertEq(b.withdrawalsHash, bytes32(0), "no withdrawals");

        bytes memory pd2 = bytes.concat(Pubdata.deposit(7, NORET, 9, ALICE_KEY, ALICE), Pubdata.noop());
        commit(2, pd2);
        // batch 2 starts from batch 1's root
        assertEq(rollup.batchInfo(2).commitment, commitmentOf(2, root(1), root(2), 1, pd2), "chained roots");
        assertEq(rollup.priorityCommitted(), 3, "all consumed");
    }

    function test_commit_does_not_force_deposits() public {
        depositETH(ALICE, 1 ether, ALICE_KEY);
        commit(1, transfers(3)); // a batch may leave deposits queued
        assertEq(rollup.batchInfo(1).priorityOps, 0, "none consumed");
        assertEq(rollup.pendingDeposits(), 1, "still pending");
    }

    function test_commit_rejects_wrong_batch_number() public {
        vm.startPrank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(Rollup.WrongBatchNumber.selector, uint64(1), uint64(0)));
        rollup.commitBatch(0, root(0), hex"00");
        vm.expectRevert(abi.encodeWithSelector(Rollup.WrongBatchNumber.selector, uint64(1), uint64(2)));
        rollup.commitBatch(2, root(2), hex"00");
        rollup.commitBatch(1, root(1), hex"00");
        vm.expectRevert(abi.encodeWithSelector(Rollup.WrongBatchNumber.selector, uint64(2), uint64(1)));
        rollup.commitBatch(1, root(1), hex"00");
        vm.stopPrank();
    }

    function test_commit_rejects_root_outside_field() public {
        uint256 p = rollup.FIELD_MODULUS();
        vm.prank(OPERATOR);
        vm.expectRevert(Rollup.RootNotInField.selector);
        rollup.commitBatch(1, bytes32(p), hex"00");
    }

    function test_commit_rejects_skipped_deposit() public {
        depositETH(ALICE, 1 ether, ALICE_KEY);
        depositETH(BOB, 2 ether, BOB_KEY);
        // the batch carries only the second deposit: it must match the first
        bytes memory pd = bytes.concat(Pubdata.noop(), Pubdata.deposit(1, ETH, 2 ether, BOB_KEY, BOB));
        vm.prank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(Rollup.DepositMismatch.selector, uint64(0), uint256(1)));
        rollup.commitBatch(1, root(1), pd);
        // both, in the wrong order
        pd = bytes.concat(
            Pubdata.deposit(1, ETH, 2 ether, BOB_KEY, BOB), Pubdata.deposit(0, ETH, 1 ether, ALICE_KEY, ALICE)
        );
        vm.prank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(Rollup.DepositMismatch.selector, uint64(0), uint256(0)));
        rollup.commitBatch(1, root(1), pd);
    }

    function test_commit_rejects_mismatched_deposit_fields() public {
        depositStd(ALICE, 1000, ALICE_KEY);
        bytes[4] memory wrong = [
            Pubdata.deposit(0, NORET, 1000, ALICE_KEY, ALICE), // token
            Pubdata.deposit(0, STD, 999, ALICE_KEY, ALICE), // amount
            Pubdata.deposit(0, STD, 1000, BOB_KEY, ALICE), // key
            Pubdata.deposit(0, STD, 1000, ALICE_KEY, BOB) // L1 address
        ];
        for (uint256 i = 0; i < wrong.length; ++i) {
            vm.prank(OPERATOR);
            vm.expectRevert(abi.encodeWithSelector(Rollup.DepositMismatch.selector, uint64(0), uint256(0)));
            rollup.commitBatch(1, root(1), wrong[i]);
        }
        commit(1, Pubdata.deposit(12345, STD, 1000, ALICE_KEY, ALICE)); // any account id
        assertEq(rollup.priorityCommitted(), 1, "matched");
    }

    function test_commit_rejects_deposit_without_pending_priority_op() public {
        bytes memory op = Pubdata.deposit(0, ETH, 1 ether, ALICE_KEY, ALICE);
        vm.prank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(Rollup.NoPendingDeposit.selector, uint256(0)));
        rollup.commitBatch(1, root(1), op);
        // one pending, two in the batch
        depositETH(ALICE, 1 ether, ALICE_KEY);
        vm.prank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(Rollup.NoPendingDeposit.selector, uint256(71)));
        rollup.commitBatch(1, root(1), bytes.concat(op, op));
        // and a consumed one cannot be consumed again by the next batch
        commit(1, op);
        vm.prank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(Rollup.NoPendingDeposit.selector, uint256(0)));
        rollup.commitBatch(2, root(2), op);
    }

    function test_every_tag_is_an_operation() public {
        // Tag 7 (DepositRefund) was the last unknown tag: trailing bytes now always form a
        // truncated operation.
        expectCommitRevert(hex"e0", abi.encodeWithSelector(Rollup.TruncatedOperation.selector, 0));
        expectCommitRevert(
            bytes.concat(Pubdata.transfer(1, 2, 1, 5, 0), hex"ff"),
            abi.encodeWithSelector(Rollup.TruncatedOperation.selector, 13)
        );
        bytes memory r = Pubdata.depositRefund(Pubdata.REASON_INVALID_KEY, ETH, 1, OFF_CURVE_KEY, ALICE);
        bytes memory pd = bytes.concat(transfers(1), r, Pubdata.noop());
        assertEq(rollup.slotDataHash(pd), sha256(Pubdata.slotData(pd)), "a refund fills a 71-byte slot");
        assertEq(Pubdata.slotData(pd).length, 3 * 71, "three slots");
    }

    function test_commit_rejects_truncated_operations() public {
        bytes memory t = Pubdata.transfer(1, 2, 1, 5, 0);
        expectCommitRevert(slice(t, 12), abi.encodeWithSelector(Rollup.TruncatedOperation.selector, 0));
        expectCommitRevert(
            bytes.concat(t, slice(Pubdata.withdraw(1, 1, 5, 0, ALICE), 39)),
            abi.encodeWithSelector(Rollup.TruncatedOperation.selector, 13)
        );
        expectCommitRevert(
            slice(Pubdata.deposit(0, ETH, 1, ALICE_KEY, ALICE), 70),
            abi.encodeWithSelector(Rollup.TruncatedOperation.selector, 0)
        );
        expectCommitRevert(
            bytes.concat(t, slice(Pubdata.depositRefund(1, ETH, 1, ALICE_KEY, ALICE), 70)),
            abi.encodeWithSelector(Rollup.TruncatedOperation.selector, 13)
        );
        expectCommitRevert(hex"40", abi.encodeWithSelector(Rollup.TruncatedOperation.selector, 0)); // a lone Transfer tag
    }

    function test_commit_rejects_nonzero_padding() public {
        // Noop, Deposit, AddLiquidity, RemoveLiquidity and DepositRefund end with padding bits
        expectCommitRevert(hex"01", abi.encodeWithSelector(Rollup.NonzeroPadding.selector, 0));
        expectCommitRevert(hex"0010", abi.encodeWithSelector(Rollup.NonzeroPadding.selector, 1));
        bytes memory r = Pubdata.removeLiquidity(1, 2, 7, 2);
        r[19] = bytes1(uint8(r[19]) | 1);
        expectCommitRevert(
            bytes.concat(Pubdata.transfer(1, 2, 1, 5, 0), r), abi.encodeWithSelector(Rollup.NonzeroPadding.selector, 13)
        );
        bytes memory a = Pubdata.addLiquidity(1, 2, 10, 20, 3);
        a[13] = bytes1(uint8(a[13]) | 1);
        expectCommitRevert(a, abi.encodeWithSelector(Rollup.NonzeroPadding.selector, 0));
        depositETH(ALICE, 1, ALICE_KEY);
        bytes memory d = Pubdata.deposit(0, ETH, 1, ALICE_KEY, ALICE);
        d[70] = bytes1(uint8(d[70]) | 4);
        expectCommitRevert(d, abi.encodeWithSelector(Rollup.NonzeroPadding.selector, 0));
        bytes memory refund = Pubdata.depositRefund(1, ETH, 1, ALICE_KEY, ALICE);
        for (uint8 bit = 1; bit < 8; bit <<= 1) {
            bytes memory bad = bytes.concat(refund);
            bad[70] = bytes1(uint8(bad[70]) | bit);
            expectCommitRevert(
                bytes.concat(Pubdata.noop(), bad), abi.encodeWithSelector(Rollup.NonzeroPadding.selector, 1)
            );
        }
        commit(1, refund); // with zero padding, the refund matches the queued deposit
        assertEq(rollup.priorityCommitted(), 1, "consumed");
    }

    function test_commit_accepts_every_operation_type_and_empty_batches() public {
        depositETH(ALICE, 1, ALICE_KEY);
        commit(1, rustShapedBatch());
        commit(2, "");
        assertEq(rollup.lastCommitted(), 2, "accepted");
        assertEq(rollup.batchInfo(1).priorityOps, 1, "deposit");
        bytes32 w = keccak256(abi.encode(bytes32(0), address(type(uint160).max), uint16(511), uint112((1 << 112) - 1)));
        assertEq(rollup.batchInfo(1).withdrawalsHash, w, "max-value withdrawal parsed");
    }

    function rustShapedBatch() internal pure returns (bytes memory) {
        bytes memory head = bytes.concat(
            Pubdata.deposit(0, ETH, 1, ALICE_KEY, ALICE),
            Pubdata.transfer(0, 1, 0, (1 << 32) - 1, (1 << 11) - 1),
            Pubdata.withdraw((1 << 24) - 1, 511, (1 << 112) - 1, (1 << 11) - 1, address(type(uint160).max))
        );
        bytes memory tail = bytes.concat(
            Pubdata.swap(1, 511, true, 12345, 1),
            Pubdata.addLiquidity(2, 3, 10, 20, 0),
            Pubdata.removeLiquidity(3, 4, 99, 2)
        );
        return bytes.concat(head, tail, Pubdata.noop());
    }

    function expectCommitRevert(bytes memory pubdata, bytes memory err) internal {
        uint64 n = rollup.lastCommitted() + 1;
        vm.prank(OPERATOR);
        vm.expectRevert(err);
        rollup.commitBatch(n, root(n), pubdata);
    }

    function slice(bytes memory b, uint256 length) internal pure returns (bytes memory out) {
        out = new bytes(length);
        for (uint256 i = 0; i < length; ++i) {
            out[i] = b[i];
        }
    }

    // ==========================================================================================
    // Prove
    // ==========================================================================================

    function test_prove_calls_the_verifier_with_the_commitment() public {
        commit(1, transfers(2));
        bytes32 c = rollup.batchInfo(1).commitment;
        verifier.setRequiredInput(uint256(c) ^ 1); // a different input: rejected
        vm.prank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(Rollup.InvalidProof.selector, uint64(1)));
        rollup.proveBatch(1, proof);
        verifier.setRequiredInput(uint256(c));
        vm.expectEmit();
        emit Rollup.BatchProven(1, c);
        prove(1);
        assertEq(rollup.lastProven(), 1, "proven");
    }

    function test_prove_rejects_a_failing_proof() public {
        commit(1, hex"00");
        verifier.setAccept(false);
        vm.prank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(Rollup.InvalidProof.selector, uint64(1)));
        rollup.proveBatch(1, proof);
        assertEq(rollup.lastProven(), 0, "not proven");
        verifier.setAccept(true);
        prove(1);
    }

    function test_prove_in_order_and_only_committed() public {
        vm.prank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(Rollup.BatchNotCommitted.selector, uint64(1)));
        rollup.proveBatch(1, proof);
        commit(1, hex"00");
        commit(2, hex"00");
        vm.prank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(Rollup.WrongBatchNumber.selector, uint64(1), uint64(2)));
        rollup.proveBatch(2, proof);
        prove(1);
        vm.prank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(Rollup.WrongBatchNumber.selector, uint64(2), uint64(1)));
        rollup.proveBatch(1, proof);
        prove(2);
        vm.prank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(Rollup.WrongBatchNumber.selector, uint64(3), uint64(1)));
        rollup.proveBatch(1, proof);
    }

    // ==========================================================================================
    // Execute
    // ==========================================================================================

    function test_execute_in_order_and_only_proven() public {
        commit(1, hex"00");
        commit(2, hex"00");
        vm.prank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(Rollup.BatchNotProven.selector, uint64(1)));
        rollup.executeBatch(1, noWithdrawals());
        prove(1);
        prove(2);
        vm.prank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(Rollup.WrongBatchNumber.selector, uint64(1), uint64(2)));
        rollup.executeBatch(2, noWithdrawals());
        vm.expectEmit();
        emit Rollup.BatchExecuted(1, root(1), 0);
        execute(1, noWithdrawals());
        assertEq(rollup.stateRoot(), root(1), "root 1");
        execute(2, noWithdrawals());
        assertEq(rollup.stateRoot(), root(2), "root 2");
        assertEq(rollup.lastExecuted(), 2, "executed");
        vm.prank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(Rollup.WrongBatchNumber.selector, uint64(3), uint64(2)));
        rollup.executeBatch(2, noWithdrawals());
    }

    function test_execute_credits_withdrawals_and_consumes_deposits() public {
        depositETH(ALICE, 5 ether, ALICE_KEY);
        depositStd(ALICE, 1000, ALICE_KEY);
        bytes memory pd = bytes.concat(
            Pubdata.deposit(4, ETH, 5 ether, ALICE_KEY, ALICE),
            Pubdata.deposit(4, STD, 1000, ALICE_KEY, ALICE),
            Pubdata.withdraw(4, ETH, 2 ether, 3, BOB),
            transfers(1)
        );
        pd = bytes.concat(
            pd,
            Pubdata.withdraw(4, STD, 400, 3, BOB),
            Pubdata.withdraw(4, ETH, 1 ether, 3, CAROL),
            Pubdata.withdraw(4, ETH, 0.5 ether, 3, BOB)
        );
        commit(1, pd);
        prove(1);
        Rollup.Withdrawal[] memory w = new Rollup.Withdrawal[](4);
        w[0] = Rollup.Withdrawal(BOB, ETH, 2 ether);
        w[1] = Rollup.Withdrawal(BOB, STD, 400);
        w[2] = Rollup.Withdrawal(CAROL, ETH, 1 ether);
        w[3] = Rollup.Withdrawal(BOB, ETH, 0.5 ether);

        // wrong lists: one missing, reordered, a changed amount / recipient / token, one extra
        Rollup.Withdrawal[] memory bad = new Rollup.Withdrawal[](3);
        for (uint256 i = 0; i < 3; ++i) {
            bad[i] = w[i];
        }
        expectExecuteRevert(bad);
        bad = copy(w);
        (bad[0], bad[2]) = (bad[2], bad[0]);
        expectExecuteRevert(bad);
        bad = copy(w);
        bad[1].amount = 401;
        expectExecuteRevert(bad);
        bad = copy(w);
        bad[2].to = BOB;
        expectExecuteRevert(bad);
        bad = copy(w);
        bad[1].token = NORET;
        expectExecuteRevert(bad);
        bad = new Rollup.Withdrawal[](5);
        for (uint256 i = 0; i < 4; ++i) {
            bad[i] = w[i];
        }
        bad[4] = w[3];
        expectExecuteRevert(bad);
        expectExecuteRevert(noWithdrawals());

        execute(1, w);
        assertEq(rollup.claimable(BOB, ETH), 2.5 ether, "bob ETH");
        assertEq(rollup.claimable(BOB, STD), 400, "bob std");
        assertEq(rollup.claimable(CAROL, ETH), 1 ether, "carol ETH");
        assertEq(rollup.claimable(ALICE, ETH), 0, "alice nothing");
        assertEq(rollup.priorityHead(), 2, "deposits consumed");
        assertEq(rollup.l2SupplyBound(ETH), ETH_GENESIS_SUPPLY + 5 ether - 3.5 ether, "ETH bound");
        assertEq(rollup.l2SupplyBound(STD), 600, "std bound");
    }

    function expectExecuteRevert(Rollup.Withdrawal[] memory w) internal {
        uint64 n = rollup.lastExecuted() + 1;
        vm.prank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(Rollup.WithdrawalsMismatch.selector, n));
        rollup.executeBatch(n, w);
    }

    function copy(Rollup.Withdrawal[] memory w) internal pure returns (Rollup.Withdrawal[] memory out) {
        out = new Rollup.Withdrawal[](w.length);
        for (uint256 i = 0; i < w.length; ++i) {
            out[i] = Rollup.Withdrawal(w[i].to, w[i].token, w[i].amount); // memory structs: copy, not alias
        }
    }

    // ==========================================================================================
    // Claims
    // ==========================================================================================

    /// Deposits 10 ETH, 1000 std and 700 no-return tokens, then withdraws parts to BOB/CAROL.
    function withdrawSome() internal {
        depositETH(ALICE, 10 ether, ALICE_KEY);
        depositStd(ALICE, 1000, ALICE_KEY);
        depositNoReturn(ALICE, 700, ALICE_KEY);
        bytes memory pd = bytes.concat(
            Pubdata.deposit(4, ETH, 10 ether, ALICE_KEY, ALICE),
            Pubdata.deposit(4, STD, 1000, ALICE_KEY, ALICE),
            Pubdata.deposit(4, NORET, 700, ALICE_KEY, ALICE)
        );
        pd = bytes.concat(
            pd,
            Pubdata.withdraw(4, ETH, 3 ether, 0, BOB),
            Pubdata.withdraw(4, STD, 250, 0, BOB),
            Pubdata.withdraw(4, NORET, 300, 0, BOB),
            Pubdata.withdraw(4, ETH, 1 ether, 0, CAROL)
        );
        commit(1, pd);
        prove(1);
        Rollup.Withdrawal[] memory w = new Rollup.Withdrawal[](4);
        w[0] = Rollup.Withdrawal(BOB, ETH, 3 ether);
        w[1] = Rollup.Withdrawal(BOB, STD, 250);
        w[2] = Rollup.Withdrawal(BOB, NORET, 300);
        w[3] = Rollup.Withdrawal(CAROL, ETH, 1 ether);
        execute(1, w);
    }

    function test_claim_pays_ETH_and_tokens_exactly_once() public {
        withdrawSome();
        uint256 lockedEth = address(rollup).balance;

        vm.expectEmit();
        emit Rollup.Claimed(BOB, ETH, 3 ether);
        vm.prank(BOB);
        assertEq(rollup.claim(ETH), 3 ether, "returned amount");
        assertEq(BOB.balance, 3 ether, "bob ETH");
        vm.prank(BOB);
        rollup.claim(STD);
        assertEq(std.balanceOf(BOB), 250, "bob std");
        vm.prank(BOB);
        rollup.claim(NORET);
        assertEq(noret.balanceOf(BOB), 300, "bob no-return");

        // a second claim pays nothing: it reverts
        uint16[3] memory tokens = [ETH, STD, NORET];
        for (uint256 i = 0; i < 3; ++i) {
            vm.prank(BOB);
            vm.expectRevert(abi.encodeWithSelector(Rollup.NothingToClaim.selector, BOB, tokens[i]));
            rollup.claim(tokens[i]);
            assertEq(rollup.claimable(BOB, tokens[i]), 0, "zeroed");
        }
        // claimFor: anyone triggers it, the recipient is paid
        vm.prank(ALICE);
        rollup.claimFor(CAROL, ETH);
        assertEq(CAROL.balance, 1 ether, "carol paid");
        assertEq(ALICE.balance, 0, "caller not paid");
        vm.expectRevert(abi.encodeWithSelector(Rollup.NothingToClaim.selector, CAROL, ETH));
        rollup.claimFor(CAROL, ETH);

        // accounting: the contract paid out exactly the withdrawals and keeps the rest
        assertEq(lockedEth - address(rollup).balance, 4 ether, "ETH paid out");
        assertEq(address(rollup).balance, 6 ether, "ETH still locked");
        assertEq(std.balanceOf(address(rollup)), 750, "std still locked");
        assertEq(noret.balanceOf(address(rollup)), 400, "no-return still locked");
        assertEq(std.balanceOf(BOB) + std.balanceOf(address(rollup)), 1000, "std conserved");
        assertEq(noret.balanceOf(BOB) + noret.balanceOf(address(rollup)), 700, "no-return conserved");
    }

    function test_claims_accumulate_across_batches() public {
        depositETH(ALICE, 3 ether, ALICE_KEY);
        commit(
            1,
            bytes.concat(Pubdata.deposit(1, ETH, 3 ether, ALICE_KEY, ALICE), Pubdata.withdraw(1, ETH, 1 ether, 0, BOB))
        );
        commit(2, Pubdata.withdraw(1, ETH, 1.5 ether, 0, BOB));
        prove(1);
        prove(2);
        execute(1, oneWithdrawal(BOB, ETH, 1 ether));
        execute(2, oneWithdrawal(BOB, ETH, 1.5 ether));
        assertEq(rollup.claimable(BOB, ETH), 2.5 ether, "summed");
        vm.prank(BOB);
        rollup.claim(ETH);
        assertEq(BOB.balance, 2.5 ether, "paid once, in full");
    }

    function test_claim_reentrancy_pays_once() public {
        ReentrantClaimer attacker = new ReentrantClaimer(rollup);
        depositETH(ALICE, 5 ether, ALICE_KEY);
        commit(
            1,
            bytes.concat(
                Pubdata.deposit(1, ETH, 5 ether, ALICE_KEY, ALICE),
                Pubdata.withdraw(1, ETH, 2 ether, 0, address(attacker))
            )
        );
        prove(1);
        execute(1, oneWithdrawal(address(attacker), ETH, 2 ether));
        attacker.claim();
        assertEq(attacker.received(), 2 ether, "paid once");
        assertTrue(attacker.reentryAttempts() == 1 && !attacker.reentrySucceeded(), "re-entry failed");
        assertEq(address(rollup).balance, 3 ether, "rest locked");
    }

    function test_claim_failures_keep_the_balance() public {
        RejectingReceiver rejecting = new RejectingReceiver();
        depositETH(ALICE, 5 ether, ALICE_KEY);
        commit(
            1,
            bytes.concat(
                Pubdata.deposit(1, ETH, 5 ether, ALICE_KEY, ALICE),
                Pubdata.withdraw(1, ETH, 2 ether, 0, address(rejecting)),
                Pubdata.withdraw(1, 77, 9, 0, BOB)
            )
        );
        prove(1);
        Rollup.Withdrawal[] memory w = new Rollup.Withdrawal[](2);
        w[0] = Rollup.Withdrawal(address(rejecting), ETH, 2 ether);
        w[1] = Rollup.Withdrawal(BOB, 77, 9);
        execute(1, w);
        vm.expectRevert(abi.encodeWithSelector(Rollup.EthTransferFailed.selector, address(rejecting)));
        rollup.claimFor(address(rejecting), ETH);
        assertEq(rollup.claimable(address(rejecting), ETH), 2 ether, "still claimable");
        // a token id L1 has not registered (an owner misconfiguration) waits for registration
        vm.prank(BOB);
        vm.expectRevert(abi.encodeWithSelector(Rollup.UnknownTokenId.selector, uint16(77)));
        rollup.claim(77);
        StandardToken late = new StandardToken();
        late.mint(address(rollup), 9);
        rollup.registerToken(77, address(late), 0);
        vm.prank(BOB);
        rollup.claim(77);
        assertEq(late.balanceOf(BOB), 9, "paid after registration");
    }

    // ==========================================================================================
    // Reverting batches
    // ==========================================================================================

    function test_revert_batches_returns_deposits_to_the_queue() public {
        depositETH(ALICE, 1 ether, ALICE_KEY);
        depositETH(BOB, 2 ether, BOB_KEY);
        commit(1, Pubdata.deposit(0, ETH, 1 ether, ALICE_KEY, ALICE));
        prove(1);
        execute(1, noWithdrawals());
        commit(2, Pubdata.deposit(1, ETH, 2 ether, BOB_KEY, BOB));
        commit(3, transfers(1));
        prove(2);

        vm.startPrank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(Rollup.CannotRevert.selector, uint64(0)));
        rollup.revertBatches(0); // batch 1 is executed
        vm.expectRevert(abi.encodeWithSelector(Rollup.CannotRevert.selector, uint64(3)));
        rollup.revertBatches(3); // nothing after 3
        rollup.revertBatches(2);
        assertEq(rollup.lastCommitted(), 2, "to 2");
        assertEq(rollup.lastProven(), 2, "2 stays proven");
        assertEq(rollup.priorityCommitted(), 2, "cursor after batch 2");
        rollup.revertBatches(1);
        vm.stopPrank();
        assertEq(rollup.lastCommitted(), 1, "to 1");
        assertEq(rollup.lastProven(), 1, "unproven");
        assertEq(rollup.priorityCommitted(), 1, "bob's deposit pending again");

        // re-commit batch 2 differently: from batch 1's root, consuming bob's deposit again
        bytes memory pd = bytes.concat(Pubdata.noop(), Pubdata.deposit(1, ETH, 2 ether, BOB_KEY, BOB));
        commit(2, pd);
        assertEq(rollup.batchInfo(2).commitment, commitmentOf(2, root(1), root(2), 1, pd), "recommitted");
        prove(2);
        execute(2, noWithdrawals());
        assertEq(rollup.priorityHead(), 2, "all consumed");
    }

    // ==========================================================================================
    // Refunds of deposits L2 cannot credit (DepositRefund operations, tag 7)
    // ==========================================================================================

    /// depositRefund(3, token 1, 1000, ALICE_KEY, ALICE) encoded by hand with python3 from the
    /// layout (type 3 | reason 24 | token 10 | amount 112 | key 256 | L1 address 160 | pad 3),
    /// independently of Pubdata.sol.
    bytes internal constant REFUND_VECTOR =
        hex"e0000060080000000000000000000000001f4341ecdaa41ce5200b4aeb633bbc908f4335e516397486cfbdc7bc56f821ea25180000000000000000000000000000000000508e70";

    function test_refund_encoder_is_the_deposit_layout_with_a_reason() public pure {
        assertEq(
            Pubdata.depositRefund(Pubdata.REASON_TREE_FULL, 1, 1000, ALICE_KEY, ALICE), REFUND_VECTOR, "python vector"
        );
        // The Deposit's bytes with the tag bits 001 -> 111 and the account replaced by the reason.
        bytes memory d = Pubdata.deposit(Pubdata.REASON_TREE_FULL, 1, 1000, ALICE_KEY, ALICE);
        d[0] = bytes1(uint8(d[0]) | 0xe0);
        assertEq(d, REFUND_VECTOR, "deposit layout");
        assertEq(REFUND_VECTOR.length, 71, "71 bytes");
    }

    /// Queues ALICE's ETH deposit with a key that is not a curve point (0), then BOB's valid
    /// one (1) and CAROL's std deposit (2).
    function queueWithABadKey() internal {
        depositETH(ALICE, 1 ether, OFF_CURVE_KEY); // a typo: no such point
        depositETH(BOB, 2 ether, BOB_KEY);
        depositStd(CAROL, 300, ALICE_KEY);
    }

    function refundAlice() internal pure returns (bytes memory) {
        return Pubdata.depositRefund(Pubdata.REASON_INVALID_KEY, ETH, 1 ether, OFF_CURVE_KEY, ALICE);
    }

    function test_refund_consumes_the_queued_deposit_in_order() public {
        queueWithABadKey();
        // the bad deposit cannot be skipped ...
        vm.prank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(Rollup.DepositMismatch.selector, uint64(0), uint256(0)));
        rollup.commitBatch(1, root(1), Pubdata.deposit(1, ETH, 2 ether, BOB_KEY, BOB));
        // ... nor refunded out of order
        vm.prank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(Rollup.DepositMismatch.selector, uint64(0), uint256(0)));
        rollup.commitBatch(1, root(1), bytes.concat(Pubdata.deposit(1, ETH, 2 ether, BOB_KEY, BOB), refundAlice()));
        // ... but a batch refunds it in its place, and the next Deposit matches the next entry
        bytes memory pd = bytes.concat(transfers(2), refundAlice(), Pubdata.deposit(5, ETH, 2 ether, BOB_KEY, BOB));
        bytes32 c = commitmentOf(1, GENESIS_ROOT, root(1), 2, pd);
        vm.expectEmit();
        emit Rollup.BatchCommitted(1, c, root(1), 2, 2);
        commit(1, pd);
        Rollup.StoredBatch memory b = rollup.batchInfo(1);
        assertEq(b.priorityOps, 2, "the refund counts as a priority op");
        assertEq(b.priorityOpsEnd, 2, "end");
        assertEq(b.commitment, c, "commitment");
        assertEq(rollup.priorityCommitted(), 2, "cursor past both");
        assertEq(rollup.pendingDeposits(), 1, "carol's pending");
        // a refund consumed once cannot be consumed again ...
        vm.prank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(Rollup.DepositMismatch.selector, uint64(2), uint256(0)));
        rollup.commitBatch(2, root(2), refundAlice());
        // ... and one with no deposit left to match reverts like a Deposit
        commit(2, Pubdata.deposit(9, STD, 300, ALICE_KEY, CAROL));
        vm.prank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(Rollup.NoPendingDeposit.selector, uint256(1)));
        rollup.commitBatch(3, root(3), bytes.concat(Pubdata.noop(), refundAlice()));
        assertEq(rollup.priorityCommitted(), 3, "all consumed");
    }

    function test_refund_must_match_the_queued_deposit() public {
        depositStd(ALICE, 1000, ALICE_KEY);
        bytes[4] memory wrong = [
            Pubdata.depositRefund(2, NORET, 1000, ALICE_KEY, ALICE), // token
            Pubdata.depositRefund(2, STD, 999, ALICE_KEY, ALICE), // amount
            Pubdata.depositRefund(2, STD, 1000, BOB_KEY, ALICE), // key
            Pubdata.depositRefund(2, STD, 1000, ALICE_KEY, BOB) // L1 address: never to someone else
        ];
        for (uint256 i = 0; i < wrong.length; ++i) {
            vm.prank(OPERATOR);
            vm.expectRevert(abi.encodeWithSelector(Rollup.DepositMismatch.selector, uint64(0), uint256(13)));
            rollup.commitBatch(1, root(1), bytes.concat(transfers(1), wrong[i]));
        }
        vm.prank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(Rollup.NoPendingDeposit.selector, uint256(71)));
        rollup.commitBatch(
            1, root(1), bytes.concat(Pubdata.depositRefund(2, STD, 1000, ALICE_KEY, ALICE), refundAlice())
        );
        // The reason is not read: the proof shows that the refund was justified.
        commit(1, Pubdata.depositRefund(0xffffff, STD, 1000, ALICE_KEY, ALICE));
        assertEq(rollup.priorityCommitted(), 1, "matched");
    }

    function test_executed_refund_is_claimable_by_the_depositor() public {
        queueWithABadKey();
        // ALICE's key is invalid; CAROL's std deposit is refunded too (say the tree is full)
        bytes memory pd = bytes.concat(
            refundAlice(),
            Pubdata.deposit(5, ETH, 2 ether, BOB_KEY, BOB),
            Pubdata.depositRefund(Pubdata.REASON_TREE_FULL, STD, 300, ALICE_KEY, CAROL)
        );
        commit(1, pd);
        bytes32 h = keccak256(abi.encode(bytes32(0), ALICE, ETH, uint112(1 ether)));
        h = keccak256(abi.encode(h, CAROL, STD, uint112(300)));
        assertEq(rollup.batchInfo(1).withdrawalsHash, h, "refunds in the withdrawals hash");
        prove(1);
        Rollup.Withdrawal[] memory w = new Rollup.Withdrawal[](2);
        w[0] = Rollup.Withdrawal(ALICE, ETH, 1 ether);
        w[1] = Rollup.Withdrawal(CAROL, STD, 300);
        expectExecuteRevert(noWithdrawals());
        expectExecuteRevert(oneWithdrawal(ALICE, ETH, 1 ether));
        Rollup.Withdrawal[] memory bad = copy(w);
        bad[0].to = BOB; // paid only to the depositor
        expectExecuteRevert(bad);
        assertEq(rollup.l2SupplyBound(ETH), ETH_GENESIS_SUPPLY + 3 ether, "ETH bound before");
        assertEq(rollup.l2SupplyBound(STD), 300, "std bound before");

        vm.expectEmit();
        emit Rollup.BatchExecuted(1, root(1), 2);
        execute(1, w);
        assertEq(rollup.claimable(ALICE, ETH), 1 ether, "alice's ETH");
        assertEq(rollup.claimable(CAROL, STD), 300, "carol's std");
        assertEq(rollup.claimable(BOB, ETH), 0, "bob credited on L2");
        assertEq(rollup.l2SupplyBound(ETH), ETH_GENESIS_SUPPLY + 2 ether, "ETH bound lowered");
        assertEq(rollup.l2SupplyBound(STD), 0, "std bound lowered");
        assertEq(rollup.priorityHead(), 3, "all three consumed");

        // the depositors claim their funds back: ETH and an ERC-20
        vm.expectEmit();
        emit Rollup.Claimed(ALICE, ETH, 1 ether);
        vm.prank(ALICE);
        assertEq(rollup.claim(ETH), 1 ether, "returned amount");
        assertEq(ALICE.balance, 1 ether, "alice refunded");
        vm.prank(BOB);
        rollup.claimFor(CAROL, STD);
        assertEq(std.balanceOf(CAROL), 300, "carol refunded");
        assertEq(std.balanceOf(address(rollup)), 0, "no std left");
        assertEq(address(rollup).balance, 2 ether, "bob's ETH stays locked");
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(Rollup.NothingToClaim.selector, ALICE, ETH));
        rollup.claim(ETH);
    }

    function test_refunds_and_withdrawals_interleave_in_pubdata_order() public {
        depositETH(ALICE, 5 ether, ALICE_KEY);
        depositETH(BOB, 1 ether, OFF_CURVE_KEY);
        depositNoReturn(CAROL, 70, BOB_KEY);
        bytes memory pd = bytes.concat(
            Pubdata.deposit(1, ETH, 5 ether, ALICE_KEY, ALICE),
            Pubdata.withdraw(1, ETH, 2 ether, 0, CAROL),
            Pubdata.depositRefund(Pubdata.REASON_INVALID_KEY, ETH, 1 ether, OFF_CURVE_KEY, BOB)
        );
        pd = bytes.concat(
            pd,
            Pubdata.withdraw(1, ETH, 0.5 ether, 0, BOB),
            Pubdata.depositRefund(Pubdata.REASON_UNKNOWN_TOKEN, NORET, 70, BOB_KEY, CAROL),
            Pubdata.withdraw(1, ETH, 1 ether, 0, ALICE)
        );
        commit(1, pd);
        assertEq(rollup.batchInfo(1).priorityOps, 3, "one credit, two refunds");
        prove(1);
        Rollup.Withdrawal[] memory w = new Rollup.Withdrawal[](5);
        w[0] = Rollup.Withdrawal(CAROL, ETH, 2 ether);
        w[1] = Rollup.Withdrawal(BOB, ETH, 1 ether); // refund
        w[2] = Rollup.Withdrawal(BOB, ETH, 0.5 ether);
        w[3] = Rollup.Withdrawal(CAROL, NORET, 70); // refund
        w[4] = Rollup.Withdrawal(ALICE, ETH, 1 ether);
        bytes32 h = 0;
        for (uint256 i = 0; i < w.length; ++i) {
            h = keccak256(abi.encode(h, w[i].to, w[i].token, w[i].amount));
        }
        assertEq(rollup.batchInfo(1).withdrawalsHash, h, "one list, pubdata order");
        // refunds listed apart from the withdrawals (first, or last) do not match
        Rollup.Withdrawal[] memory bad = copy(w);
        (bad[0], bad[1]) = (bad[1], bad[0]);
        expectExecuteRevert(bad);
        bad = copy(w);
        (bad[3], bad[4]) = (bad[4], bad[3]);
        expectExecuteRevert(bad);
        execute(1, w);
        assertEq(rollup.claimable(BOB, ETH), 1.5 ether, "bob: refund + withdrawal");
        assertEq(rollup.claimable(CAROL, ETH), 2 ether, "carol ETH");
        assertEq(rollup.claimable(CAROL, NORET), 70, "carol refund");
        assertEq(rollup.claimable(ALICE, ETH), 1 ether, "alice");
        assertEq(rollup.l2SupplyBound(ETH), ETH_GENESIS_SUPPLY + 6 ether - 4.5 ether, "ETH bound");
        assertEq(rollup.l2SupplyBound(NORET), 0, "no-return bound");
        vm.prank(CAROL);
        rollup.claim(NORET);
        assertEq(noret.balanceOf(CAROL), 70, "no-return token refunded");
    }

    function test_revert_batches_returns_refunded_deposits_to_the_queue() public {
        queueWithABadKey();
        commit(1, refundAlice());
        commit(2, Pubdata.deposit(5, ETH, 2 ether, BOB_KEY, BOB));
        prove(1);
        vm.prank(OPERATOR);
        rollup.revertBatches(1);
        assertEq(rollup.priorityCommitted(), 1, "after the kept refund");
        vm.prank(OPERATOR);
        rollup.revertBatches(0);
        assertEq(rollup.lastCommitted(), 0, "none committed");
        assertEq(rollup.lastProven(), 0, "none proven");
        assertEq(rollup.priorityCommitted(), 0, "the refunded deposit is pending again");
        assertEq(rollup.pendingDeposits(), 3, "all pending");
        assertEq(rollup.claimable(ALICE, ETH), 0, "nothing paid: the batch never executed");

        // committed again: the same refund, now with the next deposit in the same batch
        bytes memory pd = bytes.concat(refundAlice(), Pubdata.deposit(5, ETH, 2 ether, BOB_KEY, BOB));
        commit(1, pd);
        assertEq(rollup.batchInfo(1).commitment, commitmentOf(1, GENESIS_ROOT, root(1), 2, pd), "recommitted");
        assertEq(rollup.priorityCommitted(), 2, "cursor");
        prove(1);
        execute(1, oneWithdrawal(ALICE, ETH, 1 ether));
        assertEq(rollup.priorityHead(), 2, "head");
        assertEq(rollup.claimable(ALICE, ETH), 1 ether, "refunded once");
        // an executed refund can no longer be reverted
        commit(2, Pubdata.deposit(9, STD, 300, ALICE_KEY, CAROL));
        vm.prank(OPERATOR);
        vm.expectRevert(abi.encodeWithSelector(Rollup.CannotRevert.selector, uint64(0)));
        rollup.revertBatches(0);
        vm.prank(OPERATOR);
        rollup.revertBatches(1);
        assertEq(rollup.priorityCommitted(), 2, "stays after the executed refund");
    }

    // ==========================================================================================
    // A whole round trip
    // ==========================================================================================

    function test_full_flow_several_batches() public {
        depositETH(ALICE, 4 ether, ALICE_KEY);
        depositNoReturn(BOB, 50, BOB_KEY);
        commit(1, bytes.concat(Pubdata.deposit(1, ETH, 4 ether, ALICE_KEY, ALICE), transfers(4)));
        commit(
            2, bytes.concat(Pubdata.deposit(2, NORET, 50, BOB_KEY, BOB), Pubdata.withdraw(1, ETH, 1 ether, 1, CAROL))
        );
        depositETH(CAROL, 1 ether, ALICE_KEY);
        commit(
            3,
            bytes.concat(Pubdata.withdraw(2, NORET, 20, 1, ALICE), Pubdata.deposit(1, ETH, 1 ether, ALICE_KEY, CAROL))
        );
        prove(1);
        prove(2);
        prove(3);
        execute(1, noWithdrawals());
        execute(2, oneWithdrawal(CAROL, ETH, 1 ether));
        execute(3, oneWithdrawal(ALICE, NORET, 20));
        assertEq(rollup.stateRoot(), root(3), "root");
        assertEq(rollup.priorityHead(), 3, "head");
        assertEq(rollup.priorityTail(), 3, "tail");
        vm.prank(CAROL);
        rollup.claim(ETH);
        vm.prank(ALICE);
        rollup.claim(NORET);
        assertEq(CAROL.balance, 1 ether, "carol");
        assertEq(noret.balanceOf(ALICE), 20, "alice");
        assertEq(address(rollup).balance, 4 ether, "ETH locked");
    }
}
