//! The marketplace's demo data: approved vendors with their admin accounts and published
//! listings, one voucher programme, the demo enterprise admitted to it. Each piece is added
//! only when missing, so loading twice changes nothing.
use super::listings::derive_for_seed;
use crate::error::InternalError;
use portal_types::domain::market::listing::ListingContent;
use portal_types::domain::market::sme::{classify, Declared};
use sqlx::types::Json;
use sqlx::PgPool;
use uuid::Uuid;

pub struct SeedVendor<'a> {
    /// Fixed in the demo seed (its vendor system is configured before the data loads).
    pub id: Option<Uuid>,
    pub name: &'a str,
    pub credit_code: &'a str,
    pub legal_rep: &'a str,
    pub contact_name: &'a str,
    pub contact_mobile: &'a str,
    pub contact_email: &'a str,
    pub mlps_level: i16,
    pub data_in_mainland: bool,
    pub crypto_assessed: bool,
    pub admin_username: &'a str,
    pub admin_display_name: &'a str,
    pub password_hash: &'a str,
}

/// An approved vendor, its admin and its listings (each published as version 1). Returns
/// false when the vendor was there already.
pub async fn seed_vendor(
    pool: &PgPool,
    vendor: &SeedVendor<'_>,
    listings: &[ListingContent],
) -> Result<bool, InternalError> {
    let mut tx = pool.begin().await?;
    let vendor_id = sqlx::query_scalar!(
        "insert into vendors (id, name, credit_code, legal_rep, contact_name, contact_mobile,
                              contact_email, mlps_level, data_in_mainland, crypto_assessed,
                              status, decided_at, decision_reason)
         values (coalesce($10, gen_random_uuid()), $1, $2, $3, $4, $5, $6, $7, $8, $9,
                 'approved', now(), 'demo data')
         on conflict (credit_code) do nothing returning id",
        vendor.name,
        vendor.credit_code,
        vendor.legal_rep,
        vendor.contact_name,
        vendor.contact_mobile,
        vendor.contact_email,
        vendor.mlps_level,
        vendor.data_in_mainland,
        vendor.crypto_assessed,
        vendor.id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(vendor_id) = vendor_id else {
        return Ok(false);
    };
    let admin = sqlx::query_scalar!(
        "insert into accounts (role, username, display_name, vendor_id, password_hash, email)
         values ('vendor_admin', $1, $2, $3, $4, $5) returning id",
        vendor.admin_username,
        vendor.admin_display_name,
        vendor_id,
        vendor.password_hash,
        vendor.contact_email,
    )
    .fetch_one(&mut *tx)
    .await?;
    super::vendors::vendor_event(&mut tx, vendor_id, "approved", None, Some("demo data")).await?;
    for content in listings {
        let derived = derive_for_seed(content);
        let listing_id: Uuid = sqlx::query_scalar!(
            "insert into listings (vendor_id) values ($1) returning id",
            vendor_id
        )
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query!(
            "insert into listing_versions (listing_id, version, content, category, name_zh,
                 name_en, search_text, min_month_fen, has_trial, review_state, created_by,
                 submitted_at, reviewed_at)
             values ($1, 1, $2, $3, $4, $5, $6, $7, $8, 'approved', $9, now(), now())",
            listing_id,
            Json(content) as _,
            content.category.as_str(),
            content.name_zh,
            content.name_en,
            derived.0,
            derived.1,
            derived.2,
            admin,
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            "update listings set published_version = 1 where id = $1",
            listing_id
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}

pub struct SeedProgramme<'a> {
    pub name_zh: &'a str,
    pub name_en: &'a str,
    pub budget_fen: i64,
    pub valid_from: chrono::NaiveDate,
    pub valid_until: chrono::NaiveDate,
    pub enterprise_cap_fen: i64,
    pub holding_days: i32,
    pub categories: Vec<(String, i32)>,
}

/// The programme (unless one of that name exists) and the enterprise admitted to it with
/// the figures it declares.
pub async fn seed_programme(
    pool: &PgPool,
    programme: &SeedProgramme<'_>,
    enterprise_credit_code: &str,
    declared: &Declared,
) -> Result<(), InternalError> {
    let mut tx = pool.begin().await?;
    let Some(enterprise) = sqlx::query!(
        "select e.id, g.account_id from enterprises e
         join enterprise_agents g on g.enterprise_id = e.id and g.is_admin
         where e.credit_code = $1 limit 1",
        enterprise_credit_code
    )
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(());
    };
    let (enterprise_id, admin_account) = (enterprise.id, enterprise.account_id);
    let existing = sqlx::query_scalar!(
        "select id from voucher_programmes where name_zh = $1",
        programme.name_zh
    )
    .fetch_optional(&mut *tx)
    .await?;
    if existing.is_some() {
        return Ok(());
    }
    let id = sqlx::query_scalar!(
        "insert into voucher_programmes (name_zh, name_en, budget_fen, valid_from, valid_until,
                                         enterprise_cap_fen, holding_days)
         values ($1, $2, $3, $4, $5, $6, $7) returning id",
        programme.name_zh,
        programme.name_en,
        programme.budget_fen,
        programme.valid_from as _,
        programme.valid_until as _,
        programme.enterprise_cap_fen,
        programme.holding_days,
    )
    .fetch_one(&mut *tx)
    .await?;
    for (category, bp) in &programme.categories {
        sqlx::query!(
            "insert into programme_categories (programme_id, category, subsidy_bp) values ($1, $2, $3)",
            id,
            category,
            bp
        )
        .execute(&mut *tx)
        .await?;
    }
    let size = classify(declared);
    sqlx::query!(
        "insert into voucher_enrolments (programme_id, enterprise_id, industry, employees,
             revenue_fen, total_assets_fen, size_class, admitted, applied_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        id,
        enterprise_id,
        declared.industry.as_str(),
        declared.employees,
        declared.revenue_fen,
        declared.total_assets_fen,
        size.as_str(),
        size.is_sme(),
        admin_account,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
