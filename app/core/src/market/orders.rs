//! Orders: an enterprise's agent picks a plan and a quantity, sees the price breakdown (list
//! price, vendor discount, subsidy, SME share) and confirms. The confirmation reserves the
//! subsidy against the programme and the enterprise's cap in the order's own transaction, and
//! is refused — nothing written — when the price it showed no longer holds.
use super::pricing::{facts, plan_for, price, Orderable, Priced};
use super::vouchers::{no_free_slice, refused_reservation};
use super::{MarketError, MarketResult};
use crate::delivery::wake::wake_dispatcher;
use crate::notifications::CaseNotice;
use portal_types::actors::EnterpriseAgent;
use portal_types::domain::market::forms::OrderForm;
use portal_types::domain::market::listing::{ListingContent, Plan};
use portal_types::domain::market::subscription::{Mover, Operation, SubscriptionState};
use portal_types::domain::market::subsidy::breakdown;
use portal_types::views::market::{OrderPage, OrderingFor, Quote};
use sqlx::{Acquire, PgConnection, PgPool};
use uuid::Uuid;

/// What the order page asks for when the agent has chosen.
#[derive(Clone, Debug)]
pub struct QuoteRequest {
    pub enterprise_id: Uuid,
    pub plan_code: String,
    pub quantity: i32,
    pub use_voucher: bool,
}

/// The order page: product, the enterprises the account acts for, the quote if asked.
pub async fn order_page(
    pool: &PgPool,
    account_id: Uuid,
    listing_id: Uuid,
    request: Option<QuoteRequest>,
) -> MarketResult<OrderPage> {
    let product = super::catalogue::product(pool, listing_id)
        .await?
        .ok_or(MarketError::NotFound)?;
    let enterprises = sqlx::query!(
        "select e.id, e.name, g.is_admin from enterprise_agents g
         join enterprises e on e.id = g.enterprise_id
         where g.account_id = $1 and g.status = 'active' order by e.name limit 50",
        account_id
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| OrderingFor {
        enterprise_id: r.id,
        name: r.name,
        is_admin: r.is_admin,
    })
    .collect::<Vec<_>>();
    let quote = match request {
        Some(request)
            if enterprises
                .iter()
                .any(|e| e.enterprise_id == request.enterprise_id) =>
        {
            Some(quote(pool, account_id, listing_id, request).await?)
        }
        _ => None,
    };
    Ok(OrderPage {
        product,
        enterprises,
        quote,
        idempotency_key: uuid::Builder::from_random_bytes(rand::random())
            .into_uuid()
            .to_string(),
    })
}

async fn quote(
    pool: &PgPool,
    account_id: Uuid,
    listing_id: Uuid,
    request: QuoteRequest,
) -> MarketResult<Quote> {
    let mut conn = pool.acquire().await?;
    let facts = facts(
        &mut conn,
        request.enterprise_id,
        account_id,
        listing_id,
        None,
    )
    .await?;
    let product = facts.product.as_ref().ok_or(MarketError::NotFound)?;
    let mut quote = Quote {
        enterprise_id: request.enterprise_id,
        plan_code: request.plan_code.clone(),
        quantity: request.quantity,
        use_voucher: request.use_voucher,
        breakdown: breakdown(0, 0, None),
        programme_id: None,
        no_subsidy_key: None,
        problem_key: None,
    };
    let plan = match plan_for(&product.content, &request.plan_code, request.quantity) {
        Ok(plan) => plan,
        Err(MarketError::Refused(key)) => {
            quote.problem_key = Some(key.to_string());
            return Ok(quote);
        }
        Err(other) => return Err(other),
    };
    let priced = price(&facts, product, plan, request.quantity, request.use_voucher)?;
    quote.breakdown = priced.breakdown;
    quote.programme_id = priced.programme_id;
    quote.no_subsidy_key = priced.no_subsidy_key.map(str::to_string);
    Ok(quote)
}

