//! The portal's machine API for vendor systems (`market.v1`): outcome reports on the operations
//! the dispatcher sent them, and metered usage. Checked in order: signature headers, vendor, timestamp, signature,
//! nonce (shared with the department callbacks), then the body, then — in one transaction in
//! portal-core — the report id's earlier answer, the operation (this vendor's only), its
//! generation and open outcome, and the subscription move it causes.
use super::api::{path_and_query, ApiState};
use super::callbacks::{verify_signed, SenderKind, SignatureRefusal};
use app::core::delivery::Destination;
use app::core::market::metering::{self, Counted, Usage};
use app::core::market::provisioning::{self, Report, ReportError, ReportStatus};
use app::domain::market::metering::Refusal;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use portal_protocol::market::{
    codes, OutcomeReport, OutcomeStatus, ProtocolRefusal, RecordResult, UsageAnswer, UsageBatch,
    UsageResult, MARKET_PROTOCOL, MAX_REPORT_TEXT, MAX_USAGE_RECORDS,
};
use portal_protocol::signing::WINDOW_SECS;
use sha2::{Digest, Sha256};
use uuid::Uuid;

fn refusal(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    (
        status,
        Json(ProtocolRefusal {
            code: code.into(),
            message: message.into(),
        }),
    )
        .into_response()
}

/// The 401 answers of a request whose signature does not hold.
pub fn signature_refusal(refusal_kind: SignatureRefusal) -> Response {
    let (code, message) = match refusal_kind {
        SignatureRefusal::Malformed => (
            codes::MISSING_SIGNATURE,
            "missing or malformed signature headers".to_string(),
        ),
        SignatureRefusal::UnknownSender => (
            codes::UNKNOWN_VENDOR,
            "no vendor system is registered under this id".to_string(),
        ),
        SignatureRefusal::StaleTimestamp => (
            codes::STALE_TIMESTAMP,
            format!("the timestamp must be within {WINDOW_SECS} s of the portal's clock"),
        ),
        SignatureRefusal::BadSignature => (
            codes::BAD_SIGNATURE,
            "the signature does not match".to_string(),
        ),
        SignatureRefusal::ReplayedNonce => (
            codes::REPLAYED_NONCE,
            "this nonce was already used".to_string(),
        ),
    };
    refusal(StatusCode::UNAUTHORIZED, code, message)
}

fn internal() -> Response {
    refusal(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "the portal could not record this; send it again",
    )
}

