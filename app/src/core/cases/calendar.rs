//! The legal clock's inputs: the operator's calendar and a case's acceptance and pauses.
use crate::api::cases::ClockView;
use crate::core::error::InternalError;
use crate::domain::working_days::{
    deadline_status, deadline_with_pauses, DayKind, Deadline, Pause, WorkingCalendar,
};
use chrono::NaiveDate;
use sqlx::PgPool;
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
    let rows: Vec<(String, NaiveDate)> = sqlx::query_as(
        "select to_state, (occurred_at at time zone 'Asia/Shanghai')::date from case_events
         where case_id = $1 and to_state in ('supplement_requested', 'resubmitted') order by seq",
    )
    .bind(case_id)
    .fetch_all(pool)
    .await?;
    let mut pauses: Vec<Pause> = Vec::new();
    for (state, day) in rows {
        match state.as_str() {
            "supplement_requested" => pauses.push(Pause {
                from: day,
                until: None,
            }),
            _ => {
                if let Some(open) = pauses.last_mut().filter(|p| p.until.is_none()) {
                    open.until = Some(day);
                }
            }
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
