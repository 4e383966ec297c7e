//! Statements, computed from the ledgers (charges, metered usage, vouchers) for any month, the
//! current one included: per enterprise (what it pays), per vendor (what the SMEs paid and
//! what the programme owes it) and per programme (the subsidy by category, vendor and size).
//! Nothing here writes: a statement cannot be edited, only recomputed.
use super::MarketResult;
use chrono::NaiveDate;
use portal_types::domain::market::statement::{Amounts, LineKind, Month};
use portal_types::Text;
use sqlx::PgPool;
use uuid::Uuid;

/// One line: a term fee, a proration, or a month's usage of one dimension.
#[derive(Clone, Debug)]
pub struct StatementLine {
    pub subscription_id: Uuid,
    pub product: Text,
    pub enterprise: String,
    pub vendor: String,
    pub kind: LineKind,
    /// The plan (fees) or the dimension (usage).
    pub item: String,
    pub quantity: i64,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub amounts: Amounts,
}

/// Whose lines.
#[derive(Clone, Copy, Debug)]
pub enum Scope {
    Enterprise(Uuid),
    Vendor(Uuid),
}

/// The month's lines, by enterprise, subscription and kind.
pub async fn lines(pool: &PgPool, scope: Scope, month: Month) -> MarketResult<Vec<StatementLine>> {
    let (enterprise, vendor) = match scope {
        Scope::Enterprise(id) => (Some(id), None),
        Scope::Vendor(id) => (None, Some(id)),
    };
    let rows = sqlx::query!(
        r#"select l.subscription_id as "subscription_id!", l.kind as "kind!", l.item as "item!",
                  l.quantity as "quantity!",
                  l.period_start as "period_start!: NaiveDate",
                  l.period_end as "period_end!: NaiveDate",
                  l.list_fen as "list_fen!", l.vendor_discount_fen as "vendor_discount_fen!",
                  l.subsidy_fen as "subsidy_fen!", l.sme_fen as "sme_fen!",
                  e.name as enterprise, vd.name as vendor, v.name_zh, v.name_en
           from (
               select c.subscription_id, c.kind, c.plan_code as item, c.quantity::bigint as quantity,
                      c.period_start, c.period_end, c.list_fen, c.vendor_discount_fen,
                      c.subsidy_fen, c.sme_fen, c.id as seq
               from subscription_charges c
               where ($1::uuid is null or c.enterprise_id = $1)
                 and ($2::uuid is null or c.vendor_id = $2)
                 and c.charged_on >= $3 and c.charged_on < $4
               union all
               select u.subscription_id, 'usage', u.dimension, sum(u.quantity)::bigint,
                      $3, $4, sum(u.amount_fen)::bigint, 0::bigint, 0::bigint,
                      sum(u.amount_fen)::bigint, max(u.id)
               from usage_records u join subscriptions s on s.id = u.subscription_id
               where ($1::uuid is null or s.enterprise_id = $1)
                 and ($2::uuid is null or u.vendor_id = $2)
                 and (u.used_at at time zone 'Asia/Shanghai')::date >= $3
                 and (u.used_at at time zone 'Asia/Shanghai')::date < $4
               group by u.subscription_id, u.dimension
           ) l
           join subscriptions s on s.id = l.subscription_id
           join enterprises e on e.id = s.enterprise_id
           join vendors vd on vd.id = s.vendor_id
           join listing_versions v on v.listing_id = s.listing_id and v.version = s.listing_version
           order by e.name, s.created_at, l.subscription_id, l.kind = 'usage', l.seq"#,
        enterprise,
        vendor,
        month.first_day() as _,
        month.end() as _,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| StatementLine {
            subscription_id: r.subscription_id,
            product: Text::new(r.name_zh, r.name_en),
            enterprise: r.enterprise,
            vendor: r.vendor,
            kind: LineKind::parse(&r.kind).unwrap_or(LineKind::Term),
            item: r.item,
            quantity: r.quantity,
            period_start: r.period_start,
            period_end: r.period_end,
            amounts: Amounts {
                list_fen: r.list_fen,
                vendor_discount_fen: r.vendor_discount_fen,
                subsidy_fen: r.subsidy_fen,
                sme_fen: r.sme_fen,
            },
        })
        .collect())
}

