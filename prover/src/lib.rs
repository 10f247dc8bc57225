//! The prover: Groth16 keys for the batch circuit of `circuits`, proving and verifying
//! batches (many at once on rayon's pool), key files with checksums, and the verifying key in
//! the JSON form the Solidity verifier generator reads.
//!
//! The set-up here derives the toxic waste from a seed: it is a DEVELOPMENT set-up, insecure
//! by construction (anyone with the seed can forge proofs). Production keys need a multi-party
//! ceremony.

use std::io::{Read, Write};
use std::path::Path;
use std::time::Duration;

use ark_bn254::{Bn254, Fr};
use ark_groth16::{Groth16, PreparedVerifyingKey, Proof, ProvingKey, VerifyingKey};
use ark_relations::gr1cs::SynthesisError;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use ark_snark::SNARK;
use circuits::batch::SealedBatch;
use circuits::circuit::{BatchCircuit, CircuitParams};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use rayon::prelude::*;
use sha2::{Digest, Sha256};

pub mod fleet;
pub mod poseidon_sol;
pub mod solidity;
pub mod vk_json;

/// Shape of the INSECURE development set-up whose verifier is committed as
/// `contracts/src/Groth16Verifier.sol`: 2 slots, account depth 4, Anvil's chain id 31337.
/// Devnets and the end-to-end tests prove with these keys (`prover setup --committed-verifier`),
/// so that the committed contract verifies their proofs.
pub const COMMITTED_VERIFIER_PARAMS: CircuitParams =
    CircuitParams { slots: 2, account_depth: 4, chain_id: 31337, fee_account: 0, transfer_slots: 0 };
/// Seed of that set-up (public: anyone can forge proofs for it).
pub const COMMITTED_VERIFIER_SEED: u64 = 20_251_125;

/// Errors of the prover library.
#[derive(Debug, thiserror::Error)]
pub enum ProverError {
    /// Constraint synthesis or proving failed (for example, an unsatisfiable witness).
    #[error("synthesis: {0}")]
    Synthesis(#[from] SynthesisError),
    /// The batch does not fit the circuit.
    #[error("witness: {0}")]
    Witness(#[from] circuits::circuit::witness::WitnessError),
    /// Reading or writing key files.
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    /// A key file is corrupt, for other parameters, or fails its checksum.
    #[error("key file: {0}")]
    KeyFile(String),
}

/// The proving and verifying keys of one circuit shape.
#[derive(Clone)]
pub struct Keys {
    /// The circuit shape the keys are for.
    pub params: CircuitParams,
    /// Proving key.
    pub proving_key: ProvingKey<Bn254>,
    /// Verifying key, prepared for pairing checks.
    pub verifying_key: PreparedVerifyingKey<Bn254>,
}

fn spinner(message: String) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new_spinner();
    if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        bar.set_style(indicatif::ProgressStyle::with_template("{spinner} {msg} [{elapsed}]").expect("valid template"));
        bar.enable_steady_tick(Duration::from_millis(120));
    } else {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    bar.set_message(message);
    bar
}

impl Keys {
    /// INSECURE development set-up: the randomness comes from `seed`.
    pub fn insecure_dev_setup(params: CircuitParams, seed: u64) -> Result<Self, ProverError> {
        let bar = spinner(format!(
            "Groth16 set-up (INSECURE dev seed) for {} slots, depth {}",
            params.slots, params.account_depth
        ));
        let mut rng = ChaCha20Rng::seed_from_u64(seed);
        let (proving_key, verifying_key) =
            Groth16::<Bn254>::circuit_specific_setup(BatchCircuit::blank(params), &mut rng)?;
        bar.finish_and_clear();
        Ok(Self { params, proving_key, verifying_key: ark_groth16::prepare_verifying_key(&verifying_key) })
    }

    /// The plain verifying key.
    pub fn verifying_key(&self) -> &VerifyingKey<Bn254> {
        &self.verifying_key.vk
    }

    /// Writes the keys: a JSON header line (parameters and SHA-256 of the body) then the
    /// uncompressed proving key (format v2; see [`Keys::load`] for why uncompressed).
    pub fn save(&self, path: &Path) -> Result<(), ProverError> {
        let mut body = Vec::new();
        self.proving_key.serialize_uncompressed(&mut body).map_err(|e| ProverError::KeyFile(e.to_string()))?;
        let header = serde_json::json!({
            "format": KEY_FORMAT_UNCOMPRESSED,
            "params": self.params,
            "sha256": hex::encode(Sha256::digest(&body)),
            "insecure_dev_setup": true,
        });
        let mut file = std::fs::File::create(path)?;
        writeln!(file, "{header}")?;
        file.write_all(&body)?;
        file.sync_all()?;
        Ok(())
    }

