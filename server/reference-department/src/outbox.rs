//! Case progress and the callback outbox: a step changes the case and queues its callback in one
//! transaction; delivery reads the outbox, one callback at a time per case, in order.
use portal_protocol::StatusCallback;
use serde_json::Value;
use sqlx::PgPool;
use std::time::Duration;
use uuid::Uuid;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DueCase {
    pub case_id: Uuid,
    pub reference: String,
    pub department: String,
    pub service_code: String,
    pub state: String,
    pub supplements: i32,
    pub steps: i32,
    pub payload: Value,
}

/// What the processor decided for a due case.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub state: &'static str,
    /// The callback to queue (its event_id already set, stable).
    pub callback: Option<StatusCallback>,
    /// When the case is due again; `None` waits for an event from the portal (or forever).
    pub next_after_secs: Option<u64>,
    /// This step requests a supplement (counted so the next review approves).
    pub supplement: bool,
}

/// Advances the due cases whose attachments are settled; returns how many moved.
pub async fn advance_due(
    pool: &PgPool,
    decide: impl Fn(&DueCase) -> Option<Step>,
) -> sqlx::Result<usize> {
    let mut tx = pool.begin().await?;
    let due: Vec<DueCase> = sqlx::query_as(
        "select case_id, reference, department, service_code, state, supplements, steps, payload
         from refdept.cases c
         where next_step_at <= now() and not exists (
           select 1 from refdept.attachments a where a.case_id = c.case_id and a.state = 'pending')
         order by next_step_at limit 16 for update skip locked",
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut moved = 0;
    for case in &due {
        let Some(step) = decide(case) else {
            sqlx::query("update refdept.cases set next_step_at = null where case_id = $1")
                .bind(case.case_id)
                .execute(&mut *tx)
                .await?;
            continue;
        };
        sqlx::query(
            "update refdept.cases set state = $2, steps = steps + 1, supplements = supplements + $3,
               next_step_at = now() + make_interval(secs => $4), updated_at = now()
             where case_id = $1",
        )
        .bind(case.case_id)
        .bind(step.state)
        .bind(i32::from(step.supplement))
        // A null interval makes next_step_at null: nothing more until an event arrives.
        .bind(step.next_after_secs.map(|s| s as f64))
        .execute(&mut *tx)
        .await?;
        if let Some(callback) = &step.callback {
            let body = serde_json::to_value(callback).map_err(|e| sqlx::Error::Encode(e.into()))?;
            sqlx::query(
                "insert into refdept.outbox (event_id, case_id, department, status, body)
                 values ($1, $2, $3, $4, $5) on conflict (event_id) do nothing",
            )
            .bind(&callback.event_id)
            .bind(case.case_id)
            .bind(&case.department)
            .bind(step.state)
            .bind(body)
            .execute(&mut *tx)
            .await?;
        }
        moved += 1;
    }
    tx.commit().await?;
    Ok(moved)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DueCallback {
    pub event_id: String,
    pub case_id: Uuid,
    pub department: String,
    pub body: Value,
    pub attempts: i32,
}

/// Leases due callbacks: only the oldest pending one of each case, so they arrive in order.
pub async fn claim_callbacks(pool: &PgPool, lease: Duration) -> sqlx::Result<Vec<DueCallback>> {
    sqlx::query_as(
        "update refdept.outbox set attempts = attempts + 1,
           next_attempt_at = now() + make_interval(secs => $1)
         where event_id in (
           select event_id from refdept.outbox o1
           where state = 'pending' and next_attempt_at <= now() and not exists (
             select 1 from refdept.outbox o2
             where o2.case_id = o1.case_id and o2.state = 'pending' and o2.seq < o1.seq)
           order by seq limit 16 for update skip locked)
         returning event_id, case_id, department, body, attempts",
    )
    .bind(lease.as_secs_f64())
    .fetch_all(pool)
    .await
}

pub async fn callback_delivered(pool: &PgPool, event_id: &str, status: u16) -> sqlx::Result<()> {
    sqlx::query(
        "update refdept.outbox set state = 'delivered', last_status = $2, last_error = null,
           delivered_at = now() where event_id = $1 and state = 'pending'",
    )
    .bind(event_id)
    .bind(i32::from(status))
    .execute(pool)
    .await?;
    Ok(())
}

/// `retry_after: None` marks the callback dead (the portal refused it for good).
pub async fn callback_failed(
    pool: &PgPool,
    event_id: &str,
    status: Option<u16>,
    error: &str,
    retry_after: Option<Duration>,
) -> sqlx::Result<()> {
    sqlx::query(
        "update refdept.outbox set last_status = $2, last_error = $3,
           state = case when $4::float8 is null then 'dead' else 'pending' end,
           next_attempt_at = now() + make_interval(secs => coalesce($4, 0))
         where event_id = $1 and state = 'pending'",
    )
    .bind(event_id)
    .bind(status.map(i32::from))
    .bind(error)
    .bind(retry_after.map(|d| d.as_secs_f64()))
    .execute(pool)
    .await?;
    Ok(())
}

/// Everything the backend holds, for `GET /_admin/received` (tests assert effects on it).
pub async fn snapshot(pool: &PgPool) -> sqlx::Result<Value> {
    let (value,): (Value,) = sqlx::query_as(
        r#"select jsonb_build_object(
          'received', (select coalesce(jsonb_agg(to_jsonb(r) order by r.first_at), '[]') from (
             select department, idempotency_key, kind, case_id, hits, first_at
             from refdept.received) r),
          'cases', (select coalesce(jsonb_agg(to_jsonb(c) order by c.received_at), '[]') from (
             select case_id, reference, department, case_number, service_code, state, answers,
                    supplements, received_at from refdept.cases) c),
          'attachments', (select coalesce(jsonb_agg(to_jsonb(a)), '[]') from (
             select case_id, attachment_id, field, name, state, expected_sha256, sha256, size_bytes,
                    attempts, last_error from refdept.attachments) a),
          'outbox', (select coalesce(jsonb_agg(to_jsonb(o) order by o.seq), '[]') from (
             select seq, event_id, case_id, department, status, state, attempts, last_status,
                    last_error, body from refdept.outbox) o))"#,
    )
    .fetch_one(pool)
    .await?;
    Ok(value)
}
