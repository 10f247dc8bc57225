//! Differential tests: the batch circuit against the native state transition, over random
//! batches of valid and invalid transactions of every type.
//!
//! Approach. A seeded ChaCha RNG draws transactions on a small world (4 accounts, account tree
//! of depth 4, pool 0 with liquidity, pool 1 empty, account 3's nonce exhausted): every type,
//! with parameters and signatures that are often wrong on purpose (wrong key or chain, a field
//! changed after signing, a replay or an off nonce, zero or oversized amounts, unknown or
//! self recipients, unknown, unregistered or LP tokens, unknown or empty pools, slippage
//! bounds just past the quote, the exhausted account). Each transaction goes to the native
//! transition (`State::apply`, and `Ledger::apply`, which must agree), and then:
//!
//! - **Accepted:** it takes the next slot of the batch. The sealed batch (3 slots, Noop
//!   padding, fee credit) must satisfy the whole circuit, with the native commitment as the
//!   public input. The circuit computes its commitment from its own new root and pubdata bytes
//!   and enforces that it equals the native one, so satisfaction means the circuit's new state
//!   root and pubdata are the native ones (SHA-256 binding); for one batch the test also checks
//!   that a commitment to another new root, or to the same operations in another order, is
//!   not satisfied.
//! - **Rejected:** the test builds the witness a dishonest prover would use to include it
//!   anyway, [`apply_unchecked`]: the transaction's arithmetic with no rule checked, balances
//!   computed in the field (a balance below zero is the field element `p - k`, one that
//!   overflows is above `MAX_BALANCE`), written through the state's own mutation primitives
//!   into a copy of the state, so that every Merkle path is the real one for the leaf values
//!   claimed (`TxWitness::check_paths` passes on them), the signature is the transaction's
//!   own, and only the broken rule is broken. For an unknown recipient or pool, the prover
//!   claims a leaf at the empty position with its real siblings (there is no other way to
//!   claim it), so only that path fails to open. The slot's own constraints
//!   ([`BatchCircuit::first_slot_satisfied`]: the slot alone, its outcome left free, so that
//!   no commitment or later slot can be what rejects it) must not be satisfied. As a control,
//!   on every accepted transaction `apply_unchecked` must write exactly the native witness.
//! - **Directed cases** add what the draws reach rarely or never: a withdrawal of a token
//!   nobody holds, and the one overflow beyond deposits a consistent state reaches (a pool
//!   reserve past `MAX_BALANCE`).
//!
//! Limits, reported by the test and checked natively only:
//! - Rejections with no witness to write: a signer that does not exist, an amount without a
//!   code, a division by an empty pool, or a pool reserve or supply below zero (the native
//!   `Pool` cannot hold it).
//! - Deposits are never rejected for their key or token: those L2 cannot credit are refunded
//!   (accepted as DepositRefund slots, counted by reason; tests/refund.rs tampers with them).
//! - A token's supply cap is the L1 contract's rule, not the circuit's (docs/protocol.md §8):
//!   for it the test checks the opposite, that the
//!   circuit accepts the slot, so the boundary stays where the documentation says it is (a
//!   deposit whose credited balance would pass `MAX_BALANCE` the circuit rejects, and so must).

use std::collections::BTreeMap;
use std::time::Instant;

use ark_relations::gr1cs::ConstraintSynthesizer;
use circuits::amount::MAX_BALANCE;
use circuits::babyjubjub::PrivateKey;
use circuits::batch::{slot_data, BatchBuilder, SealedBatch, SlotLayout};
use circuits::circuit::{first_unsatisfied, BatchCircuit, CircuitParams};
use circuits::field::Fr;
use circuits::key_defect::PackedKey;
use circuits::pubdata::PubdataOp;
use circuits::state::{AccountId, Ledger, Pool, PoolId, State, TokenId, LP_TOKEN_BASE};
use circuits::test_utils::{apply_unchecked, test_address, test_key, TestWorld, CHAIN_ID, START_BALANCE, VALID_UNTIL};
use circuits::transition::{
    add_liquidity_amounts, check_expiry, remove_liquidity_amounts, swap_output, Receipt, TxError,
};
use circuits::tx::{AddLiquidity, Deposit, RemoveLiquidity, SignatureBytes, Swap, Transfer, Tx, TxType, Withdraw};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};

