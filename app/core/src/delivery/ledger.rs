//! The delivery ledger: one `delivery_attempts` row per attempt (a case delivery or a vendor
//! operation), written in the transaction that records the attempt's outcome on the outbox row
//! (a crash loses both, never one).
use sqlx::PgConnection;
use uuid::Uuid;

/// Stored errors are cut to this many characters.
pub const MAX_ERROR_CHARS: usize = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    Retry,
    Dead,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Delivered => "delivered",
            Self::Retry => "retry",
            Self::Dead => "dead",
        }
    }
}

/// One attempt, as recorded.
#[derive(Clone, Debug)]
pub struct Attempt<'a> {
    pub outbox_id: i64,
    pub case_id: Uuid,
    pub department_code: &'a str,
    /// `workbench` or `http`.
    pub backend_kind: &'a str,
    pub url: Option<&'a str>,
    pub status_code: Option<u16>,
    pub latency_ms: u128,
    pub error: Option<&'a str>,
    pub outcome: Outcome,
}

pub async fn record(conn: &mut PgConnection, attempt: &Attempt<'_>) -> Result<(), sqlx::Error> {
    let error: Option<String> = attempt
        .error
        .map(|e| e.chars().take(MAX_ERROR_CHARS).collect());
    sqlx::query!(
        "insert into delivery_attempts
            (outbox_id, case_id, department_code, backend_kind, url, status_code, latency_ms,
             error, outcome)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        attempt.outbox_id,
        attempt.case_id,
        attempt.department_code,
        attempt.backend_kind,
        attempt.url,
        attempt.status_code.map(i32::from),
        i32::try_from(attempt.latency_ms).unwrap_or(i32::MAX),
        error,
        attempt.outcome.as_str(),
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// One attempt to send a vendor operation, in the same ledger as case deliveries.
#[derive(Clone, Debug)]
pub struct OperationAttempt<'a> {
    pub operation_id: Uuid,
    pub vendor_id: Uuid,
    pub url: &'a str,
    pub status_code: Option<u16>,
    pub latency_ms: u128,
    pub error: Option<&'a str>,
    pub outcome: Outcome,
}

pub async fn record_operation(
    conn: &mut PgConnection,
    attempt: &OperationAttempt<'_>,
) -> Result<(), sqlx::Error> {
    let error: Option<String> = attempt
        .error
        .map(|e| e.chars().take(MAX_ERROR_CHARS).collect());
    sqlx::query!(
        "insert into delivery_attempts
            (operation_id, vendor_id, backend_kind, url, status_code, latency_ms, error, outcome)
         values ($1, $2, 'vendor', $3, $4, $5, $6, $7)",
        attempt.operation_id,
        attempt.vendor_id,
        attempt.url,
        attempt.status_code.map(i32::from),
        i32::try_from(attempt.latency_ms).unwrap_or(i32::MAX),
        error,
        attempt.outcome.as_str(),
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}
