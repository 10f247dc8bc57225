// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Rollup} from "../src/Rollup.sol";
import {Pubdata} from "./utils/Pubdata.sol";
import {RollupFixture} from "./utils/RollupFixture.sol";

/// @dev The slot layout (circuits/src/batch.rs SlotLayout, `slot_data`): the first
/// `transferSlots` operations of a batch sit in transfer slots (a Transfer or Noop only, hashed
/// as 13 bytes), the rest in general slots (any operation, hashed as 71 bytes). Here `rollup`
/// has 2 transfer slots and `flat` (the fixture's usual deployment) has none.
contract TransferSlotsTest is RollupFixture {
    uint256 internal constant TRANSFER_SLOTS = 2;

    /// sha256 of the slot data of `mixed()` with 2 transfer slots (13 + 13 + 71 + 71 bytes) and
    /// with none (4 x 71 bytes), from python3's hashlib over bytes encoded by hand from
    /// circuits/src/pubdata.rs (independently of Pubdata.sol and of the contract).
    bytes32 internal constant MIXED_LAYERED_HASH = 0x490f5c56ca76fccae5c024fe4f186ecce690500004dd480ca70b88b2a9b12b6c;
    bytes32 internal constant MIXED_FLAT_HASH = 0x9bef93945d7ce0f577aa703581728e0dbde9378fbd60b873969d43d941bead33;

    Rollup internal flat;

    function setUp() public override {
        super.setUp();
        flat = rollup;
        rollup = new Rollup(verifier, TRANSFER_SLOTS, GENESIS_ROOT, OPERATOR, 0, new Rollup.TokenRegistration[](0));
    }

    function t1() internal pure returns (bytes memory) {
        return Pubdata.transfer(1000, 2000, 1, 0x12345678, 0x3a5);
    }

    function t2() internal pure returns (bytes memory) {
        return Pubdata.transfer(3, 1, 1, 123456, 77);
    }

    function w() internal pure returns (bytes memory) {
        return Pubdata.withdraw(7, 1, 1 ether, 5, BOB);
    }

    function refund() internal pure returns (bytes memory) {
        return Pubdata.depositRefund(Pubdata.REASON_INVALID_KEY, 0, 1, OFF_CURVE_KEY, ALICE);
    }

    /// [Transfer, Noop, Withdraw, Transfer]: 13 + 1 + 40 + 13 bytes of pubdata.
    function mixed() internal pure returns (bytes memory) {
        return bytes.concat(t1(), Pubdata.noop(), w(), t2());
    }

    function test_layout_is_set_at_deployment() public view {
        assertEq(rollup.transferSlots(), TRANSFER_SLOTS, "two transfer slots");
        assertEq(flat.transferSlots(), 0, "no transfer slots");
    }

    function test_transfer_slots_hash_13_bytes_and_general_slots_71() public view {
        bytes memory pubdata = mixed();
        assertEq(pubdata.length, 67, "compact pubdata");
        // Written out slot by slot: the transfer (13 bytes fill its slot), the Noop byte (0x00)
        // padded to 13, then the withdraw and the transfer each padded to 71.
        bytes memory expected = abi.encodePacked(t1(), Pubdata.noop(), new bytes(12), w(), new bytes(31), t2());
        expected = abi.encodePacked(expected, new bytes(58));
        assertEq(expected.length, 13 + 13 + 71 + 71, "slot data length");
        assertEq(sha256(expected), MIXED_LAYERED_HASH, "explicit slot data vs python");
        assertEq(rollup.slotDataHash(pubdata), sha256(expected), "slotDataHash, 2 transfer slots");
        assertEq(sha256(Pubdata.slotData(pubdata, TRANSFER_SLOTS)), sha256(expected), "test-side expansion");
    }

    function test_no_transfer_slots_is_the_all_general_layout() public view {
        bytes memory pubdata = mixed();
        bytes memory expected = abi.encodePacked(t1(), new bytes(58), Pubdata.noop(), new bytes(70));
        expected = abi.encodePacked(expected, w(), new bytes(31), t2(), new bytes(58));
        assertEq(expected.length, 4 * 71, "slot data length");
        assertEq(sha256(expected), MIXED_FLAT_HASH, "explicit slot data vs python");
        assertEq(flat.slotDataHash(pubdata), sha256(expected), "slotDataHash, no transfer slots");
        assertTrue(flat.slotDataHash(pubdata) != rollup.slotDataHash(pubdata), "the layout changes the hash");
    }

    function test_fewer_operations_than_transfer_slots() public view {
        // The contract does not fix the slot count (the proof does): short batches still hash.
        assertEq(rollup.slotDataHash(t1()), sha256(t1()), "one transfer: 13 bytes");
        assertEq(rollup.slotDataHash(Pubdata.noop()), sha256(new bytes(13)), "one Noop: 13 zero bytes");
        assertEq(rollup.slotDataHash(""), sha256(""), "empty");
    }

    function test_general_slots_hold_transfers_too() public view {
        bytes memory pubdata = transfers(5);
        assertEq(rollup.slotDataHash(pubdata), sha256(Pubdata.slotData(pubdata, TRANSFER_SLOTS)), "5 transfers");
        assertEq(Pubdata.slotData(pubdata, TRANSFER_SLOTS).length, 2 * 13 + 3 * 71, "2 transfer + 3 general slots");
    }

    function test_only_transfers_and_noops_in_transfer_slots() public {
        bytes memory deposit = Pubdata.deposit(0, ETH, 1, ALICE_KEY, ALICE);
        bytes memory swap = Pubdata.swap(1, 2, true, 999, 1);
        expectRejected(bytes.concat(w(), t1()), 0);
        expectRejected(bytes.concat(t1(), w()), 1);
        expectRejected(bytes.concat(Pubdata.noop(), w(), t2()), 1);
        expectRejected(swap, 0);
        expectRejected(bytes.concat(t1(), Pubdata.addLiquidity(1, 2, 10, 20, 3)), 1);
        expectRejected(bytes.concat(Pubdata.noop(), Pubdata.removeLiquidity(1, 2, 7, 2)), 1);
        // A Deposit or a DepositRefund is rejected for its slot before it is matched against the
        // queue (which is empty here: NoPendingDeposit otherwise).
        expectRejected(deposit, 0);
        expectRejected(refund(), 0);
        expectRejected(bytes.concat(t1(), refund()), 1);
        // From the third operation on, any operation is allowed.
        rollup.slotDataHash(bytes.concat(t1(), t2(), w(), swap));
    }

    function test_form_errors_come_before_the_slot_check() public {
        // A truncated operation is reported as such, not as a misplaced one (a lone tag 7 is a
        // DepositRefund cut short).
        vm.expectRevert(abi.encodeWithSelector(Rollup.TruncatedOperation.selector, 0));
        rollup.slotDataHash(hex"e0");
        vm.expectRevert(abi.encodeWithSelector(Rollup.TruncatedOperation.selector, 13));
        rollup.slotDataHash(bytes.concat(t1(), hex"60"));
    }

    function test_commit_hashes_the_layout() public {
        depositETH(ALICE, 1, ALICE_KEY);
        bytes memory d = Pubdata.deposit(0, ETH, 1, ALICE_KEY, ALICE);
        bytes memory pubdata = bytes.concat(t1(), Pubdata.noop(), d, w());
        bytes memory expected = abi.encodePacked(t1(), Pubdata.noop(), new bytes(12), d);
        expected = abi.encodePacked(expected, w(), new bytes(31));
        commit(1, pubdata);
        Rollup.StoredBatch memory b = rollup.batchInfo(1);
        assertEq(b.commitment, rollup.batchCommitment(1, GENESIS_ROOT, root(1), 1, sha256(expected)), "commitment");
        assertEq(b.priorityOps, 1, "the deposit in a general slot");
        bytes32 wh = keccak256(abi.encode(bytes32(0), BOB, uint16(1), uint112(1 ether)));
        assertEq(b.withdrawalsHash, wh, "withdrawals hash");
    }

    function test_refund_in_a_general_slot() public {
        depositETH(ALICE, 1, OFF_CURVE_KEY);
        bytes memory pubdata = bytes.concat(t1(), t2(), refund(), w());
        bytes memory expected = abi.encodePacked(t1(), t2(), refund(), w(), new bytes(31));
        assertEq(rollup.slotDataHash(pubdata), sha256(expected), "13 + 13 + 71 + 71 bytes");
        commit(1, pubdata);
        Rollup.StoredBatch memory b = rollup.batchInfo(1);
        assertEq(b.commitment, rollup.batchCommitment(1, GENESIS_ROOT, root(1), 1, sha256(expected)), "commitment");
        assertEq(b.priorityOps, 1, "the refund consumed the deposit");
        bytes32 wh = keccak256(abi.encode(bytes32(0), ALICE, uint16(0), uint112(1)));
        wh = keccak256(abi.encode(wh, BOB, uint16(1), uint112(1 ether)));
        assertEq(b.withdrawalsHash, wh, "refund, then withdrawal");
    }

    /// @dev `pubdata` reverts with NotATransferSlot(index), from the view and from a commit.
    function expectRejected(bytes memory pubdata, uint256 index) internal {
        bytes memory err = abi.encodeWithSelector(Rollup.NotATransferSlot.selector, index);
        vm.expectRevert(err);
        rollup.slotDataHash(pubdata);
        vm.prank(OPERATOR);
        vm.expectRevert(err);
        rollup.commitBatch(1, root(1), pubdata);
    }
}
