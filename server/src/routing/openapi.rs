//! Protocol v1 as OpenAPI 3.1, served at `GET /api/openapi.json`: the portal's inbound endpoints
//! and, under the tag "department system (outbound)", the endpoints every department system
//! implements (documentation only; the portal calls them); the same for vendor systems under
//! "vendor system (outbound)" (`market.v1`).
use portal_protocol::*;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "一网通办 portal ⇄ department system protocol",
        version = "portal.v1",
    ),
    paths(
        super::api::status_callback,
        super::services::services,
        super::recovery::case,
        super::recovery::redeliver,
        super::base_data_api::people,
        super::base_data_api::entities,
        super::base_data_read::applicant,
        super::api::attachment,
        department_new_case,
        department_case_event,
        super::market_api::outcome,
        super::market_api::usage,
        vendor_operation,
        vendor_subscription_view,
        sso_jwks,
    ),
    components(schemas(
        NewCase,
        CasePayload,
        Applicant,
        ApplicantKind,
        AttachmentRef,
        CertificateRef,
        CaseEvent,
        EventName,
        DeliveryReceipt,
        StatusCallback,
        CallbackStatus,
        SupplementItem,
        ApprovalResult,
        StatusResponse,
        CaseState,
        CaseSnapshot,
        RedeliveryRequest,
        RedeliveryAccepted,
        ServiceList,
        ServiceInfo,
        FormPath,
        ErrorBody,
        ErrorDetail,
        ErrorCode,
        portal_protocol::base_data::PersonRecord,
        portal_protocol::base_data::EntityRecord,
        portal_protocol::base_data::PeopleBatch,
        portal_protocol::base_data::EntitiesBatch,
        portal_protocol::base_data::BaseDataResult,
        portal_protocol::base_data::BaseDataRecordResult,
        portal_protocol::base_data::BaseDataAnswer,
        portal_protocol::base_data::ApplicantBaseData,
        market::OperationRequest,
        market::OperationType,
        market::DesiredState,
        market::EnterpriseRef,
        market::PriceBreakdown,
        market::OperationAnswer,
        market::ProtocolRefusal,
        market::OutcomeReport,
        market::OutcomeStatus,
        market::Access,
        market::ReportAnswer,
        market::VendorView,
        market::UsageBatch,
        market::UsageRecord,
        market::UsageResult,
        market::RecordResult,
        market::UsageAnswer,
        sso::Jwks,
        sso::Jwk,
        sso::SsoClaims,
        sso::SsoEnterprise,
    ))
)]
struct ProtocolDoc;

/// The contract in words: what the schemas cannot say. `{moves}` is replaced by the table of
/// allowed moves ([`portal_protocol::states::moves_table`]).
const DESCRIPTION: &str = r#"Everything a department system needs to exchange cases with the portal (this document is also served as a page at `/api/docs`): the portal delivers cases to your system (tag "department system (outbound)": endpoints you implement) and your system reports their progress to the portal (tag "portal (inbound)").

## Signing (both directions)
Every request carries `X-Portal-Department` (your department's code), `X-Portal-Timestamp` (unix seconds; refused outside ±300 s of the receiver's clock), `X-Portal-Nonce` (16 or more random bytes, hex; never reused within 10 minutes) and `X-Portal-Signature: v2=<hex>`. The operator registers one 32-byte key for your system, exchanged as 64 hex characters; it never signs anything itself. Each use has its own key derived from it, K_use = HMAC-SHA256(key, "portal-signing-v2/" + use), where use is `system-to-portal` (the requests your system sends to the portal), `portal-to-system` (the requests the portal sends to your system: verify them with this one) or `attachment-url` (the `sig` of attachment links, which only the portal makes). A request's signature is hex(HMAC-SHA256(K_direction, S)) where S joins with `\n`: the method in capitals, the path with its query exactly as sent, the timestamp, the nonce, the `Idempotency-Key` header's value (an empty line when the request has none), and hex(SHA-256(body)) (of the empty string for a GET). A signature of the retired scheme (`v1=`) is refused as `bad_signature`.

Worked example. Key (hex) `000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f`; its system-to-portal key (hex) `9ddb00a9fbbe8199929433ed0da992d9b10bfd87437ca656e4a43172b593f7f9`; request `POST /api/v1/cases/6f1c2a9e-1d2b-4c3d-8e4f-5a6b7c8d9e0f/status` with timestamp `1767225600`, nonce `00112233445566778899aabbccddeeff`, no Idempotency-Key and body `{"protocol":"portal.v1","event_id":"dept-0001","status":"accepted"}` (no trailing newline). SHA-256 of the body: `de244028771fc695c10d6dc7e106a3a85c11d21bb7d1336edc7c9e313ab8a1c3`. Header: `X-Portal-Signature: v2=00576f1c4783cc6bbd1cdc6dcb4ef085fd6edd667a9a7277b725dc52f99e7fb6`.

