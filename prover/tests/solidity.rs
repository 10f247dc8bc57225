//! The on-chain verifier and its fixtures, checked against the committed files:
//!
//! - contracts/src/Groth16Verifier.sol: `prover::solidity` run on the verifying key of the
//!   INSECURE dev set-up below (deterministic from the seed, so regenerating gives the same file);
//! - contracts/test/fixtures/proof.json: a real proof of a real batch (a deposit and a transfer)
//!   with the batch's commitment, roots, pubdata and deposit;
//! - contracts/test/fixtures/RealBatch.sol: the same values as Solidity constants, for the forge
//!   tests (test/Groth16Verifier.t.sol), which verify the proof on chain and run the batch
//!   through Rollup.commitBatch / proveBatch / executeBatch.
//!
//! The test regenerates the key (deterministic from the seed) and the batch, and checks that the
//! committed proof describes that batch and verifies natively, for its commitment only, with that
//! key; it fails when any file is stale. `UPDATE_FIXTURES=1` rewrites the files instead; proving
//! draws fresh randomness, so it makes a new proof only when the committed one is missing or no
//! longer right (delete proof.json to force one).

use std::path::{Path, PathBuf};
use std::str::FromStr;

use ark_bn254::{Bn254, Fq, Fq2, G1Affine, G2Affine};
use ark_ec::AffineRepr;
use ark_ff::{Field, PrimeField};
use ark_groth16::Proof;
use circuits::babyjubjub::PrivateKey;
use circuits::batch::{fr_to_be_bytes, BatchBuilder, SealedBatch};
use circuits::circuit::CircuitParams;
use circuits::field::Fr;
use circuits::test_utils::{TestWorld, CHAIN_ID};
use circuits::tx::Tx;
use prover::Keys;
use serde_json::{json, Value};

const PARAMS: CircuitParams = prover::COMMITTED_VERIFIER_PARAMS;
/// The dev set-up's seed: changing it (or the circuit) changes the committed verifier.
const SEED: u64 = prover::COMMITTED_VERIFIER_SEED;

