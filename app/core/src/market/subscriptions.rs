//! The subscription's writer: each move is checked by the plain-Rust state machine, then the
//! state, the append-only event, the vendor operation it causes (an outbox row the routing
//! layer delivers to the vendor's system)
//! and the voucher movement are written in one transaction.
use super::{MarketError, MarketResult};
use crate::notifications::CaseNotice;
use portal_types::actors::VendorMember;
use portal_types::domain::market::subscription::{
    apply, term_end, Move, MoveContext, Mover, Operation, SubscriptionState,
};
use portal_types::domain::market::Term;
use portal_types::Text;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// One move as it is recorded.
pub(crate) struct MoveRecord<'a> {
    pub subscription_id: Uuid,
    pub kind: &'a str,
    pub from: Option<SubscriptionState>,
    pub to: SubscriptionState,
    pub mover: Mover,
    pub actor_id: Option<Uuid>,
    pub reason: Option<&'a str>,
    pub operation: Option<Operation>,
}

/// Writes the event and, when the move has one, the vendor operation with the subscription's
/// whole desired state and a risen generation.
pub(crate) async fn record_move(
    conn: &mut PgConnection,
    record: MoveRecord<'_>,
) -> Result<i64, sqlx::Error> {
    let event_id = sqlx::query_scalar!(
        "insert into subscription_events (subscription_id, kind, from_state, to_state, mover,
                                          actor_id, reason)
         values ($1, $2, $3, $4, $5, $6, $7) returning id",
        record.subscription_id,
        record.kind,
        record.from.map(|s| s.as_str()),
        record.to.as_str(),
        record.mover.as_str(),
        record.actor_id,
        record.reason,
    )
    .fetch_one(&mut *conn)
    .await?;
    if let Some(operation) = record.operation {
        // The operation's row (the whole desired state, the deadline from the listing's
        // declared provisioning time) is built by the SQL function an order's statement uses too.
        sqlx::query!(
            r#"with risen as (
                   update subscriptions set generation = generation + 1, updated_at = now()
                   where id = $1 returning *)
               select queue_vendor_operation(to_jsonb(risen), $2, $3) as id from risen"#,
            record.subscription_id,
            event_id,
            operation.as_str(),
        )
        .fetch_optional(&mut *conn)
        .await?;
        // Wakes the routing layer's dispatcher at once (it polls otherwise).
        sqlx::query("select pg_notify('delivery_outbox', '')")
            .execute(&mut *conn)
            .await?;
    }
    // A paid term starts: its base fee goes on the charge ledger with this event.
    let term_starts = match record.kind {
        "provisioned" | "trial_ended" => record.to == SubscriptionState::Active,
        "renew" => true,
        _ => false,
    };
    if term_starts {
        super::billing::charge_term(conn, record.subscription_id, event_id).await?;
    }
    Ok(event_id)
}

