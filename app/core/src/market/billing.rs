//! The charge ledger: a term's base fee when the paid term starts, and the rest of a term at a
//! dearer plan or more seats. Rows are written in the transaction of the move they follow, so
//! statements ([`super::statements`]) never disagree with the subscriptions' history.
use portal_types::domain::market::statement::prorate;
use sqlx::PgConnection;
use uuid::Uuid;

/// A paid term started (first term, end of a trial, renewal): its base fee at today's price,
/// with the subsidy the subscription carries for it.
pub(crate) async fn charge_term(
    conn: &mut PgConnection,
    subscription_id: Uuid,
    event_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into subscription_charges (subscription_id, subscription_event_id, enterprise_id,
             vendor_id, programme_id, kind, plan_code, quantity, period_start, period_end,
             charged_on, list_fen, vendor_discount_fen, subsidy_fen, sme_fen)
         select s.id, $2, s.enterprise_id, s.vendor_id,
                case when s.subsidy_fen > 0 then s.programme_id end, 'term', s.plan_code,
                s.quantity,
                (s.term_ends_on - case s.term when 'year' then interval '1 year'
                                              else interval '1 month' end)::date,
                s.term_ends_on, (now() at time zone 'Asia/Shanghai')::date,
                s.list_fen, s.vendor_discount_fen, s.subsidy_fen, s.sme_fen
         from subscriptions s where s.id = $1 and s.term_ends_on is not null",
        subscription_id,
        event_id
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// An upgrade applied mid-term: the difference of the term's price (after the vendor's
/// discount) for the days left. Nothing while no paid term has been charged (a trial).
pub(crate) async fn charge_proration(
    conn: &mut PgConnection,
    subscription_id: Uuid,
    event_id: i64,
    old_list_fen: i64,
    old_discount_fen: i64,
) -> Result<(), sqlx::Error> {
    let row = sqlx::query!(
        r#"select s.list_fen, s.vendor_discount_fen, s.plan_code, s.quantity,
                  s.term_ends_on as "term_ends_on: chrono::NaiveDate",
                  (now() at time zone 'Asia/Shanghai')::date as "today!: chrono::NaiveDate",
                  (select c.period_start from subscription_charges c
                   where c.subscription_id = s.id and c.kind = 'term'
                     and c.period_end = s.term_ends_on
                   order by c.id desc limit 1) as "term_start: chrono::NaiveDate"
           from subscriptions s where s.id = $1"#,
        subscription_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let (Some(ends), Some(start)) = (row.term_ends_on, row.term_start) else {
        return Ok(());
    };
    let remaining = (ends - row.today).num_days();
    let term_days = (ends - start).num_days();
    let list = prorate(row.list_fen - old_list_fen, remaining, term_days);
    let discount = prorate(
        row.vendor_discount_fen - old_discount_fen,
        remaining,
        term_days,
    );
    if (list, discount) == (0, 0) || row.today >= ends {
        return Ok(());
    }
    sqlx::query!(
        "insert into subscription_charges (subscription_id, subscription_event_id, enterprise_id,
             vendor_id, programme_id, kind, plan_code, quantity, period_start, period_end,
             charged_on, list_fen, vendor_discount_fen, subsidy_fen, sme_fen)
         select s.id, $2, s.enterprise_id, s.vendor_id, null, 'proration', s.plan_code,
                s.quantity, $3::date, $4::date, $3::date, $5::bigint, $6::bigint, 0,
                $5::bigint - $6::bigint
         from subscriptions s where s.id = $1",
        subscription_id,
        event_id,
        row.today as _,
        ends as _,
        list,
        discount
    )
    .execute(conn)
    .await?;
    Ok(())
}
