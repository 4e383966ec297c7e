//! Inbound status callbacks from department systems: `POST /api/v1/cases/{case_id}/status`.
//!
//! Checked in order: signature headers, department, timestamp window, signature, nonce, payload.
//! Then, in one transaction: the receipt of this `event_id` (the same request again gets the
//! first answer, success or refusal; another request under it is refused), the transition (as
//! `Acting::DepartmentSystem`, in a savepoint) and the new receipt. A refusal leaves the case
//! untouched (the savepoint is rolled back) and is remembered, so a later repeat cannot succeed
//! where the first attempt was refused.
use app::core::attachments;
use app::core::cases::{supplement, transition, Acting, CaseError};
use app::core::delivery::callbacks as stored;
use app::core::delivery::{recovery, Destination};
use app::domain::case_lifecycle::{CaseAction, SupplementItem, SupplementKind, TransitionError};
use app::domain::service_form::SupplementPathError;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use portal_protocol::signing::{Direction, SignatureError, SignedHeaders, SigningKey, WINDOW_SECS};
use portal_protocol::{
    CallbackStatus, CaseState, ErrorBody, ErrorCode, StatusCallback, StatusResponse, PROTOCOL,
};
use sha2::{Digest, Sha256};
use sqlx::{Connection, PgPool};
use uuid::Uuid;

/// An error answer of the protocol.
#[derive(Debug)]
pub struct ApiError {
    pub body: ErrorBody,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            body: ErrorBody::new(code, message),
        }
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.body.error.code.status()).unwrap_or(StatusCode::BAD_REQUEST)
    }

    pub(super) fn internal() -> Response {
        // Not a protocol code: the department retries on 5xx.
        let body = serde_json::json!({"error": {"code": "internal", "message": "internal error"}});
        (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status(), Json(self.body)).into_response()
    }
}

/// The department a signed request comes from, once its signature, timestamp and nonce are
/// checked. Shared with the attachment downloads.
pub struct VerifiedSender {
    pub department_code: String,
    pub key: SigningKey,
}

/// Why a signed request was refused, whatever the kind of sender (each API gives it its
/// protocol's code, 401 family).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureRefusal {
    Malformed,
    UnknownSender,
    StaleTimestamp,
    BadSignature,
    ReplayedNonce,
}

/// Checks a signed request from either kind of destination's system: its headers, its sender's
/// key (`Destination::Department(code)` or `Destination::Vendor(id)`, from the party header),
/// the timestamp, the signature, and the nonce's novelty (remembered per sender).
pub async fn verify_signed(
    pool: &PgPool,
    headers: &HeaderMap,
    method: &str,
    path_and_query: &str,
    body: &[u8],
    kind: SenderKind,
) -> Result<(Destination, SigningKey), Result<SignatureRefusal, sqlx::Error>> {
    let signed =
        SignedHeaders::from_headers(headers).map_err(|_| Ok(SignatureRefusal::Malformed))?;
    let (sender, key_hex) = match kind {
        SenderKind::Department => (
            Destination::Department(signed.department.clone()),
            stored::signing_key(pool, &signed.department)
                .await
                .map_err(Err)?,
        ),
        SenderKind::Vendor => {
            let Ok(vendor_id) = signed.department.parse::<Uuid>() else {
                return Err(Ok(SignatureRefusal::UnknownSender));
            };
            (
                Destination::Vendor(vendor_id),
                stored::vendor_signing_key(pool, vendor_id)
                    .await
                    .map_err(Err)?,
            )
        }
    };
    let Some(key) = key_hex.as_deref().and_then(SigningKey::from_hex) else {
        return Err(Ok(SignatureRefusal::UnknownSender));
    };
    signed
        .verify(
            &key.toward(Direction::SystemToPortal),
            method,
            path_and_query,
            body,
            super::now_unix(),
        )
        .map_err(|error| {
            Ok(match error {
                SignatureError::StaleTimestamp => SignatureRefusal::StaleTimestamp,
                _ => SignatureRefusal::BadSignature,
            })
        })?;
    // Remembered for the window (and a little more), so a replay within it is refused.
    stored::forget_nonces(pool, (WINDOW_SECS * 2) as f64)
        .await
        .map_err(Err)?;
    let fresh = stored::remember_nonce(pool, &sender.key(), &signed.nonce)
        .await
        .map_err(Err)?;
    if !fresh {
        return Err(Ok(SignatureRefusal::ReplayedNonce));
    }
    Ok((sender, key))
}

