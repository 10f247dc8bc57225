//! The packing registry: every value that the rules pack as `a + 2^k·b (+ 2^m·c …)` into one
//! field element, declared once with its fields' offsets and widths.
//!
//! A packed element is only as sound as the uniqueness of its split: if a part may exceed its
//! width, a prover can move `2^k` from one part to the next with the sum unchanged (a smaller
//! nonce against a larger address, say) and every hash over the element still matches. So
//! each layout here is used three times, never restated:
//! - by the native encoders ([`PackedLayout::pack`], which refuses a part wider than its
//!   field): the signing message in [`crate::tx`], the account and pool leaves in
//!   [`crate::state`];
//! - by the circuit ([`constraints::PartVar`], [`constraints::pack_gadget`]), where every part
//!   is range-checked to its field's width and the gadget refuses, at synthesis, a part that
//!   was not declared for the field or not checked to its width;
//! - by docs/protocol.md, whose table [`markdown_table`] writes (a test compares the two).
//!
//! The tests re-split every pair of fields of every layout ([`probe`]) and check that the
//! batch circuit names the broken range check.

pub mod constraints;
#[cfg(any(test, feature = "test-utils"))]
pub mod probe;

use ark_ff::{AdditiveGroup, BigInteger, Field, PrimeField};

use crate::amount::{AMOUNT_FORMAT, BALANCE_BITS, FEE_FORMAT};
use crate::field::Fr;
use crate::state::{ACCOUNT_ID_BITS, POOL_ID_BITS, TOKEN_ID_BITS};

/// One field of a packed element: `value · 2^offset`, with `value < 2^width`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PackedField {
    /// The field's name (as in the transaction's JSON or the leaf's struct).
    pub name: &'static str,
    /// Bit offset of the field's least significant bit.
    pub offset: u32,
    /// Bits the field may use: the circuit range-checks it to this width.
    pub width: u32,
}

/// A packed element: its fields from the least significant up.
#[derive(Debug, PartialEq, Eq)]
pub struct PackedLayout {
    /// The layout's name, as the docs and the tests call it.
    pub name: &'static str,
    /// What the element is, for the docs.
    pub role: &'static str,
    /// The fields, by increasing offset.
    pub fields: &'static [PackedField],
}

const fn field(name: &'static str, offset: u32, width: u32) -> PackedField {
    PackedField { name, offset, width }
}

/// An account leaf's fourth Poseidon input.
pub const ACCOUNT_WORD: PackedLayout = PackedLayout {
    name: "account_word",
    role: "account leaf, 4th Poseidon input",
    fields: &[field("nonce", 0, 32), field("l1_address", 32, 160)],
};

/// A pool leaf's first Poseidon input.
pub const POOL_HEADER: PackedLayout = PackedLayout {
    name: "pool_header",
    role: "pool leaf, 1st Poseidon input",
    fields: &[field("token_a", 0, TOKEN_ID_BITS), field("token_b", 16, TOKEN_ID_BITS), field("fee_bps", 32, 14)],
};

/// The first input of every signing message.
pub const SIGNING_HEADER: PackedLayout = PackedLayout {
    name: "signing_header",
    role: "signing message, 1st input (every L2 type)",
    fields: &[
        field("type", 0, 3),
        field("chain_id", 8, 32),
        field("account", 40, ACCOUNT_ID_BITS),
        field("nonce", 72, 32),
        field("fee_code", 104, FEE_FORMAT.bits()),
        field("valid_until", 128, 32),
    ],
};

/// A transfer's first body word.
pub const TRANSFER_BODY: PackedLayout = PackedLayout {
    name: "transfer_body",
    role: "signing message, 2nd input of a transfer",
    fields: &[
        field("to", 0, ACCOUNT_ID_BITS),
        field("token", 32, TOKEN_ID_BITS),
        field("amount_code", 48, AMOUNT_FORMAT.bits()),
    ],
};

/// A withdrawal's first body word.
pub const WITHDRAW_BODY: PackedLayout = PackedLayout {
    name: "withdraw_body",
    role: "signing message, 2nd input of a withdrawal",
    fields: &[field("token", 0, TOKEN_ID_BITS), field("amount", 16, BALANCE_BITS)],
};

