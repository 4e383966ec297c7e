//! Protocol v1 as OpenAPI 3.1, served at `GET /api/openapi.json`: the portal's inbound endpoints
//! and, under the tag "department system (outbound)", the endpoints every department system
//! implements (documentation only; the portal calls them).
use portal_protocol::*;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "一网通办 portal ⇄ department system protocol",
        version = "portal.v1",
        description = "Every request in both directions is signed: hex(HMAC-SHA256(key, \
METHOD\\nPATH_AND_QUERY\\nTIMESTAMP\\nNONCE\\nhex(sha256(BODY)))) in X-Portal-Signature as v1=<hex>, \
with X-Portal-Department, X-Portal-Timestamp (unix seconds, ±300 s) and X-Portal-Nonce (16+ random \
bytes hex, never reused). Outbound requests carry Idempotency-Key: evt-<case_event_id>."
    ),
    paths(
        super::api::status_callback,
        super::api::attachment,
        department_new_case,
        department_case_event,
    ),
    components(schemas(
        NewCase,
        CasePayload,
        Applicant,
        ApplicantKind,
        AttachmentRef,
        CaseEvent,
        EventName,
        DeliveryReceipt,
        StatusCallback,
        CallbackStatus,
        SupplementItem,
        ApprovalResult,
        StatusResponse,
        ErrorBody,
        ErrorDetail,
        ErrorCode,
    ))
)]
struct ProtocolDoc;

pub fn document() -> utoipa::openapi::OpenApi {
    ProtocolDoc::openapi()
}

/// A new case (event `case.submitted`), sent to `{base_url}/cases`.
#[utoipa::path(
    post,
    path = "/cases",
    tag = "department system (outbound)",
    params(
        ("Idempotency-Key" = String, Header, description = "evt-<case_event_id>; a repeat must have no second effect"),
        ("X-Portal-Signature" = String, Header, description = "v1=<hex>"),
    ),
    request_body = NewCase,
    responses(
        (status = 200, body = DeliveryReceipt, description = "received (also for a repeated Idempotency-Key)"),
        (status = 401, body = ErrorBody, description = "bad signature, timestamp or nonce (dead-lettered)"),
        (status = 429, description = "retried later with backoff"),
        (status = 503, description = "retried later with backoff"),
    )
)]
#[allow(dead_code)]
fn department_new_case() {}

/// A later event of a case (`case.resubmitted`, `case.withdrawn`).
#[utoipa::path(
    post,
    path = "/cases/{case_id}/events",
    tag = "department system (outbound)",
    params(
        ("case_id" = uuid::Uuid, Path, description = "the portal's case id"),
        ("Idempotency-Key" = String, Header, description = "evt-<case_event_id>"),
        ("X-Portal-Signature" = String, Header, description = "v1=<hex>"),
    ),
    request_body = CaseEvent,
    responses(
        (status = 200, body = DeliveryReceipt, description = "received"),
        (status = 404, body = ErrorBody, description = "unknown case (dead-lettered)"),
        (status = 503, description = "retried later with backoff"),
    )
)]
#[allow(dead_code)]
fn department_case_event() {}

/// `GET /api/openapi.json`.
pub async fn openapi_json() -> axum::response::Response {
    axum::response::IntoResponse::into_response(axum::Json(document()))
}
