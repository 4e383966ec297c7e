//! What a department system uses to recover: reading a case of its own back (as the portal
//! would deliver it, with attachment URLs signed afresh) and asking for it to be delivered again.
use crate::case_state::CaseState;
use crate::messages::CasePayload;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// 200 answer to a signed `GET {portal}/api/v1/cases/{case_id}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseSnapshot {
    /// Always `portal.v1`.
    pub protocol: String,
    /// The case as `POST /cases` carries it, read now: the current answers and files, each
    /// attachment with a fresh URL (this is how an expired URL is re-issued).
    pub case: CasePayload,
    pub state: CaseState,
    /// Rises with every change of the case; a callback's answer carries the version it made.
    pub version: i32,
    /// Whether the portal holds your system's 2xx answer to a delivery of this case. Until it
    /// does, status callbacks for the case are refused with 409 `case_not_delivered`.
    pub acknowledged: bool,
    /// Your own reference for the case, from your answer to a delivery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// Body of a signed `POST {portal}/api/v1/cases/{case_id}/redeliver` (may be empty: `{}`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RedeliveryRequest {
    /// Why the case is asked for again (kept in the portal's records), at most 500 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// 202 answer to a redelivery request: the case is queued for `POST /cases` again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RedeliveryAccepted {
    pub case_id: Uuid,
    /// The coming delivery's `Idempotency-Key` and `event_id` (a new one: your system treats it
    /// as a new delivery of the whole case, as it is now).
    pub delivery_id: Uuid,
    /// `false` when a delivery of the case was already waiting to be sent: that one is meant.
    pub queued: bool,
}
