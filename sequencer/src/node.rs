//! Wiring: connect, migrate, load the genesis, recover, start the pipeline and serve.

use std::net::SocketAddr;
use std::sync::Arc;

use circuits::genesis::Genesis;
use tokio::sync::{broadcast, oneshot, watch};
use tokio::task::JoinHandle;

use crate::api::{self, AppState};
use crate::config::RunConfig;
use crate::dal::{Dal, DalError};
use crate::l1::settlement::Settlement;
use crate::l1::watcher::Watcher;
use crate::l1::{L1Error, L1Settings};
use crate::metrics::Metrics;
use crate::pipeline::{self, PipelineConfig, PipelineHandle};
use crate::recovery::{self, RecoveryError};
use crate::shared::Shared;

/// Why the node did not start.
#[derive(Debug, thiserror::Error)]
pub enum NodeError {
    /// The database.
    #[error(transparent)]
    Dal(#[from] DalError),
    /// Genesis or replay.
    #[error(transparent)]
    Recovery(#[from] RecoveryError),
    /// The genesis file could not be read or parsed.
    #[error("genesis file {path}: {reason}")]
    GenesisFile {
        /// The file.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// The L1 settings, or the watcher's start-up reads.
    #[error(transparent)]
    L1(#[from] L1Error),
    /// Binding the listener.
    #[error("cannot listen on {0}: {1}")]
    Listen(SocketAddr, std::io::Error),
    /// `--batch-slots` and `--transfer-slots` leave no general slot.
    #[error(transparent)]
    Layout(#[from] circuits::batch::LayoutError),
}

/// A running sequencer.
#[derive(Debug)]
pub struct Node {
    /// The address the API listens on.
    pub addr: SocketAddr,
    /// The pipeline (tests submit priority operations through it).
    pub pipeline: PipelineHandle,
    /// The database.
    pub dal: Dal,
    /// The shared view.
    pub shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    server: JoinHandle<()>,
    pipeline_task: JoinHandle<()>,
    /// The settlement task and the L1 watcher, when an L1 is configured.
    l1_tasks: Vec<JoinHandle<()>>,
    stop_l1: watch::Sender<bool>,
}

/// Reads a genesis file.
pub fn read_genesis(path: &std::path::Path) -> Result<Genesis, NodeError> {
    let fail = |reason: String| NodeError::GenesisFile { path: path.display().to_string(), reason };
    let text = std::fs::read_to_string(path).map_err(|e| fail(e.to_string()))?;
    serde_json::from_str(&text).map_err(|e| fail(e.to_string()))
}

/// Starts a node: `genesis` overrides `config.genesis` (tests pass it directly).
pub async fn start(config: &RunConfig, genesis: Option<Genesis>) -> Result<Node, NodeError> {
    let genesis = match (genesis, &config.genesis) {
        (Some(genesis), _) => Some(genesis),
        (None, Some(path)) => Some(read_genesis(path)?),
        (None, None) => None,
    };
    // Checked before anything starts: a bad L1 setting should not leave a half-started node.
    let l1 = L1Settings::from_args(&config.l1)?;
    let layout = config.layout()?;
    let dal = Dal::connect(&config.database_url, config.db_connections).await?;
    dal.migrate().await?;
    let (genesis, genesis_root) = recovery::load_genesis(&dal, genesis).await?;
    if let Some(l1) = &l1 {
        crate::l1::startup::check_contract(l1, layout, &genesis_root).await?;
    }
    let recovered = recovery::recover(&dal, &genesis, layout).await?;
    let shared = Arc::new(Shared::new(recovered.state.clone(), genesis_root));
    let (events, _) = broadcast::channel(16_384);
    let metrics = Arc::new(Metrics::default());
    let pipeline_config = PipelineConfig {
        layout,
        batch_deadline: config.batch_deadline(),
        block_interval: config.block_interval(),
        max_group: config.max_group.max(1),
        queue_capacity: config.queue_capacity.max(1),
        witness_queue: config.witness_queue.max(1),
        witness_priority: config.witness_priority,
    };
    let (pipeline, pipeline_task) = pipeline::spawn(
        dal.clone(),
        shared.clone(),
        events.clone(),
        metrics.clone(),
        pipeline_config,
        genesis,
        recovered,
    );
    let rollup_address = l1.as_ref().map(|l1| l1.rollup.to_string());
    let state = AppState {
        pipeline: pipeline.clone(),
        dal: dal.clone(),
        shared: shared.clone(),
        events,
        metrics: metrics.clone(),
        rollup_address,
    };
    let router = api::router(state, config.max_body_bytes);
    let listener =
        tokio::net::TcpListener::bind(config.listen).await.map_err(|e| NodeError::Listen(config.listen, e))?;
    let addr = listener.local_addr().map_err(|e| NodeError::Listen(config.listen, e))?;
    let (shutdown, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let serve = axum::serve(listener, router).with_graceful_shutdown(async {
            let _ = stopped.await;
        });
        if let Err(error) = serve.await {
            tracing::error!(%error, "the HTTP server failed");
        }
    });
    let (stop_l1, l1_stopped) = watch::channel(false);
    let mut l1_tasks = Vec::new();
    match l1 {
        Some(l1) => {
            let watcher = Watcher::new(&l1, dal.clone(), pipeline.clone(), metrics.clone()).await?;
            l1_tasks.push(tokio::spawn(watcher.run(l1.clone(), l1_stopped.clone())));
            let settlement = Settlement::new(&l1, dal.clone(), metrics.clone());
            l1_tasks.push(tokio::spawn(settlement.run(l1, l1_stopped)));
        }
        None => tracing::info!("no L1 RPC URL: running L2 only (no deposits, no settlement)"),
    }
    tracing::info!(%addr, "sequencer listening");
    Ok(Node { addr, pipeline, dal, shared, shutdown: Some(shutdown), server, pipeline_task, l1_tasks, stop_l1 })
}

impl Node {
    /// Stops serving, lets the pipeline finish what it holds, and waits for both.
    pub async fn stop(mut self) {
        // The L1 tasks first: the watcher holds a pipeline handle, and a settlement step in
        // flight finishes its receipt and record before the task sees the signal.
        let _ = self.stop_l1.send(true);
        for task in self.l1_tasks.drain(..) {
            let _ = task.await;
        }
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        let _ = (&mut self.server).await;
        drop(self.pipeline);
        let _ = self.pipeline_task.await;
    }

    /// Waits until the server ends (it runs until stopped).
    pub async fn wait(&mut self) {
        let _ = (&mut self.server).await;
    }
}
