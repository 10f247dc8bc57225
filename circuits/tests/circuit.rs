//! The batch circuit against the native state transition: a batch the native code accepts
//! satisfies the circuit, and changing any single witness value breaks it.

use ark_ff::Field;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystem};
use circuits::babyjubjub::{Point, PrivateKey};
use circuits::batch::{BatchBuilder, SealedBatch};
use circuits::circuit::{BatchCircuit, CircuitParams};
use circuits::field::Fr;
use circuits::test_utils::{TestWorld, CHAIN_ID};
use circuits::tx::{Tx, TxType};

const DEPTH: u32 = 4;

fn params(slots: usize) -> CircuitParams {
    CircuitParams { slots, account_depth: DEPTH, chain_id: CHAIN_ID, fee_account: 0 }
}

/// A batch with every supported type: a deposit creating an account, a transfer, a
/// withdrawal, a deposit to an existing account, a swap (and Noop padding when there is room).
fn mixed_batch(slots: usize) -> SealedBatch {
    let mut world = TestWorld::new(3, DEPTH);
    // Liquidity from an earlier batch, so the swap has a pool to trade with.
    let add = world.add_liquidity(2, 0, 10_000_000_000, 20_000_000_000);
    world.state.apply(&add).expect("liquidity");
    world.state.credit_pending_fees();
    let mut builder = BatchBuilder::new(1, slots, &world.state);
    let txs = [
        world.deposit(&PrivateKey::from_bytes(b"newcomer"), 1, 5_000),
        world.transfer(1, 2, 0, 1_230_000, 40),
        world.withdraw(2, 1, 777, 3),
        world.deposit(&circuits::test_utils::test_key(1), 2, 9),
        world.swap(0, 0, false, 3_000_000, 1_000),
    ];
    for tx in txs.into_iter().take(slots) {
        let tx: Tx = tx;
        builder.push(world.state.apply(&tx).expect("valid"));
    }
    builder.seal(&mut world.state)
}

fn satisfied(circuit: BatchCircuit) -> bool {
    let cs = ConstraintSystem::<Fr>::new_ref();
    circuit.generate_constraints(cs.clone()).expect("synthesis");
    cs.is_satisfied().expect("satisfiability check")
}

#[test]
fn native_batches_satisfy_the_circuit() {
    for slots in [2, 5, 6] {
        let batch = mixed_batch(slots);
        let circuit = BatchCircuit::from_sealed(params(slots), &batch).expect("supported");
        let cs = ConstraintSystem::<Fr>::new_ref();
        circuit.generate_constraints(cs.clone()).unwrap();
        if let Ok(Some(unsatisfied)) = cs.which_is_unsatisfied() {
            panic!("{slots} slots: unsatisfied at {unsatisfied}");
        }
        println!("{slots} slots: {} constraints", cs.num_constraints());
    }
}

#[test]
fn a_blank_batch_has_the_same_shape() {
    let cs_blank = ConstraintSystem::<Fr>::new_ref();
    cs_blank.set_mode(ark_relations::gr1cs::SynthesisMode::Setup);
    BatchCircuit::blank(params(2)).generate_constraints(cs_blank.clone()).unwrap();
    let cs_real = ConstraintSystem::<Fr>::new_ref();
    BatchCircuit::from_sealed(params(2), &mixed_batch(2)).unwrap().generate_constraints(cs_real.clone()).unwrap();
    assert_eq!(cs_blank.num_constraints(), cs_real.num_constraints());
    assert_eq!(cs_blank.num_witness_variables(), cs_real.num_witness_variables());
}

#[test]
fn liquidity_operations_are_refused_until_the_circuit_supports_them() {
    let mut world = TestWorld::new(3, DEPTH);
    let add = world.add_liquidity(1, 0, 1_000_000, 2_000_000);
    let mut builder = BatchBuilder::new(1, 2, &world.state);
    builder.push(world.state.apply(&add).unwrap());
    let batch = builder.seal(&mut world.state);
    assert!(BatchCircuit::from_sealed(params(2), &batch).is_err());
}

