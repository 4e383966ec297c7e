//! Working-day arithmetic for statutory and promised deadlines (法定/承诺办结期限).
//!
//! Conventions (all dates are `NaiveDate`; nothing here reads the clock, callers pass `today`):
//! - A day is a working day unless it is Saturday/Sunday or a public holiday; an adjusted working
//!   day (调休上班, e.g. a Saturday) is always a working day. Calendar entries override weekdays.
//! - 期限从受理次日起算: the acceptance day never counts. A limit of `n` working days is due on
//!   the n-th working day strictly after acceptance. Because only working days are counted, a
//!   deadline that would fall on a weekend or holiday automatically moves to the next working day.
//!   `n = 0` (即办件) is due on the acceptance day itself.
//! - Pauses (补正, supplement pending): the clock stops on the day the supplement is requested
//!   (that day does not count), stays stopped up to and including the resubmission day, and
//!   resumes the day after resubmission — resubmission is treated like a fresh acceptance.
//!   Working days after acceptance and before the request day stay used.
//! - Searches are bounded: a gap of more than [`SEARCH_LIMIT_DAYS`] consecutive rest days is an
//!   error, and limits above [`MAX_LIMIT_DAYS`] are rejected, so no input can loop for ever.

use std::collections::BTreeMap;
use std::ops::Bound;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// Longest run of consecutive rest days tolerated (about ten years) before giving up.
pub const SEARCH_LIMIT_DAYS: u32 = 3_660;
/// Largest accepted limit in working days (about forty years); statutory limits are far smaller.
pub const MAX_LIMIT_DAYS: u32 = 10_000;

/// What a calendar row says about one date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// Public holiday: a rest day even on a weekday (also allowed on weekends, harmlessly).
    Holiday,
    /// Adjusted working day (调休): a working day even on a weekend.
    AdjustedWorkday,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum CalendarError {
    #[error("no working day within {days} days after {after}")]
    NoWorkingDayWithin { after: NaiveDate, days: u32 },
    #[error("date arithmetic left the supported date range")]
    DateOutOfRange,
    #[error("limit of {limit} working days exceeds the maximum of {max}")]
    LimitTooLarge { limit: u32, max: u32 },
    #[error("pause ends ({until}) before it starts ({from})")]
    InvalidPause { from: NaiveDate, until: NaiveDate },
}

/// Weekends plus the operator-maintained exceptions (holidays and 调休 working days).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkingCalendar {
    days: BTreeMap<NaiveDate, DayKind>,
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

impl WorkingCalendar {
    /// A calendar where only Saturdays and Sundays are rest days.
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds a calendar from rows. If a date appears twice, the later row wins.
    pub fn from_days<I: IntoIterator<Item = (NaiveDate, DayKind)>>(days: I) -> Self {
        Self {
            days: days.into_iter().collect(),
        }
    }

    /// The explicit entry for `date`, if any.
    pub fn day_kind(&self, date: NaiveDate) -> Option<DayKind> {
        self.days.get(&date).copied()
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.days.get(&date) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::AdjustedWorkday) => true,
            None => !is_weekend(date),
        }
    }

    /// The first working day strictly after `date`.
    pub fn next_working_day(&self, date: NaiveDate) -> Result<NaiveDate, CalendarError> {
        let mut day = date;
        for _ in 0..SEARCH_LIMIT_DAYS {
            day = day.succ_opt().ok_or(CalendarError::DateOutOfRange)?;
            if self.is_working_day(day) {
                return Ok(day);
            }
        }
        let days = SEARCH_LIMIT_DAYS;
        Err(CalendarError::NoWorkingDayWithin { after: date, days })
    }

    /// The n-th working day strictly after `start` (the acceptance day does not count: 期限从受理
    /// 次日起算). The result is always a working day for `n > 0`; `n = 0` returns `start`.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        check_limit(n)?;
        let mut day = start;
        for _ in 0..n {
            day = self.next_working_day(day)?;
        }
        Ok(day)
    }

    /// Number of working days in `(from, to]`; negative (`-count in (to, from]`) if `to < from`,
    /// so `between(a, b) == -between(b, a)`. Computed arithmetically, fast for any span.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        let span = (to - from).num_days();
        let first = i64::from(from.weekday().num_days_from_monday());
        let partial = (1..=span % 7).filter(|i| (first + i) % 7 < 5).count() as i64;
        let mut count = span / 7 * 5 + partial;
        let entries = self
            .days
            .range((Bound::Excluded(from), Bound::Included(to)));
        for (&day, &kind) in entries {
            match (is_weekend(day), kind) {
                (false, DayKind::Holiday) => count -= 1,
                (true, DayKind::AdjustedWorkday) => count += 1,
                _ => {}
            }
        }
        count
    }
}

