//! The sequencer binary: `sequencer run` serves; `sequencer genesis` writes a load-generator
//! genesis file; `sequencer deploy` deploys the L1 contracts for a genesis.

use clap::Parser;
use sequencer::config::{Cli, Command, DeployArgs, DevnetDeployArgs};
use sequencer::genesis::loadgen_genesis;
use sequencer::l1::{self, deploy::Deployment};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // Logs go to stderr: stdout carries what scripts read (deploy's JSON, devnet-deploy's lines).
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .with_writer(std::io::stderr)
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
        Command::DevnetDeploy(args) => match devnet_deploy(&args).await {
            Ok(lines) => {
                println!("{lines}");
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

/// Deploys a devnet's L1 side and writes its genesis; returns `NAME=value` lines.
async fn devnet_deploy(args: &DevnetDeployArgs) -> Result<String, Box<dyn std::error::Error>> {
    let config =
        circuits::state::StateConfig { account_depth: args.account_depth, chain_id: args.chain_id, fee_account: 0 };
    let deployed = l1::deploy::deploy_devnet(&args.l1_rpc_url, config).await?;
    std::fs::write(&args.genesis_out, serde_json::to_string_pretty(&deployed.genesis)?)?;
    let mut lines = vec![
        format!("ROLLUP_ADDRESS={}", deployed.contracts.rollup),
        format!("VERIFIER_ADDRESS={}", deployed.contracts.verifier),
        format!("TOKEN_ADDRESS={}", deployed.token),
        format!("DEPLOY_BLOCK={}", deployed.contracts.block),
        format!("OPERATOR_KEY={}", deployed.operator_key),
    ];
    for (index, key) in deployed.user_keys.iter().enumerate() {
        lines.push(format!("USER{}_KEY={key}", index + 1));
        lines.push(format!("USER{}_ADDRESS={}", index + 1, l1::signer(key)?.address()));
    }
    Ok(lines.join("\n"))
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
