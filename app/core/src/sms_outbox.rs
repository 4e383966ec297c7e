//! The SMS outbox as the SMS worker (server::notifications::sms) drains it: a due row is
//! claimed `for update skip locked` in the worker's transaction, then marked sent, abandoned or
//! due again. Its parameters (a one-time code) are emptied once it is settled.
use chrono::{DateTime, Utc};
use sqlx::PgConnection;

/// `pg_notify` channel: wakes the SMS worker at once.
pub const CHANNEL: &str = "sms_outbox";

/// Queues a text message, worthless after `valid_for_secs`, in the caller's transaction.
pub async fn queue(
    conn: &mut PgConnection,
    to_mobile: &str,
    locale: &str,
    template: &str,
    params: serde_json::Value,
    valid_for_secs: i64,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "insert into sms_outbox (to_mobile, locale, template, params, expires_at)
         values ($1, $2, $3, $4, now() + make_interval(secs => $5))
         returning id",
    )
    .bind(to_mobile)
    .bind(locale)
    .bind(template)
    .bind(params)
    .bind(valid_for_secs as f64)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query("select pg_notify($1, '')")
        .bind(CHANNEL)
        .execute(&mut *conn)
        .await?;
    Ok(id)
}

/// A claimed `sms_outbox` row.
#[derive(Debug, sqlx::FromRow)]
pub struct QueuedSms {
    pub id: i64,
    pub to_mobile: String,
    pub locale: String,
    pub template: String,
    pub params: serde_json::Value,
    pub attempts: i32,
    pub expires_at: DateTime<Utc>,
    pub now: DateTime<Utc>,
}

/// Claims the oldest due message, locked until the caller's transaction ends.
pub async fn claim_next(conn: &mut PgConnection) -> Result<Option<QueuedSms>, sqlx::Error> {
    sqlx::query_as(
        "select id, to_mobile, locale, template, params, attempts, expires_at, now() as now
         from sms_outbox
         where sent_at is null and abandoned_at is null and available_at <= now()
         order by available_at, id
         limit 1
         for update skip locked",
    )
    .fetch_optional(&mut *conn)
    .await
}

/// The message went out on its `attempts`-th attempt.
pub async fn mark_sent(conn: &mut PgConnection, id: i64, attempts: i32) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update sms_outbox set sent_at = clock_timestamp(), attempts = $2, params = '{}'
         where id = $1",
    )
    .bind(id)
    .bind(attempts)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The message will never be sent.
pub async fn abandon(
    conn: &mut PgConnection,
    id: i64,
    attempts: i32,
    error: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update sms_outbox
         set abandoned_at = clock_timestamp(), attempts = $2, last_error = $3, params = '{}'
         where id = $1",
    )
    .bind(id)
    .bind(attempts)
    .bind(error)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The message is due again after `delay_secs`.
pub async fn schedule_retry(
    conn: &mut PgConnection,
    id: i64,
    attempts: i32,
    error: &str,
    delay_secs: f64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update sms_outbox
         set available_at = clock_timestamp() + make_interval(secs => $4),
             attempts = $2, last_error = $3
         where id = $1",
    )
    .bind(id)
    .bind(attempts)
    .bind(error)
    .bind(delay_secs)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