/// Batch 1 on a 3-account test world: a deposit of 5,000 wei of ETH to a new account, then a
/// transfer of 1,230,000 wei with a fee of 40.
fn batch() -> SealedBatch {
    let mut world = TestWorld::new(3, PARAMS.account_depth);
    let mut builder = BatchBuilder::new(1, PARAMS.slots, &world.state);
    for tx in [world.deposit(&PrivateKey::from_bytes(b"newcomer"), 0, 5_000), world.transfer(1, 2, 0, 1_230_000, 40)] {
        builder.push(world.state.apply(&tx).unwrap());
    }
    builder.seal(&mut world.state)
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

const REGENERATE: &str = "regenerate with `UPDATE_FIXTURES=1 cargo test -p prover --test solidity`, then rebuild \
                          contracts/out from scratch (forge build --force in contracts/) and commit both";

fn updating() -> bool {
    std::env::var("UPDATE_FIXTURES").is_ok_and(|v| v == "1")
}

/// Rewrites `path` with `content` under UPDATE_FIXTURES=1; otherwise fails if they differ.
fn check_or_update(path: &Path, content: &str) {
    if updating() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    if committed != content {
        let (line, (old, new)) = committed
            .lines()
            .chain(std::iter::repeat(""))
            .zip(content.lines())
            .enumerate()
            .find(|(_, (old, new))| old != new)
            .unwrap_or((content.lines().count(), ("", "")));
        panic!(
            "{} is stale or missing; {REGENERATE}.\nFirst difference, line {}:\n  committed: {old}\n  generated: {new}",
            path.display(),
            line + 1
        );
    }
}

fn hex32(bytes: &[u8]) -> String {
    format!("0x{}", hex::encode(bytes))
}

/// The proof fixture: everything the on-chain tests need about the batch and its proof.
fn fixture_json(batch: &SealedBatch, proof: &Proof<Bn254>) -> Value {
    let Tx::Deposit(deposit) = &batch.slots[0].tx else { panic!("slot 0 is the deposit") };
    json!({
        "description": "A real Groth16 proof of batch 1 (a deposit and a transfer) for the verifier in \
                        contracts/src/Groth16Verifier.sol. Written by prover/tests/solidity.rs with \
                        UPDATE_FIXTURES=1; the proof words are [A.x, A.y, B.x1, B.x0, B.y1, B.y0, C.x, C.y].",
        "circuit": PARAMS,
        "insecure_dev_setup_seed": SEED,
        "batch_number": batch.number,
        "old_state_root": hex32(&fr_to_be_bytes(&batch.roots_before.state_root())),
        "new_state_root": hex32(&fr_to_be_bytes(&batch.roots_after.state_root())),
        "priority_ops": batch.priority_ops,
        "pubdata": hex32(&batch.pubdata),
        "deposit": {
            "from": hex32(&deposit.l1_address.0),
            "token": deposit.token,
            "amount": deposit.amount.to_string(),
            "l2_public_key": hex32(&deposit.public_key.0),
        },
        "commitment": batch.commitment().into_bigint().to_string(),
        "proof": prover::vk_json::proof_words(proof),
    })
}

/// The proof from its eight words, if they are points on their curves, B in G2, none zero.
fn proof_from_words(words: &Value) -> Option<Proof<Bn254>> {
    let w: Vec<Fq> = words.as_array()?.iter().map(|word| Fq::from_str(word.as_str()?).ok()).collect::<Option<_>>()?;
    if w.len() != 8 {
        return None;
    }
    let a = G1Affine::new_unchecked(w[0], w[1]);
    let b = G2Affine::new_unchecked(Fq2::new(w[3], w[2]), Fq2::new(w[5], w[4]));
    let c = G1Affine::new_unchecked(w[6], w[7]);
    let valid = a.is_on_curve() && c.is_on_curve() && b.is_on_curve() && b.is_in_correct_subgroup_assuming_on_curve();
    (valid && !a.is_zero() && !b.is_zero() && !c.is_zero()).then_some(Proof { a, b, c })
}

/// A committed fixture is right when it describes `batch` (deterministic) exactly and its proof
/// verifies natively, for the batch's commitment only, with the key the verifier embeds.
fn check_fixture(fixture: &Value, batch: &SealedBatch, keys: &Keys) -> Result<(), String> {
    let proof = proof_from_words(&fixture["proof"]).ok_or("the proof words are not a well-formed proof")?;
    if *fixture != fixture_json(batch, &proof) {
        return Err("it describes another batch (or an older format)".into());
    }
    if !keys.verify(batch.commitment(), &proof) {
        return Err("its proof does not verify with the current verifying key".into());
    }
    if keys.verify(batch.commitment() + Fr::ONE, &proof) {
        return Err("its proof verifies for another public input".into());
    }
    Ok(())
}

fn quoted(value: &Value) -> &str {
    value.as_str().expect("a string")
}

/// contracts/test/fixtures/RealBatch.sol: the fixture's values as Solidity constants.
fn solidity_fixture(f: &Value) -> String {
    let words: Vec<&str> = f["proof"].as_array().unwrap().iter().map(quoted).collect();
    let proof = words.iter().map(|w| format!("            uint256({w})")).collect::<Vec<_>>().join(",\n");
    let d = &f["deposit"];
    format!(
        r#"// SPDX-License-Identifier: Apache-2.0
// GENERATED FILE, do not edit: prover/tests/solidity.rs writes it from proof.json (beside it)
// with UPDATE_FIXTURES=1.
pragma solidity ^0.8.24;

/// @dev A real batch and its real Groth16 proof for contracts/src/Groth16Verifier.sol (circuit:
/// {slots} slots, account depth {depth}; INSECURE dev set-up, seed {seed}). Batch 1 of the
/// 3-account test world of circuits::test_utils: a deposit, then a transfer.
library RealBatch {{
    uint64 internal constant BATCH_NUMBER = {number};
    /// The state root before the batch (the rollup's genesis root in the end-to-end test).
    bytes32 internal constant OLD_STATE_ROOT = {old_root};
    bytes32 internal constant NEW_STATE_ROOT = {new_root};
    uint32 internal constant PRIORITY_OPS = {priority_ops};
    /// The proof's public input.
    uint256 internal constant COMMITMENT = {commitment};
    bytes internal constant PUBDATA = hex"{pubdata}";

    /// The batch's deposit, as queued on L1.
    // casting to 'bytes20' is safe because the literal has exactly 20 bytes
    // forge-lint: disable-next-line(unsafe-typecast)
    address internal constant DEPOSIT_FROM = address(bytes20(hex"{from}"));
    uint16 internal constant DEPOSIT_TOKEN = {token};
    uint112 internal constant DEPOSIT_AMOUNT = {amount};
    bytes32 internal constant DEPOSIT_KEY = {key};

    /// [A.x, A.y, B.x1, B.x0, B.y1, B.y0, C.x, C.y]
    function proof() internal pure returns (uint256[8] memory) {{
        return [
{proof}
        ];
    }}
}}
"#,
        slots = f["circuit"]["slots"],
        depth = f["circuit"]["account_depth"],
        seed = f["insecure_dev_setup_seed"],
        number = f["batch_number"],
        old_root = quoted(&f["old_state_root"]),
        new_root = quoted(&f["new_state_root"]),
        priority_ops = f["priority_ops"],
        commitment = quoted(&f["commitment"]),
        pubdata = quoted(&f["pubdata"]).trim_start_matches("0x"),
        from = quoted(&d["from"]).trim_start_matches("0x"),
        token = d["token"],
        amount = quoted(&d["amount"]),
        key = quoted(&d["l2_public_key"]),
    )
}

#[test]
fn verifier_and_proof_fixtures_are_current_and_the_proof_verifies() {
    assert_eq!(PARAMS.chain_id, CHAIN_ID, "the test world signs for the committed verifier's chain");
    let keys = Keys::insecure_dev_setup(PARAMS, SEED).expect("set-up");
    let notes = [
        prover::solidity::circuit_note(&PARAMS),
        format!("Key: Keys::insecure_dev_setup(.., seed {SEED}), INSECURE: for development and tests only."),
        "Regenerate: UPDATE_FIXTURES=1 cargo test -p prover --test solidity.".to_owned(),
    ];
    let contract = prover::solidity::verifier_contract_with_notes(keys.verifying_key(), &notes);
    assert!(contract.contains("contract Groth16Verifier is IVerifier"));
    assert!(!contract.contains("{constants}") && !contract.contains("{vk_hash}"), "every placeholder is filled");
    check_or_update(&repo().join("contracts/src/Groth16Verifier.sol"), &contract);

    let batch = batch();
    let fixtures = repo().join("contracts/test/fixtures");
    let json_path = fixtures.join("proof.json");
    let committed = std::fs::read_to_string(&json_path).ok().and_then(|text| serde_json::from_str(&text).ok());
    let fixture = match (committed.map(|f| (check_fixture(&f, &batch, &keys), f)), updating()) {
        (Some((Ok(()), fixture)), _) => fixture,
        // Remade only when missing or no longer right (the batch, the key or the format changed).
        (_, true) => {
            let fixture = fixture_json(&batch, &keys.prove(&batch).expect("proof"));
            check_fixture(&fixture, &batch, &keys).expect("a fresh proof verifies");
            check_or_update(&json_path, &(serde_json::to_string_pretty(&fixture).unwrap() + "\n"));
            fixture
        }
        (Some((Err(why), _)), false) => panic!("{}: {why}; {REGENERATE}", json_path.display()),
        (None, false) => panic!("{} is missing or not JSON; {REGENERATE}", json_path.display()),
    };
    check_or_update(&fixtures.join("RealBatch.sol"), &solidity_fixture(&fixture));
}

#[test]
fn the_generator_refuses_keys_with_other_input_counts() {
    // The Solidity interface has one public input; a key with two would be embedded wrongly.
    let vk = ark_groth16::VerifyingKey::<Bn254> { gamma_abc_g1: vec![G1Affine::generator(); 3], ..Default::default() };
    let result = std::panic::catch_unwind(|| prover::solidity::verifier_contract(&vk));
    assert!(result.is_err(), "two public inputs are refused");
}
