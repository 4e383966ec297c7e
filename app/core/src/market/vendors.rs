//! Vendor organisations (云服务商): the application with its first (admin) account, the
//! operator's decision, the organisation's staff accounts.
use super::{MarketError, MarketResult};
use crate::error::unique_violation;
use crate::passwords::{HashError, Hasher};
use portal_types::actors::VendorMember;
use portal_types::domain::forms::FieldError;
use portal_types::domain::market::forms::{VendorApplicationForm, VendorStaffForm};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

fn hash_failed(error: HashError) -> MarketError {
    match error {
        HashError::Busy => MarketError::Refused("registration-busy"),
        HashError::Internal(e) => MarketError::Internal(e),
    }
}

fn taken(field: &str, key: &str) -> MarketError {
    MarketError::Invalid(vec![FieldError::new(field, key)])
}

pub(crate) async fn vendor_event(
    conn: &mut PgConnection,
    vendor_id: Uuid,
    kind: &str,
    actor_id: Option<Uuid>,
    reason: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into vendor_events (vendor_id, kind, actor_id, reason) values ($1, $2, $3, $4)",
        vendor_id,
        kind,
        actor_id,
        reason
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// A vendor applies: the organisation (pending review) and its admin account, one transaction.
/// Returns the admin account's id (signed in by the caller).
pub async fn apply(
    pool: &PgPool,
    hasher: &Hasher,
    form: &VendorApplicationForm,
) -> MarketResult<Uuid> {
    // Taken names cost no hash; the constraints still decide races.
    let (code_taken, username_taken) = sqlx::query!(
        r#"select exists(select 1 from vendors where credit_code = $1) as "code!",
                  exists(select 1 from accounts where username = $2) as "username!""#,
        form.credit_code.as_str(),
        form.username
    )
    .fetch_one(pool)
    .await
    .map(|r| (r.code, r.username))?;
    if code_taken {
        return Err(taken("credit_code", "market-vendor-registered"));
    }
    if username_taken {
        return Err(taken("username", "username-taken"));
    }
    let hash = hasher
        .hash(form.password.expose().to_string())
        .await
        .map_err(hash_failed)?;
    let mut tx = pool.begin().await?;
    let vendor_id = sqlx::query_scalar!(
        "insert into vendors (name, credit_code, legal_rep, contact_name, contact_mobile,
                              contact_email, mlps_level, data_in_mainland, crypto_assessed)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id",
        form.name.as_str(),
        form.credit_code.as_str(),
        form.legal_rep.as_str(),
        form.contact_name.as_str(),
        form.contact_mobile.as_str(),
        form.contact_email.as_str(),
        form.mlps_level,
        form.data_in_mainland,
        form.crypto_assessed,
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match unique_violation(&e) {
        Some("vendors_credit_code_key") => taken("credit_code", "market-vendor-registered"),
        _ => e.into(),
    })?;
    let account_id = sqlx::query_scalar!(
        "insert into accounts (role, username, display_name, vendor_id, password_hash, email)
         values ('vendor_admin', $1, $2, $3, $4, $5) returning id",
        form.username,
        form.contact_name.as_str(),
        vendor_id,
        hash,
        form.contact_email.as_str(),
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match unique_violation(&e) {
        Some("accounts_username_key") => taken("username", "username-taken"),
        _ => e.into(),
    })?;
    vendor_event(&mut tx, vendor_id, "applied", Some(account_id), None).await?;
    tx.commit().await?;
    Ok(account_id)
}

/// The operator approves or refuses a pending application (a refusal needs a reason).
pub async fn decide(
    pool: &PgPool,
    operator_id: Uuid,
    vendor_id: Uuid,
    approve: bool,
    reason: Option<&str>,
) -> MarketResult<()> {
    if !approve && reason.is_none() {
        return Err(taken("reason", "market-reason-required"));
    }
    let status = if approve { "approved" } else { "refused" };
    let mut tx = pool.begin().await?;
    let updated = sqlx::query!(
        "update vendors set status = $2, decision_reason = $3, decided_by = $4, decided_at = now()
         where id = $1 and status = 'pending'",
        vendor_id,
        status,
        reason,
        operator_id
    )
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        let exists = sqlx::query_scalar!("select 1 as one from vendors where id = $1", vendor_id)
            .fetch_optional(&mut *tx)
            .await?;
        return Err(match exists {
            Some(_) => MarketError::Refused("market-vendor-already-decided"),
            None => MarketError::NotFound,
        });
    }
    vendor_event(&mut tx, vendor_id, status, Some(operator_id), reason).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether the member's organisation may trade (approved by the operator).
pub(crate) async fn ensure_approved(
    conn: &mut PgConnection,
    member: &VendorMember,
) -> MarketResult<()> {
    let status = sqlx::query_scalar!("select status from vendors where id = $1", member.vendor_id)
        .fetch_optional(conn)
        .await?;
    match status.as_deref() {
        Some("approved") => Ok(()),
        Some(_) => Err(MarketError::Refused("market-vendor-not-approved")),
        None => Err(MarketError::NotFound),
    }
}

/// The vendor admin adds a staff account to the organisation.
pub async fn add_staff(
    pool: &PgPool,
    hasher: &Hasher,
    admin: &VendorMember,
    form: &VendorStaffForm,
) -> MarketResult<Uuid> {
    if !admin.is_admin {
        return Err(MarketError::Refused("market-vendor-admin-only"));
    }
    let exists = sqlx::query_scalar!(
        r#"select exists(select 1 from accounts where username = $1) as "taken!""#,
        form.username
    )
    .fetch_one(pool)
    .await?;
    if exists {
        return Err(taken("username", "username-taken"));
    }
    let hash = hasher
        .hash(form.password.expose().to_string())
        .await
        .map_err(hash_failed)?;
    let mut tx = pool.begin().await?;
    let id = sqlx::query_scalar!(
        "insert into accounts (role, username, display_name, vendor_id, password_hash, created_by)
         values ('vendor_staff', $1, $2, $3, $4, $5) returning id",
        form.username,
        form.display_name.as_str(),
        admin.vendor_id,
        hash,
        admin.account_id
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match unique_violation(&e) {
        Some("accounts_username_key") => taken("username", "username-taken"),
        _ => e.into(),
    })?;
    vendor_event(
        &mut tx,
        admin.vendor_id,
        "staff_added",
        Some(admin.account_id),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}
