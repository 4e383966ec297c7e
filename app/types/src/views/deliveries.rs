//! Deliveries to department systems as the operator (dead letters) and staff (the ledger of a
//! case) see them.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A delivery given up on: the operator retries or abandons it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadLetter {
    pub id: i64,
    pub case_id: Uuid,
    pub case_number: String,
    pub department_code: String,
    pub event: String,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
    pub dead_at: DateTime<Utc>,
    pub reason: String,
}
/// One row of the delivery ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryAttempt {
    pub attempted_at: DateTime<Utc>,
    pub event: String,
    pub backend_kind: String,
    pub url: Option<String>,
    pub status_code: Option<i32>,
    pub latency_ms: i32,
    pub error: Option<String>,
    /// `delivered`, `retry` or `dead`.
    pub outcome: String,
}
impl DeliveryAttempt {
    /// Translation key of the outcome.
    pub fn outcome_key(&self) -> &'static str {
        match self.outcome.as_str() {
            "delivered" => "delivery-outcome-delivered",
            "dead" => "delivery-outcome-dead",
            _ => "delivery-outcome-retry",
        }
    }
}
