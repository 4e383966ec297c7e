//! The legal clock's inputs: the operator's calendar and a case's acceptance and pauses.
use crate::api::cases::ClockView;
use crate::core::error::InternalError;
use crate::domain::working_days::{
    deadline_status, deadline_with_pauses, DayKind, Deadline, Pause, WorkingCalendar,
};
use chrono::NaiveDate;
use sqlx::PgPool;
use std::collections::HashMap;
use uuid::Uuid;

/// Near-deadline threshold in working days.
pub const NEAR_DEADLINE_WORKING_DAYS: u32 = 2;

pub async fn load_calendar(pool: &PgPool) -> Result<WorkingCalendar, InternalError> {
    let rows: Vec<(NaiveDate, String)> = sqlx::query_as("select day, kind from calendar_days")
        .fetch_all(pool)
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
pub async fn today(pool: &PgPool) -> Result<NaiveDate, InternalError> {
    Ok(
        sqlx::query_scalar("select (now() at time zone 'Asia/Shanghai')::date")
            .fetch_one(pool)
            .await?,
    )
}

/// Supplement pauses of a case, from its events (request day → resubmission day).
pub async fn pauses(pool: &PgPool, case_id: Uuid) -> Result<Vec<Pause>, InternalError> {
    Ok(pauses_of(pool, &[case_id])
        .await?
        .remove(&case_id)
        .unwrap_or_default())
}

/// Supplement pauses of many cases with one query (queues, dashboards, escalation).
pub async fn pauses_of(
    pool: &PgPool,
    case_ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<Pause>>, InternalError> {
    let events: Vec<(Uuid, String, NaiveDate)> = sqlx::query_as(
        "select case_id, to_state, (occurred_at at time zone 'Asia/Shanghai')::date
         from case_events
         where case_id = any($1) and to_state in ('supplement_requested', 'resubmitted')
         order by case_id, seq",
    )
    .bind(case_ids)
    .fetch_all(pool)
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

pub fn clock_view(
    calendar: &WorkingCalendar,
    today: NaiveDate,
    accepted_on: Option<NaiveDate>,
    is_final: bool,
    promised_days: u32,
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
            status: deadline_status(calendar, due, today, NEAR_DEADLINE_WORKING_DAYS),
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
