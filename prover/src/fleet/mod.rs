//! The prover fleet: workers that claim proof jobs from Postgres, prove them and write the
//! proofs back. Any number of workers, on any number of machines, share the `proof_jobs` queue.
//!
//! A worker is three small parts, wired by [`worker::Worker`]:
//! - [`picker::JobPicker`] (database): puts jobs with expired leases back in the queue and claims
//!   the oldest queued job in one statement (`FOR UPDATE SKIP LOCKED`);
//! - [`executor::Executor`] (pure CPU, no I/O): parses the witness, proves, verifies locally;
//! - [`saver::JobSaver`] (database): extends the lease while proving, then stores the proof, or
//!   records the error, or gives the job back on shutdown.
//!
//! Job states (`proof_jobs.status`):
//! ```text
//!   queued --claim--> in_progress --proof--> done
//!     ^                 |   |
//!     |  error or lease |   | error or lease expiry at max attempts
//!     +--- expiry ------+   +--------------------------------------> failed
//!     +--- release on shutdown (the attempt does not count)
//! ```
//! All SQL lives in [`dal`].

pub mod dal;
pub mod executor;
pub mod picker;
pub mod saver;
pub mod worker;

use std::io::{BufRead, BufReader};
use std::path::Path;

use circuits::circuit::CircuitParams;
use circuits::genesis::Genesis;

use crate::ProverError;
use dal::FleetDal;

/// Errors that stop a worker (job failures are recorded on the job instead).
#[derive(Debug, thiserror::Error)]
pub enum FleetError {
    /// A database call failed.
    #[error("database error in {method}: {source}")]
    Database {
        /// `Struct::method` of the failing call.
        method: &'static str,
        /// What sqlx reported.
        #[source]
        source: sqlx::Error,
    },
    /// The key file could not be read.
    #[error("keys: {0}")]
    Keys(#[from] ProverError),
    /// No genesis is stored yet: the sequencer has never started on this database.
    #[error("no genesis in the database: start the sequencer first")]
    NoGenesis,
    /// The stored genesis does not parse.
    #[error("the stored genesis does not parse: {0}")]
    BadGenesis(String),
    /// The keys are for another circuit shape than the chain's.
    #[error("the keys do not match the chain: {0}")]
    KeysMismatch(String),
}

/// Result of fleet calls.
pub type FleetResult<T> = Result<T, FleetError>;

/// The circuit parameters recorded in a key file's header (before loading the large body).
pub fn keys_file_params(path: &Path) -> Result<CircuitParams, ProverError> {
    let mut line = String::new();
    BufReader::new(std::fs::File::open(path)?).read_line(&mut line)?;
    let header: serde_json::Value =
        serde_json::from_str(&line).map_err(|e| ProverError::KeyFile(format!("header: {e}")))?;
    serde_json::from_value(header["params"].clone()).map_err(|e| ProverError::KeyFile(format!("params: {e}")))
}

/// Refuses keys whose shape differs from the chain's: account depth, chain id and fee account
/// against the stored genesis, the slot layout against the latest batch (when there is one).
pub async fn check_keys_match_chain(dal: &FleetDal, params: &CircuitParams) -> FleetResult<()> {
    let chain = dal.chain().await?;
    let genesis: Genesis = serde_json::from_str(chain.genesis.as_deref().ok_or(FleetError::NoGenesis)?)
        .map_err(|e| FleetError::BadGenesis(e.to_string()))?;
    let config = genesis.config;
    let mut problems = Vec::new();
    if config.account_depth != params.account_depth {
        problems.push(format!("account depth {} (chain {})", params.account_depth, config.account_depth));
    }
    if config.chain_id != params.chain_id {
        problems.push(format!("chain id {} (chain {})", params.chain_id, config.chain_id));
    }
    if config.fee_account != params.fee_account {
        problems.push(format!("fee account {} (chain {})", params.fee_account, config.fee_account));
    }
    if let Some(slots) = chain.latest_slots {
        if usize::try_from(slots).ok() != Some(params.slots) {
            problems.push(format!("{} slots (latest batch has {slots})", params.slots));
        }
    }
    if let Some(transfer_slots) = chain.latest_transfer_slots {
        if usize::try_from(transfer_slots).ok() != Some(params.transfer_slots) {
            problems.push(format!("{} transfer slots (latest batch has {transfer_slots})", params.transfer_slots));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(FleetError::KeysMismatch(format!("keys have {}", problems.join(", "))))
    }
}
