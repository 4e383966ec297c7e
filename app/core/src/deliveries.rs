//! The delivery ledger and dead letters (case deliveries and vendor operations alike), read by
//! pages and changed by the operator (page or CLI). The dispatcher (server::routing) writes them.
use super::error::InternalError;
use chrono::{DateTime, Utc};
use portal_types::views::deliveries::{DeadLetter, DeadLetterId, DeliveryAttempt};
use sqlx::PgPool;
use uuid::Uuid;

/// Dead letters of both kinds not yet abandoned, oldest first: case deliveries and vendor
/// operations.
pub async fn dead_letters(pool: &PgPool) -> Result<Vec<DeadLetter>, InternalError> {
    let cases = sqlx::query!(
        r#"select o.id, o.case_id, c.case_number, o.department_code, o.event, o.attempts,
                  o.created_at as "created_at: DateTime<Utc>",
                  o.dead_at as "dead_at!: DateTime<Utc>", o.dead_reason
           from delivery_outbox o join cases c on c.id = o.case_id
           where o.dead_at is not null and o.abandoned_at is null and o.delivered_at is null
           order by o.dead_at, o.id"#
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| DeadLetter {
        id: DeadLetterId::Case(r.id),
        subject: r.case_number.unwrap_or_default(),
        subject_href: format!("/workbench/cases/{}", r.case_id),
        destination: r.department_code,
        event: r.event,
        attempts: r.attempts,
        created_at: r.created_at,
        dead_at: r.dead_at,
        reason: r.dead_reason.unwrap_or_default(),
    });
    let operations = sqlx::query!(
        r#"select o.id, o.subscription_id, o.operation, o.generation, o.attempts,
                  o.created_at as "created_at: DateTime<Utc>",
                  o.dead_at as "dead_at!: DateTime<Utc>", o.dead_reason,
                  v.name as vendor, e.name as enterprise
           from vendor_operations o
           join vendors v on v.id = o.vendor_id
           join subscriptions s on s.id = o.subscription_id
           join enterprises e on e.id = s.enterprise_id
           where o.dead_at is not null and o.abandoned_at is null and o.delivered_at is null
             -- A provision given up on failed the order (voucher released, business told):
             -- settled, nothing to retry; the business may ask for provisioning again.
             and not (o.operation = 'provision' and s.state <> 'awaiting_provisioning')
           order by o.dead_at, o.id"#
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| DeadLetter {
        id: DeadLetterId::Operation(r.id),
        subject: format!("{} #{}", r.enterprise, r.generation),
        subject_href: format!("/market/subscriptions/{}", r.subscription_id),
        destination: r.vendor,
        event: r.operation,
        attempts: r.attempts,
        created_at: r.created_at,
        dead_at: r.dead_at,
        reason: r.dead_reason.unwrap_or_default(),
    });
    let mut letters: Vec<DeadLetter> = cases.chain(operations).collect();
    letters.sort_by_key(|d| d.dead_at);
    Ok(letters)
}

/// Puts a dead letter back in its queue now, with a fresh maximum age. `Ok(false)`: no such
/// dead letter (already retried, abandoned or delivered).
pub async fn retry(
    pool: &PgPool,
    id: DeadLetterId,
    operator: Option<Uuid>,
) -> Result<bool, InternalError> {
    let mut tx = pool.begin().await?;
    let changed = match id {
        DeadLetterId::Case(id) => sqlx::query!(
            "update delivery_outbox
             set dead_at = null, dead_reason = null, available_at = now(), retried_at = now()
             where id = $1 and dead_at is not null and abandoned_at is null and delivered_at is null",
            id
        )
        .execute(&mut *tx)
        .await?
        .rows_affected(),
        DeadLetterId::Operation(id) => sqlx::query!(
            "update vendor_operations o
             set dead_at = null, dead_reason = null, available_at = now(), retried_at = now()
             where o.id = $1 and o.dead_at is not null and o.abandoned_at is null
               and o.delivered_at is null
               and not (o.operation = 'provision' and exists (
                   select 1 from subscriptions s
                   where s.id = o.subscription_id and s.state <> 'awaiting_provisioning'))",
            id
        )
        .execute(&mut *tx)
        .await?
        .rows_affected(),
    };
    if changed == 1 {
        // Both kinds wake the same dispatcher.
        sqlx::query("select pg_notify('delivery_outbox', '')")
            .execute(&mut *tx)
            .await?;
        let entry = crate::audit::Entry::operator(operator, crate::audit::actions::DELIVERY_RETRY)
            .with("dead_letter", serde_json::json!(id.to_string()));
        crate::audit::record(&mut tx, &entry).await?;
    }
    tx.commit().await?;
    Ok(changed == 1)
}

