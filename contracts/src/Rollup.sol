// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IVerifier} from "./IVerifier.sol";
import {ExitProof} from "./ExitProof.sol";

/// @title The rollup's L1 contract: deposits, batch commit -> prove -> execute, withdrawals.
/// @notice The layouts below are fixed by the Rust side, which is the source of truth:
///  - pubdata: circuits/src/pubdata.rs (bit-packed, MSB first, each operation padded to bytes);
///  - the batch commitment (the proof's only public input; it hashes the pubdata expanded to
///    fixed-width slots: 13 bytes in the batch's first `transferSlots` slots, which hold only a
///    Transfer or Noop, 71 bytes in the general slots after them): circuits/src/batch.rs;
///  - token ids and amount bounds: circuits/src/state.rs, circuits/src/amount;
///  - deposits and packed keys: circuits/src/tx.rs, circuits/src/babyjubjub.
/// Every priority operation (deposit) is consumed in queue order by a batch, as a Deposit
/// operation (L2 credits it) or as a DepositRefund operation (L2 cannot credit it, and the proof
/// shows why; the amount is paid back on L1 with the batch's withdrawals).
/// See docs/contracts.md for the state machine and the rules in prose.
contract Rollup {
    // ------------------------------------------------------------------------------------------
    // Types
    // ------------------------------------------------------------------------------------------

    /// @notice One payout of an executed batch, in pubdata order: a Withdraw operation (to its
    /// recipient) or a DepositRefund operation (to the depositor's L1 address).
    struct Withdrawal {
        address to;
        uint16 token;
        uint112 amount;
    }

    /// @notice What a commit stores for the later prove and execute steps.
    struct StoredBatch {
        /// The proof's public input (SHA-256 digest with the top 3 bits cleared).
        bytes32 commitment;
        /// The state root after the batch (a BN254 field element, big-endian).
        bytes32 newStateRoot;
        /// Rolling hash of the batch's withdrawals and refunds (0 when it has none); see
        /// `executeBatch`.
        bytes32 withdrawalsHash;
        /// Priority-queue position after the batch's Deposit and DepositRefund operations (the
        /// next batch starts there).
        uint64 priorityOpsEnd;
        /// Priority operations the batch consumes, credited or refunded (the `priorityOps` of
        /// the commitment).
        uint32 priorityOps;
    }

    /// @notice A token the L2 genesis registered, with the total of its genesis balances.
    struct TokenRegistration {
        uint16 id;
        address token;
        uint112 genesisSupply;
    }

    // ------------------------------------------------------------------------------------------
    // Constants
    // ------------------------------------------------------------------------------------------

    /// @notice ETH is always token 0 (L1 address 0).
    uint16 public constant ETH_TOKEN_ID = 0;
    /// @notice L1 tokens are ids 0..511; ids from 512 on are LP shares, which exist only on L2.
    uint16 public constant LP_TOKEN_BASE = 512;
    /// @notice Balances, amounts and every token's L2 supply are below 2^112.
    uint256 public constant MAX_BALANCE = (1 << 112) - 1;
    /// @notice The BN254 scalar field: state roots and the commitment are its elements.
    uint256 public constant FIELD_MODULUS =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;
    /// @dev The commitment is the SHA-256 digest with its top three bits cleared.
    uint256 internal constant COMMITMENT_MASK = (1 << 253) - 1;

    // Pubdata operation tags (the 3 most significant bits of an operation's first byte).
    uint256 internal constant OP_NOOP = 0;
    uint256 internal constant OP_DEPOSIT = 1;
    uint256 internal constant OP_TRANSFER = 2;
    uint256 internal constant OP_WITHDRAW = 3;
    /// @dev A deposit L2 cannot credit, paid back on L1 with the batch's withdrawals. Exactly the
    /// Deposit layout with a reason code in place of the account id:
    /// type 3 | reason 24 | token 10 | amount 112 | key 256 | L1 address 160 | pad 3.
    /// Reasons (the proof covers them; the contract does not read them): 1 invalid L2 key,
    /// 2 token unknown to L2, 3 L2 account tree full.
    uint256 internal constant OP_DEPOSIT_REFUND = 7;
    /// @dev The operations a commit records beyond their slot, bit `tag` set for each: Deposit
    /// and DepositRefund (matched against the queue), Withdraw and DepositRefund (payouts).
    /// Bits 1, 3 and 7.
    uint256 internal constant OPS_TO_RECORD = 0x8a;
    /// @dev Byte length of each operation, one byte per tag (tag 0 in the lowest byte):
    /// Noop 1, Deposit 71, Transfer 13, Withdraw 40, Swap 10, AddLiquidity 14,
    /// RemoveLiquidity 20, DepositRefund 71. Every 3-bit tag is an operation.
    uint256 internal constant OP_LENGTHS = 0x47140e0a280d4701;
    /// @dev Mask of the zero padding bits in each operation's last byte, one byte per tag:
    /// Noop 5 bits (3 used), Deposit 3 (565 used of 568), AddLiquidity 1 (111 of 112),
    /// RemoveLiquidity 1 (159 of 160), DepositRefund 3 (565 of 568); Transfer, Withdraw and
    /// Swap fill their bytes exactly.
    uint256 internal constant OP_PADDING = 0x070101000000071f;
    /// @dev Each operation in a general slot is hashed zero-padded to this many bytes (a
    /// Deposit's length): the commitment hashes "slot data", not the compact calldata
    /// (circuits/src/batch.rs SLOT_BYTES).
    uint256 internal constant SLOT_BYTES = 71;
    /// @dev Each operation in a transfer slot (the first `transferSlots` of a batch: a Transfer
    /// or Noop only) is hashed zero-padded to this many bytes, a Transfer's length
    /// (circuits/src/batch.rs TRANSFER_SLOT_BYTES).
    uint256 internal constant TRANSFER_SLOT_BYTES = 13;

    uint256 internal constant MASK_10 = (1 << 10) - 1;
    uint256 internal constant MASK_112 = (1 << 112) - 1;
    uint256 internal constant MASK_160 = (1 << 160) - 1;
    /// @dev A priority-queue entry keeps its operation's hash in the low 192 bits and its
    /// deadline (a timestamp) in the high 64: one storage slot per deposit.
    uint256 internal constant MASK_192 = (1 << 192) - 1;
    /// @notice Bounds of `priorityDeadlineSecs`: an owner can neither disable exodus nor make
    /// every delay a trigger.
    uint64 public constant MIN_PRIORITY_DEADLINE = 1;
    uint64 public constant MAX_PRIORITY_DEADLINE = 30 days;

    // Baby Jubjub (the L2 key curve): a*x^2 + y^2 = 1 + d*x^2*y^2 over the BN254 scalar field.
    uint256 internal constant JUBJUB_A = 168700;
    uint256 internal constant JUBJUB_D = 168696;
    /// @dev Order of the prime subgroup, l (251 bits); the curve's order is 8 * l.
    uint256 internal constant JUBJUB_SUBGROUP_ORDER =
        2736030358979909402780800718157159386076813972158567259200215660948447373041;
    /// @dev (A + 2) / 4 for the birationally equivalent Montgomery curve v^2 = u^3 + A*u^2 + u,
    /// A = 2 * (a + d) / (a - d) = 168698 (B = 4 / (a - d) = 1).
    uint256 internal constant MONTGOMERY_A24 = 42175;

    /// @dev Transient-storage slot of the reentrancy lock (the contract uses no other transient
    /// storage, and transient storage is separate from storage).
    uint256 internal constant REENTRANCY_SLOT = 0;

    // ------------------------------------------------------------------------------------------
    // Storage (hot fields packed: commit, prove and execute each touch few slots)
    // ------------------------------------------------------------------------------------------

    /// @notice Groth16 verifier of the batch circuit.
    IVerifier public immutable verifier;
    /// @notice How many leading slots of a batch are transfer slots (a Transfer or Noop each,
    /// hashed as 13 bytes); the later slots are general (any operation, hashed as 71 bytes).
    /// Part of the verifier's circuit layout: circuits/src/batch.rs SlotLayout `transfer_slots`.
    uint256 public immutable transferSlots;

    /// @notice Commits, proves, executes and reverts batches.
    address public operator;
    /// @notice Number of the last committed batch (0: only genesis).
    uint64 public lastCommitted;

    /// @notice Number of the last proven batch.
    uint64 public lastProven;
    /// @notice Number of the last executed batch.
    uint64 public lastExecuted;
    /// @notice First priority operation not consumed by an executed batch.
    uint64 public priorityHead;

    /// @notice First priority operation not consumed by a committed batch: the deposit the next
    /// Deposit or DepositRefund operation of a commit must match.
    uint64 public priorityCommitted;
    /// @notice Next priority operation id (the queue holds ids priorityHead..priorityTail-1).
    uint64 public priorityTail;
    /// @notice Seconds a batch has to execute a deposit after it is queued (the owner may change
    /// it within bounds, for deposits queued later).
    uint64 public priorityDeadlineSecs = 7 days;
    /// @notice Set once, by anyone, when a deposit outlives its deadline: no batch is committed,
    /// proven or executed any more, no deposit is accepted, and users take their balances of the
    /// last executed state out with exit proofs (`exit`) and their unexecuted deposits back
    /// (`withdrawPendingDeposit`). In the queue's slot, with the deadline: a deposit reads them with
    /// the tail it moves.
    bool public exodusMode;

    /// @notice Registers tokens and sets the operator.
    address public owner;
    /// @notice The verified state root: the root after the last executed batch.
    bytes32 public stateRoot;

    /// @notice Each deposit by priority operation id: the low 192 bits of
    /// keccak256(abi.encode(address from, uint16 token, uint112 amount, bytes32 l2PublicKey)),
    /// and in the high 64 bits the time by which a batch must have executed it (see
    /// `activateExodus`).
    mapping(uint64 => bytes32) public priorityQueue;
    /// @notice Whether the balance of (account, token) left through `exit`.
    mapping(uint32 => mapping(uint16 => bool)) public exited;
    /// @notice Whether an unexecuted deposit was paid back in exodus mode.
    mapping(uint64 => bool) public pendingDepositWithdrawn;
    /// @dev Batch 0 is genesis (only its newStateRoot is set).
    mapping(uint64 => StoredBatch) internal batches;
    /// @notice Withdrawn and refunded amounts waiting to be claimed, by L1 recipient and token id.
    mapping(address => mapping(uint16 => uint256)) public claimable;
    /// @notice L1 address of each registered token id (address(0) for ETH and for unregistered ids).
    mapping(uint16 => address) public tokenAddresses;
    /// @notice Token id of each registered ERC-20 (0 when unregistered; ETH is not in it).
    mapping(address => uint16) public tokenIds;
    /// @notice Upper bound of each token's L2 supply: genesis supply + deposits queued
    /// - withdrawals executed - refunds executed. Deposits keep it at most 2^112 - 1, so that
    /// L2 can always credit a queued deposit (it rejects supplies above 2^112 - 1).
    mapping(uint16 => uint256) public l2SupplyBound;

    // ------------------------------------------------------------------------------------------
    // Events
    // ------------------------------------------------------------------------------------------

    event DepositQueued(
        uint64 indexed priorityOpId, address indexed from, uint16 token, uint112 amount, bytes32 l2PublicKey
    );
    event BatchCommitted(
        uint64 indexed batchNumber, bytes32 commitment, bytes32 newStateRoot, uint32 priorityOps, uint64 priorityOpsEnd
    );
    event BatchProven(uint64 indexed batchNumber, bytes32 commitment);
    event BatchExecuted(uint64 indexed batchNumber, bytes32 stateRoot, uint256 withdrawals);
    event BatchesReverted(uint64 lastCommitted);
    event Claimed(address indexed to, uint16 indexed token, uint256 amount);
    event TokenRegistered(uint16 indexed id, address indexed token, uint112 genesisSupply);
    event OperatorChanged(address indexed operator);
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);
    event PriorityDeadlineChanged(uint64 deadlineSecs);
    event ExodusActivated(uint64 overduePriorityOpId);
    event Exited(uint32 indexed account, uint16 indexed token, address to, uint256 amount);
    event PendingDepositWithdrawn(uint64 indexed priorityOpId, address indexed from, uint16 token, uint256 amount);

    // ------------------------------------------------------------------------------------------
    // Errors
    // ------------------------------------------------------------------------------------------

    error NotOwner();
    error NotOperator();
    error ZeroAddress();
    error RootNotInField();
    error BadTokenId(uint16 id);
    error TokenAlreadyRegistered(uint16 id, address token);
    error NotAContract(address token);
    error UnknownToken(address token);
    error UnknownTokenId(uint16 id);
    error ZeroAmount();
    error SupplyCapExceeded(uint16 token);
    error Reentrancy();
    error TokenTransferFailed(address token);
    error EthTransferFailed(address to);
    error WrongBatchNumber(uint64 expected, uint64 got);
    error BatchNotCommitted(uint64 batchNumber);
    error BatchNotProven(uint64 batchNumber);
    error TruncatedOperation(uint256 offset);
    error NonzeroPadding(uint256 offset);
    /// @notice Operation `index` (0-based) lies in a transfer slot (index < transferSlots) but is
    /// neither a Transfer nor a Noop: the circuit has no room for it there.
    error NotATransferSlot(uint256 index);
    error NoPendingDeposit(uint256 offset);
    error DepositMismatch(uint64 priorityOpId, uint256 offset);
    error InvalidProof(uint64 batchNumber);
    error WithdrawalsMismatch(uint64 batchNumber);
    error NothingToClaim(address to, uint16 token);
    error CannotRevert(uint64 newLastCommitted);
    error ExodusMode();
    error NotInExodusMode();
    error NoOverduePriorityOp();
    error BadPriorityDeadline(uint64 deadlineSecs);
    error NotPending(uint64 priorityOpId);
    error AlreadyWithdrawn(uint64 priorityOpId);
    error AlreadyExited(uint32 account, uint16 token);
    error NotAnL1Token(uint16 token);
    error ExitProofMismatch(uint32 account, uint16 token);

    // ------------------------------------------------------------------------------------------
    // Set-up and roles
    // ------------------------------------------------------------------------------------------

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner();
        _;
    }

    /// @dev Every batch step; none runs in exodus mode.
    modifier onlyOperator() {
        if (msg.sender != operator) revert NotOperator();
        if (exodusMode) revert ExodusMode();
        _;
    }

    /// @dev Transient-storage lock (EIP-1153): guards every function that calls a token or
    /// sends ETH, so a callback cannot re-enter deposits or claims.
    modifier nonReentrant() {
        bool locked;
        assembly ("memory-safe") {
            locked := tload(REENTRANCY_SLOT)
        }
        if (locked) revert Reentrancy();
        assembly ("memory-safe") {
            tstore(REENTRANCY_SLOT, 1)
        }
        _;
        assembly ("memory-safe") {
            tstore(REENTRANCY_SLOT, 0)
        }
    }

    /// @param verifier_ The batch circuit's Groth16 verifier.
    /// @param transferSlots_ The leading transfer slots of the verifier's circuit layout: must
    /// equal the circuit's `transfer_slots` (circuits/src/batch.rs SlotLayout), or no commitment
    /// the contract computes can be proven. 0: every slot is general.
    /// @param genesisStateRoot The L2 genesis state root (big-endian field element).
    /// @param operator_ The operator.
    /// @param ethGenesisSupply Total ETH (token 0) of the genesis accounts.
    /// @param tokens The genesis ERC-20 tokens (ids 1..511, as in the L2 genesis file).
    constructor(
        IVerifier verifier_,
        uint256 transferSlots_,
        bytes32 genesisStateRoot,
        address operator_,
        uint112 ethGenesisSupply,
        TokenRegistration[] memory tokens
    ) {
        if (address(verifier_) == address(0) || operator_ == address(0)) revert ZeroAddress();
        if (uint256(genesisStateRoot) >= FIELD_MODULUS) revert RootNotInField();
        verifier = verifier_;
        transferSlots = transferSlots_;
        owner = msg.sender;
        operator = operator_;
        stateRoot = genesisStateRoot;
        batches[0].newStateRoot = genesisStateRoot;
        l2SupplyBound[ETH_TOKEN_ID] = ethGenesisSupply;
        emit OwnershipTransferred(address(0), msg.sender);
        emit OperatorChanged(operator_);
        emit TokenRegistered(ETH_TOKEN_ID, address(0), ethGenesisSupply);
        for (uint256 i = 0; i < tokens.length; ++i) {
            _registerToken(tokens[i].id, tokens[i].token, tokens[i].genesisSupply);
        }
    }

    /// @notice Registers an ERC-20 under the id the L2 genesis gave it (1..511). The L2 token
    /// registry is fixed at genesis: L2 cannot credit deposits of a token it does not know (they
    /// are refunded, reason 2), so the owner must register exactly the genesis tokens.
    function registerToken(uint16 id, address token, uint112 genesisSupply) external onlyOwner {
        _registerToken(id, token, genesisSupply);
    }

    function setOperator(address operator_) external onlyOwner {
        if (operator_ == address(0)) revert ZeroAddress();
        operator = operator_;
        emit OperatorChanged(operator_);
    }

    /// @notice Sets the execution deadline of deposits queued from now on, in seconds (within
    /// MIN_PRIORITY_DEADLINE..MAX_PRIORITY_DEADLINE: days on a real network, seconds on a devnet).
    function setPriorityDeadline(uint64 deadlineSecs) external onlyOwner {
        if (deadlineSecs < MIN_PRIORITY_DEADLINE || deadlineSecs > MAX_PRIORITY_DEADLINE) {
            revert BadPriorityDeadline(deadlineSecs);
        }
        priorityDeadlineSecs = deadlineSecs;
        emit PriorityDeadlineChanged(deadlineSecs);
    }

    function transferOwnership(address newOwner) external onlyOwner {
        if (newOwner == address(0)) revert ZeroAddress();
        emit OwnershipTransferred(owner, newOwner);
        owner = newOwner;
    }

    function _registerToken(uint16 id, address token, uint112 genesisSupply) internal {
        if (id == ETH_TOKEN_ID || id >= LP_TOKEN_BASE) revert BadTokenId(id);
        if (token == address(0)) revert ZeroAddress();
        if (tokenAddresses[id] != address(0) || tokenIds[token] != 0) revert TokenAlreadyRegistered(id, token);
        if (token.code.length == 0) revert NotAContract(token);
        tokenAddresses[id] = token;
        tokenIds[token] = id;
        l2SupplyBound[id] = genesisSupply;
        emit TokenRegistered(id, token, genesisSupply);
    }

    // ------------------------------------------------------------------------------------------
    // Deposits (priority operations)
    // ------------------------------------------------------------------------------------------

    /// @notice Deposits msg.value wei to the L2 account of `l2PublicKey` (created if new, owned
    /// by msg.sender). The key is circomlibjs's packed form (little-endian y, sign of x in bit
    /// 255, i.e. the top bit of the last byte); see `isValidL2PublicKey`.
    function depositETH(bytes32 l2PublicKey) external payable {
        if (msg.value == 0) revert ZeroAmount();
        _queueDeposit(ETH_TOKEN_ID, msg.value, l2PublicKey);
    }

    /// @notice Deposits `amount` of a registered ERC-20 (approve first). The credited amount is
    /// what the contract's balance actually grew by, so fee-on-transfer tokens are credited
    /// what arrived. Tokens that return nothing from transferFrom are supported.
    function depositERC20(address token, uint112 amount, bytes32 l2PublicKey) external nonReentrant {
        uint16 id = tokenIds[token];
        if (id == 0) revert UnknownToken(token);
        if (amount == 0) revert ZeroAmount();
        uint256 balanceBefore = _balanceOf(token);
        _callToken(token, abi.encodeCall(IERC20Minimal.transferFrom, (msg.sender, address(this), amount)));
        uint256 received = _balanceOf(token) - balanceBefore;
        if (received == 0) revert ZeroAmount();
        _queueDeposit(id, received, l2PublicKey);
    }

    function _queueDeposit(uint16 token, uint256 amount, bytes32 l2PublicKey) internal {
        if (exodusMode) revert ExodusMode();
        uint256 supply = l2SupplyBound[token] + amount;
        if (supply > MAX_BALANCE) revert SupplyCapExceeded(token);
        l2SupplyBound[token] = supply;
        uint64 id = priorityTail;
        uint256 deadline = block.timestamp + priorityDeadlineSecs;
        priorityQueue[id] =
            bytes32((deadline << 192) | (uint256(_priorityOpHash(uint160(msg.sender), token, amount, l2PublicKey)) & MASK_192));
        priorityTail = id + 1;
        // casting to 'uint112' is safe because amount <= supply <= MAX_BALANCE
        // forge-lint: disable-next-line(unsafe-typecast)
        emit DepositQueued(id, msg.sender, token, uint112(amount), l2PublicKey);
    }

    /// @dev keccak256(abi.encode(address from, uint16 token, uint112 amount, bytes32 key)), in
    /// scratch memory above the free-memory pointer (nothing is allocated).
    function _priorityOpHash(uint256 from, uint256 token, uint256 amount, bytes32 key)
        internal
        pure
        returns (bytes32 h)
    {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, from)
            mstore(add(m, 0x20), token)
            mstore(add(m, 0x40), amount)
            mstore(add(m, 0x60), key)
            h := keccak256(m, 0x80)
        }
    }

    // ------------------------------------------------------------------------------------------
    // Batches: commit -> prove -> execute
    // ------------------------------------------------------------------------------------------

    /// @notice Commits batch `batchNumber` (lastCommitted + 1): the transition from the last
    /// committed batch's root (genesis for batch 1) to `newStateRoot`, with `pubdata` the
    /// concatenated operations. The first `transferSlots` operations must be Transfers or Noops
    /// (they fill the transfer slots). Every Deposit and DepositRefund operation must equal the
    /// next unconsumed deposit of the priority queue (token, amount, key, L1 address), in order;
    /// Withdraw and DepositRefund operations are recorded for execution (their payouts). Stores
    /// the commitment the proof must open.
    function commitBatch(uint64 batchNumber, bytes32 newStateRoot, bytes calldata pubdata) external onlyOperator {
        uint64 last = lastCommitted;
        if (batchNumber != last + 1) revert WrongBatchNumber(last + 1, batchNumber);
        if (uint256(newStateRoot) >= FIELD_MODULUS) revert RootNotInField();
        StoredBatch storage batch = batches[batchNumber];
        uint64 first = priorityCommitted;
        (uint64 end, bytes32 withdrawalsHash, bytes32 slotsHash) = _walkPubdata(pubdata, true);
        // casting to 'uint32' is safe because a batch has at most pubdata.length / 71 priority ops
        // forge-lint: disable-next-line(unsafe-typecast)
        uint32 priorityOps = uint32(end - first);
        bytes32 commitment =
            batchCommitment(batchNumber, batches[last].newStateRoot, newStateRoot, priorityOps, slotsHash);
        // Every field is written (a re-commit after revertBatches overwrites a stale batch).
        batch.commitment = commitment;
        batch.newStateRoot = newStateRoot;
        batch.withdrawalsHash = withdrawalsHash;
        batch.priorityOpsEnd = end;
        batch.priorityOps = priorityOps;
        lastCommitted = batchNumber;
        priorityCommitted = end;
        emit BatchCommitted(batchNumber, commitment, newStateRoot, priorityOps, end);
    }

    /// @notice The batch commitment, exactly as circuits/src/batch.rs computes it:
    /// sha256(be64(batchNumber) || be256(oldRoot) || be256(newRoot) || be32(priorityOps) ||
    /// slotDataHash) with the top three bits cleared (a 108-byte preimage). `slotDataHash_` is
    /// the SHA-256 of the slot data, whose layout (13-byte transfer slots, then 71-byte general
    /// slots) `slotDataHash` describes.
    function batchCommitment(
        uint64 batchNumber,
        bytes32 oldStateRoot,
        bytes32 newStateRoot,
        uint32 priorityOps,
        bytes32 slotDataHash_
    ) public pure returns (bytes32) {
        bytes32 digest = sha256(abi.encodePacked(batchNumber, oldStateRoot, newStateRoot, priorityOps, slotDataHash_));
        return bytes32(uint256(digest) & COMMITMENT_MASK);
    }

    /// @notice sha256(slot_data) of compact pubdata, with this contract's `transferSlots`
    /// (circuits/src/batch.rs `slot_data`): operation i is zero-padded to 13 bytes when
    /// i < transferSlots (a transfer slot, which holds only a Transfer or Noop) and to 71 bytes
    /// otherwise. A batch may have fewer operations than transfer slots (the proof pins the
    /// slot count). Reverts on pubdata a commit would reject for its form (truncated operation,
    /// nonzero padding, another operation in a transfer slot); deposits and refunds are not
    /// matched here.
    function slotDataHash(bytes calldata pubdata) external view returns (bytes32 h) {
        (,, h) = _walkPubdata(pubdata, false);
    }

    /// @dev Walks the pubdata operation by operation. With `matchDeposits`, matches each Deposit
    /// and each DepositRefund against the next unconsumed priority operation (from
    /// priorityCommitted) and returns the queue position after them (otherwise it just counts
    /// them from 0). Also returns the rolling hash of the payouts (Withdraw and DepositRefund
    /// operations, in pubdata order) and the SHA-256 of the slot data. Operation i (0-based)
    /// with i < transferSlots is in a transfer slot: it must be a Transfer or Noop
    /// (NotATransferSlot otherwise) and is padded to TRANSFER_SLOT_BYTES; the others are padded
    /// to SLOT_BYTES.
    ///
    /// Each operation starts on a byte boundary; its first byte's top 3 bits are the type tag,
    /// which gives the length (all 8 tags are operations). Fields are read from 32-byte calldata
    /// words: bit i of an operation (MSB first) is bit 255 - (i - 8k) of the word loaded at its
    /// byte k. Loads may reach past the operation (into later operations or past the calldata's
    /// end, which reads as zeros), but only bits inside the operation are used, after its length
    /// was checked.
    ///
    /// The slot data is built in memory as a `bytes` array at the free-memory pointer, one slot
    /// (13 or 71 bytes) per operation, and the pointer is moved past each slot as it is written
    /// so that the hashing helpers' scratch space (at the free-memory pointer) lies above it.
    function _walkPubdata(bytes calldata pubdata, bool matchDeposits)
        internal
        view
        returns (uint64 cursor, bytes32 withdrawalsHash, bytes32 slotsHash)
    {
        if (matchDeposits) cursor = priorityCommitted;
        bytes memory slots; // grows one slot per operation (its length word tracks the end)
        assembly ("memory-safe") {
            slots := mload(0x40)
            mstore(slots, 0)
            mstore(0x40, add(slots, 0x20))
        }
        uint256 offset = 0;
        // Transfer slots not filled yet: while it is nonzero, the current operation's index is
        // transferSlots - transferLeft. Counting down (instead of comparing an index with
        // transferSlots) leaves the general slots one zero test per operation (~25 gas).
        uint256 transferLeft = transferSlots;
        while (offset < pubdata.length) {
            uint256 start; // calldata position of the operation
            uint256 w0; // its first 32 bytes
            assembly ("memory-safe") {
                start := add(pubdata.offset, offset)
                w0 := calldataload(start)
            }
            uint256 length = _checkedLength(w0 >> 253, start, offset, pubdata.length);
            if (transferLeft != 0) {
                // The circuit's transfer slots hold only these two (lengths 13 and 1: they fit).
                if (w0 >> 253 != OP_TRANSFER && w0 >> 253 != OP_NOOP) {
                    revert NotATransferSlot(transferSlots - transferLeft);
                }
                _appendSlot(slots, start, length, TRANSFER_SLOT_BYTES);
                unchecked {
                    --transferLeft;
                }
            } else {
                _appendSlot(slots, start, length, SLOT_BYTES);
            }
            // One bit test lets every other operation (Transfers and Noops above all) through.
            if ((OPS_TO_RECORD >> (w0 >> 253)) & 1 != 0) {
                if (w0 >> 253 == OP_WITHDRAW) {
                    // type 3 | account 24 | token 10 | amount 112 | fee 11 | to 160
                    // bits:  0..2  3..26  27..36  37..148  149..159  160..319 (bytes 20..39)
                    uint256 to;
                    assembly ("memory-safe") {
                        to := shr(96, calldataload(add(start, 20)))
                    }
                    withdrawalsHash =
                        _withdrawalHash(withdrawalsHash, to, (w0 >> 219) & MASK_10, (w0 >> 107) & MASK_112);
                } else {
                    // A Deposit or a DepositRefund. A refund has the Deposit layout (a reason code
                    // in place of the account id) and consumes its deposit the same way.
                    if (matchDeposits) {
                        if (cursor >= priorityTail) revert NoPendingDeposit(offset);
                        if ((uint256(priorityQueue[cursor]) ^ uint256(_depositOpHash(start, w0))) & MASK_192 != 0) {
                            revert DepositMismatch(cursor, offset);
                        }
                    }
                    unchecked {
                        ++cursor;
                    }
                    if (w0 >> 253 == OP_DEPOSIT_REFUND) {
                        // Paid to the depositor's L1 address, like a withdrawal (token: bits
                        // 27..36, amount: bits 37..148).
                        withdrawalsHash = _withdrawalHash(
                            withdrawalsHash, _depositL1Address(start), (w0 >> 219) & MASK_10, (w0 >> 107) & MASK_112
                        );
                    }
                }
            }
            unchecked {
                offset += length;
            }
        }
        slotsHash = sha256(slots);
    }

    /// @dev Appends the operation at calldata `start` (`length` bytes, at most `width`) to
    /// `slots`, zero-padded to `width` bytes (TRANSFER_SLOT_BYTES or SLOT_BYTES), and moves the
    /// free-memory pointer past it.
    function _appendSlot(bytes memory slots, uint256 start, uint256 length, uint256 width) internal pure {
        assembly ("memory-safe") {
            let size := mload(slots)
            let dst := add(add(slots, 0x20), size)
            let next := add(dst, width)
            mstore(slots, add(size, width))
            // Memory above the free pointer may hold scratch data: zero the slot, then copy.
            // Three words cover SLOT_BYTES (71), so either width; what they zero past a 13-byte
            // slot is free memory, where the next slot goes.
            mstore(dst, 0)
            mstore(add(dst, 0x20), 0)
            mstore(add(dst, 0x40), 0)
            calldatacopy(dst, start, length)
            mstore(0x40, and(add(next, 31), not(31)))
        }
    }

    /// @dev The byte length of the operation with `tag` at `start` (pubdata offset `offset`),
    /// after checking that the operation is complete and its padding bits are zero, as
    /// circuits/src/pubdata.rs encodes them (and `decode_all` requires): the contract accepts
    /// exactly the byte strings the Rust side produces, except that it leaves a DepositRefund's
    /// reason code to the proof. Every tag has a nonzero length.
    function _checkedLength(uint256 tag, uint256 start, uint256 offset, uint256 size)
        internal
        pure
        returns (uint256 length)
    {
        length = (OP_LENGTHS >> (tag << 3)) & 0xff;
        if (size - offset < length) revert TruncatedOperation(offset);
        uint256 padding = (OP_PADDING >> (tag << 3)) & 0xff;
        if (padding != 0) {
            uint256 lastByte;
            assembly ("memory-safe") {
                lastByte := byte(0, calldataload(add(start, sub(length, 1))))
            }
            if (lastByte & padding != 0) revert NonzeroPadding(offset);
        }
    }

    /// @dev The priority-operation hash of the Deposit or DepositRefund operation at `start`
    /// (`w0`: its first 32 bytes), to compare with the queue:
    /// type 3 | account 24 | token 10 | amount 112 | key 256 | L1 address 160 | pad 3
    /// bits:  0..2  3..26  27..36  37..148  149..404  405..564  565..567
    /// A DepositRefund holds a reason code in bits 3..26 instead of the account: 1 invalid L2
    /// key, 2 token unknown to L2, 3 L2 account tree full. Neither is checked here: L2 chooses
    /// the credited account (the key's account, or a new one), and the proof covers the reason.
    function _depositOpHash(uint256 start, uint256 w0) internal pure returns (bytes32) {
        uint256 key;
        uint256 from;
        assembly ("memory-safe") {
            let w1 := calldataload(add(start, 18)) // bits 144..399
            let w2 := calldataload(add(start, 50)) // bits 400..655
            key := or(shl(5, w1), shr(251, w2)) // bits 149..404
            from := and(shr(91, w2), MASK_160) // bits 405..564
        }
        // token: bits 27..36; amount: bits 37..148
        return _priorityOpHash(from, (w0 >> 219) & MASK_10, (w0 >> 107) & MASK_112, bytes32(key));
    }

    /// @dev The L1 address (bits 405..564) of the Deposit or DepositRefund operation at `start`.
    function _depositL1Address(uint256 start) internal pure returns (uint256 from) {
        assembly ("memory-safe") {
            from := and(shr(91, calldataload(add(start, 50))), MASK_160) // bits 400..655
        }
    }

    /// @dev One step of the withdrawals' rolling hash:
    /// h_i = keccak256(abi.encode(h_{i-1}, address to, uint16 token, uint112 amount)), h_0 = 0.
    function _withdrawalHash(bytes32 previous, uint256 to, uint256 token, uint256 amount)
        internal
        pure
        returns (bytes32 h)
    {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, previous)
            mstore(add(m, 0x20), to)
            mstore(add(m, 0x40), token)
            mstore(add(m, 0x60), amount)
            h := keccak256(m, 0x80)
        }
    }

    /// @notice Proves batch `batchNumber` (lastProven + 1, already committed) with a Groth16
    /// proof whose single public input is the batch's commitment.
    function proveBatch(uint64 batchNumber, uint256[8] calldata proof) external onlyOperator {
        uint64 next = lastProven + 1;
        if (batchNumber != next) revert WrongBatchNumber(next, batchNumber);
        if (batchNumber > lastCommitted) revert BatchNotCommitted(batchNumber);
        bytes32 commitment = batches[batchNumber].commitment;
        if (!verifier.verifyProof(proof, [uint256(commitment)])) revert InvalidProof(batchNumber);
        lastProven = batchNumber;
        emit BatchProven(batchNumber, commitment);
    }

    /// @notice Executes batch `batchNumber` (lastExecuted + 1, already proven): its deposits
    /// leave the priority queue, its withdrawals and refunds become claimable, its root becomes
    /// the verified state root. `withdrawals` are the batch's payouts in pubdata order: each
    /// Withdraw operation (to, token, amount) and each DepositRefund operation (the depositor's
    /// L1 address, token, amount); the commit stored their hash. Passing them here instead of
    /// storing them at commit costs calldata (~1-2k gas each) instead of 3 storage writes
    /// (~66k gas) each.
    function executeBatch(uint64 batchNumber, Withdrawal[] calldata withdrawals) external onlyOperator {
        uint64 next = lastExecuted + 1;
        if (batchNumber != next) revert WrongBatchNumber(next, batchNumber);
        if (batchNumber > lastProven) revert BatchNotProven(batchNumber);
        StoredBatch storage batch = batches[batchNumber];
        bytes32 h = 0;
        for (uint256 i = 0; i < withdrawals.length; ++i) {
            Withdrawal calldata w = withdrawals[i];
            h = _withdrawalHash(h, uint160(w.to), w.token, w.amount);
            claimable[w.to][w.token] += w.amount;
            // Saturating: with a correct genesis supply the bound always covers the withdrawal
            // (the proof shows L2 held it; a refunded deposit added its amount when queued);
            // never let a misconfiguration block execution.
            uint256 bound = l2SupplyBound[w.token];
            l2SupplyBound[w.token] = bound > w.amount ? bound - w.amount : 0;
        }
        if (h != batch.withdrawalsHash) revert WithdrawalsMismatch(batchNumber);
        bytes32 root = batch.newStateRoot;
        lastExecuted = batchNumber;
        priorityHead = batch.priorityOpsEnd;
        stateRoot = root;
        emit BatchExecuted(batchNumber, root, withdrawals.length);
    }

    /// @notice Drops the committed batches after `newLastCommitted` that are not executed yet
    /// (a commit that cannot be proven would otherwise stall the rollup). Their deposits return
    /// to the queue, to be committed again, the refunded ones as well as the credited ones.
    function revertBatches(uint64 newLastCommitted) external onlyOperator {
        uint64 executed = lastExecuted;
        if (newLastCommitted < executed || newLastCommitted >= lastCommitted) revert CannotRevert(newLastCommitted);
        lastCommitted = newLastCommitted;
        if (lastProven > newLastCommitted) lastProven = newLastCommitted;
        // Refunds are operations of batches like credits, so the queue position after the last
        // kept batch (or after the executed ones) is where the next commit resumes.
        priorityCommitted = newLastCommitted == executed ? priorityHead : batches[newLastCommitted].priorityOpsEnd;
        emit BatchesReverted(newLastCommitted);
    }

    // ------------------------------------------------------------------------------------------
    // Exodus: when the operator stops, users leave with the last executed state
    // ------------------------------------------------------------------------------------------

    /// @notice Switches the contract into exodus mode, for good, once the oldest unexecuted
    /// deposit is past its deadline. Anyone may call it.
    function activateExodus() external {
        if (exodusMode) revert ExodusMode();
        uint64 head = priorityHead;
        // Deadlines are days on a real network: a validator's few seconds of timestamp leeway
        // cannot matter.
        // forge-lint: disable-next-line(block-timestamp)
        if (head >= priorityTail || block.timestamp <= uint256(priorityQueue[head]) >> 192) {
            revert NoOverduePriorityOp();
        }
        exodusMode = true;
        emit ExodusActivated(head);
    }

    /// @notice In exodus mode, pays back a deposit no executed batch consumed (it is not in the
    /// last executed state): the amount becomes claimable by its L1 sender, once.
    function withdrawPendingDeposit(uint64 priorityOpId, address from, uint16 token, uint112 amount, bytes32 l2PublicKey)
        external
    {
        if (!exodusMode) revert NotInExodusMode();
        if (priorityOpId < priorityHead || priorityOpId >= priorityTail) revert NotPending(priorityOpId);
        if (pendingDepositWithdrawn[priorityOpId]) revert AlreadyWithdrawn(priorityOpId);
        bytes32 queued = priorityQueue[priorityOpId];
        if ((uint256(queued) ^ uint256(_priorityOpHash(uint160(from), token, amount, l2PublicKey))) & MASK_192 != 0) {
            revert DepositMismatch(priorityOpId, 0);
        }
        pendingDepositWithdrawn[priorityOpId] = true;
        claimable[from][token] += amount;
        emit PendingDepositWithdrawn(priorityOpId, from, token, amount);
    }

    /// @notice In exodus mode, makes one balance of the last executed state (`stateRoot`)
    /// claimable by the account's L1 owner, once per (account, token), when the claim's Merkle
    /// proofs recompute `stateRoot` (`wallet exit` builds claims from L1 data alone). L1 tokens
    /// only: LP shares have no L1 token to pay.
    /// The account tree's depth is the claim's sibling count: a path of another length cannot
    /// reach the root, since its leaf would have to equal an inner node (a 4-input Poseidon
    /// output equal to a 2-input one, or an empty leaf's zero), and the account id must fit it.
    function exit(ExitProof.Claim calldata exitClaim) external {
        if (!exodusMode) revert NotInExodusMode();
        // Range checks first (ids below 2^24 and 2^10): the casts below are then exact.
        uint256 root = ExitProof.stateRoot(exitClaim, exitClaim.accountSiblings.length);
        if (exitClaim.tokenId >= LP_TOKEN_BASE) revert NotAnL1Token(uint16(exitClaim.tokenId));
        // casting to 'uint32' and 'uint16' is safe because ExitProof.stateRoot checked the ids
        // forge-lint: disable-next-line(unsafe-typecast)
        (uint32 account, uint16 token) = (uint32(exitClaim.accountId), uint16(exitClaim.tokenId));
        if (root != uint256(stateRoot)) revert ExitProofMismatch(account, token);
        if (exited[account][token]) revert AlreadyExited(account, token);
        exited[account][token] = true;
        address to = ExitProof.recipient(exitClaim);
        claimable[to][token] += exitClaim.balance;
        emit Exited(account, token, to, exitClaim.balance);
    }

    // ------------------------------------------------------------------------------------------
    // Claims
    // ------------------------------------------------------------------------------------------

    /// @notice Pays msg.sender everything claimable of `token`. Returns the amount.
    function claim(uint16 token) external returns (uint256) {
        return _claim(msg.sender, token);
    }

    /// @notice Pays `to` everything claimable by `to` of `token` (anyone may trigger it).
    function claimFor(address to, uint16 token) external returns (uint256) {
        return _claim(to, token);
    }

    function _claim(address to, uint16 token) internal nonReentrant returns (uint256 amount) {
        amount = claimable[to][token];
        if (amount == 0) revert NothingToClaim(to, token);
        claimable[to][token] = 0; // before paying: no double claim, no reentrant claim
        if (token == ETH_TOKEN_ID) {
            (bool ok,) = to.call{value: amount}("");
            if (!ok) revert EthTransferFailed(to);
        } else {
            address tokenAddress = tokenAddresses[token];
            if (tokenAddress == address(0)) revert UnknownTokenId(token);
            _callToken(tokenAddress, abi.encodeCall(IERC20Minimal.transfer, (to, amount)));
        }
        emit Claimed(to, token, amount);
    }

    // ------------------------------------------------------------------------------------------
    // Token calls
    // ------------------------------------------------------------------------------------------

    /// @dev Calls an ERC-20 and accepts success with no return data (USDT-style tokens) or with
    /// a true bool; reverts otherwise. No return data from an address without code is a failure.
    function _callToken(address token, bytes memory data) internal {
        (bool ok, bytes memory ret) = token.call(data);
        if (!ok) revert TokenTransferFailed(token);
        if (ret.length == 0) {
            if (token.code.length == 0) revert TokenTransferFailed(token);
        } else if (ret.length < 32 || abi.decode(ret, (uint256)) != 1) {
            revert TokenTransferFailed(token);
        }
    }

    function _balanceOf(address token) internal view returns (uint256) {
        (bool ok, bytes memory ret) = token.staticcall(abi.encodeCall(IERC20Minimal.balanceOf, (address(this))));
        if (!ok || ret.length < 32) revert TokenTransferFailed(token);
        return abi.decode(ret, (uint256));
    }

    // ------------------------------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------------------------------

    /// @notice What the commit of `batchNumber` stored (batch 0: genesis, only its root).
    function batchInfo(uint64 batchNumber) external view returns (StoredBatch memory) {
        return batches[batchNumber];
    }

    /// @notice Deposits queued and not yet consumed by a committed batch.
    function pendingDeposits() external view returns (uint64) {
        return priorityTail - priorityCommitted;
    }

    /// @notice Whether `packed` (circomlibjs packPoint: little-endian y, sign of x in bit 255)
    /// is a public key L2 accepts, as circuits' `PublicKey::from_packed`: y < p, the point
    /// exists, it is not the identity, and it lies in the prime-order subgroup.
    /// Costs about 280k gas (a 251-step Montgomery ladder), so deposits do not call it: a deposit
    /// with an invalid key is refunded by a batch (DepositRefund, reason 1). Wallets can call it
    /// (eth_call) before depositing.
    function isValidL2PublicKey(bytes32 packed) public view returns (bool) {
        uint256 p = FIELD_MODULUS;
        // y: the 32 bytes read little-endian with the sign bit cleared. The sign (x's half of
        // the field) does not matter: -P is valid exactly when P is.
        uint256 y = _reverseBytes(uint256(packed) & ~uint256(0x80));
        if (y >= p) return false; // non-canonical
        // x = 0 only for y = 1 (the identity) and y = -1 (order 2): both rejected.
        if (y == 1 || y == p - 1) return false;
        uint256 y2 = mulmod(y, y, p);
        uint256 u = addmod(1, p - y2, p); // 1 - y^2
        uint256 v = addmod(JUBJUB_A, p - mulmod(JUBJUB_D, y2, p), p); // a - d*y^2
        if (v == 0) return false;
        // x^2 = u / v must be a nonzero square: Euler's criterion on u*v (same character).
        if (_modexp(mulmod(u, v, p), (p - 1) >> 1) != 1) return false;
        // Subgroup: l * P must be the identity. On the Montgomery form (u = (1 + y) / (1 - y),
        // identity at infinity) an x-only ladder needs no square root; projective start
        // (X : Z) = (1 + y : 1 - y), with 1 - y != 0 and 1 + y != 0 (so u != 0) checked above.
        return _ladderIsInfinity(addmod(1, y, p), addmod(1, p - y, p));
    }

    /// @dev Montgomery ladder computing (X : Z) of l * P from P = (x1 : z1); true when Z = 0.
    /// Per bit: R_b <- R_0 + R_1 (differential addition, difference P), R_{1-b} <- 2 R_{1-b}.
    function _ladderIsInfinity(uint256 x1, uint256 z1) internal pure returns (bool infinity) {
        assembly ("memory-safe") {
            let x2 := 1 // R0 = infinity
            let z2 := 0
            let x3 := x1 // R1 = P
            let z3 := z1
            for { let i := 251 } i {} {
                i := sub(i, 1)
                // Bit set: swap, so that R0 is always the point doubled; swap back after.
                if and(shr(i, JUBJUB_SUBGROUP_ORDER), 1) {
                    let tmp := x2
                    x2 := x3
                    x3 := tmp
                    tmp := z2
                    z2 := z3
                    z3 := tmp
                }
                {
                    let a := addmod(x2, z2, FIELD_MODULUS) // X2 + Z2
                    let b := addmod(x2, sub(FIELD_MODULUS, z2), FIELD_MODULUS) // X2 - Z2
                    {
                        // R1 <- R0 + R1: X = z1 * (DA + CB)^2, Z = x1 * (DA - CB)^2
                        let da := mulmod(addmod(x3, sub(FIELD_MODULUS, z3), FIELD_MODULUS), a, FIELD_MODULUS)
                        let cb := mulmod(addmod(x3, z3, FIELD_MODULUS), b, FIELD_MODULUS)
                        let s := addmod(da, cb, FIELD_MODULUS)
                        x3 := mulmod(z1, mulmod(s, s, FIELD_MODULUS), FIELD_MODULUS)
                        s := addmod(da, sub(FIELD_MODULUS, cb), FIELD_MODULUS)
                        z3 := mulmod(x1, mulmod(s, s, FIELD_MODULUS), FIELD_MODULUS)
                    }
                    // R0 <- 2 R0: X = AA * BB, Z = E * (BB + a24 * E), E = AA - BB = 4 X2 Z2
                    let aa := mulmod(a, a, FIELD_MODULUS)
                    let bb := mulmod(b, b, FIELD_MODULUS)
                    let e := addmod(aa, sub(FIELD_MODULUS, bb), FIELD_MODULUS)
                    x2 := mulmod(aa, bb, FIELD_MODULUS)
                    z2 := mulmod(e, addmod(bb, mulmod(MONTGOMERY_A24, e, FIELD_MODULUS), FIELD_MODULUS), FIELD_MODULUS)
                }
                if and(shr(i, JUBJUB_SUBGROUP_ORDER), 1) {
                    let tmp := x2
                    x2 := x3
                    x3 := tmp
                    tmp := z2
                    z2 := z3
                    z3 := tmp
                }
            }
            infinity := iszero(z2)
        }
    }

    /// @dev base^exponent mod FIELD_MODULUS with the MODEXP precompile (0x05).
    function _modexp(uint256 base, uint256 exponent) internal view returns (uint256 result) {
        uint256 p = FIELD_MODULUS;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, 0x20)
            mstore(add(m, 0x20), 0x20)
            mstore(add(m, 0x40), 0x20)
            mstore(add(m, 0x60), base)
            mstore(add(m, 0x80), exponent)
            mstore(add(m, 0xa0), p)
            if iszero(staticcall(gas(), 0x05, m, 0xc0, m, 0x20)) { revert(0, 0) }
            result := mload(m)
        }
    }

    /// @dev Reverses the byte order of a 256-bit word.
    function _reverseBytes(uint256 v) internal pure returns (uint256) {
        v = ((v & 0xFF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00) >> 8)
            | ((v & 0x00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF) << 8);
        v = ((v & 0xFFFF0000FFFF0000FFFF0000FFFF0000FFFF0000FFFF0000FFFF0000FFFF0000) >> 16)
            | ((v & 0x0000FFFF0000FFFF0000FFFF0000FFFF0000FFFF0000FFFF0000FFFF0000FFFF) << 16);
        v = ((v & 0xFFFFFFFF00000000FFFFFFFF00000000FFFFFFFF00000000FFFFFFFF00000000) >> 32)
            | ((v & 0x00000000FFFFFFFF00000000FFFFFFFF00000000FFFFFFFF00000000FFFFFFFF) << 32);
        v = ((v & 0xFFFFFFFFFFFFFFFF0000000000000000FFFFFFFFFFFFFFFF0000000000000000) >> 64)
            | ((v & 0x0000000000000000FFFFFFFFFFFFFFFF0000000000000000FFFFFFFFFFFFFFFF) << 64);
        return (v >> 128) | (v << 128);
    }
}

/// @dev The three ERC-20 functions the rollup calls (their selectors; return values are
/// checked by hand, see `_callToken`).
interface IERC20Minimal {
    function balanceOf(address account) external view returns (uint256);
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}