Signing errors are 401 with `bad_signature` (missing or malformed headers, wrong signature), `stale_timestamp`, `replayed_nonce` or `unknown_department`, on every inbound endpoint, before anything else is looked at.

## Deliveries to your system
`POST {base_url}/cases` carries a new case, `POST {base_url}/cases/{case_id}/events` its later events. Each delivery has an id (a UUID) sent as `Idempotency-Key` and as `event_id`: the same on every retry of that delivery, never used for another. Answer 2xx once you have stored it (a repeated id: the same 2xx, no second effect); give your own reference in `reference` and the applicant and clerks see it.

Retries: a delivery answered 408, 425, 429 or 5xx, or not answered within your system's timeout (set by the operator, 5 s by default), is sent again after a random delay between 0 and min(600 s, 2 s × 2^(attempt−1)) ("full jitter"), until 24 hours after it was first queued. Any other answer (400, 401, 404, 409, 422…) is permanent. A permanent answer or the 24 hours end the delivery ("dead letter"): the applicant's case says your system has not received it yet, the portal's operators are told and may retry it, and you may ask for the case yourself (below). After 5 failures in a row deliveries to your system pause for 60 s, then one probe decides whether they resume. Deliveries of one case are sent one at a time, in order.

## What a case carries
`answers` is an object: form paths as keys (`details`; a group row's member `members.0.name`; an address half `address.district` or `address.detail`), arrays of strings as values (as entered; several for a multiple choice); an optional field left empty is absent. Files are not in `answers`: each upload is in `attachments` under its file field's path (`field`), with its size, SHA-256 and a signed download URL; an e-certificate the applicant chose from their wallet instead of uploading (免证办) is in `certificates` under the same kind of `field`, with its verification code and the portal's public `verify_url`. `GET /api/v1/services` lists every path of every form.

## Reporting progress
`POST /api/v1/cases/{case_id}/status` with a `StatusCallback`. Its `event_id` (your id, 1–200 characters) names one request: the same request again (same case, same body) gets the first answer, success or refusal; another request under the same id is 409 `event_id_reused`. A case your system never acknowledged (no 2xx to any delivery of it) is refused with 409 `case_not_delivered`, not remembered: retry it with backoff (the portal is still delivering the case and will send it again), or read the case or ask for it, then send the same request again.

Allowed moves (anything else: 409 `illegal_transition` with the case's current `state`):

{moves}
Payload rules: `refused`, `denied` and `supplement_requested` need a `reason`. `denied` needs a `denial_ground`: one of the codes the service lists (the same legal grounds a clerk picks from; anything else is 422 `invalid_payload`). `supplement_requested` needs at least one item; each item's `path` must be a field or material of the case's form that the applicant can change: the keys of `answers` and the `field` of `attachments` in the delivered case, except verified data the portal prefills and locks (`applicant_name`, `applicant_id_number` and the like); otherwise 422 `unknown_supplement_path` or `supplement_path_not_changeable`, naming the `path`. A supplement may be requested at intake (一次性告知, from `submitted` or `accepted`) or in review. The applicant's answer reaches you as `case.resubmitted`: the case is then `submitted` again if the request was made from `submitted`, else `resubmitted` (send `in_review` before deciding). `supplement_withdrawn` takes back your open request. `approved` may carry `result.valid_until`: the e-certificate's validity, shown to the applicant.

The `version` in every answer rises by one with every change of the case, by anyone.

## Before going live
Run the portal's conformance kit against your system: `portal conformance --department CODE --url BASE_URL` with your key (hex) in `PORTAL_BACKEND_KEY`. It sends signed deliveries of a synthetic case (a repeat, a forged and a stale signature, a replayed nonce, an unknown department, another protocol version, a body that is not JSON, events for a known and an unknown case), checks each answer and prints a pass/fail report; it exits non-zero unless every check passes.

## Your services
`GET /api/v1/services` lists your department's services with every path of each one's form (and whether the portal prefills it from verified data, so it cannot be asked for again) and the codes a denial may give.

## Recovery
`GET /api/v1/cases/{case_id}` returns a case of yours as a delivery carries it, read now, with fresh attachment URLs (an expired URL is re-issued this way), its `state`, `version` and whether your system acknowledged it. `POST /api/v1/cases/{case_id}/redeliver` queues its delivery again under a new id. Attachment URLs work until `expires_at` even when the applicant has since replaced the file. Attachment downloads are signed like every request; 404 `not_found` answers only a correctly signed request for a file that is not there.

## Vendor systems (`market.v1`)
The cloud marketplace's vendors are the routing layer's second kind of destination: the same signing (the party header `X-Portal-Department` carries the vendor's id), the same retries, dead letters and pause after 5 failures in a row. The portal sends `POST {base_url}/operations` (tag "vendor system (outbound)"): an `OperationRequest` whose `operation_id` is also the `Idempotency-Key`, with the subscription's whole desired state, a `generation` that rises with every change, the enterprise, the price breakdown in fen and a `deadline` from the listing's declared provisioning time. Answer 202 once stored (a repeated id: the first answer again), or 409/422 with a `code`: a refused `provision` fails the order (nothing is charged, the voucher is released). One operation per subscription is in flight at a time: the next is sent once you report the outcome of the previous one (or its deadline has passed). Report with `POST /api/market/v1/operations/{operation_id}/outcome`: `in_progress` any number of times (the business sees your message and expected time), then `succeeded` (for a provision with `access`: the tool's URL and your tenant id, never a password) or `failed` with a `reason`. Each report has your `report_id`: the same report again gets the first answer; refusals are 401 (signing), 404 `unknown_operation` (also another vendor's), 409 `stale_generation`, `outcome_already_reported`, `illegal_transition`, `report_id_reused`, 422 `invalid_body`, `wrong_protocol`. `GET {base_url}/subscriptions/{id}` (signed, empty body) returns your view of a subscription for reconciliation. Metered usage goes to `POST /api/market/v1/usage` in batches of 1 to 100 records, each with your `record_id`; each record gets its own result (`accepted`, `duplicate` — counted once already —, `not_entitled`, `unknown_dimension`, `out_of_window` — more than 72 hours late or in the future —, `invalid`), so one bad record never fails the others.

"Open" on a live subscription sends the business's agent to your tool's address (the `access.url` you reported) with `?sso_token=`: a compact JWS signed with Ed25519 (`alg` `EdDSA`, `kid` in the header) whose claims are `SsoClaims` — `aud` is your vendor id, `sub` the agent's account id, `jti` unique, `exp` at most 5 minutes after `iat`, with the subscription, your tenant id, the enterprise (name, credit code) and the agent's name. Verify it against the keys at `GET /.well-known/jwks.json` (fetch again on an unknown `kid`: keys rotate with a day's overlap), refuse another audience, an expired token (30 s leeway) and a `jti` you have seen, and sign the agent in; never put the token in a link or a log."#;

pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ProtocolDoc::openapi();
    doc.info.description =
        Some(DESCRIPTION.replace("{moves}", &portal_protocol::states::moves_table()));
    doc
}

/// A new case (event `case.submitted`), sent to `{base_url}/cases`.
#[utoipa::path(
    post,
    path = "/cases",
    tag = "department system (outbound)",
    params(
        ("Idempotency-Key" = String, Header, description = "the delivery's id (a UUID), the same on its retries; a repeat must have no second effect"),
        ("X-Portal-Signature" = String, Header, description = "v2=<hex>"),
    ),
    request_body = NewCase,
    responses(
        (status = 200, body = DeliveryReceipt, description = "received (also for a repeated Idempotency-Key)"),
        (status = 401, body = ErrorBody, description = "bad signature, timestamp or nonce (dead-lettered)"),
        (status = 400, body = ErrorBody, description = "permanent: the delivery is given up on (dead-lettered)"),
        (status = 408, description = "retried later with backoff (as are 425, 429 and every 5xx)"),
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
        ("Idempotency-Key" = String, Header, description = "the delivery's id (a UUID), the same on its retries"),
        ("X-Portal-Signature" = String, Header, description = "v2=<hex>"),
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

/// A marketplace operation, sent to a vendor's `{base_url}/operations`.
#[utoipa::path(
    post,
    path = "/operations",
    tag = "vendor system (outbound)",
    params(
        ("Idempotency-Key" = String, Header, description = "the operation's id, the same on its retries; a repeat must have no second effect"),
        ("X-Portal-Department" = String, Header, description = "the vendor's id"),
        ("X-Portal-Signature" = String, Header, description = "v2=<hex>"),
    ),
    request_body = market::OperationRequest,
    responses(
        (status = 202, body = market::OperationAnswer, description = "accepted (also for a repeated Idempotency-Key)"),
        (status = 409, body = market::ProtocolRefusal, description = "permanent, e.g. stale_generation (dead-lettered; a provision fails)"),
        (status = 422, body = market::ProtocolRefusal, description = "permanent, e.g. unknown_plan (dead-lettered; a provision fails)"),
        (status = 503, description = "retried later with backoff (as are 408, 425, 429 and every 5xx)"),
    )
)]
#[allow(dead_code)]
fn vendor_operation() {}

/// The vendor's view of one subscription, for reconciliation.
#[utoipa::path(
    get,
    path = "/subscriptions/{subscription_id}",
    tag = "vendor system (outbound)",
    params(("subscription_id" = uuid::Uuid, Path, description = "the portal's subscription id")),
    responses(
        (status = 200, body = market::VendorView, description = "what the vendor's system holds"),
        (status = 404, body = market::ProtocolRefusal, description = "unknown_subscription"),
    )
)]
#[allow(dead_code)]
fn vendor_subscription_view() {}

