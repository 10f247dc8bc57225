// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Rollup} from "../../src/Rollup.sol";
import {AcceptingVerifier} from "../mocks/AcceptingVerifier.sol";
import {StandardToken, NoReturnToken, FeeOnTransferToken} from "../mocks/Tokens.sol";
import {TestBase} from "./TestBase.sol";
import {Pubdata} from "./Pubdata.sol";

/// @dev A deployed rollup with the test verifier double and three registered tokens, plus helpers.
abstract contract RollupFixture is TestBase {
    // Valid L2 keys (circomlibjs packed form), computed by circuits:
    // PrivateKey::from_bytes(b"alice" / b"bob").public_key().pack().
    bytes32 internal constant ALICE_KEY = 0x683d9b54839ca401695d6c67779211e866bca2c72e90d9f7b8f78adf043d44a3;
    bytes32 internal constant BOB_KEY = 0xadda8ab9d97be3da75c692acb3a11a8217720c8c3ab2e07a61129fc11b122292;
    /// @dev Not a curve point (circuits: Point::unpack -> NoSuchPoint).
    bytes32 internal constant OFF_CURVE_KEY = 0xdf3f619804a92fdb4057192dc43dd748ea778adc52bc498ce80524c014b81119;

    bytes32 internal constant GENESIS_ROOT = 0x1b4b68192611faea208fca21627be9dae6c3f2564d42588fb1119dae7c9f4b87;
    uint112 internal constant ETH_GENESIS_SUPPLY = 100 ether;

    uint16 internal constant ETH = 0;
    uint16 internal constant STD = 1;
    uint16 internal constant NORET = 2;
    uint16 internal constant FOT = 3;

    address internal constant OPERATOR = address(0x09E7A7);
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    address internal constant CAROL = address(0xCA401);

    Rollup internal rollup;
    AcceptingVerifier internal verifier;
    StandardToken internal std;
    NoReturnToken internal noret;
    FeeOnTransferToken internal fot;

    uint256[8] internal proof;

    function setUp() public virtual {
        verifier = new AcceptingVerifier();
        std = new StandardToken();
        noret = new NoReturnToken();
        fot = new FeeOnTransferToken();
        Rollup.TokenRegistration[] memory tokens = new Rollup.TokenRegistration[](2);
        tokens[0] = Rollup.TokenRegistration({id: STD, token: address(std), genesisSupply: 0});
        tokens[1] = Rollup.TokenRegistration({id: NORET, token: address(noret), genesisSupply: 0});
        rollup = new Rollup(verifier, 0, GENESIS_ROOT, OPERATOR, ETH_GENESIS_SUPPLY, tokens);
        rollup.registerToken(FOT, address(fot), 0); // after deployment, as the owner
        for (uint256 i = 0; i < 8; ++i) {
            proof[i] = i + 1;
        }
    }

    // ---- deposits -------------------------------------------------------------------------

    function depositETH(address from, uint256 amount, bytes32 key) internal {
        vm.deal(from, from.balance + amount);
        vm.prank(from);
        rollup.depositETH{value: amount}(key);
    }

    function depositStd(address from, uint112 amount, bytes32 key) internal {
        std.mint(from, amount);
        vm.startPrank(from);
        std.approve(address(rollup), amount);
        rollup.depositERC20(address(std), amount, key);
        vm.stopPrank();
    }

    function depositNoReturn(address from, uint112 amount, bytes32 key) internal {
        noret.mint(from, amount);
        vm.startPrank(from);
        noret.approve(address(rollup), amount);
        rollup.depositERC20(address(noret), amount, key);
        vm.stopPrank();
    }

    // ---- batches --------------------------------------------------------------------------

    /// @dev A field element standing for the state root after batch `n`.
    function root(uint256 n) internal pure returns (bytes32) {
        return bytes32(uint256(keccak256(abi.encode("root", n))) >> 4);
    }

    function commit(uint64 n, bytes memory pubdata) internal {
        vm.prank(OPERATOR);
        rollup.commitBatch(n, root(n), pubdata);
    }

    function prove(uint64 n) internal {
        vm.prank(OPERATOR);
        rollup.proveBatch(n, proof);
    }

    function execute(uint64 n, Rollup.Withdrawal[] memory withdrawals) internal {
        vm.prank(OPERATOR);
        rollup.executeBatch(n, withdrawals);
    }

    function noWithdrawals() internal pure returns (Rollup.Withdrawal[] memory) {
        return new Rollup.Withdrawal[](0);
    }

    function oneWithdrawal(address to, uint16 token, uint112 amount)
        internal
        pure
        returns (Rollup.Withdrawal[] memory w)
    {
        w = new Rollup.Withdrawal[](1);
        w[0] = Rollup.Withdrawal({to: to, token: token, amount: amount});
    }

    function transfers(uint256 count) internal pure returns (bytes memory out) {
        for (uint256 i = 0; i < count; ++i) {
            // distinct, mostly nonzero bytes (as real transfers are)
            out = bytes.concat(out, Pubdata.transfer(1000 + i, 2000 + i, 1, 0x12345678 + i * 977, 0x3a5));
        }
    }

    /// @dev The commitment of a batch, with the slot data expanded test-side.
    function commitmentOf(uint64 n, bytes32 oldRoot, bytes32 newRoot, uint32 priorityOps, bytes memory pubdata)
        internal
        view
        returns (bytes32)
    {
        return rollup.batchCommitment(n, oldRoot, newRoot, priorityOps, sha256(Pubdata.slotData(pubdata)));
    }

    /// @dev The operation hash part (low 192 bits) of a queue entry.
    function queuedHash(uint64 id) internal view returns (uint192) {
        return uint192(uint256(rollup.priorityQueue(id)));
    }

    function priorityOpHash(address from, uint16 token, uint112 amount, bytes32 key) internal pure returns (bytes32) {
        return keccak256(abi.encode(from, token, amount, key));
    }
}