/// A swap's first body word.
pub const SWAP_BODY: PackedLayout = PackedLayout {
    name: "swap_body",
    role: "signing message, 2nd input of a swap",
    fields: &[
        field("pool", 0, POOL_ID_BITS),
        field("a_to_b", 16, 1),
        field("amount_in_code", 17, AMOUNT_FORMAT.bits()),
    ],
};

/// An added liquidity's first body word.
pub const ADD_LIQUIDITY_BODY: PackedLayout = PackedLayout {
    name: "add_liquidity_body",
    role: "signing message, 2nd input of an added liquidity",
    fields: &[
        field("pool", 0, POOL_ID_BITS),
        field("amount_a_code", 16, AMOUNT_FORMAT.bits()),
        field("max_amount_b_code", 48, AMOUNT_FORMAT.bits()),
    ],
};

/// A removed liquidity's first body word.
pub const REMOVE_LIQUIDITY_BODY: PackedLayout = PackedLayout {
    name: "remove_liquidity_body",
    role: "signing message, 2nd input of a removed liquidity",
    fields: &[field("pool", 0, POOL_ID_BITS), field("lp_amount", 16, BALANCE_BITS)],
};

/// A removed liquidity's second body word: both slippage bounds.
pub const REMOVE_LIQUIDITY_BOUNDS: PackedLayout = PackedLayout {
    name: "remove_liquidity_bounds",
    role: "signing message, 3rd input of a removed liquidity",
    fields: &[field("min_amount_a", 0, BALANCE_BITS), field("min_amount_b", BALANCE_BITS, BALANCE_BITS)],
};

/// Every packed layout.
pub const LAYOUTS: [&PackedLayout; 9] = [
    &ACCOUNT_WORD,
    &POOL_HEADER,
    &SIGNING_HEADER,
    &TRANSFER_BODY,
    &WITHDRAW_BODY,
    &SWAP_BODY,
    &ADD_LIQUIDITY_BODY,
    &REMOVE_LIQUIDITY_BODY,
    &REMOVE_LIQUIDITY_BOUNDS,
];

/// A part wider than its field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{layout}.{field} does not fit in {width} bits")]
pub struct PackError {
    /// The layout.
    pub layout: &'static str,
    /// The field.
    pub field: &'static str,
    /// Its width.
    pub width: u32,
}

/// One field of one layout, as the circuit's parts name what they feed.
#[derive(Clone, Copy, Debug)]
pub struct FieldRef {
    /// The layout.
    pub layout: &'static PackedLayout,
    /// The field's position in it.
    pub index: usize,
}

/// Layouts are constants (each use may have its own address), so a field is known by its
/// layout's name, which is unique (a test checks it).
impl PartialEq for FieldRef {
    fn eq(&self, other: &Self) -> bool {
        self.layout.name == other.layout.name && self.index == other.index
    }
}

impl Eq for FieldRef {}

impl FieldRef {
    /// The field.
    pub fn field(&self) -> &'static PackedField {
        &self.layout.fields[self.index]
    }
}

impl std::fmt::Display for FieldRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.layout.name, self.field().name)
    }
}

/// Whether `value` (as an integer below p) fits in `width` bits.
pub fn fits(value: Fr, width: u32) -> bool {
    value.into_bigint().num_bits() <= width
}

/// `2^bits` in the field.
pub fn pow2(bits: u32) -> Fr {
    Fr::from(2u64).pow([u64::from(bits)])
}

impl PackedLayout {
    /// The field called `name`. Panics when there is none (a programming error).
    pub fn field(&'static self, name: &str) -> FieldRef {
        let index = self
            .fields
            .iter()
            .position(|field| field.name == name)
            .unwrap_or_else(|| panic!("layout {} has no field {name}", self.name));
        FieldRef { layout: self, index }
    }

    /// `Σ part_i · 2^offset_i`, refusing any part wider than its field.
    pub fn pack(&self, parts: &[Fr]) -> Result<Fr, PackError> {
        assert_eq!(parts.len(), self.fields.len(), "one part per field of {}", self.name);
        self.fields.iter().zip(parts).try_fold(Fr::ZERO, |packed, (field, part)| {
            if !fits(*part, field.width) {
                return Err(PackError { layout: self.name, field: field.name, width: field.width });
            }
            Ok(packed + *part * pow2(field.offset))
        })
    }

