//! On-chain Poseidon: Solidity libraries that compute circomlib's `Poseidon(2)` (width 3) and
//! `Poseidon(4)` (width 5) exactly as [`circuits::poseidon::hash`] does, generated here from the
//! very constants the circuit and the native hash use ([`PoseidonParams::for_arity`]), so the
//! three cannot drift. The output is the committed `contracts/src/Poseidon.sol`
//! (`prover/tests/exit_fixture.rs` checks that it is current).
//!
//! # What is generated
//!
//! The permutation of `circuits::poseidon` (circomlib's optimised form: 4 full rounds, the last
//! of them mixing with the pre-sparse matrix, the partial rounds with one sparse matrix each, 4
//! full rounds) is unrolled into inline assembly, every constant a literal. The state lives on
//! the stack (`s0..s{t-1}`); `state[0]` starts as the capacity 0 and the inputs go to
//! `state[1..]`; the output is `state[0]` after the permutation. The constants used three times or
//! more (the MDS matrix's entries, of which one also heads every sparse matrix) are stored in
//! memory once at the start and read with `mload`: solc's legacy optimiser would otherwise
//! replace most uses of a repeated 32-byte literal with a `codecopy` from the data section, about
//! 40 gas each instead of 6.
//!
//! Reductions are lazy: the field modulus p is a bit under 2^254, so a word holds any value
//! below 5p ([`MAX_LAZY`]), and `mulmod` accepts any word. A value is reduced only where a sum
//! could otherwise pass 5p: the generator tracks, for every state element, a bound `k` with
//! `value < k·p` and emits `add` where the bound allows it and `addmod` (which reduces) where it
//! does not. The output is reduced (`mod`). Inputs are taken modulo p (`addmod` with the first
//! round constants), so `hash(x)` is `Poseidon(x mod p)` for any words.
//!
//! # Contract size
//!
//! The unrolled code takes about 36 bytes per embedded constant. Width 3 fits one contract
//! (about 14.4 KB); width 5 (about 28 KB) does not fit EIP-170's 24,576 bytes, so its
//! permutation is cut into `parts` libraries of about equal size, each an `external` function
//! that hands the state (5 words) to the next, and a library `PoseidonT{t}` with an `internal`
//! `hash` chains the calls. Every library with an `external` function is deployed once and
//! linked into its callers (`forge` links them in tests by itself).
//!
//! # Gas
//!
//! Measured by contracts/test/ExitProof.t.sol (`test_gas_poseidon`, with `-vv`), the call from
//! a contract included: about 14.7k gas for `PoseidonT3.hash` and 28k for `PoseidonT5.hash` (two
//! calls), plus 2.5k per library at its first use in a transaction.

use std::collections::HashMap;

use ark_ff::{BigInteger, PrimeField};
use circuits::field::Fr;
use circuits::poseidon::{PoseidonParams, FULL_ROUNDS};

/// The largest multiple of p below 2^256 is 5p: a word holds any sum of five reduced values.
pub const MAX_LAZY: u32 = 5;
/// A state element whose value can be any word (read from calldata): it must be reduced
/// (`addmod`, `mulmod`) before an `add`.
const ANY: u32 = MAX_LAZY + 1;

/// A constant used this many times or more in one library is stored in memory once and read
/// with `mload` (6 gas) rather than embedded at each use (3 gas): solc's legacy optimiser
/// (optimizer_runs = 200) would otherwise replace each use of a repeated 32-byte literal with a
/// `codecopy` from the data section, which saves and restores the scratch word around it, about
/// 40 gas per use.
const MIN_REPEATS: usize = 3;
/// Where those constants live: from 0x80, the start of Solidity's free memory (a part's `out`
/// array may overlap them; it is written after their last use).
const MEMORY_BASE: usize = 0x80;

/// The libraries generated, as (arity, parts): `Poseidon(2)` in one contract, `Poseidon(4)`
/// in two (see the module documentation).
pub const LIBRARIES: [(usize, usize); 2] = [(2, 1), (4, 2)];

