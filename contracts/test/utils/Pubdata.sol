// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @dev Test-side encoder of pubdata operations, written from circuits/src/pubdata.rs: each
/// operation is a bit string, MSB first, zero-padded to whole bytes. Checked against bytes the
/// Rust encoder produced (RollupTest.test_commitment_matches_rust_vector).
library Pubdata {
    uint256 internal constant NOOP = 0;
    uint256 internal constant DEPOSIT = 1;
    uint256 internal constant TRANSFER = 2;
    uint256 internal constant WITHDRAW = 3;
    uint256 internal constant SWAP = 4;
    uint256 internal constant ADD_LIQUIDITY = 5;
    uint256 internal constant REMOVE_LIQUIDITY = 6;
    uint256 internal constant DEPOSIT_REFUND = 7;

    /// DepositRefund reason codes (the proof covers them; the contract does not read them).
    uint256 internal constant REASON_INVALID_KEY = 1;
    uint256 internal constant REASON_UNKNOWN_TOKEN = 2;
    uint256 internal constant REASON_TREE_FULL = 3;

    /// 1 byte: type 3 | pad 5.
    function noop() internal pure returns (bytes memory) {
        return hex"00";
    }

    /// 71 bytes: type 3 | account 24 | token 10 | amount 112 | key 256 | L1 address 160 | pad 3.
    function deposit(uint256 account, uint256 token, uint256 amount, bytes32 key, address l1Address)
        internal
        pure
        returns (bytes memory)
    {
        return depositLayout(DEPOSIT, account, token, amount, key, l1Address);
    }

    /// 71 bytes, the Deposit layout with a reason code in place of the account:
    /// type 3 | reason 24 | token 10 | amount 112 | key 256 | L1 address 160 | pad 3.
    function depositRefund(uint256 reason, uint256 token, uint256 amount, bytes32 key, address l1Address)
        internal
        pure
        returns (bytes memory)
    {
        return depositLayout(DEPOSIT_REFUND, reason, token, amount, key, l1Address);
    }

    /// type 3 | account or reason 24 | token 10 | amount 112 | key 256 | L1 address 160 | pad 3.
    function depositLayout(uint256 tag, uint256 field24, uint256 token, uint256 amount, bytes32 key, address l1Address)
        private
        pure
        returns (bytes memory)
    {
        uint256 k = uint256(key);
        uint256 a = uint160(l1Address);
        uint256 w0 = (tag << 253) | (field24 << 229) | (token << 219) | (amount << 107) | (k >> 149);
        uint256 w1 = (k << 107) | (a >> 53); // key's low 149 bits, then the address's top 107
        uint256 w2 = (a & ((1 << 53) - 1)) << 203; // the address's low 53 bits, 3 zero bits
        return abi.encodePacked(w0, w1, bytes7(bytes32(w2)));
    }

    /// 13 bytes: type 3 | from 24 | to 24 | token 10 | amount code 32 | fee code 11.
    function transfer(uint256 from, uint256 to, uint256 token, uint256 amountCode, uint256 feeCode)
        internal
        pure
        returns (bytes memory)
    {
        uint256 v = (TRANSFER << 101) | (from << 77) | (to << 53) | (token << 43) | (amountCode << 11) | feeCode;
        return abi.encodePacked(bytes13(bytes32(v << 152)));
    }

    /// 40 bytes: type 3 | account 24 | token 10 | amount 112 | fee code 11 | to 160.
    function withdraw(uint256 account, uint256 token, uint256 amount, uint256 feeCode, address to)
        internal
        pure
        returns (bytes memory)
    {
        uint256 v = (WITHDRAW << 157) | (account << 133) | (token << 123) | (amount << 11) | feeCode;
        // casting is safe: the value has at most 160 (resp. 112) significant bits
        // forge-lint: disable-next-line(unsafe-typecast)
        return abi.encodePacked(bytes20(uint160(v)), to);
    }

    /// 10 bytes: type 3 | account 24 | pool 9 | a_to_b 1 | amount code 32 | fee code 11.
    function swap(uint256 account, uint256 pool, bool aToB, uint256 amountCode, uint256 feeCode)
        internal
        pure
        returns (bytes memory)
    {
        uint256 v = (SWAP << 77) | (account << 53) | (pool << 44) | (uint256(aToB ? 1 : 0) << 43) | (amountCode << 11)
            | feeCode;
        return abi.encodePacked(bytes10(bytes32(v << 176)));
    }

    /// 14 bytes: type 3 | account 24 | pool 9 | amount_a code 32 | max_b code 32 | fee code 11 | pad 1.
    function addLiquidity(uint256 account, uint256 pool, uint256 amountA, uint256 maxB, uint256 feeCode)
        internal
        pure
        returns (bytes memory)
    {
        uint256 v =
            ((ADD_LIQUIDITY << 108) | (account << 84) | (pool << 75) | (amountA << 43) | (maxB << 11) | feeCode) << 1;
        return abi.encodePacked(bytes14(bytes32(v << 144)));
    }

    /// 20 bytes: type 3 | account 24 | pool 9 | lp amount 112 | fee code 11 | pad 1.
    function removeLiquidity(uint256 account, uint256 pool, uint256 lpAmount, uint256 feeCode)
        internal
        pure
        returns (bytes memory)
    {
        uint256 v = ((REMOVE_LIQUIDITY << 156) | (account << 132) | (pool << 123) | (lpAmount << 11) | feeCode) << 1;
        // casting is safe: the value has at most 160 (resp. 112) significant bits
        // forge-lint: disable-next-line(unsafe-typecast)
        return abi.encodePacked(bytes20(uint160(v)));
    }

    /// Byte length of each operation type (by tag; every tag is an operation).
    function length(uint8 tag) internal pure returns (uint256) {
        uint8[8] memory lengths = [1, 71, 13, 40, 10, 14, 20, 71];
        return lengths[tag];
    }

    /// circuits/src/batch.rs `slot_data` with no transfer slots: every operation zero-padded
    /// to 71 bytes. A plain byte loop, independent of the contract's assembly.
    function slotData(bytes memory pubdata) internal pure returns (bytes memory out) {
        return slotData(pubdata, 0);
    }

    /// circuits/src/batch.rs `slot_data`: operation i zero-padded to 13 bytes when
    /// i < transferSlots (it must then be a Transfer or Noop), to 71 bytes otherwise.
    function slotData(bytes memory pubdata, uint256 transferSlots) internal pure returns (bytes memory out) {
        uint256 offset = 0;
        for (uint256 index = 0; offset < pubdata.length; ++index) {
            uint8 tag = uint8(pubdata[offset]) >> 5;
            uint256 len = length(tag);
            require(len != 0 && offset + len <= pubdata.length, "malformed pubdata");
            uint256 width = 71;
            if (index < transferSlots) {
                require(tag == TRANSFER || tag == NOOP, "not a transfer slot");
                width = 13;
            }
            bytes memory slot = new bytes(width);
            for (uint256 i = 0; i < len; ++i) {
                slot[i] = pubdata[offset + i];
            }
            out = bytes.concat(out, slot);
            offset += len;
        }
    }
}
