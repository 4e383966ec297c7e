#[cfg(feature = "ssr")]
use super::internal;
use super::Text;
use crate::domain::roles::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffRow {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub department: Option<Text>,
    pub disabled: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffAdmin {
    pub staff: Vec<StaffRow>,
    pub departments: Vec<(String, Text)>,
}

/// Staff accounts, for the platform operator only (`Ok(None)` for anyone else).
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "admin/staff")]
pub async fn load_staff_admin() -> Result<Option<StaffAdmin>, ServerFnError> {
    let state = crate::core::state::AppState::from_context()?;
    match crate::page_context::current().user {
        Some(user) if user.role == Role::Operator => crate::core::staff::staff_admin(&state.pool)
            .await
            .map(Some)
            .map_err(internal),
        _ => Ok(None),
    }
}
