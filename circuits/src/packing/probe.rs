//! Test instruments for the packed parts (compiled only for tests and the `test-utils`
//! feature): a re-split of two fields of one layout, applied where the circuit allocates the
//! parts so that the tampered values flow through every rule that reads them, with the packed
//! element unchanged; labels that name each part's range-check constraints; and, to show that
//! an attack witness is real, a switch that leaves chosen fields unchecked.
//!
//! The state is thread-local: [`run`] installs it on the thread that synthesizes.

use std::cell::RefCell;
use std::ops::Range;

use ark_ff::{AdditiveGroup, Field};
use ark_r1cs_std::{alloc::AllocVar, boolean::Boolean, fields::fp::FpVar, GR1CSVar};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

use super::{pow2, FieldRef, PackedLayout};
use crate::field::Fr;

/// Two fields of one layout changed together, the packed element unchanged: the lower part
/// gains `low_delta` and the higher one `−low_delta · 2^(o_low − o_high)` (a field element).
#[derive(Clone, Copy, Debug)]
pub struct Resplit {
    /// The layout.
    pub layout: &'static PackedLayout,
    /// The lower field's index.
    pub low: usize,
    /// The higher field's index.
    pub high: usize,
    /// What the lower part gains.
    pub low_delta: Fr,
    /// Which allocation of each field to change (`Some(k)`: the `k`-th, so slot `k` of a
    /// batch of general slots); `None`: every one.
    pub occurrence: Option<usize>,
}

impl Resplit {
    /// The lower part gains one; the higher one absorbs `−2^(o_low − o_high)`, far out of range.
    pub fn raise_low(layout: &'static PackedLayout, low: usize, high: usize) -> Self {
        Self { layout, low, high, low_delta: Fr::ONE, occurrence: None }
    }

    /// The higher part gains one; the lower one absorbs `−2^(o_high − o_low)`, below zero.
    pub fn raise_high(layout: &'static PackedLayout, low: usize, high: usize) -> Self {
        let low_delta = -(pow2(layout.fields[high].offset) * pow2(layout.fields[low].offset).inverse().expect("2^k"));
        Self { layout, low, high, low_delta, occurrence: None }
    }

    /// What is added to the part that feeds field `index` (zero for other fields).
    fn delta(&self, index: usize) -> Fr {
        let offset = |i: usize| pow2(self.layout.fields[i].offset);
        if index == self.low {
            self.low_delta
        } else if index == self.high {
            -self.low_delta * offset(self.low) * offset(self.high).inverse().expect("a power of two")
        } else {
            Fr::ZERO
        }
    }
}

#[derive(Default)]
struct Probe {
    resplit: Option<Resplit>,
    unchecked: Vec<FieldRef>,
    /// The fields whose parts the re-split changed.
    touched: Vec<FieldRef>,
    /// How many parts feeding each field were allocated so far.
    seen: Vec<(FieldRef, usize)>,
    /// Each part's range-check constraints.
    labels: Vec<(Range<usize>, String)>,
    /// The range checks whose recomposition constraint the assignment violates.
    violated: Vec<FieldRef>,
}

thread_local! {
    static PROBE: RefCell<Option<Probe>> = const { RefCell::new(None) };
}

fn with_probe<R>(f: impl FnOnce(&mut Probe) -> R) -> Option<R> {
    PROBE.with(|probe| probe.borrow_mut().as_mut().map(f))
}

/// The part's value after the installed re-split, if it touches one of `feeds`.
pub(super) fn adjust(value: Fr, feeds: &[FieldRef]) -> Fr {
    with_probe(|probe| {
        let Some(resplit) = probe.resplit else { return value };
        let mut adjusted = value;
        for feed in feeds.iter().filter(|feed| feed.layout.name == resplit.layout.name) {
            let occurrence = next_occurrence(&mut probe.seen, *feed);
            let delta = resplit.delta(feed.index);
            if delta != Fr::ZERO && resplit.occurrence.is_none_or(|k| k == occurrence) {
                adjusted += delta;
                probe.touched.push(*feed);
            }
        }
        adjusted
    })
    .unwrap_or(value)
}

