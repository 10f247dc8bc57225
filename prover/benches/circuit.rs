//! The batch circuit's cost (issue 3): R1CS constraints per slot by component, Groth16 set-up,
//! prove and verify times with peak memory for full batches of transfers, and the prover's time
//! per constraint beside a bare arkworks Groth16 proof of a circuit of the same size.
//!
//! Run with `cargo bench -p prover --bench circuit` (release profile). Environment:
//! - `CIRCUIT_BENCH_PARTS`: comma-separated parts to run, of `counts`, `prove`, `bare`
//!   (default: all three).
//! - `CIRCUIT_BENCH_SLOTS`: comma-separated batch layouts to set up and prove, each `N` (N
//!   general slots) or `N/T` (N slots, the first T of them transfer slots); default `16`.
//! - `CIRCUIT_BENCH_DEPTH`: account-tree depth (default 24, production).
//! - `CIRCUIT_BENCH_BARE`: bare-circuit variants, of `random` (a multiplication chain with
//!   full-size values) and `bits` (the same, but as many 0/1 witnesses as the batch circuit
//!   has); default both.
//!
//! Counting synthesises in set-up mode (no witness). The per-slot marginal comes from whole
//! blank batches of several sizes; each component is then synthesised on its own (the gadgets
//! of `circuits`, and for the parts written inline in the slot gadget, a copy of those lines) and
//! multiplied by its uses per slot; what the components do not explain is reported as "other".
//! Peak memory is the process's VmHWM, reset before each measurement through
//! `/proc/self/clear_refs`. The machine's load average is printed before and after each timing.

use std::time::{Duration, Instant};

use ark_bn254::{Bn254, Fr as BnFr};
use ark_ff::{BigInteger, PrimeField, Zero};
use ark_groth16::Groth16;
use ark_r1cs_std::{
    alloc::AllocVar, boolean::Boolean, convert::ToBitsGadget, fields::fp::FpVar, fields::FieldVar, uint8::UInt8,
};
use ark_relations::gr1cs::{
    ConstraintSynthesizer, ConstraintSystem, ConstraintSystemRef, LinearCombination, OptimizationGoal, SynthesisError,
    SynthesisMode, Variable,
};
use ark_snark::SNARK;
use circuits::amount::constraints::{balance_bits, decode_gadget};
use circuits::amount::{AMOUNT_FORMAT, FEE_FORMAT};
use circuits::babyjubjub::constraints::{verify_signature_gadget, PointVar, SignatureVar};
use circuits::babyjubjub::Point;
use circuits::batch::{BatchBuilder, SealedBatch, SlotLayout, MAX_FEE_TOKENS, SLOT_BYTES, TRANSFER_SLOT_BYTES};
use circuits::circuit::{BatchCircuit, CircuitParams};
use circuits::commitment_constraints::{bits_to_slot_bytes, commitment_gadget};
use circuits::field::Fr;
use circuits::merkle::constraints::{replace_leaf, to_bits_le, SiblingsVar};
use circuits::poseidon::constraints::hash_gadget;
use circuits::state::{ACCOUNT_ID_BITS, BALANCE_DEPTH, POOL_DEPTH, POOL_ID_BITS, TOKEN_ID_BITS};
use circuits::test_utils::{TestWorld, CHAIN_ID};
use prover::Keys;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;

type Result<T> = std::result::Result<T, SynthesisError>;

// ---------------------------------------------------------------------------------------------
// Environment, load and memory.

