//! The marketplace's demo data (`market_seed.json`): eight approved vendors with three
//! published listings each, the city's 2026 voucher programme, and the demo enterprise
//! admitted to it. Added only where missing.
use anyhow::Context;
use app::core::market::demo::{seed_programme, seed_vendor, SeedProgramme, SeedVendor};
use app::domain::market::listing::ListingContent;
use app::domain::market::sme::{Declared, Industry};
use serde::Deserialize;
use sqlx::PgPool;

const SEED: &str = include_str!("market_seed.json");

#[derive(Deserialize)]
struct Seed {
    vendors: Vec<Vendor>,
    programme: Programme,
}

#[derive(Deserialize)]
struct Vendor {
    id: uuid::Uuid,
    name: String,
    credit_code: String,
    legal_rep: String,
    contact_name: String,
    contact_mobile: String,
    contact_email: String,
    mlps_level: i16,
    data_in_mainland: bool,
    crypto_assessed: bool,
    admin_username: String,
    admin_display_name: String,
    listings: Vec<ListingContent>,
}

#[derive(Deserialize)]
struct Programme {
    name_zh: String,
    name_en: String,
    budget_fen: i64,
    valid_from: chrono::NaiveDate,
    valid_until: chrono::NaiveDate,
    enterprise_cap_fen: i64,
    holding_days: i32,
    categories: Vec<Category>,
}

#[derive(Deserialize)]
struct Category {
    category: String,
    subsidy_bp: i32,
}

/// With `PORTAL_DEMO_VENDOR_URL` and `PORTAL_DEMO_VENDOR_KEY` (hex) set, as README command 1
/// sets them, every demo vendor's operations go to that system (the reference vendor system).
async fn register_vendor_system(pool: &PgPool, vendors: &[Vendor]) -> anyhow::Result<()> {
    let (Ok(url), Ok(key)) = (
        std::env::var("PORTAL_DEMO_VENDOR_URL"),
        std::env::var("PORTAL_DEMO_VENDOR_KEY"),
    ) else {
        return Ok(());
    };
    let system = app::domain::department_backend::HttpBackend::parse(&url, &key, 5000, 4)?;
    for vendor in vendors {
        app::core::market::vendor_systems::set(pool, vendor.id, &system)
            .await
            .with_context(|| format!("the system of demo vendor {}", vendor.name))?;
    }
    tracing::info!(url = %system.base_url, "demo vendors use the reference vendor system");
    Ok(())
}

/// The demo vendor's login name (the README lists it).
pub const DEMO_VENDOR: &str = "vendor.yunqi";

pub async fn load(
    pool: &PgPool,
    password_hash: &str,
    enterprise_credit_code: &str,
) -> anyhow::Result<()> {
    let seed: Seed = serde_json::from_str(SEED).context("market seed")?;
    for vendor in &seed.vendors {
        for listing in &vendor.listings {
            listing
                .check()
                .map_err(|p| anyhow::anyhow!("seed listing {} invalid: {p:?}", listing.name_zh))?;
        }
        seed_vendor(
            pool,
            &SeedVendor {
                id: Some(vendor.id),
                name: &vendor.name,
                credit_code: &vendor.credit_code,
                legal_rep: &vendor.legal_rep,
                contact_name: &vendor.contact_name,
                contact_mobile: &vendor.contact_mobile,
                contact_email: &vendor.contact_email,
                mlps_level: vendor.mlps_level,
                data_in_mainland: vendor.data_in_mainland,
                crypto_assessed: vendor.crypto_assessed,
                admin_username: &vendor.admin_username,
                admin_display_name: &vendor.admin_display_name,
                password_hash,
            },
            &vendor.listings,
        )
        .await
        .with_context(|| format!("demo vendor {}", vendor.name))?;
    }
    register_vendor_system(pool, &seed.vendors).await?;
    let p = &seed.programme;
    // The demo enterprise, a restaurant of 25 people with ¥8 million revenue: small.
    let declared = Declared {
        industry: Industry::Catering,
        employees: 25,
        revenue_fen: 800_000_000,
        total_assets_fen: 300_000_000,
    };
    seed_programme(
        pool,
        &SeedProgramme {
            name_zh: &p.name_zh,
            name_en: &p.name_en,
            budget_fen: p.budget_fen,
            valid_from: p.valid_from,
            valid_until: p.valid_until,
            enterprise_cap_fen: p.enterprise_cap_fen,
            holding_days: p.holding_days,
            categories: p
                .categories
                .iter()
                .map(|c| (c.category.clone(), c.subsidy_bp))
                .collect(),
        },
        enterprise_credit_code,
        &declared,
    )
    .await
    .context("demo voucher programme")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The seed is valid marketplace data: every listing passes the domain's checks, every
    /// category has listings, every vendor at least two plans per listing.
    #[test]
    fn the_seed_is_valid_and_covers_every_category() {
        let seed: Seed = serde_json::from_str(SEED).expect("seed parses");
        assert!(seed.vendors.len() >= 8);
        let listings: Vec<&ListingContent> =
            seed.vendors.iter().flat_map(|v| &v.listings).collect();
        assert!(listings.len() >= 24);
        for listing in &listings {
            assert_eq!(listing.check(), Ok(()), "{}", listing.name_zh);
            assert!(listing.plans.len() >= 2, "{}", listing.name_zh);
        }
        for category in app::domain::market::Category::ALL {
            assert!(
                listings.iter().any(|l| l.category == *category),
                "{category:?}"
            );
        }
        assert!(seed.vendors.iter().any(|v| v.admin_username == DEMO_VENDOR));
    }
}
