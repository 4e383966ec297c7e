//! What the pages show of subscriptions: the lists of an enterprise's agents and of a vendor
//! (one query shape, scoped by each viewer's `where`), and one subscription with its history
//! and the moves its viewer may make.
use super::subscriptions::{lock, move_named, mover_of, Locked, MoveBy};
use super::{MarketError, MarketResult};
use portal_types::domain::market::listing::ListingContent;
use portal_types::domain::market::subscription::{Mover, SubscriptionState};
use portal_types::domain::market::subsidy::PriceBreakdown;
use portal_types::domain::market::Term;
use portal_types::views::market::{
    MyCloudServices, SubscriptionDetail, SubscriptionEventRow, SubscriptionRow,
};
use portal_types::Text;
use sqlx::types::Json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// Rows of the lists, scoped by the caller's `where`: one query shape for every viewer.
macro_rules! subscription_rows {
    ($pool:expr, $where:literal, $arg:expr) => {
        sqlx::query!(
            r#"select s.id, s.listing_id, v.name_zh, v.name_en, e.name as enterprise_name,
                      s.plan_code, s.quantity, s.term, s.state, s.list_fen, s.vendor_discount_fen,
                      s.subsidy_fen, s.sme_fen, s.term_ends_on as "term_ends_on: chrono::NaiveDate", s.created_at as "created_at: chrono::DateTime<chrono::Utc>",
                      (select p->>'name_zh' from jsonb_array_elements(v.content->'plans') p
                        where p->>'code' = s.plan_code limit 1) as plan_zh,
                      (select p->>'name_en' from jsonb_array_elements(v.content->'plans') p
                        where p->>'code' = s.plan_code limit 1) as plan_en
               from subscriptions s
               join listing_versions v on v.listing_id = s.listing_id and v.version = s.listing_version
               join enterprises e on e.id = s.enterprise_id
               where "# + $where + r#"
               order by s.created_at desc limit 200"#,
            $arg
        )
        .fetch_all($pool)
        .await?
        .into_iter()
        .filter_map(|r| {
            let term = Term::parse(&r.term)?;
            let breakdown = PriceBreakdown {
                list_fen: r.list_fen,
                vendor_discount_fen: r.vendor_discount_fen,
                subsidy_fen: r.subsidy_fen,
                sme_fen: r.sme_fen,
            };
            Some(SubscriptionRow {
                id: r.id,
                listing_id: r.listing_id,
                product: Text::new(r.name_zh, r.name_en),
                enterprise_name: r.enterprise_name,
                plan: Text::new(r.plan_zh.unwrap_or_else(|| r.plan_code.clone()), r.plan_en.unwrap_or(r.plan_code)),
                quantity: r.quantity,
                term_key: term.label_key().to_string(),
                state: SubscriptionState::parse(&r.state)?,
                monthly: breakdown.per_month(term.months()),
                breakdown,
                term_ends_on: r.term_ends_on,
                created_at: r.created_at,
            })
        })
        .collect::<Vec<SubscriptionRow>>()
    };
}

/// "My cloud services": the subscriptions and orders of every enterprise the account acts for.
pub async fn my_cloud_services(pool: &PgPool, account_id: Uuid) -> MarketResult<MyCloudServices> {
    let rows = subscription_rows!(
        pool,
        "s.enterprise_id in (select enterprise_id from enterprise_agents
                             where account_id = $1 and status = 'active')",
        account_id
    );
    let (subscriptions, orders): (Vec<_>, Vec<_>) = rows.into_iter().partition(|r| {
        r.state.is_live()
            || r.state == SubscriptionState::Expired
            || r.state == SubscriptionState::Terminated
    });
    let vouchers = super::vouchers::balances(pool, account_id).await?;
    Ok(MyCloudServices {
        subscriptions,
        orders,
        vouchers,
    })
}

/// The vendor's view: subscriptions of its own products only.
pub async fn of_vendor(pool: &PgPool, vendor_id: Uuid) -> MarketResult<Vec<SubscriptionRow>> {
    Ok(subscription_rows!(pool, "s.vendor_id = $1", vendor_id))
}