/// Places an order. The same idempotency key from the same account gives the first order
/// back. An admin's order needs no approval; an agent's waits for an admin.
///
/// Two round trips for an admin's order: the facts, read unlocked, then one statement that
/// writes the subscription, its event and the vendor operation and reserves the subsidy, as
/// its own transaction (a refused reservation undoes all of it). The slices and the
/// enterprise's year row are so held only from the reservation to that statement's end.
pub async fn place(
    pool: &PgPool,
    agent: &EnterpriseAgent,
    listing_id: Uuid,
    form: &OrderForm,
) -> MarketResult<Uuid> {
    if form.enterprise_id != agent.enterprise_id {
        return Err(MarketError::NotFound);
    }
    let mut conn = pool.acquire().await?;
    let facts = facts(
        &mut conn,
        agent.enterprise_id,
        agent.account_id,
        listing_id,
        Some(&form.idempotency_key),
    )
    .await?;
    if let Some(id) = facts.existing {
        return Ok(id);
    }
    let product = facts.product.as_ref().ok_or(MarketError::NotFound)?;
    if product.suspended {
        return Err(MarketError::Refused("market-listing-suspended"));
    }
    if product.version != form.listing_version {
        return Err(MarketError::Refused("market-listing-changed"));
    }
    let plan = plan_for(&product.content, &form.plan_code, form.quantity)?;
    let priced = price(&facts, product, plan, form.quantity, form.use_voucher)?;
    if priced.breakdown.subsidy_fen != form.expected_subsidy_fen
        || priced.breakdown.sme_fen != form.expected_sme_fen
    {
        // The price shown no longer holds (budget or cap used meanwhile, or a new price).
        return Err(MarketError::Refused(
            priced.no_subsidy_key.unwrap_or("market-price-changed"),
        ));
    }
    let order = NewOrder {
        agent,
        listing_id,
        product,
        plan,
        form,
        priced: &priced,
    };
    // First without waiting for a budget slice; where none was free the statement was rolled
    // back whole, and the order is placed again waiting for one.
    let mut wait = false;
    let placed = loop {
        let attempt = if agent.is_admin {
            insert(&mut conn, &order, wait).await
        } else {
            insert_telling_admins(&mut conn, &order, wait).await
        };
        match attempt {
            Err(error) if !wait && no_free_slice(&error) => wait = true,
            attempt => break attempt.map_err(refused_reservation)?,
        }
    };
    let Some(placed) = placed else {
        // A double click that raced this one: the first order stands.
        return existing(&mut conn, agent.account_id, &form.idempotency_key)
            .await?
            .ok_or(MarketError::Refused("market-price-changed"));
    };
    if placed.operations > 0 {
        wake_dispatcher(pool);
    }
    Ok(placed.id)
}

/// An order as it is written.
struct NewOrder<'a> {
    agent: &'a EnterpriseAgent,
    listing_id: Uuid,
    product: &'a Orderable,
    plan: &'a Plan,
    form: &'a OrderForm,
    priced: &'a Priced,
}

struct Placed {
    id: Uuid,
    /// Vendor operations queued (an admin's order asks the vendor's system to provision).
    operations: i64,
}

/// An agent's order and the notices telling the enterprise's admins, in one transaction.
async fn insert_telling_admins(
    conn: &mut PgConnection,
    order: &NewOrder<'_>,
    wait: bool,
) -> Result<Option<Placed>, sqlx::Error> {
    let mut tx = conn.begin().await?;
    let placed = insert(&mut tx, order, wait).await?;
    if let Some(placed) = &placed {
        let enterprise_id = order.agent.enterprise_id;
        tell_admins(&mut tx, enterprise_id, placed.id, &order.product.content).await?;
        tx.commit().await?;
    }
    Ok(placed)
}

