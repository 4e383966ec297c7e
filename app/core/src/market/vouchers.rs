//! Cloud service voucher programmes (云服务券): the operator defines them, enterprises apply
//! with their declared figures (admitted when the national rules class them as an SME), and
//! subsidies move reserve → commit, or release / claw back. Every movement changes the
//! programme's and the enterprise's year totals and writes a ledger row, in the caller's
//! transaction.
use super::{MarketError, MarketResult};
use crate::error::InternalError;
use portal_types::actors::EnterpriseAgent;
use portal_types::domain::market::forms::ProgrammeForm;
use portal_types::domain::market::sme::{classify, Declared, SmeSize};
use portal_types::domain::market::subscription::VoucherMovement;
use portal_types::views::market::VoucherBalance;
use portal_types::Text;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

pub async fn create_programme(
    pool: &PgPool,
    operator_id: Uuid,
    form: &ProgrammeForm,
) -> MarketResult<Uuid> {
    let mut tx = pool.begin().await?;
    let id = sqlx::query_scalar!(
        "insert into voucher_programmes (name_zh, name_en, budget_fen, valid_from, valid_until,
                                         enterprise_cap_fen, holding_days, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8) returning id",
        form.name_zh,
        form.name_en,
        form.budget_fen,
        form.valid_from as _,
        form.valid_until as _,
        form.enterprise_cap_fen,
        form.holding_days,
        operator_id
    )
    .fetch_one(&mut *tx)
    .await?;
    for (category, bp) in &form.categories {
        sqlx::query!(
            "insert into programme_categories (programme_id, category, subsidy_bp)
             values ($1, $2, $3)",
            id,
            category.as_str(),
            i32::try_from(*bp).unwrap_or(10_000)
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// An enterprise applies to a programme with its declared figures. Admitted when the national
/// SME rules class it as medium, small or micro; the answer is kept either way. An agent's
/// application is the enterprise's: one per programme.
pub async fn enrol(
    pool: &PgPool,
    agent: &EnterpriseAgent,
    programme_id: Uuid,
    declared: &Declared,
) -> MarketResult<SmeSize> {
    if !agent.is_admin {
        return Err(MarketError::Refused("market-enrol-admin-only"));
    }
    let open = sqlx::query_scalar!(
        r#"select current_date between valid_from and valid_until as "open!"
           from voucher_programmes where id = $1"#,
        programme_id
    )
    .fetch_optional(pool)
    .await?
    .ok_or(MarketError::NotFound)?;
    if !open {
        return Err(MarketError::Refused("market-programme-closed"));
    }
    let size = classify(declared);
    let inserted = sqlx::query!(
        "insert into voucher_enrolments (programme_id, enterprise_id, industry, employees,
             revenue_fen, total_assets_fen, size_class, admitted, applied_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict do nothing",
        programme_id,
        agent.enterprise_id,
        declared.industry.as_str(),
        declared.employees,
        declared.revenue_fen,
        declared.total_assets_fen,
        size.as_str(),
        size.is_sme(),
        agent.account_id
    )
    .execute(pool)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(MarketError::Refused("market-enrol-already"));
    }
    Ok(size)
}

/// Every open programme, for each enterprise the account acts for.
pub async fn balances(
    pool: &PgPool,
    account_id: Uuid,
) -> Result<Vec<VoucherBalance>, InternalError> {
    let rows = sqlx::query!(
        r#"select p.id, p.name_zh, p.name_en, p.enterprise_cap_fen, p.valid_until as "valid_until: chrono::NaiveDate",
                  e.id as enterprise_id, e.name as enterprise_name,
                  n.admitted as "admitted?", n.size_class as "size_class?",
                  coalesce(u.reserved_fen, 0) as "reserved!", coalesce(u.committed_fen, 0) as "committed!"
           from enterprise_agents g
           join enterprises e on e.id = g.enterprise_id
           cross join voucher_programmes p
           left join voucher_enrolments n on n.programme_id = p.id and n.enterprise_id = e.id
           left join voucher_usage u on u.programme_id = p.id and u.enterprise_id = e.id
                and u.year = extract(year from now() at time zone 'Asia/Shanghai')::int
           where g.account_id = $1 and g.status = 'active'
             and current_date between p.valid_from and p.valid_until
           order by e.name, p.valid_until
           limit 50"#,
        account_id
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| VoucherBalance {
            programme_id: r.id,
            programme: Text::new(r.name_zh, r.name_en),
            enterprise_id: r.enterprise_id,
            enterprise_name: r.enterprise_name,
            admitted: r.admitted,
            size_key: r
                .size_class
                .as_deref()
                .and_then(SmeSize::parse)
                .map(|s| s.label_key().to_string()),
            cap_fen: r.enterprise_cap_fen,
            reserved_fen: r.reserved,
            committed_fen: r.committed,
            valid_until: r.valid_until,
        })
        .collect())
}

/// What an order may still get from a programme: the category's percentage, what is left of
/// the enterprise's yearly cap and of the budget. `None` when the enterprise is not admitted,
/// the programme is closed or does not cover the category. With `lock`, the enterprise's year
/// row and then the programme row are locked (always in that order: no deadlocks), so the
/// reservation that follows cannot be overtaken.
pub(crate) struct Headroom {
    pub programme_id: Uuid,
    pub subsidy_bp: u32,
    pub cap_left_fen: i64,
    pub budget_left_fen: i64,
    pub year: i32,
}