fn env_list(name: &str, default: &str) -> Vec<String> {
    std::env::var(name)
        .unwrap_or_else(|_| default.to_string())
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn load() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    text.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

/// Resets the peak resident set size (Linux: writing 5 to clear_refs).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn status_kib(field: &str) -> u64 {
    let text = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    text.lines()
        .find(|line| line.starts_with(field))
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn peak_gib() -> f64 {
    status_kib("VmHWM:") as f64 / (1024.0 * 1024.0)
}

fn free_gib() -> f64 {
    let text = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let kib: u64 = text
        .lines()
        .find(|line| line.starts_with("MemAvailable:"))
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    kib as f64 / (1024.0 * 1024.0)
}

/// CPU time (user + system, all threads) of this process so far, in seconds.
fn cpu_seconds() -> f64 {
    let text = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which ends with ')'): utime and stime are the 12th and
    // 13th, in clock ticks (100 a second on Linux).
    let rest = text.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// One measurement: wall time, CPU time of the process (all threads), peak RSS in GiB.
#[derive(Clone, Copy)]
struct Measured {
    wall: Duration,
    cpu: f64,
    peak: f64,
}

/// Runs `f`, printing the load before and after, and returns its result and measurement.
fn measure<T>(label: &str, f: impl FnOnce() -> T) -> (T, Measured) {
    reset_peak();
    let before = load();
    let cpu_before = cpu_seconds();
    let start = Instant::now();
    let out = f();
    let wall = start.elapsed();
    let cpu = cpu_seconds() - cpu_before;
    let peak = peak_gib();
    println!(
        "  {label}: {:.2} s wall, {cpu:.2} s CPU, peak RSS {:.2} GiB (load before {before}; after {})",
        wall.as_secs_f64(),
        peak,
        load()
    );
    (out, Measured { wall, cpu, peak })
}

fn with_commas(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Constraint counts.

fn setup_cs() -> ConstraintSystemRef<Fr> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_optimization_goal(OptimizationGoal::Constraints);
    cs.set_mode(SynthesisMode::Setup);
    cs
}

fn params(layout: SlotLayout, depth: u32) -> CircuitParams {
    let SlotLayout { slots, transfer_slots } = layout;
    CircuitParams { slots, account_depth: depth, chain_id: CHAIN_ID, fee_account: 0, transfer_slots }
}

/// Constraints and witness variables of the blank batch circuit.
fn count_layout(layout: SlotLayout, depth: u32) -> (usize, usize) {
    let cs = setup_cs();
    BatchCircuit::blank(params(layout, depth)).generate_constraints(cs.clone()).expect("synthesis");
    (cs.num_constraints(), cs.num_witness_variables())
}

fn count_batch(slots: usize, depth: u32) -> (usize, usize) {
    count_layout(SlotLayout::general(slots), depth)
}

fn w(cs: &ConstraintSystemRef<Fr>) -> FpVar<Fr> {
    FpVar::new_witness(cs.clone(), || Ok(Fr::zero())).expect("witness")
}

fn wbit(cs: &ConstraintSystemRef<Fr>) -> Boolean<Fr> {
    Boolean::new_witness(cs.clone(), || Ok(false)).expect("witness")
}

fn wbits(cs: &ConstraintSystemRef<Fr>, n: usize) -> Vec<Boolean<Fr>> {
    (0..n).map(|_| wbit(cs)).collect()
}

/// Constraints added by `f` alone (its inputs are allocated before it runs).
fn cost<T>(cs: &ConstraintSystemRef<Fr>, f: impl FnOnce() -> Result<T>) -> usize {
    let before = cs.num_constraints();
    f().expect("gadget synthesis");
    cs.num_constraints() - before
}

fn poseidon_cost(arity: usize) -> usize {
    let cs = setup_cs();
    let inputs: Vec<FpVar<Fr>> = (0..arity).map(|_| w(&cs)).collect();
    cost(&cs, || hash_gadget(&inputs))
}

/// One leaf replaced in a tree of `depth`: (cost of one `root_for`, cost of the replacement).
fn path_cost(depth: usize, enabled_is_constant: bool) -> (usize, usize) {
    let cs = setup_cs();
    let siblings = SiblingsVar((0..depth).map(|_| w(&cs)).collect());
    let bits = wbits(&cs, depth);
    let (root, before, after) = (w(&cs), w(&cs), w(&cs));
    let enabled = if enabled_is_constant { Boolean::TRUE } else { wbit(&cs) };
    let one = cost(&cs, || siblings.root_for(&before, &bits));
    let replace = cost(&cs, || replace_leaf(&root, &bits, &siblings, &before, &after, &enabled));
    (one, replace)
}

fn signature_cost() -> usize {
    let cs = setup_cs();
    let enabled = wbit(&cs);
    let key = PointVar::new_witness(cs.clone(), Point::base8()).expect("witness");
    let message = w(&cs);
    let signature = SignatureVar::new_dummy_witness(cs.clone()).expect("witness");
    cost(&cs, || verify_signature_gadget(&enabled, &key, &message, &signature))
}

fn bits_cost(n: usize) -> usize {
    let cs = setup_cs();
    let v = w(&cs);
    cost(&cs, || to_bits_le(&v, n))
}

fn balance_bits_cost() -> usize {
    let cs = setup_cs();
    let v = w(&cs);
    cost(&cs, || balance_bits(&v))
}

fn decode_cost(amount: bool) -> usize {
    let cs = setup_cs();
    let v = w(&cs);
    cost(&cs, || decode_gadget(&v, if amount { AMOUNT_FORMAT } else { FEE_FORMAT }))
}

fn be(bits: &[Boolean<Fr>]) -> Vec<Boolean<Fr>> {
    bits.iter().rev().cloned().collect()
}

/// A copy of the slot gadget's pubdata assembly (the packed deposit key's bits, the per-type
/// selection of every bit, the tag bits), over freshly allocated field bits of the same widths.
/// Returns (packed key bits, selection and tag, the slot's bytes).
fn pubdata_replica(cs: &ConstraintSystemRef<Fr>) -> (usize, usize, Vec<UInt8<Fr>>) {
    let cs = cs.clone();
    let (is_deposit, is_transfer, is_withdraw, is_swap) = (wbit(&cs), wbit(&cs), wbit(&cs), wbit(&cs));
    let (x, y) = (w(&cs), w(&cs));
    let a_bits = wbits(&cs, ACCOUNT_ID_BITS as usize);
    let b_bits = wbits(&cs, ACCOUNT_ID_BITS as usize);
    let token_bits = wbits(&cs, TOKEN_ID_BITS as usize);
    let amount_bits = wbits(&cs, circuits::amount::BALANCE_BITS as usize);
    let amount_code_bits = wbits(&cs, AMOUNT_FORMAT.bits() as usize);
    let fee_code_bits = wbits(&cs, FEE_FORMAT.bits() as usize);
    let l1_bits = wbits(&cs, 160);
    let pool_id_bits = wbits(&cs, POOL_ID_BITS as usize);
    let a_to_b = wbit(&cs);

    let mut key_bits = Vec::new();
    let key = cost(&cs, || {
        let negative = x.double()?.to_bits_le()?[0].clone();
        let mut value_bits = y.to_bits_le()?;
        value_bits.push(Boolean::FALSE);
        value_bits.push(negative);
        key_bits = value_bits.chunks(8).flat_map(|byte| byte.iter().rev().cloned().collect::<Vec<_>>()).collect();
        Ok(())
    });
    let mut bytes = Vec::new();
    let select = cost(&cs, || {
        let tag_bits = [is_swap.clone(), is_transfer.clone() | &is_withdraw, is_deposit.clone() | &is_withdraw];
        let (a_be, token_be, amount_be, fee_be) = (be(&a_bits), be(&token_bits), be(&amount_bits), be(&fee_code_bits));
        let deposit: Vec<Boolean<Fr>> =
            [a_be.clone(), token_be.clone(), amount_be.clone(), key_bits.clone(), be(&l1_bits)].concat();
        let transfer: Vec<Boolean<Fr>> =
            [a_be.clone(), be(&b_bits), token_be.clone(), be(&amount_code_bits), fee_be.clone()].concat();
        let withdraw: Vec<Boolean<Fr>> = [a_be.clone(), token_be, amount_be, fee_be.clone(), be(&l1_bits)].concat();
        let swap: Vec<Boolean<Fr>> =
            [a_be, be(&pool_id_bits), vec![a_to_b.clone()], be(&amount_code_bits), fee_be].concat();
        let pick = |fields: &[Boolean<Fr>], j: usize| fields.get(j).cloned().unwrap_or(Boolean::FALSE);
        let mut bits = tag_bits.to_vec();
        for j in 0..deposit.len() {
            bits.push(
                (pick(&deposit, j) & &is_deposit)
                    | &(pick(&transfer, j) & &is_transfer)
                    | &(pick(&withdraw, j) & &is_withdraw)
                    | &(pick(&swap, j) & &is_swap),
            );
        }
        bytes = bits_to_slot_bytes(&bits, circuits::batch::SlotKind::General);
        Ok(())
    });
    (key, select, bytes)
}

/// The commitment gadget alone for `slots` slots whose bytes are built as the circuit builds
/// them (so the same bits are constants: SHA-256 folds them).
fn commitment_cost(slots: usize) -> usize {
    commitment_cost_layout(SlotLayout::general(slots))
}

/// The commitment gadget over a layout's slots: transfer slots of witness bytes (a transfer
/// fills its 13 bytes), general slots as the circuit builds them.
fn commitment_cost_layout(layout: SlotLayout) -> usize {
    let cs = setup_cs();
    let transfer_slot = |cs: &ConstraintSystemRef<Fr>| -> Vec<UInt8<Fr>> {
        (0..TRANSFER_SLOT_BYTES).map(|_| UInt8::new_witness(cs.clone(), || Ok(0u8)).expect("witness")).collect()
    };
    let bytes: Vec<Vec<UInt8<Fr>>> = (0..layout.slots)
        .map(|i| if i < layout.transfer_slots { transfer_slot(&cs) } else { pubdata_replica(&cs).2 })
        .collect();
    let (number, old, new, ops) = (w(&cs), w(&cs), w(&cs), w(&cs));
    cost(&cs, || commitment_gadget(&number, &old, &new, &ops, &bytes))
}

/// SHA-256 compressions of the commitment for `slots` slots: the slot data (71 bytes a slot,
/// plus 9 bytes of padding at least) and the 108-byte outer preimage (2 blocks).
fn compressions(slots: usize) -> usize {
    (SLOT_BYTES * slots + 9).div_ceil(64) + 2
}

fn counts(depth: u32) {
    println!("\n## Constraint counts (account depth {depth}, set-up mode synthesis)\n");
    let sizes = [1usize, 2, 3, 4, 8, 12];
    let mut rows = Vec::new();
    for &n in &sizes {
        let start = Instant::now();
        let (c, wit) = count_batch(n, depth);
        let sha = commitment_cost(n);
        rows.push((n, c, wit, sha));
        println!(
            "  {n} slots: {c} constraints, {wit} witness variables, commitment gadget {sha} ({} compressions) [{:.1} s]",
            compressions(n),
            start.elapsed().as_secs_f64()
        );
    }
    println!("\n| slots | constraints | witness vars | commitment gadget (SHA-256) | SHA-256 compressions | rest (non-SHA) |");
    println!("|---:|---:|---:|---:|---:|---:|");
    for &(n, c, wit, sha) in &rows {
        println!(
            "| {n} | {} | {} | {} | {} | {} |",
            with_commas(c),
            with_commas(wit),
            with_commas(sha),
            compressions(n),
            with_commas(c - sha)
        );
    }
    // Non-SHA part: exactly linear in the slots once every fee-credit entry exists (a batch of
    // fewer than MAX_FEE_TOKENS slots has one entry per slot).
    let non_sha: Vec<(usize, usize)> =
        rows.iter().filter(|row| row.0 >= MAX_FEE_TOKENS).map(|&(n, c, _, sha)| (n, c - sha)).collect();
    let marginal = (non_sha[1].1 - non_sha[0].1) / (non_sha[1].0 - non_sha[0].0);
    for pair in non_sha.windows(2) {
        let (slots, added) = (pair[1].0 - pair[0].0, pair[1].1 - pair[0].1);
        if added != marginal * slots {
            println!(
                "  WARNING: non-SHA part grows by {added} from {} to {} slots, not {marginal} a slot",
                pair[0].0, pair[1].0
            );
        }
    }
    let fixed_non_sha = non_sha[0].1 - marginal * non_sha[0].0;
    // SHA-256: cost per compression from the gadget at 1 and 8 slots.
    let (c1, c8) = (rows[0].3, rows[4].3);
    let per_compression = (c8 - c1) as f64 / (compressions(8) - compressions(1)) as f64;
    let sha_fixed = c1 as f64 - per_compression * compressions(1) as f64;
    // The long-run share: the commitment gadget at 16 and 64 slots (54 compressions more).
    let (sha16, sha64) = (commitment_cost(16), commitment_cost(64));
    let sha_per_slot = (sha64 - sha16) as f64 / 48.0;
    println!(
        "  commitment gadget: 16 slots {} ({} compressions), 64 slots {} ({} compressions): {:.0} per slot",
        with_commas(sha16),
        compressions(16),
        with_commas(sha64),
        compressions(64),
        sha_per_slot
    );
    for n in [16usize, 32, 64] {
        let sha = if n == 16 {
            sha16
        } else if n == 64 {
            sha64
        } else {
            commitment_cost(n)
        };
        println!("  predicted total for {n} slots: {}", with_commas(fixed_non_sha + marginal * n + sha));
    }
    println!(
        "\n  non-SHA marginal per slot: {marginal} (identical for 4→8→12 slots); non-SHA fixed part: {fixed_non_sha}"
    );
    println!(
        "  SHA-256: {per_compression:.1} constraints per compression (1 vs 8 slots), {sha_fixed:.0} outside compressions (root/number decompositions); per slot {SLOT_BYTES}/64 compressions ≈ {:.0}; measured 16→64 slots: {sha_per_slot:.0}",
        per_compression * SLOT_BYTES as f64 / 64.0
    );
    for (a, b) in [(1usize, 2usize), (2, 3), (3, 4), (4, 8), (8, 12)] {
        let ra = rows.iter().find(|r| r.0 == a).unwrap();
        let rb = rows.iter().find(|r| r.0 == b).unwrap();
        println!(
            "  measured total marginal {a}→{b} slots: {:.0} per slot (SHA part {:.0})",
            (rb.1 - ra.1) as f64 / (b - a) as f64,
            (rb.3 - ra.3) as f64 / (b - a) as f64
        );
    }

    // Components of one slot.
    let signature = signature_cost();
    let message = poseidon_cost(3);
    let leaf_hash = poseidon_cost(4);
    let p2 = poseidon_cost(2);
    let (account_root_for, account_replace) = path_cost(depth as usize, false);
    let (balance_root_for, balance_replace) = path_cost(BALANCE_DEPTH as usize, false);
    let (_, fee_balance_replace) = path_cost(BALANCE_DEPTH as usize, true);
    let (pool_root_for, pool_replace) = path_cost(POOL_DEPTH as usize, false);
    let pool_id = bits_cost(POOL_ID_BITS as usize);
    let remainder = bits_cost(128);
    let token = bits_cost(TOKEN_ID_BITS as usize);
    let id = bits_cost(ACCOUNT_ID_BITS as usize);
    let nonce = bits_cost(32);
    let l1 = bits_cost(160);
    let balance = balance_bits_cost();
    let amount_code = decode_cost(true);
    let fee_code = decode_cost(false);
    let (key_bits, selection, _) = pubdata_replica(&setup_cs());
    println!(
        "\n  standalone: signature {signature}; Poseidon arity 2 {p2}, arity 3 {message}, arity 4 {leaf_hash}; root_for depth {depth} {account_root_for}, depth {BALANCE_DEPTH} {balance_root_for}, depth {POOL_DEPTH} {pool_root_for}; replace_leaf depth {POOL_DEPTH} {pool_replace}, to_bits_le 9/128: {pool_id}/{remainder}; replace_leaf depth {depth} {account_replace}, depth {BALANCE_DEPTH} {balance_replace} (enabled constant: {fee_balance_replace}); to_bits_le 10/24/32/160: {token}/{id}/{nonce}/{l1}; balance_bits {balance}; decode amount {amount_code}, fee {fee_code}; packed key bits {key_bits}; pubdata selection+tag {selection}"
    );
    // Uses per slot (see circuits/src/circuit/mod.rs).
    let range = 3 * token + 2 * id + nonce + l1 + 5 * balance + amount_code + fee_code;
    let swap_range = pool_id + remainder + 3 * balance;
    let parts: Vec<(&str, String, usize)> = vec![
        ("Signature (EdDSA-Poseidon gadget)", "1 × verify_signature_gadget".into(), signature),
        ("Signing-message Poseidon", "1 × Poseidon arity 3".into(), message),
        (
            "Account Merkle path A (before + after)",
            format!("2 × root_for depth {depth} + check + select"),
            account_replace,
        ),
        (
            "Recipient's account path or the pool path, shared (before + after)",
            format!("2 × root_for depth {depth} + check + select"),
            account_replace,
        ),
        ("Balance path A (before + after)", format!("2 × root_for depth {BALANCE_DEPTH} + check + select"), balance_replace),
        (
            "Balance path A, second balance (swap output token)",
            format!("2 × root_for depth {BALANCE_DEPTH} + check + select"),
            balance_replace,
        ),
        (
            "Shared balance path: B's transfer token or A's LP token (before + after)",
            format!("2 × root_for depth {BALANCE_DEPTH} + check + select"),
            balance_replace,
        ),
        (
            "Leaf hashes",
            "4 × Poseidon arity 4 (A before/after; recipient or pool before/after)".into(),
            4 * leaf_hash,
        ),
        (
            "Range checks / bit decompositions",
            "tokens ×3 (11), ids ×2 (25), nonce (33), L1 address (161), amount and 4 balances after (5 × 113), amount code (38), fee code (17)"
                .into(),
            range,
        ),
        (
            "Swap range checks",
            "pool id (10), remainder < divisor (129), out ≥ min and new reserves (3 × 113)".into(),
            swap_range,
        ),
        ("Pubdata: packed deposit key bits", "x·2 and y strict to_bits_le".into(), key_bits),
        ("Pubdata: per-type bit selection + tag", "AND/OR per pubdata bit".into(), selection),
    ];
    let explained: usize = parts.iter().map(|p| p.2).sum();
    let other = marginal as i64 - explained as i64;
    let total = marginal as f64 + sha_per_slot;
    println!("\n### Per slot at depth {depth} (every slot: Noop, Deposit, Transfer, Withdraw or Swap)\n");
    println!("| component | what | constraints | share |");
    println!("|---|---|---:|---:|");
    for (name, what, n) in &parts {
        println!("| {name} | {what} | {} | {:.1}% |", with_commas(*n), 100.0 * *n as f64 / total);
    }
    println!(
        "| Other (type flags, balance equations, swap product/quotient/selects, deposit key in the prime-order subgroup, packed-part range checks, expiry, nonzero checks, fee routing to the fee-credit entries…) | residual | {other} | {:.1}% |",
        100.0 * other as f64 / total
    );
    println!(
        "| **Subtotal without SHA-256 (measured marginal)** | | **{}** | {:.1}% |",
        with_commas(marginal),
        100.0 * marginal as f64 / total
    );
    println!(
        "| SHA-256 commitment share | {SLOT_BYTES}/64 compressions a slot (commitment gadget, 16→64 slots) | {} | {:.1}% |",
        with_commas(sha_per_slot.round() as usize),
        100.0 * sha_per_slot / total
    );
    println!("| **Total per slot** | | **{}** | 100% |", with_commas(total.round() as usize));
    println!(
        "\n  fixed part: {} non-SHA (state roots, {MAX_FEE_TOKENS} fee-credit balance paths, the fee leaf and its account path, …) + {sha_fixed:.0} SHA-256 outside the slot data compressions",
        with_commas(fixed_non_sha)
    );
    let transfer_parts = [
        ("Signature (EdDSA-Poseidon gadget)", signature),
        ("Signing-message Poseidon", message),
        ("Account path A (before + after)", account_replace),
        ("Recipient's account path (before + after)", account_replace),
        ("Balance path A (before + after)", balance_replace),
        ("Recipient's balance path (before + after)", balance_replace),
        ("Leaf hashes (4 × Poseidon arity 4)", 4 * leaf_hash),
    ];
    transfer_slot_counts(depth, &transfer_parts);
}

/// Per transfer slot: the non-SHA part from batches of 4 general slots and 8 or 16 transfer
/// slots, the SHA-256 share from the commitment gadget at 16 and 64 transfer slots.
fn transfer_slot_counts(depth: u32, parts: &[(&str, usize)]) {
    let general = MAX_FEE_TOKENS; // every fee-credit entry exists, so the fixed part is constant
    let non_sha = |transfer_slots: usize| {
        let layout = SlotLayout::new(general + transfer_slots, transfer_slots).expect("a general slot");
        let (constraints, _) = count_layout(layout, depth);
        let sha = commitment_cost_layout(layout);
        println!(
            "  {general} general + {transfer_slots} transfer slots: {} constraints, commitment gadget {}",
            with_commas(constraints),
            with_commas(sha)
        );
        constraints - sha
    };
    let (base, eight, sixteen) = (non_sha(0), non_sha(8), non_sha(16));
    if sixteen - eight != eight - base {
        println!("  WARNING: the non-SHA part of transfer slots is not linear: {base} → {eight} → {sixteen}");
    }
    // Rounded: the split between SHA-256 and the rest is off by a fraction of a constraint per
    // slot (two of a transfer slot's tag bits are constants, which the real gadget folds and the
    // stand-in bytes above do not). Whole batches are counted exactly.
    let marginal = ((eight - base) as f64 / 8.0).round() as usize;
    let sha =
        |transfer_slots: usize| commitment_cost_layout(SlotLayout { slots: general + transfer_slots, transfer_slots });
    let sha_per_slot = (sha(64) - sha(16)) as f64 / 48.0;
    let total = marginal as f64 + sha_per_slot;
    println!("\n### Per transfer slot at depth {depth} (a Transfer or Noop)\n");
    println!("| component | constraints | share |");
    println!("|---|---:|---:|");
    for (name, n) in parts {
        println!("| {name} | {} | {:.1}% |", with_commas(*n), 100.0 * *n as f64 / total);
    }
    let explained: usize = parts.iter().map(|p| p.1).sum();
    println!(
        "| Other (range checks, pubdata bits, type flags, balance equations, fee routing) | {} | {:.1}% |",
        with_commas(marginal - explained),
        100.0 * (marginal - explained) as f64 / total
    );
    println!(
        "| **Subtotal without SHA-256** | **{}** | {:.1}% |",
        with_commas(marginal),
        100.0 * marginal as f64 / total
    );
    println!(
        "| SHA-256 share ({TRANSFER_SLOT_BYTES}/64 compressions, commitment gadget at 16→64 transfer slots) | {} | {:.1}% |",
        with_commas(sha_per_slot.round() as usize),
        100.0 * sha_per_slot / total
    );
    println!("| **Total per transfer slot** | **{}** | 100% |", with_commas(total.round() as usize));
}

// ---------------------------------------------------------------------------------------------
// Set-up, prove, verify.

/// A sealed batch of transfers in every slot of `layout`, in a world of a few accounts at `depth`.
fn transfer_batch(layout: SlotLayout, depth: u32) -> SealedBatch {
    let accounts = 8;
    let mut world = TestWorld::new(accounts, depth);
    let mut builder = BatchBuilder::with_layout(1, layout, &world.state);
    for i in 0..layout.slots {
        let from = 1 + (i % (accounts - 1)) as u32;
        let to = 1 + ((i + 1) % (accounts - 1)) as u32;
        let tx = world.transfer(from, to, (i % 3) as u16, 1_230_000 + i as u128 * 10_000, 40);
        builder.push(world.state.apply(&tx).expect("valid transfer"));
    }
    assert!(builder.is_full());
    builder.seal(&mut world.state)
}

/// Witness values by the size class arkworks' MSM puts them in.
fn witness_profile(values: &[Fr]) -> [usize; 6] {
    let mut classes = [0usize; 6]; // 0/1, ≤8 bits, ≤16, ≤32, ≤64, larger
    for v in values {
        let bits = v.into_bigint().num_bits().min((-*v).into_bigint().num_bits());
        let class = match bits {
            0..=1 => 0,
            2..=8 => 1,
            9..=16 => 2,
            17..=32 => 3,
            33..=64 => 4,
            _ => 5,
        };
        classes[class] += 1;
    }
    classes
}

struct ProveResult {
    constraints: usize,
    witnesses: usize,
    prove: Measured,
    bits_fraction: f64,
}

fn prove(layout: SlotLayout, depth: u32) -> ProveResult {
    let SlotLayout { slots, transfer_slots } = layout;
    println!(
        "\n## {slots} slots ({transfer_slots} transfer slots), depth {depth}: set-up, prove, verify (MemAvailable {:.1} GiB)\n",
        free_gib()
    );
    let p = params(layout, depth);
    let (constraints, witnesses) = count_layout(layout, depth);
    println!("  {} constraints, {} witness variables", with_commas(constraints), with_commas(witnesses));
    let (batch, _) = measure("build the sealed batch (native)", || transfer_batch(layout, depth));

    // Synthesis alone, as the prover does it, and the witness profile.
    let ((profile, nonzeros), synthesis) = measure("synthesis with matrices + finalize (part of prove)", || {
        let circuit = BatchCircuit::from_sealed(p, &batch).expect("supported batch");
        let cs = ConstraintSystem::<Fr>::new_ref();
        cs.set_optimization_goal(OptimizationGoal::Constraints);
        cs.set_mode(SynthesisMode::Prove { construct_matrices: true, generate_lc_assignments: false });
        circuit.generate_constraints(cs.clone()).expect("synthesis");
        cs.finalize();
        let cs = cs.borrow().expect("borrow");
        let matrices = cs.to_matrices().expect("matrices");
        let nonzeros: usize = matrices.values().flatten().map(|m| m.iter().map(Vec::len).sum::<usize>()).sum();
        (witness_profile(cs.witness_assignment().expect("witness")), nonzeros)
    });
    let bits_fraction = profile[0] as f64 / witnesses as f64;
    println!(
        "  witness values: 0/1 {}, ≤8 bits {}, ≤16 {}, ≤32 {}, ≤64 {}, larger {} ({:.1}% are 0/1); A+B+C non-zeros {} ({:.1} per constraint)",
        profile[0],
        profile[1],
        profile[2],
        profile[3],
        profile[4],
        profile[5],
        100.0 * bits_fraction,
        nonzeros,
        nonzeros as f64 / constraints as f64
    );

    let (keys, setup) =
        measure("Keys::insecure_dev_setup (blank circuit)", || Keys::insecure_dev_setup(p, 7).expect("set-up"));
    let pk_bytes = ark_serialize::CanonicalSerialize::compressed_size(&keys.proving_key);
    let (proof, prove) = measure("Keys::prove (real sealed batch of transfers)", || keys.prove(&batch).expect("prove"));
    let commitment = batch.commitment();
    let runs = 20;
    let (ok, verify) = measure("Keys::verify ×20", || (0..runs).all(|_| keys.verify(commitment, &proof)));
    assert!(ok, "the proof verifies");
    assert!(!keys.verify(commitment + Fr::from(1u64), &proof), "a wrong commitment is refused");
    let per = |m: &Measured| (m.wall.as_secs_f64() * 1e6 / constraints as f64, m.cpu * 1e6 / constraints as f64);
    println!(
        "\n| slots | constraints | set-up wall (CPU) | prove wall (CPU) | of which synthesis wall (CPU) | verify | prove µs/constraint wall (CPU) | peak RSS set-up | peak RSS prove | proving key (compressed) |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {slots} | {} | {:.1} s ({:.1} s) | {:.1} s ({:.1} s) | {:.1} s ({:.1} s) | {:.2} ms | {:.2} ({:.2}) | {:.2} GiB | {:.2} GiB | {:.0} MiB |",
        with_commas(constraints),
        setup.wall.as_secs_f64(),
        setup.cpu,
        prove.wall.as_secs_f64(),
        prove.cpu,
        synthesis.wall.as_secs_f64(),
        synthesis.cpu,
        verify.wall.as_secs_f64() * 1e3 / runs as f64,
        per(&prove).0,
        per(&prove).1,
        setup.peak,
        prove.peak,
        pk_bytes as f64 / (1024.0 * 1024.0)
    );
    drop(keys);
    ProveResult { constraints, witnesses, prove, bits_fraction }
}

// ---------------------------------------------------------------------------------------------
// A bare circuit of the same size.

/// `constraints` constraints over `witnesses` witness variables and one public input:
/// a chain `x_{i+1} = x_i · y_i + c` where `y_i` is a fresh witness for the first constraints
/// (until the witness count is reached) and `x_i` itself afterwards; the first `booleans`
/// constraints are instead `b · b = b` on fresh 0/1 witnesses. One R1CS constraint each.
#[derive(Clone)]
struct Bare {
    constraints: usize,
    witnesses: usize,
    booleans: usize,
}

impl ConstraintSynthesizer<BnFr> for Bare {
    fn generate_constraints(self, cs: ConstraintSystemRef<BnFr>) -> Result<()> {
        let c = BnFr::from(7u64);
        let _input = cs.new_input_variable(|| Ok(BnFr::from(1u64)))?;
        let mut allocated = 0usize;
        for i in 0..self.booleans {
            let b = cs.new_witness_variable(|| Ok(BnFr::from((i % 2) as u64)))?;
            allocated += 1;
            let lc = || LinearCombination::from(b);
            cs.enforce_r1cs_constraint(lc, lc, lc)?;
        }
        let mut x_value = BnFr::from(3u64);
        let mut x = cs.new_witness_variable(|| Ok(x_value))?;
        allocated += 1;
        let chain = self.constraints - self.booleans;
        for i in 0..chain {
            // Fresh multiplicands while the witness budget allows one besides the new x.
            let left_in_chain = chain - i;
            let spare = self.witnesses.saturating_sub(allocated + left_in_chain);
            let (y, y_value): (Variable, BnFr) = if spare > 0 {
                let value = BnFr::from(i as u64 + 11) * x_value * x_value;
                (cs.new_witness_variable(|| Ok(value))?, value)
            } else {
                (x, x_value)
            };
            if spare > 0 {
                allocated += 1;
            }
            let next_value = x_value * y_value + c;
            let next = cs.new_witness_variable(|| Ok(next_value))?;
            allocated += 1;
            cs.enforce_r1cs_constraint(
                || LinearCombination::from(x),
                || LinearCombination::from(y),
                || LinearCombination::from(next) - (c, Variable::One),
            )?;
            x = next;
            x_value = next_value;
        }
        Ok(())
    }
}

fn bare(ours: &ProveResult, booleans: usize, label: &str) {
    let circuit = Bare { constraints: ours.constraints, witnesses: ours.witnesses, booleans };
    let cs = ConstraintSystem::<BnFr>::new_ref();
    cs.set_mode(SynthesisMode::Setup);
    circuit.clone().generate_constraints(cs.clone()).expect("bare synthesis");
    println!(
        "\n## Bare arkworks Groth16 ({label}): {} constraints, {} witness variables, {} boolean constraints\n",
        with_commas(cs.num_constraints()),
        with_commas(cs.num_witness_variables()),
        with_commas(booleans)
    );
    let mut rng = ChaCha20Rng::seed_from_u64(11);
    let ((pk, vk), setup) = measure("bare set-up", || {
        Groth16::<Bn254>::circuit_specific_setup(circuit.clone(), &mut rng).expect("bare set-up")
    });
    let (proof, prove) =
        measure("bare prove", || Groth16::<Bn254>::prove(&pk, circuit.clone(), &mut rng).expect("bare prove"));
    assert!(Groth16::<Bn254>::verify(&vk, &[BnFr::from(1u64)], &proof).expect("verify"));
    let n = ours.constraints as f64;
    let us = |m: &Measured| (m.wall.as_secs_f64() * 1e6 / n, m.cpu * 1e6 / n);
    let (ours_wall, ours_cpu) = us(&ours.prove);
    let (bare_wall, bare_cpu) = us(&prove);
    println!(
        "\n| prover | constraints | prove wall (CPU) | µs/constraint wall | µs/constraint CPU | set-up wall (CPU) |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    println!(
        "| batch circuit | {} | {:.1} s ({:.1} s) | {ours_wall:.2} | {ours_cpu:.2} | |",
        with_commas(ours.constraints),
        ours.prove.wall.as_secs_f64(),
        ours.prove.cpu
    );
    println!(
        "| bare chain ({label}) | {} | {:.1} s ({:.1} s) | {bare_wall:.2} | {bare_cpu:.2} | {:.1} s ({:.1} s) |",
        with_commas(ours.constraints),
        prove.wall.as_secs_f64(),
        prove.cpu,
        setup.wall.as_secs_f64(),
        setup.cpu
    );
    println!("| ratio ours / bare | | | {:.2}x | {:.2}x | |", ours_wall / bare_wall, ours_cpu / bare_cpu);
}

fn main() {
    let parts = env_list("CIRCUIT_BENCH_PARTS", "counts,prove,bare");
    let slots: Vec<SlotLayout> = env_list("CIRCUIT_BENCH_SLOTS", "16")
        .iter()
        .map(|s| {
            let (slots, transfer_slots) = s.split_once('/').unwrap_or((s, "0"));
            let number = |n: &str| n.parse().expect("CIRCUIT_BENCH_SLOTS: N or N/T (T transfer slots)");
            SlotLayout::new(number(slots), number(transfer_slots)).expect("CIRCUIT_BENCH_SLOTS: a general slot")
        })
        .collect();
    let depth: u32 = std::env::var("CIRCUIT_BENCH_DEPTH").ok().map_or(24, |s| s.parse().expect("CIRCUIT_BENCH_DEPTH"));
    let bare_variants = env_list("CIRCUIT_BENCH_BARE", "random,bits");
    println!(
        "# Batch circuit benchmark: {} threads (rayon), MemAvailable {:.1} GiB, load {}",
        rayon::current_num_threads(),
        free_gib(),
        load()
    );
    if parts.iter().any(|p| p == "counts") {
        counts(depth);
    }
    if parts.iter().any(|p| p == "prove") {
        for &n in &slots {
            let ours = prove(n, depth);
            if parts.iter().any(|p| p == "bare") {
                for variant in &bare_variants {
                    match variant.as_str() {
                        "random" => bare(&ours, 0, "full-size values"),
                        "bits" => {
                            let booleans = (ours.bits_fraction * ours.witnesses as f64) as usize;
                            bare(&ours, booleans.min(ours.constraints), "0/1 share matched")
                        }
                        other => panic!("unknown bare variant {other}"),
                    }
                }
            }
        }
    }
}
