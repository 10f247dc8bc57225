//! Tokens, pools and swap quotes.

use axum::extract::State;
use axum::Json;
use circuits::state::PoolId;
use circuits::transition::{swap_output, TxError};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{ApiError, ApiPath, ApiQuery, AppState};
use crate::types::RejectReason;

/// `GET /v1/tokens`: the registered L1 tokens.
pub(super) async fn tokens(State(app): State<AppState>) -> Json<Value> {
    let state = app.shared.ledger();
    let tokens: Vec<Value> = state.tokens().iter().map(|(id, info)| json!({ "id": id, "info": info })).collect();
    Json(json!({ "tokens": tokens }))
}

fn pool_json(id: usize, pool: &circuits::state::Pool) -> Value {
    json!({ "id": id, "pool": pool, "lp_token": circuits::state::LP_TOKEN_BASE as usize + id })
}

/// `GET /v1/pools`.
pub(super) async fn pools(State(app): State<AppState>) -> Json<Value> {
    let state = app.shared.ledger();
    Json(json!({ "pools": state.pools().iter().enumerate().map(|(id, pool)| pool_json(id, pool)).collect::<Vec<_>>() }))
}

/// `GET /v1/pools/{id}`.
pub(super) async fn pool(State(app): State<AppState>, ApiPath(id): ApiPath<PoolId>) -> Result<Json<Value>, ApiError> {
    let state = app.shared.ledger();
    let pool = state.pool(id).ok_or_else(|| ApiError::NotFound(format!("no pool {id}")))?;
    Ok(Json(pool_json(id as usize, pool)))
}

/// Query of the quote endpoint.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct QuoteQuery {
    /// Sell `token_a` for `token_b` (true) or the other way round.
    a_to_b: bool,
    /// Exact input (decimal string).
    amount_in: String,
}

/// `GET /v1/pools/{id}/quote?a_to_b=true&amount_in=N`: the output of a swap now (before any
/// transaction fee), computed as the state transition would.
pub(super) async fn quote(
    State(app): State<AppState>,
    ApiPath(id): ApiPath<PoolId>,
    ApiQuery(query): ApiQuery<QuoteQuery>,
) -> Result<Json<Value>, ApiError> {
    let amount_in: u128 = query
        .amount_in
        .parse()
        .ok()
        .filter(|amount| *amount <= circuits::amount::MAX_BALANCE)
        .ok_or_else(|| ApiError::BadRequest("amount_in must be a decimal integer below 2^112".into()))?;
    let state = app.shared.ledger();
    let pool = *state.pool(id).ok_or_else(|| ApiError::NotFound(format!("no pool {id}")))?;
    if pool.lp_supply == 0 {
        return Err(ApiError::Rejected(RejectReason::Tx(TxError::EmptyPool(id))));
    }
    let (token_in, token_out, reserve_in, reserve_out) = if query.a_to_b {
        (pool.token_a, pool.token_b, pool.reserve_a, pool.reserve_b)
    } else {
        (pool.token_b, pool.token_a, pool.reserve_b, pool.reserve_a)
    };
    let amount_out = swap_output(amount_in, reserve_in, reserve_out, pool.fee_bps);
    Ok(Json(json!({
        "pool": id,
        "a_to_b": query.a_to_b,
        "token_in": token_in,
        "token_out": token_out,
        "amount_in": amount_in.to_string(),
        "amount_out": amount_out.to_string(),
        "fee_bps": pool.fee_bps,
    })))
}
