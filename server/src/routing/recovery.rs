//! The machine API's recovery endpoints: a department system reads a case of its own back (as
//! the portal would deliver it, attachment URLs signed afresh) and asks for it to be delivered
//! again. Both are signed like the callbacks and scoped to the sender's own cases.
use super::api::{path_and_query, ApiState};
use super::callbacks::{verify_sender, ApiError, VerifiedSender};
use super::payload::{self, UrlSigner};
use app::core::delivery::recovery;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use portal_protocol::{
    CaseSnapshot, CaseState, ErrorCode, RedeliveryAccepted, RedeliveryRequest, PROTOCOL,
};
use uuid::Uuid;

/// Longest reason a redelivery request may give.
const MAX_REASON_CHARS: usize = 500;

fn unknown_case() -> Response {
    ApiError::new(ErrorCode::UnknownCase, "no such case").into_response()
}

pub(super) fn internal(error: &dyn std::fmt::Display) -> Response {
    tracing::error!(%error, "machine API: internal error");
    ApiError::internal()
}

pub(super) async fn sender(
    state: &ApiState,
    headers: &HeaderMap,
    method: &str,
    uri: &Uri,
    body: &[u8],
) -> Result<VerifiedSender, Response> {
    match verify_sender(&state.pool, headers, method, path_and_query(uri), body).await {
        Ok(sender) => Ok(sender),
        Err(Ok(refusal)) => Err(refusal.into_response()),
        Err(Err(error)) => Err(internal(&error)),
    }
}

