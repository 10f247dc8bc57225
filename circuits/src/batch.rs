//! Batches: a fixed number of transaction slots, sealed with Noop padding and the fee credit,
//! and the one public input that commits to the whole transition.
//!
//! ```text
//! commitment = SHA-256( be64(batch_number) || be256(old_state_root) || be256(new_state_root)
//!                       || be32(priority_ops) || SHA-256(slot_data) )  mod 2^253
//! slot_data  = each slot's pubdata zero-padded to its slot's width: TRANSFER_SLOT_BYTES (13)
//!              in the batch's leading transfer slots, SLOT_BYTES (71, the longest operation)
//!              in the general slots after them
//! ```
//! (the top three bits of the digest cleared, so the value is a BN254 field element). The L1
//! contract recomputes it from calldata with the SHA-256 precompile; the circuit computes it in
//! constraints and exposes it as its only public input. `priority_ops` is the number of deposits
//! the batch consumes; their contents are in the pubdata, which the contract matches against
//! its priority queue in order.
//!
//! Calldata carries the compact pubdata (13 bytes per transfer); the contract expands each
//! operation to its slot's width while parsing it. Hashing fixed-width slots lets the circuit
//! place every slot's bytes at a fixed offset instead of multiplexing data-dependent offsets.
//!
//! The [`SlotLayout`], fixed at set-up, splits a batch into transfer slots (only a transfer or
//! Noop: a much smaller circuit, and 13 hashed bytes instead of 71) followed by general slots
//! (any operation). Transactions keep their order: one that a transfer slot cannot hold skips
//! the rest of the transfer slots (padded with Noop) and goes to the first free general slot.

use ark_ff::{BigInteger, PrimeField};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::field::Fr;
use crate::pubdata::PubdataOp;
use crate::state::{AccountUpdate, State, StateRoots, TokenId};
use crate::transition::{AppliedTx, FeeCharge, TxWitness};
use crate::tx::{Tx, TxType};

/// Bytes of a general slot in the hashed slot data: the longest operation (a deposit).
pub const SLOT_BYTES: usize = 71;

/// Bytes of a transfer slot in the hashed slot data: a transfer's pubdata.
pub const TRANSFER_SLOT_BYTES: usize = 13;

/// What a slot can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlotKind {
    /// A transfer or Noop.
    Transfer,
    /// Any operation.
    General,
}

impl SlotKind {
    /// Whether a slot of this kind can hold an operation of `tx_type`.
    pub fn holds(self, tx_type: TxType) -> bool {
        self == SlotKind::General || matches!(tx_type, TxType::Transfer | TxType::Noop)
    }

    /// The slot's width in the hashed slot data.
    pub fn bytes(self) -> usize {
        match self {
            SlotKind::Transfer => TRANSFER_SLOT_BYTES,
            SlotKind::General => SLOT_BYTES,
        }
    }
}

/// A batch's slots, fixed at set-up: `transfer_slots` transfer slots first, then general slots.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotLayout {
    /// Slots in all.
    pub slots: usize,
    /// Leading slots that hold only transfers (or Noop).
    pub transfer_slots: usize,
}

/// A layout that cannot hold every operation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a batch of {slots} slots with {transfer_slots} transfer slots has no general slot for other operations")]
pub struct LayoutError {
    slots: usize,
    transfer_slots: usize,
}

impl SlotLayout {
    /// `slots` slots, the first `transfer_slots` of them transfer slots; at least one slot must
    /// be general, so that every operation has a place.
    pub fn new(slots: usize, transfer_slots: usize) -> Result<Self, LayoutError> {
        if transfer_slots >= slots {
            return Err(LayoutError { slots, transfer_slots });
        }
        Ok(Self { slots, transfer_slots })
    }

    /// `slots` general slots.
    pub fn general(slots: usize) -> Self {
        Self { slots, transfer_slots: 0 }
    }

    /// The kind of slot `index`.
    pub fn kind(&self, index: usize) -> SlotKind {
        if index < self.transfer_slots {
            SlotKind::Transfer
        } else {
            SlotKind::General
        }
    }