/// The Solidity source of `contracts/src/Poseidon.sol`: `PoseidonT3` and `PoseidonT5` (with
/// `PoseidonT5Part1`, `PoseidonT5Part2`).
pub fn poseidon_libraries() -> String {
    let mut out = String::from(HEADER);
    for (arity, parts) in LIBRARIES {
        out.push('\n');
        out.push_str(&library(arity, parts));
    }
    out
}

const HEADER: &str = r#"// SPDX-License-Identifier: Apache-2.0
// GENERATED FILE, do not edit: prover::poseidon_sol::poseidon_libraries (prover/src/poseidon_sol.rs)
// wrote it from the constants of circuits::poseidon (circomlib's optimised form).
// Regenerate: UPDATE_FIXTURES=1 cargo test -p prover --test exit_fixture.
pragma solidity ^0.8.24;

// Poseidon over BN254's scalar field with circomlib's parameters, equal to circomlibjs's
// poseidon([...]) and to the rollup circuit's hash:
//   PoseidonT3.hash([a, b])        = Poseidon(a, b)         (Merkle nodes)
//   PoseidonT5.hash([a, b, c, d])  = Poseidon(a, b, c, d)   (account leaves, the state root)
// Inputs are taken modulo p (any uint256 is accepted); the output is reduced (< p).
// The permutation is unrolled, all constants are literals (those used three times or more are
// stored in memory at the start and read back), and the state stays on the stack with lazy
// reductions (prover/src/poseidon_sol.rs explains them). PoseidonT5's permutation is
// too large for one contract (EIP-170), so it is split over PoseidonT5Part1 and PoseidonT5Part2;
// PoseidonT5.hash is internal and calls both. The libraries with external functions
// (PoseidonT3, PoseidonT5Part1, PoseidonT5Part2) are deployed once and linked into callers.
"#;

/// The steps of the permutation after the inputs are loaded (with the first round constants).
#[derive(Clone, Copy)]
enum Step<'a> {
    /// S-box on every element, then `constants` (if any), then `next[i] = Σ_j m[j·t + i]·s_j`.
    Full { constants: Option<&'a [Fr]>, matrix: &'a [Fr] },
    /// S-box and `constant` on `state[0]`, then the sparse matrix (`2t − 1` entries).
    Partial { constant: Fr, sparse: &'a [Fr] },
}

impl Step<'_> {
    /// Literals the step embeds (for balancing the parts).
    fn literals(&self, width: usize) -> usize {
        match self {
            Step::Full { constants, .. } => constants.map_or(0, |c| c.len()) + width * width,
            Step::Partial { .. } => 2 * width,
        }
    }
}

/// The permutation as steps, following `circuits::poseidon::permute`.
fn steps(params: &PoseidonParams) -> Vec<Step<'_>> {
    let t = params.width;
    let half = FULL_ROUNDS / 2;
    let c = &params.round_constants;
    let mut steps = Vec::new();
    for round in 0..half - 1 {
        steps.push(Step::Full { constants: Some(&c[(round + 1) * t..(round + 2) * t]), matrix: &params.mds });
    }
    steps.push(Step::Full { constants: Some(&c[half * t..(half + 1) * t]), matrix: &params.pre_sparse });
    let partial_constants = &c[(half + 1) * t..(half + 1) * t + params.partial_rounds];
    for (round, sparse) in params.sparse.chunks_exact(2 * t - 1).enumerate() {
        steps.push(Step::Partial { constant: partial_constants[round], sparse });
    }
    let tail = &c[(half + 1) * t + params.partial_rounds..];
    for round in 0..half - 1 {
        steps.push(Step::Full { constants: Some(&tail[round * t..(round + 1) * t]), matrix: &params.mds });
    }
    steps.push(Step::Full { constants: None, matrix: &params.mds });
    steps
}

/// A field element as a 32-byte hex literal.
fn literal(value: &Fr) -> String {
    format!("0x{}", hex::encode(value.into_bigint().to_bytes_be()))
}

/// Emits the assembly of consecutive steps, tracking each element's bound.
struct Emitter<'a> {
    width: usize,
    /// `bounds[i] = k`: `s{i} < k·p` ([`ANY`]: any word).
    bounds: Vec<u32>,
    /// Constants read from memory, by slot (`MEMORY_BASE + 32·slot`).
    slots: &'a HashMap<Fr, usize>,
    /// Every constant the code uses, in order (to find the repeated ones).
    used: Vec<Fr>,
    depth: usize,
    code: String,
}

