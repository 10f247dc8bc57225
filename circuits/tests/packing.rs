//! Re-split witnesses: two parts of one packed element changed together, the element (and so
//! every hash over it) unchanged. Single-value tampers cannot find a missing range check on a
//! packed part; these tests can. The generic test comes from the packing registry, so a new
//! layout is tested with no new code; the two attacks an audit confirmed are written out whole.

use ark_ff::Field;
use ark_relations::gr1cs::ConstraintSynthesizer;
use circuits::batch::BatchBuilder;
use circuits::circuit::{BatchCircuit, CircuitParams};
use circuits::field::Fr;
use circuits::genesis::GenesisPool;
use circuits::packing::probe::{self, Outcome, Resplit};
use circuits::packing::{FieldRef, ACCOUNT_WORD, LAYOUTS, POOL_HEADER, SIGNING_HEADER};
use circuits::test_utils::{apply_unchecked, mixed_batch, test_genesis, TestWorld, CHAIN_ID};
use circuits::tx::{Tx, TxType};
use rayon::prelude::*;

const DEPTH: u32 = 4;

fn params(slots: usize) -> CircuitParams {
    CircuitParams { slots, account_depth: DEPTH, chain_id: CHAIN_ID, fee_account: 0, transfer_slots: 0 }
}

fn run_batch(circuit: &BatchCircuit, resplit: Option<Resplit>, unchecked: &[FieldRef]) -> Outcome {
    probe::run(resplit, unchecked, |cs| circuit.clone().generate_constraints(cs.clone()).expect("synthesis"))
}

/// Parts that no witness can re-split, and why: the type tag is a sum of one-hot type flags
/// times the type numbers, and the chain id is a constant of the circuit.
fn fixed_by_construction() -> [FieldRef; 2] {
    [SIGNING_HEADER.field("type"), SIGNING_HEADER.field("chain_id")]
}

#[test]
fn every_resplit_of_every_packed_layout_breaks_a_range_check() {
    // Every type in general slots: a deposit, a transfer, a withdrawal, a swap, two added
    // liquidities (one first), a removal and a second deposit.
    let honest = BatchCircuit::from_sealed(params(8), &mixed_batch(8, 8, DEPTH)).expect("supported");
    let clean = run_batch(&honest, None, &[]);
    assert_eq!((clean.unsatisfied, clean.violated), (None, vec![]), "the honest batch holds");

    let mut cases = Vec::new();
    for layout in LAYOUTS {
        for high in 1..layout.fields.len() {
            for low in 0..high {
                cases.push(Resplit::raise_low(layout, low, high));
                cases.push(Resplit::raise_high(layout, low, high));
            }
        }
    }
    let outcomes: Vec<(Resplit, Outcome)> =
        cases.into_par_iter().map(|resplit| (resplit, run_batch(&honest, Some(resplit), &[]))).collect();

    let fixed = fixed_by_construction();
    let mut tested = Vec::new();
    let mut failures = Vec::new();
    for (resplit, outcome) in outcomes {
        let (low, high) = (
            FieldRef { layout: resplit.layout, index: resplit.low },
            FieldRef { layout: resplit.layout, index: resplit.high },
        );
        if !outcome.touched.contains(&low) || !outcome.touched.contains(&high) {
            // The probe found no witness for one of the parts: it must be one fixed by
            // construction, and then nothing was changed at all.
            assert!(fixed.contains(&low) || fixed.contains(&high), "{low} or {high} has no witness part to re-split");
            continue;
        }
        // The part that absorbs the change leaves its range: its check must fail.
        let broken = if resplit.low_delta == Fr::ONE { high } else { low };
        let named = outcome.unsatisfied.clone().unwrap_or_default();
        println!("{low} ↔ {high}: first unsatisfied: {named}");
        if outcome.unsatisfied.is_none() || !outcome.violated.contains(&broken) {
            failures.push(format!("{low} ↔ {high}: {:?}, violated {:?}", outcome.unsatisfied, outcome.violated));
        }
        tested.push(resplit.layout.name);
    }
    assert!(failures.is_empty(), "re-split witnesses that no range check refuses: {failures:#?}");
    for layout in LAYOUTS {
        assert!(tested.contains(&layout.name), "{} was never re-split", layout.name);
    }
}