/// How many parts feeding `field` came before this one.
fn next_occurrence(seen: &mut Vec<(FieldRef, usize)>, field: FieldRef) -> usize {
    match seen.iter_mut().find(|(known, _)| *known == field) {
        Some((_, count)) => {
            *count += 1;
            *count - 1
        }
        None => {
            seen.push((field, 1));
            0
        }
    }
}

/// Whether the range check of a part feeding `feeds` is switched off.
pub(super) fn skips(feeds: &[FieldRef]) -> bool {
    with_probe(|probe| feeds.iter().any(|feed| probe.unchecked.contains(feed))).unwrap_or(false)
}

/// The low `width` bits of `value`, allocated with no constraint tying them to it: what a
/// circuit without the range check would accept.
pub(super) fn unchecked_bits(value: &FpVar<Fr>, width: u32) -> Result<Vec<Boolean<Fr>>, SynthesisError> {
    use ark_ff::{BigInteger, PrimeField};
    let bits = value.value().map(|v| v.into_bigint().to_bits_le()).unwrap_or_default();
    (0..width as usize)
        .map(|i| Boolean::new_witness(value.cs(), || Ok(bits.get(i).copied().unwrap_or(false))))
        .collect()
}

/// The number of constraints so far (the index of the next one).
pub(super) fn constraint_count(value: &FpVar<Fr>) -> usize {
    value.cs().num_constraints()
}

/// Names constraints `start..end` as the range check of a part feeding `feeds`, and records
/// the check as violated when its bits, as assigned, do not recompose to the value as
/// assigned: the range check's constraint `Σ bits_i·2^i = value`, evaluated on the witness.
pub(super) fn label(start: usize, end: usize, feeds: &[FieldRef], value: &FpVar<Fr>, bits: &[Boolean<Fr>]) {
    if start == end {
        return;
    }
    let names: Vec<String> = feeds.iter().map(FieldRef::to_string).collect();
    let recomposed = Boolean::le_bits_to_fp(bits).ok().and_then(|sum| sum.value().ok());
    let violated = recomposed.is_some() && recomposed != value.value().ok();
    with_probe(|probe| {
        probe.labels.push((start..end, format!("range check of {}", names.join(" / "))));
        if violated {
            probe.violated.extend_from_slice(feeds);
        }
    });
}

/// What a probed synthesis found.
#[derive(Debug)]
pub struct Outcome {
    /// The first unsatisfied constraint: "range check of layout.field" for a part's range
    /// check, arkworks' own name otherwise; `None` when the circuit is satisfied.
    pub unsatisfied: Option<String>,
    /// The fields whose parts the re-split changed (once per allocation).
    pub touched: Vec<FieldRef>,
    /// The fields whose range check the witness violates (once per allocation).
    pub violated: Vec<FieldRef>,
}

/// Synthesizes with `resplit` applied and the range checks of `unchecked` switched off, on
/// the same one-thread pool as [`crate::circuit::first_unsatisfied`].
pub fn run(
    resplit: Option<Resplit>,
    unchecked: &[FieldRef],
    synthesize: impl FnOnce(&ConstraintSystemRef<Fr>) + Send,
) -> Outcome {
    let mut found: Option<Probe> = None;
    let unsatisfied = crate::circuit::first_unsatisfied(|cs| {
        PROBE.with(|probe| {
            *probe.borrow_mut() = Some(Probe { resplit, unchecked: unchecked.to_vec(), ..Probe::default() })
        });
        synthesize(cs);
        found = PROBE.with(|probe| probe.borrow_mut().take());
    });
    let probe = found.expect("the probe was installed");
    let unsatisfied = unsatisfied.map(|name| name_of(&name, &probe.labels));
    Outcome { unsatisfied, touched: probe.touched, violated: probe.violated }
}

/// arkworks names an untraced constraint "<predicate> - <index>": the label of the range
/// check that holds that index, or the name itself.
fn name_of(name: &str, labels: &[(Range<usize>, String)]) -> String {
    let index = name.rsplit(" - ").next().and_then(|index| index.trim().parse::<usize>().ok());
    index
        .and_then(|index| labels.iter().find(|(range, _)| range.contains(&index)))
        .map(|(_, label)| label.clone())
        .unwrap_or_else(|| name.to_string())
}
