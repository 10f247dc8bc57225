//! Submitting transactions and asking what happened to them.

use axum::extract::State;
use axum::Json;
use circuits::transition::TxError;
use circuits::tx::Tx;
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{json, Value};

use super::{ApiError, ApiJson, ApiPath, AppState};
use crate::dal::StorageExt;
use crate::types::{hex0x, parse_hash, Accepted, Outcome, RejectReason, TxHash};

/// Most transactions in one batch submission.
pub(super) const MAX_BATCH_SUBMISSION: usize = 10_000;

/// `POST /v1/transactions`: one signed transaction; answered once it is in Postgres.
pub(super) async fn submit(State(app): State<AppState>, ApiJson(tx): ApiJson<Tx>) -> Result<Json<Accepted>, ApiError> {
    let outcome = app.pipeline.submit(vec![tx]).await?.pop();
    match outcome {
        Some(Outcome::Accepted(accepted)) => Ok(Json(accepted)),
        Some(Outcome::Rejected { hash, reason }) => Err(explain(&app, hash, reason).await),
        Some(Outcome::Unavailable) | None => Err(ApiError::Unavailable),
    }
}

/// The answer to a batch: one item per submitted transaction, in order.
#[derive(Serialize)]
pub(super) struct BatchAnswer {
    results: Vec<BatchItem>,
}

/// One item of a batch answer.
#[derive(Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
enum BatchItem {
    Accepted { result: Accepted },
    Rejected { error: Value },
}

/// `POST /v1/transactions/batch`: a JSON array of transactions, answered per item in order.
/// Each item is parsed on its own (kept raw until then), so one malformed item is rejected
/// alone.
pub(super) async fn submit_batch(
    State(app): State<AppState>,
    ApiJson(items): ApiJson<Vec<Box<RawValue>>>,
) -> Result<Json<BatchAnswer>, ApiError> {
    if items.len() > MAX_BATCH_SUBMISSION {
        return Err(ApiError::BadRequest(format!("at most {MAX_BATCH_SUBMISSION} transactions per batch")));
    }
    let mut txs = Vec::with_capacity(items.len());
    let malformed: Vec<Option<ApiError>> = items
        .iter()
        .map(|item| match serde_json::from_str::<Tx>(item.get()) {
            Ok(tx) => {
                txs.push(tx);
                None
            }
            Err(error) => Some(ApiError::MalformedJson(error.to_string())),
        })
        .collect();
    let mut outcomes = if txs.is_empty() { Vec::new() } else { app.pipeline.submit(txs).await? }.into_iter();
    let mut results = Vec::with_capacity(malformed.len());
    for malformed in malformed {
        let result = match malformed {
            Some(error) => Err(error),
            None => match outcomes.next() {
                Some(Outcome::Accepted(accepted)) => Ok(accepted),
                Some(Outcome::Rejected { hash, reason }) => Err(explain(&app, hash, reason).await),
                Some(Outcome::Unavailable) | None => Err(ApiError::Unavailable),
            },
        };
        results.push(match result {
            Ok(result) => BatchItem::Accepted { result },
            Err(error) => BatchItem::Rejected { error: error.body() },
        });
    }
    Ok(Json(BatchAnswer { results }))
}

/// A rejection as an error; a stale nonce on a transaction that is already stored is a replay.
async fn explain(app: &AppState, hash: TxHash, reason: RejectReason) -> ApiError {
    if let RejectReason::Tx(TxError::BadNonce { expected, got }) = reason {
        if got < expected {
            if let Ok(mut conn) = app.dal.acquire().await {
                if let Ok(Some(row)) = conn.transactions_dal().status_by_hash(&hash).await {
                    return ApiError::AlreadyKnown { hash, seq: row.seq as u64 };
                }
            }
        }
    }
    ApiError::Rejected(reason)
}

/// `GET /v1/transactions/{hash}`: pending, in_block, in_batch, proven, settled or rejected.
/// `settled` means the Rollup contract executed the transaction's batch (its state root is the
/// verified root on L1, its withdrawals claimable); `settle_tx_hash` is that L1 transaction.
pub(super) async fn status(
    State(app): State<AppState>,
    ApiPath(hash): ApiPath<String>,
) -> Result<Json<Value>, ApiError> {
    let hash = parse_hash(&hash).ok_or_else(|| ApiError::BadRequest("hash must be 0x + 64 hex digits".into()))?;
    let row = app.dal.acquire().await?.transactions_dal().status_by_hash(&hash).await?;
    if let Some(row) = row {
        let status = if row.settled {
            "settled"
        } else if row.proof_status.as_deref() == Some("done") {
            "proven"
        } else if row.batch_sealed {
            "in_batch"
        } else if row.block_closed {
            "in_block"
        } else {
            "pending"
        };
        let tx: Value = serde_json::from_str(&row.tx).map_err(|e| ApiError::Internal(e.to_string()))?;
        return Ok(Json(json!({
            "hash": hex0x(&row.hash),
            "status": status,
            "seq": row.seq,
            "block": row.block_closed.then_some(row.block_number),
            "batch": row.batch_sealed.then_some(row.batch_number),
            "received_at_ms": row.received_at_ms,
            "settle_tx_hash": row.settle_tx_hash,
            "tx": tx,
        })));
    }
    match app.shared.rejection(&hash) {
        Some(rejection) => Ok(Json(json!({
            "hash": hex0x(&hash),
            "status": "rejected",
            "error": { "code": rejection.code, "message": rejection.message },
        }))),
        None => Err(ApiError::NotFound(format!("no transaction {}", hex0x(&hash)))),
    }
}
