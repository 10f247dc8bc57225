//! The L1 side of the sequencer: contract bindings ([`bindings`]), deployment for devnets and
//! tests ([`deploy`]), the settlement task that commits, proves and executes every sealed batch
//! on the Rollup contract ([`settlement`]), and the watcher that feeds L1 deposits to the
//! pipeline as priority operations ([`watcher`]).
//!
//! Both tasks keep their progress where it survives a restart: settlement reads the contract's
//! counters each round (L1 is the authority on what it already has) and records what it sent
//! in Postgres; the watcher resumes from its stored L1 block and the pipeline's next priority
//! id, and the pipeline refuses serial ids it already applied.

pub mod bindings;
pub mod deploy;
pub mod settlement;
pub mod startup;
pub mod watcher;

use std::time::Duration;

use alloy::network::EthereumWallet;
use alloy::primitives::{Address, B256, U256};
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use alloy::signers::local::PrivateKeySigner;

use crate::config::L1Args;
use crate::dal::DalError;

/// Why an L1 call or an L1 task step failed.
#[derive(Debug, thiserror::Error)]
pub enum L1Error {
    /// Missing or malformed L1 settings.
    #[error("L1 configuration: {0}")]
    Config(String),
    /// A contract call or transaction failed (RPC error, revert on estimation, ...).
    #[error("contract call: {0}")]
    Contract(#[from] alloy::contract::Error),
    /// The JSON-RPC transport failed.
    #[error("L1 RPC: {0}")]
    Rpc(#[from] alloy::transports::TransportError),
    /// Waiting for a receipt failed.
    #[error("waiting for the receipt: {0}")]
    Pending(#[from] alloy::providers::PendingTransactionError),
    /// The transaction was mined and reverted.
    #[error("{action} of batch {batch} reverted on L1 (tx {tx})")]
    Reverted {
        /// commit, prove or execute.
        action: &'static str,
        /// The batch.
        batch: u64,
        /// The transaction hash.
        tx: B256,
    },
    /// Postgres and L1 disagree, or stored data is unusable: settlement stops sending.
    #[error("inconsistent state: {0}")]
    Inconsistent(String),
    /// The database.
    #[error(transparent)]
    Dal(#[from] DalError),
    /// The pipeline did not take a deposit.
    #[error("the pipeline refused a deposit: {0}")]
    Pipeline(String),
}

/// Result of an L1 step.
pub type L1Result<T> = Result<T, L1Error>;

/// A JSON-RPC provider that signs with the operator's key (nonce, gas and chain id filled in).
pub type L1Provider = DynProvider;

/// Parses `0x` + 64 hex digits as a local signer.
pub fn signer(private_key: &str) -> L1Result<PrivateKeySigner> {
    private_key.trim().parse().map_err(|e| L1Error::Config(format!("private key: {e}")))
}

/// Parses an L1 address.
pub fn address(text: &str) -> L1Result<Address> {
    text.trim().parse().map_err(|e| L1Error::Config(format!("address {text:?}: {e}")))
}

/// A provider at `url` whose transactions `signer` signs. The nonce is asked of the node for
/// every transaction (alloy's default caches it): a transaction whose sending failed would
/// otherwise leave a gap that blocks every later one, and another process using the same key
/// (a deployer, an operator restarted over a pending transaction) would get stale nonces.
pub fn provider(url: &str, signer: PrivateKeySigner) -> L1Result<L1Provider> {
    let url = url.parse().map_err(|e| L1Error::Config(format!("L1 RPC URL {url:?}: {e}")))?;
    Ok(ProviderBuilder::new()
        .disable_recommended_fillers()
        .with_gas_estimation()
        .with_simple_nonce_management()
        .fetch_chain_id()
        .wallet(EthereumWallet::from(signer))
        .connect_http(url)
        .erased())
}

/// A 0x-hex field element (roots as the DAL stores them) as bytes32.
pub(crate) fn b256(hex: &str) -> L1Result<B256> {
    hex.parse().map_err(|e| L1Error::Inconsistent(format!("stored root {hex:?}: {e}")))
}

/// A decimal string (as `prover::vk_json` writes proof words) as a uint256.
pub(crate) fn u256_decimal(text: &str) -> L1Result<U256> {
    U256::from_str_radix(text, 10).map_err(|e| L1Error::Inconsistent(format!("proof word {text:?}: {e}")))
}

/// The L1 settings of a running node, checked.
#[derive(Clone, Debug)]
pub struct L1Settings {
    /// The signing provider.
    pub provider: L1Provider,
    /// The Rollup contract.
    pub rollup: Address,
    /// Confirmations a deposit needs.
    pub confirmations: u64,
    /// The head they are counted from.
    pub finality: crate::config::L1Finality,
    /// Poll interval.
    pub poll: Duration,
    /// The watcher's first block when it has no stored cursor.
    pub from_block: u64,
    /// Base back-off before a failed proof job is queued again.
    pub proof_retry_backoff: Duration,
    /// The operator's address (of `--operator-key`).
    pub operator: Address,
}

impl L1Settings {
    /// `None` without an RPC URL (L2 only); an error when the URL comes without the contract
    /// address or the operator key, or any of them does not parse.
    pub fn from_args(args: &L1Args) -> L1Result<Option<Self>> {
        let Some(url) = &args.l1_rpc_url else { return Ok(None) };
        let rollup = args
            .rollup_address
            .as_deref()
            .ok_or_else(|| L1Error::Config("--rollup-address is required with --l1-rpc-url".into()))?;
        let key = args
            .operator_key
            .as_deref()
            .ok_or_else(|| L1Error::Config("--operator-key is required with --l1-rpc-url".into()))?;
        let signer = signer(key)?;
        Ok(Some(Self {
            operator: signer.address(),
            provider: provider(url, signer)?,
            rollup: address(rollup)?,
            confirmations: args.l1_confirmations,
            finality: args.l1_finality,
            // A zero interval would spin on the RPC node.
            poll: Duration::from_millis(args.l1_poll_ms.max(50)),
            from_block: args.l1_from_block,
            proof_retry_backoff: Duration::from_secs(args.proof_retry_backoff_secs),
        }))
    }
}

/// Exponential backoff for retried L1 steps: doubles from the poll interval up to a minute,
/// and resets after a success.
#[derive(Debug)]
struct Backoff {
    base: Duration,
    current: Duration,
}

impl Backoff {
    fn new(base: Duration) -> Self {
        Self { base, current: base }
    }

    /// The wait after a failure (then doubled).
    fn failed(&mut self) -> Duration {
        let wait = self.current;
        self.current = (self.current * 2).min(Duration::from_secs(60));
        wait
    }

    fn succeeded(&mut self) {
        self.current = self.base;
    }
}

/// A task that polls L1: each step returns whether it made progress.
pub(crate) trait PollingTask {
    /// What a step is called in the logs.
    const STEP: &'static str;
    /// One step.
    fn step(&mut self) -> impl std::future::Future<Output = L1Result<bool>> + Send;
}

/// Runs `task` until `stop` turns true: the next step at once while it reports progress,
/// after `poll` when it found nothing to do, and with exponential backoff after a failure.
/// The settlement task and the deposit watcher both run this way.
pub(crate) async fn run_until_stopped<T: PollingTask>(
    task: &mut T,
    poll: Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    let mut backoff = Backoff::new(poll);
    loop {
        let wait = match task.step().await {
            Ok(true) => {
                backoff.succeeded();
                continue;
            }
            Ok(false) => {
                backoff.succeeded();
                poll
            }
            Err(error) => {
                let wait = backoff.failed();
                let step = T::STEP;
                tracing::warn!(%error, step, retry_in_ms = wait.as_millis() as u64, "L1 step failed");
                wait
            }
        };
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = stop.wait_for(|stop| *stop) => break,
        }
    }
}
