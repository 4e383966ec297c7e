//! The one way a case changes state: lock it, ask the state machine, write the change, the
//! event and everything the transition emits, all in the caller's transaction.
use super::{reach_condition, Acting, CaseError};
use crate::notifications::{self, CaseNotice};
use portal_types::domain::case_lifecycle::{
    transition_of, CaseAction, CaseState, Effect, TransitionError,
};
use sqlx::PgConnection;
use uuid::Uuid;

/// What happened, for the caller to act on (e.g. issue the result on `Effect::IssueResult`).
#[derive(Clone, Debug)]
pub struct Applied {
    pub case_id: Uuid,
    pub from: CaseState,
    pub to: CaseState,
    pub event_id: i64,
    pub version: i32,
    pub case_number: Option<String>,
    pub effects: Vec<Effect>,
}

#[derive(sqlx::FromRow)]
struct LockedCase {
    state: String,
    version: i32,
    department_code: String,
    applicant_account_id: Uuid,
    case_number: Option<String>,
    name_zh: String,
    name_en: String,
    /// A bundle's own case goes to no department: its children do.
    is_bundle: bool,
    /// Intake accepted it (a supplement requested before that leads back to intake).
    accepted: bool,
    /// The clerk holding the case (claimed or accepted), if any.
    assigned_clerk_id: Option<Uuid>,
}

/// Locks the case for update if the acting party may reach it.
async fn lock(
    conn: &mut PgConnection,
    case_id: Uuid,
    acting: &Acting,
) -> Result<LockedCase, CaseError> {
    let (kind, account, department) = acting.scope();
    let sql = format!(
        "select c.state, c.version, c.department_code, c.applicant_account_id, c.case_number,
                s.name_zh, s.name_en,
                exists (select 1 from bundle_services b where b.bundle_code = c.service_code)
                    as is_bundle,
                c.accepted_on is not null as accepted, c.assigned_clerk_id
         from cases c join services s on s.code = c.service_code
         where c.id = $1 and {}
         for update of c",
        reach_condition(2, 3, 4)
    );
    sqlx::query_as::<_, LockedCase>(&sql)
        .bind(case_id)
        .bind(kind)
        .bind(account)
        .bind(department)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(CaseError::NotFound)
}

/// Gives the case the next number of its department: code + date (Beijing time) + sequence of
/// the day, at least 5 digits. The day's counter row stays locked until the transaction ends, so
/// a transition takes the number last, just before the few statements that need it.
async fn number_case(
    conn: &mut PgConnection,
    case_id: Uuid,
    department_code: &str,
) -> Result<String, CaseError> {
    Ok(sqlx::query_scalar(
        "with counter as (
             insert into case_number_counters (department_code, day, last_value)
             values ($2, (now() at time zone 'Asia/Shanghai')::date, 1)
             on conflict (department_code, day)
                 do update set last_value = case_number_counters.last_value + 1
             returning to_char(day, 'YYYYMMDD') as day, last_value::text as seq)
         update cases c
         set case_number = $2 || counter.day || lpad(counter.seq, greatest(5, length(counter.seq)), '0')
         from counter where c.id = $1
         returning c.case_number",
    )
    .bind(case_id)
    .bind(department_code)
    .fetch_one(&mut *conn)
    .await?)
}

