//! The logged-in account and the enterprise it acts for.
use leptos::prelude::*;
pub use portal_types::views::account::*;

use super::ApiError;
#[cfg(feature = "ssr")]
use super::{actor, internal, state};

/// The signed-in account: its enterprises, agents and settings.
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "account/overview")]
pub async fn load_account_overview() -> Result<AccountOverview, ApiError> {
    let state = state()?;
    let user: portal_types::actors::SignedIn = actor()?;
    crate::core::account_overview::account_overview(&state.pool, user.account_id)
        .await
        .map_err(internal)?
        // An account removed while its session lived: as if signed out.
        .ok_or(ApiError::SignInRequired)
}
