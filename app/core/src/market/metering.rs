//! Metered usage from vendors' systems: each record judged on its own
//! ([`portal_types::domain::market::metering::judge`]) and, when it counts, stored once (its
//! record id is unique per vendor), priced from the subscription's plan.
use crate::error::InternalError;
use chrono::{DateTime, Utc};
use portal_types::domain::market::listing::ListingContent;
use portal_types::domain::market::metering::{judge, Entitlement, Refusal};
use portal_types::domain::market::subscription::SubscriptionState;
use sqlx::types::Json;
use sqlx::PgPool;
use std::collections::HashMap;
use uuid::Uuid;

/// One record as submitted.
pub struct Usage<'a> {
    pub record_id: &'a str,
    pub subscription_id: Uuid,
    pub dimension: &'a str,
    pub quantity: i64,
    pub used_at: DateTime<Utc>,
}

/// What became of one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counted {
    Accepted,
    Duplicate,
    Refused(Refusal),
}

/// The subscription's state and its plan's dimensions with their unit prices.
struct Plan {
    state: SubscriptionState,
    prices: HashMap<String, i64>,
}

/// Judges and stores a batch of `vendor_id`'s records; one result per record, in order.
pub async fn record_batch(
    pool: &PgPool,
    vendor_id: Uuid,
    records: &[Usage<'_>],
) -> Result<Vec<Counted>, InternalError> {
    let ids: Vec<Uuid> = records.iter().map(|r| r.subscription_id).collect();
    // Only this vendor's subscriptions: another's is "not entitled", like an unknown one.
    let plans: HashMap<Uuid, Plan> = sqlx::query!(
        r#"select s.id, s.state, s.plan_code, v.content as "content: Json<ListingContent>"
           from subscriptions s
           join listing_versions v on v.listing_id = s.listing_id and v.version = s.listing_version
           where s.id = any($1) and s.vendor_id = $2"#,
        &ids,
        vendor_id
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .filter_map(|r| {
        let state = SubscriptionState::parse(&r.state)?;
        let prices = r
            .content
            .plans
            .iter()
            .find(|p| p.code == r.plan_code)
            .map(|p| {
                p.metered
                    .iter()
                    .map(|m| (m.code.clone(), m.unit_price_fen))
                    .collect()
            })
            .unwrap_or_default();
        Some((r.id, Plan { state, prices }))
    })
    .collect();
    let now = Utc::now();
    let mut results = Vec::with_capacity(records.len());
    for record in records {
        let plan = plans.get(&record.subscription_id);
        let dimensions: Vec<String> = plan
            .map(|p| p.prices.keys().cloned().collect())
            .unwrap_or_default();
        let entitlement = plan.map(|p| Entitlement {
            state: p.state,
            dimensions: &dimensions,
        });
        if let Err(refusal) = judge(
            record.record_id,
            record.quantity,
            record.used_at,
            record.dimension,
            entitlement.as_ref(),
            now,
        ) {
            results.push(Counted::Refused(refusal));
            continue;
        }
        let unit_price = plan
            .and_then(|p| p.prices.get(record.dimension))
            .copied()
            .unwrap_or(0);
        let Some(amount) = record.quantity.checked_mul(unit_price) else {
            results.push(Counted::Refused(Refusal::Invalid));
            continue;
        };
        let stored = sqlx::query!(
            "insert into usage_records (vendor_id, record_id, subscription_id, dimension, quantity,
                                        unit_price_fen, amount_fen, used_at)
             values ($1, $2, $3, $4, $5, $6, $7, $8)
             on conflict (vendor_id, record_id) do nothing",
            vendor_id,
            record.record_id,
            record.subscription_id,
            record.dimension,
            record.quantity,
            unit_price,
            amount,
            record.used_at as _,
        )
        .execute(pool)
        .await?;
        results.push(if stored.rows_affected() == 1 {
            Counted::Accepted
        } else {
            Counted::Duplicate
        });
    }
    Ok(results)
}
