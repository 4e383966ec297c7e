//! Staff accounts, as the platform operator administers them.
use leptos::prelude::*;
pub use portal_types::views::staff::*;

#[cfg(feature = "ssr")]
use super::internal;
#[cfg(feature = "ssr")]
use crate::domain::roles::Role;

/// Staff accounts, for the platform operator only (`Ok(None)` for anyone else).
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "admin/staff")]
pub async fn load_staff_admin() -> Result<Option<StaffAdmin>, ServerFnError> {
    let state = crate::state::AppState::from_context()?;
    match crate::page_context::current().user {
        Some(user) if user.role == Role::Operator => crate::core::staff::staff_admin(&state.pool)
            .await
            .map(Some)
            .map_err(internal),
        _ => Ok(None),
    }
}