/// The operator gives a dead letter up for good (it stays dead, off the list).
pub async fn abandon(
    pool: &PgPool,
    id: DeadLetterId,
    operator: Option<Uuid>,
) -> Result<bool, InternalError> {
    let mut tx = pool.begin().await?;
    let changed = match id {
        DeadLetterId::Case(id) => sqlx::query!(
            "update delivery_outbox set abandoned_at = now()
             where id = $1 and dead_at is not null and abandoned_at is null and delivered_at is null",
            id
        )
        .execute(&mut *tx)
        .await?
        .rows_affected(),
        DeadLetterId::Operation(id) => sqlx::query!(
            "update vendor_operations set abandoned_at = now()
             where id = $1 and dead_at is not null and abandoned_at is null and delivered_at is null",
            id
        )
        .execute(&mut *tx)
        .await?
        .rows_affected(),
    };
    if changed == 1 {
        let entry =
            crate::audit::Entry::operator(operator, crate::audit::actions::DELIVERY_ABANDON)
                .with("dead_letter", serde_json::json!(id.to_string()));
        crate::audit::record(&mut tx, &entry).await?;
    }
    tx.commit().await?;
    Ok(changed == 1)
}

/// Every attempt for a case, oldest first (staff see them on the workbench).
pub async fn attempts_of_case(
    pool: &PgPool,
    case_id: Uuid,
) -> Result<Vec<DeliveryAttempt>, InternalError> {
    type Row = (
        DateTime<Utc>,
        String,
        String,
        Option<String>,
        Option<i32>,
        i32,
        Option<String>,
        String,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "select a.attempted_at, o.event, a.backend_kind, a.url, a.status_code, a.latency_ms,
                a.error, a.outcome
         from delivery_attempts a join delivery_outbox o on o.id = a.outbox_id
         where a.case_id = $1 order by a.attempted_at, a.id",
    )
    .bind(case_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(attempted_at, event, backend_kind, url, status_code, latency_ms, error, outcome)| {
                DeliveryAttempt {
                    attempted_at,
                    event,
                    backend_kind,
                    url,
                    status_code,
                    latency_ms,
                    error,
                    outcome,
                }
            },
        )
        .collect())
}

/// When the case itself (its submission) reached the department's system; `None` until then
/// and for departments on the workbench (the clerks' queue is the portal itself).
pub async fn delivered_to_department_at(
    pool: &PgPool,
    case_id: Uuid,
) -> Result<Option<DateTime<Utc>>, InternalError> {
    Ok(sqlx::query_scalar(
        "select min(a.attempted_at) from delivery_attempts a
         join delivery_outbox o on o.id = a.outbox_id
         where a.case_id = $1 and a.outcome = 'delivered' and a.backend_kind = 'http'
           and o.event = 'case.submitted'",
    )
    .bind(case_id)
    .fetch_one(pool)
    .await?)
}

/// The department system's own reference for the case: from its answer to the latest delivery
/// that named one (usually the submission's).
pub async fn department_reference(
    pool: &PgPool,
    case_id: Uuid,
) -> Result<Option<String>, InternalError> {
    Ok(sqlx::query_scalar!(
        "select reference from delivery_outbox
         where case_id = $1 and reference is not null and reference <> ''
         order by id desc limit 1",
        case_id,
    )
    .fetch_optional(pool)
    .await?
    .flatten())
}
