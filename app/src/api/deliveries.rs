//! Deliveries to department systems as the operator (dead letters) and staff (the ledger of a
//! case) see them.
use leptos::prelude::*;
pub use portal_types::views::deliveries::*;

#[cfg(feature = "ssr")]
use super::internal;
/// The dead letters awaiting the operator, for the platform operator only.
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "admin/deliveries")]
pub async fn load_dead_letters() -> Result<Option<Vec<DeadLetter>>, ServerFnError> {
    let state = crate::state::AppState::from_context()?;
    let Some(_) = crate::page_context::current()
        .user
        .filter(|u| u.role == crate::domain::roles::Role::Operator)
    else {
        return Ok(None);
    };
    crate::core::deliveries::dead_letters(&state.pool)
        .await
        .map(Some)
        .map_err(internal)
}
