//! The working-day calendar as the operator edits it.
use leptos::prelude::*;
pub use portal_types::views::calendar::*;

#[cfg(feature = "ssr")]
use super::internal;
/// The calendar of `year` (this year when absent), for the platform operator only.
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "admin/calendar")]
pub async fn load_calendar_admin(
    year: Option<i32>,
) -> Result<Option<CalendarAdmin>, ServerFnError> {
    let state = crate::state::AppState::from_context()?;
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