/// A vendor system reports how an operation went.
#[utoipa::path(
    post,
    path = "/api/market/v1/operations/{operation_id}/outcome",
    tag = "marketplace (inbound)",
    params(
        ("operation_id" = Uuid, Path, description = "the operation's id (its Idempotency-Key)"),
        ("X-Portal-Department" = String, Header, description = "the vendor's id"),
        ("X-Portal-Timestamp" = i64, Header, description = "unix seconds, within 300 s"),
        ("X-Portal-Nonce" = String, Header, description = "16+ random bytes, hex, never reused"),
        ("X-Portal-Signature" = String, Header, description = "v2=<hex HMAC-SHA256>"),
    ),
    request_body = OutcomeReport,
    responses(
        (status = 200, body = portal_protocol::market::ReportAnswer, description = "recorded, or the same report (report_id and body) again: its first answer"),
        (status = 401, body = ProtocolRefusal, description = "missing_signature, bad_signature, stale_timestamp, replayed_nonce, unknown_vendor"),
        (status = 404, body = ProtocolRefusal, description = "unknown_operation (also another vendor's)"),
        (status = 409, body = ProtocolRefusal, description = "stale_generation, outcome_already_reported, illegal_transition, report_id_reused"),
        (status = 422, body = ProtocolRefusal, description = "invalid_body, wrong_protocol"),
    )
)]
pub async fn outcome(
    State(state): State<ApiState>,
    Path(operation_id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let verified = verify_signed(
        &state.pool,
        &headers,
        "POST",
        path_and_query(&uri),
        &body,
        SenderKind::Vendor,
    )
    .await;
    let vendor_id = match verified {
        Ok((Destination::Vendor(id), _)) => id,
        Ok((Destination::Department(_), _)) => return internal(),
        Err(Ok(kind)) => return signature_refusal(kind),
        Err(Err(error)) => {
            tracing::error!(%error, "vendor report: database error");
            return internal();
        }
    };
    let Ok(operation_id) = operation_id.parse::<Uuid>() else {
        return refusal(
            StatusCode::NOT_FOUND,
            codes::UNKNOWN_OPERATION,
            "no such operation",
        );
    };
    let parsed = match parse(&body) {
        Ok(parsed) => parsed,
        Err((code, message)) => return refusal(StatusCode::UNPROCESSABLE_ENTITY, code, message),
    };
    let sha = hex::encode(Sha256::digest(&body));
    let report = Report {
        vendor_id,
        operation_id,
        report_id: &parsed.report_id,
        generation: parsed.generation,
        status: match parsed.status {
            OutcomeStatus::InProgress => ReportStatus::InProgress,
            OutcomeStatus::Succeeded => ReportStatus::Succeeded,
            OutcomeStatus::Failed => ReportStatus::Failed,
        },
        message: parsed.message.as_deref(),
        expected_at: parsed.expected_at,
        access: parsed
            .access
            .as_ref()
            .map(|a| (a.url.as_str(), a.tenant_id.as_str())),
        reason: parsed.reason.as_deref(),
        request_sha256: &sha,
    };
    match provisioning::record_report(&state.pool, &report).await {
        Ok(answer) => (StatusCode::OK, Json(answer)).into_response(),
        Err(ReportError::Internal(error)) => {
            tracing::error!(%error, "vendor report: database error");
            internal()
        }
        Err(error) => {
            let status = match error {
                ReportError::UnknownOperation => StatusCode::NOT_FOUND,
                _ => StatusCode::CONFLICT,
            };
            let code = error.to_string();
            refusal(status, &code, message_of(&error))
        }
    }
}

fn message_of(error: &ReportError) -> &'static str {
    match error {
        ReportError::UnknownOperation => "no such operation of this vendor",
        ReportError::StaleGeneration => "the operation has another generation",
        ReportError::AlreadyReported => "this operation's outcome was already reported",
        ReportError::ReportIdReused => "this report_id was used for another report",
        ReportError::Illegal => "the subscription cannot make this move now",
        ReportError::Internal(_) => "internal error",
    }
}

/// A vendor system reports metered usage: each record gets its own result, so one bad record
/// never fails the batch.
#[utoipa::path(
    post,
    path = "/api/market/v1/usage",
    tag = "marketplace (inbound)",
    params(
        ("X-Portal-Department" = String, Header, description = "the vendor's id"),
        ("X-Portal-Timestamp" = i64, Header, description = "unix seconds, within 300 s"),
        ("X-Portal-Nonce" = String, Header, description = "16+ random bytes, hex, never reused"),
        ("X-Portal-Signature" = String, Header, description = "v2=<hex HMAC-SHA256>"),
    ),
    request_body = UsageBatch,
    responses(
        (status = 200, body = UsageAnswer, description = "one result per record, in order: accepted, duplicate (counted once already), not_entitled, unknown_dimension, out_of_window (more than 72 h late, or in the future), invalid"),
        (status = 401, body = ProtocolRefusal, description = "missing_signature, bad_signature, stale_timestamp, replayed_nonce, unknown_vendor"),
        (status = 422, body = ProtocolRefusal, description = "invalid_body (not a batch, or not 1 to 100 records), wrong_protocol"),
    )
)]
pub async fn usage(
    State(state): State<ApiState>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let verified = verify_signed(
        &state.pool,
        &headers,
        "POST",
        path_and_query(&uri),
        &body,
        SenderKind::Vendor,
    )
    .await;
    let vendor_id = match verified {
        Ok((Destination::Vendor(id), _)) => id,
        Ok((Destination::Department(_), _)) => return internal(),
        Err(Ok(kind)) => return signature_refusal(kind),
        Err(Err(error)) => {
            tracing::error!(%error, "usage batch: database error");
            return internal();
        }
    };
    let parsed = (!portal_protocol::names_nul(&body))
        .then(|| serde_json::from_slice::<UsageBatch>(&body).ok())
        .flatten();
    let Some(batch) = parsed else {
        return refusal(
            StatusCode::UNPROCESSABLE_ENTITY,
            codes::INVALID_BODY,
            "the body is not a market.v1 usage batch",
        );
    };
    if batch.protocol != MARKET_PROTOCOL {
        return refusal(
            StatusCode::UNPROCESSABLE_ENTITY,
            codes::WRONG_PROTOCOL,
            "protocol must be market.v1",
        );
    }
    if batch.records.is_empty() || batch.records.len() > MAX_USAGE_RECORDS {
        return refusal(
            StatusCode::UNPROCESSABLE_ENTITY,
            codes::INVALID_BODY,
            "a batch has 1 to 100 records",
        );
    }
    let records: Vec<Usage<'_>> = batch
        .records
        .iter()
        .map(|r| Usage {
            record_id: &r.record_id,
            subscription_id: r.subscription_id,
            dimension: &r.dimension,
            quantity: r.quantity,
            used_at: r.used_at,
        })
        .collect();
    let counted = match metering::record_batch(&state.pool, vendor_id, &records).await {
        Ok(counted) => counted,
        Err(error) => {
            tracing::error!(%error, "usage batch: database error");
            return internal();
        }
    };
    let results = batch
        .records
        .iter()
        .zip(counted)
        .map(|(r, c)| RecordResult {
            record_id: r.record_id.clone(),
            result: match c {
                Counted::Accepted => UsageResult::Accepted,
                Counted::Duplicate => UsageResult::Duplicate,
                Counted::Refused(Refusal::Invalid) => UsageResult::Invalid,
                Counted::Refused(Refusal::OutOfWindow) => UsageResult::OutOfWindow,
                Counted::Refused(Refusal::NotEntitled) => UsageResult::NotEntitled,
                Counted::Refused(Refusal::UnknownDimension) => UsageResult::UnknownDimension,
            },
        })
        .collect();
    (StatusCode::OK, Json(UsageAnswer { results })).into_response()
}