    /// The slot an operation of `tx_type` takes when the first `used` slots are taken (filled
    /// or skipped): the next one if it can hold the operation, else the first general slot if
    /// that is still free; `None` when the batch has no room for it.
    pub fn place(&self, used: usize, tx_type: TxType) -> Option<usize> {
        let index = if self.kind(used).holds(tx_type) { used } else { used.max(self.transfer_slots) };
        (index < self.slots).then_some(index)
    }

    /// Bytes of the hashed slot data.
    pub fn slot_data_len(&self) -> usize {
        (0..self.slots).map(|i| self.kind(i).bytes()).sum()
    }
}

/// Most distinct fee tokens one batch may collect. The batch's fees are credited to the fee
/// account once per token, so the circuit has a few fee-credit entries instead of one per slot;
/// the sequencer seals a batch early rather than open a fifth fee token in it.
pub const MAX_FEE_TOKENS: usize = 4;

/// The token a fee charges, if it charges anything (a zero fee opens no fee token).
pub fn charged_token(fee: Option<FeeCharge>) -> Option<TokenId> {
    fee.filter(|charge| charge.amount != 0).map(|charge| charge.token)
}

/// The fee-token rule: a fee in a token fits a batch when the batch has already been charged in
/// that token, or in fewer than [`MAX_FEE_TOKENS`] tokens so far.
pub fn fee_token_fits(already_charged: bool, tokens_charged: usize) -> bool {
    already_charged || tokens_charged < MAX_FEE_TOKENS
}

/// The fee-credit entries of a batch of `slots` slots: one per possible fee token.
pub fn fee_credit_entries(slots: usize) -> usize {
    slots.min(MAX_FEE_TOKENS)
}

/// The slot data of compact pubdata: each operation zero-padded to its slot's width, the first
/// `transfer_slots` operations in transfer slots.
pub fn slot_data(pubdata: &[u8], transfer_slots: usize) -> Result<Vec<u8>, crate::pubdata::PubdataError> {
    let ops = PubdataOp::decode_all(pubdata)?;
    let layout = SlotLayout { slots: ops.len(), transfer_slots };
    let mut out = Vec::with_capacity(layout.slot_data_len());
    for (index, op) in ops.iter().enumerate() {
        let kind = layout.kind(index);
        if !kind.holds(op.tx_type()) {
            return Err(crate::pubdata::PubdataError::NotATransferSlot(index));
        }
        let start = out.len();
        op.encode_into(&mut out);
        out.resize(start + kind.bytes(), 0);
    }
    Ok(out)
}

/// The distinct tokens that `slots` charge fees in, in the order they were first charged: the
/// batch's fee-credit entries.
pub fn fee_tokens(slots: &[TxWitness]) -> Vec<TokenId> {
    let mut tokens = Vec::new();
    for token in slots.iter().filter_map(|slot| charged_token(slot.fee)) {
        if !tokens.contains(&token) {
            tokens.push(token);
        }
    }
    tokens
}

/// Inputs of the batch commitment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommitmentInputs {
    /// Batch number (1 for the first batch after genesis).
    pub batch_number: u64,
    /// State root before the batch.
    pub old_root: Fr,
    /// State root after the batch.
    pub new_root: Fr,
    /// Deposits consumed from L1's priority queue.
    pub priority_ops: u32,
    /// SHA-256 of the batch's slot data.
    pub slot_data_hash: [u8; 32],
}

/// Big-endian 32 bytes of a field element (the EVM's word order).
pub fn fr_to_be_bytes(value: &Fr) -> [u8; 32] {
    let mut bytes = [0u8; 32];
    bytes.copy_from_slice(&value.into_bigint().to_bytes_be());
    bytes
}

impl CommitmentInputs {
    /// The 108 bytes that are hashed.
    pub fn preimage(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(108);
        bytes.extend_from_slice(&self.batch_number.to_be_bytes());
        bytes.extend_from_slice(&fr_to_be_bytes(&self.old_root));
        bytes.extend_from_slice(&fr_to_be_bytes(&self.new_root));
        bytes.extend_from_slice(&self.priority_ops.to_be_bytes());
        bytes.extend_from_slice(&self.slot_data_hash);
        bytes
    }

