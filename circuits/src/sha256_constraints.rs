//! SHA-256 in constraints: the gadget twin of the `sha2` crate's `Sha256`, which the native
//! batch commitment ([`crate::batch::CommitmentInputs::commitment`]) uses.
//!
//! SHA-256 is most of a slot's cost (every slot adds 71 bytes to the hashed pubdata), so this
//! gadget spends as few constraints per compression as the boolean form allows, where the
//! general-purpose `UInt32` gadget of ark-crypto-primitives spends about 41,000:
//! - `Ch(e, f, g)` is a select, `e ? f : g`: one constraint per bit (three with AND/AND/XOR).
//! - `Maj(a, b, c)` is `(a ⊕ b) ? c : b`: two constraints per bit (five with three ANDs and two
//!   XORs).
//! - Each round makes one modular sum per new word straight from all its terms: the new `e` is
//!   `d + h + Σ1 + Ch + K + W` and the new `a` is `h + Σ1 + Ch + K + W + Σ0 + Maj`, each
//!   decomposed once into 32 bits plus carry bits (36 constraints), instead of four chained
//!   additions.
//! - Everything that is a constant (the initial state, padding, `K`, the zero bits that `SHR`
//!   shifts in, constant message bytes) folds away at synthesis and costs nothing.
//!
//! Every bit a round produces is either a boolean-constrained witness or a unique function of
//! constrained bits (XOR and select of booleans are booleans), and every sum is decomposed
//! canonically (fewer than 40 bits, far below the field size), so each intermediate value has
//! exactly one satisfying assignment.

use ark_r1cs_std::{boolean::Boolean, fields::fp::FpVar, select::CondSelectGadget, uint8::UInt8, GR1CSVar};
use ark_relations::gr1cs::SynthesisError;

use crate::field::Fr;
use crate::merkle::constraints::to_bits_le;

/// A 32-bit word, least significant bit first.
type Word = [Boolean<Fr>; 32];

const ROUND_CONSTANTS: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
    0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
    0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
    0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2,
];

