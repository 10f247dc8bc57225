//! The registry's constraint twin: parts range-checked to their fields' widths, and the
//! packing of checked parts into one element ([`pack_gadget`], twin of
//! [`super::PackedLayout::pack`]).
//!
//! A part names the fields it feeds when it is made. [`pack_gadget`] refuses, at synthesis, a
//! part that does not name the field it fills or is checked to fewer bits than the field's
//! width, so an unchecked value cannot reach a packed element by mistake.

use ark_r1cs_std::{alloc::AllocVar, boolean::Boolean, fields::fp::FpVar, fields::FieldVar};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

use super::{pow2, FieldRef, PackedLayout};
use crate::field::Fr;
use crate::merkle::constraints::to_bits_le;

/// A value with the proof that it fits its fields' width.
#[derive(Clone)]
pub struct PartVar {
    /// The value.
    pub value: FpVar<Fr>,
    /// Its little-endian bits (empty for a [`PartVar::derived`] part).
    pub bits: Vec<Boolean<Fr>>,
    /// The bits it is proven to fit in.
    checked_width: u32,
    /// The fields it feeds.
    feeds: Vec<FieldRef>,
}

/// The one width of the fields a part feeds (they must agree).
fn shared_width(feeds: &[FieldRef]) -> u32 {
    let width = feeds.first().expect("a part feeds at least one field").field().width;
    for feed in feeds {
        assert_eq!(feed.field().width, width, "{feed} is not {width} bits wide like {}", feeds[0]);
    }
    width
}

impl PartVar {
    /// Allocates a witness part and range-checks it to its fields' width.
    pub fn witness(cs: &ConstraintSystemRef<Fr>, value: Fr, feeds: &[FieldRef]) -> Result<Self, SynthesisError> {
        #[cfg(any(test, feature = "test-utils"))]
        let value = super::probe::adjust(value, feeds);
        Self::checked(FpVar::new_witness(cs.clone(), || Ok(value))?, feeds)
    }

    /// A part fixed at set-up (no constraints; fails at synthesis if it does not fit).
    pub fn constant(value: Fr, feeds: &[FieldRef]) -> Result<Self, SynthesisError> {
        Self::checked(FpVar::constant(value), feeds)
    }

    /// Range-checks `value`, allocated elsewhere, to its fields' width.
    pub fn checked(value: FpVar<Fr>, feeds: &[FieldRef]) -> Result<Self, SynthesisError> {
        let width = shared_width(feeds);
        #[cfg(any(test, feature = "test-utils"))]
        let start = super::probe::constraint_count(&value);
        #[cfg(any(test, feature = "test-utils"))]
        let bits = match super::probe::skips(feeds) {
            true => super::probe::unchecked_bits(&value, width)?,
            false => to_bits_le(&value, width as usize)?,
        };
        #[cfg(not(any(test, feature = "test-utils")))]
        let bits = to_bits_le(&value, width as usize)?;
        #[cfg(any(test, feature = "test-utils"))]
        super::probe::label(start, super::probe::constraint_count(&value), feeds, &value, &bits);
        Ok(Self { value, bits, checked_width: width, feeds: feeds.to_vec() })
    }

    /// A part computed from checked values that is below `2^max_bits` by construction (the
    /// caller states why: a type tag that is a one-hot sum, say).
    pub fn derived(value: FpVar<Fr>, max_bits: u32, feeds: &[FieldRef]) -> Self {
        assert!(max_bits <= shared_width(feeds), "a {max_bits}-bit value does not fit {}", feeds[0]);
        Self { value, bits: Vec::new(), checked_width: max_bits, feeds: feeds.to_vec() }
    }
}

/// `Σ part_i · 2^offset_i` (linear: no constraints). Panics at synthesis when a part does
/// not name its field or is not checked to the field's width.
pub fn pack_gadget(layout: &'static PackedLayout, parts: &[&PartVar]) -> FpVar<Fr> {
    assert_eq!(parts.len(), layout.fields.len(), "one part per field of {}", layout.name);
    let mut packed = FpVar::<Fr>::zero();
    for (index, part) in parts.iter().enumerate() {
        let field = FieldRef { layout, index };
        assert!(part.feeds.contains(&field), "{field} is packed from a part made for {:?}", part.feeds);
        assert!(part.checked_width <= field.field().width, "{field} is packed from a part checked to more bits");
        packed += &part.value * pow2(field.field().offset);
    }
    packed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packing::{ACCOUNT_WORD, LAYOUTS};
    use ark_ff::Field;
    use ark_r1cs_std::GR1CSVar;
    use ark_relations::gr1cs::ConstraintSystem;

    #[test]
    fn the_gadget_packs_as_the_native_encoder() {
        for layout in LAYOUTS {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let values: Vec<Fr> = layout.fields.iter().map(|field| pow2(field.width) - Fr::ONE).collect();
            let parts: Vec<PartVar> = (0..layout.fields.len())
                .map(|index| PartVar::witness(&cs, values[index], &[FieldRef { layout, index }]).unwrap())
                .collect();
            let packed = pack_gadget(layout, &parts.iter().collect::<Vec<_>>());
            assert_eq!(packed.value().unwrap(), layout.pack(&values).unwrap(), "{}", layout.name);
            assert!(cs.is_satisfied().unwrap());
        }
    }

    #[test]
    #[should_panic(expected = "account_word.l1_address is packed from a part made for")]
    fn a_part_made_for_another_field_is_refused() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let nonce = PartVar::witness(&cs, Fr::from(3u64), &[ACCOUNT_WORD.field("nonce")]).unwrap();
        let _ = pack_gadget(&ACCOUNT_WORD, &[&nonce, &nonce]);
    }
}
