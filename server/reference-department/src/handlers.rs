//! The protocol endpoints as a department system serves them, plus the token-protected admin
//! endpoints tests use to set faults and look at what was stored.
// Helpers return a finished response as the early-exit error; boxing it would only add noise.
#![allow(clippy::result_large_err)]
use super::config::Config;
use super::faults::{Before, FaultState, Faults};
use super::store::{self, EventError, Receipt};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use portal_protocol::signing::{
    Direction, SignatureError, SignedHeaders, HEADER_IDEMPOTENCY_KEY, MAX_IDEMPOTENCY_KEY_CHARS,
};
use portal_protocol::{CaseEvent, ErrorBody, ErrorCode, EventName, NewCase, PROTOCOL};
use serde_json::{json, Value};
use sqlx::PgPool;
use std::sync::Arc;
use subtle::ConstantTimeEq;
use tokio::sync::Notify;
use uuid::Uuid;

pub struct Shared {
    pub pool: PgPool,
    pub config: Arc<Config>,
    pub faults: FaultState,
    /// Wakes the processor when a case or event arrives.
    pub wake: Arc<Notify>,
}

type AppState = Arc<Shared>;

pub fn router(shared: AppState) -> Router {
    Router::new()
        .route("/cases", post(new_case))
        .route("/cases/{case_id}/events", post(case_event))
        .route("/health", get(|| async { "ok" }))
        .route("/_admin/faults", get(get_faults).post(set_faults))
        .route("/_admin/received", get(received))
        .with_state(shared)
}

fn error(code: ErrorCode, message: impl Into<String>) -> Response {
    let status = StatusCode::from_u16(code.status()).unwrap_or(StatusCode::BAD_REQUEST);
    (status, Json(ErrorBody::new(code, message))).into_response()
}

/// Injected and internal failures (not protocol codes, so plain bodies of the same shape).
fn unavailable(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        Json(json!({"error": {"code": code, "message": message}})),
    )
        .into_response()
}

fn internal(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "reference backend: storage failed");
    unavailable(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "storage failed",
    )
}

/// Faults, then signature, timestamp, department and nonce: the department on success.
async fn admit(
    s: &Shared,
    headers: &HeaderMap,
    uri: &Uri,
    body: &[u8],
) -> Result<(String, String), Response> {
    match s.faults.before().await {
        Before::Refuse => {
            return Err(unavailable(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "refusing all requests (fault injection)",
            ))
        }
        Before::Fail => {
            return Err(unavailable(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "injected failure",
            ))
        }
        Before::Proceed => {}
    }
    let signed = SignedHeaders::from_headers(headers).map_err(|_| {
        error(
            ErrorCode::BadSignature,
            "missing or malformed signing headers",
        )
    })?;
    let key = s.config.key_of(&signed.department).ok_or_else(|| {
        error(
            ErrorCode::UnknownDepartment,
            "this system does not serve that department",
        )
    })?;
    let path_and_query = uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or(uri.path());
    signed
        .verify(
            &key.toward(Direction::PortalToSystem),
            "POST",
            path_and_query,
            body,
            chrono::Utc::now().timestamp(),
        )
        .map_err(|e| match e {
            SignatureError::StaleTimestamp => {
                error(ErrorCode::StaleTimestamp, "timestamp outside the window")
            }
            _ => error(ErrorCode::BadSignature, "the signature does not match"),
        })?;
    // Only a verified request may use up a nonce, so forgeries cannot block real ones.
    match store::fresh_nonce(&s.pool, &signed.department, &signed.nonce).await {
        Ok(true) => {}
        Ok(false) => return Err(error(ErrorCode::ReplayedNonce, "nonce already used")),
        Err(e) => return Err(internal(e)),
    }
    let key = headers
        .get(HEADER_IDEMPOTENCY_KEY)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.chars().count() <= MAX_IDEMPOTENCY_KEY_CHARS)
        .ok_or_else(|| {
            error(
                ErrorCode::InvalidPayload,
                "an Idempotency-Key header is required",
            )
        })?;
    Ok((signed.department, key.to_string()))
}

/// JSON with the right protocol version, then the typed shape.
fn parse<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<(Value, T), Response> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| error(ErrorCode::InvalidPayload, format!("not JSON: {e}")))?;
    match value.get("protocol").and_then(Value::as_str) {
        Some(PROTOCOL) => {}
        Some(other) => {
            return Err(error(
                ErrorCode::UnsupportedVersion,
                format!("protocol {other:?} is not supported; this system speaks {PROTOCOL}"),
            ))
        }
        None => {
            return Err(error(
                ErrorCode::InvalidPayload,
                "the protocol field is missing",
            ))
        }
    }
    let typed = serde_json::from_value(value.clone())
        .map_err(|e| error(ErrorCode::InvalidPayload, e.to_string()))?;
    Ok((value, typed))
}