fn check_limit(limit: u32) -> Result<(), CalendarError> {
    match MAX_LIMIT_DAYS {
        max if limit > max => Err(CalendarError::LimitTooLarge { limit, max }),
        _ => Ok(()),
    }
}

/// A supplement (补正) pending from `from` (the request day) until `until` (the resubmission day),
/// or still open when `until` is `None`. Both `from` and `until` are non-counting days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

/// Result of running the clock: a due date, or stopped by an open pause.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deadline {
    Due(NaiveDate),
    /// The clock stopped on `since` (the open pause's request day) with this many days left.
    Paused {
        since: NaiveDate,
        remaining_working_days: u32,
    },
}

/// Runs the clock from `accepted_on` for `limit_days` working days, skipping every working day
/// inside a pause (request day through resubmission day, inclusive). Pauses may overlap, be
/// unsorted, or start before acceptance. A pause that starts after the deadline is reached has no
/// effect (the case is simply late), even when it is still open.
pub fn deadline_with_pauses(
    calendar: &WorkingCalendar,
    accepted_on: NaiveDate,
    limit_days: u32,
    pauses: &[Pause],
) -> Result<Deadline, CalendarError> {
    check_limit(limit_days)?;
    let mut closed = Vec::with_capacity(pauses.len());
    let mut open: Option<NaiveDate> = None;
    for &Pause { from, until } in pauses {
        match until {
            Some(until) if until < from => return Err(CalendarError::InvalidPause { from, until }),
            Some(until) => closed.push((from, until)),
            None => open = Some(open.map_or(from, |o| o.min(from))),
        }
    }
    let mut remaining = limit_days;
    let mut cursor = accepted_on;
    while remaining > 0 {
        let day = calendar.next_working_day(cursor)?;
        if let Some(since) = open.filter(|&since| day >= since) {
            return Ok(Deadline::Paused {
                since,
                remaining_working_days: remaining,
            });
        }
        // Jump to the end of a closed pause covering `day`; `cursor` strictly increases, so
        // each pause is jumped over at most once and the loop is bounded.
        let covering = closed.iter().filter(|(f, u)| *f <= day && day <= *u);
        match covering.map(|&(_, u)| u).max() {
            Some(until) => cursor = until,
            None => {
                remaining -= 1;
                cursor = day;
            }
        }
    }
    Ok(Deadline::Due(cursor))
}

/// Where a case stands against its due date, computed on demand (never stored).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineStatus {
    OnTrack {
        working_days_left: u32,
    },
    /// At most `near_threshold_working_days` working days left (and today is before the due day).
    NearDeadline {
        working_days_left: u32,
    },
    DueToday,
    /// `today` is after `due`; counts working days in `(due, today]`, so it is 0 on a rest day
    /// right after the due day (e.g. due Friday, today Saturday) yet still overdue.
    Overdue {
        working_days_over: u32,
    },
}

/// Classifies `today` against `due`. `working_days_left` counts working days in `(today, due]`.
pub fn deadline_status(
    calendar: &WorkingCalendar,
    due: NaiveDate,
    today: NaiveDate,
    near_threshold_working_days: u32,
) -> DeadlineStatus {
    let saturate = |n: i64| u32::try_from(n.max(0)).unwrap_or(u32::MAX);
    if today == due {
        return DeadlineStatus::DueToday;
    }
    if today > due {
        let working_days_over = saturate(calendar.working_days_between(due, today));
        return DeadlineStatus::Overdue { working_days_over };
    }
    let working_days_left = saturate(calendar.working_days_between(today, due));
    if working_days_left <= near_threshold_working_days {
        DeadlineStatus::NearDeadline { working_days_left }
    } else {
        DeadlineStatus::OnTrack { working_days_left }
    }
}

#[cfg(test)]
mod tests;
