//! Accounts (from the acknowledged ledger) and their Merkle proofs (from the witnessed state,
//! which lags the ledger by the transactions still queued for witnessing).

use axum::extract::State;
use axum::Json;
use circuits::babyjubjub::PublicKey;
use circuits::state::{AccountId, Ledger, State as RollupState};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{ApiError, ApiPath, ApiQuery, AppState};
use crate::types::fr_hex;

/// An account id (decimal) or a public key (`0x` + 64 hex digits) to an id.
fn resolve(by_key: impl Fn(&PublicKey) -> Option<AccountId>, text: &str) -> Result<AccountId, ApiError> {
    if text.starts_with("0x") {
        let key: PublicKey = serde_json::from_value(Value::String(text.into()))
            .map_err(|e| ApiError::BadRequest(format!("bad public key: {e}")))?;
        by_key(&key).ok_or_else(|| ApiError::NotFound(format!("no account with key {text}")))
    } else {
        text.parse().map_err(|_| ApiError::BadRequest(format!("{text:?} is neither an account id nor a 0x public key")))
    }
}

fn account_json(ledger: &Ledger, id: AccountId) -> Result<Value, ApiError> {
    let account = ledger.account(id).ok_or_else(|| ApiError::NotFound(format!("no account {id}")))?;
    let balances: serde_json::Map<String, Value> =
        account.balances().into_iter().map(|(token, amount)| (token.to_string(), amount.to_string().into())).collect();
    Ok(json!({
        "id": id,
        "public_key": account.public_key(),
        "l1_address": account.l1_address(),
        "nonce": account.nonce(),
        "balances": balances,
    }))
}

/// `GET /v1/accounts/{account}`: by id or public key.
pub(super) async fn account(
    State(app): State<AppState>,
    ApiPath(account): ApiPath<String>,
) -> Result<Json<Value>, ApiError> {
    let ledger = app.shared.ledger();
    let id = resolve(|key| ledger.account_by_key(key), &account)?;
    account_json(&ledger, id).map(Json)
}

/// Query of the proof endpoint.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ProofQuery {
    /// Prove against this sealed batch's root instead of the latest.
    batch: Option<u64>,
}

fn proof_json(state: &RollupState, id: AccountId, batch: Option<u64>) -> Result<Value, ApiError> {
    let proof =
        state.account_proof(id).ok_or_else(|| ApiError::NotFound(format!("account {id} is outside the tree")))?;
    let leaf = state.account(id).map(|account| account.leaf());
    Ok(json!({
        "account": id,
        "batch": batch,
        "state_root": fr_hex(&state.root()),
        "roots": state.roots(),
        "leaf": leaf,
        "leaf_hash": leaf.map_or_else(|| "0".to_string(), |leaf| circuits::field::fr_to_decimal(&leaf.hash())),
        "proof": proof,
    }))
}

/// `GET /v1/accounts/{account}/proof[?batch=N]`: the account leaf's path to the account root,
/// with the sub-roots that hash to the state root. An absent account proves an empty leaf.
pub(super) async fn proof(
    State(app): State<AppState>,
    ApiPath(account): ApiPath<String>,
    ApiQuery(query): ApiQuery<ProofQuery>,
) -> Result<Json<Value>, ApiError> {
    match query.batch {
        None => {
            let state = app.shared.state();
            let id = resolve(|key| state.account_by_key(key), &account)?;
            proof_json(&state, id, None).map(Json)
        }
        Some(batch) => {
            let snapshot = app.shared.sealed_snapshot().filter(|s| s.batch == batch);
            let snapshot = snapshot.ok_or(ApiError::ProofUnavailable(batch))?;
            let id = resolve(|key| snapshot.state.account_by_key(key), &account)?;
            proof_json(&snapshot.state, id, Some(batch)).map(Json)
        }
    }
}