mod draw;
use draw::random_tx;

const DEPTH: u32 = 4;
const SLOTS: usize = 3;
const BATCHES: usize = 64;
/// Transactions drawn per batch at most (the accepted ones fill slots; the batch is sealed
/// when full).
const DRAWS_PER_BATCH: usize = 7;
const SEED: u64 = 0x00d1_ff5e_ed00_0006;
const ACCOUNTS: usize = 4;
/// An account whose nonce is `u32::MAX`: everything it signs is rejected.
const EXHAUSTED: AccountId = 3;
/// A token nobody registered.
const UNREGISTERED: TokenId = 77;
/// The LP token of pool 0.
const LP0: TokenId = LP_TOKEN_BASE;

fn params(slots: usize) -> CircuitParams {
    CircuitParams { slots, account_depth: DEPTH, chain_id: CHAIN_ID, fee_account: 0, transfer_slots: 0 }
}

fn satisfied(circuit: BatchCircuit) -> Result<(), String> {
    first_unsatisfied(|cs| circuit.generate_constraints(cs.clone()).expect("synthesis")).map_or(Ok(()), Err)
}

/// The world: pool 0 funded by account 2, pool 1 empty, account 3 out of nonces.
fn world() -> TestWorld {
    let mut world = TestWorld::new(ACCOUNTS, DEPTH);
    let seed = world.add_liquidity(2, 0, 10u128.pow(24), 2 * 10u128.pow(24));
    world.state.apply(&seed).expect("seed liquidity");
    world.state.credit_pending_fees();
    world.set_nonce(EXHAUSTED, u32::MAX);
    world
}

// ---- Random transactions.

/// What became of the transactions, for the report and the coverage checks.
#[derive(Default, Debug)]
struct Tally {
    /// Accepted, by type.
    accepted: BTreeMap<&'static str, usize>,
    /// Accepted deposits that were refunded, by reason.
    refunded: BTreeMap<&'static str, usize>,
    /// Rejected natively and by the circuit's slot rules, by error code and type.
    rejected_by_circuit: BTreeMap<(&'static str, &'static str), usize>,
    /// Of those, the ones whose dishonest witness claims a balance leaf out of range (below zero
    /// or above `MAX_BALANCE`), by error code.
    out_of_range: BTreeMap<&'static str, usize>,
    /// Rejected natively; no dishonest witness fits the witness types (see the limits above).
    native_only: BTreeMap<&'static str, usize>,
    /// Deposit rules the L1 contract enforces; the circuit accepts the slot.
    left_to_l1: BTreeMap<&'static str, usize>,
    /// Replays of earlier accepted transactions.
    replays: usize,
}

impl Tally {
    /// Rejected by the circuit with `code`, of any type.
    fn rejected(&self, code: &str) -> usize {
        self.rejected_by_circuit.iter().filter(|((c, _), _)| *c == code).map(|(_, n)| n).sum()
    }
}

fn type_name(tx: &Tx) -> &'static str {
    match tx.tx_type() {
        TxType::Noop => "noop",
        TxType::Deposit => "deposit",
        TxType::Transfer => "transfer",
        TxType::Withdraw => "withdraw",
        TxType::Swap => "swap",
        TxType::AddLiquidity => "add_liquidity",
        TxType::RemoveLiquidity => "remove_liquidity",
        TxType::DepositRefund => "deposit_refund",
    }
}

/// Deposit rules the circuit leaves to the L1 contract (docs/protocol.md §8): the token's
/// supply cap. A credited balance beyond `MAX_BALANCE` is the circuit's to reject (its range
/// checks), whatever the supply.
fn left_to_l1(state: &State, tx: &Tx, error: &TxError) -> bool {
    let Tx::Deposit(d) = tx else { return false };
    match error {
        TxError::Overflow => {
            let key = d.public_key.unpack().expect("refunded keys never reach the supply check");
            let balance = state.account_by_key(&key).and_then(|id| state.account(id)).map_or(0, |a| a.balance(d.token));
            balance.checked_add(d.amount).is_some_and(|after| after <= MAX_BALANCE)
        }
        _ => false,
    }
}