/// Which registry names the sender of a signed request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SenderKind {
    Department,
    Vendor,
}

/// Checks a department system's signed request; `Err` carries the protocol code (401 family)
/// or an internal error.
pub async fn verify_sender(
    pool: &PgPool,
    headers: &HeaderMap,
    method: &str,
    path_and_query: &str,
    body: &[u8],
) -> Result<VerifiedSender, Result<ApiError, sqlx::Error>> {
    let (sender, key) = verify_signed(
        pool,
        headers,
        method,
        path_and_query,
        body,
        SenderKind::Department,
    )
    .await
    .map_err(|refusal| {
        refusal.map(|refusal| match refusal {
            SignatureRefusal::Malformed => ApiError::new(
                ErrorCode::BadSignature,
                "missing or malformed signature headers",
            ),
            SignatureRefusal::UnknownSender => ApiError::new(
                ErrorCode::UnknownDepartment,
                "no department system is registered under this code",
            ),
            SignatureRefusal::StaleTimestamp => ApiError::new(
                ErrorCode::StaleTimestamp,
                format!("the timestamp must be within {WINDOW_SECS} s of the portal's clock"),
            ),
            SignatureRefusal::BadSignature => {
                ApiError::new(ErrorCode::BadSignature, "the signature does not match")
            }
            SignatureRefusal::ReplayedNonce => {
                ApiError::new(ErrorCode::ReplayedNonce, "this nonce was already used")
            }
        })
    })?;
    Ok(VerifiedSender {
        department_code: sender.key(),
        key,
    })
}

/// Handles one callback; `path_and_query` is the request's, as signed.
pub async fn handle(
    pool: &PgPool,
    headers: &HeaderMap,
    path_and_query: &str,
    case_id: &str,
    body: &[u8],
) -> Response {
    let sender = match verify_sender(pool, headers, "POST", path_and_query, body).await {
        Ok(sender) => sender,
        Err(Ok(refusal)) => return refusal.into_response(),
        Err(Err(error)) => {
            tracing::error!(%error, "callback: database error");
            return ApiError::internal();
        }
    };
    let callback = match parse(body) {
        Ok(callback) => callback,
        Err(refusal) => return refusal.into_response(),
    };
    let Ok(case_id) = case_id.parse::<Uuid>() else {
        return ApiError::new(ErrorCode::UnknownCase, "no such case").into_response();
    };
    match apply(pool, &sender.department_code, case_id, &callback).await {
        Ok(answer) => (StatusCode::OK, Json(answer)).into_response(),
        Err(Ok(refusal)) => refusal.into_response(),
        Err(Err(error)) => {
            tracing::error!(%error, "callback: database error");
            ApiError::internal()
        }
    }
}

fn parse(body: &[u8]) -> Result<StatusCallback, ApiError> {
    if portal_protocol::names_nul(body) {
        return Err(ApiError::new(
            ErrorCode::InvalidPayload,
            "texts may not contain the NUL character",
        ));
    }
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|_| ApiError::new(ErrorCode::InvalidPayload, "the body is not JSON"))?;
    if value.get("protocol").and_then(|p| p.as_str()) != Some(PROTOCOL) {
        return Err(ApiError::new(
            ErrorCode::UnsupportedVersion,
            format!("protocol must be {PROTOCOL}"),
        ));
    }
    let callback: StatusCallback = serde_json::from_value(value)
        .map_err(|error| ApiError::new(ErrorCode::InvalidPayload, error.to_string()))?;
    callback
        .check()
        .map_err(|message| ApiError::new(ErrorCode::InvalidPayload, message))?;
    Ok(callback)
}

