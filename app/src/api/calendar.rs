//! The working-day calendar as the operator edits it.
#[cfg(feature = "ssr")]
use super::internal;
use chrono::NaiveDate;
use leptos::prelude::*;
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

/// The calendar of `year` (this year when absent), for the platform operator only.
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "admin/calendar")]
pub async fn load_calendar_admin(
    year: Option<i32>,
) -> Result<Option<CalendarAdmin>, ServerFnError> {
    let state = crate::core::state::AppState::from_context()?;
    let Some(_) = crate::page_context::current()
        .user
        .filter(|u| u.role == crate::domain::roles::Role::Operator)
    else {
        return Ok(None);
    };
    let today = crate::core::cases::calendar::today(&state.pool)
        .await
        .map_err(internal)?;
    let year = year
        .filter(|y| (2000..=2100).contains(y))
        .unwrap_or_else(|| chrono::Datelike::year(&today));
    let days = crate::core::calendar_admin::entries(&state.pool, year)
        .await
        .map_err(internal)?;
    Ok(Some(CalendarAdmin { year, days }))
}
