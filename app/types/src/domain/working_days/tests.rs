#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;
use DayKind::{AdjustedWorkday as W, Holiday as H};
use Deadline::Due;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

fn range(from: NaiveDate, to: NaiveDate, kind: DayKind) -> Vec<(NaiveDate, DayKind)> {
    let days = from.iter_days().take_while(|x| *x <= to);
    days.map(|x| (x, kind)).collect()
}

/// China 2026 (State Council General Office notice on the 2026 holiday schedule).
fn china_2026() -> WorkingCalendar {
    let mut rows = Vec::new();
    for (a, b) in [
        (d(2026, 1, 1), d(2026, 1, 3)),
        (d(2026, 2, 15), d(2026, 2, 23)),
        (d(2026, 4, 4), d(2026, 4, 6)),
        (d(2026, 5, 1), d(2026, 5, 5)),
        (d(2026, 6, 19), d(2026, 6, 21)),
        (d(2026, 9, 25), d(2026, 9, 27)),
        (d(2026, 10, 1), d(2026, 10, 7)),
    ] {
        rows.extend(range(a, b, H));
    }
    for w in [(1, 4), (2, 14), (2, 28), (5, 9), (9, 20), (10, 10)] {
        rows.push((d(2026, w.0, w.1), W));
    }
    WorkingCalendar::from_days(rows)
}

#[test]
fn weekends_and_exceptions() {
    let plain = WorkingCalendar::new();
    assert!(plain.is_working_day(d(2026, 10, 9))); // Friday
    assert!(!plain.is_working_day(d(2026, 10, 10))); // Saturday
    assert!(!plain.is_working_day(d(2026, 10, 11))); // Sunday
    assert_eq!(plain.next_working_day(d(2026, 10, 9)), Ok(d(2026, 10, 12)));
    assert_eq!(
        plain.add_working_days(d(2026, 10, 8), 2),
        Ok(d(2026, 10, 12))
    );

    let cn = china_2026();
    assert!(!cn.is_working_day(d(2026, 1, 1))); // holiday on a Thursday
    assert!(!cn.is_working_day(d(2026, 2, 16))); // 除夕, Monday
    assert!(cn.is_working_day(d(2026, 2, 14))); // 调休 Saturday
    assert!(cn.is_working_day(d(2026, 1, 4))); // 调休 Sunday
    assert!(cn.is_working_day(d(2026, 10, 10))); // 调休 Saturday
    assert_eq!(cn.day_kind(d(2026, 10, 10)), Some(W));
    assert_eq!(cn.next_working_day(d(2026, 9, 30)), Ok(d(2026, 10, 8)));
    assert_eq!(cn.next_working_day(d(2026, 2, 13)), Ok(d(2026, 2, 14)));
    // Later rows win.
    let later = WorkingCalendar::from_days([(d(2026, 10, 9), W), (d(2026, 10, 9), H)]);
    assert!(!later.is_working_day(d(2026, 10, 9)));
}

#[test]
fn deadline_moves_past_holidays() {
    let (plain, cn) = (WorkingCalendar::new(), china_2026());
    // Accepted Monday 27 April; the 4th working day would be Friday 1 May (劳动节).
    assert_eq!(plain.add_working_days(d(2026, 4, 27), 4), Ok(d(2026, 5, 1)));
    assert_eq!(cn.add_working_days(d(2026, 4, 27), 4), Ok(d(2026, 5, 6)));
    // A Friday acceptance: the acceptance day never counts, Monday is day 1.
    assert_eq!(cn.add_working_days(d(2026, 10, 16), 1), Ok(d(2026, 10, 19)));
}

#[test]
fn golden_week_2026() {
    let cn = china_2026();
    // Sep 29, 30, Oct 8, 9, then the 调休 Saturday Oct 10.
    assert_eq!(cn.add_working_days(d(2026, 9, 28), 5), Ok(d(2026, 10, 10)));
    // 20 days from Monday 21 Sep crosses 中秋 (Sep 25–27) and 国庆 (Oct 1–7).
    assert_eq!(cn.add_working_days(d(2026, 9, 21), 20), Ok(d(2026, 10, 26)));
    assert_eq!(cn.working_days_between(d(2026, 9, 21), d(2026, 10, 26)), 20);
    assert_eq!(cn.working_days_between(d(2026, 9, 30), d(2026, 10, 7)), 0);
    // Sep 20 (Sun) works; Sep 25–27 rest: Sep 20–24 and 28–30 are 8 days.
    assert_eq!(cn.working_days_between(d(2026, 9, 19), d(2026, 9, 30)), 8);
}

#[test]
fn between_agrees_with_add_and_is_antisymmetric() {
    let cn = china_2026();
    for start in d(2025, 12, 20).iter_days().take(400).step_by(3) {
        for n in 0..25 {
            let due = cn.add_working_days(start, n).unwrap();
            let counted = cn.working_days_between(start, due);
            assert_eq!(counted, i64::from(n), "{start} + {n}");
            assert!(n == 0 || cn.is_working_day(due));
        }
        for other in start.iter_days().take(40) {
            let ab = cn.working_days_between(start, other);
            assert_eq!(ab, -cn.working_days_between(other, start));
            let walked = start.iter_days().skip(1).take_while(|x| *x <= other);
            assert_eq!(ab, walked.filter(|x| cn.is_working_day(*x)).count() as i64);
        }
    }
    assert_eq!(cn.working_days_between(d(2026, 5, 5), d(2026, 5, 5)), 0);
    // Huge spans are arithmetic, not walked.
    let all = WorkingCalendar::new().working_days_between(NaiveDate::MIN, NaiveDate::MAX);
    assert!(all > 100_000_000);
}