/// One in-app notification (and an e-mail when the account has an address) about a
/// subscription.
pub(crate) async fn notify(
    conn: &mut PgConnection,
    account_id: Uuid,
    subscription_id: Uuid,
    template: &str,
    notice: &CaseNotice,
) -> Result<(), sqlx::Error> {
    let params = serde_json::to_value(notice).unwrap_or_default();
    sqlx::query!(
        "with told as (
             insert into notifications (account_id, subscription_id, template, params)
             values ($1, $2, $3, $4) returning id)
         insert into email_outbox (notification_id, to_address, locale, template, params)
         select t.id, a.email, coalesce(a.locale, 'zh-CN'), $3, $4
         from told t join accounts a on a.id = $1 where a.email is not null",
        account_id,
        subscription_id,
        template,
        params
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Who asks for a move.
#[derive(Clone, Copy, Debug)]
pub enum MoveBy {
    /// A citizen account: an agent (or admin) of the subscription's enterprise, or nobody.
    Account(Uuid),
    Vendor(VendorMember),
    Operator(Uuid),
    /// The vendor's own system, through a signed protocol report or answer.
    VendorSystem(Uuid),
    Clock,
}

/// Parses a move named by a form (`approve`, `decline`, ...). Payload moves are not offered
/// by name.
pub fn move_named(kind: &str, trial: bool) -> Option<Move> {
    Some(match kind {
        "approve" => Move::Approve,
        "decline" => Move::Decline,
        "withdraw" => Move::Withdraw,
        "provisioned" => Move::Provisioned { trial },
        "provisioning_failed" => Move::ProvisioningFailed,
        "retry_provisioning" => Move::RetryProvisioning,
        "suspend" => Move::Suspend,
        "reinstate" => Move::Reinstate,
        "schedule_cancel" => Move::ScheduleCancel,
        "undo_cancel" => Move::UndoCancel,
        "cancel_now" => Move::CancelNow,
        // The clock's own (the state machine refuses them to anyone else).
        "trial_ended" => Move::TrialEnded,
        "term_ended" => Move::TermEnded,
        _ => return None,
    })
}

pub(crate) struct Locked {
    pub(crate) state: SubscriptionState,
    pub(crate) enterprise_id: Uuid,
    pub(crate) vendor_id: Uuid,
    pub(crate) ordered_by: Uuid,
    pub(crate) generation: i32,
    pub(crate) term: Term,
    pub(crate) trial_days: i32,
    pub(crate) cancel_anytime: bool,
    pub(crate) within_holding: bool,
    pub(crate) was_trialing: bool,
    /// An open operation of the subscription passed its deadline.
    pub(crate) provisioning_overdue: bool,
    pub(crate) product: Text,
}

pub(crate) async fn lock(conn: &mut PgConnection, id: Uuid) -> MarketResult<Locked> {
    let row = sqlx::query!(
        r#"select s.state, s.enterprise_id, s.vendor_id, s.ordered_by, s.generation, s.term,
                  s.plan_code, v.content, v.name_zh, v.name_en,
                  coalesce(s.started_on + p.holding_days > current_date, false) as "within_holding!",
                  exists(select 1 from subscription_events e where e.subscription_id = s.id
                         and e.to_state = 'trialing') as "was_trialing!",
                  exists(select 1 from vendor_operations o where o.subscription_id = s.id
                         and o.operation = 'provision' and o.outcome is null
                         and o.dead_at is null and o.overdue_at is not null) as "provisioning_overdue!"
           from subscriptions s
           join listing_versions v on v.listing_id = s.listing_id and v.version = s.listing_version
           left join voucher_programmes p on p.id = s.programme_id
           where s.id = $1 for update of s"#,
        id
    )
    .fetch_optional(conn)
    .await?
    .ok_or(MarketError::NotFound)?;
    let content: Option<portal_types::domain::market::listing::ListingContent> =
        serde_json::from_value(row.content).ok();
    let plan = content
        .as_ref()
        .and_then(|c| c.plans.iter().find(|p| p.code == row.plan_code).cloned());
    Ok(Locked {
        state: SubscriptionState::parse(&row.state)
            .ok_or(MarketError::Refused("subscription-move-illegal"))?,
        enterprise_id: row.enterprise_id,
        vendor_id: row.vendor_id,
        ordered_by: row.ordered_by,
        generation: row.generation,
        term: Term::parse(&row.term).unwrap_or(Term::Month),
        trial_days: plan.as_ref().map_or(0, |p| p.trial_days),
        cancel_anytime: plan.as_ref().is_some_and(|p| p.cancel_anytime),
        within_holding: row.within_holding,
        was_trialing: row.was_trialing,
        provisioning_overdue: row.provisioning_overdue,
        product: Text::new(row.name_zh, row.name_en),
    })
}

/// The mover an account is for this subscription, or not found (not its business).
pub(crate) async fn mover_of(
    conn: &mut PgConnection,
    by: MoveBy,
    s: &Locked,
) -> MarketResult<(Mover, Option<Uuid>)> {
    match by {
        MoveBy::Account(account_id) => {
            let is_admin = sqlx::query_scalar!(
                "select is_admin from enterprise_agents
                 where enterprise_id = $1 and account_id = $2 and status = 'active'",
                s.enterprise_id,
                account_id
            )
            .fetch_optional(conn)
            .await?
            .ok_or(MarketError::NotFound)?;
            Ok((
                if is_admin {
                    Mover::EnterpriseAdmin
                } else {
                    Mover::Agent
                },
                Some(account_id),
            ))
        }
        MoveBy::Vendor(member) if member.vendor_id == s.vendor_id => {
            Ok((Mover::Vendor, Some(member.account_id)))
        }
        MoveBy::Vendor(_) => Err(MarketError::NotFound),
        MoveBy::VendorSystem(vendor_id) if vendor_id == s.vendor_id => Ok((Mover::Vendor, None)),
        MoveBy::VendorSystem(_) => Err(MarketError::NotFound),
        MoveBy::Operator(id) => Ok((Mover::Operator, Some(id))),
        MoveBy::Clock => Ok((Mover::Clock, None)),
    }
}

/// Makes one move. `seen_generation`, when given, is what the person saw: a subscription that
/// changed since is not decided blindly.
pub async fn make_move(
    pool: &PgPool,
    by: MoveBy,
    id: Uuid,
    kind: &str,
    reason: Option<&str>,
    seen_generation: Option<i32>,
) -> MarketResult<SubscriptionState> {
    let mut tx = pool.begin().await?;
    let to = move_in(&mut tx, by, id, kind, reason, seen_generation).await?;
    tx.commit().await?;
    Ok(to)
}

/// [`make_move`] inside the caller's transaction (with what else the move belongs to).
pub async fn move_in(
    tx: &mut PgConnection,
    by: MoveBy,
    id: Uuid,
    kind: &str,
    reason: Option<&str>,
    seen_generation: Option<i32>,
) -> MarketResult<SubscriptionState> {
    let s = lock(&mut *tx, id).await?;
    let (mover, actor_id) = mover_of(&mut *tx, by, &s).await?;
    if seen_generation.is_some_and(|g| g != s.generation) {
        return Err(MarketError::Refused("market-order-changed"));
    }
    let mv = move_named(kind, s.trial_days > 0)
        .ok_or(MarketError::Refused("subscription-move-illegal"))?;
    // An agent may withdraw only the orders they placed themselves.
    if matches!(mv, Move::Withdraw) && mover == Mover::Agent && actor_id != Some(s.ordered_by) {
        return Err(MarketError::Refused("subscription-move-not-allowed"));
    }
    if matches!(mv, Move::Decline) && reason.is_none() {
        return Err(MarketError::Invalid(vec![
            portal_types::domain::forms::FieldError::new("reason", "market-reason-required"),
        ]));
    }
    let ctx = MoveContext {
        cancel_anytime: s.cancel_anytime,
        within_holding_period: s.within_holding,
        was_trialing: s.was_trialing,
        provisioning_overdue: s.provisioning_overdue,
    };
    let outcome = apply(s.state, &mv, mover, &ctx).map_err(|e| MarketError::Refused(e.key()))?;
    if matches!(mv, Move::Approve) {
        // The listing may have been suspended since the order: no new business then.
        let suspended = sqlx::query_scalar!(
            r#"select l.suspended_at is not null as "suspended!" from subscriptions s
               join listings l on l.id = s.listing_id where s.id = $1"#,
            id
        )
        .fetch_one(&mut *tx)
        .await?;
        if suspended {
            return Err(MarketError::Refused("market-listing-suspended"));
        }
    }
    let today = sqlx::query_scalar!(
        r#"select (now() at time zone 'Asia/Shanghai')::date as "d!: chrono::NaiveDate""#
    )
    .fetch_one(&mut *tx)
    .await?;
    let starting = matches!(mv, Move::Provisioned { .. });
    let trial_end = (starting && outcome.to == SubscriptionState::Trialing)
        .then(|| today + chrono::Days::new(u64::try_from(s.trial_days).unwrap_or(0)));
    let term_ends = starting.then(|| term_end(trial_end.unwrap_or(today), s.term));
    sqlx::query!(
        "update subscriptions set state = $2, updated_at = now(),
                started_on = coalesce(started_on, $3), trial_ends_on = coalesce($4, trial_ends_on),
                term_ends_on = coalesce($5, term_ends_on)
         where id = $1",
        id,
        outcome.to.as_str(),
        starting.then_some(today) as _,
        trial_end as _,
        term_ends as _,
    )
    .execute(&mut *tx)
    .await?;
    record_move(
        &mut *tx,
        MoveRecord {
            subscription_id: id,
            kind: mv.kind(),
            from: Some(s.state),
            to: outcome.to,
            mover,
            actor_id,
            reason,
            operation: outcome.operation,
        },
    )
    .await?;
    if let Some(movement) = outcome.voucher {
        super::vouchers::follow_move(&mut *tx, id, movement, actor_id, mv.kind()).await?;
    }
    if matches!(mv, Move::Approve | Move::Decline) && actor_id != Some(s.ordered_by) {
        let notice = CaseNotice {
            case_number: String::new(),
            service_zh: s.product.zh.clone(),
            service_en: s.product.en.clone(),
            reason: reason.unwrap_or_default().to_string(),
            case_path: format!("/market/subscriptions/{id}"),
        };
        let template = if matches!(mv, Move::Approve) {
            "market-order-approved"
        } else {
            "market-order-declined"
        };
        notify(&mut *tx, s.ordered_by, id, template, &notice).await?;
    }
    Ok(outcome.to)
}
