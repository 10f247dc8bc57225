//! The batch commitment in constraints: the gadget twin of [`crate::batch::CommitmentInputs::commitment`].
//!
//! ```text
//! commitment = SHA-256( be64(batch_number) || be256(old_root) || be256(new_root)
//!                       || be32(priority_ops) || SHA-256(slot_bytes) )  mod 2^253
//! ```
//! The slot bytes are given one vector per slot, each an operation's pubdata
//! zero-padded to the slot's width (see [`crate::batch::slot_data`]); [`bits_to_slot_bytes`] builds
//! them from the MSB-first bit fields of [`crate::pubdata`]. The roots are decomposed canonically
//! (the bits are enforced to be below the field modulus), so each root has exactly one encoding;
//! the batch number and the deposit count are range-checked to 64 and 32 bits.

use ark_r1cs_std::{
    boolean::Boolean,
    convert::{ToBitsGadget, ToBytesGadget},
    fields::fp::FpVar,
    uint8::UInt8,
};
use ark_relations::gr1cs::SynthesisError;

use crate::batch::SlotKind;
use crate::field::Fr;
use crate::merkle::constraints::to_bits_le;
use crate::sha256_constraints::sha256_gadget;

/// Bits of the batch number in the preimage.
const BATCH_NUMBER_BITS: usize = 64;
/// Bits of the deposit count in the preimage.
const PRIORITY_OPS_BITS: usize = 32;
/// Bits of the digest kept in the commitment (the top three are cleared).
const COMMITMENT_BITS: usize = 253;

/// The `n` big-endian bits of `value` (most significant first), range-checked: enforces
/// `value < 2^n`. A constant yields constant bits, so fixed fields such as a type tag cost
/// nothing.
pub fn fp_to_bits_be(value: &FpVar<Fr>, n: usize) -> Result<Vec<Boolean<Fr>>, SynthesisError> {
    let mut bits = to_bits_le(value, n)?;
    bits.reverse();
    Ok(bits)
}

/// Groups MSB-first bits into bytes (the first bit is the top bit of the first byte).
fn be_bits_to_bytes(bits: &[Boolean<Fr>]) -> Vec<UInt8<Fr>> {
    assert_eq!(bits.len() % 8, 0, "whole bytes only");
    bits.chunks(8)
        .map(|chunk| {
            let le: Vec<Boolean<Fr>> = chunk.iter().rev().cloned().collect();
            UInt8::from_bits_le(&le)
        })
        .collect()
}

/// A slot's bytes from its operation's bit fields, most significant bit first (as
/// [`crate::pubdata`] lays them out), zero-padded with constant bits to the slot's width.
/// Bits past the width must be the constant zero (fields of types the slot cannot hold).
/// Costs no constraints.
///
/// # Panics
/// If a bit past `kind`'s width is not the constant zero.
pub fn bits_to_slot_bytes(bits_msb_first: &[Boolean<Fr>], kind: SlotKind) -> Vec<UInt8<Fr>> {
    let width = kind.bytes() * 8;
    let mut bits = bits_msb_first.to_vec();
    if bits.len() > width {
        let cut = bits.split_off(width);
        assert!(
            cut.iter().all(|bit| *bit == Boolean::FALSE),
            "{} bits do not fit a {kind:?} slot",
            bits_msb_first.len()
        );
    }
    bits.resize(width, Boolean::FALSE);
    be_bits_to_bytes(&bits)
}

/// The 32 big-endian bytes of a field element, from its canonical (below the modulus)
/// decomposition, so the encoding is unique.
fn fp_to_be_bytes32(value: &FpVar<Fr>) -> Result<Vec<UInt8<Fr>>, SynthesisError> {
    // `to_bytes_le` pads the strict `to_bits_le` (which enforces the bits are < p) to 256 bits.
    let mut bytes = value.to_bytes_le()?;
    debug_assert_eq!(bytes.len(), 32);
    bytes.reverse();
    Ok(bytes)
}

