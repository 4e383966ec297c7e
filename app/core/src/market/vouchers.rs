//! Cloud service voucher programmes (云服务券): the operator defines them, enterprises apply
//! with their declared figures (admitted when the national rules class them as an SME), and
//! subsidies move reserve → commit, or release / claw back. Every movement changes a slice of
//! the programme's budget and the enterprise's year totals and writes a ledger row, in the
//! caller's transaction.
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
/// the programme is closed or does not cover the category. Read with the order's other facts
/// (`orders::facts`), unlocked.
pub(crate) struct Headroom {
    pub programme_id: Uuid,
    pub subsidy_bp: u32,
    pub cap_left_fen: i64,
    pub budget_left_fen: i64,
    pub year: i32,
}

/// A database error of an order's statement as the order's answer: the reservation's refusals
/// (raised by the SQL function `voucher_reserve`) are the enterprise's cap or the budget, as
/// the order page names them; anything else is internal.
pub(crate) fn refused_reservation(error: sqlx::Error) -> MarketError {
    let code = match &error {
        sqlx::Error::Database(db) => db.code().map(|code| code.into_owned()),
        _ => None,
    };
    match code.as_deref() {
        Some("VB001") => MarketError::Refused("market-subsidy-cap-reached"),
        Some("VB002") => MarketError::Refused("market-subsidy-budget-exhausted"),
        _ => error.into(),
    }
}

/// The order's reservation found no free budget slice with room (SQLSTATE VB003, raised by
/// `voucher_reserve` when not waiting): its statement was rolled back whole, and the order is
/// to be placed again, waiting for a slice.
pub(crate) fn no_free_slice(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.code().as_deref() == Some("VB003"))
}

/// Books `amount` against the enterprise's year and a slice of the programme's budget, with
/// its ledger row, in one round trip (the SQL function `voucher_book`: the enterprise's row is
/// locked first, then one slice nobody else is booking). A reservation beyond the enterprise's
/// cap or what is left of the budget is refused. Callers book last before committing, so a
/// slice is not held while anything else runs.
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
    let answer = sqlx::query_scalar!(
        r#"select voucher_book($1, $2, $3, $4, $5, $6, $7, $8) as "answer!""#,
        programme_id,
        enterprise_id,
        year,
        subscription_id,
        movement,
        amount_fen,
        reason,
        actor_id
    )
    .fetch_one(&mut *conn)
    .await?;
    // A refusal ends the caller's transaction unwritten (it returns the error and rolls back),
    // also where the enterprise's row was already moved.
    match (answer.as_str(), movement) {
        ("booked", _) => Ok(()),
        ("cap", _) => Err(MarketError::Refused("market-subsidy-cap-reached")),
        ("budget", "reserve") => Err(MarketError::Refused("market-subsidy-budget-exhausted")),
        ("budget", _) => Err(MarketError::Refused("market-voucher-budget-exhausted")),
        _ => Err(MarketError::Refused("market-voucher-movement")),
    }
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
