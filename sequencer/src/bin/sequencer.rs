//! The sequencer binary: `sequencer run` serves; `sequencer genesis` writes a load-generator
//! genesis file.

use clap::Parser;
use sequencer::config::{Cli, Command};
use sequencer::genesis::loadgen_genesis;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .init();
    match Cli::parse().command {
        Command::Genesis(args) => {
            let genesis = loadgen_genesis(args.accounts, args.account_depth, args.chain_id);
            let root = match genesis.build() {
                Ok(state) => sequencer::types::fr_hex(&state.root()),
                Err(error) => {
                    eprintln!("error: {error}");
                    return std::process::ExitCode::FAILURE;
                }
            };
            let json = serde_json::to_string_pretty(&genesis).expect("genesis serialises");
            if let Err(error) = std::fs::write(&args.out, json) {
                eprintln!("error: writing {}: {error}", args.out.display());
                return std::process::ExitCode::FAILURE;
            }
            println!("wrote {} ({} accounts); state root {root}", args.out.display(), args.accounts.max(1));
            std::process::ExitCode::SUCCESS
        }
        Command::Run(config) => {
            let mut node = match sequencer::node::start(&config, None).await {
                Ok(node) => node,
                Err(error) => {
                    tracing::error!(%error, "the sequencer did not start");
                    return std::process::ExitCode::FAILURE;
                }
            };
            tokio::select! {
                _ = shutdown_signal() => {
                    tracing::info!("stopping");
                    node.stop().await;
                }
                _ = node.wait() => {}
            }
            std::process::ExitCode::SUCCESS
        }
    }
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("install SIGTERM handler");
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}