impl Emitter<'_> {
    /// A constant: its literal, or the memory word that holds it.
    fn constant(&mut self, value: &Fr) -> String {
        self.used.push(*value);
        match self.slots.get(value) {
            Some(slot) => format!("mload({:#x})", MEMORY_BASE + 32 * slot),
            None => literal(value),
        }
    }

    fn open(&mut self) {
        self.line("{");
        self.depth += 1;
    }

    fn close(&mut self) {
        self.depth -= 1;
        self.line("}");
    }

    fn line(&mut self, text: &str) {
        self.code.push_str(&"    ".repeat(3 + self.depth));
        self.code.push_str(text);
        self.code.push('\n');
    }

    /// `Σ_j matrix[j·t + column]·s_j`, unreduced (bound `t`).
    fn dot(&mut self, matrix: &[Fr], column: usize) -> String {
        let t = self.width;
        assert!(t as u32 <= MAX_LAZY, "a sum of {t} products must fit a word");
        let mut sum = format!("mulmod(s0, {}, p)", self.constant(&matrix[column]));
        for j in 1..t {
            sum = format!("add({sum}, mulmod(s{j}, {}, p))", self.constant(&matrix[j * t + column]));
        }
        sum
    }

    /// `s{i} := s{i}^5 (+ constant)`.
    fn sbox(&mut self, i: usize, constant: Option<&Fr>) {
        self.line(&format!("t := mulmod(s{i}, s{i}, p)"));
        let power = format!("mulmod(mulmod(t, t, p), s{i}, p)");
        match constant {
            Some(c) => {
                let c = self.constant(c);
                self.line(&format!("s{i} := add({power}, {c})"));
                self.bounds[i] = 2;
            }
            None => {
                self.line(&format!("s{i} := {power}"));
                self.bounds[i] = 1;
            }
        }
    }

    fn full(&mut self, constants: Option<&[Fr]>, matrix: &[Fr], output_only: bool) {
        let t = self.width;
        self.open();
        self.line("let t");
        for i in 0..t {
            self.sbox(i, constants.map(|c| &c[i]));
        }
        if output_only {
            let sum = self.dot(matrix, 0);
            self.line(&format!("out := mod({sum}, p)"));
        } else {
            for i in 0..t - 1 {
                let sum = self.dot(matrix, i);
                self.line(&format!("let n{i} := {sum}"));
            }
            let sum = self.dot(matrix, t - 1);
            self.line(&format!("s{} := {sum}", t - 1));
            for i in 0..t - 1 {
                self.line(&format!("s{i} := n{i}"));
            }
            self.bounds.iter_mut().for_each(|b| *b = t as u32);
        }
        self.close();
    }

    fn partial(&mut self, constant: &Fr, sparse: &[Fr]) {
        let t = self.width;
        self.open();
        self.line("let t := mulmod(s0, s0, p)");
        let c = self.constant(constant);
        self.line(&format!("s0 := add(mulmod(mulmod(t, t, p), s0, p), {c})"));
        // The new state[0]: the sparse matrix's first row against the whole state.
        let mut first = format!("mulmod(s0, {}, p)", self.constant(&sparse[0]));
        for (j, m) in sparse[1..t].iter().enumerate() {
            first = format!("add({first}, mulmod(s{}, {}, p))", j + 1, self.constant(m));
        }
        self.line(&format!("t := {first}"));
        // The others: s_i += head·sparse[t + i − 1], head being state[0] after the S-box.
        for (i, m) in (1..t).zip(&sparse[t..]) {
            let product = format!("mulmod(s0, {}, p)", self.constant(m));
            if self.bounds[i] < MAX_LAZY {
                self.line(&format!("s{i} := add(s{i}, {product})"));
                self.bounds[i] += 1;
            } else {
                self.line(&format!("s{i} := addmod(s{i}, {product}, p)"));
                self.bounds[i] = 1;
            }
        }
        self.line("s0 := t");
        self.bounds[0] = t as u32;
        self.close();
    }
}

