//! Command line and environment configuration (clap).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

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
    /// Most jobs (accepted transactions, block closes, batch seals) waiting for the witness
    /// thread; when full, acknowledgements wait for witnessing to catch up.
    #[arg(long, env = "SEQUENCER_WITNESS_QUEUE", default_value_t = 262_144)]
    pub witness_queue: usize,
    /// Postgres connections in the pool (one is the pipeline's, the rest serve reads).
    #[arg(long, env = "SEQUENCER_DB_CONNECTIONS", default_value_t = 8)]
    pub db_connections: u32,
}

impl RunConfig {
    /// A configuration with the defaults, for tests and embedding.
    pub fn new(database_url: impl Into<String>, listen: SocketAddr) -> Self {
        Self {
            database_url: database_url.into(),
            listen,
            genesis: None,
            batch_slots: 64,
            batch_deadline_ms: 10_000,
            block_interval_ms: 1_000,
            max_body_bytes: 4 * 1024 * 1024,
            queue_capacity: 8_192,
            max_group: 4_096,
            witness_queue: 262_144,
            db_connections: 8,
        }
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
