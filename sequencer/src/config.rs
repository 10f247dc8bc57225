//! Command line and environment configuration (clap).

use circuits::batch::{LayoutError, SlotLayout};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::witness::WitnessPriority;

/// The rollup sequencer.
#[derive(Debug, Parser)]
#[command(name = "sequencer", version, about = "The rollup's sequencer: HTTP API, ordering, blocks and batches")]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Runs the sequencer: applies migrations, recovers the state from Postgres, serves the API.
    Run(RunConfig),
    /// Writes a genesis file funding N deterministic load-generator accounts.
    Genesis(GenesisArgs),
    /// Deploys the Groth16 verifier and the Rollup contract for a genesis file (devnets, tests);
    /// prints their addresses as JSON (the last line of stdout).
    Deploy(DeployArgs),
    /// Sets up a devnet's L1 on Anvil: a test ERC-20 minted to three user accounts, a genesis
    /// with ETH, that token and an ETH/token pool, the verifier and the Rollup; writes the
    /// genesis and prints `NAME=value` lines (addresses, keys, deployment block) for scripts.
    DevnetDeploy(DevnetDeployArgs),
}

/// Settings of `sequencer run`.
#[derive(Debug, Clone, Args)]
pub struct RunConfig {
    /// Postgres URL, e.g. postgres://postgres@127.0.0.1:5432/rollup.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: String,
    /// Address the HTTP API listens on (port 0 picks a free one).
    #[arg(long, env = "SEQUENCER_LISTEN", default_value = "127.0.0.1:3000")]
    pub listen: SocketAddr,
    /// Genesis file (JSON). Required at first start; later it must match the stored genesis.
    #[arg(long, env = "SEQUENCER_GENESIS")]
    pub genesis: Option<PathBuf>,
    /// Transaction slots per batch (the batch circuit's size).
    #[arg(long, env = "SEQUENCER_BATCH_SLOTS", default_value_t = 64)]
    pub batch_slots: usize,
    /// Leading slots of each batch that hold only transfers (the circuit's layout, fixed at
    /// set-up: the prover keys' and the L1 contract's `transfer_slots`). A transfer slot costs
    /// about half a general slot to prove. Any other operation skips the transfer slots left.
    #[arg(long, env = "SEQUENCER_TRANSFER_SLOTS", default_value_t = 0)]
    pub transfer_slots: usize,
    /// A batch holding at least one transaction is sealed this long after its first one.
    #[arg(long, env = "SEQUENCER_BATCH_DEADLINE_MS", default_value_t = 10_000)]
    pub batch_deadline_ms: u64,
    /// A block closes over the transactions accepted in each interval.
    #[arg(long, env = "SEQUENCER_BLOCK_INTERVAL_MS", default_value_t = 1_000)]
    pub block_interval_ms: u64,
    /// Largest accepted request body, in bytes.
    #[arg(long, env = "SEQUENCER_MAX_BODY_BYTES", default_value_t = 4 * 1024 * 1024)]
    pub max_body_bytes: usize,
    /// Requests waiting for the pipeline; when it is full, submissions get 503 overloaded.
    #[arg(long, env = "SEQUENCER_QUEUE_CAPACITY", default_value_t = 8_192)]
    pub queue_capacity: usize,
    /// Most transactions the pipeline verifies, applies and commits as one group.
    #[arg(long, env = "SEQUENCER_MAX_GROUP", default_value_t = 4_096)]
    pub max_group: usize,
    /// Most accepted transactions kept in memory for the witness thread. It reads the ones
    /// beyond from Postgres, so acknowledgements never wait for witnessing (memory stays flat
    /// while the backlog, durable already, waits in the database).
    #[arg(long, env = "SEQUENCER_WITNESS_QUEUE", default_value_t = 262_144)]
    pub witness_queue: usize,
    /// Scheduling of the witness thread on Linux: `idle` (SCHED_IDLE), a niceness 1..19, or
    /// `normal`. Witnessing is throughput work that may lag, while every acknowledgement waits
    /// on the pipeline, so by default the witness thread runs only on cores the pipeline leaves
    /// idle and catches up when the load drops.
    #[arg(long, env = "SEQUENCER_WITNESS_PRIORITY", default_value_t = WitnessPriority::Idle)]
    pub witness_priority: WitnessPriority,
    /// Postgres connections in the pool (one is the pipeline's, the rest serve reads).
    #[arg(long, env = "SEQUENCER_DB_CONNECTIONS", default_value_t = 8)]
    pub db_connections: u32,
    /// Settlement on L1 and the deposit watcher (off without --l1-rpc-url).
    #[command(flatten)]
    pub l1: L1Args,
}

