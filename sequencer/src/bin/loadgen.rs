//! `loadgen`: drives a running sequencer with pre-signed transfers and swaps between the
//! accounts of a `sequencer genesis` file and reports throughput and submit latency.
//!
//! ```text
//! sequencer genesis --accounts 10000 --out genesis.json
//! loadgen --url http://127.0.0.1:3000 --genesis genesis.json --accounts 10000 \
//!     --rate max --duration-secs 20 --batch-size 100 --concurrency 8 --mix transfer=90,swap=10
//! ```

use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use sequencer::loadgen::{self, LoadConfig, Mix, Rate};
use tracing_subscriber::EnvFilter;

/// Load generator for the sequencer's submission API.
#[derive(Debug, Parser)]
#[command(name = "loadgen", version)]
struct Args {
    /// The sequencer, `http://host:port`.
    #[arg(long, default_value = "http://127.0.0.1:3000")]
    url: String,
    /// The genesis file the sequencer was started with (from `sequencer genesis`).
    #[arg(long)]
    genesis: PathBuf,
    /// Accounts to use (ids 0..N; keys `loadgen_key(i)`); default: all of the genesis.
    #[arg(long)]
    accounts: Option<usize>,
    /// Transactions per second, or `max`.
    #[arg(long, default_value = "max")]
    rate: Rate,
    /// Length of the timed phase.
    #[arg(long, default_value_t = 10)]
    duration_secs: u64,
    /// Transactions per HTTP request (1: `POST /v1/transactions`, else the batch endpoint).
    #[arg(long, default_value_t = 100)]
    batch_size: usize,
    /// Connections, each with one request in flight.
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    /// Transaction mix, e.g. `transfer=90,swap=10`.
    #[arg(long, default_value = "transfer=90,swap=10")]
    mix: Mix,
    /// Transactions to sign before the timed phase (default: rate × duration, or 25,000/s ×
    /// duration at `max`).
    #[arg(long)]
    presign: Option<usize>,
    /// Random seed of the workload.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Print the report as JSON instead of a table.
    #[arg(long)]
    json: bool,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .init();
    let args = Args::parse();
    let genesis = match sequencer::node::read_genesis(&args.genesis) {
        Ok(genesis) => genesis,
        Err(error) => {
            eprintln!("error: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let config = LoadConfig {
        url: args.url,
        accounts: args.accounts.unwrap_or(genesis.accounts.len()),
        rate: args.rate,
        duration: Duration::from_secs(args.duration_secs),
        batch_size: args.batch_size,
        concurrency: args.concurrency,
        mix: args.mix,
        presign: args.presign,
        seed: args.seed,
    };
    match loadgen::run(&config, genesis).await {
        Ok(report) if args.json => {
            println!("{}", serde_json::to_string_pretty(&report).expect("reports serialise"));
            std::process::ExitCode::SUCCESS
        }
        Ok(report) => {
            print!("{}", report.table());
            std::process::ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