/// The enterprises an account is an active agent of: `(id, name)`, by name.
pub async fn enterprises_of(pool: &PgPool, account_id: Uuid) -> MarketResult<Vec<(Uuid, String)>> {
    Ok(sqlx::query!(
        "select e.id, e.name from enterprise_agents g join enterprises e on e.id = g.enterprise_id
         where g.account_id = $1 and g.status = 'active' order by e.name, e.id",
        account_id
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| (r.id, r.name))
    .collect())
}

/// A programme's subsidy in a month, three ways, and what its voucher ledger committed.
#[derive(Clone, Debug, Default)]
pub struct SubsidyReport {
    pub by_category: Vec<(String, i64)>,
    pub by_vendor: Vec<(String, i64)>,
    pub by_size: Vec<(String, i64)>,
    pub total_fen: i64,
    /// Commitments less claw-backs recorded in the voucher ledger in the month.
    pub ledger_committed_fen: i64,
}

/// Every programme: `(id, name)`, newest first.
pub async fn programmes(pool: &PgPool) -> MarketResult<Vec<(Uuid, Text)>> {
    Ok(
        sqlx::query!(
            "select id, name_zh, name_en from voucher_programmes order by created_at desc"
        )
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| (r.id, Text::new(r.name_zh, r.name_en)))
        .collect(),
    )
}

pub async fn subsidy_report(
    pool: &PgPool,
    programme_id: Uuid,
    month: Month,
) -> MarketResult<SubsidyReport> {
    let rows = sqlx::query!(
        r#"select v.category, vd.name as vendor, coalesce(en.size_class, 'unknown') as "size!",
                  sum(c.subsidy_fen)::bigint as "subsidy!"
           from subscription_charges c
           join subscriptions s on s.id = c.subscription_id
           join listing_versions v on v.listing_id = s.listing_id and v.version = s.listing_version
           join vendors vd on vd.id = c.vendor_id
           left join voucher_enrolments en on en.programme_id = c.programme_id
                and en.enterprise_id = c.enterprise_id
           where c.programme_id = $1 and c.charged_on >= $2 and c.charged_on < $3
           group by v.category, vd.name, en.size_class"#,
        programme_id,
        month.first_day() as _,
        month.end() as _,
    )
    .fetch_all(pool)
    .await?;
    let mut report = SubsidyReport::default();
    let add = |list: &mut Vec<(String, i64)>, key: &str, fen: i64| match list
        .iter_mut()
        .find(|(k, _)| k == key)
    {
        Some((_, total)) => *total += fen,
        None => list.push((key.to_string(), fen)),
    };
    for r in &rows {
        add(&mut report.by_category, &r.category, r.subsidy);
        add(&mut report.by_vendor, &r.vendor, r.subsidy);
        add(&mut report.by_size, &r.size, r.subsidy);
        report.total_fen += r.subsidy;
    }
    for list in [
        &mut report.by_category,
        &mut report.by_vendor,
        &mut report.by_size,
    ] {
        list.sort();
    }
    report.ledger_committed_fen = sqlx::query_scalar!(
        r#"select coalesce(sum(case movement when 'commit' then amount_fen
                                            when 'clawback' then -amount_fen else 0 end), 0)::bigint as "n!"
           from voucher_ledger
           where programme_id = $1
             and (at at time zone 'Asia/Shanghai')::date >= $2
             and (at at time zone 'Asia/Shanghai')::date < $3"#,
        programme_id,
        month.first_day() as _,
        month.end() as _,
    )
    .fetch_one(pool)
    .await?;
    Ok(report)
}
