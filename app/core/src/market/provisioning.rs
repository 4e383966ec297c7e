//! What vendors' systems tell the portal about the operations sent to them (protocol
//! `market.v1`): progress, success, failure; and what happens when a vendor refuses one outright
//! or lets its deadline pass. Each report is an append-only `operation_reports` row written in
//! the transaction of the subscription move it causes.
use super::subscriptions::{move_in, notify, MoveBy};
use super::MarketError;
use crate::notifications::{self, CaseNotice};
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// How far the vendor is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportStatus {
    InProgress,
    Succeeded,
    Failed,
}

impl ReportStatus {
    fn as_str(self) -> &'static str {
        match self {
            Self::InProgress => "in_progress",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
        }
    }
}

/// One report, already authenticated as `vendor_id`'s and checked for shape.
pub struct Report<'a> {
    pub vendor_id: Uuid,
    pub operation_id: Uuid,
    pub report_id: &'a str,
    pub generation: i32,
    pub status: ReportStatus,
    pub message: Option<&'a str>,
    pub expected_at: Option<DateTime<Utc>>,
    /// The tool's URL and the vendor's tenant id, on success.
    pub access: Option<(&'a str, &'a str)>,
    pub reason: Option<&'a str>,
    /// Of the request body: a repeated report id must carry the same report.
    pub request_sha256: &'a str,
}

/// Why a report changed nothing (each a machine-readable code of the protocol).
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// No such operation of this vendor (another vendor's is not theirs to report on).
    #[error("unknown_operation")]
    UnknownOperation,
    #[error("stale_generation")]
    StaleGeneration,
    #[error("outcome_already_reported")]
    AlreadyReported,
    #[error("report_id_reused")]
    ReportIdReused,
    /// The subscription cannot make the move (e.g. cancelled meanwhile).
    #[error("illegal_transition")]
    Illegal,
    #[error(transparent)]
    Internal(#[from] sqlx::Error),
}

impl From<MarketError> for ReportError {
    fn from(error: MarketError) -> Self {
        match error {
            MarketError::NotFound => Self::UnknownOperation,
            MarketError::Refused(_) | MarketError::Invalid(_) => Self::Illegal,
            MarketError::Internal(inner) => {
                Self::Internal(sqlx::Error::Protocol(format!("{inner:#}")))
            }
        }
    }
}

