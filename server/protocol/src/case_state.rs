//! The case states a department system sees, by name.
use serde::{Deserialize, Serialize};

/// Where a case is, as the portal reports it (`StatusResponse.state`, `CaseSnapshot.state`,
/// an `illegal_transition`'s `state`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CaseState {
    /// Submitted, waiting for intake (受理).
    Submitted,
    /// Accepted at intake; the legal clock runs from the next working day.
    Accepted,
    /// Refused at intake (不予受理). Final.
    RefusedAtIntake,
    InReview,
    /// Waiting for the applicant; the clock is paused (not for a request made at intake).
    SupplementRequested,
    /// The applicant answered a supplement request made during review.
    Resubmitted,
    /// Final; the e-certificate, where the service issues one, is in the holder's wallet.
    Approved,
    /// Final (不予许可), on one of the service's legal grounds.
    Denied,
    /// The applicant withdrew the case. Final.
    Withdrawn,
}

impl CaseState {
    pub const ALL: [CaseState; 9] = [
        Self::Submitted,
        Self::Accepted,
        Self::RefusedAtIntake,
        Self::InReview,
        Self::SupplementRequested,
        Self::Resubmitted,
        Self::Approved,
        Self::Denied,
        Self::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::Accepted => "accepted",
            Self::RefusedAtIntake => "refused_at_intake",
            Self::InReview => "in_review",
            Self::SupplementRequested => "supplement_requested",
            Self::Resubmitted => "resubmitted",
            Self::Approved => "approved",
            Self::Denied => "denied",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.as_str() == value)
    }
}