/// The control for [`apply_unchecked`]: on an accepted transaction it writes exactly the native
/// witness, and its claimed leaves are the native balances, so what the circuit rejects in a
/// dishonest witness is the broken rule and nothing the model adds.
fn check_unchecked_model(state: &State, tx: &Tx) {
    let mut state = state.clone();
    state.credit_pending_fees();
    let native = state.clone().apply(tx).expect("accepted");
    let unchecked = apply_unchecked(&mut state, tx).expect("a witness for an accepted transaction");
    assert_eq!(unchecked.witness, native.witness, "{tx:?}");
    let leaves: Vec<_> = native.witness.accounts.iter().map(|a| a.balance_leaves()).collect();
    assert_eq!(unchecked.leaves, leaves, "{tx:?}");
}

/// Builds the dishonest witness for a rejected `tx` on `state` and checks the slot's rules.
fn check_rejected(state: &State, tx: &Tx, error: &TxError, batch: u64, tally: &mut Tally) {
    // The dishonest batch starts with the fees so far credited, like a new batch.
    let mut dishonest = state.clone();
    dishonest.credit_pending_fees();
    let again = check_expiry(tx, batch)
        .and_then(|()| dishonest.clone().apply(tx))
        .expect_err("still rejected once the fees are credited");
    assert_eq!(again.code(), error.code(), "{tx:?}");
    let Some(unchecked) = apply_unchecked(&mut dishonest, tx) else {
        *tally.native_only.entry(error.code()).or_default() += 1;
        return;
    };
    // Every path opens to the running roots, except a claimed leaf at an empty position.
    let phantom = match tx {
        Tx::Transfer(t) => state.account(t.to).is_none(),
        Tx::Swap(Swap { pool, .. })
        | Tx::AddLiquidity(AddLiquidity { pool, .. })
        | Tx::RemoveLiquidity(RemoveLiquidity { pool, .. }) => state.pool(*pool).is_none(),
        _ => false,
    };
    let paths = unchecked.check_paths();
    assert!(phantom != paths.is_ok(), "{tx:?} ({error}): the dishonest witness's paths: {paths:?}");
    // A leaf beyond the native integers: a balance below zero (the field element p - k) or
    // above `MAX_BALANCE`.
    let limit = Fr::from(MAX_BALANCE);
    let out_of_range = unchecked.leaves.iter().flatten().any(|(_, after)| *after > limit);
    let mut circuit = unchecked.circuit(params(1)).expect("witness shape");
    circuit.values.number = batch;
    let accepted = circuit.first_slot_satisfied();
    if left_to_l1(state, tx, error) {
        assert!(accepted, "{tx:?} ({error}): the circuit now rejects an L1 rule: update docs/protocol.md §8");
        *tally.left_to_l1.entry(error.code()).or_default() += 1;
    } else {
        assert!(!accepted, "SOUNDNESS: the circuit accepts {tx:?}, which the native transition rejects ({error})");
        *tally.rejected_by_circuit.entry((error.code(), type_name(tx))).or_default() += 1;
        if out_of_range {
            *tally.out_of_range.entry(error.code()).or_default() += 1;
        }
    }
}

/// One batch's extra check: its commitment is bound to the new root and the pubdata.
fn check_binding(batch: &SealedBatch, circuit: &BatchCircuit) {
    let inputs = batch.commitment_inputs();
    let mut other_root = inputs;
    other_root.new_root = batch.roots_before.state_root();
    assert_ne!(other_root.new_root, inputs.new_root, "the first batch changes the state");
    let mut lying = circuit.clone();
    lying.commitment = other_root.commitment();
    assert!(satisfied(lying).is_err(), "a commitment to another new root holds");

    let mut ops = PubdataOp::decode_all(&batch.pubdata).expect("pubdata");
    let first_change = ops.iter().position(|op| *op != ops[0]).expect("two different operations");
    ops.swap(0, first_change);
    let reordered: Vec<u8> = ops.iter().flat_map(PubdataOp::encode).collect();
    let mut other_pubdata = inputs;
    other_pubdata.slot_data_hash = Sha256::digest(slot_data(&reordered, 0).expect("reordered pubdata")).into();
    let mut lying = circuit.clone();
    lying.commitment = other_pubdata.commitment();
    assert!(satisfied(lying).is_err(), "a commitment to reordered pubdata holds");
}

