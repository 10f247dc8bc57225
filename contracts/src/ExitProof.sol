// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {PoseidonT3, PoseidonT5} from "./Poseidon.sol";

/// @title Exit proofs: one balance of the L2 state, proven against the state root on L1.
/// @notice For exodus mode: when the operator stops, each user takes out the balances of the
/// last executed state root by recomputing that root from a claim. The L2 state
/// (docs/protocol.md §2, circuits/src/state.rs), every hash circomlib's Poseidon:
///
///     state_root   = Poseidon(account_root, pool_root, token_root, account_count)
///     account leaf = Poseidon(A.x, A.y, balance_root, nonce + 2^32 * l1_address)
///     balance leaf = the balance (< 2^112)
///
/// in an account tree of depth `accountDepth` (index: the account id) and a balance tree of
/// depth 10 per account (index: the token id). A Merkle path lists the siblings from the leaf
/// level up; at level i the node is the right child when bit i of the index is 1:
/// parent = Poseidon(sibling, node), else Poseidon(node, sibling).
///
/// `stateRoot(claim, depth)` checks the claim's ranges, proves the balance under the claim's
/// balance root (reverting with `BalanceRootMismatch` otherwise), hashes the account leaf, walks
/// the account path and returns the state root the claim implies. The caller compares it with
/// its stored root and pays `balance` of `tokenId` to `recipient(claim)` at most once per
/// (accountId, tokenId).
///
/// Why the ranges are checked: they are what makes a claim's (account, token, balance,
/// recipient) unique for a root. A balance or index is a field element or a path of bits, so
/// without them `balance + p`, `accountId + 2^depth` or `tokenId + 2^10` would prove the same
/// leaf, and the word `nonce + 2^32 * l1Address` would let a larger nonce pay another address.
/// The other inputs (key, roots, siblings, account count) need no range: Poseidon takes them
/// modulo p, so a value and its alias give the same root and the same claim.
library ExitProof {
    /// Depth of every account's balance tree (token ids 0..1023).
    uint256 internal constant BALANCE_DEPTH = 10;
    /// Deepest account tree: account ids have 24 bits in pubdata and the circuit.
    uint256 internal constant MAX_ACCOUNT_DEPTH = 24;
    /// Balances are below 2^112.
    uint256 internal constant BALANCE_LIMIT = 1 << 112;
    /// Nonces have 32 bits.
    uint256 internal constant NONCE_LIMIT = 1 << 32;
    /// L1 addresses have 160 bits.
    uint256 internal constant ADDRESS_LIMIT = 1 << 160;

    /// @notice One balance of one account, with everything its state root needs.
    struct Claim {
        /// The account (the leaf index in the account tree).
        uint256 accountId;
        /// The token (the leaf index in the account's balance tree).
        uint256 tokenId;
        /// The balance, the leaf itself (below 2^112; 0 for a token never held).
        uint256 balance;
        /// The account leaf's preimage: the L2 public key (circomlib coordinates), ...
        uint256 publicKeyX;
        uint256 publicKeyY;
        /// ... the root of the account's balance tree, ...
        uint256 balanceRoot;
        /// ... the nonce (32 bits) and the owner's L1 address (160 bits), who receives the exit.
        uint256 nonce;
        uint256 l1Address;
        /// Siblings of the account leaf, leaf level first (accountDepth of them).
        uint256[] accountSiblings;
        /// Siblings of the balance leaf, leaf level first (10).
        uint256[] balanceSiblings;
        /// The other inputs of the state root.
        uint256 poolRoot;
        uint256 tokenRoot;
        uint256 accountCount;
    }

    error BadAccountDepth(uint256 accountDepth);
    error WrongAccountSiblingCount(uint256 expected, uint256 actual);
    error WrongBalanceSiblingCount(uint256 expected, uint256 actual);
    error AccountIdOutOfRange(uint256 accountId, uint256 accountDepth);
    error TokenIdOutOfRange(uint256 tokenId);
    error BalanceOutOfRange(uint256 balance);
    error NonceOutOfRange(uint256 nonce);
    error L1AddressOutOfRange(uint256 l1Address);
    /// The balance path proves another balance root than the leaf's.
    error BalanceRootMismatch(uint256 proven, uint256 claimed);

    /// @notice The state root `c` implies in an account tree of depth `accountDepth` (1..24).
    /// Reverts on a wrong sibling count, an id beyond its tree, a balance, nonce or L1 address
    /// out of range, or a balance path that does not lead to `c.balanceRoot`.
    function stateRoot(Claim calldata c, uint256 accountDepth) internal pure returns (uint256) {
        if (accountDepth == 0 || accountDepth > MAX_ACCOUNT_DEPTH) revert BadAccountDepth(accountDepth);
        if (c.accountSiblings.length != accountDepth) {
            revert WrongAccountSiblingCount(accountDepth, c.accountSiblings.length);
        }
        if (c.accountId >> accountDepth != 0) revert AccountIdOutOfRange(c.accountId, accountDepth);
        uint256 leaf = accountLeaf(c);
        uint256 accountRoot = merkleRoot(leaf, c.accountId, c.accountSiblings);
        return PoseidonT5.hash([accountRoot, c.poolRoot, c.tokenRoot, c.accountCount]);
    }

    /// @notice The account leaf of `c`, once its balance path is checked against its balance
    /// root. Checks the ranges of the token id, balance, nonce and L1 address.
    function accountLeaf(Claim calldata c) internal pure returns (uint256) {
        uint256 word = accountWord(c.nonce, c.l1Address);
        uint256 proven = balanceRoot(c);
        if (proven != c.balanceRoot) revert BalanceRootMismatch(proven, c.balanceRoot);
        return PoseidonT5.hash([c.publicKeyX, c.publicKeyY, proven, word]);
    }

    /// @notice The root of the balance tree whose leaf `c.tokenId` is `c.balance`, by
    /// `c.balanceSiblings`.
    function balanceRoot(Claim calldata c) internal pure returns (uint256) {
        if (c.balanceSiblings.length != BALANCE_DEPTH) {
            revert WrongBalanceSiblingCount(BALANCE_DEPTH, c.balanceSiblings.length);
        }
        if (c.tokenId >> BALANCE_DEPTH != 0) revert TokenIdOutOfRange(c.tokenId);
        if (c.balance >= BALANCE_LIMIT) revert BalanceOutOfRange(c.balance);
        return merkleRoot(c.balance, c.tokenId, c.balanceSiblings);
    }

    /// @notice An account leaf's last input, `nonce + 2^32 * l1Address`, for a 32-bit nonce and
    /// a 160-bit address.
    function accountWord(uint256 nonce, uint256 l1Address) internal pure returns (uint256) {
        if (nonce >= NONCE_LIMIT) revert NonceOutOfRange(nonce);
        if (l1Address >= ADDRESS_LIMIT) revert L1AddressOutOfRange(l1Address);
        return nonce | (l1Address << 32);
    }

    /// @notice The root over `leaf` at `index` by `siblings` (leaf level first): at level i the
    /// node is the right child when bit i of `index` is 1. Bits of `index` above the path's
    /// length are not read; callers check them.
    function merkleRoot(uint256 leaf, uint256 index, uint256[] calldata siblings) internal pure returns (uint256 node) {
        node = leaf;
        uint256 levels = siblings.length;
        for (uint256 i = 0; i < levels; ++i) {
            uint256 sibling = siblings[i];
            node = (index >> i) & 1 == 1 ? PoseidonT3.hash([sibling, node]) : PoseidonT3.hash([node, sibling]);
        }
    }

    /// @notice Who receives the exit: the account's L1 address (in range once `stateRoot`
    /// accepted the claim).
    function recipient(Claim calldata c) internal pure returns (address) {
        if (c.l1Address >= ADDRESS_LIMIT) revert L1AddressOutOfRange(c.l1Address);
        // casting to 'uint160' is safe because the address was checked to have 160 bits
        // forge-lint: disable-next-line(unsafe-typecast)
        return address(uint160(c.l1Address));
    }
}
