//! The clock's part in subscriptions, run by the server every few minutes: trials end,
//! scheduled cancellations take effect, terms renew, and the enterprise is reminded 30, 7 and
//! 1 days before a term ends. Each move goes through the same writer as everyone else's.
use super::subscriptions::{make_move, notify, MoveBy};
use super::{changes, MarketError, MarketResult};
use crate::notifications::CaseNotice;
use portal_types::domain::market::subscription::REMINDER_DAYS;
use sqlx::PgPool;
use uuid::Uuid;

/// At most this many subscriptions per kind per run (the next run takes the rest).
const BATCH: i64 = 500;

/// What one run did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ClockRun {
    pub moves: usize,
    pub reminders: usize,
}

pub async fn tick(pool: &PgPool) -> MarketResult<ClockRun> {
    let mut run = ClockRun::default();
    let due = sqlx::query!(
        r#"select id, state from subscriptions
           where ((state = 'trialing' and trial_ends_on <= (now() at time zone 'Asia/Shanghai')::date)
               or (state in ('active', 'cancel_scheduled')
                   and term_ends_on <= (now() at time zone 'Asia/Shanghai')::date))
           order by term_ends_on limit $1"#,
        BATCH
    )
    .fetch_all(pool)
    .await?;
    for row in due {
        let moved = match row.state.as_str() {
            "trialing" => make_move(pool, MoveBy::Clock, row.id, "trial_ended", None, None)
                .await
                .map(|_| ()),
            "cancel_scheduled" => make_move(pool, MoveBy::Clock, row.id, "term_ended", None, None)
                .await
                .map(|_| ()),
            _ => changes::renew(pool, row.id).await,
        };
        match moved {
            Ok(()) => run.moves += 1,
            // Someone moved it meanwhile: the next run sees where it is now.
            Err(MarketError::Refused(_)) => {}
            Err(error) => return Err(error),
        }
    }
    run.reminders = remind(pool).await?;
    Ok(run)
}

/// Reminds the orderer and the enterprise's admins, once a day on the reminder days.
async fn remind(pool: &PgPool) -> MarketResult<usize> {
    let days: Vec<i32> = REMINDER_DAYS
        .iter()
        .filter_map(|d| i32::try_from(*d).ok())
        .collect();
    let due = sqlx::query!(
        r#"select s.id, s.ordered_by, s.enterprise_id, v.name_zh, v.name_en,
                  s.term_ends_on::text as "ends!"
           from subscriptions s
           join listing_versions v on v.listing_id = s.listing_id and v.version = s.listing_version
           where s.state in ('active', 'trialing')
             and (s.term_ends_on - (now() at time zone 'Asia/Shanghai')::date) = any($1)
             and not exists (select 1 from notifications n
                             where n.subscription_id = s.id and n.template = 'market-renewal-reminder'
                               and n.created_at::date = current_date)
           limit $2"#,
        &days,
        BATCH
    )
    .fetch_all(pool)
    .await?;
    let mut sent = 0;
    for row in due {
        let mut tx = pool.begin().await?;
        let notice = CaseNotice {
            case_number: row.ends.clone(),
            service_zh: row.name_zh.clone(),
            service_en: row.name_en.clone(),
            reason: String::new(),
            case_path: format!("/market/subscriptions/{}", row.id),
        };
        let recipients: Vec<Uuid> = sqlx::query_scalar!(
            r#"select $1::uuid as "id!" union
               select g.account_id from enterprise_agents g
               where g.enterprise_id = $2 and g.is_admin and g.status = 'active'"#,
            row.ordered_by,
            row.enterprise_id
        )
        .fetch_all(&mut *tx)
        .await?;
        for account in recipients {
            notify(&mut tx, account, row.id, "market-renewal-reminder", &notice).await?;
            sent += 1;
        }
        tx.commit().await?;
    }
    Ok(sent)
}
