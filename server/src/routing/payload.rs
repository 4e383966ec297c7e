//! The JSON a department system receives for one outbox row, built from the case as it is now.
use super::attachment_urls::signed_url;
use app::core::delivery::payload::{self as stored, PayloadCase};
use chrono::{DateTime, Utc};
use portal_protocol::signing::SigningKey;
use portal_protocol::{
    Applicant, ApplicantKind, AttachmentRef, CaseEvent, CasePayload, CertificateRef, EventName,
    NewCase, PROTOCOL,
};
use sqlx::PgConnection;
use uuid::Uuid;

/// The outbound request for one row: where to (relative to the base URL) and what.
#[derive(Clone, Debug)]
pub struct Outbound {
    /// `/cases` or `/cases/{id}/events`.
    pub path: String,
    pub body: Vec<u8>,
    pub idempotency_key: String,
}

/// What makes a signed attachment URL.
pub struct UrlSigner<'a> {
    pub site_url: &'a str,
    pub key: &'a SigningKey,
    pub ttl_secs: i64,
}

/// The case as a department receives it, with attachment URLs signed afresh (the delivery of a
/// submission, and a department reading its case back).
pub async fn case_payload(
    conn: &mut PgConnection,
    case_id: Uuid,
    signer: &UrlSigner<'_>,
) -> Result<CasePayload, sqlx::Error> {
    let case = stored::case_for_payload(conn, case_id).await?;
    let attachments = attachments(conn, case_id, signer).await?;
    let site = signer.site_url.trim_end_matches('/');
    let certificates = stored::case_certificates(conn, case_id)
        .await?
        .into_iter()
        .map(|c| CertificateRef {
            verify_url: format!("{site}/verify/{}", c.verification_code),
            field: c.field_key,
            cert_type: c.cert_type,
            name_zh: c.name_zh,
            holder_name: c.holder_name,
            verification_code: c.verification_code,
            issued_on: c.issued_on,
            valid_until: c.valid_until,
        })
        .collect();
    Ok(CasePayload {
        id: case_id,
        case_number: case.case_number.clone().unwrap_or_default(),
        service_code: case.service_code.clone(),
        service_name_zh: case.name_zh.clone(),
        department_code: case.department_code.clone(),
        submitted_at: case.submitted_at,
        promised_days: case.promised_days,
        applicant: applicant(&case),
        answers: case.answers,
        attachments,
        certificates,
    })
}

/// `Ok(None)`: the row names an event the protocol does not know (it is dead-lettered).
/// `delivery_id` is the row's: the body's `event_id` and the `Idempotency-Key`.
pub async fn build(
    conn: &mut PgConnection,
    case_id: Uuid,
    case_event_id: i64,
    delivery_id: Uuid,
    event: &str,
    signer: &UrlSigner<'_>,
) -> Result<Option<Outbound>, sqlx::Error> {
    let Some(event) = EventName::parse(event) else {
        return Ok(None);
    };
    let (occurred_at, reason) = stored::case_event(conn, case_event_id).await?;
    let event_id = delivery_id.to_string();
    let body = match event {
        EventName::Submitted => serde_json::to_vec(&NewCase {
            protocol: PROTOCOL.into(),
            event_id: event_id.clone(),
            event,
            occurred_at,
            case: case_payload(conn, case_id, signer).await?,
        }),
        EventName::Resubmitted | EventName::Withdrawn => {
            let (answers, attachments, certificates) = if event == EventName::Resubmitted {
                let case = case_payload(conn, case_id, signer).await?;
                (
                    Some(case.answers),
                    Some(case.attachments),
                    Some(case.certificates),
                )
            } else {
                (None, None, None)
            };
            serde_json::to_vec(&CaseEvent {
                protocol: PROTOCOL.into(),
                event_id: event_id.clone(),
                event,
                occurred_at,
                case_id,
                reason: Some(reason).filter(|r| !r.is_empty()),
                answers,
                attachments,
                certificates,
            })
        }
    }
    .map_err(|error| sqlx::Error::Protocol(format!("serialising the payload: {error}")))?;
    let path = match event {
        EventName::Submitted => "/cases".to_string(),
        _ => format!("/cases/{case_id}/events"),
    };
    Ok(Some(Outbound {
        path,
        body,
        idempotency_key: event_id,
    }))
}

fn applicant(case: &PayloadCase) -> Applicant {
    match (&case.enterprise_name, &case.credit_code) {
        (Some(name), Some(code)) => Applicant {
            kind: ApplicantKind::Enterprise,
            name: name.clone(),
            id_number: None,
            credit_code: Some(code.clone()),
            // The agent who filed it is who the department calls.
            mobile: case.mobile.clone(),
        },
        _ => Applicant {
            kind: ApplicantKind::Person,
            name: case.person_name.clone().unwrap_or_default(),
            id_number: case.id_number.clone(),
            credit_code: None,
            mobile: case.mobile.clone(),
        },
    }
}

async fn attachments(
    conn: &mut PgConnection,
    case_id: Uuid,
    signer: &UrlSigner<'_>,
) -> Result<Vec<AttachmentRef>, sqlx::Error> {
    let files = stored::case_files(conn, case_id).await?;
    let expires = super::now_unix().saturating_add(signer.ttl_secs);
    let expires_at = DateTime::<Utc>::from_timestamp(expires, 0).unwrap_or_default();
    Ok(files
        .into_iter()
        .map(|f| AttachmentRef {
            url: signed_url(signer.site_url, signer.key, f.id, expires),
            id: f.id,
            field: f.field_key,
            name: f.original_name,
            content_type: f.content_type,
            size_bytes: f.size_bytes,
            sha256: f.sha256,
            expires_at,
        })
        .collect())
}
