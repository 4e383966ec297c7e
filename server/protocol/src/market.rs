//! The portal ⇄ vendor system protocol, `market.v1`: the marketplace's operations go out like
//! cases do (signed, idempotent, retried by the same routing layer), outcomes come back as
//! signed callbacks. Requests in both directions carry the signing headers of [`crate::signing`];
//! their party header (`x-portal-department`) holds the vendor's id.
//!
//! - `POST {base_url}/operations` — [`OperationRequest`], `Idempotency-Key` = `operation_id`.
//!   The vendor answers 202 [`OperationAnswer`] (accepted) or 409/422 [`ProtocolRefusal`]; a
//!   repeated operation id gets the first answer again.
//! - `GET {base_url}/subscriptions/{subscription_id}` — the vendor's view, [`VendorView`].
//! - `POST /api/market/v1/operations/{operation_id}/outcome` (on the portal) — [`OutcomeReport`].
//! - `POST /api/market/v1/usage` (on the portal) — [`UsageBatch`], answered per record.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The value of every body's `protocol` field.
pub const MARKET_PROTOCOL: &str = "market.v1";
/// Longest free text (messages, reasons) a report may carry, in characters.
pub const MAX_REPORT_TEXT: usize = 500;

/// What the vendor's system must do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OperationType {
    Provision,
    ChangePlan,
    ChangeQuantity,
    Suspend,
    Reinstate,
    Cancel,
    Renew,
}

impl OperationType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Provision => "provision",
            Self::ChangePlan => "change_plan",
            Self::ChangeQuantity => "change_quantity",
            Self::Suspend => "suspend",
            Self::Reinstate => "reinstate",
            Self::Cancel => "cancel",
            Self::Renew => "renew",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            Self::Provision,
            Self::ChangePlan,
            Self::ChangeQuantity,
            Self::Suspend,
            Self::Reinstate,
            Self::Cancel,
            Self::Renew,
        ]
        .into_iter()
        .find(|t| t.as_str() == value)
    }
}

/// Body of `POST {base_url}/operations`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OperationRequest {
    /// Always `market.v1`.
    pub protocol: String,
    /// Equal to the `Idempotency-Key` header; the same on every retry of this operation.
    pub operation_id: Uuid,
    #[serde(rename = "type")]
    pub operation_type: OperationType,
    pub subscription_id: Uuid,
    /// Rises with every change of the subscription; a vendor ignores anything older than what
    /// it has applied.
    pub generation: i32,
    /// The whole state the subscription must have after this operation.
    pub desired: DesiredState,
    pub enterprise: EnterpriseRef,
    pub price: PriceBreakdown,
    /// When the vendor must have reported the outcome (the listing's declared provisioning time).
    pub deadline: DateTime<Utc>,
    /// Where to report the outcome (`POST`, signed).
    pub callback_url: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DesiredState {
    /// The listing's stable slug.
    pub product: String,
    pub plan: String,
    /// Seats.
    pub quantity: i32,
    /// `month` or `year`.
    pub term: String,
    /// `active` (running) or `suspended` or `cancelled`.
    pub status: String,
}

/// Who the subscription is for: no personal data beyond the named contact agent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnterpriseRef {
    pub name: String,
    /// Unified social credit code.
    pub credit_code: String,
    /// The agent who ordered, by display name.
    pub contact_name: String,
}

/// One term's price in fen: `list = vendor_discount + subsidy + sme`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriceBreakdown {
    pub list_fen: i64,
    pub vendor_discount_fen: i64,
    pub subsidy_fen: i64,
    pub sme_fen: i64,
}

/// The vendor's 202 answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OperationAnswer {
    /// Always `accepted`.
    pub status: String,
    pub operation_id: Uuid,
}

/// Any 4xx answer in `market.v1`, in both directions: a stable machine-readable `code`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProtocolRefusal {
    pub code: String,
    pub message: String,
}

/// How far the vendor is with an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OutcomeStatus {
    /// Any number of times, before the outcome: the SME sees the message.
    InProgress,
    Succeeded,
    Failed,
}

impl OutcomeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InProgress => "in_progress",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
        }
    }
}

