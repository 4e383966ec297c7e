//! The token-protected admin endpoints tests and demos use: set faults, look at what was
//! received and what the subscriptions look like.
use super::handlers::{internal, refusal, Shared};
use super::store;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use portal_protocol::market::codes;
use reference_department::Faults;
use std::sync::Arc;
use subtle::ConstantTimeEq;

type AppState = Arc<Shared>;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/_admin/faults", get(get_faults).post(set_faults))
        .route("/_admin/subscriptions", get(subscriptions))
        .route("/_admin/received", get(received))
}

/// `Authorization: Bearer <admin_token>`; without a configured token the endpoints do not exist.
#[allow(clippy::result_large_err)]
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
    let bad = |message: String| {
        refusal(
            StatusCode::UNPROCESSABLE_ENTITY,
            codes::INVALID_BODY,
            message,
        )
    };
    let faults: Faults = match serde_json::from_slice(&body) {
        Ok(f) => f,
        Err(e) => return bad(e.to_string()),
    };
    if let Err(e) = faults.check() {
        return bad(e.to_string());
    }
    tracing::info!(?faults, "fault injection changed");
    s.faults.set(faults.clone());
    Json(faults).into_response()
}

async fn subscriptions(State(s): State<AppState>, headers: HeaderMap) -> Response {
    if let Err(r) = admin_allowed(&s, &headers) {
        return r;
    }
    match store::subscriptions_snapshot(&s.pool).await {
        Ok(v) => Json(v).into_response(),
        Err(e) => internal(e),
    }
}

async fn received(State(s): State<AppState>, headers: HeaderMap) -> Response {
    if let Err(r) = admin_allowed(&s, &headers) {
        return r;
    }
    match store::received_snapshot(&s.pool).await {
        Ok(v) => Json(v).into_response(),
        Err(e) => internal(e),
    }
}