/// The order's one statement: the subscription, its event, for an admin's order the vendor
/// operation, and the reservation last. `None` when an order with the key was there first.
/// `wait`: the reservation waits for a budget slice instead of failing with
/// [`no_free_slice`] when none with room is free.
async fn insert(
    conn: &mut PgConnection,
    order: &NewOrder<'_>,
    wait: bool,
) -> Result<Option<Placed>, sqlx::Error> {
    let (state, mover, operation) = if order.agent.is_admin {
        (
            SubscriptionState::AwaitingProvisioning,
            Mover::EnterpriseAdmin,
            Some(Operation::Provision),
        )
    } else {
        (SubscriptionState::AwaitingApproval, Mover::Agent, None)
    };
    let b = order.priced.breakdown;
    // The operation's generation is 2, as a move's operation raises it from the row's 1.
    let placed = sqlx::query!(
        r#"with sub as (
               insert into subscriptions (enterprise_id, vendor_id, listing_id, listing_version,
                   plan_code, quantity, term, state, ordered_by, idempotency_key, list_fen,
                   vendor_discount_fen, subsidy_fen, sme_fen, programme_id, voucher_year,
                   generation)
               values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
                       case when $18::text is null then 1 else 2 end)
               on conflict (ordered_by, idempotency_key) do nothing
               returning *),
           ev as (
               insert into subscription_events (subscription_id, kind, from_state, to_state,
                                                mover, actor_id, reason)
               select id, 'ordered', null, state, $17, ordered_by, null from sub
               returning id, subscription_id),
           op as (
               select queue_vendor_operation(to_jsonb(s), ev.id, $18) as id
               from sub s join ev on ev.subscription_id = s.id
               where $18::text is not null)
           select s.id, (select count(*) from op) as "operations!",
                  case when s.programme_id is null then false
                       else voucher_reserve(s.programme_id, s.enterprise_id, s.voucher_year,
                                            s.id, s.subsidy_fen, 'order placed', s.ordered_by,
                                            $19)
                  end as "reserved!"
           from sub s"#,
        order.agent.enterprise_id,
        order.product.vendor_id,
        order.listing_id,
        order.product.version,
        order.plan.code,
        order.form.quantity,
        order.plan.term.as_str(),
        state.as_str(),
        order.agent.account_id,
        order.form.idempotency_key,
        b.list_fen,
        b.vendor_discount_fen,
        b.subsidy_fen,
        b.sme_fen,
        order.priced.programme_id,
        order.priced.year,
        mover.as_str(),
        operation.map(Operation::as_str),
        wait,
    )
    .fetch_optional(conn)
    .await?;
    Ok(placed.map(|row| Placed {
        id: row.id,
        operations: row.operations,
    }))
}

async fn existing(
    conn: &mut PgConnection,
    account_id: Uuid,
    key: &str,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar!(
        "select id from subscriptions where ordered_by = $1 and idempotency_key = $2",
        account_id,
        key
    )
    .fetch_optional(conn)
    .await
}

/// Every active admin of the enterprise hears of an order waiting for them.
async fn tell_admins(
    conn: &mut PgConnection,
    enterprise_id: Uuid,
    subscription_id: Uuid,
    content: &ListingContent,
) -> Result<(), sqlx::Error> {
    let notice = CaseNotice {
        case_number: String::new(),
        service_zh: content.name_zh.clone(),
        service_en: content.name_en.clone(),
        reason: String::new(),
        case_path: format!("/market/subscriptions/{subscription_id}"),
    };
    let admins = sqlx::query_scalar!(
        "select g.account_id from enterprise_agents g join accounts a on a.id = g.account_id
         where g.enterprise_id = $1 and g.is_admin and g.status = 'active' and not a.disabled",
        enterprise_id
    )
    .fetch_all(&mut *conn)
    .await?;
    for admin in admins {
        super::subscriptions::notify(
            conn,
            admin,
            subscription_id,
            "market-order-awaiting-approval",
            &notice,
        )
        .await?;
    }
    Ok(())
}
