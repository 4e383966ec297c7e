//! The durable outbox of outcome reports: queued in the same transaction as the change they
//! report, delivered one at a time per subscription, in order, retried until the portal answers.
use portal_protocol::market::OutcomeReport;
use serde_json::Value;
use sqlx::{PgPool, Postgres, Transaction};
use std::time::Duration;
use uuid::Uuid;

/// Where a report goes and for what.
pub struct Destination<'a> {
    pub vendor_id: Uuid,
    pub operation_id: Uuid,
    pub subscription_id: Uuid,
    pub url: &'a str,
}

/// Queues a report (once per report id: a rerun after a crash adds nothing).
pub async fn enqueue(
    tx: &mut Transaction<'_, Postgres>,
    to: &Destination<'_>,
    report: &OutcomeReport,
) -> sqlx::Result<()> {
    let body = serde_json::to_value(report).map_err(|e| sqlx::Error::Encode(e.into()))?;
    sqlx::query(
        "insert into refvendor.outbox
           (report_id, vendor_id, operation_id, subscription_id, url, status, body)
         values ($1, $2, $3, $4, $5, $6, $7) on conflict (report_id) do nothing",
    )
    .bind(&report.report_id)
    .bind(to.vendor_id)
    .bind(to.operation_id)
    .bind(to.subscription_id)
    .bind(to.url)
    .bind(report.status.as_str())
    .bind(body)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DueReport {
    pub report_id: String,
    pub vendor_id: Uuid,
    pub url: String,
    pub body: Value,
    pub attempts: i32,
}

/// Leases due reports: only the oldest pending one of each subscription, so they arrive in order.
pub async fn claim(pool: &PgPool, lease: Duration) -> sqlx::Result<Vec<DueReport>> {
    sqlx::query_as(
        "update refvendor.outbox set attempts = attempts + 1,
           next_attempt_at = now() + make_interval(secs => $1)
         where report_id in (
           select report_id from refvendor.outbox o1
           where state = 'pending' and next_attempt_at <= now() and not exists (
             select 1 from refvendor.outbox o2
             where o2.subscription_id = o1.subscription_id and o2.state = 'pending'
               and o2.seq < o1.seq)
           order by seq limit 16 for update skip locked)
         returning report_id, vendor_id, url, body, attempts",
    )
    .bind(lease.as_secs_f64())
    .fetch_all(pool)
    .await
}

pub async fn delivered(pool: &PgPool, report_id: &str, status: u16) -> sqlx::Result<()> {
    sqlx::query(
        "update refvendor.outbox set state = 'delivered', last_status = $2, last_error = null,
           delivered_at = now() where report_id = $1 and state = 'pending'",
    )
    .bind(report_id)
    .bind(i32::from(status))
    .execute(pool)
    .await?;
    Ok(())
}

/// `retry_after: None` marks the report dead (the portal refused it for good).
pub async fn failed(
    pool: &PgPool,
    report_id: &str,
    status: Option<u16>,
    error: &str,
    retry_after: Option<Duration>,
) -> sqlx::Result<()> {
    sqlx::query(
        "update refvendor.outbox set last_status = $2, last_error = $3,
           state = case when $4::float8 is null then 'dead' else 'pending' end,
           next_attempt_at = now() + make_interval(secs => coalesce($4, 0))
         where report_id = $1 and state = 'pending'",
    )
    .bind(report_id)
    .bind(status.map(i32::from))
    .bind(error)
    .bind(retry_after.map(|d| d.as_secs_f64()))
    .execute(pool)
    .await?;
    Ok(())
}
