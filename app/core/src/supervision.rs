//! The supervisor dashboard's numbers, for one department, over the last `WEEKS` ISO weeks
//! (Beijing time, the current week included):
//! - received: cases submitted in the week; finished: cases decided in the week (approved,
//!   denied or refused at intake; withdrawals are not counted);
//! - processing time: working days from acceptance to the decision day (`accepted_on` →
//!   `decided_at` as a Beijing date), by the operator's calendar, for the cases decided in the
//!   window that had been accepted; the median of those;
//! - on time: the same cases decided on or before their due date, computed exactly as the clock
//!   does (`deadline_with_pauses`, the service's promised days, the supplement pauses from the
//!   case's events); a case decided while its clock was paused counts as on time;
//! - overdue now: open accepted cases whose running clock is past the due date;
//! - satisfaction: average and count of every rating of the department's cases (all time);
//! - the department's open follow-ups of bad ratings, oldest first.
use crate::cases::calendar;
use crate::error::InternalError;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use portal_types::domain::working_days::{deadline_with_pauses, Deadline, Pause, WorkingCalendar};
use portal_types::views::supervision::{Dashboard, FollowupRow, WeekCount, WEEKS};
use portal_types::Text;
use sqlx::PgPool;
use std::collections::HashMap;
use uuid::Uuid;

const DECIDED_STATES: &str = "('approved', 'denied', 'refused_at_intake')";
const RUNNING_STATES: &str = "('accepted', 'in_review', 'resubmitted')";

/// The Mondays of the last `weeks` ISO weeks up to the one holding `today`, oldest first.
pub fn week_mondays(today: NaiveDate, weeks: usize) -> Vec<NaiveDate> {
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    (0..weeks)
        .rev()
        .map(|k| monday - Duration::weeks(k as i64))
        .collect()
}

/// The median of the values; the mean of the middle two for an even count.
pub fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[mid] as f64
    } else {
        (values[mid - 1] + values[mid]) as f64 / 2.0
    })
}

/// Whether a case accepted on `accepted_on` and decided on `decided_on` kept its deadline.
/// `None` when the calendar cannot say (bad pause data, limits out of range).
pub fn decided_on_time(
    calendar: &WorkingCalendar,
    accepted_on: NaiveDate,
    decided_on: NaiveDate,
    promised_days: u32,
    pauses: &[Pause],
) -> Option<bool> {
    match deadline_with_pauses(calendar, accepted_on, promised_days, pauses).ok()? {
        Deadline::Due(due) => Some(decided_on <= due),
        Deadline::Paused { .. } => Some(true),
    }
}

/// Case, case number, score, comment and opening time of an open bad-rating follow-up.
type OpenFollowUp = (Uuid, Option<String>, i32, String, DateTime<Utc>);

