//! Reconciliation's SQL: which subscriptions a vendor's system should hold as the portal does
//! (started, every operation settled), and the differences found (shown to the operator). The
//! signed GETs are the routing layer's (server::routing::reconcile).
use crate::error::InternalError;
use portal_types::domain::market::reconcile::{vendor_status, Holding};
use portal_types::domain::market::subscription::SubscriptionState;
use sqlx::PgPool;
use uuid::Uuid;

/// One subscription to check, with where and how to ask its vendor.
pub struct ToCheck {
    pub subscription_id: Uuid,
    pub vendor_id: Uuid,
    pub base_url: String,
    pub signing_key_hex: String,
    pub timeout_ms: i32,
    pub portal: Holding,
}

/// Started subscriptions of vendors with a system, with no operation still in flight (that would
/// make a difference expected; a failed or dead one is exactly what must show), at most `limit`,
/// least recently checked first.
pub async fn to_check(pool: &PgPool, limit: i64) -> Result<Vec<ToCheck>, InternalError> {
    let rows = sqlx::query!(
        r#"select s.id, s.vendor_id, s.state, s.generation, s.plan_code, s.quantity,
                  v.base_url, v.signing_key_hex, v.signing_key_sealed, v.timeout_ms
           from subscriptions s join vendor_systems v on v.vendor_id = s.vendor_id
           where s.state in ('trialing', 'active', 'cancel_scheduled', 'suspended',
                             'terminated', 'expired')
             and not exists (select 1 from vendor_operations o where o.subscription_id = s.id
                             and o.outcome is null and o.dead_at is null)
             and exists (select 1 from vendor_operations o where o.subscription_id = s.id)
           order by (select max(f.checked_at) from reconciliation_findings f
                     where f.subscription_id = s.id) nulls first, s.id
           limit $1"#,
        limit
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let status = vendor_status(SubscriptionState::parse(&r.state)?)?;
            Some(ToCheck {
                subscription_id: r.id,
                vendor_id: r.vendor_id,
                base_url: r.base_url,
                signing_key_hex: crate::destination_keys::sealers()
                    .open(
                        &crate::destination_keys::Destination::Vendor(r.vendor_id),
                        r.signing_key_sealed.as_deref(),
                        r.signing_key_hex,
                    )
                    .unwrap_or_default(),
                timeout_ms: r.timeout_ms,
                portal: Holding {
                    generation: r.generation,
                    plan: r.plan_code,
                    quantity: r.quantity,
                    status: status.to_string(),
                },
            })
        })
        .collect())
}

/// Records one difference found.
pub async fn record(
    pool: &PgPool,
    checked: &ToCheck,
    vendor: Option<&Holding>,
    differences: &[&str],
) -> Result<(), InternalError> {
    let portal = serde_json::to_value(&checked.portal).unwrap_or_default();
    let vendor = vendor.and_then(|v| serde_json::to_value(v).ok());
    let differences: Vec<String> = differences.iter().map(|d| d.to_string()).collect();
    sqlx::query!(
        "insert into reconciliation_findings (subscription_id, vendor_id, portal, vendor, differences)
         values ($1, $2, $3, $4, $5)",
        checked.subscription_id,
        checked.vendor_id,
        portal,
        vendor,
        &differences,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// A difference as the operator sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub subscription_id: Uuid,
    pub vendor_name: String,
    pub enterprise_name: String,
    pub differences: Vec<String>,
    pub portal: serde_json::Value,
    pub vendor: Option<serde_json::Value>,
    pub checked_at: chrono::DateTime<chrono::Utc>,
}

/// The latest findings (at most `limit`), newest first.
pub async fn recent(pool: &PgPool, limit: i64) -> Result<Vec<Finding>, InternalError> {
    Ok(sqlx::query!(
        r#"select f.subscription_id, v.name as vendor_name, e.name as enterprise_name,
                  f.differences, f.portal, f.vendor,
                  f.checked_at as "checked_at: chrono::DateTime<chrono::Utc>"
           from reconciliation_findings f
           join vendors v on v.id = f.vendor_id
           join subscriptions s on s.id = f.subscription_id
           join enterprises e on e.id = s.enterprise_id
           order by f.checked_at desc, f.id desc limit $1"#,
        limit
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| Finding {
        subscription_id: r.subscription_id,
        vendor_name: r.vendor_name,
        enterprise_name: r.enterprise_name,
        differences: r.differences,
        portal: r.portal,
        vendor: r.vendor,
        checked_at: r.checked_at,
    })
    .collect())
}