pub(crate) async fn headroom(
    conn: &mut PgConnection,
    enterprise_id: Uuid,
    category: &str,
    lock: bool,
) -> Result<Option<Headroom>, sqlx::Error> {
    let found = sqlx::query!(
        r#"select p.id, pc.subsidy_bp, p.enterprise_cap_fen,
                  extract(year from now() at time zone 'Asia/Shanghai')::int as "year!"
           from voucher_programmes p
           join programme_categories pc on pc.programme_id = p.id and pc.category = $2
           join voucher_enrolments n on n.programme_id = p.id and n.enterprise_id = $1 and n.admitted
           where current_date between p.valid_from and p.valid_until
           order by pc.subsidy_bp desc, p.valid_until limit 1"#,
        enterprise_id,
        category
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some(found) = found else {
        return Ok(None);
    };
    if lock {
        sqlx::query!(
            "insert into voucher_usage (programme_id, enterprise_id, year) values ($1, $2, $3)
             on conflict do nothing",
            found.id,
            enterprise_id,
            found.year
        )
        .execute(&mut *conn)
        .await?;
    }
    // Runtime SQL: locks only when reserving (a quote must not wait on them). `no key update`:
    // the usage row's and the subscription's foreign keys take key-share locks on the
    // programme row, which a plain `for update` would wait for (a deadlock between two orders).
    let lock_clause = if lock { " for no key update" } else { "" };
    let used: Option<i64> = sqlx::query_scalar(&format!(
        "select reserved_fen + committed_fen from voucher_usage
         where programme_id = $1 and enterprise_id = $2 and year = $3{lock_clause}"
    ))
    .bind(found.id)
    .bind(enterprise_id)
    .bind(found.year)
    .fetch_optional(&mut *conn)
    .await?;
    let budget_left: i64 = sqlx::query_scalar(&format!(
        "select budget_fen - reserved_fen - committed_fen from voucher_programmes where id = $1{lock_clause}"
    ))
    .bind(found.id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(Some(Headroom {
        programme_id: found.id,
        subsidy_bp: u32::try_from(found.subsidy_bp).unwrap_or(0),
        cap_left_fen: (found.enterprise_cap_fen - used.unwrap_or(0)).max(0),
        budget_left_fen: budget_left.max(0),
        year: found.year,
    }))
}

/// Books `amount` against the programme and the enterprise's year, with its ledger row.
/// The table constraints (budget never exceeded) are the last line of defence.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn book(
    conn: &mut PgConnection,
    movement: &str,
    programme_id: Uuid,
    enterprise_id: Uuid,
    year: i32,
    subscription_id: Uuid,
    amount_fen: i64,
    actor_id: Option<Uuid>,
    reason: &str,
) -> Result<(), MarketError> {
    if amount_fen <= 0 {
        return Ok(());
    }
    // (reserved change, committed change) for each movement.
    let (reserved, committed) = match movement {
        "reserve" => (amount_fen, 0),
        "commit" => (-amount_fen, amount_fen),
        "release" => (-amount_fen, 0),
        "clawback" => (0, -amount_fen),
        _ => return Err(MarketError::Refused("market-voucher-movement")),
    };
    let programme = sqlx::query!(
        "update voucher_programmes
         set reserved_fen = reserved_fen + $2, committed_fen = committed_fen + $3
         where id = $1 and reserved_fen + $2 + committed_fen + $3 <= budget_fen",
        programme_id,
        reserved,
        committed
    )
    .execute(&mut *conn)
    .await?;
    if programme.rows_affected() == 0 {
        return Err(MarketError::Refused("market-voucher-budget-exhausted"));
    }
    sqlx::query!(
        "insert into voucher_usage (programme_id, enterprise_id, year, reserved_fen, committed_fen)
         values ($1, $2, $3, greatest($4::bigint, 0), greatest($5::bigint, 0))
         on conflict (programme_id, enterprise_id, year) do update
         set reserved_fen = voucher_usage.reserved_fen + $4,
             committed_fen = voucher_usage.committed_fen + $5",
        programme_id,
        enterprise_id,
        year,
        reserved,
        committed
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "insert into voucher_ledger (programme_id, enterprise_id, subscription_id, movement,
                                     amount_fen, reason, actor_id)
         values ($1, $2, $3, $4, $5, $6, $7)",
        programme_id,
        enterprise_id,
        subscription_id,
        movement,
        amount_fen,
        reason,
        actor_id
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Applies a subscription move's voucher movement to its subsidy, if it has one.
pub(crate) async fn follow_move(
    conn: &mut PgConnection,
    subscription_id: Uuid,
    movement: VoucherMovement,
    actor_id: Option<Uuid>,
    reason: &str,
) -> Result<(), MarketError> {
    // What is still reserved or committed for this subscription, from its own ledger rows:
    // a subsidy released once (a failed provisioning) is not committed by a later retry.
    let row = sqlx::query!(
        r#"select s.programme_id, s.enterprise_id, s.voucher_year,
                  coalesce(sum(case l.movement when 'reserve' then l.amount_fen
                                  when 'release' then -l.amount_fen
                                  when 'commit' then -l.amount_fen else 0 end), 0)::bigint as "reserved!",
                  coalesce(sum(case l.movement when 'commit' then l.amount_fen
                                  when 'clawback' then -l.amount_fen else 0 end), 0)::bigint as "committed!"
           from subscriptions s left join voucher_ledger l on l.subscription_id = s.id
           where s.id = $1
           group by s.id"#,
        subscription_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let (Some(programme_id), Some(year)) = (row.programme_id, row.voucher_year) else {
        return Ok(());
    };
    let amount = match movement {
        VoucherMovement::Commit | VoucherMovement::Release => row.reserved,
        VoucherMovement::Clawback => row.committed,
    };
    book(
        conn,
        movement.as_str(),
        programme_id,
        row.enterprise_id,
        year,
        subscription_id,
        amount,
        actor_id,
        reason,
    )
    .await
}