/// One tamper: a name and a change to the circuit's witness.
type Tamper = (&'static str, fn(&mut BatchCircuit));

const ONE: Fr = Fr::ONE;

fn tampers() -> Vec<Tamper> {
    // Slot 0: deposit creating account 3; slot 1: transfer 1 -> 2; slot 2: withdraw from 2;
    // slot 3: deposit to account 1; slot 4: swap of token 1 for token 0 by account 0.
    vec![
        ("public input", |c| c.commitment += ONE),
        ("batch number", |c| c.values.number += 1),
        ("old account root", |c| c.values.account_root += ONE),
        ("account count", |c| c.values.account_count += 1),
        ("transfer R8", |c| c.values.slots[1].r8 = c.values.slots[1].r8.add(&Point::base8())),
        ("transfer S", |c| c.values.slots[1].s += circuits::babyjubjub::Scalar::ONE),
        ("withdraw S", |c| c.values.slots[2].s += circuits::babyjubjub::Scalar::ONE),
        ("sender key", |c| c.values.slots[1].account_a.public_key = Point::base8()),
        ("sender nonce", |c| c.values.slots[1].account_a.nonce += 1),
        ("transfer amount", |c| c.values.slots[1].amount += 1),
        ("transfer amount code", |c| c.values.slots[1].amount_code += 32),
        ("transfer fee code", |c| c.values.slots[1].fee_code += 32),
        ("transfer token", |c| c.values.slots[1].token = 2),
        ("transfer recipient", |c| c.values.slots[1].account_b.id = 0),
        ("sender balance before", |c| c.values.slots[1].account_a.balance.before += 1),
        ("sender balance after", |c| c.values.slots[1].account_a.balance.after += 1),
        ("recipient balance after", |c| c.values.slots[1].account_b.balance.after += 1),
        ("sender account sibling", |c| c.values.slots[1].account_a.path.siblings[1] += ONE),
        ("sender balance sibling", |c| c.values.slots[1].account_a.balance.path.siblings[3] += ONE),
        ("recipient account sibling", |c| c.values.slots[1].account_b.path.siblings[0] += ONE),
        ("transfer as withdrawal", |c| c.values.slots[1].tx_type = TxType::Withdraw),
        ("withdraw recipient", |c| c.values.slots[2].l1_address.0[19] ^= 1),
        ("withdraw amount", |c| c.values.slots[2].amount -= 1),
        ("withdraw as noop", |c| c.values.slots[2].tx_type = TxType::Noop),
        ("deposit amount", |c| c.values.slots[0].amount += 1),
        ("deposit key", |c| c.values.slots[0].deposit_key = Point::base8()),
        ("deposit account id", |c| c.values.slots[0].account_a.id = 4),
        ("deposit not created", |c| c.values.slots[0].account_a.created = false),
        ("deposit to existing key marked created", |c| c.values.slots[3].account_a.created = true),
        ("deposit owner", |c| c.values.slots[0].account_a.l1_address.0[0] ^= 1),
        ("deposit as noop", |c| c.values.slots[0].tx_type = TxType::Noop),
        ("fee credit amount", |c| c.values.fee_credit.balances[1].after += 1),
        ("swap output balance", |c| c.values.slots[4].account_a.balance2.after += 1),
        ("swap input balance", |c| c.values.slots[4].account_a.balance.after -= 1),
        ("swap amount in", |c| c.values.slots[4].amount += 1),
        ("swap direction", |c| c.values.slots[4].a_to_b = true),
        ("swap minimum out", |c| c.values.slots[4].min_amount_out += 1),
        ("swap minimum above the output", |c| c.values.slots[4].min_amount_out = u128::MAX >> 20),
        ("pool reserve", |c| c.values.slots[4].pool.before.reserve_a += 1),
        ("pool LP supply", |c| c.values.slots[4].pool.before.lp_supply += 1),
        ("pool fee", |c| c.values.slots[4].pool.before.fee_bps = 0),
        ("pool id", |c| c.values.slots[4].pool.id = 1),
        ("pool sibling", |c| c.values.slots[4].pool.path.siblings[0] += ONE),
        ("swap output token", |c| c.values.slots[4].account_a.balance2.token = 2),
        ("swap as transfer", |c| c.values.slots[4].tx_type = TxType::Transfer),
        ("old pool root", |c| c.values.pool_root += ONE),
        ("fee credit sibling", |c| c.values.fee_credit.path.siblings[2] += ONE),
        ("fee account balance root", |c| c.values.fee_credit.leaf.balance_root += ONE),
    ]
}

#[test]
fn changing_any_single_witness_value_breaks_the_proof() {
    let batch = mixed_batch(5);
    let honest = BatchCircuit::from_sealed(params(5), &batch).unwrap();
    assert!(satisfied(honest.clone()));
    let mut failures = Vec::new();
    for (name, tamper) in tampers() {
        let mut circuit = honest.clone();
        tamper(&mut circuit);
        if satisfied(circuit) {
            failures.push(name);
        }
    }
    assert!(failures.is_empty(), "tampered witnesses still satisfy the circuit: {failures:?}");
}

#[test]
fn noop_slots_cannot_change_the_state() {
    let batch = mixed_batch(2);
    let mut circuit = BatchCircuit::from_sealed(params(4), &{
        let mut world = TestWorld::new(3, DEPTH);
        let builder = BatchBuilder::new(1, 4, &world.state);
        builder.seal(&mut world.state)
    })
    .unwrap();
    assert!(satisfied(circuit.clone()));
    // Claim a transfer's effects while flagged Noop: the roots no longer chain.
    let transfer_slot = BatchCircuit::from_sealed(params(2), &batch).unwrap().values.slots[1].clone();
    circuit.values.slots[0] = circuits::circuit::witness::SlotValues { tx_type: TxType::Noop, ..transfer_slot };
    assert!(!satisfied(circuit));
}