/// One subscription, for an agent of its enterprise or its vendor's staff (else not found).
pub async fn detail(pool: &PgPool, by: MoveBy, id: Uuid) -> MarketResult<SubscriptionDetail> {
    let mut conn = pool.acquire().await?;
    let s = lock_free(&mut conn, id).await?;
    let (mover, _) = mover_of(&mut conn, by, &s).await?;
    let row = subscription_rows!(pool, "s.id = $1", id)
        .into_iter()
        .next()
        .ok_or(MarketError::NotFound)?;
    // Rated only after 30 days of use (a terminated or expired one that was used too).
    let used = row.state.is_live()
        || matches!(
            row.state,
            SubscriptionState::Terminated | SubscriptionState::Expired
        );
    let started = sqlx::query!(
        r#"select started_on as "started_on: chrono::NaiveDate",
                  (now() at time zone 'Asia/Shanghai')::date as "today!: chrono::NaiveDate"
           from subscriptions where id = $1"#,
        id
    )
    .fetch_one(pool)
    .await?;
    let rating_due = used
        && portal_types::domain::market::subscription::may_rate(started.started_on, started.today);
    let extra = sqlx::query!(
        "select d.name as vendor_name, a.display_name as ordered_by
         from subscriptions s join vendors d on d.id = s.vendor_id
         join accounts a on a.id = s.ordered_by where s.id = $1",
        id
    )
    .fetch_one(pool)
    .await?;
    let events = sqlx::query!(
        "select e.kind, e.to_state, a.display_name as \"actor?\", e.reason, e.at as \"at: chrono::DateTime<chrono::Utc>\"
         from subscription_events e left join accounts a on a.id = e.actor_id
         where e.subscription_id = $1 order by e.id limit 200",
        id
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .filter_map(|e| {
        Some(SubscriptionEventRow {
            kind: e.kind,
            to_state: SubscriptionState::parse(&e.to_state)?,
            actor_name: e.actor,
            reason: e.reason,
            at: e.at,
        })
    })
    .collect();
    let plans = sqlx::query!(
        r#"select v.content as "content: Json<ListingContent>",
                  s.pending_plan_code, s.pending_quantity
           from subscriptions s
           join listing_versions v on v.listing_id = s.listing_id and v.version = s.listing_version
           where s.id = $1"#,
        id
    )
    .fetch_one(pool)
    .await?;
    let name_of = |code: &str| {
        plans
            .content
            .plans
            .iter()
            .find(|p| p.code == code)
            .map(|p| Text::new(p.name_zh.clone(), p.name_en.clone()))
    };
    let pending_change = plans
        .pending_plan_code
        .as_deref()
        .and_then(name_of)
        .zip(plans.pending_quantity);
    let changeable = s.state.is_live() && matches!(mover, Mover::Agent | Mover::EnterpriseAdmin);
    let plan_choices = if changeable {
        plans
            .content
            .plans
            .iter()
            .map(|p| {
                (
                    p.code.clone(),
                    Text::new(p.name_zh.clone(), p.name_en.clone()),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    // The open operation's progress (one in flight per subscription) and the tool's address.
    let provisioning = sqlx::query!(
        r#"select o.progress_message, o.expected_at as "expected_at: chrono::DateTime<chrono::Utc>",
                  o.overdue_at is not null as "overdue!"
           from vendor_operations o
           where o.subscription_id = $1 and o.outcome is null and o.dead_at is null
           order by o.generation limit 1"#,
        id
    )
    .fetch_optional(pool)
    .await?;
    let access_url = sqlx::query_scalar!("select access_url from subscriptions where id = $1", id)
        .fetch_one(pool)
        .await?
        .filter(|_| s.state.is_live());
    let moves = portal_types::domain::market::subscription::moves_for(s.state, mover)
        .into_iter()
        .filter(|k| move_named(k, false).is_some())
        // Withdrawing while the vendor provisions is offered only once it is overdue.
        .filter(|k| {
            *k != "withdraw"
                || s.state != SubscriptionState::AwaitingProvisioning
                || s.provisioning_overdue
        })
        .map(str::to_string)
        .collect();
    Ok(SubscriptionDetail {
        row,
        enterprise_id: s.enterprise_id,
        vendor_name: extra.vendor_name,
        ordered_by: extra.ordered_by,
        events,
        plan_choices,
        pending_change,
        may_rate: matches!(mover, Mover::Agent | Mover::EnterpriseAdmin)
            && rating_due
            && !super::ratings::rated(pool, id).await?,
        moves,
        generation: s.generation,
        progress: provisioning
            .as_ref()
            .and_then(|p| p.progress_message.clone().map(|m| (m, p.expected_at))),
        overdue: provisioning.is_some_and(|p| p.overdue),
        may_open: access_url.is_some() && matches!(mover, Mover::Agent | Mover::EnterpriseAdmin),
        access_url,
    })
}

/// Like `lock`, without the row lock (pages only read).
async fn lock_free(conn: &mut PgConnection, id: Uuid) -> MarketResult<Locked> {
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    let locked = lock(&mut tx, id).await;
    tx.rollback().await?;
    locked
}