/// The assembly of one part: loads its state (the inputs for the first part), runs `run`,
/// and leaves `out` (the hash for the last part, else the state in memory).
fn emit_part<'a>(
    params: &PoseidonParams,
    run: &[Step<'_>],
    first: bool,
    last: bool,
    slots: &'a HashMap<Fr, usize>,
) -> Emitter<'a> {
    let t = params.width;
    let mut emitter =
        Emitter { width: t, bounds: vec![ANY; t], slots, used: Vec::new(), depth: 0, code: String::new() };
    if first {
        // state = [0, inputs] + the first round constants; inputs reduced by addmod.
        let c = emitter.constant(&params.round_constants[0]);
        emitter.line(&format!("let s0 := {c}"));
        for i in 1..t {
            let load = if i == 1 {
                "calldataload(inputs)".to_owned()
            } else {
                format!("calldataload(add(inputs, {:#x}))", 32 * (i - 1))
            };
            let c = emitter.constant(&params.round_constants[i]);
            emitter.line(&format!("let s{i} := addmod({load}, {c}, p)"));
        }
        emitter.bounds.iter_mut().for_each(|b| *b = 1);
    } else {
        for i in 0..t {
            let load = if i == 0 {
                "calldataload(state)".to_owned()
            } else {
                format!("calldataload(add(state, {:#x}))", 32 * i)
            };
            emitter.line(&format!("let s{i} := {load}"));
        }
    }
    for (index, step) in run.iter().enumerate() {
        match *step {
            Step::Full { constants, matrix } => emitter.full(constants, matrix, last && index + 1 == run.len()),
            Step::Partial { constant, sparse } => emitter.partial(&constant, sparse),
        }
    }
    if !last {
        // After the last use of the constants in memory, which `out` may overlap.
        for i in 0..t {
            let at = if i == 0 { "out".to_owned() } else { format!("add(out, {:#x})", 32 * i) };
            emitter.line(&format!("mstore({at}, s{i})"));
        }
    }
    emitter
}

/// Names the rounds of steps `from..to` ("full rounds 1-4 and partial rounds 1-30").
fn describe(params: &PoseidonParams, from: usize, to: usize) -> String {
    let half = FULL_ROUNDS / 2;
    let range = |kind: &str, a: usize, b: usize| match b - a {
        0 => None,
        1 => Some(format!("{kind} round {}", a + 1)),
        _ => Some(format!("{kind} rounds {}-{b}", a + 1)),
    };
    let clamp = |a: usize, b: usize| (from.clamp(a, b), to.clamp(a, b));
    let (f1, t1) = clamp(0, half);
    let (f2, t2) = clamp(half, half + params.partial_rounds);
    let (f3, t3) = clamp(half + params.partial_rounds, 2 * half + params.partial_rounds);
    let parts: Vec<String> = [
        range("full", f1, t1),
        range("partial", f2 - half, t2 - half),
        range("full", f3 - params.partial_rounds, t3 - params.partial_rounds),
    ]
    .into_iter()
    .flatten()
    .collect();
    parts.join(" and ")
}

