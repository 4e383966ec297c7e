//! Staff accounts, as the platform operator administers them.
use leptos::prelude::*;
pub use portal_types::views::staff::*;

use super::ApiError;
#[cfg(feature = "ssr")]
use super::{actor, internal, state};

/// Staff accounts, for the platform operator only.
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "admin/staff")]
pub async fn load_staff_admin() -> Result<StaffAdmin, ApiError> {
    let state = state()?;
    let _operator: portal_types::actors::Operator = actor()?;
    crate::core::staff::staff_admin(&state.pool)
        .await
        .map_err(internal)
}
