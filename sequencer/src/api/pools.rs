//! Tokens, pools and swap quotes.

use axum::extract::State;
use axum::Json;
use circuits::state::PoolId;
use circuits::transition::{quote_add_liquidity, swap_output, TxError};
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

/// A decimal amount of a query, at most `2^112 − 1`.
fn parse_amount(name: &str, text: &str) -> Result<u128, ApiError> {
    text.parse()
        .ok()
        .filter(|amount| *amount <= circuits::amount::MAX_BALANCE)
        .ok_or_else(|| ApiError::BadRequest(format!("{name} must be a decimal integer below 2^112")))
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
    let amount_in = parse_amount("amount_in", &query.amount_in)?;
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

/// Query of the liquidity quote endpoint: the transaction's amounts.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LiquidityQuoteQuery {
    /// Exact `token_a` (decimal string).
    amount_a: String,
    /// The most `token_b` (decimal string); the exact amount at a pool's first provision.
    max_amount_b: String,
}

/// `GET /v1/pools/{id}/liquidity-quote?amount_a=N&max_amount_b=M`: what adding liquidity does
/// now, computed and checked as the state transition would (`amount_b`, the shares credited,
/// `lp_minted`, which `min_lp` bounds, and the shares locked at a first provision).
pub(super) async fn liquidity_quote(
    State(app): State<AppState>,
    ApiPath(id): ApiPath<PoolId>,
    ApiQuery(query): ApiQuery<LiquidityQuoteQuery>,
) -> Result<Json<Value>, ApiError> {
    let amount_a = parse_amount("amount_a", &query.amount_a)?;
    let max_amount_b = parse_amount("max_amount_b", &query.max_amount_b)?;
    let state = app.shared.ledger();
    let pool = *state.pool(id).ok_or_else(|| ApiError::NotFound(format!("no pool {id}")))?;
    let quote = quote_add_liquidity(&pool, amount_a, max_amount_b).map_err(|e| ApiError::Rejected(e.into()))?;
    Ok(Json(json!({
        "pool": id,
        "amount_a": amount_a.to_string(),
        "amount_b": quote.amount_b.to_string(),
        "lp_minted": quote.lp_minted.to_string(),
        "lp_locked": quote.lp_locked.to_string(),
        "lp_supply_after": (pool.lp_supply + quote.supply_increase()).to_string(),
    })))
}
