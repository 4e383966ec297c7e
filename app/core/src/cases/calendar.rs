//! The legal clock's inputs: the operator's calendar and a case's acceptance and pauses.
use crate::error::InternalError;
use chrono::NaiveDate;
use portal_types::domain::working_days::{
    deadline_status, deadline_with_pauses, DayKind, Deadline, Pause, WorkingCalendar,
};
use portal_types::views::cases::ClockView;
use sqlx::PgExecutor;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use uuid::Uuid;

/// Default near-deadline threshold in working days.
pub const NEAR_DEADLINE_WORKING_DAYS: u32 = 2;

static NEAR_DEADLINE: AtomicU32 = AtomicU32::new(NEAR_DEADLINE_WORKING_DAYS);

/// A case is "near its deadline" with at most this many working days left (the server sets it
/// from `PORTAL_NEAR_DEADLINE_DAYS` at start-up).
pub fn near_deadline_working_days() -> u32 {
    NEAR_DEADLINE.load(Ordering::Relaxed)
}

pub fn set_near_deadline_working_days(days: u32) {
    NEAR_DEADLINE.store(days, Ordering::Relaxed);
}

pub async fn load_calendar<'e>(
    executor: impl PgExecutor<'e>,
) -> Result<WorkingCalendar, InternalError> {
    let rows: Vec<(NaiveDate, String)> = sqlx::query_as("select day, kind from calendar_days")
        .fetch_all(executor)
        .await?;
    Ok(WorkingCalendar::from_days(rows.into_iter().map(
        |(day, kind)| {
            let kind = match kind.as_str() {
                "adjusted_workday" => DayKind::AdjustedWorkday,
                _ => DayKind::Holiday,
            };
            (day, kind)
        },
    )))
}

/// Today in Beijing time, as the database sees it (one clock for every instance).
pub async fn today<'e>(executor: impl PgExecutor<'e>) -> Result<NaiveDate, InternalError> {
    Ok(
        sqlx::query_scalar("select (now() at time zone 'Asia/Shanghai')::date")
            .fetch_one(executor)
            .await?,
    )
}

/// Supplement pauses of a case, from its events (request day → resubmission day).
pub async fn pauses<'e>(
    executor: impl PgExecutor<'e>,
    case_id: Uuid,
) -> Result<Vec<Pause>, InternalError> {
    Ok(pauses_of(executor, &[case_id])
        .await?
        .remove(&case_id)
        .unwrap_or_default())
}

/// Supplement pauses of many cases with one query (queues, dashboards, escalation).
pub async fn pauses_of<'e>(
    executor: impl PgExecutor<'e>,
    case_ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<Pause>>, InternalError> {
    // A request pauses the running clock (not one made at intake, before the clock starts);
    // whatever leaves the request (resubmission, the department withdrawing it) resumes it.
    let events: Vec<(Uuid, String, NaiveDate)> = sqlx::query_as(
        "select case_id, to_state, (occurred_at at time zone 'Asia/Shanghai')::date
         from case_events
         where case_id = any($1)
           and ((to_state = 'supplement_requested' and from_state <> 'submitted')
                or from_state = 'supplement_requested')
         order by case_id, seq",
    )
    .bind(case_ids)
    .fetch_all(executor)
    .await?;
    let mut pauses: HashMap<Uuid, Vec<Pause>> = HashMap::new();
    for (case_id, state, day) in events {
        let list = pauses.entry(case_id).or_default();
        if state == "supplement_requested" {
            list.push(Pause {
                from: day,
                until: None,
            });
        } else if let Some(open) = list.last_mut().filter(|p| p.until.is_none()) {
            open.until = Some(day);
        }
    }
    Ok(pauses)
}

/// The legal clock of one case as it stands today (the case page and the receipt).
pub async fn case_clock(
    pool: &sqlx::PgPool,
    case_id: Uuid,
    accepted_on: Option<NaiveDate>,
    is_final: bool,
    promised_days: i32,
    statutory_days: i32,
) -> Result<ClockView, InternalError> {
    let calendar_rows = load_calendar(pool).await?;
    let today = today(pool).await?;
    let pauses = pauses(pool, case_id).await?;
    Ok(clock_view(
        &calendar_rows,
        today,
        accepted_on,
        is_final,
        u32::try_from(promised_days).unwrap_or(0),
        u32::try_from(statutory_days).unwrap_or(0),
        &pauses,
    ))
}

pub fn clock_view(
    calendar: &WorkingCalendar,
    today: NaiveDate,
    accepted_on: Option<NaiveDate>,
    is_final: bool,
    promised_days: u32,
    statutory_days: u32,
    pauses: &[Pause],
) -> ClockView {
    let Some(accepted_on) = accepted_on else {
        return if is_final {
            ClockView::Stopped
        } else {
            ClockView::NotStarted { promised_days }
        };
    };
    if is_final {
        return ClockView::Stopped;
    }
    match deadline_with_pauses(calendar, accepted_on, promised_days, pauses) {
        Ok(Deadline::Due(due)) => ClockView::Running {
            due,
            statutory_due: match deadline_with_pauses(calendar, accepted_on, statutory_days, pauses)
            {
                Ok(Deadline::Due(statutory)) => Some(statutory),
                _ => None,
            },
            status: deadline_status(calendar, due, today, near_deadline_working_days()),
        },
        Ok(Deadline::Paused {
            remaining_working_days,
            ..
        }) => ClockView::Paused {
            remaining_working_days,
        },
        Err(_) => ClockView::Stopped,
    }
}

/// The day from which a running case counts as near its deadline: a due date `d` is near when
/// `today <= d < near_until(today)`, i.e. at most the threshold of working days lie in
/// `(today, d]` (due dates are working days). Lets SQL select near-deadline cases by index.
pub fn near_until(calendar: &WorkingCalendar, today: NaiveDate) -> NaiveDate {
    calendar
        .add_working_days(today, near_deadline_working_days() + 1)
        .unwrap_or(NaiveDate::MAX)
}