#[test]
fn a_replayed_signature_with_a_resplit_account_word_is_refused() {
    // Account 1 signs a transfer at nonce 0; it lands. Then it signs the same transfer at
    // nonce 1. The attacker replays the first signature in a batch that claims nonce 0 for the
    // leaf, moving 2^32·(1 − 0) into the address part (+2^-32): the leaf hash is unchanged.
    let mut world = TestWorld::new(3, DEPTH);
    let first = world.transfer(1, 2, 0, 1_230_000, 40);
    let mut builder = BatchBuilder::new(1, 2, &world.state);
    builder.push(world.state.apply(&first).expect("valid"));
    builder.seal(&mut world.state);
    let replayed_signature = first.signed_header().expect("signed").signature.decode().expect("valid signature");
    let second = world.transfer(1, 2, 0, 1_230_000, 40);
    let mut builder = BatchBuilder::new(2, 2, &world.state);
    builder.push(world.state.apply(&second).expect("valid"));
    let batch = builder.seal(&mut world.state);

    let mut attack = BatchCircuit::from_sealed(params(2), &batch).expect("supported");
    assert_eq!(attack.values.slots[0].tx_type, TxType::Transfer);
    (attack.values.slots[0].r8, attack.values.slots[0].s) = (replayed_signature.r8(), replayed_signature.s());
    let resplit = Resplit { occurrence: Some(0), ..Resplit::raise_low(&ACCOUNT_WORD, 0, 1) };
    let resplit = Resplit { low_delta: -Fr::ONE, ..resplit };

    // The honest batch's public input, the old signature: only the word's range checks stand
    // between this witness and a proof.
    let word_parts = [ACCOUNT_WORD.field("nonce"), ACCOUNT_WORD.field("l1_address")];
    let unchecked = run_batch(&attack, Some(resplit), &word_parts);
    assert_eq!(unchecked.unsatisfied, None, "without the range checks the replay proves");
    let checked = run_batch(&attack, Some(resplit), &[]);
    assert_eq!(checked.unsatisfied.as_deref(), Some("range check of account_word.l1_address"));
    // And without the re-split, the old signature does not verify.
    assert!(run_batch(&attack, None, &[]).unsatisfied.is_some());
}

/// A one-slot circuit of `tx` on `world` (outcome free, as
/// [`BatchCircuit::first_slot_satisfied`]).
fn slot_circuit(world: &TestWorld, tx: &Tx) -> BatchCircuit {
    let mut state = world.state.clone();
    apply_unchecked(&mut state, tx).expect("a witness").circuit(params(1)).expect("supported")
}

fn world_with_pool(token_b: u16) -> TestWorld {
    let mut genesis = test_genesis(3, DEPTH);
    genesis.pools[0] = GenesisPool { token_a: 0, token_b, fee_bps: 30 };
    let state = genesis.build().expect("a valid genesis");
    TestWorld { state, keys: (0..3).map(circuits::test_utils::test_key).collect() }
}

#[test]
fn a_pool_header_resplit_to_another_token_is_refused() {
    // Pool 0 is ETH/USDC (tokens 0 and 1, 30 bps). The attacker re-splits its header as tokens
    // 0 and 2 (DAI) with a fee of 30 − 2^-16: the header, and so the pool leaf, is unchanged.
    // Liquidity operations never read the fee, so the first provision can take DAI from the
    // provider while the pool books it as USDC (or, removing, pay DAI out of a USDC pool).
    let honest_world = world_with_pool(1);
    let dai_world = world_with_pool(2);
    let tx = honest_world.add_liquidity(1, 0, 3_000_000, 12_000_000);
    let honest = slot_circuit(&honest_world, &tx);
    assert!(honest.first_slot_satisfied(), "the honest provision holds");

    // The account's side as if the pool held DAI (same accounts, so the same account tree), the
    // pool's side from the real pool tree.
    let mut attack = slot_circuit(&dai_world, &tx);
    attack.values.pool_root = honest.values.pool_root;
    attack.values.slots[0].pool = honest.values.slots[0].pool.clone();
    assert_eq!(attack.values.account_root, honest.values.account_root);
    let resplit = Resplit::raise_low(&POOL_HEADER, 1, 2);

    let synthesize = |circuit: &BatchCircuit, unchecked: &[FieldRef]| {
        probe::run(Some(resplit), unchecked, |cs| circuit.synthesize_first_slot(cs))
    };
    let header_parts = [POOL_HEADER.field("token_b"), POOL_HEADER.field("fee_bps")];
    let unchecked = synthesize(&attack, &header_parts);
    assert_eq!(unchecked.unsatisfied, None, "without the range checks the provision pays in DAI");
    let checked = synthesize(&attack, &[]);
    assert_eq!(checked.unsatisfied.as_deref(), Some("range check of pool_header.fee_bps"));
    assert!(!attack.first_slot_satisfied(), "and without the re-split the pool leaf does not open");
}