/// Records the report and what it causes; the answer (the subscription's state) is stored with
/// it, so a repeat of the same report id gets it again.
pub async fn record_report(
    pool: &PgPool,
    report: &Report<'_>,
) -> Result<serde_json::Value, ReportError> {
    let mut tx = pool.begin().await?;
    // Serialises concurrent repeats of one report: the second finds the first's row.
    sqlx::query("select pg_advisory_xact_lock(hashtextextended($1 || '/' || $2, 0))")
        .bind(report.vendor_id.to_string())
        .bind(report.report_id)
        .execute(&mut *tx)
        .await?;
    let earlier = sqlx::query!(
        "select request_sha256, answer from operation_reports
         where vendor_id = $1 and report_id = $2",
        report.vendor_id,
        report.report_id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(earlier) = earlier {
        return if earlier.request_sha256 == report.request_sha256 {
            Ok(earlier.answer)
        } else {
            Err(ReportError::ReportIdReused)
        };
    }
    let op = sqlx::query!(
        "select subscription_id, operation, generation, outcome from vendor_operations
         where id = $1 and vendor_id = $2 for no key update",
        report.operation_id,
        report.vendor_id,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ReportError::UnknownOperation)?;
    if op.generation != report.generation {
        return Err(ReportError::StaleGeneration);
    }
    if op.outcome.is_some() {
        return Err(ReportError::AlreadyReported);
    }
    let by = MoveBy::VendorSystem(report.vendor_id);
    let provision = op.operation == "provision";
    match report.status {
        ReportStatus::InProgress => {
            sqlx::query!(
                "update vendor_operations set progress_message = $2, expected_at = $3
                 where id = $1",
                report.operation_id,
                report.message,
                report.expected_at as _,
            )
            .execute(&mut *tx)
            .await?;
        }
        ReportStatus::Succeeded => {
            if provision {
                move_in(&mut tx, by, op.subscription_id, "provisioned", None, None).await?;
                let (url, tenant) = report.access.unzip();
                sqlx::query!(
                    "update subscriptions set access_url = $2, tenant_id = $3 where id = $1",
                    op.subscription_id,
                    url,
                    tenant,
                )
                .execute(&mut *tx)
                .await?;
                tell_orderer(&mut tx, op.subscription_id, "market-provisioned", "").await?;
            }
        }
        ReportStatus::Failed => {
            let reason = report.reason.unwrap_or_default();
            if provision {
                move_in(
                    &mut tx,
                    by,
                    op.subscription_id,
                    "provisioning_failed",
                    Some(reason),
                    None,
                )
                .await?;
                tell_orderer(
                    &mut tx,
                    op.subscription_id,
                    "market-provisioning-failed",
                    reason,
                )
                .await?;
            } else {
                // The portal already shows the change: the operator must sort it out.
                tell_operators(
                    &mut tx,
                    op.subscription_id,
                    "market-operation-failed",
                    reason,
                )
                .await?;
            }
        }
    }
    if report.status != ReportStatus::InProgress {
        sqlx::query!(
            "update vendor_operations set outcome = $2, outcome_at = now() where id = $1",
            report.operation_id,
            report.status.as_str(),
        )
        .execute(&mut *tx)
        .await?;
    }
    let state = sqlx::query_scalar!(
        "select state from subscriptions where id = $1",
        op.subscription_id
    )
    .fetch_one(&mut *tx)
    .await?;
    let answer = serde_json::json!({"status": "recorded", "subscription_state": state});
    let access = report
        .access
        .map(|(url, tenant)| serde_json::json!({"url": url, "tenant_id": tenant}));
    sqlx::query!(
        "insert into operation_reports (vendor_id, report_id, operation_id, status, message,
                                        expected_at, reason, access, request_sha256, answer)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        report.vendor_id,
        report.report_id,
        report.operation_id,
        report.status.as_str(),
        report.message,
        report.expected_at as _,
        report.reason,
        access,
        report.request_sha256,
        answer,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(answer)
}

/// The vendor's system refused an operation for good (a 4xx answer, or it could never be
/// sent): a provision then fails like a reported failure (the voucher is released, nothing is
/// charged); any other operation is for the operator. In the dispatcher's transaction.
pub async fn refused_at_delivery(
    conn: &mut PgConnection,
    operation_id: Uuid,
    reason: &str,
) -> Result<(), sqlx::Error> {
    let Some(op) = sqlx::query!(
        "select subscription_id, vendor_id, operation from vendor_operations where id = $1",
        operation_id
    )
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(());
    };
    if op.operation == "provision" {
        let by = MoveBy::VendorSystem(op.vendor_id);
        match move_in(
            &mut *conn,
            by,
            op.subscription_id,
            "provisioning_failed",
            Some(reason),
            None,
        )
        .await
        {
            Ok(_) => {
                tell_orderer(
                    conn,
                    op.subscription_id,
                    "market-provisioning-failed",
                    reason,
                )
                .await?;
            }
            // Moved on meanwhile (withdrawn, say): nothing to undo.
            Err(MarketError::Refused(_) | MarketError::NotFound | MarketError::Invalid(_)) => {}
            Err(MarketError::Internal(inner)) => {
                return Err(sqlx::Error::Protocol(format!("{inner:#}")));
            }
        }
    }
    tell_operators(conn, op.subscription_id, "market-operation-dead", reason).await
}

/// Marks operations past their deadline without an outcome overdue and tells the operators
/// once; returns how many. Run by the housekeeping loop.
pub async fn mark_overdue(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let overdue = sqlx::query!(
        "update vendor_operations set overdue_at = now()
         where outcome is null and dead_at is null and overdue_at is null and deadline_at < now()
         returning subscription_id, operation"
    )
    .fetch_all(&mut *tx)
    .await?;
    for op in &overdue {
        tell_operators(
            &mut tx,
            op.subscription_id,
            "market-operation-overdue",
            &op.operation,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(overdue.len() as u64)
}

async fn notice(
    conn: &mut PgConnection,
    subscription_id: Uuid,
    reason: &str,
    path: String,
) -> Result<(Uuid, CaseNotice), sqlx::Error> {
    let row = sqlx::query!(
        "select s.ordered_by, v.name_zh, v.name_en from subscriptions s
         join listing_versions v on v.listing_id = s.listing_id and v.version = s.listing_version
         where s.id = $1",
        subscription_id
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok((
        row.ordered_by,
        CaseNotice {
            case_number: String::new(),
            service_zh: row.name_zh,
            service_en: row.name_en,
            reason: reason.chars().take(200).collect(),
            case_path: path,
        },
    ))
}

async fn tell_orderer(
    conn: &mut PgConnection,
    subscription_id: Uuid,
    template: &str,
    reason: &str,
) -> Result<(), sqlx::Error> {
    let path = format!("/market/subscriptions/{subscription_id}");
    let (orderer, notice) = notice(conn, subscription_id, reason, path).await?;
    notify(conn, orderer, subscription_id, template, &notice).await
}

async fn tell_operators(
    conn: &mut PgConnection,
    subscription_id: Uuid,
    template: &str,
    reason: &str,
) -> Result<(), sqlx::Error> {
    let path = "/admin/market".to_string();
    let (_, notice) = notice(conn, subscription_id, reason, path).await?;
    notifications::notify_operators(conn, template, &notice).await
}
