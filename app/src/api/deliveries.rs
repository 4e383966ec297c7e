//! Deliveries to department systems as the operator (dead letters) and staff (the ledger of a
//! case) see them.
#[cfg(feature = "ssr")]
use super::internal;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
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
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
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

/// The dead letters awaiting the operator, for the platform operator only.
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "admin/deliveries")]
pub async fn load_dead_letters() -> Result<Option<Vec<DeadLetter>>, ServerFnError> {
    let state = crate::core::state::AppState::from_context()?;
    let Some(_) = crate::page_context::current()
        .user
        .filter(|u| u.role == crate::domain::roles::Role::Operator)
    else {
        return Ok(None);
    };
    crate::core::deliveries::dead_letters(&state.pool)
        .await
        .map(Some)
        .map_err(internal)
}
