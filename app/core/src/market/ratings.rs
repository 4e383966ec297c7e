//! Ratings of what enterprises used: one per subscription, by an agent of its enterprise,
//! after 30 days of use; the product page shows each listing's average and latest comments.
use super::{MarketError, MarketResult};
use crate::error::InternalError;
use portal_types::domain::market::subscription::may_rate;
use portal_types::views::market::{ProductRatings, RatingComment};
use sqlx::PgPool;
use uuid::Uuid;

/// Longest comment kept.
pub const MAX_COMMENT_CHARS: usize = 500;

pub async fn rate(
    pool: &PgPool,
    account_id: Uuid,
    subscription_id: Uuid,
    score: i16,
    comment: Option<&str>,
) -> MarketResult<()> {
    if !(1..=5).contains(&score) {
        return Err(MarketError::Invalid(vec![
            portal_types::domain::forms::FieldError::new("score", "market-rating-score"),
        ]));
    }
    if comment.is_some_and(|c| c.chars().count() > MAX_COMMENT_CHARS) {
        return Err(MarketError::Invalid(vec![
            portal_types::domain::forms::FieldError::new("comment", "market-rating-comment-long"),
        ]));
    }
    // Only the enterprise's own agents, only after 30 days of use.
    let found = sqlx::query!(
        r#"select s.listing_id, s.started_on as "started_on: chrono::NaiveDate",
                  (now() at time zone 'Asia/Shanghai')::date as "today!: chrono::NaiveDate"
           from subscriptions s
           join enterprise_agents g on g.enterprise_id = s.enterprise_id
                and g.account_id = $2 and g.status = 'active'
           where s.id = $1"#,
        subscription_id,
        account_id
    )
    .fetch_optional(pool)
    .await?
    .ok_or(MarketError::NotFound)?;
    if !may_rate(found.started_on, found.today) {
        return Err(MarketError::Refused("market-rating-too-early"));
    }
    let inserted = sqlx::query!(
        "insert into subscription_ratings (subscription_id, listing_id, score, comment, rated_by)
         values ($1, $2, $3, $4, $5) on conflict do nothing",
        subscription_id,
        found.listing_id,
        score,
        comment,
        account_id
    )
    .execute(pool)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(MarketError::Refused("market-rating-already"));
    }
    Ok(())
}

/// A listing's average (in tenths, never a float), count and latest comments.
pub async fn of_listing(pool: &PgPool, listing_id: Uuid) -> Result<ProductRatings, InternalError> {
    let summary = sqlx::query!(
        r#"select count(*) as "count!", coalesce(round(avg(score) * 10), 0)::bigint as "tenths!"
           from subscription_ratings where listing_id = $1"#,
        listing_id
    )
    .fetch_one(pool)
    .await?;
    let comments = sqlx::query!(
        r#"select r.score, r.comment as "comment!", e.name as enterprise
           from subscription_ratings r
           join subscriptions s on s.id = r.subscription_id
           join enterprises e on e.id = s.enterprise_id
           where r.listing_id = $1 and r.comment is not null
           order by r.at desc limit 5"#,
        listing_id
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| RatingComment {
        score: r.score,
        comment: r.comment,
        enterprise: r.enterprise,
    })
    .collect();
    Ok(ProductRatings {
        count: summary.count,
        average_tenths: summary.tenths,
        comments,
    })
}

/// Whether this subscription was rated already (the page offers the form only once).
pub async fn rated(pool: &PgPool, subscription_id: Uuid) -> Result<bool, InternalError> {
    Ok(sqlx::query_scalar!(
        r#"select exists(select 1 from subscription_ratings where subscription_id = $1) as "rated!""#,
        subscription_id
    )
    .fetch_one(pool)
    .await?)
}