    /// The public input.
    pub fn commitment(&self) -> Fr {
        let mut digest: [u8; 32] = Sha256::digest(self.preimage()).into();
        digest[0] &= 0x1f;
        Fr::from_be_bytes_mod_order(&digest)
    }
}

/// A sealed batch: every slot's witness, the fee credit, pubdata and the commitment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedBatch {
    /// Batch number.
    pub number: u64,
    /// Sub-roots before the first slot.
    pub roots_before: StateRoots,
    /// Sub-roots after the fee credit.
    pub roots_after: StateRoots,
    /// One witness per slot, Noop padding included.
    pub slots: Vec<TxWitness>,
    /// The fee account's credit of the batch's fees: one balance update per fee token, in the
    /// order the tokens were first charged, padded to [`fee_credit_entries`] with zero credits
    /// of token 0.
    pub fee_credit: AccountUpdate,
    /// Concatenated pubdata of every slot, padding included.
    #[serde(with = "hex_bytes")]
    pub pubdata: Vec<u8>,
    /// Deposits consumed.
    pub priority_ops: u32,
    /// The leading slots that are transfer slots ([`SlotLayout`]).
    #[serde(default)]
    pub transfer_slots: usize,
}

mod hex_bytes {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format!("0x{}", hex::encode(bytes)))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(deserializer)?;
        hex::decode(text.trim_start_matches("0x")).map_err(serde::de::Error::custom)
    }
}

impl SealedBatch {
    /// The commitment's inputs.
    pub fn commitment_inputs(&self) -> CommitmentInputs {
        CommitmentInputs {
            batch_number: self.number,
            old_root: self.roots_before.state_root(),
            new_root: self.roots_after.state_root(),
            priority_ops: self.priority_ops,
            slot_data_hash: Sha256::digest(
                slot_data(&self.pubdata, self.transfer_slots).expect("sealed pubdata fits its layout"),
            )
            .into(),
        }
    }

    /// The public input of the batch's proof.
    pub fn commitment(&self) -> Fr {
        self.commitment_inputs().commitment()
    }

    /// The batch's slot layout.
    pub fn layout(&self) -> SlotLayout {
        SlotLayout { slots: self.slots.len(), transfer_slots: self.transfer_slots }
    }
}

/// A batch being filled: the applied transactions so far.
#[derive(Clone, Debug)]
pub struct BatchBuilder {
    number: u64,
    layout: SlotLayout,
    roots_before: StateRoots,
    slots: Vec<TxWitness>,
    pubdata: Vec<u8>,
    priority_ops: u32,
}

impl BatchBuilder {
    /// Starts batch `number` of `capacity` general slots on the current state.
    pub fn new(number: u64, capacity: usize, state: &State) -> Self {
        Self::with_layout(number, SlotLayout::general(capacity), state)
    }

    /// Starts batch `number` with `layout` on the current state.
    pub fn with_layout(number: u64, layout: SlotLayout, state: &State) -> Self {
        assert!(layout.slots > 0, "a batch needs at least one slot");
        Self { number, layout, roots_before: state.roots(), slots: Vec::new(), pubdata: Vec::new(), priority_ops: 0 }
    }

    /// Whether an operation of `tx_type` still has a slot in this batch.
    pub fn fits(&self, tx_type: TxType) -> bool {
        self.layout.place(self.slots.len(), tx_type).is_some()
    }

    /// Slots taken so far (transactions and the Noop padding between them).
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// True before the first transaction.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// True when every slot is used.
    pub fn is_full(&self) -> bool {
        self.slots.len() == self.layout.slots
    }

    /// Whether a transaction charging `fee` fits this batch's fee tokens: it pays no fee, pays
    /// in a token already charged, or fewer than [`MAX_FEE_TOKENS`] tokens are charged yet.
    pub fn takes_fee(&self, fee: Option<FeeCharge>) -> bool {
        charged_token(fee).is_none_or(|token| {
            let tokens = fee_tokens(&self.slots);
            fee_token_fits(tokens.contains(&token), tokens.len())
        })
    }

