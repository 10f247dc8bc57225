//! The API's one error type and the extractors that turn axum's rejections into it.
//!
//! Every error is `{"error": {"code": "...", "message": "..."}}` (plus `details` for protocol
//! rejections) with the HTTP status of its code:
//!
//! | code | status |
//! | --- | --- |
//! | `malformed_json` (bad JSON, unknown fields, wrong types) | 400 |
//! | `bad_request` (bad path or query parameter) | 400 |
//! | `not_found`, `proof_unavailable` | 404 |
//! | `method_not_allowed` | 405 |
//! | `bad_nonce`, `nonce_exhausted`, `already_known`, `duplicate_priority_op` | 409 |
//! | `payload_too_large` | 413 |
//! | every other transaction rule (`invalid_signature`, `insufficient_balance`, `overflow`, `unknown_account`, `unknown_token`, `unknown_pool`, `not_packable`, `expired`, `unsupported_tx_type`, ...) | 422 |
//! | `internal` (details only in the log) | 500 |
//! | `overloaded`, `unavailable` (with `Retry-After: 1`) | 503 |

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use crate::dal::DalError;
use crate::pipeline::SubmitError;
use crate::types::{hex0x, RejectReason, TxHash};

/// An API error.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The body is not valid JSON for the expected type.
    #[error("malformed JSON: {0}")]
    MalformedJson(String),
    /// A path or query parameter is invalid.
    #[error("{0}")]
    BadRequest(String),
    /// The body exceeds the limit.
    #[error("the request body exceeds the size limit")]
    PayloadTooLarge,
    /// Nothing there.
    #[error("{0}")]
    NotFound(String),
    /// Proofs are kept for the latest state and the last sealed batch only.
    #[error("no proof for batch {0}: proofs exist for the latest state and the last sealed batch only")]
    ProofUnavailable(u64),
    /// No route for this method.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// A protocol rule rejected the transaction; nothing changed.
    #[error("{}", .0.message())]
    Rejected(RejectReason),
    /// This exact transaction was already accepted (a replay).
    #[error("transaction {} was already accepted (seq {seq})", hex0x(hash))]
    AlreadyKnown {
        /// Its hash.
        hash: TxHash,
        /// Its sequence number.
        seq: u64,
    },
    /// The pipeline queue is full.
    #[error("the sequencer is overloaded; retry later")]
    Overloaded,
    /// The sequencer could not persist the transaction (nothing was applied); retry.
    #[error("the sequencer could not persist the transaction; retry")]
    Unavailable,
    /// A bug or an infrastructure failure; details are logged, not returned.
    #[error("internal error")]
    Internal(String),
}

impl ApiError {
    /// The stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::MalformedJson(_) => "malformed_json",
            ApiError::BadRequest(_) => "bad_request",
            ApiError::PayloadTooLarge => "payload_too_large",
            ApiError::NotFound(_) => "not_found",
            ApiError::ProofUnavailable(_) => "proof_unavailable",
            ApiError::MethodNotAllowed => "method_not_allowed",
            ApiError::Rejected(reason) => reason.code(),
            ApiError::AlreadyKnown { .. } => "already_known",
            ApiError::Overloaded => "overloaded",
            ApiError::Unavailable => "unavailable",
            ApiError::Internal(_) => "internal",
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::MalformedJson(_) | ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::NotFound(_) | ApiError::ProofUnavailable(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Rejected(reason) => match reason.code() {
                "bad_nonce" | "nonce_exhausted" | "duplicate_priority_op" => StatusCode::CONFLICT,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            },
            ApiError::AlreadyKnown { .. } => StatusCode::CONFLICT,
            ApiError::Overloaded | ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The `{"code", "message", "details"?}` object.
    pub fn body(&self) -> Value {
        let mut error = json!({ "code": self.code(), "message": self.to_string() });
        match self {
            ApiError::Rejected(RejectReason::Tx(tx_error)) => {
                error["details"] = serde_json::to_value(tx_error).unwrap_or(Value::Null);
            }
            ApiError::AlreadyKnown { hash, seq } => error["details"] = json!({ "hash": hex0x(hash), "seq": seq }),
            _ => {}
        }
        error
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(details) = &self {
            tracing::error!(%details, "internal error");
        }
        let mut response = (self.status(), axum::Json(json!({ "error": self.body() }))).into_response();
        if matches!(self, ApiError::Overloaded | ApiError::Unavailable) {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}

impl From<DalError> for ApiError {
    fn from(error: DalError) -> Self {
        ApiError::Internal(error.to_string())
    }
}

impl From<SubmitError> for ApiError {
    fn from(error: SubmitError) -> Self {
        match error {
            SubmitError::Overloaded => ApiError::Overloaded,
            SubmitError::Stopped => ApiError::Unavailable,
        }
    }
}

/// A JSON body parsed with serde (unknown fields and wrong types included) into our errors;
/// the content type is not checked.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = Bytes::from_request(request, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge
            } else {
                ApiError::BadRequest(rejection.body_text())
            }
        })?;
        serde_json::from_slice(&bytes).map(ApiJson).map_err(|e| ApiError::MalformedJson(e.to_string()))
    }
}

/// Path parameters, with our errors.
#[derive(Debug)]
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| ApiPath(value))
            .map_err(|rejection| ApiError::BadRequest(rejection.body_text()))
    }
}

/// Query parameters, with our errors.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(value)| ApiQuery(value))
            .map_err(|rejection| ApiError::BadRequest(rejection.body_text()))
    }
}