/// Applies `action` to the case. `expected_version`, when given, must match the case's current
/// version (the version the actor saw), so a decision on a case that changed meanwhile is refused.
pub async fn apply(
    conn: &mut PgConnection,
    case_id: Uuid,
    acting: &Acting,
    action: &CaseAction,
    expected_version: Option<i32>,
) -> Result<Applied, CaseError> {
    let case = lock(conn, case_id, acting).await?;
    // A case a clerk holds is theirs to decide; the queue and the page say who holds it.
    if let Acting::Clerk { account_id, .. } = acting {
        if case
            .assigned_clerk_id
            .is_some_and(|holder| holder != *account_id)
        {
            return Err(CaseError::HeldByAnother);
        }
    }
    let from = CaseState::parse(&case.state).ok_or(CaseError::Stale)?;
    // A bundle's own case is only submitted: its parts are decided and withdrawn one by one,
    // and it follows them.
    if case.is_bundle && !matches!(action, CaseAction::Submit) {
        return Err(CaseError::Transition(TransitionError::IllegalTransition {
            from,
            action: action.kind(),
        }));
    }
    let step = transition_of(from, case.accepted, acting.actor(), action)?;
    if expected_version.is_some_and(|v| v != case.version) {
        return Err(CaseError::Stale);
    }
    // A first submit is numbered at the end (`number_case`): the department's counter row is
    // then locked for the last few statements only, not the whole transition.
    let numbering = case.case_number.is_none() && matches!(action, CaseAction::Submit);
    let supplement_items = match action {
        CaseAction::RequestSupplement { items, .. } => serde_json::to_value(items).ok(),
        _ => None,
    };
    let version: i32 = sqlx::query_scalar(
        "update cases set
            state = $2,
            version = version + 1,
            -- A submitted case always has a number; a first submit's is taken last
            -- (`number_case`), meanwhile the case holds one of its own no one else can see.
            case_number = coalesce($3, 'pending-' || id::text),
            submitted_at = case when $2 = 'submitted' and submitted_at is null then now()
                                else submitted_at end,
            accepted_on = case when $2 = 'accepted'
                then (now() at time zone 'Asia/Shanghai')::date else accepted_on end,
            supplement_items = case when $2 = 'supplement_requested' then $4
                                    when state = 'supplement_requested'
                                        and $2 <> 'withdrawn' then null
                                    else supplement_items end,
            decided_at = case when $5 then now() else decided_at end
         where id = $1 returning version",
    )
    .bind(case_id)
    .bind(step.to.as_str())
    .bind(&case.case_number)
    .bind(&supplement_items)
    .bind(step.to.is_final())
    .fetch_one(&mut *conn)
    .await?;
    let reason = action.reason().trim();
    let event_id: i64 = sqlx::query_scalar(
        "insert into case_events
            (case_id, seq, action, from_state, to_state, actor_kind, actor_account_id, reason, payload)
         values ($1, (select coalesce(max(seq), 0) + 1 from case_events where case_id = $1),
                 $2, $3, $4, $5, $6, $7, $8)
         returning id",
    )
    .bind(case_id)
    .bind(action.kind().as_str())
    .bind(from.as_str())
    .bind(step.to.as_str())
    .bind(acting.actor().as_str())
    .bind(acting.account_id())
    .bind(reason)
    .bind(serde_json::to_value(action).unwrap_or_default())
    .fetch_one(&mut *conn)
    .await?;
    for effect in &step.effects {
        match effect {
            Effect::DeliverToDepartment { .. } if case.is_bundle => {}
            Effect::DeliverToDepartment { event } => {
                sqlx::query(
                    "insert into delivery_outbox (case_id, case_event_id, department_code, event)
                     values ($1, $2, $3, $4)",
                )
                .bind(case_id)
                .bind(event_id)
                .bind(&case.department_code)
                .bind(event)
                .execute(&mut *conn)
                .await?;
                sqlx::query("select pg_notify('delivery_outbox', '')")
                    .execute(&mut *conn)
                    .await?;
            }
            // After the case number (below).
            Effect::NotifyApplicant { .. } => {}
            // The e-certificate (where the service issues one) lands in the holder's wallet with
            // the approval, whoever approves (clerk or department system).
            Effect::IssueResult => {
                let valid_until = match action {
                    CaseAction::Approve { valid_until, .. } => *valid_until,
                    _ => None,
                };
                crate::certificates::issue_for_case(conn, case_id, valid_until).await?;
            }
            // The clock is computed from acceptance and the supplement events (the stored due
            // dates are refreshed below); the rating form appears on the decided case's page.
            Effect::StartClock
            | Effect::PauseClock
            | Effect::ResumeClock
            | Effect::StopClock
            | Effect::OpenRating => {}
        }
    }
    // Every transition may start, pause, resume or stop the clock: keep the stored due dates
    // in step, in this transaction.
    super::deadlines::refresh(conn, &[case_id]).await?;
    // Only a new case is assigned; one back at intake after a supplement keeps its clerk.
    if from == CaseState::Draft && step.to == CaseState::Submitted {
        crate::cases::auto_assign::on_submitted(conn, case_id, &case.department_code).await?;
    }
    let case_number = if numbering {
        Some(number_case(conn, case_id, &case.department_code).await?)
    } else {
        case.case_number.clone()
    };
    for effect in &step.effects {
        if let Effect::NotifyApplicant { template } = effect {
            let notice = CaseNotice {
                case_number: case_number.clone().unwrap_or_default(),
                service_zh: case.name_zh.clone(),
                service_en: case.name_en.clone(),
                reason: reason.to_string(),
                case_path: format!("/cases/{case_id}"),
            };
            notifications::notify(conn, case.applicant_account_id, case_id, template, &notice)
                .await?;
        }
    }
    Ok(Applied {
        case_id,
        from,
        to: step.to,
        event_id,
        version,
        case_number,
        effects: step.effects,
    })
}