    /// The batch's number.
    pub fn number(&self) -> u64 {
        self.number
    }

    /// Records an applied transaction (applied to the state this batch started on, in order)
    /// in its slot ([`SlotLayout::place`]), padding the transfer slots it skips with Noop.
    ///
    /// # Panics
    /// When the batch has no slot for it ([`Self::fits`]), the transaction's fee would open
    /// one fee token too many (callers check [`Self::takes_fee`] before applying it), or it
    /// expired before this batch ([`crate::transition::check_expiry`], checked by callers).
    pub fn push(&mut self, applied: AppliedTx) {
        let tx_type = applied.witness.tx.tx_type();
        if let Err(error) = crate::transition::check_expiry(&applied.witness.tx, self.number) {
            panic!("batch {}: {error}", self.number);
        }
        let index = self.layout.place(self.slots.len(), tx_type);
        let index = index.unwrap_or_else(|| panic!("batch {} has no slot for a {tx_type:?}", self.number));
        assert!(self.takes_fee(applied.witness.fee), "batch {} already has {MAX_FEE_TOKENS} fee tokens", self.number);
        while self.slots.len() < index {
            self.push_noop();
        }
        if matches!(applied.witness.tx, Tx::Deposit(_)) {
            self.priority_ops += 1;
        }
        applied.pubdata.encode_into(&mut self.pubdata);
        self.slots.push(applied.witness);
    }

    /// A Noop in the next slot. Noop changes no state, so its witness is the same from any
    /// state: the roots are the batch's current ones.
    fn push_noop(&mut self) {
        let roots = self.slots.last().map_or(self.roots_before, |slot| slot.roots_after);
        let noop = TxWitness::noop(roots);
        PubdataOp::Noop.encode_into(&mut self.pubdata);
        self.slots.push(noop);
    }