/// Rejections the draws reach rarely or never, checked the same way: a withdrawal of a token
/// nobody holds (its balance goes below zero), and liquidity whose reserve would pass
/// `MAX_BALANCE`, the one overflow beyond deposits that a consistent state reaches (balances,
/// reserves and LP shares are bounded by the supplies; this reserve check comes first).
fn directed_cases(tally: &mut Tally) {
    let mut world = world();
    // Pool 1: 9·10^26 of token 1 against 9·10^17 of token 2, so that token 2 is cheap.
    let seed = world.add_liquidity(2, 1, 9 * 10u128.pow(26), 9 * 10u128.pow(17));
    world.state.apply(&seed).expect("seed pool 1");
    world.state.credit_pending_fees();
    let cases = [
        (world.withdraw(1, UNREGISTERED, 1_000, 3), "unknown_token"),
        (world.add_liquidity(1, 1, 5_192_296 * 10u128.pow(27), 6 * 10u128.pow(24)), "overflow"),
    ];
    for (tx, code) in cases {
        let error = world.state.clone().apply(&tx).expect_err("rejected");
        assert_eq!(error.code(), code, "{tx:?}");
        check_rejected(&world.state, &tx, &error, 1, tally);
    }
}

#[test]
fn the_circuit_accepts_exactly_what_the_native_transition_accepts() {
    let started = Instant::now();
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let mut world = world();
    let mut ledger = Ledger::from_state(&world.state);
    let mut tally = Tally::default();
    let mut history: Vec<Tx> = Vec::new();
    let mut binding_checked = false;
    let (mut in_transfer_slots, mut skipped_transfer_slots) = (0, 0);
    for number in 1..=BATCHES as u64 {
        // Every third batch leads with a transfer slot: other operations skip it.
        let layout = SlotLayout::new(SLOTS, usize::from(number % 3 == 0)).expect("a general slot");
        let mut builder = BatchBuilder::with_layout(number, layout, &world.state);
        let mut pubdata = Vec::new();
        for _ in 0..DRAWS_PER_BATCH {
            if builder.is_full() {
                break;
            }
            let tx = if !history.is_empty() && rng.gen_range(0..14) == 0 {
                tally.replays += 1;
                history[rng.gen_range(0..history.len())].clone()
            } else {
                random_tx(&mut rng, &world.state)
            };
            // A fee in a fifth token, or an operation with no slot left for its type, goes to
            // the next batch, as the sequencer does it.
            if ledger.needs_new_batch_for_fee(&tx) || !builder.fits(tx.tx_type()) {
                assert!(!builder.takes_fee(world.state.clone().apply(&tx).unwrap().witness.fee));
                break;
            }
            let before = world.state.clone();
            // Expiry depends on the batch, so the batch's builder checks it before the state.
            let native = check_expiry(&tx, number).and_then(|()| world.state.apply(&tx));
            let plain = check_expiry(&tx, number).and_then(|()| ledger.apply(&tx));
            assert_eq!(
                native.as_ref().map(|a| &a.pubdata),
                plain.as_ref().map(|a| &a.pubdata),
                "State and Ledger disagree on {tx:?}"
            );
            match native {
                Ok(applied) => {
                    check_unchecked_model(&before, &tx);
                    let slot = layout.place(builder.len(), tx.tx_type()).expect("it fits");
                    for _ in builder.len()..slot {
                        PubdataOp::Noop.encode_into(&mut pubdata);
                    }
                    applied.pubdata.encode_into(&mut pubdata);
                    tally.accepted.entry(type_name(&tx)).and_modify(|n| *n += 1).or_insert(1);
                    if let Receipt::DepositRefund { reason } = applied.receipt {
                        *tally.refunded.entry(reason.name()).or_default() += 1;
                    }
                    if tx.signed_header().is_some() {
                        history.push(tx);
                    }
                    builder.push(applied);
                }
                Err(error) => check_rejected(&world.state, &tx, &error, number, &mut tally),
            }
        }
        for _ in builder.len()..SLOTS {
            PubdataOp::Noop.encode_into(&mut pubdata);
        }
        let batch = builder.seal(&mut world.state);
        if layout.transfer_slots > 0 {
            match batch.slots[0].tx.tx_type() {
                TxType::Transfer => in_transfer_slots += 1,
                TxType::Noop if batch.slots[1].tx.tx_type() != TxType::Noop => skipped_transfer_slots += 1,
                _ => {}
            }
        }
        ledger.credit_pending_fees();
        assert_eq!(batch.roots_after, world.state.roots());
        assert_eq!(batch.pubdata, pubdata, "the batch publishes the native operations");
        let params = CircuitParams { transfer_slots: layout.transfer_slots, ..params(SLOTS) };
        let circuit = BatchCircuit::from_sealed(params, &batch).expect("witness shape");
        if let Err(constraint) = satisfied(circuit.clone()) {
            panic!("batch {number}, accepted natively, fails the circuit at {constraint}: {:?}", batch.slots);
        }
        let ops = PubdataOp::decode_all(&batch.pubdata).expect("pubdata");
        if !binding_checked
            && batch.transfer_slots == 0
            && batch.roots_after != batch.roots_before
            && ops.iter().any(|op| *op != ops[0])
        {
            check_binding(&batch, &circuit);
            binding_checked = true;
        }
    }
    for (account, tokens) in (0..ACCOUNTS as AccountId).map(|id| (id, [0, 1, 2, LP0, LP0 + 1])) {
        for token in tokens {
            let expected = world.state.account(account).map(|a| a.balance(token));
            assert_eq!(ledger.account(account).map(|a| a.balance(token)), expected, "ledger balance");
        }
    }
    directed_cases(&mut tally);
    assert!(
        in_transfer_slots > 0 && skipped_transfer_slots > 0,
        "transfer slots: {in_transfer_slots} used, {skipped_transfer_slots} skipped"
    );
    println!("{tally:#?}\n{BATCHES} batches in {:.1?}", started.elapsed());

    // Coverage: the seed must reach every type and every reachable rejection class.
    for name in ["deposit", "transfer", "withdraw", "swap", "add_liquidity", "remove_liquidity"] {
        assert!(tally.accepted.contains_key(name), "no accepted {name}: {tally:#?}");
    }
    for code in [
        "invalid_signature",
        "bad_nonce",
        "nonce_exhausted",
        "unknown_account",
        "unknown_pool",
        "slippage_exceeded",
        "zero_amount",
        "self_transfer",
        "not_l1_token",
        "empty_pool",
        "expired",
    ] {
        assert!(tally.rejected(code) > 0, "no {code} checked against the circuit: {tally:#?}");
    }
    // The balance rules: a balance below zero (insufficient funds, or a transfer or withdrawal
    // of a token nobody holds) and above `MAX_BALANCE` (overflow, deposits included), each
    // claimed by the dishonest witness as a field element out of range.
    for code in ["insufficient_balance", "unknown_token", "overflow"] {
        assert!(tally.out_of_range.get(code).is_some_and(|n| *n > 0), "no out-of-range {code}: {tally:#?}");
    }
    for name in ["transfer", "withdraw", "swap", "add_liquidity", "remove_liquidity"] {
        let key = ("insufficient_balance", name);
        assert!(tally.rejected_by_circuit.contains_key(&key), "no insufficient {name} checked: {tally:#?}");
    }
    assert!(["transfer", "withdraw"]
        .iter()
        .all(|name| tally.rejected_by_circuit.contains_key(&("unknown_token", *name))));
    let non_deposit_overflow =
        tally.rejected_by_circuit.iter().filter(|((c, t), _)| *c == "overflow" && *t != "deposit");
    assert!(non_deposit_overflow.count() > 0, "no overflow beyond deposits checked: {tally:#?}");
    assert!(tally.left_to_l1.contains_key("overflow"), "{tally:#?}");
    for reason in ["invalid_key", "unknown_token"] {
        assert!(tally.refunded.contains_key(reason), "no deposit refunded for {reason}: {tally:#?}");
    }
    assert!(tally.replays > 0 && binding_checked);
}