    /// [`PackedLayout::pack`] of integer parts.
    pub fn pack_u128(&self, parts: &[u128]) -> Result<Fr, PackError> {
        self.pack(&parts.iter().map(|part| Fr::from(*part)).collect::<Vec<_>>())
    }

    /// The parts of a packed element (the inverse of [`PackedLayout::pack`]); `None` when
    /// bits outside every field are set.
    pub fn unpack(&self, packed: Fr) -> Option<Vec<Fr>> {
        let bits = packed.into_bigint().to_bits_le();
        let bit = |i: u32| bits.get(i as usize).copied().unwrap_or(false);
        let parts: Vec<Fr> = self
            .fields
            .iter()
            .map(|field| (0..field.width).rev().fold(Fr::ZERO, |acc, i| acc.double() + Fr::from(bit(field.offset + i))))
            .collect();
        (self.pack(&parts).ok()? == packed).then_some(parts)
    }

    /// Whether the fields are in order, do not overlap, and end below 2^253 (so that no packed
    /// element wraps around the field).
    pub fn is_well_formed(&self) -> bool {
        let ordered = self.fields.windows(2).all(|pair| pair[0].offset + pair[0].width <= pair[1].offset);
        let last = self.fields.last().expect("a layout has fields");
        ordered && last.offset + last.width < Fr::MODULUS_BIT_SIZE
    }
}

/// The docs' table of every packed layout (docs/protocol.md holds it verbatim).
pub fn markdown_table() -> String {
    let mut table = String::from("| Element | Where | Field | Bits | Width (range check) |\n|---|---|---|---|---|\n");
    for layout in LAYOUTS {
        for (i, field) in layout.fields.iter().enumerate() {
            let (name, role) = if i == 0 { (format!("`{}`", layout.name), layout.role) } else { (String::new(), "") };
            let bits = match field.width {
                1 => format!("{}", field.offset),
                width => format!("{}..{}", field.offset, field.offset + width),
            };
            table.push_str(&format!("| {name} | {role} | `{}` | {bits} | {} |\n", field.name, field.width));
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_layout_is_well_formed_and_round_trips() {
        let mut names: Vec<&str> = LAYOUTS.iter().map(|layout| layout.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), LAYOUTS.len(), "layout names are unique");
        for layout in LAYOUTS {
            assert!(layout.is_well_formed(), "{}", layout.name);
            let widest: Vec<Fr> = layout.fields.iter().map(|field| pow2(field.width) - Fr::ONE).collect();
            let packed = layout.pack(&widest).expect("the widest parts fit");
            assert_eq!(layout.unpack(packed), Some(widest), "{}", layout.name);
        }
    }

    #[test]
    fn a_part_wider_than_its_field_is_refused() {
        for layout in LAYOUTS {
            for (i, field) in layout.fields.iter().enumerate() {
                let mut parts = vec![Fr::ZERO; layout.fields.len()];
                parts[i] = pow2(field.width);
                let error = PackError { layout: layout.name, field: field.name, width: field.width };
                assert_eq!(layout.pack(&parts), Err(error));
                parts[i] = -Fr::ONE;
                assert!(layout.pack(&parts).is_err(), "{}.{} wrapped below zero", layout.name, field.name);
            }
        }
    }

    #[test]
    fn the_protocol_document_holds_the_registry_table() {
        const START: &str =
            "<!-- packing-table: generated by circuits::packing::markdown_table, checked by a test -->\n";
        const END: &str = "<!-- /packing-table -->";
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/protocol.md");
        let docs = std::fs::read_to_string(&path).expect("docs/protocol.md");
        let start = docs.find(START).expect("the table's opening marker") + START.len();
        let end = start + docs[start..].find(END).expect("the table's closing marker");
        let table = markdown_table();
        if std::env::var("UPDATE_DOCS").is_ok_and(|v| v == "1") {
            std::fs::write(&path, format!("{}{table}{}", &docs[..start], &docs[end..])).expect("rewrite the docs");
        } else {
            assert_eq!(docs[start..end], table, "docs/protocol.md's packing table is stale: run with UPDATE_DOCS=1");
        }
    }
}
