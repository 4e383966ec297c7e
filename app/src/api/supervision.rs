//! The supervisor dashboard (`/workbench/supervision`): the department's throughput, processing
//! time, deadline keeping, satisfaction and the open follow-ups of bad ratings.
use leptos::prelude::*;
pub use portal_types::views::supervision::*;

use super::ApiError;
#[cfg(feature = "ssr")]
use super::{actor, internal, state};

/// The dashboard of the signed-in supervisor's department.
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "workbench/supervision")]
pub async fn load_dashboard() -> Result<Dashboard, ApiError> {
    use crate::core::audit;
    let state = state()?;
    let supervisor: portal_types::actors::Supervisor = actor()?;
    let dashboard = crate::core::supervision::dashboard(&state.pool, &supervisor.department)
        .await
        .map_err(internal)?;
    // Its follow-ups name applicants and their ratings: each read is recorded.
    let entry = audit::Entry::staff_list(
        supervisor.account_id,
        portal_types::domain::roles::Role::Supervisor,
        &supervisor.department,
        audit::actions::DASHBOARD_VIEW,
    );
    state.audit.record(entry).await.map_err(internal)?;
    Ok(dashboard)
}
