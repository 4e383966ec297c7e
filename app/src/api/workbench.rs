//! What department staff read on the workbench (受理/审查工作台): the queues and one case.
use leptos::prelude::*;
pub use portal_types::views::workbench::*;
use uuid::Uuid;

#[cfg(feature = "ssr")]
use super::internal;
/// The logged-in clerk or supervisor: (account, department).
#[cfg(feature = "ssr")]
fn staff() -> Option<(Uuid, String)> {
    let user = crate::page_context::current().user?;
    if !user.role.needs_department() {
        return None;
    }
    Some((user.account_id, user.department_code?))
}
/// A queue of the staff member's department; `Ok(None)` when nobody or no department staff is
/// logged in.
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "workbench/queue")]
pub async fn load_queue(
    queue: Queue,
    filter: QueueFilter,
    after: Option<String>,
) -> Result<Option<QueuePage>, ServerFnError> {
    let state = crate::state::AppState::from_context()?;
    let Some((account_id, department)) = staff() else {
        return Ok(None);
    };
    let after = after.as_deref().and_then(Cursor::parse);
    crate::core::workbench::queue(
        &state.pool,
        &department,
        account_id,
        queue,
        &filter,
        after,
        QUEUE_PAGE_SIZE,
    )
    .await
    .map(Some)
    .map_err(internal)
}
/// One case of the staff member's department; `Ok(None)` when it does not exist, belongs to
/// another department, or nobody (or no department staff) is logged in. Every view shown is
/// written to the audit log first (no log row, no page).
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "workbench/case")]
pub async fn load_workbench_case(id: Uuid) -> Result<Option<WorkbenchCase>, ServerFnError> {
    use crate::core::audit;
    let state = crate::state::AppState::from_context()?;
    let Some((account_id, department)) = staff() else {
        return Ok(None);
    };
    let mut case = crate::core::workbench::case_view(&state.pool, &department, account_id, id)
        .await
        .map_err(internal)?;
    let role = crate::page_context::current()
        .user
        .map(|u| u.role)
        .unwrap_or(crate::domain::roles::Role::Clerk);
    if let Some(case) = case.as_mut() {
        if role == crate::domain::roles::Role::Supervisor {
            case.is_supervisor = true;
            case.clerks = crate::core::workbench::department_clerks(&state.pool, &department)
                .await
                .map_err(internal)?;
        }
        let entry = audit::Entry::staff(
            account_id,
            role,
            Some(&department),
            audit::actions::CASE_VIEW,
            id,
        );
        audit::record_in(&state.pool, &entry)
            .await
            .map_err(internal)?;
    }
    Ok(case)
}