/// The portal's public single sign-on keys (JWKS, RFC 7517: Ed25519 keys as OKP JWKs, RFC 8037):
/// the current key and those retired less than a day ago. Fetch again on an unknown `kid`.
#[utoipa::path(
    get,
    path = "/.well-known/jwks.json",
    tag = "marketplace (inbound)",
    responses((status = 200, body = sso::Jwks, description = "the keys tokens are signed with")),
)]
#[allow(dead_code)]
fn sso_jwks() {}

/// `GET /api/openapi.json`.
pub async fn openapi_json() -> axum::response::Response {
    axum::response::IntoResponse::into_response(axum::Json(document()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::case_lifecycle::{ActionKind, CaseState as Domain};
    use portal_protocol::signing::{canonical, Direction, SigningKey};
    use portal_protocol::{CallbackStatus, CaseState};

    /// The action a status stands for (as `callbacks::to_action` maps it).
    fn action(status: CallbackStatus) -> ActionKind {
        match status {
            CallbackStatus::Accepted => ActionKind::Accept,
            CallbackStatus::Refused => ActionKind::RefuseAtIntake,
            CallbackStatus::InReview => ActionKind::StartReview,
            CallbackStatus::SupplementRequested => ActionKind::RequestSupplement,
            CallbackStatus::SupplementWithdrawn => ActionKind::WithdrawSupplement,
            CallbackStatus::Approved => ActionKind::Approve,
            CallbackStatus::Denied => ActionKind::Deny,
        }
    }

    fn domain(state: CaseState) -> Domain {
        Domain::parse(state.as_str()).expect("every protocol state is a portal state")
    }

    #[test]
    fn the_published_moves_are_exactly_the_state_machines() {
        for m in MOVES {
            for from in CaseState::ALL {
                let documented = m.from.contains(&from);
                // A case in review (or back from a request made in review) was accepted.
                let accepted = domain(from) != Domain::Submitted;
                let target = action(m.status).target_of(domain(from), accepted);
                assert_eq!(target.is_some(), documented, "{:?} from {from:?}", m.status);
                if let Some(target) = target {
                    assert_eq!(target, domain(m.to), "{:?} from {from:?}", m.status);
                }
            }
            if let Some(at_intake) = m.to_at_intake {
                let target = action(m.status).target_of(domain(m.from[0]), false);
                assert_eq!(target, Some(domain(at_intake)), "{:?} at intake", m.status);
            }
        }
        // Every portal state but the draft is a protocol state.
        for name in [
            "submitted",
            "accepted",
            "refused_at_intake",
            "in_review",
            "supplement_requested",
            "resubmitted",
            "approved",
            "denied",
            "withdrawn",
        ] {
            assert!(
                Domain::parse(name).is_some() && CaseState::parse(name).is_some(),
                "{name}"
            );
        }
    }

    #[test]
    fn the_worked_signing_example_is_right() {
        let key = SigningKey::from_hex(
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
        )
        .expect("key")
        .toward(Direction::SystemToPortal);
        let signed = canonical(
            "POST",
            "/api/v1/cases/6f1c2a9e-1d2b-4c3d-8e4f-5a6b7c8d9e0f/status",
            "1767225600",
            "00112233445566778899aabbccddeeff",
            "",
            br#"{"protocol":"portal.v1","event_id":"dept-0001","status":"accepted"}"#,
        );
        let signature = key.sign_raw(signed.as_bytes());
        // Computed independently (Python hmac/hashlib) from the document's formulas.
        assert_eq!(
            signature,
            "00576f1c4783cc6bbd1cdc6dcb4ef085fd6edd667a9a7277b725dc52f99e7fb6"
        );
        let description = document().info.description.unwrap_or_default();
        assert!(description.contains(&format!("v2={signature}")));
        assert!(description.contains(&key.to_hex()));
        assert!(description
            .contains("de244028771fc695c10d6dc7e106a3a85c11d21bb7d1336edc7c9e313ab8a1c3"));
        assert!(
            description.contains("| `denied` | in_review | denied |"),
            "{description}"
        );
    }
}
