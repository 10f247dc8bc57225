// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {RollupFixture} from "./utils/RollupFixture.sol";

/// @dev Rollup.isValidL2PublicKey against circuits' PublicKey::from_packed (the oracle): the
/// vectors were classified by the Rust code (a throwaway binary outside the repository, circuits
/// at commit 5abfacf) as valid, or rejected with NoSuchPoint / NonCanonical / WeakPublicKey
/// (WeakPublicKey: on the curve but outside the prime-order subgroup, or the identity).
contract PublicKeyTest is RollupFixture {
    function check(bytes32 key, bool expected) internal view {
        if (rollup.isValidL2PublicKey(key) != expected) {
            revert(string.concat("isValidL2PublicKey(", vm.toString(key), ") should be ", expected ? "true" : "false"));
        }
    }

    function test_valid_keys() public view {
        check(ALICE_KEY, true);
        check(BOB_KEY, true);
        check(0x8b7d2d877a253c4b7733e1b91f05e0fcedf96bd11c2e572549b2a0f703727925, true); // Base8
        check(0x433ebf5bc03dffa38536673207a21281612cef5faa9bc7a4d5b9be2fdb12cf1a, true);
        check(0xc1a9fae908008d34f389b1dba2a1a8e8301f7a942412ef6e6299c9e27e89dfaa, true);
        check(0x3706bf4d47dbe5a38cc6b2477c7a887e8135f70122ebe4164c4a8c1ca7e3d52c, true);
        check(0x3706bf4d47dbe5a38cc6b2477c7a887e8135f70122ebe4164c4a8c1ca7e3d5ac, true); // negated
        check(0x6b946e9a4e5cc56899d55f289f31839923378f55f9c594cb6efcd241b2b94d0b, true);
        check(0x6b946e9a4e5cc56899d55f289f31839923378f55f9c594cb6efcd241b2b94d8b, true); // negated
        check(0x0def2f08272b5065c22f3bafc7080eb98aee5a861f61d05700b4aec313ee9318, true);
        check(0x5b87231cfba25d40e57ce082a007c497dba75f692e9fa9a024e50eacea010c95, true); // negated
    }

    function test_points_outside_the_prime_subgroup() public view {
        check(0xb253668f6b59f1ff28522831931e4d3c5a3de533965af22e961735437c01720b, false);
        check(0xc1c3c8fdf22e3a4adef796c8fdaf739d7d3b222f995891eb8f495ca71fb93208, false);
        check(0xfe5b0deca006174e2151088e1a7d60fe91819467db5d709ae5a19c01a3cd3e0f, false);
        check(0xe882dd6a247f4ada1f700f1918bd23b7c730ad62af15f5cec8de976cbad09601, false);
        check(0xb9098fe78517adc23218f8cd7d804f55c977fb22185a4d8e752ab7e82e5c1d09, false);
        // identity (0, 1) and the point of order 2 (0, -1): x = 0
        check(bytes32(uint256(1) << 248), false);
        check(bytes32(uint256(1) << 248 | 0x80), false);
        uint256 pMinus1Le = 0x000000f093f5e1439170b97948e833285d588181b64550b829a031e1724e6430; // y = p - 1, little-endian
        check(bytes32(pMinus1Le), false);
    }

    function test_no_such_point() public view {
        check(OFF_CURVE_KEY, false);
        check(0xb40711a88c7039756fb8a73827eabe2c0fe5a0346ca7e0a104adc0fc764f520d, false);
        check(0xe084a105a7b7d599b8346d3cba5ac51b756d7e29c7ef77fd9eff31fdeae31389, false);
        check(0x390b36a09502b05d4f8c27aea2636c6b7fd05b27d742ed32074ffea1f888eb04, false);
        check(0x5085cb99dbe1e374ccd321e5b58182d2c42cf4840c68cfab17b0618a8285e706, false);
        check(0x21548c66b44347d877e7b405a250121cda87cd494b122f0324f7df3b6cd75f06, false);
        check(0x0f65dd2d76efb602f9554514892751d5cf336a56c3888aa8cb122e970016949a, false);
    }

    function test_non_canonical() public view {
        check(0x88185d128d9922e0e6bcd32b07b6c7f20f27968eab447a1d8d1cdf250f79f753, false);
        check(0x1bc5d0e3df0ea12c4d0078668d14924f95106bbe173e196de50fe13a900b0937, false);
        check(0x7fde8eebf388fcff667a89be60430cc6e198b1a78cb603a39cdd09885a3336e3, false);
        check(bytes32(type(uint256).max), false);
        // y = p exactly (little-endian), either sign
        uint256 pLe = 0x010000f093f5e1439170b97948e833285d588181b64550b829a031e1724e6430;
        check(bytes32(pLe), false);
        check(bytes32(pLe | 0x80), false);
    }
}
