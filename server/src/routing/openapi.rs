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
bytes hex, never reused). Outbound requests carry Idempotency-Key: evt-<case_event_id>. \
Signing errors are 401 with bad_signature, stale_timestamp, replayed_nonce or unknown_department, \
on every inbound endpoint (status callbacks and attachment downloads). \
A status callback's event_id names one request: the same request again (same case, same body) \
gets the first answer, success or refusal; another request under it is 409 event_id_reused. \
Statuses: accepted and refused at intake; supplement_requested from in_review, or at intake \
(一次性告知) from submitted or accepted, each item's path a field or material of the case's form \
that the applicant can change (else 422 unknown_supplement_path or supplement_path_not_changeable, \
naming the path); supplement_withdrawn takes back the department's open request (only from \
supplement_requested: back to in_review, or to submitted for a request made at intake; the legal \
clock resumes); in_review, approved, denied. A case whose supplement was requested at intake \
returns to submitted when the applicant resubmits (event case.resubmitted)."
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

/// A later event of a case (`case.resubmitted`, `case.withdrawn`). After a supplement requested
/// at intake, `case.resubmitted` finds the case at intake (`submitted`) again.
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
