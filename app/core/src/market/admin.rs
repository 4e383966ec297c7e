//! What the operator and the vendor console list: vendor applications, versions waiting for
//! review, live listings, programmes with their budget; a vendor's own listings and business.
use super::MarketResult;
use crate::error::InternalError;
use portal_types::actors::VendorMember;
use portal_types::domain::market::Category;
use portal_types::views::market::{
    FindingRow, ListingAdminRow, MarketAdmin, ProgrammeRow, ReviewRow, VendorApplication,
    VendorConsole, VendorListingRow,
};
use portal_types::Text;
use sqlx::PgPool;

pub async fn market_admin(pool: &PgPool) -> Result<MarketAdmin, InternalError> {
    let vendors = sqlx::query!(
        "select id, name, credit_code, contact_name, mlps_level, data_in_mainland,
                crypto_assessed, status, decision_reason, created_at as \"created_at: chrono::DateTime<chrono::Utc>\"
         from vendors order by (status = 'pending') desc, created_at desc limit 200"
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| VendorApplication {
        vendor_id: r.id,
        name: r.name,
        credit_code: r.credit_code,
        contact_name: r.contact_name,
        mlps_level: r.mlps_level,
        data_in_mainland: r.data_in_mainland,
        crypto_assessed: r.crypto_assessed,
        status: r.status,
        decision_reason: r.decision_reason,
        applied_at: r.created_at,
    })
    .collect();
    let reviews = sqlx::query!(
        "select v.listing_id, v.version, v.name_zh, v.name_en, d.name as vendor_name,
                v.submitted_at as \"submitted_at: chrono::DateTime<chrono::Utc>\", l.published_version is null as \"first!\"
         from listing_versions v join listings l on l.id = v.listing_id
         join vendors d on d.id = l.vendor_id
         where v.review_state = 'submitted' order by v.submitted_at limit 200"
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| ReviewRow {
        listing_id: r.listing_id,
        version: r.version,
        name: Text::new(r.name_zh, r.name_en),
        vendor_name: r.vendor_name,
        submitted_at: r.submitted_at,
        first_version: r.first,
    })
    .collect();
    let listings = sqlx::query!(
        "select l.id, v.name_zh, v.name_en, d.name as vendor_name, v.version,
                l.suspended_at is not null as \"suspended!\"
         from listings l join listing_versions v on v.listing_id = l.id and v.version = l.published_version
         join vendors d on d.id = l.vendor_id
         order by d.name, v.name_zh limit 200"
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| ListingAdminRow {
        listing_id: r.id,
        name: Text::new(r.name_zh, r.name_en),
        vendor_name: r.vendor_name,
        published_version: r.version,
        suspended: r.suspended,
    })
    .collect();
    let programmes = programmes(pool).await?;
    // Either side as the operator reads it: `pro × 5, active (3)`.
    let side = |v: &serde_json::Value| {
        let text = |k: &str| {
            v.get(k)
                .map(|x| x.to_string().trim_matches('"').to_string())
        };
        format!(
            "{} × {}, {} ({})",
            text("plan").unwrap_or_default(),
            text("quantity").unwrap_or_default(),
            text("status").unwrap_or_default(),
            text("generation").unwrap_or_default()
        )
    };
    let findings = super::reconciliation::recent(pool, 100)
        .await?
        .into_iter()
        .map(|f| FindingRow {
            subscription_id: f.subscription_id,
            vendor_name: f.vendor_name,
            enterprise_name: f.enterprise_name,
            differences: f.differences,
            portal: side(&f.portal),
            vendor: f.vendor.as_ref().map(side),
            checked_at: f.checked_at,
        })
        .collect();
    Ok(MarketAdmin {
        vendors,
        reviews,
        listings,
        programmes,
        findings,
    })
}

pub async fn programmes(pool: &PgPool) -> Result<Vec<ProgrammeRow>, InternalError> {
    let rows = sqlx::query!(
        r#"select p.id, p.name_zh, p.name_en, p.budget_fen, t.reserved_fen as "reserved_fen!", t.committed_fen as "committed_fen!",
                  p.enterprise_cap_fen, p.valid_from as "valid_from: chrono::NaiveDate", p.valid_until as "valid_until: chrono::NaiveDate",
                  (select count(*) from voucher_enrolments n where n.programme_id = p.id and n.admitted) as "enrolled!",
                  coalesce((select array_agg(pc.category || ':' || pc.subsidy_bp order by pc.category)
                            from programme_categories pc where pc.programme_id = p.id), '{}') as "categories!"
           from voucher_programmes p join voucher_programme_totals t on t.id = p.id
           order by p.valid_until desc limit 50"#
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ProgrammeRow {
            programme_id: r.id,
            name: Text::new(r.name_zh, r.name_en),
            budget_fen: r.budget_fen,
            reserved_fen: r.reserved_fen,
            committed_fen: r.committed_fen,
            enterprise_cap_fen: r.enterprise_cap_fen,
            valid_from: r.valid_from,
            valid_until: r.valid_until,
            categories: r
                .categories
                .iter()
                .filter_map(|c| {
                    let (category, bp) = c.split_once(':')?;
                    Some((Category::parse(category)?, bp.parse().ok()?))
                })
                .collect(),
            enrolled: r.enrolled,
        })
        .collect())
}

/// The vendor console: the organisation, its listings with their review state, and the
/// subscriptions of its products (enterprise names, never personal numbers).
pub async fn vendor_console(pool: &PgPool, member: &VendorMember) -> MarketResult<VendorConsole> {
    let vendor = sqlx::query!(
        "select name, status, decision_reason from vendors where id = $1",
        member.vendor_id
    )
    .fetch_optional(pool)
    .await?
    .ok_or(super::MarketError::NotFound)?;
    let listings = sqlx::query!(
        r#"select l.id, l.published_version, l.suspended_at is not null as "suspended!",
                  v.name_zh, v.name_en, v.category,
                  o.review_state as "open_state?", o.review_reason as "open_reason?"
           from listings l
           join lateral (select * from listing_versions x where x.listing_id = l.id
                         order by x.version desc limit 1) v on true
           left join listing_versions o on o.listing_id = l.id
                and o.review_state in ('draft', 'submitted', 'returned')
           where l.vendor_id = $1 order by l.created_at limit 200"#,
        member.vendor_id
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .filter_map(|r| {
        Some(VendorListingRow {
            listing_id: r.id,
            name: Text::new(r.name_zh, r.name_en),
            category: Category::parse(&r.category)?,
            published_version: r.published_version,
            open_state: r.open_state,
            open_reason: r.open_reason,
            suspended: r.suspended,
        })
    })
    .collect();
    let subscriptions = super::subscription_pages::of_vendor(pool, member.vendor_id).await?;
    Ok(VendorConsole {
        vendor_id: member.vendor_id,
        name: vendor.name,
        status: vendor.status,
        decision_reason: vendor.decision_reason,
        is_admin: member.is_admin,
        listings,
        subscriptions,
    })
}