/// The receipt, or the transition and its receipt, in one transaction.
async fn apply(
    pool: &PgPool,
    department: &str,
    case_id: Uuid,
    callback: &StatusCallback,
) -> Result<StatusResponse, Result<ApiError, sqlx::Error>> {
    // The request as parsed (field order fixed, whitespace gone) and its case: what a repeat
    // must match.
    let canonical = serde_json::to_vec(&(case_id, callback))
        .map_err(|error| Err(sqlx::Error::Encode(Box::new(error))))?;
    let request_sha256 = hex::encode(Sha256::digest(&canonical));
    let mut tx = pool.begin().await.map_err(Err)?;
    // Serialises concurrent callbacks of one event id (the second waits, then finds the receipt).
    stored::lock_event(&mut tx, department, &callback.event_id)
        .await
        .map_err(Err)?;
    let earlier = stored::receipt(&mut tx, department, &callback.event_id)
        .await
        .map_err(Err)?;
    if let Some(earlier) = earlier {
        return replay(earlier, case_id, &request_sha256);
    }
    let outcome = {
        let mut attempt = (*tx).begin().await.map_err(Err)?;
        match transit(pool, &mut attempt, department, case_id, callback).await {
            Ok(response) => {
                attempt.commit().await.map_err(Err)?;
                Ok(response)
            }
            // Dropping the savepoint rolls the attempt back.
            Err(refusal) => Err(refusal.map_err(Err)?),
        }
    };
    // An unknown case is not remembered: there is no case to file the receipt under, and it
    // stays unknown to this department anyway. Nor is a case not delivered yet: once it is,
    // the same request must be able to go through.
    if matches!(&outcome, Err(refusal) if matches!(
        refusal.body.error.code,
        ErrorCode::UnknownCase | ErrorCode::CaseNotDelivered
    )) {
        return outcome.map_err(Ok);
    }
    let (status, stored_response) = match &outcome {
        Ok(response) => (200, serde_json::to_value(response)),
        Err(refusal) => (
            refusal.status().as_u16(),
            serde_json::to_value(&refusal.body),
        ),
    };
    let receipt = stored::Receipt {
        case_id,
        request_sha256: Some(request_sha256),
        status: i16::try_from(status).unwrap_or(500),
        response: stored_response.map_err(|error| Err(sqlx::Error::Encode(Box::new(error))))?,
    };
    stored::store_receipt(&mut tx, department, &callback.event_id, &receipt)
        .await
        .map_err(Err)?;
    tx.commit().await.map_err(Err)?;
    outcome.map_err(Ok)
}

/// The first answer to this event id, when the request is the same one.
fn replay(
    earlier: stored::Receipt,
    case_id: Uuid,
    request_sha256: &str,
) -> Result<StatusResponse, Result<ApiError, sqlx::Error>> {
    let same = earlier.case_id == case_id
        && earlier
            .request_sha256
            .as_deref()
            .is_none_or(|sha| sha == request_sha256);
    if !same {
        return Err(Ok(ApiError::new(
            ErrorCode::EventIdReused,
            "this event_id was already used for another request (another case or body)",
        )));
    }
    let decode = |error: serde_json::Error| Err(sqlx::Error::Decode(Box::new(error)));
    // Read back as the typed answer it was stored from.
    if earlier.status == 200 {
        return serde_json::from_value(earlier.response).map_err(decode);
    }
    let body: ErrorBody = serde_json::from_value(earlier.response).map_err(decode)?;
    Err(Ok(ApiError { body }))
}

/// The transition a callback asks for, on the attempt's savepoint.
async fn transit(
    pool: &PgPool,
    conn: &mut sqlx::PgConnection,
    department: &str,
    case_id: Uuid,
    callback: &StatusCallback,
) -> Result<StatusResponse, Result<ApiError, sqlx::Error>> {
    // A case the department's system never acknowledged is one it may not have stored: its
    // callbacks would move a case nobody there holds. (Waits for a delivery in flight.)
    if !recovery::acknowledged(&mut *conn, case_id)
        .await
        .map_err(Err)?
    {
        return Err(Ok(match recovery::case_head(&mut *conn, case_id).await {
            Ok(Some(head)) if head.department_code == department => ApiError::new(
                ErrorCode::CaseNotDelivered,
                "your system has not acknowledged a delivery of this case: read it with \
                 GET /api/v1/cases/{id} or ask for it with POST /api/v1/cases/{id}/redeliver",
            ),
            Ok(_) => ApiError::new(ErrorCode::UnknownCase, "no such case"),
            Err(error) => return Err(Err(error)),
        }));
    }
    let action = to_action(&mut *conn, case_id, callback)
        .await
        .map_err(Err)?;
    // A department system denies on the same legal grounds as a clerk: the service's list.
    if let CaseAction::Deny {
        legal_reason_code, ..
    } = &action
    {
        let grounds = app::core::workbench::deny_grounds(&mut *conn, case_id)
            .await
            .map_err(|error| Err(sqlx::Error::Protocol(error.to_string())))?;
        if !grounds.contains(legal_reason_code) {
            return Err(Ok(ApiError::new(
                ErrorCode::InvalidPayload,
                "denial_ground is not one of the service's legal grounds",
            )));
        }
    }
    let acting = Acting::DepartmentSystem {
        department_code: department.to_string(),
    };
    let applied = match transition::apply(&mut *conn, case_id, &acting, &action, None).await {
        Ok(applied) => applied,
        Err(error) => return Err(refusal(&mut *conn, case_id, error).await),
    };
    // Checked once the case is known to be the department's and the transition legal: every
    // path must be one the applicant can answer, or the case would wait for ever.
    if let CaseAction::RequestSupplement { items, .. } = &action {
        let form = supplement::request_form(pool, &mut *conn, case_id)
            .await
            .map_err(|error| Err(sqlx::Error::Protocol(error.to_string())))?;
        let Some((definition, locked)) = form else {
            return Err(Ok(ApiError::new(ErrorCode::UnknownCase, "no such case")));
        };
        for item in items {
            if let Err(problem) = definition.check_supplement_path(&item.key, &locked) {
                let code = match problem {
                    SupplementPathError::Unknown(_) => ErrorCode::UnknownSupplementPath,
                    SupplementPathError::NotChangeable(_) => ErrorCode::SupplementPathNotChangeable,
                };
                let mut refusal = ApiError::new(code, problem.to_string());
                refusal.body.path = Some(problem.path().to_string());
                return Err(Ok(refusal));
            }
        }
    }
    let state = CaseState::parse(applied.to.as_str())
        .ok_or_else(|| Err(sqlx::Error::Protocol("a draft after a callback".into())))?;
    Ok(StatusResponse {
        case_id,
        state,
        version: applied.version,
    })
}