/// The L1 connection of `sequencer run`. Without an RPC URL the sequencer runs L2 only: it seals
/// batches and queues proofs, and nothing is settled or deposited.
#[derive(Debug, Clone, Default, Args)]
pub struct L1Args {
    /// JSON-RPC URL of the L1 node (http://), e.g. http://127.0.0.1:8545.
    #[arg(long, env = "SEQUENCER_L1_RPC_URL")]
    pub l1_rpc_url: Option<String>,
    /// Address of the Rollup contract (required with --l1-rpc-url).
    #[arg(long, env = "SEQUENCER_ROLLUP_ADDRESS")]
    pub rollup_address: Option<String>,
    /// The operator's private key (0x + 64 hex digits; required with --l1-rpc-url). It signs
    /// commitBatch, proveBatch and executeBatch.
    #[arg(long, env = "SEQUENCER_OPERATOR_KEY", hide_env_values = true)]
    pub operator_key: Option<String>,
    /// L1 blocks a DepositQueued log must be buried under before it is fed to L2 (0: at once).
    #[arg(long, env = "SEQUENCER_L1_CONFIRMATIONS", default_value_t = 1)]
    pub l1_confirmations: u64,
    /// Which L1 head deposits are counted from: `latest` (then `--l1-confirmations` deep), or the
    /// node's `safe` or `finalized` block (use these on real networks: a reorg cannot remove a
    /// finalized deposit).
    #[arg(long, env = "SEQUENCER_L1_FINALITY", value_enum, default_value_t = L1Finality::Latest)]
    pub l1_finality: L1Finality,
    /// Interval between polls of L1 (new deposits, settlement progress), in milliseconds.
    #[arg(long, env = "SEQUENCER_L1_POLL_MS", default_value_t = 1_000)]
    pub l1_poll_ms: u64,
    /// Base back-off before settlement queues a failed proof job again, in seconds: a job that
    /// failed after n claims is retried n times this long after its last failure.
    #[arg(long, env = "SEQUENCER_PROOF_RETRY_BACKOFF_SECS", default_value_t = 60)]
    pub proof_retry_backoff_secs: u64,
    /// First L1 block the watcher scans when it has no stored position (the deployment block).
    #[arg(long, env = "SEQUENCER_L1_FROM_BLOCK", default_value_t = 0)]
    pub l1_from_block: u64,
}

/// Settings of `sequencer deploy`.
#[derive(Debug, Clone, Args)]
pub struct DeployArgs {
    /// JSON-RPC URL of the L1 node.
    #[arg(long, env = "SEQUENCER_L1_RPC_URL")]
    pub l1_rpc_url: String,
    /// The deployer's private key (0x + 64 hex digits); it becomes the contract's owner.
    #[arg(long, env = "SEQUENCER_DEPLOYER_KEY", hide_env_values = true)]
    pub deployer_key: String,
    /// The operator's address [default: the deployer's].
    #[arg(long)]
    pub operator: Option<String>,
    /// The genesis file: its state root, ETH supply and ERC-20 tokens go into the constructor.
    #[arg(long)]
    pub genesis: PathBuf,
}

/// Settings of `sequencer devnet-deploy`.
#[derive(Debug, Clone, Args)]
pub struct DevnetDeployArgs {
    /// JSON-RPC URL of the L1 node: an Anvil dev chain (its first five well-known accounts deploy,
    /// operate and use the devnet).
    #[arg(long, env = "SEQUENCER_L1_RPC_URL")]
    pub l1_rpc_url: String,
    /// Depth of the account tree (the prover keys' depth).
    #[arg(long, default_value_t = 4)]
    pub account_depth: u32,
    /// Chain id signed into L2 transactions (the L1's, so wallets cannot mix chains up).
    #[arg(long, default_value_t = 31337)]
    pub chain_id: u32,
    /// Where to write the genesis file.
    #[arg(long)]
    pub genesis_out: PathBuf,
}

impl RunConfig {
    /// A configuration with the defaults, for tests and embedding.
    pub fn new(database_url: impl Into<String>, listen: SocketAddr) -> Self {
        Self {
            database_url: database_url.into(),
            listen,
            genesis: None,
            batch_slots: 64,
            transfer_slots: 0,
            batch_deadline_ms: 10_000,
            block_interval_ms: 1_000,
            max_body_bytes: 4 * 1024 * 1024,
            queue_capacity: 8_192,
            max_group: 4_096,
            witness_queue: 262_144,
            witness_priority: WitnessPriority::Idle,
            db_connections: 8,
            l1: L1Args::default(),
        }
    }

    /// The batch layout: `batch_slots` slots (at least one), the first `transfer_slots` of
    /// them transfer slots.
    pub fn layout(&self) -> Result<SlotLayout, LayoutError> {
        SlotLayout::new(self.batch_slots.max(1), self.transfer_slots)
    }

    /// The batch deadline.
    pub fn batch_deadline(&self) -> Duration {
        Duration::from_millis(self.batch_deadline_ms)
    }

    /// The block interval.
    pub fn block_interval(&self) -> Duration {
        Duration::from_millis(self.block_interval_ms.max(1))
    }
}

/// Settings of `sequencer genesis`.
#[derive(Debug, Clone, Args)]
pub struct GenesisArgs {
    /// Number of funded accounts (account 0 also collects fees).
    #[arg(long, default_value_t = 1_000)]
    pub accounts: usize,
    /// Depth of the account tree.
    #[arg(long, default_value_t = 24)]
    pub account_depth: u32,
    /// Chain id signed into every transaction.
    #[arg(long, default_value_t = 31337)]
    pub chain_id: u32,
    /// Where to write the file.
    #[arg(long, short)]
    pub out: PathBuf,
}

/// The L1 head the deposit watcher counts confirmations from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum L1Finality {
    /// The newest block.
    #[default]
    Latest,
    /// The node's `safe` block.
    Safe,
    /// The node's `finalized` block.
    Finalized,
}
