//! The HTTP API: JSON under `/v1`, a WebSocket stream, `/metrics` and `/openapi.json`.
//! Handlers are thin: they parse, call the pipeline, the shared state or the DAL, and map the
//! result; every failure is an [`ApiError`].

mod accounts;
mod chain;
pub mod error;
pub mod openapi;
mod pools;
mod transactions;
mod ws;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use tokio::sync::broadcast;

pub use error::{ApiError, ApiJson, ApiPath, ApiQuery};

use crate::dal::Dal;
use crate::metrics::Metrics;
use crate::pipeline::PipelineHandle;
use crate::shared::Shared;
use crate::types::Event;

/// Everything a handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The pipeline's queue.
    pub pipeline: PipelineHandle,
    /// The database.
    pub dal: Dal,
    /// State, heights and counters shared with the pipeline.
    pub shared: Arc<Shared>,
    /// Events for WebSocket subscribers.
    pub events: broadcast::Sender<Event>,
    /// Metrics.
    pub metrics: Arc<Metrics>,
    /// The Rollup contract this node settles on, when it has an L1 (wallets read it from
    /// `/v1/status` to deposit and claim).
    pub rollup_address: Option<String>,
}

/// Every route: method, path (OpenAPI syntax) and handler. The OpenAPI document must list
/// exactly these (a test checks it).
fn route_table() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    vec![
        ("post", "/v1/transactions", post(transactions::submit)),
        ("post", "/v1/transactions/batch", post(transactions::submit_batch)),
        ("get", "/v1/transactions/{hash}", get(transactions::status)),
        ("get", "/v1/accounts/{account}", get(accounts::account)),
        ("get", "/v1/accounts/{account}/proof", get(accounts::proof)),
        ("get", "/v1/tokens", get(pools::tokens)),
        ("get", "/v1/pools", get(pools::pools)),
        ("get", "/v1/pools/{id}", get(pools::pool)),
        ("get", "/v1/pools/{id}/quote", get(pools::quote)),
        ("get", "/v1/pools/{id}/liquidity-quote", get(pools::liquidity_quote)),
        ("get", "/v1/blocks", get(chain::blocks)),
        ("get", "/v1/blocks/{number}", get(chain::block)),
        ("get", "/v1/batches", get(chain::batches)),
        ("get", "/v1/batches/{number}", get(chain::batch)),
        ("get", "/v1/status", get(chain::status)),
        ("get", "/v1/ws", get(ws::subscribe)),
        ("get", "/metrics", get(chain::metrics)),
        ("get", "/openapi.json", get(openapi::document)),
    ]
}

/// The (method, path) of every route.
pub fn routes() -> Vec<(&'static str, &'static str)> {
    route_table().into_iter().map(|(method, path, _)| (method, path)).collect()
}

/// The router, with a body limit of `max_body_bytes` and our errors for unknown routes.
pub fn router(state: AppState, max_body_bytes: usize) -> Router {
    let router =
        route_table().into_iter().fold(Router::new(), |router, (_, path, handler)| router.route(path, handler));
    router
        .fallback(|| async { ApiError::NotFound("no such route".into()) })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(max_body_bytes))
        .with_state(state)
}
