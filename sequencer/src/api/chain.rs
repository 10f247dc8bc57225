//! Blocks, batches, node status and metrics.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{ApiError, ApiPath, ApiQuery, AppState};
use crate::dal::models::{BatchRow, BlockRow};
use crate::dal::StorageExt;
use crate::metrics::Gauges;
use crate::types::{fr_hex, hex0x};

/// Pagination: newest first, at most `limit` (default 20, at most 100), numbered at most `before`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Page {
    before: Option<i64>,
    limit: Option<i64>,
}

impl Page {
    fn limit(&self) -> i64 {
        self.limit.unwrap_or(20).clamp(1, 100)
    }
}

fn block_json(block: &BlockRow) -> Value {
    json!({
        "number": block.number,
        "first_seq": block.first_seq,
        "last_seq": block.last_seq,
        "tx_count": block.tx_count,
        "state_root": block.state_root,
        "created_at_ms": block.created_at_ms,
    })
}

fn batch_json(batch: &BatchRow) -> Value {
    let status = if batch.settled {
        "settled"
    } else if batch.proof_status.as_deref() == Some("done") {
        "proven"
    } else {
        batch.status.as_str()
    };
    json!({
        "number": batch.number,
        "status": status,
        "proof_status": batch.proof_status,
        "first_seq": batch.first_seq,
        "last_seq": batch.last_seq,
        "tx_count": batch.tx_count,
        "slots": batch.slots,
        "first_block": batch.first_block,
        "last_block": batch.last_block,
        "old_state_root": batch.old_state_root,
        "new_state_root": batch.new_state_root,
        "commitment": batch.commitment,
        "priority_ops": batch.priority_ops,
        "pubdata": hex0x(&batch.pubdata),
        "created_at_ms": batch.created_at_ms,
    })
}

/// `GET /v1/blocks?before=N&limit=M`.
pub(super) async fn blocks(
    State(app): State<AppState>,
    ApiQuery(page): ApiQuery<Page>,
) -> Result<Json<Value>, ApiError> {
    let rows = app.dal.acquire().await?.blocks_dal().list(page.before, page.limit()).await?;
    Ok(Json(json!({ "blocks": rows.iter().map(block_json).collect::<Vec<_>>() })))
}

/// `GET /v1/blocks/{number}`.
pub(super) async fn block(State(app): State<AppState>, ApiPath(number): ApiPath<i64>) -> Result<Json<Value>, ApiError> {
    let row = app.dal.acquire().await?.blocks_dal().get(number).await?;
    row.map(|row| Json(block_json(&row))).ok_or_else(|| ApiError::NotFound(format!("no block {number}")))
}

/// `GET /v1/batches?before=N&limit=M`.
pub(super) async fn batches(
    State(app): State<AppState>,
    ApiQuery(page): ApiQuery<Page>,
) -> Result<Json<Value>, ApiError> {
    let rows = app.dal.acquire().await?.batches_dal().list(page.before, page.limit()).await?;
    Ok(Json(json!({ "batches": rows.iter().map(batch_json).collect::<Vec<_>>() })))
}

/// `GET /v1/batches/{number}`.
pub(super) async fn batch(State(app): State<AppState>, ApiPath(number): ApiPath<i64>) -> Result<Json<Value>, ApiError> {
    let row = app.dal.acquire().await?.batches_dal().get(number).await?;
    row.map(|row| Json(batch_json(&row))).ok_or_else(|| ApiError::NotFound(format!("no batch {number}")))
}

/// `GET /v1/status`: heights, roots, counters and throughput.
pub(super) async fn status(State(app): State<AppState>) -> Result<Json<Value>, ApiError> {
    let heights = app.dal.acquire().await?.batches_dal().heights().await?;
    let (accepted, rejected, last_block, last_batch) = app.shared.counts();
    // The root of the witnessed state: the first `witnessed` accepted transactions (the
    // Merkle state lags the acknowledged ledger by the witness queue).
    let state_root = fr_hex(&app.shared.state().root());
    let witnessed = app.shared.counters.witnessed.load(std::sync::atomic::Ordering::Relaxed);
    // The batch being filled: a transaction submitted now goes into it or a later one, so a
    // client signs `valid_until` as this plus the batches it allows.
    let open_batch = app.shared.counters.open_batch.load(std::sync::atomic::Ordering::Relaxed);
    Ok(Json(json!({
        "chain_id": app.shared.chain_id,
        "rollup_address": app.rollup_address,
        "genesis_root": app.shared.genesis_root,
        "state_root": state_root,
        "heights": {
            "block": last_block,
            "batch": last_batch,
            "open_batch": open_batch,
            // A proof stored by the fleet, and one L1 verified: they differ while a proof waits
            // to be posted, and when L1 (or the pre-posting check) rejects a stored proof.
            "proven_batch": heights.proven.unwrap_or(0),
            "verified_batch": heights.verified.unwrap_or(0),
            "settled_batch": heights.settled.unwrap_or(0),
        },
        "accepted": accepted,
        "witnessed": witnessed,
        "rejected": rejected,
        "throughput_tps": app.shared.throughput(),
        "queue": { "depth": app.pipeline.queue_depth(), "capacity": app.pipeline.queue_capacity() },
    })))
}

/// `GET /metrics`: Prometheus text exposition.
pub(super) async fn metrics(State(app): State<AppState>) -> impl IntoResponse {
    let (accepted, _, last_block, last_batch) = app.shared.counts();
    let witnessed = app.shared.counters.witnessed.load(std::sync::atomic::Ordering::Relaxed);
    let gauges = Gauges {
        witness_lag: accepted.saturating_sub(witnessed),
        queue_depth: app.pipeline.queue_depth() as u64,
        queue_capacity: app.pipeline.queue_capacity() as u64,
        last_block,
        last_batch,
        throughput: app.shared.throughput(),
    };
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], app.metrics.render(gauges))
}