/// Body of `POST /api/market/v1/operations/{operation_id}/outcome`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutcomeReport {
    /// Always `market.v1`.
    pub protocol: String,
    /// The vendor's id for this report (1–100 characters): a repeat gets the first answer.
    pub report_id: String,
    /// The operation's generation, as sent.
    pub generation: i32,
    pub status: OutcomeStatus,
    /// For `in_progress`: what the SME is told (at most 500 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// For `in_progress`: when the vendor expects to finish.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_at: Option<DateTime<Utc>>,
    /// For `succeeded` of a provision: how to reach the tool (never a password).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<Access>,
    /// For `failed`: why (at most 500 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Access {
    /// The tool's address for this tenant (https, or http on loopback).
    pub url: String,
    pub tenant_id: String,
}

/// The portal's 200 answer to a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportAnswer {
    /// Always `recorded`.
    pub status: String,
    /// The subscription's state after the report.
    pub subscription_state: String,
}

/// The vendor's view of a subscription: `GET {base_url}/subscriptions/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VendorView {
    pub subscription_id: Uuid,
    /// The highest generation the vendor has applied.
    pub generation: i32,
    pub plan: String,
    pub quantity: i32,
    /// `provisioning`, `active`, `suspended`, `cancelled` or `failed`.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
}

/// At most this many records per usage batch.
pub const MAX_USAGE_RECORDS: usize = 100;

/// Body of `POST /api/market/v1/usage`: metered usage, each record judged on its own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsageBatch {
    /// Always `market.v1`.
    pub protocol: String,
    /// 1 to 100 records.
    pub records: Vec<UsageRecord>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsageRecord {
    /// The vendor's id for this record (1–100 characters): a repeat is counted once.
    pub record_id: String,
    pub subscription_id: Uuid,
    /// A metered dimension of the subscription's plan (its `code`).
    pub dimension: String,
    /// In the dimension's unit, at least 1.
    pub quantity: i64,
    /// When the usage happened: at most 72 hours ago, not in the future.
    pub used_at: DateTime<Utc>,
}

/// What became of one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UsageResult {
    Accepted,
    /// The record id was accepted before: counted once.
    Duplicate,
    /// Not this vendor's subscription, or it is not running.
    NotEntitled,
    UnknownDimension,
    /// More than 72 hours late, or in the future.
    OutOfWindow,
    /// Quantity below 1, or a record id of the wrong length.
    Invalid,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordResult {
    pub record_id: String,
    pub result: UsageResult,
}

/// The portal's 200 answer to a batch: one result per record, in the batch's order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsageAnswer {
    pub results: Vec<RecordResult>,
}

/// Machine-readable refusal codes of `market.v1`.
pub mod codes {
    pub const BAD_SIGNATURE: &str = "bad_signature";
    pub const STALE_TIMESTAMP: &str = "stale_timestamp";
    pub const REPLAYED_NONCE: &str = "replayed_nonce";
    pub const MISSING_SIGNATURE: &str = "missing_signature";
    pub const UNKNOWN_VENDOR: &str = "unknown_vendor";
    pub const UNKNOWN_OPERATION: &str = "unknown_operation";
    pub const UNKNOWN_SUBSCRIPTION: &str = "unknown_subscription";
    pub const INVALID_BODY: &str = "invalid_body";
    pub const WRONG_PROTOCOL: &str = "wrong_protocol";
    pub const STALE_GENERATION: &str = "stale_generation";
    pub const ILLEGAL_TRANSITION: &str = "illegal_transition";
    pub const OUTCOME_ALREADY_REPORTED: &str = "outcome_already_reported";
    pub const REPORT_ID_REUSED: &str = "report_id_reused";
    pub const UNKNOWN_PLAN: &str = "unknown_plan";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_types_round_trip_by_name_and_in_json() {
        for name in [
            "provision",
            "change_plan",
            "change_quantity",
            "suspend",
            "reinstate",
            "cancel",
            "renew",
        ] {
            let t = OperationType::parse(name).unwrap_or_else(|| panic!("{name}"));
            assert_eq!(t.as_str(), name);
            assert_eq!(serde_json::to_value(t).ok(), Some(serde_json::json!(name)));
        }
        assert_eq!(OperationType::parse("delete"), None);
    }

    #[test]
    fn a_report_without_optional_fields_parses() {
        let report: OutcomeReport = serde_json::from_value(serde_json::json!({
            "protocol": "market.v1", "report_id": "r1", "generation": 2, "status": "failed",
            "reason": "no capacity"
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(report.status, OutcomeStatus::Failed);
        assert_eq!(report.access, None);
    }
}
