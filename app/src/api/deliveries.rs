//! Deliveries to department systems as the operator (dead letters) and staff (the ledger of a
//! case) see them.
use leptos::prelude::*;
pub use portal_types::views::deliveries::*;

use super::ApiError;
#[cfg(feature = "ssr")]
use super::{actor, internal, state};

/// The dead letters, for the platform operator only.
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "admin/deliveries")]
pub async fn load_dead_letters() -> Result<Vec<DeadLetter>, ApiError> {
    let state = state()?;
    let _operator: portal_types::actors::Operator = actor()?;
    crate::core::deliveries::dead_letters(&state.pool)
        .await
        .map_err(internal)
}