async fn answer(s: &Shared, receipt: Receipt) -> Response {
    let new_case = matches!(receipt, Receipt::Fresh { new_case: true, .. });
    if matches!(receipt, Receipt::Fresh { .. }) {
        s.wake.notify_one();
    }
    s.faults.after_store(new_case).await;
    (StatusCode::OK, Json(receipt.response().clone())).into_response()
}

async fn new_case(
    State(s): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Response {
    let (department, key) = match admit(&s, &headers, &uri, &body).await {
        Ok(ok) => ok,
        Err(response) => return response,
    };
    let (value, case): (Value, NewCase) = match parse(&body) {
        Ok(ok) => ok,
        Err(response) => return response,
    };
    if case.event != EventName::Submitted {
        return error(
            ErrorCode::InvalidPayload,
            "POST /cases takes case.submitted",
        );
    }
    if case.case.department_code != department {
        return error(
            ErrorCode::InvalidPayload,
            "the case belongs to another department",
        );
    }
    if case.case.attachments.iter().any(|a| a.sha256.len() != 64) {
        return error(
            ErrorCode::InvalidPayload,
            "attachment sha256 must be 64 hex digits",
        );
    }
    match store::receive_case(&s.pool, &s.config.rules, &department, &key, &case, &value).await {
        Ok(receipt) => answer(&s, receipt).await,
        Err(e) => internal(e),
    }
}

async fn case_event(
    State(s): State<AppState>,
    Path(case_id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Response {
    let (department, key) = match admit(&s, &headers, &uri, &body).await {
        Ok(ok) => ok,
        Err(response) => return response,
    };
    let (value, event): (Value, CaseEvent) = match parse(&body) {
        Ok(ok) => ok,
        Err(response) => return response,
    };
    let Ok(case_id) = case_id.parse::<Uuid>() else {
        return error(ErrorCode::UnknownCase, "no such case");
    };
    if event.case_id != case_id {
        return error(ErrorCode::InvalidPayload, "case_id differs from the path");
    }
    if event.event == EventName::Submitted {
        return error(
            ErrorCode::InvalidPayload,
            "case.submitted goes to POST /cases",
        );
    }
    match store::receive_event(&s.pool, &s.config.rules, &department, &key, &event, &value).await {
        Ok(receipt) => answer(&s, receipt).await,
        Err(EventError::UnknownCase) => error(ErrorCode::UnknownCase, "no such case"),
        Err(EventError::Illegal(state)) => {
            let mut body = ErrorBody::new(
                ErrorCode::IllegalTransition,
                format!("{} is not possible in state {state}", event.event.as_str()),
            );
            body.state = portal_protocol::CaseState::parse(&state);
            (StatusCode::CONFLICT, Json(body)).into_response()
        }
        Err(EventError::Db(e)) => internal(e),
    }
}

/// `Authorization: Bearer <admin_token>`; without a configured token the endpoints do not exist.
fn admin_allowed(s: &Shared, headers: &HeaderMap) -> Result<(), Response> {
    let Some(token) = s.config.admin_token.as_deref() else {
        return Err(StatusCode::NOT_FOUND.into_response());
    };
    let given = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    if bool::from(given.as_bytes().ct_eq(token.as_bytes())) {
        Ok(())
    } else {
        Err(StatusCode::UNAUTHORIZED.into_response())
    }
}

async fn get_faults(State(s): State<AppState>, headers: HeaderMap) -> Response {
    if let Err(r) = admin_allowed(&s, &headers) {
        return r;
    }
    Json(s.faults.get()).into_response()
}

/// Replaces the faults whole (fields left out are off).
async fn set_faults(State(s): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    if let Err(r) = admin_allowed(&s, &headers) {
        return r;
    }
    let faults: Faults = match serde_json::from_slice(&body) {
        Ok(f) => f,
        Err(e) => return error(ErrorCode::InvalidPayload, e.to_string()),
    };
    if let Err(e) = faults.check() {
        return error(ErrorCode::InvalidPayload, e.to_string());
    }
    tracing::info!(?faults, "fault injection changed");
    s.faults.set(faults.clone());
    Json(faults).into_response()
}

async fn received(State(s): State<AppState>, headers: HeaderMap) -> Response {
    if let Err(r) = admin_allowed(&s, &headers) {
        return r;
    }
    match super::outbox::snapshot(&s.pool).await {
        Ok(v) => Json(v).into_response(),
        Err(e) => internal(e),
    }
}
