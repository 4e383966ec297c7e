//! Recovering lost deliveries: whether a department's system acknowledged a case, a department
//! asking for one of its cases again, and what applicants and operators are told when a
//! delivery is given up on.
use crate::notifications::{self, CaseNotice};
use sqlx::PgConnection;
use uuid::Uuid;

/// The notification template operators get when a delivery is dead-lettered.
pub const DEAD_LETTER_TEMPLATE: &str = "delivery-dead-lettered";

/// A case as a department may read it back: its owner, state and version.
pub struct CaseHead {
    pub department_code: String,
    pub state: String,
    pub version: i32,
}

/// The case's department, state and version; `None` for an unknown case or a draft (a draft was
/// never anybody's but the applicant's).
pub async fn case_head(
    conn: &mut PgConnection,
    case_id: Uuid,
) -> Result<Option<CaseHead>, sqlx::Error> {
    sqlx::query_as!(
        CaseHead,
        "select department_code, state, version from cases where id = $1 and state <> 'draft'",
        case_id,
    )
    .fetch_optional(&mut *conn)
    .await
}

/// Whether the department's system acknowledged the case's submission (any delivery of it,
/// first or again). Waits for a delivery being sent right now (its row is locked until the
/// dispatcher records the answer), so a callback sent straight after the acknowledgement is
/// not refused.
pub async fn acknowledged(conn: &mut PgConnection, case_id: Uuid) -> Result<bool, sqlx::Error> {
    let rows = sqlx::query_scalar!(
        r#"select delivered_at is not null as "delivered!" from delivery_outbox
           where case_id = $1 and event = 'case.submitted'
           for share"#,
        case_id,
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().any(|delivered| delivered))
}

/// A delivery of the case's submission asked for again.
pub struct Redelivery {
    /// The delivery's id (its `Idempotency-Key`).
    pub delivery_id: Uuid,
    /// `false` when one was already waiting to be sent: that one is the answer.
    pub queued: bool,
}

/// Queues the case's submission for delivery again (as the case is now, under a new delivery
/// id), recording who asked and why; earlier given-up deliveries of the case are settled by it.
/// `None` when the case was never to be delivered (a bundle's umbrella case).
pub async fn redeliver(
    conn: &mut PgConnection,
    case_id: Uuid,
    department_code: &str,
    reason: &str,
) -> Result<Option<Redelivery>, sqlx::Error> {
    // One request at a time per case, so two cannot both queue a row.
    sqlx::query!("select id from cases where id = $1 for update", case_id)
        .fetch_optional(&mut *conn)
        .await?;
    let waiting = sqlx::query_scalar!(
        "select delivery_id from delivery_outbox
         where case_id = $1 and event = 'case.submitted'
           and delivered_at is null and dead_at is null
         order by id desc limit 1",
        case_id,
    )
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(delivery_id) = waiting {
        return Ok(Some(Redelivery {
            delivery_id,
            queued: false,
        }));
    }
    let Some(submission) = sqlx::query_scalar!(
        "select case_event_id from delivery_outbox
         where case_id = $1 and event = 'case.submitted' order by id limit 1",
        case_id,
    )
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let row = sqlx::query!(
        "insert into delivery_outbox (case_id, case_event_id, department_code, event)
         values ($1, $2, $3, 'case.submitted') returning id, delivery_id",
        case_id,
        submission,
        department_code,
    )
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query!(
        "insert into redelivery_requests (case_id, department_code, outbox_id, reason)
         values ($1, $2, $3, $4)",
        case_id,
        department_code,
        row.id,
        reason,
    )
    .execute(&mut *conn)
    .await?;
    // The department asked for the case itself: the operator has nothing left to retry.
    sqlx::query!(
        "update delivery_outbox set abandoned_at = now()
         where case_id = $1 and event = 'case.submitted' and dead_at is not null
           and delivered_at is null and abandoned_at is null",
        case_id,
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!("select pg_notify('delivery_outbox', '')")
        .execute(&mut *conn)
        .await?;
    Ok(Some(Redelivery {
        delivery_id: row.delivery_id,
        queued: true,
    }))
}

/// Whether the case's submission was given up on without ever reaching the department's
/// system (and no delivery of it is still on its way): the applicant is told.
pub async fn undelivered<'e>(
    executor: impl sqlx::PgExecutor<'e>,
    case_id: Uuid,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query_scalar!(
        r#"select bool_or(dead_at is not null) and not bool_or(delivered_at is not null)
                  and not bool_or(delivered_at is null and dead_at is null) as "undelivered?"
           from delivery_outbox where case_id = $1 and event = 'case.submitted'"#,
        case_id,
    )
    .fetch_one(executor)
    .await?
    .unwrap_or(false))
}

/// Tells every operator that a case's delivery was given up on (in the dead-lettering's
/// transaction).
pub async fn alert_dead_letter(
    conn: &mut PgConnection,
    case_id: Uuid,
    reason: &str,
) -> Result<(), sqlx::Error> {
    let Some(case) = sqlx::query!(
        "select c.case_number, s.name_zh, s.name_en from cases c
         join services s on s.code = c.service_code where c.id = $1",
        case_id,
    )
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(());
    };
    let notice = CaseNotice {
        case_number: case.case_number.unwrap_or_default(),
        service_zh: case.name_zh,
        service_en: case.name_en,
        reason: reason.chars().take(200).collect(),
        case_path: "/admin/deliveries".into(),
    };
    notifications::notify_operators(conn, DEAD_LETTER_TEMPLATE, &notice).await
}