/// The batch commitment computed in constraints from the slot bytes and the header values.
///
/// `batch_number` is range-checked to 64 bits and `priority_ops` to 32 bits; `slot_bytes` holds
/// one vector per slot, in order, each its slot's width ([`crate::batch::SlotLayout`]).
pub fn commitment_gadget(
    batch_number: &FpVar<Fr>,
    old_root: &FpVar<Fr>,
    new_root: &FpVar<Fr>,
    priority_ops: &FpVar<Fr>,
    slot_bytes: &[Vec<UInt8<Fr>>],
) -> Result<FpVar<Fr>, SynthesisError> {
    let slot_data: Vec<UInt8<Fr>> = slot_bytes.concat();
    let slot_data_hash = sha256_gadget(&slot_data)?;

    let mut preimage = Vec::with_capacity(108);
    preimage.extend(be_bits_to_bytes(&fp_to_bits_be(batch_number, BATCH_NUMBER_BITS)?));
    preimage.extend(fp_to_be_bytes32(old_root)?);
    preimage.extend(fp_to_be_bytes32(new_root)?);
    preimage.extend(be_bits_to_bytes(&fp_to_bits_be(priority_ops, PRIORITY_OPS_BITS)?));
    preimage.extend(slot_data_hash);
    debug_assert_eq!(preimage.len(), 108);
    let digest = sha256_gadget(&preimage)?;

    // The digest read big-endian, as little-endian bits: last byte first, each byte's bits
    // little-endian. Dropping the top three bits is `digest[0] &= 0x1f`.
    let mut bits = Vec::with_capacity(256);
    for byte in digest.iter().rev() {
        bits.extend(byte.to_bits_le()?);
    }
    bits.truncate(COMMITMENT_BITS);
    Boolean::le_bits_to_fp(&bits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::amount::{AMOUNT_FORMAT, BALANCE_BITS, FEE_FORMAT};
    use crate::batch::{slot_data, BatchBuilder, SealedBatch, SLOT_BYTES};
    use crate::pubdata::{PubdataOp, TYPE_BITS};
    use crate::state::{L1Address, ACCOUNT_ID_BITS, TOKEN_ID_BITS};
    use crate::test_utils::TestWorld;
    use crate::tx::TxType;
    use ark_r1cs_std::{alloc::AllocVar, eq::EqGadget, fields::FieldVar, GR1CSVar};
    use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};

    /// A sealed batch of `capacity` slots: a transfer, a deposit (a full slot), Noop padding.
    fn batch(capacity: usize) -> SealedBatch {
        let mut world = TestWorld::new(3, 6);
        let mut builder = BatchBuilder::new(7, capacity, &world.state);
        let transfer = world.transfer(1, 2, 0, 1_000, 7);
        builder.push(world.state.apply(&transfer).unwrap());
        let deposit = world.deposit(&crate::babyjubjub::PrivateKey::from_bytes(b"new"), 1, 5);
        builder.push(world.state.apply(&deposit).unwrap());
        builder.seal(&mut world.state)
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Tamper {
        None,
        SlotByte,
        BatchNumber,
        OldRoot,
        PriorityOps,
    }

    /// Allocates the batch (tampered as asked) as witnesses, runs the gadget, enforces equality
    /// with the native commitment as public input. Returns the gadget's value, whether the system
    /// is satisfied, and the gadget's own constraint count.
    fn prove(batch: &SealedBatch, tamper: Tamper) -> (Fr, bool, usize) {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let inputs = batch.commitment_inputs();
        let mut slots = slot_data(&batch.pubdata, 0).unwrap();
        assert_eq!(slots.len(), batch.slots.len() * SLOT_BYTES);
        let (mut number, mut old_root, mut priority_ops) = (inputs.batch_number, inputs.old_root, inputs.priority_ops);
        match tamper {
            Tamper::None => {}
            Tamper::SlotByte => slots[SLOT_BYTES + 5] ^= 0x10,
            Tamper::BatchNumber => number += 1,
            Tamper::OldRoot => old_root += Fr::from(1u64),
            Tamper::PriorityOps => priority_ops += 1,
        }
        let slot_vars: Vec<Vec<UInt8<Fr>>> =
            slots.chunks(SLOT_BYTES).map(|chunk| UInt8::new_witness_vec(cs.clone(), chunk).unwrap()).collect();
        let witness = |cs: &ConstraintSystemRef<Fr>, v: Fr| FpVar::new_witness(cs.clone(), || Ok(v)).unwrap();
        let number_var = witness(&cs, Fr::from(number));
        let old_var = witness(&cs, old_root);
        let new_var = witness(&cs, inputs.new_root);
        let ops_var = witness(&cs, Fr::from(priority_ops));

        let before = cs.num_constraints();
        let commitment = commitment_gadget(&number_var, &old_var, &new_var, &ops_var, &slot_vars).unwrap();
        let count = cs.num_constraints() - before;

        let expected = FpVar::new_input(cs.clone(), || Ok(batch.commitment())).unwrap();
        commitment.enforce_equal(&expected).unwrap();
        (commitment.value().unwrap(), cs.is_satisfied().unwrap(), count)
    }

    #[test]
    fn commitment_gadget_matches_native_and_counts_constraints() {
        let two = batch(2);
        let four = batch(4);
        assert_eq!(two.priority_ops, 1);
        let (value2, ok2, count2) = prove(&two, Tamper::None);
        assert_eq!(value2, two.commitment());
        assert!(ok2);
        let (value4, ok4, count4) = prove(&four, Tamper::None);
        assert_eq!(value4, four.commitment());
        assert!(ok4);
        assert_ne!(value2, value4);
        println!(
            "commitment gadget constraints: 2 slots {count2}, 4 slots {count4}, marginal per slot {}",
            (count4 - count2) / 2
        );
    }

    #[test]
    fn commitment_gadget_rejects_tampering() {
        let batch = batch(2);
        for tamper in [Tamper::SlotByte, Tamper::BatchNumber, Tamper::OldRoot, Tamper::PriorityOps] {
            let (value, satisfied, _) = prove(&batch, tamper);
            assert_ne!(value, batch.commitment(), "{tamper:?}");
            assert!(!satisfied, "{tamper:?}");
        }
    }

    #[test]
    fn header_values_are_range_checked() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let v = FpVar::new_witness(cs.clone(), || Ok(Fr::from(u64::MAX))).unwrap();
        let bits = fp_to_bits_be(&v, 64).unwrap();
        assert!(bits.iter().all(|b| b.value().unwrap()));
        assert!(cs.is_satisfied().unwrap());
        let cs = ConstraintSystem::<Fr>::new_ref();
        let v = FpVar::new_witness(cs.clone(), || Ok(Fr::from(u64::MAX) + Fr::from(1u64))).unwrap();
        fp_to_bits_be(&v, 64).unwrap();
        assert!(!cs.is_satisfied().unwrap());

        let bits = fp_to_bits_be(&FpVar::constant(Fr::from(0b101u64)), 4).unwrap();
        assert_eq!(bits.iter().map(|b| b.value().unwrap()).collect::<Vec<_>>(), [false, true, false, true]);
        assert!(bits.iter().all(|b| b.is_constant()));
        assert_eq!(fp_to_bits_be(&FpVar::constant(Fr::from(16u64)), 4), Err(SynthesisError::Unsatisfiable));
    }

    #[test]
    fn roots_use_the_canonical_encoding() {
        // -1 = p - 1, the largest root: its 32 bytes are the modulus minus one, big-endian.
        let cs = ConstraintSystem::<Fr>::new_ref();
        let root = -Fr::from(1u64);
        let var = FpVar::new_witness(cs.clone(), || Ok(root)).unwrap();
        let bytes: Vec<u8> = fp_to_be_bytes32(&var).unwrap().iter().map(|b| b.value().unwrap()).collect();
        assert_eq!(bytes, crate::batch::fr_to_be_bytes(&root));
        assert!(cs.is_satisfied().unwrap());
    }

    /// Witness bits of `value`, `width` bits MSB first.
    fn field(cs: &ConstraintSystemRef<Fr>, value: u128, width: u32) -> Vec<Boolean<Fr>> {
        let var = FpVar::new_witness(cs.clone(), || Ok(Fr::from(value))).unwrap();
        fp_to_bits_be(&var, width as usize).unwrap()
    }

    /// Witness bits of bytes, MSB first.
    fn byte_bits(cs: &ConstraintSystemRef<Fr>, bytes: &[u8]) -> Vec<Boolean<Fr>> {
        let vars = UInt8::new_witness_vec(cs.clone(), bytes).unwrap();
        vars.iter().flat_map(|byte| byte.to_bits_le().unwrap().into_iter().rev()).collect()
    }

    fn tag(tx_type: TxType) -> Vec<Boolean<Fr>> {
        fp_to_bits_be(&FpVar::constant(Fr::from(tx_type as u64)), TYPE_BITS as usize).unwrap()
    }

    fn native_slot(op: &PubdataOp) -> Vec<u8> {
        let mut bytes = op.encode();
        bytes.resize(SLOT_BYTES, 0);
        bytes
    }

    fn values(bytes: &[UInt8<Fr>]) -> Vec<u8> {
        bytes.iter().map(|b| b.value().unwrap()).collect()
    }

    #[test]
    fn slot_bytes_from_bit_fields_match_native_pubdata() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let (from, to, token, amount, fee) = (0xabcdef, 9, 1023, (1u64 << 32) - 3, (1u64 << 11) - 2);
        let transfer = PubdataOp::Transfer { from, to, token, amount, fee };
        let mut bits = tag(TxType::Transfer);
        bits.extend(field(&cs, from.into(), ACCOUNT_ID_BITS));
        bits.extend(field(&cs, to.into(), ACCOUNT_ID_BITS));
        bits.extend(field(&cs, token.into(), TOKEN_ID_BITS));
        bits.extend(field(&cs, amount.into(), AMOUNT_FORMAT.bits()));
        bits.extend(field(&cs, fee.into(), FEE_FORMAT.bits()));
        assert_eq!(bits.len() as u32, PubdataOp::bit_length(TxType::Transfer));
        let bytes = bits_to_slot_bytes(&bits, SlotKind::General);
        assert_eq!(values(&bytes), native_slot(&transfer));
        let mut padded = bits.clone();
        padded.resize(SLOT_BYTES * 8, Boolean::FALSE);
        assert_eq!(values(&bits_to_slot_bytes(&padded, SlotKind::Transfer)), transfer.encode(), "a transfer slot");

        // A deposit fills its slot (565 bits, 71 bytes).
        let public_key: [u8; 32] = std::array::from_fn(|i| (i as u8).wrapping_mul(37) ^ 0xa5);
        let l1_address = L1Address(std::array::from_fn(|i| 0xf0 - i as u8));
        let amount = crate::amount::MAX_BALANCE - 12345;
        let deposit = PubdataOp::Deposit { account: 77, token: 3, amount, public_key, l1_address };
        let mut bits = tag(TxType::Deposit);
        bits.extend(field(&cs, 77, ACCOUNT_ID_BITS));
        bits.extend(field(&cs, 3, TOKEN_ID_BITS));
        bits.extend(field(&cs, amount, BALANCE_BITS));
        bits.extend(byte_bits(&cs, &public_key));
        bits.extend(byte_bits(&cs, &l1_address.0));
        let bytes = bits_to_slot_bytes(&bits, SlotKind::General);
        assert_eq!(values(&bytes), native_slot(&deposit));

        assert_eq!(values(&bits_to_slot_bytes(&tag(TxType::Noop), SlotKind::General)), native_slot(&PubdataOp::Noop));
        assert!(cs.is_satisfied().unwrap());
    }
}
