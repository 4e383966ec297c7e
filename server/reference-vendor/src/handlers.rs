//! The protocol endpoints as a vendor system serves them (`market.v1`), the tenant landing
//! page its tool links point to, and health.
// Helpers return a finished response as the early-exit error; boxing it would only add noise.
#![allow(clippy::result_large_err)]
use super::config::Config;
use super::store::{self, ReceiveError};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use portal_protocol::market::{codes, OperationRequest, ProtocolRefusal, MARKET_PROTOCOL};
use portal_protocol::signing::{Direction, SignatureError, SignedHeaders, HEADER_IDEMPOTENCY_KEY};
use reference_department::faults::{Before, FaultState};
use serde_json::Value;
use sqlx::PgPool;
use std::sync::Arc;
use tokio::sync::Notify;
use uuid::Uuid;

/// Larger operation bodies are refused (413) before anything is read into the store.
const BODY_LIMIT: usize = 256 * 1024;

pub struct Shared {
    pub pool: PgPool,
    pub config: Arc<Config>,
    pub faults: FaultState,
    /// Wakes the processor when an operation arrives.
    pub wake: Arc<Notify>,
    /// The portal's single sign-on keys, and the client that fetches them.
    pub jwks: crate::jwks::JwksCache,
    pub client: reqwest::Client,
}

type AppState = Arc<Shared>;

/// The protocol's routes; `admin` has the operator's (both joined in `crate::router`).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/operations", post(operation))
        .route("/subscriptions/{subscription_id}", get(subscription))
        .route("/health", get(|| async { "ok" }))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
}

pub(super) fn refusal(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    let body = ProtocolRefusal {
        code: code.into(),
        message: message.into(),
    };
    (status, Json(body)).into_response()
}

pub(crate) fn internal(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "reference vendor: storage failed");
    refusal(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "storage failed",
    )
}

fn unauthorized(code: &str, message: &str) -> Response {
    refusal(StatusCode::UNAUTHORIZED, code, message)
}

fn invalid(code: &str, message: impl Into<String>) -> Response {
    refusal(StatusCode::UNPROCESSABLE_ENTITY, code, message)
}

/// Faults, then signature, timestamp, vendor and nonce: the vendor on success.
async fn admit(
    s: &Shared,
    method: &str,
    headers: &HeaderMap,
    uri: &Uri,
    body: &[u8],
) -> Result<Uuid, Response> {
    match s.faults.before().await {
        Before::Refuse => {
            return Err(refusal(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "refusing all requests (fault injection)",
            ))
        }
        Before::Fail => {
            return Err(refusal(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "injected failure",
            ))
        }
        Before::Proceed => {}
    }
    let signed = SignedHeaders::from_headers(headers).map_err(|_| {
        unauthorized(
            codes::MISSING_SIGNATURE,
            "missing or malformed signing headers",
        )
    })?;
    let vendor = signed.department.parse::<Uuid>().ok();
    let (vendor, key) = vendor
        .and_then(|v| Some((v, s.config.key_of(v)?)))
        .ok_or_else(|| {
            unauthorized(
                codes::UNKNOWN_VENDOR,
                "this system does not play that vendor",
            )
        })?;
    let path_and_query = uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or(uri.path());
    signed
        .verify(
            &key.toward(Direction::PortalToSystem),
            method,
            path_and_query,
            body,
            chrono::Utc::now().timestamp(),
        )
        .map_err(|e| match e {
            SignatureError::StaleTimestamp => {
                unauthorized(codes::STALE_TIMESTAMP, "timestamp outside the window")
            }
            _ => unauthorized(codes::BAD_SIGNATURE, "the signature does not match"),
        })?;
    // Only a verified request may use up a nonce, so forgeries cannot block real ones.
    match store::fresh_nonce(&s.pool, vendor, &signed.nonce).await {
        Ok(true) => Ok(vendor),
        Ok(false) => Err(unauthorized(codes::REPLAYED_NONCE, "nonce already used")),
        Err(e) => Err(internal(e)),
    }
}

/// JSON with the right protocol, then the typed shape, then the key matching the id.
fn parse(headers: &HeaderMap, body: &[u8]) -> Result<(Value, OperationRequest), Response> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| invalid(codes::INVALID_BODY, format!("not JSON: {e}")))?;
    match value.get("protocol").and_then(Value::as_str) {
        Some(MARKET_PROTOCOL) => {}
        Some(other) => {
            return Err(invalid(
                codes::WRONG_PROTOCOL,
                format!(
                    "protocol {other:?} is not supported; this system speaks {MARKET_PROTOCOL}"
                ),
            ))
        }
        None => {
            return Err(invalid(
                codes::INVALID_BODY,
                "the protocol field is missing",
            ))
        }
    }
    let op: OperationRequest = serde_json::from_value(value.clone())
        .map_err(|e| invalid(codes::INVALID_BODY, e.to_string()))?;
    let key = headers
        .get(HEADER_IDEMPOTENCY_KEY)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<Uuid>().ok());
    if key != Some(op.operation_id) {
        return Err(invalid(
            codes::INVALID_BODY,
            "the Idempotency-Key header must equal operation_id",
        ));
    }
    // Reports go there later: refuse now what could never be delivered.
    let callback_ok = reqwest::Url::parse(&op.callback_url)
        .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
    if !callback_ok {
        return Err(invalid(
            codes::INVALID_BODY,
            "callback_url must be an http(s) URL",
        ));
    }
    Ok((value, op))
}

async fn operation(
    State(s): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Response {
    let vendor = match admit(&s, "POST", &headers, &uri, &body).await {
        Ok(v) => v,
        Err(response) => return response,
    };
    let (value, op) = match parse(&headers, &body) {
        Ok(ok) => ok,
        Err(response) => return response,
    };
    let rules = &s.config.rules;
    let received = store::receive_operation(
        &s.pool,
        vendor,
        &op,
        &value,
        rules.succeed_after_ms(&op.desired.product),
        rules.progress_message.is_some(),
    )
    .await;
    let receipt = match received {
        Ok(r) => r,
        Err(ReceiveError::ForeignSubscription) => {
            return invalid(
                codes::INVALID_BODY,
                "the subscription belongs to another vendor",
            )
        }
        Err(ReceiveError::Db(e)) => return internal(e),
    };
    if receipt.accepted_now {
        s.wake.notify_one();
    }
    s.faults.after_store(receipt.accepted_now).await;
    let status = StatusCode::from_u16(receipt.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, Json(receipt.body)).into_response()
}

async fn subscription(
    State(s): State<AppState>,
    Path(subscription_id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Response {
    let vendor = match admit(&s, "GET", &headers, &uri, &body).await {
        Ok(v) => v,
        Err(response) => return response,
    };
    let unknown = || {
        refusal(
            StatusCode::NOT_FOUND,
            codes::UNKNOWN_SUBSCRIPTION,
            "no such subscription",
        )
    };
    let Ok(id) = subscription_id.parse::<Uuid>() else {
        return unknown();
    };
    match store::view(&s.pool, vendor, id).await {
        Ok(Some(view)) => Json(view).into_response(),
        Ok(None) => unknown(),
        Err(e) => internal(e),
    }
}

/// Where the portal's tool link lands (single sign-on will verify a token here later).
/// Names come from the portal's operations: escaped before they go into HTML.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_are_escaped_for_html() {
        assert_eq!(
            super::escape(r#"<b>"A&B's"</b>"#),
            "&lt;b&gt;&quot;A&amp;B&#39;s&quot;&lt;/b&gt;"
        );
    }
}
