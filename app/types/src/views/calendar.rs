//! The working-day calendar as the operator edits it.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CalendarEntryKind {
    /// 法定节假日: a rest day even on a weekday.
    Holiday,
    /// 调休上班: a working day even on a weekend.
    AdjustedWorkday,
}
impl CalendarEntryKind {
    pub const ALL: [CalendarEntryKind; 2] = [Self::Holiday, Self::AdjustedWorkday];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Holiday => "holiday",
            Self::AdjustedWorkday => "adjusted_workday",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Self::Holiday => "calendar-kind-holiday",
            Self::AdjustedWorkday => "calendar-kind-adjusted-workday",
        }
    }
}
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    pub day: NaiveDate,
    pub kind: CalendarEntryKind,
    pub note: String,
}
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarAdmin {
    pub year: i32,
    pub days: Vec<CalendarDay>,
}
