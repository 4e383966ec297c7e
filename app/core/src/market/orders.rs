//! Orders: an enterprise's agent picks a plan and a quantity, sees the price breakdown (list
//! price, vendor discount, subsidy, SME share) and confirms. The confirmation reserves the
//! subsidy against the programme and the enterprise's cap in the order's own transaction, and
//! is refused — nothing written — when the price it showed no longer holds.
use super::subscriptions::{record_move, MoveRecord};
use super::vouchers::{book, headroom};
use super::{MarketError, MarketResult};
use crate::notifications::CaseNotice;
use portal_types::actors::EnterpriseAgent;
use portal_types::domain::market::forms::OrderForm;
use portal_types::domain::market::listing::{ListingContent, Plan};
use portal_types::domain::market::subscription::{Mover, Operation, SubscriptionState};
use portal_types::domain::market::subsidy::{breakdown, list_price, PriceBreakdown, SubsidyLimits};
use portal_types::views::market::{OrderPage, OrderingFor, Quote};
use sqlx::types::Json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// The published version an order is for, as the order needs it.
pub(crate) struct Orderable {
    pub vendor_id: Uuid,
    pub version: i32,
    pub content: ListingContent,
    pub suspended: bool,
}

pub(crate) async fn orderable(
    conn: &mut PgConnection,
    listing_id: Uuid,
) -> Result<Option<Orderable>, sqlx::Error> {
    let row = sqlx::query!(
        r#"select l.vendor_id, l.published_version as "version!", l.suspended_at is not null as "suspended!",
                  v.content as "content: Json<ListingContent>"
           from listings l
           join listing_versions v on v.listing_id = l.id and v.version = l.published_version
           join vendors d on d.id = l.vendor_id and d.status = 'approved'
           where l.id = $1"#,
        listing_id
    )
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| Orderable {
        vendor_id: r.vendor_id,
        version: r.version,
        content: r.content.0,
        suspended: r.suspended,
    }))
}

/// The plan, and the quantity within its bounds.
pub(crate) fn plan_for<'a>(
    content: &'a ListingContent,
    plan_code: &str,
    quantity: i32,
) -> MarketResult<&'a Plan> {
    let plan = content
        .plans
        .iter()
        .find(|p| p.code == plan_code)
        .ok_or(MarketError::Refused("market-plan-unknown"))?;
    if quantity < plan.min_seats || quantity > plan.max_seats {
        return Err(MarketError::Refused("market-quantity-out-of-bounds"));
    }
    Ok(plan)
}

/// A price and where its subsidy comes from.
pub(crate) struct Priced {
    pub breakdown: PriceBreakdown,
    pub programme_id: Option<Uuid>,
    pub year: Option<i32>,
    /// Why there is no (or less) subsidy, as a translation key.
    pub no_subsidy_key: Option<&'static str>,
}

/// Prices an order now, from what the voucher rows say (unlocked; `book` checks again).
pub(crate) async fn price(
    conn: &mut PgConnection,
    enterprise_id: Uuid,
    product: &Orderable,
    plan: &Plan,
    quantity: i32,
    use_voucher: bool,
) -> MarketResult<Priced> {
    let list = list_price(plan.seat_price_fen, quantity)
        .ok_or(MarketError::Refused("market-quantity-out-of-bounds"))?;
    let discount = product.content.vendor_discount_bp;
    let unsubsidised = |key: Option<&'static str>| Priced {
        breakdown: breakdown(list, discount, None),
        programme_id: None,
        year: None,
        no_subsidy_key: key,
    };
    if !use_voucher {
        return Ok(unsubsidised(None));
    }
    // A vendor never subsidises itself: same credit code or same legal representative. The
    // representative is one person: compared by the ID number the legal-entity register holds
    // for both (two people may share a name; one person may be written two ways), and by
    // name only where the register does not know one of the two.
    let related = sqlx::query_scalar!(
        r#"select exists(
             select 1
             from enterprises e
             cross join vendors v
             left join base_entities er on er.credit_code = e.credit_code
             left join base_entities vr on vr.credit_code = v.credit_code
             where e.id = $1 and v.id = $2
               and (e.credit_code = v.credit_code
                    or case when er.credit_code is not null and vr.credit_code is not null
                            then er.legal_rep_id_number = vr.legal_rep_id_number
                            else trim(e.legal_rep) = trim(v.legal_rep) end))
           as "related!""#,
        enterprise_id,
        product.vendor_id
    )
    .fetch_one(&mut *conn)
    .await?;
    if related {
        return Ok(unsubsidised(Some("market-no-subsidy-related-party")));
    }
    let Some(room) = headroom(conn, enterprise_id, product.content.category.as_str()).await? else {
        return Ok(unsubsidised(Some("market-no-subsidy-not-enrolled")));
    };
    let full = breakdown(
        list,
        discount,
        Some(&SubsidyLimits {
            subsidy_bp: room.subsidy_bp,
            enterprise_cap_left_fen: i64::MAX,
            budget_left_fen: i64::MAX,
        }),
    );
    let limited = breakdown(
        list,
        discount,
        Some(&SubsidyLimits {
            subsidy_bp: room.subsidy_bp,
            enterprise_cap_left_fen: room.cap_left_fen,
            budget_left_fen: room.budget_left_fen,
        }),
    );
    let key = if limited.subsidy_fen == full.subsidy_fen {
        None
    } else if room.cap_left_fen < room.budget_left_fen {
        Some("market-subsidy-cap-reached")
    } else {
        Some("market-subsidy-budget-exhausted")
    };
    Ok(Priced {
        breakdown: limited,
        programme_id: (limited.subsidy_fen > 0).then_some(room.programme_id),
        year: (limited.subsidy_fen > 0).then_some(room.year),
        no_subsidy_key: key,
    })
}

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
            Some(quote(pool, listing_id, request).await?)
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