/// The Solidity source of the library (or libraries) for `arity` inputs.
fn library(arity: usize, parts: usize) -> String {
    let params = PoseidonParams::for_arity(arity);
    let t = params.width;
    let steps = steps(params);
    // Cut the steps into `parts` runs of about equal size.
    let total: usize = steps.iter().map(|s| s.literals(t)).sum();
    let mut cuts = vec![0];
    let mut seen = 0;
    for (index, step) in steps.iter().enumerate() {
        if seen * parts >= total * cuts.len() && cuts.len() < parts {
            cuts.push(index);
        }
        seen += step.literals(t);
    }
    cuts.push(steps.len());
    assert_eq!(cuts.len(), parts + 1, "every part has steps");

    let modulus = format!("0x{}", hex::encode(Fr::MODULUS.to_bytes_be()));
    let name = format!("PoseidonT{t}");
    let words = |n: usize| format!("uint256[{n}]");
    let mut out = String::new();
    if parts > 1 {
        let mut chain = "inputs".to_owned();
        for part in 1..=parts {
            let function = if part == 1 {
                "start"
            } else if part == parts {
                "finish"
            } else {
                "next"
            };
            chain = format!("{name}Part{part}.{function}({chain})");
        }
        out.push_str(&format!(
            r#"/// @notice Poseidon with {arity} inputs (width {t}): `hash(inputs)` = circomlib's Poseidon(inputs),
/// inputs taken modulo p. The permutation runs in {parts} linked libraries (EIP-170).
library {name} {{
    function hash({inputs} memory inputs) internal pure returns (uint256) {{
        return {chain};
    }}
}}

"#,
            inputs = words(arity)
        ));
    }
    for part in 1..=parts {
        let (first, last) = (part == 1, part == parts);
        let run = &steps[cuts[part - 1]..cuts[part]];
        // Once to see which constants repeat, then with those in memory.
        let used = emit_part(params, run, first, last, &HashMap::new()).used;
        let mut slots = HashMap::new();
        for value in &used {
            if !slots.contains_key(value) && used.iter().filter(|v| *v == value).count() >= MIN_REPEATS {
                slots.insert(*value, slots.len());
            }
        }
        let emitter = emit_part(params, run, first, last, &slots);
        let mut memory: Vec<(&Fr, &usize)> = slots.iter().collect();
        memory.sort_by_key(|(_, slot)| **slot);
        let memory: String = memory
            .iter()
            .map(|(value, slot)| format!("            mstore({:#x}, {})\n", MEMORY_BASE + 32 * *slot, literal(value)))
            .collect();
        let rounds = describe(params, cuts[part - 1], cuts[part]);
        let (library, doc, signature) = match (first, last) {
            (true, true) => (
                name.clone(),
                format!(
                    "/// @notice Poseidon with {arity} inputs (width {t}): `hash(inputs)` = circomlib's Poseidon(inputs),\n\
                     /// inputs taken modulo p."
                ),
                format!("function hash({} calldata inputs) external pure returns (uint256 out)", words(arity)),
            ),
            (true, false) => (
                format!("{name}Part{part}"),
                format!(
                    "/// @notice Part {part} of {parts} of {name}'s permutation (use {name}.hash): loads the inputs,\n\
                     /// runs {rounds} and returns the state (unreduced words)."
                ),
                format!("function start({} calldata inputs) external pure returns ({} memory out)", words(arity), words(t)),
            ),
            (false, true) => (
                format!("{name}Part{part}"),
                format!(
                    "/// @notice Part {part} of {parts} of {name}'s permutation (use {name}.hash): runs {rounds}\n\
                     /// from any state words and returns state[0], reduced."
                ),
                format!("function finish({} calldata state) external pure returns (uint256 out)", words(t)),
            ),
            (false, false) => (
                format!("{name}Part{part}"),
                format!(
                    "/// @notice Part {part} of {parts} of {name}'s permutation (use {name}.hash): runs {rounds}\n\
                     /// from any state words and returns the state (unreduced words)."
                ),
                format!("function next({} calldata state) external pure returns ({} memory out)", words(t), words(t)),
            ),
        };
        out.push_str(&format!(
            r#"{doc}
library {library} {{
    uint256 internal constant P = {modulus};

    {signature} {{
        assembly ("memory-safe") {{
            let p := P
{memory}{code}        }}
    }}
}}
"#,
            code = emitter.code
        ));
        if part < parts {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ff::BigInt;

    /// 5p < 2^256 <= 6p: the lazy bound is right for BN254's scalar field.
    #[test]
    fn five_reduced_values_fit_a_word_and_six_do_not() {
        let p = Fr::MODULUS;
        let mut sum = BigInt::<4>::zero();
        for _ in 0..MAX_LAZY {
            assert!(!sum.add_with_carry(&p), "k·p overflows for k <= MAX_LAZY");
        }
        assert!(sum.add_with_carry(&p), "(MAX_LAZY + 1)·p overflows a word");
    }

    #[test]
    fn every_constant_is_embedded() {
        let source = poseidon_libraries();
        for (arity, _) in LIBRARIES {
            let params = PoseidonParams::for_arity(arity);
            for c in params.round_constants.iter().chain(&params.mds).chain(&params.pre_sparse).chain(&params.sparse) {
                assert!(source.contains(&literal(c)), "arity {arity}: constant {c} is missing");
            }
        }
    }
}
