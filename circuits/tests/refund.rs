//! Deposits that L2 cannot credit are refunded inside the batch, and the circuit proves why: an
//! honest refund of each reason satisfies it, and a refund the rules do not justify (a usable
//! key, a registered token, a tree with room) or a credit of a token L2 does not know fails.

use ark_ff::{AdditiveGroup, Field};
use circuits::batch::{BatchBuilder, SealedBatch};
use circuits::circuit::witness::SlotValues;
use circuits::circuit::{BatchCircuit, CircuitParams};
use circuits::field::{fr_to_le_bytes, Fr};
use circuits::key_defect::{KeyDefect, PackedKey};
use circuits::merkle::SparseMerkleTree;
use circuits::pubdata::{PubdataOp, RefundReason};
use circuits::state::TOKEN_DEPTH;
use circuits::test_utils::{test_key, TestWorld, CHAIN_ID};
use circuits::transition::Receipt;
use circuits::tx::{Tx, TxType};

/// Depth 2: four accounts fill the tree.
const DEPTH: u32 = 2;
const UNREGISTERED: u16 = 77;

fn params(slots: usize) -> CircuitParams {
    CircuitParams { slots, account_depth: DEPTH, chain_id: CHAIN_ID, fee_account: 0, transfer_slots: 0 }
}

/// One unusable key of each defect.
fn unusable_keys() -> Vec<PackedKey> {
    let y = |v: u64| fr_to_le_bytes(&Fr::from(v));
    let first = |case: usize| (2u64..).map(y).find(|k| KeyDefect::of(k).is_some_and(|d| d.case() == case)).unwrap();
    let keys =
        vec![PackedKey([0xff; 32]), PackedKey(fr_to_le_bytes(&Fr::ONE)), PackedKey(first(2)), PackedKey(first(3))];
    let cases: Vec<usize> = keys.iter().map(|k| k.defect().expect("unusable").case()).collect();
    assert_eq!(cases, [0, 1, 2, 3]);
    keys
}

/// Applies each deposit, checking its receipt, and seals them into one batch.
fn batch_of(world: &mut TestWorld, deposits: &[(Tx, Option<RefundReason>)]) -> SealedBatch {
    let mut builder = BatchBuilder::new(1, deposits.len(), &world.state);
    for (tx, expected) in deposits {
        let applied = world.state.apply(tx).expect("a deposit is always consumed");
        match (expected, &applied.receipt) {
            (Some(reason), Receipt::DepositRefund { reason: got }) => assert_eq!(reason, got),
            (None, Receipt::Deposit { .. }) => {}
            (expected, receipt) => panic!("expected {expected:?}, got {receipt:?}"),
        }
        builder.push(applied);
    }
    builder.seal(&mut world.state)
}

/// A full tree (4 accounts at depth 2) and one deposit per refund reason, plus a credit.
fn refund_batch() -> (TestWorld, SealedBatch) {
    let mut world = TestWorld::new(4, DEPTH);
    let mut deposits: Vec<(Tx, Option<RefundReason>)> = unusable_keys()
        .into_iter()
        .map(|k| (world.deposit_to_packed(k, 0, 5), Some(RefundReason::InvalidKey)))
        .collect();
    deposits.push((world.deposit(&test_key(1), UNREGISTERED, 6), Some(RefundReason::UnknownToken)));
    deposits.push((world.deposit(&test_key(9), 1, 7), Some(RefundReason::AccountTreeFull)));
    deposits.push((world.deposit(&test_key(2), 1, 8), None));
    let batch = batch_of(&mut world, &deposits);
    (world, batch)
}

