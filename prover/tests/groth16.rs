//! A real Groth16 proof of a small batch holding every transaction type (a deposit, a
//! transfer, a withdrawal, a swap, added and removed liquidity, and Noop padding): it verifies
//! for its commitment and for no other; keys survive a round trip through a file, and a
//! corrupted key file is refused. The same for a batch with transfer slots.

use ark_ff::Field;
use circuits::batch::SealedBatch;
use circuits::circuit::CircuitParams;
use circuits::field::Fr;
use circuits::test_utils::CHAIN_ID;
use prover::Keys;

const PARAMS: CircuitParams =
    CircuitParams { slots: 7, account_depth: 4, chain_id: CHAIN_ID, fee_account: 0, transfer_slots: 0 };

/// A deposit, a transfer, a withdrawal, a swap, added and removed liquidity, and a Noop.
fn batch() -> SealedBatch {
    circuits::test_utils::mixed_batch(PARAMS.slots, 6, PARAMS.account_depth)
}

#[test]
fn prove_verify_and_key_files() {
    let keys = Keys::insecure_dev_setup(PARAMS, 42).expect("set-up");
    let batch = batch();
    let proof = keys.prove(&batch).expect("proof");
    let commitment = batch.commitment();
    assert!(keys.verify(commitment, &proof), "the proof verifies for its commitment");
    assert!(!keys.verify(commitment + Fr::ONE, &proof), "and for no other public input");

    let dir = std::env::temp_dir().join(format!("prover-keys-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("batch-7x4.keys");
    keys.save(&path).unwrap();
    let loaded = Keys::load(&path, PARAMS).expect("load");
    assert!(loaded.verify(commitment, &proof));
    let other = CircuitParams { slots: 8, ..PARAMS };
    assert!(Keys::load(&path, other).is_err(), "keys for another shape are refused");
    let mut bytes = std::fs::read(&path).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&path, bytes).unwrap();
    assert!(Keys::load(&path, PARAMS).is_err(), "a corrupted key file is refused");
    std::fs::remove_dir_all(dir).unwrap();

    let json = prover::vk_json::verifying_key_json(keys.verifying_key());
    assert_eq!(json["ic"].as_array().unwrap().len(), 2, "one public input");
    assert_eq!(prover::vk_json::proof_words(&proof).len(), 8);
}

/// Transfer slots (SlotLayout): two transfer slots, then two general ones. A transfer, a
/// withdrawal that skips the second transfer slot, and a transfer in the last general slot.
#[test]
fn a_batch_with_transfer_slots_proves_and_verifies() {
    use circuits::batch::{BatchBuilder, SlotLayout};
    let params = CircuitParams { slots: 4, transfer_slots: 2, ..PARAMS };
    let mut world = circuits::test_utils::TestWorld::new(3, params.account_depth);
    let mut builder = BatchBuilder::with_layout(1, SlotLayout::new(4, 2).unwrap(), &world.state);
    let makers: [fn(&circuits::test_utils::TestWorld) -> circuits::tx::Tx; 3] =
        [|w| w.transfer(1, 2, 0, 1_230_000, 40), |w| w.withdraw(2, 1, 777, 3), |w| w.transfer(2, 1, 0, 5_000, 1)];
    for make in makers {
        let tx = make(&world);
        builder.push(world.state.apply(&tx).expect("valid"));
    }
    let batch = builder.seal(&mut world.state);

    let keys = Keys::insecure_dev_setup(params, 7).expect("set-up");
    let proof = keys.prove(&batch).expect("proof");
    assert!(keys.verify(batch.commitment(), &proof), "the proof verifies for its commitment");
    assert!(!keys.verify(batch.commitment() + Fr::ONE, &proof), "and for no other public input");
}
