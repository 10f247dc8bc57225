//! The batch circuit against the native state transition: a batch the native code accepts
//! satisfies the circuit, and changing any single witness value breaks it.

use ark_ff::Field;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystem};
use circuits::babyjubjub::Point;
use circuits::batch::{BatchBuilder, SealedBatch, SlotLayout};
use circuits::circuit::witness::SlotValues;
use circuits::circuit::{first_unsatisfied, BatchCircuit, CircuitParams};
use circuits::field::Fr;
use circuits::test_utils::{TestWorld, CHAIN_ID, VALID_UNTIL};
use circuits::tx::TxType;

const DEPTH: u32 = 4;

fn params(slots: usize) -> CircuitParams {
    CircuitParams { slots, account_depth: DEPTH, chain_id: CHAIN_ID, fee_account: 0, transfer_slots: 0 }
}

fn mixed_batch(slots: usize) -> SealedBatch {
    circuits::test_utils::mixed_batch(slots, slots.min(8), DEPTH)
}

fn satisfied(circuit: BatchCircuit) -> bool {
    first_unsatisfied(|cs| circuit.generate_constraints(cs.clone()).expect("synthesis")).is_none()
}

#[test]
fn native_batches_satisfy_the_circuit() {
    for slots in [2, 5, 8, 9] {
        let batch = mixed_batch(slots);
        let circuit = BatchCircuit::from_sealed(params(slots), &batch).expect("supported");
        let mut constraints = 0;
        let unsatisfied = first_unsatisfied(|cs| {
            circuit.generate_constraints(cs.clone()).unwrap();
            constraints = cs.num_constraints();
        });
        assert_eq!(unsatisfied, None, "{slots} slots");
        println!("{slots} slots: {constraints} constraints");
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

/// One tamper: a name and a change to the circuit's witness.
type Tamper = (&'static str, fn(&mut BatchCircuit));

const ONE: Fr = Fr::ONE;

fn tampers() -> Vec<Tamper> {
    // Slot 0: deposit creating account 3; slot 1: transfer 1 -> 2; slot 2: withdraw from 2;
    // slot 3: swap of token 1 for token 0 by account 0; slot 4: account 1 adds to pool 0;
    // slot 5: account 2 removes some of its pool-0 shares; slot 6: deposit to account 1;
    // slot 7: account 2 adds the first liquidity of pool 1.
    vec![
        ("public input", |c| c.commitment += ONE),
        ("batch number", |c| c.values.number += 1),
        ("old account root", |c| c.values.account_root += ONE),
        ("account count", |c| c.values.account_count += 1),
        ("withdraw S", |c| c.values.slots[2].s += circuits::babyjubjub::Scalar::ONE),
        ("withdraw recipient", |c| c.values.slots[2].l1_address.0[19] ^= 1),
        ("withdraw amount", |c| c.values.slots[2].amount -= 1),
        ("withdraw as noop", |c| c.values.slots[2].tx_type = TxType::Noop),
        ("deposit amount", |c| c.values.slots[0].amount += 1),
        ("deposit key", |c| c.values.slots[0].deposit_key = Point::base8()),
        ("deposit account id", |c| c.values.slots[0].account_a.id = 4),
        ("deposit not created", |c| c.values.slots[0].account_a.created = false),
        ("deposit to existing key marked created", |c| c.values.slots[6].account_a.created = true),
        ("deposit owner", |c| c.values.slots[0].account_a.l1_address.0[0] ^= 1),
        ("deposit as noop", |c| c.values.slots[0].tx_type = TxType::Noop),
        ("fee credit amount", |c| c.values.fee_credit.balances[1].after += ONE),
        ("fee credit token", |c| c.values.fee_credit.balances[0].token = 2),
        ("fee credit entry marked unused", |c| c.values.fee_credit.used[0] = false),
        // Padding entries are zero credits of token 0: marked used, token 0's fees would have two
        // destinations.
        ("fee credit padding marked used", |c| {
            let last = c.values.fee_credit.used.len() - 1;
            c.values.fee_credit.used[last] = true
        }),
        ("swap output balance", |c| c.values.slots[3].account_a.balance2.after += ONE),
        ("swap input balance", |c| c.values.slots[3].account_a.balance.after -= ONE),
        ("swap amount in", |c| c.values.slots[3].amount += 1),
        ("swap direction", |c| c.values.slots[3].a_to_b = true),
        ("swap minimum out", |c| c.values.slots[3].min_amount_b += 1),
        ("swap minimum above the output", |c| c.values.slots[3].min_amount_b = u128::MAX >> 20),
        ("pool reserve", |c| c.values.slots[3].pool.before.reserve_a += 1),
        ("pool LP supply", |c| c.values.slots[3].pool.before.lp_supply += 1),
        ("pool fee", |c| c.values.slots[3].pool.before.fee_bps = 0),
        ("pool id", |c| c.values.slots[3].pool.id = 1),
        ("pool sibling", |c| c.values.slots[3].pool.path.siblings[0] += ONE),
        ("swap output token", |c| c.values.slots[3].account_a.balance2.token = 2),
        ("swap as transfer", |c| c.values.slots[3].tx_type = TxType::Transfer),
        ("old pool root", |c| c.values.pool_root += ONE),
        ("fee credit sibling", |c| c.values.fee_credit.path.siblings[2] += ONE),
        ("fee account balance root", |c| c.values.fee_credit.leaf.balance_root += ONE),
        ("add amount", |c| c.values.slots[4].amount += 1),
        ("add amount code", |c| c.values.slots[4].amount_code += 1),
        ("add bound code", |c| c.values.slots[4].max_amount_b_code -= 1),
        ("add minimum shares", |c| c.values.slots[4].min_lp += 1),
        ("add token_b paid", |c| c.values.slots[4].amount_b -= 1),
        ("add shares minted", |c| c.values.slots[4].lp_amount += 1),
        ("add LP balance", |c| c.values.slots[4].account_a.balance3.after += ONE),
        ("add LP token", |c| c.values.slots[4].account_a.balance3.token += 1),
        ("add LP sibling", |c| c.values.slots[4].account_a.balance3.path.siblings[0] += ONE),
        ("add fee code", |c| c.values.slots[4].fee_code -= 1),
        ("add as swap", |c| c.values.slots[4].tx_type = TxType::Swap),
        ("first add shares", |c| c.values.slots[7].lp_amount -= 1),
        ("first add pool supply", |c| c.values.slots[7].pool.before.lp_supply = 1),
        ("remove shares", |c| c.values.slots[5].lp_amount -= 1),
        ("remove token_a paid out", |c| c.values.slots[5].amount += 1),
        ("remove token_b paid out", |c| c.values.slots[5].amount_b += 1),
        ("remove minimum a", |c| c.values.slots[5].min_amount_a += 1),
        ("remove minimum b", |c| c.values.slots[5].min_amount_b += 1),
        ("remove token_a balance", |c| c.values.slots[5].account_a.balance.after += ONE),
        ("remove pool sibling", |c| c.values.slots[5].pool.path.siblings[1] += ONE),
        ("remove as add", |c| c.values.slots[5].tx_type = TxType::AddLiquidity),
    ]
}

/// One change to a transfer's slot.
type SlotTamper = (&'static str, fn(&mut SlotValues));

/// Every value of a transfer's slot, changed one at a time: in a general slot (slot 1 of the
/// mixed batch) and in a transfer slot alike.
fn transfer_tampers() -> Vec<SlotTamper> {
    vec![
        ("transfer R8", |s| s.r8 = s.r8.add(&Point::base8())),
        ("transfer S", |s| s.s += circuits::babyjubjub::Scalar::ONE),
        ("sender key", |s| s.account_a.public_key = Point::base8()),
        ("sender nonce", |s| s.account_a.nonce += 1),
        ("transfer expiry", |s| s.valid_until -= 1),
        ("transfer amount", |s| s.amount += 1),
        ("transfer amount code", |s| s.amount_code += 32),
        ("transfer fee code", |s| s.fee_code += 32),
        ("transfer token", |s| s.token = 2),
        ("transfer recipient", |s| s.account_b.id = 0),
        ("sender balance before", |s| s.account_a.balance.before += ONE),
        ("sender balance after", |s| s.account_a.balance.after += ONE),
        ("recipient balance after", |s| s.account_b.balance.after += ONE),
        // The recipient's balance and a liquidity operation's LP balance share one path.
        ("recipient balance token", |s| s.account_b.balance.token = 1),
        ("recipient balance sibling", |s| s.account_b.balance.path.siblings[2] += ONE),
        ("recipient balance before", |s| s.account_b.balance.before += ONE),
        ("sender account sibling", |s| s.account_a.path.siblings[1] += ONE),
        ("sender balance sibling", |s| s.account_a.balance.path.siblings[3] += ONE),
        ("recipient account sibling", |s| s.account_b.path.siblings[0] += ONE),
        ("transfer as withdrawal", |s| s.tx_type = TxType::Withdraw),
        ("transfer as noop", |s| s.tx_type = TxType::Noop),
    ]
}

/// The names of the tampers that leave `honest` satisfied: whole-circuit ones, and the
/// transfer tampers applied to slot `transfer_slot`.
fn undetected(honest: &BatchCircuit, tampers: Vec<Tamper>, transfer_slot: usize) -> Vec<&'static str> {
    let whole = tampers.into_iter().filter(|(_, tamper)| {
        let mut circuit = honest.clone();
        tamper(&mut circuit);
        satisfied(circuit)
    });
    let in_slot = transfer_tampers().into_iter().filter(|(_, tamper)| {
        let mut circuit = honest.clone();
        tamper(&mut circuit.values.slots[transfer_slot]);
        satisfied(circuit)
    });
    whole.map(|(name, _)| name).chain(in_slot.map(|(name, _)| name)).collect()
}

/// The operation a dishonest witness lies about.
#[derive(Clone, Copy)]
enum Op {
    Deposit,
    Transfer,
    Withdraw,
    Noop,
    Swap,
    AddLiquidity,
    FirstLiquidity,
    RemoveLiquidity,
}

/// A batch of one operation (slot 0) and a Noop.
fn single_op_batch(op: Op) -> SealedBatch {
    let mut world = TestWorld::new(3, DEPTH);
    let add = world.add_liquidity(2, 0, 10_000_000_000, 20_000_000_000);
    world.state.apply(&add).expect("liquidity");
    world.state.credit_pending_fees();
    let mut builder = BatchBuilder::new(1, 2, &world.state);
    let tx = match op {
        Op::Noop => return builder.seal(&mut world.state),
        Op::Deposit => world.deposit(&circuits::test_utils::test_key(1), 2, 9),
        Op::Transfer => world.transfer(1, 2, 0, 1_230_000, 40),
        Op::Withdraw => world.withdraw(1, 1, 777, 3),
        Op::Swap => world.with_fee(1, world.swap(1, 0, false, 3_000_000, 1_000), 7),
        Op::AddLiquidity => world.with_fee(1, world.add_liquidity(1, 0, 5_000_000, 20_000_000), 11),
        Op::FirstLiquidity => world.with_fee(1, world.add_liquidity(1, 1, 3_000_000, 12_000_000), 5),
        Op::RemoveLiquidity => world.with_fee(2, world.remove_liquidity(2, 0, 1_000_000_007), 13),
    };
    builder.push(world.state.apply(&tx).expect("valid"));
    builder.seal(&mut world.state)
}

/// A dishonest witness: one operation and a change to its slot, kept consistent where the
/// operator can (balances follow the amounts it claims).
type Dishonest = (&'static str, Op, fn(&mut SlotValues));

fn dishonest_witnesses() -> Vec<Dishonest> {
    vec![
        ("swap pays one more", Op::Swap, |s| {
            s.amount_b += 1;
            s.account_a.balance2.after += ONE;
        }),
        ("swap pays one less", Op::Swap, |s| {
            s.amount_b -= 1;
            s.account_a.balance2.after -= ONE;
        }),
        ("swap takes one less", Op::Swap, |s| s.account_a.balance.after += ONE),
        ("transfer mints for the recipient", Op::Transfer, |s| s.account_b.balance.after += ONE),
        ("withdrawal debits one less", Op::Withdraw, |s| s.account_a.balance.after += ONE),
        ("deposit credits one more", Op::Deposit, |s| s.account_a.balance.after += ONE),
        ("add pays one less token_b", Op::AddLiquidity, |s| {
            s.amount_b -= 1;
            s.account_a.balance2.after += ONE;
        }),
        ("add mints one more share", Op::AddLiquidity, |s| {
            s.lp_amount += 1;
            s.account_a.balance3.after += ONE;
        }),
        ("add mints one share less", Op::AddLiquidity, |s| {
            s.lp_amount -= 1;
            s.account_a.balance3.after -= ONE;
        }),
        ("add credits another pool's shares", Op::AddLiquidity, |s| s.account_a.balance3.token = 513),
        ("add swaps the pool's sides", Op::AddLiquidity, |s| s.a_to_b = false),
        ("first add mints one more share", Op::FirstLiquidity, |s| {
            s.lp_amount += 1;
            s.account_a.balance3.after += ONE;
        }),
        ("first add mints one share less", Op::FirstLiquidity, |s| {
            s.lp_amount -= 1;
            s.account_a.balance3.after -= ONE;
        }),
        ("first add pays less than its bound", Op::FirstLiquidity, |s| {
            s.amount_b -= 1;
            s.account_a.balance2.after += ONE;
        }),
        ("remove pays one more token_a", Op::RemoveLiquidity, |s| {
            s.amount += 1;
            s.account_a.balance.after += ONE;
        }),
        ("remove pays one more token_b", Op::RemoveLiquidity, |s| {
            s.amount_b += 1;
            s.account_a.balance2.after += ONE;
        }),
        ("remove burns one share less", Op::RemoveLiquidity, |s| s.account_a.balance3.after += ONE),
        ("noop credits a balance", Op::Noop, |s| s.account_a.balance.after += ONE),
    ]
}

#[test]
fn a_dishonest_slot_breaks_a_rule_whatever_outcome_it_publishes() {
    let mut failures = Vec::new();
    for (name, op, tamper) in dishonest_witnesses() {
        let honest = BatchCircuit::from_sealed(params(2), &single_op_batch(op)).unwrap();
        assert!(honest.first_slot_satisfied(), "{name}: the honest slot holds");
        let mut circuit = honest;
        tamper(&mut circuit.values.slots[0]);
        if circuit.first_slot_satisfied() {
            failures.push(name);
        }
    }
    assert!(failures.is_empty(), "dishonest slots satisfy the circuit: {failures:?}");
}

#[test]
fn changing_any_single_witness_value_breaks_the_proof() {
    let batch = mixed_batch(8);
    let honest = BatchCircuit::from_sealed(params(8), &batch).unwrap();
    assert!(satisfied(honest.clone()));
    let failures = undetected(&honest, tampers(), 1);
    assert!(failures.is_empty(), "tampered witnesses still satisfy the circuit: {failures:?}");
}

#[test]
fn an_account_tree_deeper_than_the_pool_tree_shares_the_path_too() {
    // The recipient's and the pool's leaf share one path that runs to the deeper tree. At
    // depth 12 the account root sits above the pool root (depth 9), the reverse of DEPTH = 4:
    // both orders must hold honest batches and refuse tampered siblings on either side.
    const DEEP: u32 = 12;
    let params = CircuitParams { slots: 8, account_depth: DEEP, chain_id: CHAIN_ID, fee_account: 0, transfer_slots: 0 };
    let honest = BatchCircuit::from_sealed(params, &circuits::test_utils::mixed_batch(8, 8, DEEP)).unwrap();
    assert!(satisfied(honest.clone()));
    let tampers: [Tamper; 4] = [
        ("recipient sibling above the pool depth", |c| c.values.slots[1].account_b.path.siblings[10] += ONE),
        ("recipient sibling below the pool depth", |c| c.values.slots[1].account_b.path.siblings[3] += ONE),
        ("top pool sibling", |c| c.values.slots[3].pool.path.siblings[8] += ONE),
        ("recipient id", |c| c.values.slots[1].account_b.id ^= 1 << 10),
    ];
    for (name, tamper) in tampers {
        let mut circuit = honest.clone();
        tamper(&mut circuit);
        assert!(!satisfied(circuit), "{name}");
    }
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
    circuit.values.slots[0] = SlotValues { tx_type: TxType::Noop, ..transfer_slot };
    assert!(!satisfied(circuit));
}

/// Five slots, the first three transfer slots: two transfers, then a withdrawal that skips the
/// third transfer slot (padded with Noop) for the first general slot, then a transfer in the
/// last general slot.
fn transfer_slot_batch() -> (CircuitParams, SealedBatch) {
    let layout = SlotLayout::new(5, 3).unwrap();
    let mut world = TestWorld::new(3, DEPTH);
    let mut builder = BatchBuilder::with_layout(1, layout, &world.state);
    let makers: [fn(&TestWorld) -> circuits::tx::Tx; 4] = [
        |w| w.transfer(1, 2, 0, 1_230_000, 40),
        |w| w.transfer(2, 0, 1, 5_000, 3),
        |w| w.withdraw(2, 1, 777, 3),
        |w| w.transfer(1, 0, 0, 4_000, 0),
    ];
    for make in makers {
        let tx = make(&world);
        builder.push(world.state.apply(&tx).expect("valid"));
    }
    let batch = builder.seal(&mut world.state);
    (CircuitParams { transfer_slots: layout.transfer_slots, ..params(layout.slots) }, batch)
}

fn constraints(circuit: BatchCircuit) -> usize {
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_mode(ark_relations::gr1cs::SynthesisMode::Setup);
    circuit.generate_constraints(cs.clone()).unwrap();
    cs.num_constraints()
}

#[test]
fn transfer_slots_hold_transfers_for_fewer_constraints_and_refuse_anything_else() {
    let (layout, batch) = transfer_slot_batch();
    let types: Vec<TxType> = batch.slots.iter().map(|slot| slot.tx.tx_type()).collect();
    use TxType::{Noop, Transfer, Withdraw};
    assert_eq!(types, [Transfer, Transfer, Noop, Withdraw, Transfer]);
    let honest = BatchCircuit::from_sealed(layout, &batch).unwrap();
    assert!(satisfied(honest.clone()));
    let general = CircuitParams { transfer_slots: 0, ..layout };
    assert!(BatchCircuit::from_sealed(general, &batch).is_err(), "the layout is part of the circuit");
    let (with_transfer_slots, all_general) =
        (constraints(BatchCircuit::blank(layout)), constraints(BatchCircuit::blank(general)));
    println!(
        "5 slots at depth {DEPTH}: {with_transfer_slots} constraints with 3 transfer slots, {all_general} without"
    );
    assert!(with_transfer_slots < all_general);
    assert_eq!(constraints(honest.clone()), with_transfer_slots, "a blank batch has the same shape");

    // Every value of the transfer in transfer slot 0 (transfer_tampers), the next slots, and the
    // Noop padding (slot 2).
    let tampers: Vec<Tamper> = vec![
        ("public input", |c| c.commitment += ONE),
        ("second transfer's fee code", |c| c.values.slots[1].fee_code += 1),
        ("padding as transfer", |c| c.values.slots[2].tx_type = TxType::Transfer),
        ("padding claims the transfer's effects", |c| {
            c.values.slots[2] = SlotValues { tx_type: TxType::Noop, ..c.values.slots[0].clone() }
        }),
        ("withdraw amount", |c| c.values.slots[3].amount -= 1),
        ("general-slot transfer amount", |c| c.values.slots[4].amount += 1),
        ("fee credit amount", |c| c.values.fee_credit.balances[0].after += ONE),
    ];
    let failures = undetected(&honest, tampers, 0);
    assert!(failures.is_empty(), "tampered witnesses still satisfy the circuit: {failures:?}");

    // A withdrawal, a swap or a deposit in a transfer slot breaks the slot's own rules.
    for op in [Op::Withdraw, Op::Swap, Op::Deposit, Op::AddLiquidity] {
        let mut circuit = BatchCircuit::from_sealed(params(2), &single_op_batch(op)).unwrap();
        assert!(circuit.first_slot_satisfied(), "in a general slot");
        circuit.params.transfer_slots = 1;
        assert!(!circuit.first_slot_satisfied(), "in a transfer slot");
    }
    let mut transfer = BatchCircuit::from_sealed(params(2), &single_op_batch(Op::Transfer)).unwrap();
    transfer.params.transfer_slots = 1;
    assert!(transfer.first_slot_satisfied(), "a transfer fits a transfer slot");
}

#[test]
fn a_transaction_is_refused_in_a_batch_after_its_expiry() {
    // A transfer signed valid until batch 5: natively it may go into batches up to 5, and the
    // circuit holds its slot there, with the batch number the commitment binds.
    let mut world = TestWorld::new(3, DEPTH);
    let tx = world.valid_until(1, world.transfer(1, 2, 0, 1_230_000, 40), 5);
    assert_eq!(circuits::transition::check_expiry(&tx, 5), Ok(()));
    let error = circuits::transition::check_expiry(&tx, 6).expect_err("expired after batch 5");
    assert_eq!(error.code(), "expired");
    let mut builder = BatchBuilder::new(5, 2, &world.state);
    builder.push(world.state.apply(&tx).expect("valid"));
    let honest = BatchCircuit::from_sealed(params(2), &builder.seal(&mut world.state)).unwrap();
    assert!(satisfied(honest.clone()));
    assert!(honest.first_slot_satisfied());
    // An operator that held it for batch 6 cannot prove it: the slot's own rules refuse it.
    let mut late = honest;
    late.values.number = 6;
    assert!(!late.first_slot_satisfied(), "a batch after the expiry");
    late.values.number = 5;
    late.values.slots[0].valid_until = 6;
    assert!(!late.first_slot_satisfied(), "a later expiry than the one signed");
    assert_eq!(VALID_UNTIL, u32::MAX, "the test worlds' transactions never expire");
}

#[test]
fn a_deposit_never_credits_a_key_outside_the_prime_order_subgroup() {
    // Points of order 2, 4 and 8 (the torsion), the identity, and a valid key plus torsion:
    // all on the curve, none a key anybody can sign for.
    let order_8 = circuits::test_utils::order_8_point();
    let valid = circuits::test_utils::test_key(7).public_key().point();
    let mut keys: Vec<(String, Point)> =
        (1..8u64).map(|k| (format!("{k} × the order-8 point"), order_8.mul_bigint([k]))).collect();
    keys.push(("the identity".into(), Point::identity()));
    keys.push(("a valid key plus the order-2 point".into(), valid.add(&order_8.mul_bigint([4u64]))));
    let honest = BatchCircuit::from_sealed(params(2), &single_op_batch(Op::Deposit)).unwrap();
    assert!(honest.first_slot_satisfied());
    for (name, key) in keys {
        let usable = key.is_in_prime_subgroup() && !key.is_identity();
        assert!(Point::new(key.x(), key.y()).is_ok() && !usable, "{name} is on the curve and unusable");
        let mut circuit = honest.clone();
        let slot = &mut circuit.values.slots[0];
        (slot.deposit_key, slot.account_a.public_key) = (key, key);
        assert!(!circuit.first_slot_satisfied(), "a deposit credits {name}");
    }
}
