//! circomlibjs test vectors from `circuits/tests/vectors/` (a copy of `shared/vectors/`; `VECTORS_DIR`
//! points the tests at another folder of the same files): every Poseidon output, every key,
//! signature and packing must match, every negative vector and every lax edge case must be
//! rejected. Each file in the folder is read, so new vector sets are picked up automatically.

use ark_ff::PrimeField;
use circuits::babyjubjub::{blake512, Point, PrivateKey, PublicKey, Scalar, Signature};
use circuits::field::{biguint_from_str, fr_from_str, fr_to_decimal, Fr};
use circuits::poseidon;
use circuits::test_utils::vectors_dir;
use num_bigint::BigUint;
use serde_json::Value;

/// Every JSON file in the vectors folder whose name starts with `prefix`.
fn load(prefix: &str) -> Vec<Value> {
    let dir = vectors_dir();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read the vectors folder {}: {e}", dir.display()))
        .map(|entry| entry.expect("dir entry").path())
        .filter(|path| {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            name.starts_with(prefix) && name.ends_with(".json")
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no {prefix}*.json in {}", dir.display());
    files
        .iter()
        .map(|path| serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json"))
        .collect()
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key].as_str().unwrap_or_else(|| panic!("field {key} missing in {value}"))
}

fn fr(value: &Value, key: &str) -> Fr {
    fr_from_str(text(value, key)).unwrap_or_else(|e| panic!("{key}: {e}"))
}

fn bytes(value: &Value, key: &str) -> Vec<u8> {
    hex::decode(text(value, key).trim_start_matches("0x")).expect("hex")
}

#[test]
fn poseidon_matches_every_circomlib_vector() {
    let mut checked = 0;
    for file in load("circomlib-poseidon") {
        for vector in file["vectors"].as_array().expect("vectors") {
            let inputs: Vec<Fr> = vector["inputs"]
                .as_array()
                .expect("inputs")
                .iter()
                .map(|v| fr_from_str(v.as_str().expect("str")).expect("canonical input"))
                .collect();
            assert_eq!(inputs.len().to_string(), text(vector, "arity"));
            assert_eq!(fr_to_decimal(&poseidon::hash(&inputs)), text(vector, "output"), "{}", vector["id"]);
            checked += 1;
        }
    }
    assert!(checked >= 128, "only {checked} Poseidon vectors");
}

#[test]
fn blake512_known_answers() {
    for file in load("babyjubjub-eddsa-poseidon") {
        for answer in file["blake512_known_answers"].as_array().expect("answers") {
            assert_eq!(blake512(&bytes(answer, "input")).to_vec(), bytes(answer, "digest"));
        }
    }
}

#[test]
fn keys_match_prv2pub() {
    let l = BigUint::from(Scalar::MODULUS);
    for file in load("babyjubjub-eddsa-poseidon") {
        for key in file["keys"].as_array().expect("keys") {
            let private_bytes = bytes(key, "private_key");
            assert_eq!(blake512(&private_bytes).to_vec(), bytes(key, "blake512_of_private_key"));
            let private = PrivateKey::from_bytes(&private_bytes);
            assert_eq!(private.pruned_scalar().to_str_radix(10), text(key, "s_pruned"));
            assert_eq!(private.secret_scalar().to_str_radix(10), text(key, "secret_scalar"));
            assert_eq!((private.secret_scalar() % &l).to_str_radix(10), text(key, "secret_scalar_mod_l"));
            let public = private.public_key();
            assert_eq!(public.point().x(), fr(key, "Ax"), "{}", key["id"]);
            assert_eq!(public.point().y(), fr(key, "Ay"));
            let packed = public.pack();
            assert_eq!(packed.to_vec(), bytes(key, "packed_public_key"));
            assert_eq!(BigUint::from_bytes_le(&packed).to_str_radix(10), text(key, "packed_public_key_le_int"));
            assert_eq!(PublicKey::from_packed(&packed).expect("unpack"), public);
        }
    }
}

#[test]
fn signatures_match_sign_poseidon_and_verify() {
    let mut checked = 0;
    for file in load("babyjubjub-eddsa-poseidon") {
        for vector in file["signatures"].as_array().expect("signatures") {
            assert_eq!(vector["valid"], Value::Bool(true));
            let private = PrivateKey::from_bytes(&bytes(vector, "private_key"));
            let message = fr(vector, "message");
            assert_eq!(BigUint::from(private.nonce(message)).to_str_radix(10), text(vector, "nonce_r"));
            let signature = private.sign(message);
            assert_eq!(signature.r8().x(), fr(vector, "R8x"), "{}", vector["id"]);
            assert_eq!(signature.r8().y(), fr(vector, "R8y"));
            assert_eq!(BigUint::from(signature.s()).to_str_radix(10), text(vector, "S"));
            let a = private.public_key().point();
            let hm = poseidon::hash(&[signature.r8().x(), signature.r8().y(), a.x(), a.y(), message]);
            assert_eq!(fr_to_decimal(&hm), text(vector, "hm"));
            assert_eq!(signature.pack().to_vec(), bytes(vector, "packed_signature"));

            let public = PublicKey::from_coordinates(fr(vector, "Ax"), fr(vector, "Ay")).expect("key");
            public.verify(message, &signature).expect("valid signature verifies");
            let packed: [u8; 64] = bytes(vector, "packed_signature").try_into().expect("64 bytes");
            public.verify(message, &Signature::unpack(&packed).expect("unpack")).expect("verifies");
            checked += 1;
        }
    }
    assert!(checked > 0);
}

/// Builds and verifies a signature from a vector's decimal fields; any error is a rejection.
fn verify_decimal(vector: &Value) -> Result<(), String> {
    let message = fr_from_str(text(vector, "message")).map_err(|e| e.to_string())?;
    let public = PublicKey::from_coordinates(fr(vector, "Ax"), fr(vector, "Ay")).map_err(|e| e.to_string())?;
    let r8 = Point::new(fr(vector, "R8x"), fr(vector, "R8y")).map_err(|e| e.to_string())?;
    let s = biguint_from_str(text(vector, "S")).map_err(|e| e.to_string())?;
    let signature = Signature::new(r8, &s).map_err(|e| e.to_string())?;
    public.verify(message, &signature).map_err(|e| e.to_string())
}

#[test]
fn every_negative_signature_is_rejected() {
    let mut checked = 0;
    for file in load("babyjubjub-eddsa-poseidon") {
        for vector in file["negative_signatures"].as_array().expect("negatives") {
            assert_eq!(vector["valid"], Value::Bool(false));
            assert!(verify_decimal(vector).is_err(), "accepted negative vector {}", vector["id"]);
            checked += 1;
        }
    }
    assert!(checked > 0);
}

/// Edge cases record where circomlibjs is lax (low-order keys, keys with torsion, messages >= p,
/// non-canonical or x = 0 packed points). We are strict: each one is rejected.
#[test]
fn every_lax_edge_case_is_rejected() {
    let mut checked = 0;
    for file in load("babyjubjub-eddsa-poseidon") {
        for case in file["edge_cases"].as_array().into_iter().flatten() {
            let rejected = if case.get("packed_point").is_some() {
                let packed: [u8; 32] = bytes(case, "packed_point").try_into().expect("32 bytes");
                PublicKey::from_packed(&packed).is_err()
            } else {
                verify_decimal(case).is_err()
            };
            assert!(rejected, "accepted lax edge case {}", case["id"]);
            checked += 1;
        }
    }
    assert!(checked > 0);
}
