// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ExitProof} from "../../src/ExitProof.sol";
import {TestBase} from "./TestBase.sol";

/// @dev The JSON cheatcodes these tests use (forge-std is not available offline).
interface VmJson {
    function readFile(string calldata path) external view returns (string memory);
    function parseJsonUint(string calldata json, string calldata key) external pure returns (uint256);
    function parseJsonUintArray(string calldata json, string calldata key) external pure returns (uint256[] memory);
    function parseJsonAddress(string calldata json, string calldata key) external pure returns (address);
    function parseJsonString(string calldata json, string calldata key) external pure returns (string memory);
}

/// @dev Exit claims from test/fixtures/exit.json (prover/tests/exit_fixture.rs writes it from
/// real states of circuits' test worlds, at account depth 4 and 24).
abstract contract ExitFixture is TestBase {
    VmJson internal constant json = VmJson(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);

    string internal fixture;

    function loadExitFixture() internal {
        fixture = json.readFile("test/fixtures/exit.json");
    }

    function key(string memory prefix, uint256 i, string memory field) internal pure returns (string memory) {
        return string.concat(".", prefix, "[", vm.toString(i), "].", field);
    }

    /// Claim `i` of the fixture, its account depth and expected state root.
    function claim(uint256 i) internal view returns (ExitProof.Claim memory c, uint256 depth, uint256 root) {
        string memory f = fixture;
        c.accountId = json.parseJsonUint(f, key("claims", i, "account_id"));
        c.tokenId = json.parseJsonUint(f, key("claims", i, "token_id"));
        c.balance = json.parseJsonUint(f, key("claims", i, "balance"));
        c.publicKeyX = json.parseJsonUint(f, key("claims", i, "public_key_x"));
        c.publicKeyY = json.parseJsonUint(f, key("claims", i, "public_key_y"));
        c.balanceRoot = json.parseJsonUint(f, key("claims", i, "balance_root"));
        c.nonce = json.parseJsonUint(f, key("claims", i, "nonce"));
        c.l1Address = uint160(json.parseJsonAddress(f, key("claims", i, "l1_address")));
        c.accountSiblings = json.parseJsonUintArray(f, key("claims", i, "account_siblings"));
        c.balanceSiblings = json.parseJsonUintArray(f, key("claims", i, "balance_siblings"));
        c.poolRoot = json.parseJsonUint(f, key("claims", i, "pool_root"));
        c.tokenRoot = json.parseJsonUint(f, key("claims", i, "token_root"));
        c.accountCount = json.parseJsonUint(f, key("claims", i, "account_count"));
        depth = json.parseJsonUint(f, key("claims", i, "account_depth"));
        root = json.parseJsonUint(f, key("claims", i, "state_root"));
    }

    function claimCount() internal view returns (uint256) {
        return json.parseJsonUint(fixture, ".claim_count");
    }

    /// The first claim of the fixture at `depth`.
    function claimAt(uint256 depth) internal view returns (ExitProof.Claim memory c, uint256 root) {
        for (uint256 i = 0; i < claimCount(); ++i) {
            uint256 d;
            (c, d, root) = claim(i);
            if (d == depth) return (c, root);
        }
        revert("no claim at that depth");
    }

    /// A deep copy of `c` (assigning a memory struct copies a reference).
    function copy(ExitProof.Claim memory c) internal pure returns (ExitProof.Claim memory) {
        uint256[] memory accountSiblings = new uint256[](c.accountSiblings.length);
        for (uint256 i = 0; i < accountSiblings.length; ++i) {
            accountSiblings[i] = c.accountSiblings[i];
        }
        uint256[] memory balanceSiblings = new uint256[](c.balanceSiblings.length);
        for (uint256 i = 0; i < balanceSiblings.length; ++i) {
            balanceSiblings[i] = c.balanceSiblings[i];
        }
        return ExitProof.Claim({
            accountId: c.accountId,
            tokenId: c.tokenId,
            balance: c.balance,
            publicKeyX: c.publicKeyX,
            publicKeyY: c.publicKeyY,
            balanceRoot: c.balanceRoot,
            nonce: c.nonce,
            l1Address: c.l1Address,
            accountSiblings: accountSiblings,
            balanceSiblings: balanceSiblings,
            poolRoot: c.poolRoot,
            tokenRoot: c.tokenRoot,
            accountCount: c.accountCount
        });
    }
}
