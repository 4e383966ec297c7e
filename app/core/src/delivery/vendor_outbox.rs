//! The vendor operations the dispatcher claims and what it writes back on them: the second kind
//! of outbox row, claimed like a case delivery (`for update skip locked`, locked while sent).
use sqlx::PgConnection;
use uuid::Uuid;

/// A claimed `vendor_operations` row.
pub struct ClaimedOperation {
    /// Also the request's `Idempotency-Key`: the same on every retry.
    pub id: Uuid,
    pub subscription_id: Uuid,
    pub vendor_id: Uuid,
    pub operation: String,
    pub generation: i32,
    pub desired: serde_json::Value,
    pub deadline_at: chrono::DateTime<chrono::Utc>,
    pub attempts: i32,
    /// Seconds since creation or the operator's retry.
    pub age_secs: f64,
}

/// A vendor's system as the dispatcher needs it.
pub struct VendorSystem {
    pub base_url: String,
    /// Opened from `signing_key_sealed` by [`system_of`]; empty if it cannot be opened.
    pub signing_key_hex: String,
    pub signing_key_sealed: Option<Vec<u8>>,
    pub timeout_ms: i32,
    pub max_concurrency: i32,
    pub consecutive_failures: i32,
}

/// Claims the oldest due operation whose vendor has a system, not behind an open breaker, and
/// not behind an earlier operation of its subscription that is still open (one operation in
/// flight per subscription: sent and waiting for its outcome counts; an overdue one no longer
/// holds the others back).
pub async fn claim_next(conn: &mut PgConnection) -> Result<Option<ClaimedOperation>, sqlx::Error> {
    sqlx::query_as!(
        ClaimedOperation,
        r#"select o.id, o.subscription_id, o.vendor_id, o.operation, o.generation, o.desired,
                  o.deadline_at as "deadline_at: chrono::DateTime<chrono::Utc>", o.attempts,
                  extract(epoch from now() - coalesce(o.retried_at, o.created_at))::float8
                      as "age_secs!"
           from vendor_operations o
           join vendor_systems s on s.vendor_id = o.vendor_id
           where o.delivered_at is null and o.dead_at is null and o.available_at <= now()
             -- Reported on before its 202 arrived: nothing left to send.
             and o.outcome is null
             and (s.breaker_open_until is null or s.breaker_open_until <= now())
             and not exists (
                 select 1 from vendor_operations e
                 where e.subscription_id = o.subscription_id and e.generation < o.generation
                   and e.outcome is null and e.dead_at is null and e.overdue_at is null)
           order by o.available_at, o.created_at
           limit 1
           for update of o skip locked"#,
    )
    .fetch_optional(&mut *conn)
    .await
}

/// The vendor's registered system (`None`: none registered, its operations wait).
pub async fn system_of(
    conn: &mut PgConnection,
    vendor_id: Uuid,
) -> Result<Option<VendorSystem>, sqlx::Error> {
    let system = sqlx::query_as!(
        VendorSystem,
        r#"select base_url, coalesce(signing_key_hex, '') as "signing_key_hex!",
                  signing_key_sealed, timeout_ms, max_concurrency, consecutive_failures
           from vendor_systems where vendor_id = $1"#,
        vendor_id,
    )
    .fetch_optional(&mut *conn)
    .await?;
    Ok(system.map(|mut s| {
        s.signing_key_hex = crate::destination_keys::sealers()
            .open(
                &crate::destination_keys::Destination::Vendor(vendor_id),
                s.signing_key_sealed.as_deref(),
                Some(std::mem::take(&mut s.signing_key_hex)).filter(|k| !k.is_empty()),
            )
            .unwrap_or_default();
        s
    }))
}

/// The vendor accepted the operation on its `attempts`-th attempt.
pub async fn mark_accepted(
    conn: &mut PgConnection,
    id: Uuid,
    attempts: i32,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update vendor_operations set delivered_at = clock_timestamp(), attempts = $2,
             last_error = null where id = $1",
        id,
        attempts,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The operation will not be sent again until the operator retries it.
pub async fn dead_letter(
    conn: &mut PgConnection,
    id: Uuid,
    attempts: i32,
    reason: &str,
    error: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update vendor_operations set dead_at = clock_timestamp(), dead_reason = $3,
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

/// The operation is due again after `delay_secs`.
pub async fn schedule_retry(
    conn: &mut PgConnection,
    id: Uuid,
    attempts: i32,
    delay_secs: f64,
    error: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update vendor_operations
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
