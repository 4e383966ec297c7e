//! The e-mail outbox as the mail worker (server::notifications) drains it: a due row is claimed
//! `for update skip locked` in the worker's transaction, then marked sent, abandoned or due
//! again. Rows are written with their notifications (`crate::notifications`).
use chrono::{DateTime, Utc};
use sqlx::PgConnection;

/// A claimed `email_outbox` row.
pub struct QueuedMail {
    pub id: i64,
    pub to_address: String,
    pub locale: String,
    pub template: String,
    pub params: serde_json::Value,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
}

/// Claims the oldest due mail, locked until the caller's transaction ends.
pub async fn claim_next(conn: &mut PgConnection) -> Result<Option<QueuedMail>, sqlx::Error> {
    sqlx::query_as!(
        QueuedMail,
        r#"select id, to_address, locale, template, params, attempts,
                created_at as "created_at: DateTime<Utc>"
         from email_outbox
         where sent_at is null and abandoned_at is null and available_at <= now()
         order by available_at, id
         limit 1
         for update skip locked"#,
    )
    .fetch_optional(&mut *conn)
    .await
}

/// The mail went out on its `attempts`-th attempt.
pub async fn mark_sent(conn: &mut PgConnection, id: i64, attempts: i32) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update email_outbox set sent_at = clock_timestamp(), attempts = $2 where id = $1",
        id,
        attempts,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The mail will never be sent.
pub async fn abandon(
    conn: &mut PgConnection,
    id: i64,
    attempts: i32,
    error: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update email_outbox
         set abandoned_at = clock_timestamp(), attempts = $2, last_error = $3
         where id = $1",
        id,
        attempts,
        error,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The mail is due again after `delay_secs`.
pub async fn schedule_retry(
    conn: &mut PgConnection,
    id: i64,
    attempts: i32,
    error: &str,
    delay_secs: f64,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update email_outbox
         set available_at = clock_timestamp() + make_interval(secs => $4),
             attempts = $2, last_error = $3
         where id = $1",
        id,
        attempts,
        error,
        delay_secs,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}
