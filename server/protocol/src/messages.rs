//! The portal ⇄ department system protocol, v1: these types are the contract (published as
//! OpenAPI at `/api/openapi.json`). Shared by the routing layer and the reference department
//! backend, so both sides (de)serialise exactly the same shapes.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The value of every body's `protocol` field.
pub const PROTOCOL: &str = "portal.v1";

/// Outbound event names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EventName {
    #[serde(rename = "case.submitted")]
    Submitted,
    #[serde(rename = "case.resubmitted")]
    Resubmitted,
    #[serde(rename = "case.withdrawn")]
    Withdrawn,
}

impl EventName {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "case.submitted",
            Self::Resubmitted => "case.resubmitted",
            Self::Withdrawn => "case.withdrawn",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "case.submitted" => Some(Self::Submitted),
            "case.resubmitted" => Some(Self::Resubmitted),
            "case.withdrawn" => Some(Self::Withdrawn),
            _ => None,
        }
    }
}

/// Body of `POST {base_url}/cases`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCase {
    /// Always `portal.v1`.
    pub protocol: String,
    /// The delivery's id (a UUID), equal to the `Idempotency-Key` header; the same on every
    /// retry of this delivery, never used for another.
    pub event_id: String,
    pub event: EventName,
    pub occurred_at: DateTime<Utc>,
    pub case: CasePayload,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CasePayload {
    pub id: Uuid,
    pub case_number: String,
    pub service_code: String,
    pub service_name_zh: String,
    pub department_code: String,
    pub submitted_at: DateTime<Utc>,
    pub promised_days: i32,
    pub applicant: Applicant,
    /// The validated answers: an object whose keys are form paths (`details`, a group row's
    /// member `members.0.name`, an address half `address.district` / `address.detail`) and
    /// whose values are arrays of strings as entered (one element, or several for a multiple
    /// choice). Unanswered optional fields are absent. Verified data the portal prefilled is
    /// included like any answer. Files are not here: see `attachments` and `certificates`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub answers: serde_json::Value,
    /// Uploaded files, each under the form path of its file field (`field`).
    pub attachments: Vec<AttachmentRef>,
    /// E-certificates the applicant chose from their wallet for a file field instead of an
    /// upload (免证办): genuine by construction, checkable by anyone at `verify_url`.
    #[serde(default)]
    pub certificates: Vec<CertificateRef>,
}

/// An e-certificate from the applicant's wallet given for a file field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateRef {
    /// The file field it stands for.
    pub field: String,
    pub cert_type: String,
    pub name_zh: String,
    pub holder_name: String,
    pub verification_code: String,
    pub issued_on: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<NaiveDate>,
    /// The public verification page of the portal.
    pub verify_url: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApplicantKind {
    Person,
    Enterprise,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Applicant {
    pub kind: ApplicantKind,
    pub name: String,
    /// Resident ID number (person).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    /// Unified social credit code (enterprise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
}

/// One attachment, fetched by the department through a short-lived signed URL.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentRef {
    pub id: Uuid,
    pub field: String,
    pub name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

/// Body of `POST {base_url}/cases/{case_id}/events`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseEvent {
    pub protocol: String,
    pub event_id: String,
    pub event: EventName,
    pub occurred_at: DateTime<Utc>,
    pub case_id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Resubmitted only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub answers: Option<serde_json::Value>,
    /// Resubmitted only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Vec<AttachmentRef>>,
    /// Resubmitted only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificates: Option<Vec<CertificateRef>>,
}

/// The department system's 2xx answer to an outbound delivery.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryReceipt {
    pub received: bool,
    /// The department's own id for the case.
    #[serde(default)]
    pub reference: Option<String>,
}

/// What a department system reports about a case.
///
/// - `accepted`, `refused`: intake (from `submitted`).
/// - `supplement_requested`: from `in_review`, or at intake (一次性告知) from `submitted` or
///   `accepted`; every item's `path` must be a field or material of the case's form that the
///   applicant can change (422 `unknown_supplement_path` / `supplement_path_not_changeable`).
///   A request made at intake (`submitted`) is answered with `case.resubmitted` and the case
///   is `submitted` again; otherwise it is `resubmitted`.
/// - `supplement_withdrawn`: the department takes back its own open request (only from
///   `supplement_requested`): the case returns to where the request was made from
///   (`in_review`, or `submitted` for a request at intake) and the legal clock resumes.
/// - `in_review`, `approved`, `denied`: review and decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CallbackStatus {
    Accepted,
    Refused,
    SupplementRequested,
    SupplementWithdrawn,
    InReview,
    Approved,
    Denied,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupplementItem {
    pub path: String,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApprovalResult {
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub valid_until: Option<NaiveDate>,
}

/// Body of `POST {portal}/api/v1/cases/{case_id}/status`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusCallback {
    pub protocol: String,
    /// The department's unique id for this callback; a repeat gets the first answer again.
    pub event_id: String,
    pub status: CallbackStatus,
    /// Required for refused, supplement_requested and denied; optional for supplement_withdrawn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// supplement_requested: at least one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<SupplementItem>,
    /// denied: the legal ground's code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denial_ground: Option<String>,
    /// approved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<ApprovalResult>,
}