    /// Pads the free slots with Noop, credits the batch's fees and seals.
    pub fn seal(mut self, state: &mut State) -> SealedBatch {
        while !self.is_full() {
            self.push_noop();
        }
        let mut charges: Vec<(TokenId, u128)> = fee_tokens(&self.slots).into_iter().map(|token| (token, 0)).collect();
        for charge in self.slots.iter().filter_map(|slot| slot.fee) {
            if let Some(entry) = charges.iter_mut().find(|(token, _)| *token == charge.token) {
                entry.1 += charge.amount;
            }
        }
        charges.resize(fee_credit_entries(self.layout.slots), (0, 0));
        let fee_credit = state.credit_fees(&charges);
        SealedBatch {
            number: self.number,
            roots_before: self.roots_before,
            roots_after: state.roots(),
            slots: self.slots,
            fee_credit,
            pubdata: self.pubdata,
            priority_ops: self.priority_ops,
            transfer_slots: self.layout.transfer_slots,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pubdata::PubdataOp;
    use crate::test_utils::TestWorld;
    use crate::transition::check_account_updates;

    #[test]
    fn a_batch_collects_fees_in_at_most_four_tokens_credited_once_each() {
        use crate::state::{Ledger, LP_TOKEN_BASE};
        let mut world = TestWorld::new(3, 6);
        // Account 2 holds shares of both pools, so it can pay fees in five tokens.
        for pool in [0, 1] {
            let seed = world.add_liquidity(2, pool, 3_000_000_000, 12_000_000_000);
            world.state.apply(&seed).unwrap();
        }
        world.state.credit_pending_fees();
        let mut ledger = Ledger::from_state(&world.state);
        let mut builder = BatchBuilder::new(1, 8, &world.state);
        for (token, fee) in [(1, 5), (0, 7), (1, 6), (2, 3), (LP_TOKEN_BASE, 2)] {
            let tx = world.transfer(2, 1, token, 100, fee);
            assert!(!ledger.needs_new_batch_for_fee(&tx), "token {token}");
            ledger.apply(&tx).unwrap();
            builder.push(world.state.apply(&tx).unwrap());
        }
        let fifth_token = world.transfer(2, 1, LP_TOKEN_BASE + 1, 100, 1);
        assert!(ledger.needs_new_batch_for_fee(&fifth_token));
        assert!(!builder.takes_fee(world.state.clone().apply(&fifth_token).unwrap().witness.fee));
        assert!(!ledger.needs_new_batch_for_fee(&world.transfer(2, 1, 0, 100, 1)), "a charged token fits");
        assert!(!ledger.needs_new_batch_for_fee(&world.transfer(2, 1, LP_TOKEN_BASE + 1, 100, 0)), "so does no fee");

        let fee_account_before = world.state.account(0).unwrap().clone();
        let batch = builder.seal(&mut world.state);
        let credits: Vec<(TokenId, u128)> =
            batch.fee_credit.balances.iter().map(|b| (b.token, b.after - b.before)).collect();
        assert_eq!(credits, [(1, 11), (0, 7), (2, 3), (LP_TOKEN_BASE, 2)], "first-charged order, summed");
        for (token, fee) in [(1, 11), (0, 7), (2, 3), (LP_TOKEN_BASE, 2)] {
            assert_eq!(world.state.account(0).unwrap().balance(token), fee_account_before.balance(token) + fee);
        }
    }

    #[test]
    fn sealing_pads_credits_fees_and_commits() {
        let mut world = TestWorld::new(3, 6);
        let mut builder = BatchBuilder::new(1, 4, &world.state);
        let transfer = world.transfer(1, 2, 0, 1_000, 7);
        builder.push(world.state.apply(&transfer).unwrap());
        let deposit = world.deposit(&crate::babyjubjub::PrivateKey::from_bytes(b"new"), 1, 5);
        builder.push(world.state.apply(&deposit).unwrap());
        let batch = builder.seal(&mut world.state);

        assert_eq!(batch.slots.len(), 4);
        assert_eq!(batch.priority_ops, 1);
        assert_eq!(batch.roots_after, world.state.roots());
        let ops = PubdataOp::decode_all(&batch.pubdata).unwrap();
        assert_eq!(ops.len(), 4);
        assert_eq!(ops[2..], [PubdataOp::Noop, PubdataOp::Noop]);
        let credit = &batch.fee_credit;
        assert_eq!(credit.balances.len(), 4, "one entry per possible fee token");
        assert_eq!((credit.balances[0].token, credit.balances[1].token), (0, 0), "the fee's token, then padding");
        let last_slot_roots = batch.slots.last().unwrap().roots_after;
        check_account_updates(std::slice::from_ref(credit), last_slot_roots.accounts, batch.roots_after.accounts)
            .unwrap();
        assert_eq!(world.state.account(0).unwrap().balance(0), crate::test_utils::START_BALANCE + 7);

        let inputs = batch.commitment_inputs();
        assert_eq!(inputs.preimage().len(), 108);
        let slots = slot_data(&batch.pubdata, 0).unwrap();
        assert_eq!(slots.len(), 4 * SLOT_BYTES);
        assert_eq!(&slots[..13], &batch.pubdata[..13], "a transfer's bytes lead its slot");
        assert!(slots[13..SLOT_BYTES].iter().all(|b| *b == 0));
        let commitment = batch.commitment();
        assert!(commitment.into_bigint().num_bits() <= 253);
        let mut other = inputs;
        other.batch_number += 1;
        assert_ne!(other.commitment(), commitment);
        let json = serde_json::to_string(&batch).unwrap();
        assert_eq!(serde_json::from_str::<SealedBatch>(&json).unwrap(), batch);
    }

    #[test]
    fn transfer_slots_hold_transfers_and_other_operations_skip_to_the_general_slots() {
        assert!(SlotLayout::new(4, 4).is_err(), "no general slot");
        let layout = SlotLayout::new(5, 3).unwrap();
        assert_eq!(layout.slot_data_len(), 3 * TRANSFER_SLOT_BYTES + 2 * SLOT_BYTES);
        assert_eq!(layout.place(0, TxType::Transfer), Some(0));
        assert_eq!(layout.place(1, TxType::Swap), Some(3), "skips the transfer slots left");
        assert_eq!(layout.place(4, TxType::Transfer), Some(4), "transfers also fill general slots");
        assert_eq!(layout.place(4, TxType::Deposit), Some(4));
        assert_eq!(layout.place(5, TxType::Transfer), None, "full");
        assert_eq!(SlotLayout::general(2).place(0, TxType::Withdraw), Some(0));

        let mut world = TestWorld::new(3, 6);
        let noop = world.state.apply(&Tx::Noop).unwrap().witness;
        assert_eq!(TxWitness::noop(world.state.roots()), noop, "Noop's witness needs no state");
        let mut builder = BatchBuilder::with_layout(1, layout, &world.state);
        let transfer = world.transfer(1, 2, 0, 1_000, 7);
        builder.push(world.state.apply(&transfer).unwrap());
        let withdraw = world.withdraw(2, 0, 500, 1);
        assert!(builder.fits(TxType::Withdraw));
        builder.push(world.state.apply(&withdraw).unwrap());
        assert_eq!(builder.len(), 4, "the withdrawal took the first general slot");
        assert!(builder.fits(TxType::Transfer) && builder.fits(TxType::Swap));
        let batch = builder.seal(&mut world.state);
        let types: Vec<TxType> = batch.slots.iter().map(|slot| slot.tx.tx_type()).collect();
        use TxType::{Noop, Transfer, Withdraw};
        assert_eq!(types, [Transfer, Noop, Noop, Withdraw, Noop]);
        assert_eq!(batch.layout(), layout);
        for (slot, next) in batch.slots.iter().zip(&batch.slots[1..]) {
            assert_eq!(slot.roots_after, next.roots_before, "the padding threads the roots");
        }

        let data = slot_data(&batch.pubdata, 3).unwrap();
        assert_eq!(data.len(), layout.slot_data_len());
        assert_eq!(&data[..13], &batch.pubdata[..13], "a transfer fills its transfer slot");
        assert_eq!(&data[3 * TRANSFER_SLOT_BYTES..3 * TRANSFER_SLOT_BYTES + 40], &batch.pubdata[15..55]);
        assert_ne!(batch.commitment(), SealedBatch { transfer_slots: 0, ..batch.clone() }.commitment());
        assert_eq!(
            slot_data(&batch.pubdata, 4),
            Err(crate::pubdata::PubdataError::NotATransferSlot(3)),
            "a withdrawal in a transfer slot"
        );
    }

    #[test]
    fn slot_data_matches_the_l1_contract_test_vectors() {
        // contracts/test/TransferSlots.t.sol `mixed()`: [Transfer, Noop, Withdraw, Transfer],
        // hashed with 2 transfer slots and with none (MIXED_LAYERED_HASH, MIXED_FLAT_HASH).
        let mut bob = [0u8; 20];
        bob[18..].copy_from_slice(&[0x0b, 0x0b]);
        let ops = [
            PubdataOp::Transfer { from: 1000, to: 2000, token: 1, amount: 0x1234_5678, fee: 0x3a5 },
            PubdataOp::Noop,
            PubdataOp::Withdraw {
                account: 7,
                token: 1,
                amount: 10u128.pow(18),
                fee: 5,
                to: crate::state::L1Address(bob),
            },
            PubdataOp::Transfer { from: 3, to: 1, token: 1, amount: 123_456, fee: 77 },
        ];
        let pubdata: Vec<u8> = ops.iter().flat_map(PubdataOp::encode).collect();
        let hash = |transfer_slots| hex::encode(Sha256::digest(slot_data(&pubdata, transfer_slots).unwrap()));
        assert_eq!(hash(2), "490f5c56ca76fccae5c024fe4f186ecce690500004dd480ca70b88b2a9b12b6c");
        assert_eq!(hash(0), "9bef93945d7ce0f577aa703581728e0dbde9378fbd60b873969d43d941bead33");
    }
}
