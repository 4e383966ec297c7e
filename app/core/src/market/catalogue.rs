//! The SME catalogue: published versions only, searched in both languages like the service
//! catalogue (every word must occur), filtered by category, price, trial, 等保 level and
//! voucher eligibility; a product's page; up to four side by side.
use crate::error::InternalError;
use portal_types::domain::market::listing::ListingContent;
use portal_types::domain::market::Category;
use portal_types::views::market::{
    MarketCatalogue, MarketFilter, MeasuredSla, Product, ProductCard, VendorFacts, LIST_LIMIT,
    MAX_COMPARE,
};
use portal_types::Text;
use sqlx::types::Json;
use sqlx::PgPool;
use uuid::Uuid;

/// `%` and `_` typed by a user are literal characters, not wildcards.
fn like_literal(term: &str) -> String {
    term.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

pub async fn search(
    pool: &PgPool,
    filter: &MarketFilter,
) -> Result<MarketCatalogue, InternalError> {
    let terms: Vec<String> = filter.terms().iter().map(|t| like_literal(t)).collect();
    let rows = sqlx::query!(
        r#"with subsidy as (
               select pc.category, max(pc.subsidy_bp) as bp
               from programme_categories pc join voucher_programmes p on p.id = pc.programme_id
               where current_date between p.valid_from and p.valid_until
                 and exists (select 1 from voucher_budget_slices s where s.programme_id = p.id
                             and s.reserved_fen + s.committed_fen < s.budget_fen)
               group by pc.category)
           select l.id, v.category, v.name_zh, v.name_en,
                  v.content->>'summary_zh' as "summary_zh!", v.content->>'summary_en' as "summary_en!",
                  d.name as vendor_name, d.mlps_level, v.min_month_fen, v.has_trial,
                  s.bp as "subsidy_bp?"
           from listings l
           join listing_versions v on v.listing_id = l.id and v.version = l.published_version
           join vendors d on d.id = l.vendor_id and d.status = 'approved'
           left join subsidy s on s.category = v.category
           where l.suspended_at is null
             and ($1::text is null or v.category = $1)
             and ($2::bigint is null or v.min_month_fen >= $2)
             and ($3::bigint is null or v.min_month_fen <= $3)
             and (not $4 or v.has_trial)
             and ($5::smallint is null or d.mlps_level >= $5)
             and (not $6 or s.bp is not null)
             and (select bool_and(v.search_text like '%' || t || '%') from unnest($7::text[]) t)
                 is not false
           order by v.category, v.name_zh
           limit $8"#,
        filter.category().map(|c| c.as_str()),
        MarketFilter::price_fen(&filter.min_price),
        MarketFilter::price_fen(&filter.max_price),
        filter.trial,
        filter.mlps_level(),
        filter.voucher,
        &terms,
        LIST_LIMIT,
    )
    .fetch_all(pool)
    .await?;
    let products = rows
        .into_iter()
        .filter_map(|r| {
            Some(ProductCard {
                listing_id: r.id,
                category: Category::parse(&r.category)?,
                name: Text::new(r.name_zh, r.name_en),
                summary: Text::new(r.summary_zh, r.summary_en),
                vendor_name: r.vendor_name,
                mlps_level: r.mlps_level,
                min_month_fen: r.min_month_fen,
                has_trial: r.has_trial,
                subsidy_bp: r.subsidy_bp.and_then(|bp| u32::try_from(bp).ok()),
            })
        })
        .collect();
    let categories = sqlx::query!(
        r#"select v.category, count(*) as "count!"
           from listings l
           join listing_versions v on v.listing_id = l.id and v.version = l.published_version
           join vendors d on d.id = l.vendor_id and d.status = 'approved'
           where l.suspended_at is null
           group by v.category"#
    )
    .fetch_all(pool)
    .await?;
    let categories = Category::ALL
        .iter()
        .map(|c| {
            let count = categories
                .iter()
                .find(|r| r.category == c.as_str())
                .map_or(0, |r| r.count);
            (*c, count)
        })
        .collect();
    Ok(MarketCatalogue {
        filter: filter.clone(),
        categories,
        products,
    })
}