/// The body, with its texts bounded and the access URL safe to show as a link; a refusal is
/// its code and message (422).
fn parse(body: &[u8]) -> Result<OutcomeReport, (&'static str, &'static str)> {
    let invalid = |message: &'static str| Err((codes::INVALID_BODY, message));
    if portal_protocol::names_nul(body) {
        return invalid("texts may not contain the NUL character");
    }
    let Ok(report) = serde_json::from_slice::<OutcomeReport>(body) else {
        return invalid("the body is not a market.v1 outcome report");
    };
    if report.protocol != MARKET_PROTOCOL {
        return Err((codes::WRONG_PROTOCOL, "protocol must be market.v1"));
    }
    let too_long = |text: &Option<String>| {
        text.as_ref()
            .is_some_and(|t| t.chars().count() > MAX_REPORT_TEXT)
    };
    if report.report_id.trim().is_empty() || report.report_id.chars().count() > 100 {
        return invalid("report_id must have 1 to 100 characters");
    }
    if too_long(&report.message) || too_long(&report.reason) {
        return invalid("message and reason have at most 500 characters");
    }
    if let Some(access) = &report.access {
        if !safe_link(&access.url) || access.tenant_id.is_empty() || access.tenant_id.len() > 200 {
            return invalid(
                "access.url must be https (http only on loopback); tenant_id 1 to 200 characters",
            );
        }
    }
    Ok(report)
}

/// An address the portal may show as the tool's link: https, or http on this machine.
fn safe_link(url: &str) -> bool {
    match reqwest::Url::parse(url) {
        Ok(u) if u.scheme() == "https" => u.host().is_some() && url.len() <= 500,
        Ok(u) if u.scheme() == "http" => {
            matches!(u.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_loopback_links_are_shown() {
        assert!(safe_link("https://tool.example.com/t/1"));
        assert!(safe_link("http://127.0.0.1:4000/tenants/1"));
        assert!(!safe_link("http://tool.example.com/"));
        assert!(!safe_link("javascript:alert(1)"));
        assert!(!safe_link("not a url"));
    }

    #[test]
    fn bodies_are_bounded_and_versioned() {
        let ok = br#"{"protocol":"market.v1","report_id":"r","generation":1,"status":"in_progress","message":"working"}"#;
        assert!(parse(ok).is_ok());
        let wrong = br#"{"protocol":"market.v0","report_id":"r","generation":1,"status":"failed"}"#;
        assert!(parse(wrong).is_err());
        let long = format!(
            r#"{{"protocol":"market.v1","report_id":"r","generation":1,"status":"failed","reason":"{}"}}"#,
            "x".repeat(501)
        );
        assert!(parse(long.as_bytes()).is_err());
    }
}