async fn quote(pool: &PgPool, listing_id: Uuid, request: QuoteRequest) -> MarketResult<Quote> {
    let mut conn = pool.acquire().await?;
    let product = orderable(&mut conn, listing_id)
        .await?
        .ok_or(MarketError::NotFound)?;
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
    let priced = price(
        &mut conn,
        request.enterprise_id,
        &product,
        plan,
        request.quantity,
        request.use_voucher,
    )
    .await?;
    quote.breakdown = priced.breakdown;
    quote.programme_id = priced.programme_id;
    quote.no_subsidy_key = priced.no_subsidy_key.map(str::to_string);
    Ok(quote)
}

/// Places an order. The same idempotency key from the same account gives the first order
/// back. An admin's order needs no approval; an agent's waits for an admin.
pub async fn place(
    pool: &PgPool,
    agent: &EnterpriseAgent,
    listing_id: Uuid,
    form: &OrderForm,
) -> MarketResult<Uuid> {
    if form.enterprise_id != agent.enterprise_id {
        return Err(MarketError::NotFound);
    }
    if let Some(id) = existing(pool, agent.account_id, &form.idempotency_key).await? {
        return Ok(id);
    }
    let mut tx = pool.begin().await?;
    let product = orderable(&mut tx, listing_id)
        .await?
        .ok_or(MarketError::NotFound)?;
    if product.suspended {
        return Err(MarketError::Refused("market-listing-suspended"));
    }
    if product.version != form.listing_version {
        return Err(MarketError::Refused("market-listing-changed"));
    }
    let plan = plan_for(&product.content, &form.plan_code, form.quantity)?;
    let priced = price(
        &mut tx,
        agent.enterprise_id,
        &product,
        plan,
        form.quantity,
        form.use_voucher,
    )
    .await?;
    if priced.breakdown.subsidy_fen != form.expected_subsidy_fen
        || priced.breakdown.sme_fen != form.expected_sme_fen
    {
        // The price shown no longer holds (budget or cap used meanwhile, or a new price).
        return Err(MarketError::Refused(
            priced.no_subsidy_key.unwrap_or("market-price-changed"),
        ));
    }
    let state = if agent.is_admin {
        SubscriptionState::AwaitingProvisioning
    } else {
        SubscriptionState::AwaitingApproval
    };
    let b = priced.breakdown;
    let inserted = sqlx::query_scalar!(
        "insert into subscriptions (enterprise_id, vendor_id, listing_id, listing_version,
             plan_code, quantity, term, state, ordered_by, idempotency_key, list_fen,
             vendor_discount_fen, subsidy_fen, sme_fen, programme_id, voucher_year)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         on conflict (ordered_by, idempotency_key) do nothing
         returning id",
        agent.enterprise_id,
        product.vendor_id,
        listing_id,
        product.version,
        plan.code,
        form.quantity,
        plan.term.as_str(),
        state.as_str(),
        agent.account_id,
        form.idempotency_key,
        b.list_fen,
        b.vendor_discount_fen,
        b.subsidy_fen,
        b.sme_fen,
        priced.programme_id,
        priced.year,
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = inserted else {
        // A double click that raced this one: the first order stands.
        drop(tx);
        return existing(pool, agent.account_id, &form.idempotency_key)
            .await?
            .ok_or(MarketError::Refused("market-price-changed"));
    };
    let mover = if agent.is_admin {
        Mover::EnterpriseAdmin
    } else {
        Mover::Agent
    };
    record_move(
        &mut tx,
        MoveRecord {
            subscription_id: id,
            kind: "ordered",
            from: None,
            to: state,
            mover,
            actor_id: Some(agent.account_id),
            reason: None,
            operation: agent.is_admin.then_some(Operation::Provision),
        },
    )
    .await?;
    if !agent.is_admin {
        tell_admins(&mut tx, agent.enterprise_id, id, &product.content).await?;
    }
    // The reservation is the last statement: every order of the programme updates its row,
    // and holds it from here to the commit.
    if let (Some(programme_id), Some(year)) = (priced.programme_id, priced.year) {
        book(
            &mut tx,
            "reserve",
            programme_id,
            agent.enterprise_id,
            year,
            id,
            b.subsidy_fen,
            Some(agent.account_id),
            "order placed",
        )
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

async fn existing(pool: &PgPool, account_id: Uuid, key: &str) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar!(
        "select id from subscriptions where ordered_by = $1 and idempotency_key = $2",
        account_id,
        key
    )
    .fetch_optional(pool)
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
