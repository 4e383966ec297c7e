//! The supervisor dashboard (`/workbench/supervision`): the department's throughput, processing
//! time, deadline keeping, satisfaction and the open follow-ups of bad ratings.
use leptos::prelude::*;
pub use portal_types::views::supervision::*;

#[cfg(feature = "ssr")]
use super::internal;
/// The logged-in supervisor's department.
#[cfg(feature = "ssr")]
fn supervisor_department() -> Option<String> {
    let user = crate::page_context::current().user?;
    if user.role != crate::domain::roles::Role::Supervisor {
        return None;
    }
    user.department_code
}
/// The dashboard of the logged-in supervisor's department; `Ok(None)` when nobody, or someone
/// who is not a supervisor, is logged in.
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "workbench/supervision")]
pub async fn load_dashboard() -> Result<Option<Dashboard>, ServerFnError> {
    let state = crate::state::AppState::from_context()?;
    let Some(department) = supervisor_department() else {
        return Ok(None);
    };
    crate::core::supervision::dashboard(&state.pool, &department)
        .await
        .map(Some)
        .map_err(internal)
}
