//! Stored due dates: `cases.due_on` (promised) and `statutory_due_on`, a cache of the calendar
//! arithmetic so the queues can sort and page by deadline through an index at any size.
//!
//! They are rewritten in the transaction of every transition ([`super::transition::apply`]) and,
//! for every running case, in the transaction of every calendar edit, so they cannot drift from
//! the calendar. Near-deadline and overdue are still decided at read time, by comparing these
//! dates with thresholds computed from today ([`super::calendar::near_until`]).
use super::calendar;
use crate::error::InternalError;
use chrono::NaiveDate;
use portal_types::domain::case_lifecycle::CaseState;
use portal_types::domain::working_days::{deadline_with_pauses, Deadline, Pause, WorkingCalendar};
use sqlx::PgConnection;
use uuid::Uuid;

/// How many cases one refresh statement rewrites.
const BATCH: i64 = 2000;

#[derive(sqlx::FromRow)]
struct ClockInputs {
    id: Uuid,
    state: String,
    accepted_on: Option<NaiveDate>,
    promised_days: i32,
    statutory_days: i32,
}

/// Promised and statutory due dates of a case whose clock runs; `None` otherwise (not accepted,
/// paused for a supplement, decided).
fn due_dates(
    working_calendar: &WorkingCalendar,
    inputs: &ClockInputs,
    pauses: &[Pause],
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let running = CaseState::parse(&inputs.state).is_some_and(|s| {
        matches!(
            s,
            CaseState::Accepted | CaseState::InReview | CaseState::Resubmitted
        )
    });
    let Some(accepted_on) = inputs.accepted_on.filter(|_| running) else {
        return (None, None);
    };
    let due = |days: i32| match deadline_with_pauses(
        working_calendar,
        accepted_on,
        u32::try_from(days).unwrap_or(0),
        pauses,
    ) {
        Ok(Deadline::Due(day)) => Some(day),
        _ => None,
    };
    (due(inputs.promised_days), due(inputs.statutory_days))
}

/// Recomputes the due dates of these cases, on the caller's connection (its transaction sees
/// the events it has just written).
pub async fn refresh(conn: &mut PgConnection, case_ids: &[Uuid]) -> Result<(), InternalError> {
    let working_calendar = calendar::load_calendar(&mut *conn).await?;
    refresh_with(conn, &working_calendar, case_ids).await
}

async fn refresh_with(
    conn: &mut PgConnection,
    working_calendar: &WorkingCalendar,
    case_ids: &[Uuid],
) -> Result<(), InternalError> {
    let inputs: Vec<ClockInputs> = sqlx::query_as(
        "select c.id, c.state, c.accepted_on, s.promised_days, s.statutory_days
         from cases c join services s on s.code = c.service_code
         where c.id = any($1)",
    )
    .bind(case_ids)
    .fetch_all(&mut *conn)
    .await?;
    let mut pauses = calendar::pauses_of(&mut *conn, case_ids).await?;
    let mut ids = Vec::with_capacity(inputs.len());
    let mut promised = Vec::with_capacity(inputs.len());
    let mut statutory = Vec::with_capacity(inputs.len());
    for case in &inputs {
        let case_pauses = pauses.remove(&case.id).unwrap_or_default();
        let (due, statutory_due) = due_dates(working_calendar, case, &case_pauses);
        ids.push(case.id);
        promised.push(due);
        statutory.push(statutory_due);
    }
    sqlx::query(
        "update cases c set due_on = d.due_on, statutory_due_on = d.statutory_due_on
         from unnest($1::uuid[], $2::date[], $3::date[]) as d(id, due_on, statutory_due_on)
         where c.id = d.id
           and (c.due_on, c.statutory_due_on) is distinct from (d.due_on, d.statutory_due_on)",
    )
    .bind(&ids)
    .bind(&promised)
    .bind(&statutory)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Recomputes every case whose clock runs or has a stored due date (after a calendar edit).
/// Returns how many cases it looked at.
pub async fn refresh_all(conn: &mut PgConnection) -> Result<usize, InternalError> {
    refresh_where(
        conn,
        "state in ('accepted', 'in_review', 'resubmitted') or due_on is not null",
    )
    .await
}

/// Fills in the due dates of running cases that have none (cases stored before due dates were;
/// run at start-up, a no-op afterwards).
pub async fn refresh_missing(conn: &mut PgConnection) -> Result<usize, InternalError> {
    refresh_where(
        conn,
        "state in ('accepted', 'in_review', 'resubmitted') and due_on is null",
    )
    .await
}

/// Refreshes, in batches by id, the cases matching `condition` (a fixed SQL fragment).
async fn refresh_where(conn: &mut PgConnection, condition: &str) -> Result<usize, InternalError> {
    let working_calendar = calendar::load_calendar(&mut *conn).await?;
    let sql = format!("select id from cases where id > $1 and ({condition}) order by id limit $2");
    let mut after = Uuid::nil();
    let mut seen = 0;
    loop {
        let ids: Vec<Uuid> = sqlx::query_scalar(&sql)
            .bind(after)
            .bind(BATCH)
            .fetch_all(&mut *conn)
            .await?;
        let Some(&last) = ids.last() else {
            return Ok(seen);
        };
        refresh_with(conn, &working_calendar, &ids).await?;
        seen += ids.len();
        after = last;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn inputs(state: &str, accepted_on: Option<&str>) -> ClockInputs {
        ClockInputs {
            id: Uuid::nil(),
            state: state.into(),
            accepted_on: accepted_on.map(day),
            promised_days: 5,
            statutory_days: 20,
        }
    }

    #[test]
    fn a_running_case_has_both_due_dates() {
        // Accepted Monday 2026-11-02: five working days → Monday 2026-11-09; twenty → 11-30.
        let (due, statutory) = due_dates(
            &WorkingCalendar::new(),
            &inputs("in_review", Some("2026-11-02")),
            &[],
        );
        assert_eq!(due, Some(day("2026-11-09")));
        assert_eq!(statutory, Some(day("2026-11-30")));
    }

    #[test]
    fn a_supplement_moves_both_due_dates() {
        // Paused Wednesday to Friday (three working days) after acceptance on Monday.
        let pauses = [Pause {
            from: day("2026-11-04"),
            until: Some(day("2026-11-06")),
        }];
        let (due, statutory) = due_dates(
            &WorkingCalendar::new(),
            &inputs("resubmitted", Some("2026-11-02")),
            &pauses,
        );
        assert_eq!(due, Some(day("2026-11-12")));
        assert_eq!(statutory, Some(day("2026-12-03")));
    }

    #[test]
    fn cases_whose_clock_does_not_run_have_none() {
        let calendar = WorkingCalendar::new();
        for (state, accepted) in [
            ("submitted", None),
            ("supplement_requested", Some("2026-11-02")),
            ("approved", Some("2026-11-02")),
            ("withdrawn", Some("2026-11-02")),
        ] {
            assert_eq!(
                due_dates(&calendar, &inputs(state, accepted), &[]),
                (None, None),
                "{state}"
            );
        }
    }
}
