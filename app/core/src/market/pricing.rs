//! What an order is priced from, read in one round trip without locking anything (the order
//! already placed with the key, the product, the related-party check, the programme's room),
//! and the price itself, computed in Rust from those facts. The quote and the order share both.
use super::vouchers::Headroom;
use super::{MarketError, MarketResult};
use portal_types::domain::market::listing::{ListingContent, Plan};
use portal_types::domain::market::subsidy::{breakdown, list_price, PriceBreakdown, SubsidyLimits};
use sqlx::types::Json;
use sqlx::PgConnection;
use uuid::Uuid;

/// The published version an order is for, as the order needs it.
pub(crate) struct Orderable {
    pub vendor_id: Uuid,
    pub version: i32,
    pub content: ListingContent,
    pub suspended: bool,
}

/// What pricing and placing an order read, in one round trip and without locking anything:
/// the order already placed with the idempotency key, the product, whether its vendor is a
/// related party of the enterprise, and what the best programme still has room for. Nothing
/// is locked: a quote must not wait, and the order's reservation checks budget and cap again
/// under the rows' locks.
pub(crate) struct OrderFacts {
    pub existing: Option<Uuid>,
    pub product: Option<Orderable>,
    pub related: bool,
    pub room: Option<Headroom>,
}

pub(crate) async fn facts(
    conn: &mut PgConnection,
    enterprise_id: Uuid,
    account_id: Uuid,
    listing_id: Uuid,
    idempotency_key: Option<&str>,
) -> Result<OrderFacts, sqlx::Error> {
    // A vendor never subsidises itself: same credit code or same legal representative. The
    // representative is one person: compared by the ID number the legal-entity register holds
    // for both (two people may share a name; one person may be written two ways), and by
    // name only where the register does not know one of the two.
    let row = sqlx::query!(
        r#"with this as (select extract(year from now() at time zone 'Asia/Shanghai')::int as year)
           select (select s.id from subscriptions s
                   where s.ordered_by = $2 and s.idempotency_key = $4) as existing,
                  l.vendor_id as "vendor_id?", l.published_version as "version?",
                  l.suspended_at is not null as "suspended?",
                  l.content as "content?: Json<ListingContent>",
                  coalesce(l.related, false) as "related!",
                  h.id as "programme_id?", h.subsidy_bp as "subsidy_bp?", this.year as "year!",
                  h.budget_left as "budget_left?", h.cap_left as "cap_left?"
           from this
           left join lateral (
               select l.vendor_id, l.published_version, l.suspended_at, v.content,
                      exists(
                        select 1
                        from enterprises e
                        cross join vendors d
                        left join base_entities er on er.credit_code = e.credit_code
                        left join base_entities dr on dr.credit_code = d.credit_code
                        where e.id = $1 and d.id = l.vendor_id
                          and (e.credit_code = d.credit_code
                               or case when er.credit_code is not null and dr.credit_code is not null
                                       then er.legal_rep_id_number = dr.legal_rep_id_number
                                       else trim(e.legal_rep) = trim(d.legal_rep) end)) as related
               from listings l
               join listing_versions v on v.listing_id = l.id and v.version = l.published_version
               join vendors d on d.id = l.vendor_id and d.status = 'approved'
               where l.id = $3) l on true
           left join lateral (
               select p.id, pc.subsidy_bp,
                      (select coalesce(sum(s.budget_fen - s.reserved_fen - s.committed_fen), 0)
                       from voucher_budget_slices s where s.programme_id = p.id)::bigint as budget_left,
                      p.enterprise_cap_fen - coalesce(u.reserved_fen + u.committed_fen, 0) as cap_left
               from voucher_programmes p
               join programme_categories pc on pc.programme_id = p.id
                    and pc.category = l.content->>'category'
               join voucher_enrolments n on n.programme_id = p.id and n.enterprise_id = $1
                    and n.admitted
               left join voucher_usage u on u.programme_id = p.id and u.enterprise_id = $1
                    and u.year = this.year
               where current_date between p.valid_from and p.valid_until
               order by pc.subsidy_bp desc, p.valid_until limit 1) h on true"#,
        enterprise_id,
        account_id,
        listing_id,
        idempotency_key
    )
    .fetch_one(conn)
    .await?;
    let product = match (row.vendor_id, row.version, row.suspended, row.content) {
        (Some(vendor_id), Some(version), Some(suspended), Some(content)) => Some(Orderable {
            vendor_id,
            version,
            content: content.0,
            suspended,
        }),
        _ => None,
    };
    let room = match (row.programme_id, row.subsidy_bp) {
        (Some(programme_id), Some(subsidy_bp)) => Some(Headroom {
            programme_id,
            subsidy_bp: u32::try_from(subsidy_bp).unwrap_or(0),
            cap_left_fen: row.cap_left.unwrap_or(0).max(0),
            budget_left_fen: row.budget_left.unwrap_or(0).max(0),
            year: row.year,
        }),
        _ => None,
    };
    Ok(OrderFacts {
        existing: row.existing,
        product,
        related: row.related,
        room,
    })
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

/// Prices an order from what the voucher rows said (unlocked; the reservation checks again).
pub(crate) fn price(
    facts: &OrderFacts,
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
    if facts.related {
        return Ok(unsubsidised(Some("market-no-subsidy-related-party")));
    }
    let Some(room) = &facts.room else {
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
