//! Proving a claimed job: the [`Executor`] trait and the Groth16 executor. Pure CPU work, no
//! I/O: the worker runs it on a blocking thread (arkworks spreads it over rayon's pool).

use std::sync::Arc;

use circuits::batch::{fr_to_be_bytes, SealedBatch};

use super::dal::ClaimedJob;
use crate::{proof_to_bytes, Keys, ProverError};

/// Why one attempt at a job failed (recorded as the job's `last_error`).
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// The stored witness is not a `SealedBatch`.
    #[error("the witness does not parse: {0}")]
    BadWitness(String),
    /// The witness is for another batch, or does not commit to the recorded commitment.
    #[error("the witness does not match the batch: {0}")]
    WitnessMismatch(String),
    /// Proving failed (an unsupported transaction, an unsatisfiable witness, ...).
    #[error("proving failed: {0}")]
    Prove(#[from] ProverError),
    /// The proof does not verify against the batch commitment.
    #[error("the proof does not verify against the batch commitment")]
    NotVerified,
    /// The proving thread panicked.
    #[error("the prover panicked: {0}")]
    Panicked(String),
}

/// Turns a claimed job into proof bytes.
pub trait Executor: Send + Sync + 'static {
    /// Proves the job's batch; the bytes are what the saver stores.
    fn execute(&self, job: &ClaimedJob) -> Result<Vec<u8>, JobError>;
}

/// Proves with Groth16 keys and checks the proof before it is stored.
#[derive(Clone)]
pub struct ProofExecutor {
    /// The keys (shared by every worker in the process).
    pub keys: Arc<Keys>,
}

fn hex0x(bytes: &[u8]) -> String {
    format!("0x{}", hex::encode(bytes))
}

impl Executor for ProofExecutor {
    fn execute(&self, job: &ClaimedJob) -> Result<Vec<u8>, JobError> {
        let batch: SealedBatch = serde_json::from_str(&job.witness).map_err(|e| JobError::BadWitness(e.to_string()))?;
        if i64::try_from(batch.number).ok() != Some(job.batch_number) {
            return Err(JobError::WitnessMismatch(format!("witness of batch {}", batch.number)));
        }
        let commitment = batch.commitment();
        let recorded = hex0x(&fr_to_be_bytes(&commitment));
        if !recorded.eq_ignore_ascii_case(&job.commitment) {
            return Err(JobError::WitnessMismatch(format!(
                "commitment {recorded}, the batch records {}",
                job.commitment
            )));
        }
        let proof = self.keys.prove(&batch)?;
        if !self.keys.verify(commitment, &proof) {
            return Err(JobError::NotVerified);
        }
        Ok(proof_to_bytes(&proof))
    }
}