const INITIAL_STATE: [u32; 8] =
    [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

fn constant_word(value: u32) -> Word {
    std::array::from_fn(|i| Boolean::constant((value >> i) & 1 == 1))
}

/// The word's value if every bit is a constant.
fn word_constant(word: &Word) -> Option<u32> {
    word.iter().enumerate().try_fold(0u32, |acc, (i, bit)| match bit {
        Boolean::Constant(b) => Some(acc | (u32::from(*b) << i)),
        Boolean::Var(_) => None,
    })
}

fn rotate_right(word: &Word, n: usize) -> Word {
    std::array::from_fn(|i| word[(i + n) % 32].clone())
}

fn shift_right(word: &Word, n: usize) -> Word {
    std::array::from_fn(|i| if i + n < 32 { word[i + n].clone() } else { Boolean::FALSE })
}

/// Bitwise `x ⊕ y ⊕ z`: two constraints per bit, fewer where a bit is constant.
fn xor3(x: &Word, y: &Word, z: &Word) -> Word {
    std::array::from_fn(|i| &(&x[i] ^ &y[i]) ^ &z[i])
}

/// `Ch(e, f, g) = (e ∧ f) ⊕ (¬e ∧ g)`, which is `e ? f : g`.
fn choose(e: &Word, f: &Word, g: &Word) -> Result<Word, SynthesisError> {
    let bits: Vec<Boolean<Fr>> =
        (0..32).map(|i| Boolean::conditionally_select(&e[i], &f[i], &g[i])).collect::<Result<_, _>>()?;
    Ok(bits.try_into().expect("32 bits"))
}

/// `Maj(a, b, c)`: where `a = b` the majority is that value, otherwise `c` decides.
fn majority(a: &Word, b: &Word, c: &Word) -> Result<Word, SynthesisError> {
    let bits: Vec<Boolean<Fr>> =
        (0..32).map(|i| Boolean::conditionally_select(&(&a[i] ^ &b[i]), &c[i], &b[i])).collect::<Result<_, _>>()?;
    Ok(bits.try_into().expect("32 bits"))
}

/// `Σ words + constant mod 2^32`. Constant words fold into the constant; otherwise the sum is
/// decomposed once into just enough bits for its largest possible value, of which the low 32
/// are the result (`carry bits + 33` constraints).
fn add_mod_2_32(words: &[&Word], constant: u32) -> Result<Word, SynthesisError> {
    let mut constant_sum = u64::from(constant);
    let mut variable = Vec::new();
    for word in words {
        match word_constant(word) {
            Some(value) => constant_sum += u64::from(value),
            None => variable.push(*word),
        }
    }
    if variable.is_empty() {
        return Ok(constant_word(constant_sum as u32));
    }
    let max_sum = variable.len() as u64 * u64::from(u32::MAX) + constant_sum;
    let bits_needed = (u64::BITS - max_sum.leading_zeros()) as usize;
    let mut sum = FpVar::Constant(Fr::from(constant_sum));
    for word in variable {
        sum += Boolean::le_bits_to_fp(word)?;
    }
    let bits = to_bits_le(&sum, bits_needed)?;
    Ok(bits[..32].to_vec().try_into().expect("32 bits"))
}

/// One SHA-256 compression of a 16-word block into `state`.
fn compress(state: &[Word; 8], block: &[Word; 16]) -> Result<[Word; 8], SynthesisError> {
    let mut schedule: Vec<Word> = block.to_vec();
    for t in 16..64 {
        let w15 = &schedule[t - 15];
        let w2 = &schedule[t - 2];
        let small_sigma0 = xor3(&rotate_right(w15, 7), &rotate_right(w15, 18), &shift_right(w15, 3));
        let small_sigma1 = xor3(&rotate_right(w2, 17), &rotate_right(w2, 19), &shift_right(w2, 10));
        let next = add_mod_2_32(&[&small_sigma1, &schedule[t - 7], &small_sigma0, &schedule[t - 16]], 0)?;
        schedule.push(next);
    }

    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = state.clone();
    for (w, k) in schedule.iter().zip(ROUND_CONSTANTS) {
        let big_sigma1 = xor3(&rotate_right(&e, 6), &rotate_right(&e, 11), &rotate_right(&e, 25));
        let ch = choose(&e, &f, &g)?;
        let big_sigma0 = xor3(&rotate_right(&a, 2), &rotate_right(&a, 13), &rotate_right(&a, 22));
        let maj = majority(&a, &b, &c)?;
        let new_e = add_mod_2_32(&[&d, &h, &big_sigma1, &ch, w], k)?;
        let new_a = add_mod_2_32(&[&h, &big_sigma1, &ch, w, &big_sigma0, &maj], k)?;
        (h, g, f, e, d, c, b, a) = (g, f, e, new_e, c, b, a, new_a);
    }

    let worked = [a, b, c, d, e, f, g, h];
    let mut next = Vec::with_capacity(8);
    for (old, new) in state.iter().zip(&worked) {
        next.push(add_mod_2_32(&[old, new], 0)?);
    }
    Ok(next.try_into().expect("8 words"))
}

/// The big-endian word of four bytes.
fn word_from_be_bytes(bytes: &[UInt8<Fr>]) -> Result<Word, SynthesisError> {
    let mut bits = Vec::with_capacity(32);
    for byte in bytes.iter().rev() {
        bits.extend(ark_r1cs_std::convert::ToBitsGadget::to_bits_le(byte)?);
    }
    Ok(bits.try_into().expect("32 bits"))
}

/// `SHA-256(message)` in constraints, as 32 digest bytes. The message length is fixed at
/// synthesis, so the padding is constant.
pub fn sha256_gadget(message: &[UInt8<Fr>]) -> Result<Vec<UInt8<Fr>>, SynthesisError> {
    let bit_length = (message.len() as u64) * 8;
    let mut padded = message.to_vec();
    padded.push(UInt8::constant(0x80));
    while padded.len() % 64 != 56 {
        padded.push(UInt8::constant(0));
    }
    padded.extend(bit_length.to_be_bytes().map(UInt8::constant));

    let mut state: [Word; 8] = INITIAL_STATE.map(constant_word);
    for block in padded.chunks(64) {
        let words: Vec<Word> = block.chunks(4).map(word_from_be_bytes).collect::<Result<_, _>>()?;
        state = compress(&state, &words.try_into().expect("16 words"))?;
    }

    Ok(state
        .iter()
        .flat_map(|word| (0..4).rev().map(move |byte| UInt8::from_bits_le(&word[8 * byte..8 * byte + 8])))
        .collect())
}

/// The digest bytes' values, for tests and tools (`None` in set-up mode).
pub fn digest_value(digest: &[UInt8<Fr>]) -> Option<Vec<u8>> {
    digest.iter().map(|byte| byte.value().ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_r1cs_std::eq::EqGadget;
    use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};
    use rand::{Rng, SeedableRng};
    use sha2::{Digest, Sha256};

    /// Hashes `message` as witness bytes, enforces the digest equals the native one as public
    /// input bytes, and returns the system with its constraint count for the hash alone.
    fn hash_witness(message: &[u8]) -> (ConstraintSystemRef<Fr>, usize) {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let bytes = UInt8::new_witness_vec(cs.clone(), message).unwrap();
        let before = cs.num_constraints();
        let digest = sha256_gadget(&bytes).unwrap();
        let count = cs.num_constraints() - before;
        assert_eq!(digest_value(&digest).unwrap(), Sha256::digest(message).to_vec(), "{} bytes", message.len());
        let expected = UInt8::new_input_vec(cs.clone(), &Sha256::digest(message)).unwrap();
        digest.enforce_equal(&expected).unwrap();
        (cs, count)
    }

    #[test]
    fn matches_sha2_at_every_padding_boundary() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(5);
        for length in [0, 1, 3, 55, 56, 63, 64, 65, 119, 120, 128, 200] {
            let message: Vec<u8> = (0..length).map(|_| rng.gen()).collect();
            let (cs, _) = hash_witness(&message);
            assert!(cs.is_satisfied().unwrap(), "{length} bytes");
        }
    }

    #[test]
    fn constant_bytes_fold_and_match() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let message = b"abc".map(UInt8::constant);
        let digest = sha256_gadget(&message).unwrap();
        assert_eq!(cs.num_constraints(), 0);
        assert_eq!(digest_value(&digest).unwrap(), Sha256::digest(b"abc").to_vec());
    }

    #[test]
    fn costs_under_27_000_constraints_per_compression() {
        // Two blocks of message plus a padding block: the marginal cost of one more full block.
        let (_, one) = hash_witness(&[7u8; 64]);
        let (_, two) = hash_witness(&[7u8; 128]);
        let per_compression = two - one;
        println!("SHA-256 gadget: {one} constraints for 64 bytes, {per_compression} per extra block");
        assert!(per_compression < 27_000, "{per_compression} constraints per compression");
    }

    #[test]
    fn every_witness_value_is_pinned() {
        // Each witness variable of the hash, changed on its own, must break the system: no
        // message bit, intermediate bit, carry or sum is free. (A one-thread pool: arkworks'
        // per-constraint parallel check is slow from outside a pool.)
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        pool.install(|| {
            let (cs, _) = hash_witness(b"rollup");
            cs.finalize();
            // Symbolic linear combinations (the words' packed values) cache their values at
            // synthesis; with the cache cleared they are evaluated from the tampered witness.
            cs.borrow_mut().unwrap().assignments.lc_assignment.clear();
            let total = cs.num_witness_variables();
            assert!(total > 20_000, "{total} witnesses");
            let mut rng = rand::rngs::StdRng::seed_from_u64(9);
            let mut checked = 0;
            for index in (0..total).step_by(17) {
                let original = cs.borrow().unwrap().assignments.witness_assignment[index];
                let tampered = if rng.gen_bool(0.5) { Fr::from(1u64) - original } else { original + Fr::from(2u64) };
                cs.borrow_mut().unwrap().assignments.witness_assignment[index] = tampered;
                assert!(!cs.is_satisfied().unwrap(), "witness {index} of {total} is free");
                cs.borrow_mut().unwrap().assignments.witness_assignment[index] = original;
                checked += 1;
            }
            assert!(cs.is_satisfied().unwrap());
            assert!(checked > 1_500);
        });
    }
}