/// The protocol answer to a refused transition (the transaction is dropped: rolled back).
async fn refusal(
    conn: &mut sqlx::PgConnection,
    case_id: Uuid,
    error: CaseError,
) -> Result<ApiError, sqlx::Error> {
    Ok(match error {
        CaseError::NotFound => ApiError::new(ErrorCode::UnknownCase, "no such case"),
        CaseError::Internal(error) => {
            return Err(sqlx::Error::Protocol(error.to_string()));
        }
        CaseError::Transition(
            TransitionError::IllegalTransition { .. } | TransitionError::ActorNotAllowed { .. },
        )
        | CaseError::Stale => {
            let state = stored::case_state(conn, case_id).await?;
            let mut refusal = ApiError::new(
                ErrorCode::IllegalTransition,
                "the case cannot make this transition from its current state",
            );
            refusal.body.state = state.as_deref().and_then(CaseState::parse);
            refusal
        }
        other => ApiError::new(ErrorCode::InvalidPayload, other.to_string()),
    })
}

/// The case action a status stands for. A supplement item naming a field with uploaded files
/// asks for the material again; any other names a form field.
async fn to_action(
    conn: &mut sqlx::PgConnection,
    case_id: Uuid,
    callback: &StatusCallback,
) -> Result<CaseAction, sqlx::Error> {
    let reason = callback
        .reason
        .clone()
        .unwrap_or_default()
        .trim()
        .to_string();
    Ok(match callback.status {
        CallbackStatus::Accepted => CaseAction::Accept,
        CallbackStatus::Refused => CaseAction::RefuseAtIntake { reason },
        CallbackStatus::InReview => CaseAction::StartReview,
        CallbackStatus::SupplementWithdrawn => CaseAction::WithdrawSupplement { reason },
        CallbackStatus::SupplementRequested => {
            let file_fields = attachments::fields_with_files(conn, case_id).await?;
            let items = callback
                .items
                .iter()
                .map(|item| SupplementItem {
                    kind: if file_fields.contains(&item.path) {
                        SupplementKind::Material
                    } else {
                        SupplementKind::Field
                    },
                    key: item.path.trim().to_string(),
                    reason: item.reason.trim().to_string(),
                })
                .collect();
            CaseAction::RequestSupplement { items, reason }
        }
        CallbackStatus::Approved => {
            let result = callback
                .result
                .clone()
                .unwrap_or(portal_protocol::ApprovalResult {
                    note: None,
                    valid_until: None,
                });
            CaseAction::Approve {
                note: result.note.unwrap_or_default().trim().to_string(),
                valid_until: result.valid_until,
            }
        }
        CallbackStatus::Denied => CaseAction::Deny {
            legal_reason_code: callback.denial_ground.clone().unwrap_or_default(),
            explanation: reason,
        },
    })
}
