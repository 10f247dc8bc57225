// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IVerifier} from "../../src/IVerifier.sol";

/// @notice TEST-ONLY verifier double: it checks no proof. It answers `accept`, which tests
/// flip, and, when `requiredInput` is set, also requires the public input to equal it (so tests
/// see that the rollup passes the batch commitment). Never deploy it outside tests: the real
/// Groth16 verifier is generated from the circuit's verifying key.
contract AcceptingVerifier is IVerifier {
    bool public accept = true;
    uint256 public requiredInput;

    function setAccept(bool accept_) external {
        accept = accept_;
    }

    function setRequiredInput(uint256 input) external {
        requiredInput = input;
    }

    function verifyProof(uint256[8] calldata, uint256[1] calldata input) external view returns (bool) {
        return accept && (requiredInput == 0 || input[0] == requiredInput);
    }
}
