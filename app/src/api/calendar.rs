//! The working-day calendar as the operator edits it.
use leptos::prelude::*;
pub use portal_types::views::calendar::*;

use super::ApiError;
#[cfg(feature = "ssr")]
use super::{actor, internal, state};

/// The calendar of `year` (this year when absent or out of range), for the operator only.
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "admin/calendar")]
pub async fn load_calendar_admin(year: Option<i32>) -> Result<CalendarAdmin, ApiError> {
    let state = state()?;
    let _operator: portal_types::actors::Operator = actor()?;
    let today = crate::core::cases::calendar::today(&state.pool)
        .await
        .map_err(internal)?;
    let year = year
        .filter(|y| (2000..=2100).contains(y))
        .unwrap_or_else(|| chrono::Datelike::year(&today));
    let days = crate::core::calendar_admin::entries(&state.pool, year)
        .await
        .map_err(internal)?;
    Ok(CalendarAdmin { year, days })
}
