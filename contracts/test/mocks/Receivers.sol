// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Rollup} from "../../src/Rollup.sol";

/// @dev TEST-ONLY ETH recipient that tries to claim again from its receive hook.
contract ReentrantClaimer {
    Rollup public immutable rollup;
    uint256 public received;
    uint256 public reentryAttempts;
    bool public reentrySucceeded;

    constructor(Rollup rollup_) {
        rollup = rollup_;
    }

    function claim() external {
        rollup.claim(0);
    }

    receive() external payable {
        received += msg.value;
        if (reentryAttempts == 0) {
            reentryAttempts = 1;
            (bool ok,) = address(rollup).call(abi.encodeCall(Rollup.claim, (0)));
            reentrySucceeded = ok;
        }
    }
}

/// @dev TEST-ONLY contract that refuses ETH.
contract RejectingReceiver {
    receive() external payable {
        revert("no ETH");
    }
}
