//! The logged-in account and the enterprise it acts for.
use leptos::prelude::*;
pub use portal_types::views::account::*;

#[cfg(feature = "ssr")]
use super::internal;
/// The logged-in user's own account; `Ok(None)` when nobody is logged in.
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "account/overview")]
pub async fn load_account_overview() -> Result<Option<AccountOverview>, ServerFnError> {
    let state = crate::state::AppState::from_context()?;
    let Some(user) = crate::page_context::current().user else {
        return Ok(None);
    };
    crate::core::enterprises::account_overview(&state.pool, user.account_id)
        .await
        .map_err(internal)
}