/// A case of the sender's own, read now.
#[utoipa::path(
    get,
    path = "/api/v1/cases/{case_id}",
    tag = "portal (inbound)",
    params(
        ("case_id" = Uuid, Path, description = "the portal's case id"),
        ("X-Portal-Department" = String, Header, description = "the owning department's code"),
        ("X-Portal-Timestamp" = i64, Header, description = "unix seconds, within 300 s"),
        ("X-Portal-Nonce" = String, Header, description = "16+ random bytes, hex, never reused"),
        ("X-Portal-Signature" = String, Header, description = "v2=<hex>, over GET, the path and an empty body"),
    ),
    responses(
        (status = 200, body = CaseSnapshot, description = "the case as `POST /cases` carries it, with fresh attachment URLs, its state and version, and whether your system acknowledged a delivery of it"),
        (status = 401, body = portal_protocol::ErrorBody, description = "bad_signature, stale_timestamp, replayed_nonce, unknown_department"),
        (status = 404, body = portal_protocol::ErrorBody, description = "unknown_case: no such case, or another department's"),
    )
)]
pub async fn case(
    State(state): State<ApiState>,
    Path(case_id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let sender = match sender(&state, &headers, "GET", &uri, b"").await {
        Ok(sender) => sender,
        Err(refusal) => return refusal,
    };
    let Ok(case_id) = case_id.parse::<Uuid>() else {
        return unknown_case();
    };
    match snapshot(&state, &sender, case_id).await {
        Ok(Some(snapshot)) => {
            let entry = app::core::audit::Entry::department_system(
                &sender.department_code,
                app::core::audit::actions::CASE_VIEW,
                case_id,
            );
            match app::core::audit::record_in(&state.pool, &entry).await {
                Ok(_) => (StatusCode::OK, Json(snapshot)).into_response(),
                Err(error) => internal(&error),
            }
        }
        Ok(None) => unknown_case(),
        Err(error) => internal(&error),
    }
}

async fn snapshot(
    state: &ApiState,
    sender: &VerifiedSender,
    case_id: Uuid,
) -> Result<Option<CaseSnapshot>, sqlx::Error> {
    let mut conn = state.pool.acquire().await?;
    let Some(head) = recovery::case_head(&mut conn, case_id).await? else {
        return Ok(None);
    };
    let Some(case_state) = CaseState::parse(&head.state) else {
        return Ok(None);
    };
    if head.department_code != sender.department_code {
        return Ok(None);
    }
    let signer = UrlSigner {
        site_url: &state.site_url,
        key: &sender.key,
        ttl_secs: state.attachment_ttl_secs,
    };
    let case = payload::case_payload(&mut conn, case_id, &signer).await?;
    let acknowledged = recovery::acknowledged(&mut conn, case_id).await?;
    let reference = app::core::deliveries::department_reference(&state.pool, case_id)
        .await
        .map_err(|error| sqlx::Error::Protocol(error.to_string()))?;
    Ok(Some(CaseSnapshot {
        protocol: PROTOCOL.into(),
        case,
        state: case_state,
        version: head.version,
        acknowledged,
        reference,
    }))
}

/// Asks for a case of the sender's own to be delivered again.
#[utoipa::path(
    post,
    path = "/api/v1/cases/{case_id}/redeliver",
    tag = "portal (inbound)",
    params(
        ("case_id" = Uuid, Path, description = "the portal's case id"),
        ("X-Portal-Department" = String, Header, description = "the owning department's code"),
        ("X-Portal-Timestamp" = i64, Header, description = "unix seconds, within 300 s"),
        ("X-Portal-Nonce" = String, Header, description = "16+ random bytes, hex, never reused"),
        ("X-Portal-Signature" = String, Header, description = "v2=<hex>"),
    ),
    request_body = RedeliveryRequest,
    responses(
        (status = 202, body = RedeliveryAccepted, description = "queued: `POST /cases` follows with the case as it is now, under a new delivery id (or the one already waiting). Given-up deliveries of the case are settled by it"),
        (status = 401, body = portal_protocol::ErrorBody, description = "bad_signature, stale_timestamp, replayed_nonce, unknown_department"),
        (status = 404, body = portal_protocol::ErrorBody, description = "unknown_case: no such case, or another department's"),
        (status = 409, body = portal_protocol::ErrorBody, description = "not_redeliverable: the case is never delivered by itself (a bundle's umbrella case)"),
        (status = 422, body = portal_protocol::ErrorBody, description = "invalid_payload: not JSON of this shape, or a reason over 500 characters"),
    )
)]
pub async fn redeliver(
    State(state): State<ApiState>,
    Path(case_id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let sender = match sender(&state, &headers, "POST", &uri, &body).await {
        Ok(sender) => sender,
        Err(refusal) => return refusal,
    };
    let request: RedeliveryRequest = if body.iter().all(u8::is_ascii_whitespace) {
        RedeliveryRequest::default()
    } else {
        match serde_json::from_slice(&body) {
            Ok(request) => request,
            Err(error) => {
                return ApiError::new(ErrorCode::InvalidPayload, error.to_string()).into_response()
            }
        }
    };
    let reason = request.reason.unwrap_or_default().trim().to_string();
    if reason.chars().count() > MAX_REASON_CHARS {
        return ApiError::new(
            ErrorCode::InvalidPayload,
            "the reason is longer than 500 characters",
        )
        .into_response();
    }
    let Ok(case_id) = case_id.parse::<Uuid>() else {
        return unknown_case();
    };
    match queue(&state, &sender.department_code, case_id, &reason).await {
        Ok(Queued::Accepted(accepted)) => (StatusCode::ACCEPTED, Json(accepted)).into_response(),
        Ok(Queued::UnknownCase) => unknown_case(),
        Ok(Queued::NotRedeliverable) => ApiError::new(
            ErrorCode::NotRedeliverable,
            "this case is not delivered by itself",
        )
        .into_response(),
        Err(error) => internal(&error),
    }
}

enum Queued {
    Accepted(RedeliveryAccepted),
    UnknownCase,
    NotRedeliverable,
}

async fn queue(
    state: &ApiState,
    department: &str,
    case_id: Uuid,
    reason: &str,
) -> Result<Queued, sqlx::Error> {
    let mut tx = state.pool.begin().await?;
    match recovery::case_head(&mut tx, case_id).await? {
        Some(head) if head.department_code == department => {}
        _ => return Ok(Queued::UnknownCase),
    }
    let Some(redelivery) = recovery::redeliver(&mut tx, case_id, department, reason).await? else {
        return Ok(Queued::NotRedeliverable);
    };
    tx.commit().await?;
    Ok(Queued::Accepted(RedeliveryAccepted {
        case_id,
        delivery_id: redelivery.delivery_id,
        queued: redelivery.queued,
    }))
}