impl StatusCallback {
    /// The payload rules the JSON shape cannot say; `Err` is the message of `invalid_payload`.
    pub fn check(&self) -> Result<(), &'static str> {
        let blank = |s: &Option<String>| s.as_deref().map(str::trim).unwrap_or_default().is_empty();
        if self.event_id.trim().is_empty() || self.event_id.len() > 200 {
            return Err("event_id must be 1 to 200 characters");
        }
        match self.status {
            CallbackStatus::Refused | CallbackStatus::Denied if blank(&self.reason) => {
                Err("a reason is required")
            }
            CallbackStatus::SupplementRequested if blank(&self.reason) => {
                Err("a reason is required")
            }
            CallbackStatus::SupplementRequested if self.items.is_empty() => {
                Err("at least one item is required")
            }
            CallbackStatus::SupplementRequested
                if self
                    .items
                    .iter()
                    .any(|i| i.path.trim().is_empty() || i.reason.trim().is_empty()) =>
            {
                Err("every item needs a path and a reason")
            }
            CallbackStatus::Denied if blank(&self.denial_ground) => {
                Err("a denial_ground is required")
            }
            _ => Ok(()),
        }
    }
}

/// 200 answer to a status callback.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusResponse {
    pub case_id: Uuid,
    /// Where the case is now.
    pub state: crate::case_state::CaseState,
    /// Rises by one with every change of the case (by anyone): the version this callback made.
    pub version: i32,
}

/// Machine-readable error codes (both directions).
///
/// 401: `bad_signature`, `stale_timestamp`, `replayed_nonce`, `unknown_department` (the signed
/// headers; callbacks and attachment downloads alike). 404: `unknown_case`, `not_found`.
/// 409: `illegal_transition` (with `state`), `event_id_reused` (the event id was used before for
/// another case or another body), `case_not_delivered` (a callback for a case your system never
/// acknowledged: read it with `GET /api/v1/cases/{id}` or ask for it again), `not_redeliverable`
/// (a case that is never delivered by itself, such as a bundle's umbrella case). 422: `invalid_payload`, `unknown_supplement_path`,
/// `supplement_path_not_changeable` (both with `path`). 400: `unsupported_version`.
/// 410: `expired`. 403: `not_authoritative` (a base data feed from a department that does not
/// keep that register), `no_base_data_declared`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    BadSignature,
    StaleTimestamp,
    ReplayedNonce,
    UnknownDepartment,
    UnknownCase,
    IllegalTransition,
    EventIdReused,
    CaseNotDelivered,
    NotRedeliverable,
    InvalidPayload,
    UnknownSupplementPath,
    SupplementPathNotChangeable,
    UnsupportedVersion,
    NotFound,
    Expired,
    /// The sender is not the department that keeps this register.
    NotAuthoritative,
    /// The case's service declares no base data its department may read.
    NoBaseDataDeclared,
}

impl ErrorCode {
    /// The HTTP status each code travels with.
    pub fn status(self) -> u16 {
        match self {
            Self::BadSignature
            | Self::StaleTimestamp
            | Self::ReplayedNonce
            | Self::UnknownDepartment => 401,
            Self::UnknownCase | Self::NotFound => 404,
            Self::IllegalTransition
            | Self::EventIdReused
            | Self::CaseNotDelivered
            | Self::NotRedeliverable => 409,
            Self::InvalidPayload
            | Self::UnknownSupplementPath
            | Self::SupplementPathNotChangeable => 422,
            Self::UnsupportedVersion => 400,
            Self::Expired => 410,
            Self::NotAuthoritative | Self::NoBaseDataDeclared => 403,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    pub code: ErrorCode,
    pub message: String,
}

/// `{"error": {"code", "message"}}`; a 409 illegal_transition also carries the case's current
/// `state` at the top level, a 422 about a supplement item the offending `path`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<crate::case_state::CaseState>,
    /// The supplement item path a 422 `unknown_supplement_path` or
    /// `supplement_path_not_changeable` is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

impl ErrorBody {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            error: ErrorDetail {
                code,
                message: message.into(),
            },
            state: None,
            path: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callback_shapes_round_trip_and_rules_hold() {
        let json = r#"{"protocol":"portal.v1","event_id":"d-1","status":"supplement_requested",
                       "reason":"blurred","items":[{"path":"id_card","reason":"unreadable"}]}"#;
        let callback: StatusCallback = serde_json::from_str(json).expect("parses");
        assert_eq!(callback.status, CallbackStatus::SupplementRequested);
        assert!(callback.check().is_ok());
        let no_items = StatusCallback {
            items: vec![],
            ..callback.clone()
        };
        assert!(no_items.check().is_err());
        let denied = StatusCallback {
            status: CallbackStatus::Denied,
            denial_ground: None,
            ..callback
        };
        assert!(denied.check().is_err());
    }

    #[test]
    fn error_body_and_event_names_match_the_spec() {
        let mut body = ErrorBody::new(ErrorCode::IllegalTransition, "no");
        body.state = Some(crate::CaseState::Approved);
        let value = serde_json::to_value(&body).expect("serialises");
        assert_eq!(value["error"]["code"], "illegal_transition");
        assert_eq!(value["state"], "approved");
        assert_eq!(
            serde_json::to_value(EventName::Resubmitted).expect("serialises"),
            "case.resubmitted"
        );
        assert_eq!(
            EventName::parse("case.withdrawn"),
            Some(EventName::Withdrawn)
        );
    }
}