#[test]
fn every_refund_reason_is_proven_and_published() {
    let (_, batch) = refund_batch();
    assert_eq!(batch.priority_ops, 7, "refunds consume their priority operations too");
    let ops = PubdataOp::decode_all(&batch.pubdata).unwrap();
    let reasons: Vec<Option<RefundReason>> = ops
        .iter()
        .map(|op| match op {
            PubdataOp::DepositRefund { reason, .. } => Some(*reason),
            _ => None,
        })
        .collect();
    use RefundReason::*;
    assert_eq!(
        reasons,
        [
            Some(InvalidKey),
            Some(InvalidKey),
            Some(InvalidKey),
            Some(InvalidKey),
            Some(UnknownToken),
            Some(AccountTreeFull),
            None
        ]
    );
    let circuit = BatchCircuit::from_sealed(params(7), &batch).unwrap();
    assert_eq!(circuit.values.slots[0].tx_type, TxType::DepositRefund);
    assert!(circuit.first_slot_satisfied());
    let unsatisfied = circuits::circuit::first_unsatisfied(|cs| {
        ark_relations::gr1cs::ConstraintSynthesizer::generate_constraints(circuit, cs.clone()).unwrap()
    });
    assert_eq!(unsatisfied, None);
}

/// Turns a deposit's slot into a refund for `reason`, consistently: nothing is credited or
/// created (the slot's outcome is left free).
fn as_refund(values: &mut SlotValues, reason: RefundReason) {
    values.tx_type = TxType::DepositRefund;
    values.refund = Some(reason);
    values.account_a.created = false;
    values.account_a.balance.after = values.account_a.balance.before;
}

/// A slot of `refund_batch`, turned into a refund for `reason`.
fn refund_slot_holds(slot: usize, reason: RefundReason) -> bool {
    let (_, batch) = refund_batch();
    let mut circuit = BatchCircuit::from_sealed(params(7), &batch).unwrap();
    circuit.values.slots.swap(0, slot);
    as_refund(&mut circuit.values.slots[0], reason);
    circuit.first_slot_satisfied()
}

#[test]
fn no_refund_without_its_reason() {
    // Slot 6 credits a usable key, of a registered token, to an existing account.
    for reason in [RefundReason::InvalidKey, RefundReason::UnknownToken] {
        assert!(!refund_slot_holds(6, reason), "a creditable deposit refunded as {reason:?}");
    }
    // The documented limit (circuit/refund.rs): with the tree full, the circuit does not prove
    // that the key has no account, so the operator may refund a deposit to an existing one.
    assert!(refund_slot_holds(6, RefundReason::AccountTreeFull));
    // Each honest refund holds only for its own reason.
    assert!(refund_slot_holds(4, RefundReason::UnknownToken) && !refund_slot_holds(4, RefundReason::InvalidKey));
    assert!(!refund_slot_holds(0, RefundReason::UnknownToken));
    // With a free leaf, the tree is not full.
    let mut world = TestWorld::new(3, DEPTH);
    let deposit = world.deposit(&test_key(9), 1, 7);
    let batch = batch_of(&mut world, &[(deposit, None)]);
    let mut circuit = BatchCircuit::from_sealed(params(1), &batch).unwrap();
    assert!(circuit.first_slot_satisfied());
    as_refund(&mut circuit.values.slots[0], RefundReason::AccountTreeFull);
    assert!(!circuit.first_slot_satisfied(), "a tree with a free leaf is not full");
}

#[test]
fn a_credit_needs_a_registered_token() {
    // The honest credit of token 1, with the registry swapped for one that lacks token 1 (its
    // path and root): a prover crediting a token L2 does not know.
    let (world, batch) = refund_batch();
    let mut circuit = BatchCircuit::from_sealed(params(7), &batch).unwrap();
    circuit.values.slots.swap(0, 6);
    assert!(circuit.first_slot_satisfied());
    let mut registry = SparseMerkleTree::new(TOKEN_DEPTH);
    for id in [0u16, 2] {
        registry.update(u64::from(id), world.state.token_proof(id).leaf).unwrap();
    }
    circuit.values.token_root = registry.root();
    let slot = &mut circuit.values.slots[0];
    (slot.token_leaf, slot.token_path) = (Fr::ZERO, registry.proof(1).unwrap());
    assert!(!circuit.first_slot_satisfied(), "a deposit of an unregistered token is credited");
    // Control: the same registry with token 1 in it holds.
    registry.update(1, world.state.token_proof(1).leaf).unwrap();
    circuit.values.token_root = registry.root();
    let slot = &mut circuit.values.slots[0];
    (slot.token_leaf, slot.token_path) = (world.state.token_proof(1).leaf, registry.proof(1).unwrap());
    assert!(circuit.first_slot_satisfied());
}