/// Every number of the dashboard of `department_code`.
pub async fn dashboard(pool: &PgPool, department_code: &str) -> Result<Dashboard, InternalError> {
    let (name_zh, name_en): (String, String) =
        sqlx::query_as("select name_zh, name_en from departments where code = $1")
            .bind(department_code)
            .fetch_one(pool)
            .await?;
    let today = calendar::today(pool).await?;
    let mondays = week_mondays(today, WEEKS);
    let first = mondays[0];

    // Received and finished per week (the week of a Beijing date is its Monday).
    let counts: Vec<(NaiveDate, i64, i64)> = sqlx::query_as(&format!(
        "with received as (
             select date_trunc('week', submitted_at at time zone 'Asia/Shanghai')::date as monday
             from cases
             where department_code = $1 and submitted_at is not null
               and (submitted_at at time zone 'Asia/Shanghai')::date >= $2
         ), finished as (
             select date_trunc('week', decided_at at time zone 'Asia/Shanghai')::date as monday
             from cases
             where department_code = $1 and decided_at is not null and state in {DECIDED_STATES}
               and (decided_at at time zone 'Asia/Shanghai')::date >= $2
         ), weeks as (
             select monday from received union select monday from finished
         )
         select w.monday,
                (select count(*) from received r where r.monday = w.monday),
                (select count(*) from finished f where f.monday = w.monday)
         from weeks w"
    ))
    .bind(department_code)
    .bind(first)
    .fetch_all(pool)
    .await?;
    let by_week: HashMap<NaiveDate, (i64, i64)> =
        counts.into_iter().map(|(m, r, f)| (m, (r, f))).collect();
    let weeks = mondays
        .iter()
        .map(|monday| {
            let (received, finished) = by_week.get(monday).copied().unwrap_or_default();
            WeekCount {
                monday: *monday,
                received,
                finished,
            }
        })
        .collect();

    let calendar_days = calendar::load_calendar(pool).await?;

    // Processing time and deadline keeping of the cases decided in the window.
    let decided: Vec<(Uuid, NaiveDate, NaiveDate, i32)> = sqlx::query_as(&format!(
        "select c.id, c.accepted_on, (c.decided_at at time zone 'Asia/Shanghai')::date,
                s.promised_days
         from cases c join services s on s.code = c.service_code
         where c.department_code = $1 and c.state in {DECIDED_STATES}
           and c.accepted_on is not null and c.decided_at is not null
           and (c.decided_at at time zone 'Asia/Shanghai')::date >= $2"
    ))
    .bind(department_code)
    .bind(first)
    .fetch_all(pool)
    .await?;
    let ids: Vec<Uuid> = decided.iter().map(|d| d.0).collect();
    let pauses = calendar::pauses_of(pool, &ids).await?;
    let mut durations = Vec::with_capacity(decided.len());
    let mut on_time = 0;
    for (id, accepted_on, decided_on, promised_days) in &decided {
        durations.push(
            calendar_days
                .working_days_between(*accepted_on, *decided_on)
                .max(0),
        );
        let kept = decided_on_time(
            &calendar_days,
            *accepted_on,
            *decided_on,
            u32::try_from(*promised_days).unwrap_or(0),
            pauses.get(id).map(Vec::as_slice).unwrap_or_default(),
        );
        if kept == Some(true) {
            on_time += 1;
        }
    }
    let timed_cases = i64::try_from(decided.len()).unwrap_or(i64::MAX);
    let median_working_days = median(&mut durations);

    // Overdue now: the running clocks whose (calendar-derived) due date has passed.
    let overdue_now: i64 = sqlx::query_scalar(&format!(
        "select count(*) from cases c
         where c.department_code = $1 and c.state in {RUNNING_STATES} and c.due_on < $2"
    ))
    .bind(department_code)
    .bind(today)
    .fetch_one(pool)
    .await?;

    let (rating_average, rating_count): (Option<f64>, i64) = sqlx::query_as(
        "select avg(r.score)::float8, count(*)
         from ratings r join cases c on c.id = r.case_id
         where c.department_code = $1",
    )
    .bind(department_code)
    .fetch_one(pool)
    .await?;

    let followups: Vec<OpenFollowUp> = sqlx::query_as(
        "select f.case_id, c.case_number, r.score, r.comment, f.opened_at
         from rating_followups f
         join ratings r on r.case_id = f.case_id
         join cases c on c.id = f.case_id
         where f.department_code = $1 and c.department_code = $1 and f.closed_at is null
         order by f.opened_at, f.case_id",
    )
    .bind(department_code)
    .fetch_all(pool)
    .await?;

    Ok(Dashboard {
        department: Text::new(name_zh, name_en),
        weeks,
        timed_cases,
        median_working_days,
        on_time,
        overdue_now,
        rating_average,
        rating_count,
        auto_assign: crate::cases::auto_assign::is_enabled(pool, department_code).await?,
        followups: followups
            .into_iter()
            .map(
                |(case_id, case_number, score, comment, opened_at)| FollowupRow {
                    case_id,
                    case_number: case_number.unwrap_or_default(),
                    score,
                    comment,
                    opened_at,
                },
            )
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn weeks_end_with_the_current_iso_week() {
        // 2026-11-22 is a Sunday: its week starts on Monday 2026-11-16.
        let weeks = week_mondays(d(2026, 11, 22), 8);
        assert_eq!(weeks.len(), 8);
        assert_eq!(weeks[7], d(2026, 11, 16));
        assert_eq!(weeks[0], d(2026, 9, 28));
        assert!(weeks.iter().all(|m| m.weekday() == chrono::Weekday::Mon));
        assert_eq!(week_mondays(d(2026, 11, 16), 1), vec![d(2026, 11, 16)]);
    }

    #[test]
    fn median_of_odd_even_and_empty() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5, 1, 3]), Some(3.0));
        assert_eq!(median(&mut [4, 1, 3, 10]), Some(3.5));
    }

    #[test]
    fn on_time_uses_the_clock_with_pauses() {
        let calendar = WorkingCalendar::new();
        // Accepted Monday 2026-11-16; 3 working days → due Thursday 11-19.
        let accepted = d(2026, 11, 16);
        assert_eq!(
            decided_on_time(&calendar, accepted, d(2026, 11, 19), 3, &[]),
            Some(true)
        );
        assert_eq!(
            decided_on_time(&calendar, accepted, d(2026, 11, 20), 3, &[]),
            Some(false)
        );
        // A pause on Tuesday (request and resubmission the same day) moves the due day to Friday.
        let pause = Pause {
            from: d(2026, 11, 17),
            until: Some(d(2026, 11, 17)),
        };
        assert_eq!(
            decided_on_time(&calendar, accepted, d(2026, 11, 20), 3, &[pause]),
            Some(true)
        );
    }
}
