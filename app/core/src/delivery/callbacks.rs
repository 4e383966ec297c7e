//! What inbound callbacks of department (and vendor) systems read and write: the sender's key, the
//! nonces seen, and the receipts that make a repeated `event_id` get the first answer.
use crate::destination_keys::Destination;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// The hex signing key of the department's system, when it has an `http` backend.
pub async fn signing_key(
    pool: &PgPool,
    department_code: &str,
) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query!(
        "select signing_key_hex, signing_key_sealed from department_backends
         where department_code = $1 and kind = 'http'",
        department_code,
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(|r| {
        crate::destination_keys::sealers().open(
            &Destination::Department(department_code),
            r.signing_key_sealed.as_deref(),
            r.signing_key_hex,
        )
    }))
}

/// The hex signing key of the vendor's registered system.
pub async fn vendor_signing_key(
    pool: &PgPool,
    vendor_id: Uuid,
) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query!(
        "select signing_key_hex, signing_key_sealed from vendor_systems where vendor_id = $1",
        vendor_id,
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(|r| {
        crate::destination_keys::sealers().open(
            &Destination::Vendor(vendor_id),
            r.signing_key_sealed.as_deref(),
            r.signing_key_hex,
        )
    }))
}

/// Forgets nonces older than `max_age_secs`.
pub async fn forget_nonces(pool: &PgPool, max_age_secs: f64) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "delete from callback_nonces where seen_at < now() - make_interval(secs => $1)",
        max_age_secs,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Remembers the nonce; `false` when the department already used it (a replay).
pub async fn remember_nonce(
    pool: &PgPool,
    department_code: &str,
    nonce: &str,
) -> Result<bool, sqlx::Error> {
    let fresh = sqlx::query!(
        "insert into callback_nonces (department_code, nonce) values ($1, $2)
         on conflict do nothing",
        department_code,
        nonce,
    )
    .execute(pool)
    .await?;
    Ok(fresh.rows_affected() != 0)
}

/// Serialises the callbacks of one event id until the transaction ends (the second waits,
/// then finds the receipt).
pub async fn lock_event(
    conn: &mut PgConnection,
    department_code: &str,
    event_id: &str,
) -> Result<(), sqlx::Error> {
    // Runtime SQL: the macros cannot describe pg_advisory_xact_lock's `void` result.
    sqlx::query("select pg_advisory_xact_lock(hashtextextended($1 || '/' || $2, 0))")
        .bind(department_code)
        .bind(event_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The answer given to an earlier callback with this event id.
pub struct Receipt {
    pub case_id: Uuid,
    /// SHA-256 (hex) of the request answered; `None` for receipts stored before it was kept.
    pub request_sha256: Option<String>,
    /// HTTP status of the answer: 200, or the refusal's 4xx.
    pub status: i16,
    pub response: serde_json::Value,
}

/// The answer of an earlier callback with this event id.
pub async fn receipt(
    conn: &mut PgConnection,
    department_code: &str,
    event_id: &str,
) -> Result<Option<Receipt>, sqlx::Error> {
    let row = sqlx::query!(
        "select case_id, request_sha256, status, response from callback_receipts
         where department_code = $1 and event_id = $2",
        department_code,
        event_id,
    )
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|r| Receipt {
        case_id: r.case_id,
        request_sha256: r.request_sha256,
        status: r.status,
        response: r.response,
    }))
}

/// Stores the answer (a success or a refusal) given to this event id.
pub async fn store_receipt(
    conn: &mut PgConnection,
    department_code: &str,
    event_id: &str,
    receipt: &Receipt,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into callback_receipts
             (department_code, event_id, case_id, request_sha256, status, response)
         values ($1, $2, $3, $4, $5, $6)",
        department_code,
        event_id,
        receipt.case_id,
        receipt.request_sha256,
        receipt.status,
        receipt.response,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The case's state, when it exists.
pub async fn case_state(
    conn: &mut PgConnection,
    case_id: Uuid,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!("select state from cases where id = $1", case_id)
        .fetch_optional(&mut *conn)
        .await
}
