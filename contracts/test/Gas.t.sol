// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Rollup} from "../src/Rollup.sol";
import {Pubdata} from "./utils/Pubdata.sol";
import {RollupFixture} from "./utils/RollupFixture.sol";

/// @dev Gas of the main entry points, with the TEST-ONLY verifier double (a real Groth16
/// verification is measured later, with the generated verifier). Run with -vv to see the
/// numbers. Storage is made cold (vm.cool) before each measured call, as in a fresh
/// transaction. Each number is `exec`: gasleft() before minus after the external call, which
/// includes the call itself (~2.6k for the cold account) but not the transaction's intrinsic
/// 21,000 nor its calldata; `calldata` is the calldata gas (EIP-2028: 16 per nonzero byte, 4 per
/// zero byte) and `tx` estimates the whole transaction as max(21000 + calldata + exec - 2600,
/// 21000 + 10 * tokens) (EIP-7623 floor, tokens = zero bytes + 4 * nonzero bytes).
contract GasTest is RollupFixture {
    function report(string memory what, bytes memory callData, uint256 exec) internal {
        uint256 zeros;
        for (uint256 i = 0; i < callData.length; ++i) {
            if (callData[i] == 0) ++zeros;
        }
        uint256 nonzeros = callData.length - zeros;
        uint256 calldataGas = 16 * nonzeros + 4 * zeros;
        uint256 standard = 21000 + calldataGas + exec - 2600;
        uint256 floor = 21000 + 10 * (zeros + 4 * nonzeros);
        emit log_named_uint(string.concat(what, ": exec"), exec);
        emit log_named_uint(string.concat(what, ": calldata bytes"), callData.length);
        emit log_named_uint(string.concat(what, ": calldata gas"), calldataGas);
        emit log_named_uint(string.concat(what, ": tx (estimate)"), standard > floor ? standard : floor);
    }

    function call(string memory what, address from, uint256 value, bytes memory callData) internal {
        vm.cool(address(rollup));
        vm.prank(from);
        uint256 before = gasleft();
        (bool ok, bytes memory ret) = address(rollup).call{value: value}(callData);
        uint256 exec = before - gasleft();
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(ret, 0x20), mload(ret))
            }
        }
        report(what, callData, exec);
    }

    function test_gas_deposits() public {
        vm.deal(ALICE, 10 ether);
        call("depositETH, first ever", ALICE, 1 ether, abi.encodeCall(Rollup.depositETH, (ALICE_KEY)));
        call("depositETH", ALICE, 1 ether, abi.encodeCall(Rollup.depositETH, (ALICE_KEY)));
        std.mint(ALICE, 2000);
        vm.prank(ALICE);
        std.approve(address(rollup), 2000);
        call(
            "depositERC20, first of the token",
            ALICE,
            0,
            abi.encodeCall(Rollup.depositERC20, (address(std), 1000, ALICE_KEY))
        );
        call("depositERC20", ALICE, 0, abi.encodeCall(Rollup.depositERC20, (address(std), 1000, ALICE_KEY)));
        noret.mint(ALICE, 1000);
        vm.prank(ALICE);
        noret.approve(address(rollup), 1000);
        call(
            "depositERC20, no-return token",
            ALICE,
            0,
            abi.encodeCall(Rollup.depositERC20, (address(noret), 500, ALICE_KEY))
        );
    }

    function commitCall(uint64 n, bytes memory pubdata) internal pure returns (bytes memory) {
        return abi.encodeCall(Rollup.commitBatch, (n, root(n), pubdata));
    }

    function withdrawals(uint256 count) internal pure returns (bytes memory pd, Rollup.Withdrawal[] memory w) {
        w = new Rollup.Withdrawal[](count);
        for (uint256 i = 0; i < count; ++i) {
            address to = address(uint160(uint256(keccak256(abi.encode("recipient", i)))));
            // casting is safe: the value has at most 160 (resp. 112) significant bits
            // forge-lint: disable-next-line(unsafe-typecast)
            w[i] = Rollup.Withdrawal(to, ETH, uint112(0.1 ether + i));
            pd = bytes.concat(pd, Pubdata.withdraw(100 + i, ETH, 0.1 ether + i, 0x2a5, to));
        }
    }

    function test_gas_batch_lifecycle() public {
        for (uint256 i = 0; i < 3; ++i) {
            depositETH(ALICE, 1 ether, ALICE_KEY);
        }
        bytes memory deposit = Pubdata.deposit(1, ETH, 1 ether, ALICE_KEY, ALICE);
        (bytes memory pdW, Rollup.Withdrawal[] memory w) = withdrawals(4);

        call("commit 4 transfers + 1 deposit", OPERATOR, 0, commitCall(1, bytes.concat(deposit, transfers(4))));
        call("commit 64 transfers + 1 deposit", OPERATOR, 0, commitCall(2, bytes.concat(deposit, transfers(64))));
        call(
            "commit 64 transfers + 1 deposit + 4 withdrawals",
            OPERATOR,
            0,
            commitCall(3, bytes.concat(deposit, transfers(64), pdW))
        );
        call("commit 64 Noop", OPERATOR, 0, commitCall(4, new bytes(64)));

        call("prove (verifier double)", OPERATOR, 0, abi.encodeCall(Rollup.proveBatch, (1, proof)));
        prove(2);
        prove(3);
        call("execute, 0 withdrawals", OPERATOR, 0, abi.encodeCall(Rollup.executeBatch, (1, noWithdrawals())));
        execute(2, noWithdrawals());
        call("execute, 4 withdrawals (new recipients)", OPERATOR, 0, abi.encodeCall(Rollup.executeBatch, (3, w)));

        call("claim ETH", w[0].to, 0, abi.encodeCall(Rollup.claim, (ETH)));
    }

    function test_gas_claim_erc20() public {
        depositStd(ALICE, 1000, ALICE_KEY);
        commit(1, bytes.concat(Pubdata.deposit(1, STD, 1000, ALICE_KEY, ALICE), Pubdata.withdraw(1, STD, 400, 0, BOB)));
        prove(1);
        execute(1, oneWithdrawal(BOB, STD, 400));
        call("claim ERC-20 (recipient's first balance)", BOB, 0, abi.encodeCall(Rollup.claim, (STD)));
    }

    function test_gas_key_check() public {
        call("isValidL2PublicKey (valid key)", ALICE, 0, abi.encodeCall(Rollup.isValidL2PublicKey, (ALICE_KEY)));
    }

    /// A deposit L2 cannot credit: the DepositRefund op at commit (next to the same batch with a
    /// Deposit op instead, measured in the same state), its payout at execute, and the claim.
    function test_gas_deposit_refund() public {
        bytes32 badKey = 0xb253668f6b59f1ff28522831931e4d3c5a3de533965af22e961735437c01720b; // outside the subgroup
        depositETH(ALICE, 1 ether, ALICE_KEY);
        depositETH(ALICE, 1 ether, ALICE_KEY);
        depositETH(ALICE, 1 ether, badKey);
        depositETH(BOB, 1 ether, badKey);
        (bytes memory pdW,) = withdrawals(4);
        // Batch 1 as in test_gas_batch_lifecycle, unmeasured: the measured commits then start from
        // the state its batch 2 starts from (a test is one transaction, so the first writes to a
        // slot cost more than later ones; the numbers compare with that test's).
        commit(1, bytes.concat(Pubdata.deposit(1, ETH, 1 ether, ALICE_KEY, ALICE), transfers(4)));
        call(
            "commit 64 transfers + 1 deposit (baseline)",
            OPERATOR,
            0,
            commitCall(2, bytes.concat(Pubdata.deposit(1, ETH, 1 ether, ALICE_KEY, ALICE), transfers(64)))
        );
        bytes memory refund = Pubdata.depositRefund(Pubdata.REASON_INVALID_KEY, ETH, 1 ether, badKey, ALICE);
        call("commit 64 transfers + 1 refund", OPERATOR, 0, commitCall(3, bytes.concat(refund, transfers(64))));
        refund = Pubdata.depositRefund(Pubdata.REASON_INVALID_KEY, ETH, 1 ether, badKey, BOB);
        call(
            "commit 64 transfers + 1 refund + 4 withdrawals",
            OPERATOR,
            0,
            commitCall(4, bytes.concat(refund, transfers(64), pdW))
        );
        prove(1);
        prove(2);
        prove(3);
        execute(1, noWithdrawals());
        execute(2, noWithdrawals());
        call(
            "execute, 1 refund (depositor's first balance)",
            OPERATOR,
            0,
            abi.encodeCall(Rollup.executeBatch, (3, oneWithdrawal(ALICE, ETH, 1 ether)))
        );
        call("claim refunded ETH", ALICE, 0, abi.encodeCall(Rollup.claim, (ETH)));
    }
}