fn pause(from: NaiveDate, until: Option<NaiveDate>) -> Pause {
    Pause { from, until }
}

#[test]
fn zero_limit_is_the_acceptance_day() {
    let cn = china_2026();
    assert_eq!(cn.add_working_days(d(2026, 10, 3), 0), Ok(d(2026, 10, 3)));
    let open = [pause(d(2026, 9, 1), None)];
    let due = deadline_with_pauses(&cn, d(2026, 9, 1), 0, &open);
    assert_eq!(due, Ok(Due(d(2026, 9, 1))));
}

#[test]
fn degenerate_calendars_error_instead_of_hanging() {
    let start = d(2030, 1, 1);
    let dark = WorkingCalendar::from_days(range(start, d(2041, 1, 1), H));
    let days = SEARCH_LIMIT_DAYS;
    let err = CalendarError::NoWorkingDayWithin { after: start, days };
    assert_eq!(dark.next_working_day(start), Err(err));
    assert_eq!(dark.add_working_days(start, 1), Err(err));
    assert_eq!(deadline_with_pauses(&dark, start, 5, &[]), Err(err));
    assert_eq!(dark.working_days_between(start, d(2041, 1, 1)), 0);
    let plain = WorkingCalendar::new();
    let out_of_range = Err(CalendarError::DateOutOfRange);
    assert_eq!(plain.next_working_day(NaiveDate::MAX), out_of_range);
    let (limit, max) = (u32::MAX, MAX_LIMIT_DAYS);
    let too_many = Err(CalendarError::LimitTooLarge { limit, max });
    assert_eq!(plain.add_working_days(start, limit), too_many);
    let too_many = too_many.map(Due);
    assert_eq!(deadline_with_pauses(&plain, start, limit, &[]), too_many);
    assert!(plain.add_working_days(start, MAX_LIMIT_DAYS).is_ok());
}

#[test]
fn pauses() {
    let cn = china_2026();
    let due = |pauses: &[Pause]| deadline_with_pauses(&cn, d(2026, 9, 21), 20, pauses);
    assert_eq!(due(&[]), Ok(Due(d(2026, 10, 26))));
    // Requested Thu 24 Sep (Sep 22, 23 used), resubmitted Fri 9 Oct: the clock resumes on the
    // 调休 Saturday Oct 10 (day 3) and reaches day 20 on Tue 3 Nov.
    let closed = pause(d(2026, 9, 24), Some(d(2026, 10, 9)));
    assert_eq!(due(&[closed]), Ok(Due(d(2026, 11, 3))));
    let since = d(2026, 9, 24);
    let paused = Deadline::Paused {
        since,
        remaining_working_days: 18,
    };
    assert_eq!(due(&[pause(since, None)]), Ok(paused));
    // Open pause requested after the deadline passed: the due date stands.
    assert_eq!(
        due(&[pause(d(2026, 10, 27), None)]),
        Ok(Due(d(2026, 10, 26)))
    );
    // A pause lying entirely within rest days changes nothing.
    let idle = pause(d(2026, 10, 1), Some(d(2026, 10, 7)));
    assert_eq!(due(&[idle]), Ok(Due(d(2026, 10, 26))));
    // Same-day request and resubmission removes exactly that working day.
    let one = pause(d(2026, 10, 12), Some(d(2026, 10, 12)));
    assert_eq!(due(&[one]), Ok(Due(d(2026, 10, 27))));
    // Overlapping, unsorted pauses act as their union.
    let inner = pause(d(2026, 9, 28), Some(d(2026, 9, 29)));
    assert_eq!(due(&[inner, closed]), Ok(Due(d(2026, 11, 3))));
    let (from, until) = (d(2026, 10, 9), d(2026, 10, 8));
    let invalid = Err(CalendarError::InvalidPause { from, until });
    assert_eq!(due(&[pause(from, Some(until))]), invalid);
}

#[test]
fn status_thresholds_and_overdue() {
    use DeadlineStatus::{DueToday, NearDeadline, OnTrack, Overdue};
    let on = |working_days_left| OnTrack { working_days_left };
    let near = |working_days_left| NearDeadline { working_days_left };
    let over = |working_days_over| Overdue { working_days_over };
    let cn = china_2026();
    let due = d(2026, 10, 26); // Monday
    let st = |today| deadline_status(&cn, due, today, 3);
    assert_eq!(st(d(2026, 10, 20)), on(4));
    assert_eq!(st(d(2026, 10, 21)), near(3));
    assert_eq!(st(d(2026, 10, 24)), near(1));
    assert_eq!(st(due), DueToday);
    assert_eq!(st(d(2026, 10, 27)), over(1));
    assert_eq!(st(d(2026, 10, 31)), over(4));
    assert_eq!(deadline_status(&cn, due, d(2026, 10, 23), 0), on(1));
    // Golden week: due Wed 30 Sep, still only 1 working day over on Thu 8 Oct.
    assert_eq!(
        deadline_status(&cn, d(2026, 9, 30), d(2026, 10, 8), 3),
        over(1)
    );
    // Due Friday, today Saturday: overdue, by 0 working days.
    assert_eq!(
        deadline_status(&cn, d(2026, 10, 23), d(2026, 10, 24), 3),
        over(0)
    );
    let far = deadline_status(&cn, NaiveDate::MAX, NaiveDate::MIN, 3);
    assert!(matches!(far, OnTrack { .. }));
}

#[test]
fn serde_round_trip() {
    let cn = china_2026();
    let json = serde_json::to_string(&cn).unwrap();
    assert!(json.contains("\"2026-10-10\":\"adjusted_workday\""));
    assert_eq!(serde_json::from_str::<WorkingCalendar>(&json).unwrap(), cn);
}
