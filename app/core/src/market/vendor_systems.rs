//! The vendor registry: where each vendor's operations go. Read by the routing layer on every
//! dispatch (like the department registry), so an operator's change applies without a redeploy.
use crate::error::InternalError;
use portal_types::domain::department_backend::HttpBackend;
use sqlx::PgPool;
use uuid::Uuid;

/// Registers (or replaces) an approved vendor's system; the URL and key were checked by
/// [`HttpBackend::parse`], the same rule as departments' systems. `Ok(false)`: no such approved
/// vendor.
pub async fn set(
    pool: &PgPool,
    vendor_id: Uuid,
    system: &HttpBackend,
) -> Result<bool, InternalError> {
    let mut tx = pool.begin().await?;
    let changed = sqlx::query!(
        "insert into vendor_systems (vendor_id, base_url, signing_key_sealed, timeout_ms, max_concurrency)
         select id, $2, $3, $4, $5 from vendors where id = $1 and status = 'approved'
         on conflict (vendor_id) do update set
             base_url = excluded.base_url, signing_key_hex = null,
             signing_key_sealed = excluded.signing_key_sealed,
             timeout_ms = excluded.timeout_ms, max_concurrency = excluded.max_concurrency,
             updated_at = now()",
        vendor_id,
        system.base_url,
        crate::destination_keys::sealers().seal(
            &crate::destination_keys::Destination::Vendor(vendor_id),
            &system.signing_key_hex,
        ),
        i32::try_from(system.timeout_ms).unwrap_or(5000),
        i32::try_from(system.max_concurrency).unwrap_or(1),
    )
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() == 1 {
        // Set from the command line on the portal's machine (`portal vendor-system …`).
        let entry = crate::audit::Entry::operator(None, crate::audit::actions::VENDOR_SYSTEM_SET)
            .with("vendor", serde_json::json!(vendor_id))
            .with("base_url", serde_json::json!(system.base_url));
        crate::audit::record(&mut tx, &entry).await?;
    }
    tx.commit().await?;
    Ok(changed.rows_affected() == 1)
}

/// `(vendor id, vendor name, base URL)` of every registered system.
pub async fn list(pool: &PgPool) -> Result<Vec<(Uuid, String, String)>, InternalError> {
    Ok(sqlx::query!(
        "select s.vendor_id, v.name, s.base_url from vendor_systems s
         join vendors v on v.id = s.vendor_id order by v.name"
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| (r.vendor_id, r.name, r.base_url))
    .collect())
}