/// Published products by id (in the order asked, unknown ids left out).
pub async fn products(pool: &PgPool, ids: &[Uuid]) -> Result<Vec<Product>, InternalError> {
    let ids: Vec<Uuid> = ids.iter().take(MAX_COMPARE.max(1)).copied().collect();
    let rows = sqlx::query!(
        r#"select l.id, l.published_version as "version!", l.suspended_at is not null as "suspended!",
                  v.content as "content: Json<ListingContent>",
                  d.name as vendor_name, d.mlps_level, d.data_in_mainland, d.crypto_assessed,
                  best.bp as "subsidy_bp?", best.name_zh as "programme_zh?", best.name_en as "programme_en?",
                  (select count(*) from subscriptions s where s.listing_id = l.id
                     and s.started_on is not null) as "subscribers!"
           from listings l
           join listing_versions v on v.listing_id = l.id and v.version = l.published_version
           join vendors d on d.id = l.vendor_id and d.status = 'approved'
           left join lateral (
               select pc.subsidy_bp as bp, p.name_zh, p.name_en
               from programme_categories pc join voucher_programmes p on p.id = pc.programme_id
               where pc.category = v.category
                 and current_date between p.valid_from and p.valid_until
               order by pc.subsidy_bp desc limit 1) best on true
           where l.id = any($1)"#,
        &ids
    )
    .fetch_all(pool)
    .await?;
    let mut products: Vec<Product> = rows
        .into_iter()
        .map(|r| Product {
            listing_id: r.id,
            version: r.version,
            content: r.content.0,
            vendor: VendorFacts {
                name: r.vendor_name,
                mlps_level: r.mlps_level,
                data_in_mainland: r.data_in_mainland,
                crypto_assessed: r.crypto_assessed,
            },
            suspended: r.suspended,
            subsidy_bp: r.subsidy_bp.and_then(|bp| u32::try_from(bp).ok()),
            programme: r
                .programme_zh
                .zip(r.programme_en)
                .map(|(zh, en)| Text::new(zh, en)),
            subscribers: r.subscribers,
            ratings: Default::default(),
            measured: Default::default(),
        })
        .collect();
    for product in &mut products {
        product.ratings = super::ratings::of_listing(pool, product.listing_id).await?;
        product.measured = measured(pool, product.listing_id).await?;
    }
    products.sort_by_key(|p| ids.iter().position(|id| *id == p.listing_id));
    Ok(products)
}

/// The listing's provisioning as the vendor's system reported it (operations judged: with an
/// outcome, or past their deadline).
async fn measured(pool: &PgPool, listing_id: Uuid) -> Result<MeasuredSla, InternalError> {
    let r = sqlx::query!(
        r#"select count(*) filter (where o.outcome = 'succeeded') as "provisions!",
                  ceil(percentile_cont(0.5) within group (
                      order by extract(epoch from o.outcome_at - o.created_at))
                      filter (where o.outcome = 'succeeded') / 60)::bigint as median_minutes,
                  ceil(percentile_cont(0.9) within group (
                      order by extract(epoch from o.outcome_at - o.created_at))
                      filter (where o.outcome = 'succeeded') / 60)::bigint as p90_minutes,
                  count(*) filter (where o.outcome is not null or o.overdue_at is not null)
                      as "judged!",
                  count(*) filter (where o.outcome_at <= o.deadline_at) as "on_time!"
           from vendor_operations o join subscriptions s on s.id = o.subscription_id
           where s.listing_id = $1 and o.operation = 'provision'"#,
        listing_id
    )
    .fetch_one(pool)
    .await?;
    Ok(MeasuredSla {
        provisions: r.provisions,
        median_minutes: r.median_minutes,
        p90_minutes: r.p90_minutes,
        on_time_bp: (r.judged > 0)
            .then(|| u32::try_from(r.on_time * 10_000 / r.judged).unwrap_or(0)),
    })
}

pub async fn product(pool: &PgPool, id: Uuid) -> Result<Option<Product>, InternalError> {
    Ok(products(pool, &[id]).await?.into_iter().next())
}
