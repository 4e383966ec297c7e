//! The outbox rows the dispatcher claims and what it writes back on them. A row is claimed
//! `for update skip locked` in the caller's transaction and stays locked while it is sent.
use sqlx::PgConnection;
use uuid::Uuid;

/// A claimed `delivery_outbox` row.
pub struct Claimed {
    pub id: i64,
    /// The delivery's `Idempotency-Key` and `event_id`: unique, the same on every retry.
    pub delivery_id: Uuid,
    pub case_id: Uuid,
    pub case_event_id: i64,
    pub department_code: String,
    pub event: String,
    pub attempts: i32,
    /// Seconds since creation or the operator's retry.
    pub age_secs: f64,
}

/// A department's backend as the dispatcher needs it.
pub struct Backend {
    pub kind: String,
    pub base_url: Option<String>,
    /// Opened from `signing_key_sealed` by [`backend_of`].
    pub signing_key_hex: Option<String>,
    pub signing_key_sealed: Option<Vec<u8>>,
    pub timeout_ms: i32,
    pub max_concurrency: i32,
    pub consecutive_failures: i32,
}

/// Claims the oldest due row (not behind an open breaker, not behind an earlier pending row of
/// its case), locked until the caller's transaction ends.
pub async fn claim_next(conn: &mut PgConnection) -> Result<Option<Claimed>, sqlx::Error> {
    sqlx::query_as!(
        Claimed,
        r#"select o.id, o.delivery_id, o.case_id, o.case_event_id, o.department_code, o.event, o.attempts,
                extract(epoch from now() - coalesce(o.retried_at, o.created_at))::float8
                    as "age_secs!"
         from delivery_outbox o
         where o.delivered_at is null and o.dead_at is null and o.available_at <= now()
           and not exists (
               select 1 from department_backends b
               where b.department_code = o.department_code
                 and b.breaker_open_until > now())
           and not exists (
               select 1 from delivery_outbox e
               where e.case_id = o.case_id and e.id < o.id
                 and e.delivered_at is null and e.dead_at is null)
         -- Walks delivery_outbox_due_idx in this order and stops at the first row it can
         -- lock: no sort of all pending rows per claim.
         order by o.available_at, o.id
         limit 1
         for update of o skip locked"#,
    )
    .fetch_optional(&mut *conn)
    .await
}

/// The department's configured backend (`None`: the portal's own workbench by default).
pub async fn backend_of(
    conn: &mut PgConnection,
    department_code: &str,
) -> Result<Option<Backend>, sqlx::Error> {
    let backend = sqlx::query_as!(
        Backend,
        "select kind, base_url, signing_key_hex, signing_key_sealed, timeout_ms, max_concurrency,
                consecutive_failures
         from department_backends where department_code = $1",
        department_code,
    )
    .fetch_optional(&mut *conn)
    .await?;
    Ok(backend.map(|mut b| {
        b.signing_key_hex = crate::destination_keys::sealers().open(
            &crate::destination_keys::Destination::Department(department_code),
            b.signing_key_sealed.as_deref(),
            b.signing_key_hex.take(),
        );
        b
    }))
}

/// The row was delivered on its `attempts`-th attempt; `reference` is the department's own.
pub async fn mark_delivered(
    conn: &mut PgConnection,
    id: i64,
    attempts: i32,
    reference: Option<String>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update delivery_outbox set delivered_at = clock_timestamp(), attempts = $2,
             reference = $3, last_error = null where id = $1",
        id,
        attempts,
        reference,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The row will not be sent again until the operator retries it.
pub async fn dead_letter(
    conn: &mut PgConnection,
    id: i64,
    attempts: i32,
    reason: &str,
    error: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update delivery_outbox set dead_at = clock_timestamp(), dead_reason = $3,
             attempts = $2, last_error = $4 where id = $1",
        id,
        attempts,
        reason,
        error,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The row is due again after `delay_secs`.
pub async fn schedule_retry(
    conn: &mut PgConnection,
    id: i64,
    attempts: i32,
    delay_secs: f64,
    error: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update delivery_outbox
         set available_at = clock_timestamp() + make_interval(secs => $3),
             attempts = $2, last_error = $4 where id = $1",
        id,
        attempts,
        delay_secs,
        error,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}