    /// Reads keys written by [`Keys::save`], checking the checksum and the expected shape.
    ///
    /// A v2 (uncompressed) proving key is read without arkworks' per-point checks: decompressing
    /// and checking every point took 27 s for a 2-slot circuit here (and grows with the key),
    /// longer than a proof. The SHA-256 in the header already vouches that the bytes are those
    /// `save` wrote from the set-up's points, and a wrong point could only make proofs that
    /// fail verification (the worker verifies each proof before storing it; L1 verifies with
    /// its own key). The verifying key is still checked in full. v1 (compressed) files are
    /// read with every check, as before.
    pub fn load(path: &Path, expected: CircuitParams) -> Result<Self, ProverError> {
        let (params, compressed, body) = read_key_file(path)?;
        if params != expected {
            return Err(ProverError::KeyFile(format!("keys are for {params:?}, expected {expected:?}")));
        }
        let body = body.as_slice();
        let proving_key = if compressed {
            ProvingKey::<Bn254>::deserialize_compressed(body)
        } else {
            ProvingKey::<Bn254>::deserialize_uncompressed_unchecked(body)
        }
        .map_err(|e| ProverError::KeyFile(format!("proving key: {e}")))?;
        ark_serialize::Valid::check(&proving_key.vk)
            .map_err(|e| ProverError::KeyFile(format!("verifying key: {e}")))?;
        let verifying_key = ark_groth16::prepare_verifying_key(&proving_key.vk);
        Ok(Self { params, proving_key, verifying_key })
    }

    /// Proves one sealed batch.
    pub fn prove(&self, batch: &SealedBatch) -> Result<Proof<Bn254>, ProverError> {
        let circuit = BatchCircuit::from_sealed(self.params, batch)?;
        let bar = spinner(format!("proving batch {}", batch.number));
        let mut rng = ChaCha20Rng::from_entropy();
        let proof = Groth16::<Bn254>::prove(&self.proving_key, circuit, &mut rng)?;
        bar.finish_and_clear();
        Ok(proof)
    }

    /// Proves many batches in parallel on rayon's pool.
    pub fn prove_many(&self, batches: &[SealedBatch]) -> Vec<Result<Proof<Bn254>, ProverError>> {
        batches.par_iter().map(|batch| self.prove(batch)).collect()
    }

    /// Checks a proof against a batch commitment.
    pub fn verify(&self, commitment: Fr, proof: &Proof<Bn254>) -> bool {
        Groth16::<Bn254>::verify_with_processed_vk(&self.verifying_key, &[commitment], proof).unwrap_or(false)
    }
}

/// A proof as bytes (compressed), for storage.
pub fn proof_to_bytes(proof: &Proof<Bn254>) -> Vec<u8> {
    let mut out = Vec::new();
    proof.serialize_compressed(&mut out).expect("writing to a Vec cannot fail");
    out
}

/// Reads a proof written by [`proof_to_bytes`].
pub fn proof_from_bytes(bytes: &[u8]) -> Result<Proof<Bn254>, ProverError> {
    Proof::deserialize_compressed(bytes).map_err(|e| ProverError::KeyFile(format!("proof: {e}")))
}

/// Key files of format v1 hold the compressed proving key.
const KEY_FORMAT_COMPRESSED: &str = "rollup-groth16-bn254-v1";
/// Key files of format v2 hold it uncompressed (twice the size, loads without decompression).
const KEY_FORMAT_UNCOMPRESSED: &str = "rollup-groth16-bn254-v2";

/// A key file written by [`Keys::save`]: its header's parameters, whether its body is
/// compressed, and its checksummed body.
fn read_key_file(path: &Path) -> Result<(CircuitParams, bool, Vec<u8>), ProverError> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.read_to_end(&mut bytes)?;
    let newline = bytes.iter().position(|b| *b == b'\n').ok_or_else(|| ProverError::KeyFile("no header".into()))?;
    let header: serde_json::Value =
        serde_json::from_slice(&bytes[..newline]).map_err(|e| ProverError::KeyFile(format!("header: {e}")))?;
    let body = bytes.split_off(newline + 1);
    if header["sha256"].as_str() != Some(&hex::encode(Sha256::digest(&body))) {
        return Err(ProverError::KeyFile("checksum mismatch: the file is corrupt".into()));
    }
    let compressed = match header["format"].as_str() {
        Some(KEY_FORMAT_COMPRESSED) => true,
        Some(KEY_FORMAT_UNCOMPRESSED) => false,
        other => return Err(ProverError::KeyFile(format!("unknown key file format {other:?}"))),
    };
    let params =
        serde_json::from_value(header["params"].clone()).map_err(|e| ProverError::KeyFile(format!("params: {e}")))?;
    Ok((params, compressed, body))
}

/// The verifying key of a key file written by [`Keys::save`], without loading the proving
/// key (a compressed one decompresses and checks every point): the checksum is verified, then
/// only the body's prefix, the verifying key, is read.
pub fn load_verifying_key(path: &Path) -> Result<(CircuitParams, VerifyingKey<Bn254>), ProverError> {
    let (params, compressed, body) = read_key_file(path)?;
    // A serialised proving key starts with its verifying key.
    let body = body.as_slice();
    let vk = if compressed {
        VerifyingKey::<Bn254>::deserialize_compressed(body)
    } else {
        VerifyingKey::<Bn254>::deserialize_uncompressed(body)
    }
    .map_err(|e| ProverError::KeyFile(format!("verifying key: {e}")))?;
    Ok((params, vk))
}
