//! Scheduled usage, as a metered tool reports it: every `rules.usage.every_ms`, one record per
//! active subscription (its id names the subscription and the period, so a restart or a second
//! instance never counts a period twice), kept in the store until the portal has answered it,
//! then sent signed in batches of at most 100 to `POST /api/market/v1/usage`; each record's
//! result is kept beside it.
use crate::config::{Config, UsageRule};
use chrono::{DateTime, Utc};
use portal_protocol::market::{
    UsageAnswer, UsageBatch, UsageRecord, MARKET_PROTOCOL, MAX_USAGE_RECORDS,
};
use portal_protocol::signing::{Direction, Signable, SignedHeaders};
use sqlx::PgPool;
use uuid::Uuid;

/// The portal's usage endpoint, relative to the origin of its callback addresses.
const USAGE_PATH: &str = "/api/market/v1/usage";

/// Records this period's usage for every active subscription that has none yet.
pub async fn accrue(pool: &PgPool, rule: &UsageRule, now: DateTime<Utc>) -> sqlx::Result<u64> {
    let every = i64::try_from(rule.every_ms.max(10)).unwrap_or(i64::MAX);
    let period = now.timestamp_millis() / every;
    let done = sqlx::query(
        "insert into refvendor.usage (record_id, vendor_id, subscription_id, dimension, quantity,
                                      used_at, callback_url)
         select s.subscription_id::text || '-' || $1::bigint, s.vendor_id, s.subscription_id, $2,
                $3, $4,
                (select o.body->>'callback_url' from refvendor.operations o
                 where o.subscription_id = s.subscription_id and o.vendor_id = s.vendor_id
                 order by o.last_at desc limit 1)
         from refvendor.subscriptions s where s.status = 'active'
         on conflict do nothing",
    )
    .bind(period)
    .bind(&rule.dimension)
    .bind(rule.quantity)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

#[derive(sqlx::FromRow)]
struct Unsent {
    record_id: String,
    vendor_id: Uuid,
    subscription_id: Uuid,
    dimension: String,
    quantity: i64,
    used_at: DateTime<Utc>,
    callback_url: Option<String>,
}

/// Sends up to one batch of unanswered records per vendor and portal; returns how many got an
/// answer. A failed batch stays for the next round.
pub async fn send_due(
    pool: &PgPool,
    client: &reqwest::Client,
    config: &Config,
) -> anyhow::Result<usize> {
    let unsent: Vec<Unsent> = sqlx::query_as(
        "select record_id, vendor_id, subscription_id, dimension, quantity, used_at, callback_url
         from refvendor.usage where result is null order by used_at, record_id limit 1000",
    )
    .fetch_all(pool)
    .await?;
    let mut batches: Vec<((Uuid, String), Vec<Unsent>)> = Vec::new();
    for record in unsent {
        let Some(origin) = record
            .callback_url
            .as_deref()
            .and_then(|u| reqwest::Url::parse(u).ok())
            .map(|u| u.origin().ascii_serialization())
        else {
            continue;
        };
        let key = (record.vendor_id, origin);
        match batches
            .iter_mut()
            .find(|(k, b)| *k == key && b.len() < MAX_USAGE_RECORDS)
        {
            Some((_, batch)) => batch.push(record),
            None => batches.push((key, vec![record])),
        }
    }
    let mut answered = 0;
    for ((vendor_id, origin), batch) in batches {
        let Some(key) = config.key_of(vendor_id) else {
            continue;
        };
        let body = serde_json::to_vec(&UsageBatch {
            protocol: MARKET_PROTOCOL.into(),
            records: batch
                .iter()
                .map(|r| UsageRecord {
                    record_id: r.record_id.clone(),
                    subscription_id: r.subscription_id,
                    dimension: r.dimension.clone(),
                    quantity: r.quantity,
                    used_at: r.used_at,
                })
                .collect(),
        })?;
        let signed = SignedHeaders::sign(
            &key.toward(Direction::SystemToPortal),
            &vendor_id.to_string(),
            &Signable {
                method: "POST",
                path_and_query: USAGE_PATH,
                idempotency_key: None,
                body: &body,
            },
            Utc::now().timestamp(),
        );
        let mut request = client
            .post(format!("{origin}{USAGE_PATH}"))
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
        for (name, value) in signed.pairs() {
            request = request.header(name, value);
        }
        let response = match request.send().await {
            Ok(r) if r.status().is_success() => r,
            Ok(r) => {
                tracing::warn!(status = %r.status(), "reference vendor: usage batch refused");
                continue;
            }
            Err(e) => {
                tracing::warn!(error = %e, "reference vendor: sending usage failed");
                continue;
            }
        };
        let answer: UsageAnswer = response.json().await?;
        for result in answer.results {
            let verdict = serde_json::to_value(result.result)?;
            sqlx::query(
                "update refvendor.usage set result = $2, answered_at = now() where record_id = $1",
            )
            .bind(&result.record_id)
            .bind(verdict.as_str().unwrap_or("unknown"))
            .execute(pool)
            .await?;
            answered += 1;
        }
    }
    Ok(answered)
}
