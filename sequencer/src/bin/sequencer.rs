//! The sequencer binary: `sequencer run` serves; `sequencer genesis` writes a load-generator
//! genesis file; `sequencer deploy` deploys the L1 contracts for a genesis.

use clap::Parser;
use sequencer::config::{Cli, Command, DeployArgs};
use sequencer::genesis::loadgen_genesis;
use sequencer::l1::{self, deploy::Deployment};
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
        Command::Deploy(args) => match deploy(&args).await {
            Ok(deployment) => {
                println!("{}", serde_json::to_string(&deployment).expect("addresses serialise"));
                std::process::ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: {error}");
                std::process::ExitCode::FAILURE
            }
        },
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

async fn deploy(args: &DeployArgs) -> Result<Deployment, Box<dyn std::error::Error>> {
    let genesis = sequencer::node::read_genesis(&args.genesis)?;
    let signer = l1::signer(&args.deployer_key)?;
    let operator = match &args.operator {
        Some(operator) => l1::address(operator)?,
        None => signer.address(),
    };
    let provider = l1::provider(&args.l1_rpc_url, signer)?;
    Ok(l1::deploy::deploy(&provider, &genesis, operator).await?)
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
