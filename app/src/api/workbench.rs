//! What department staff read on the workbench (受理/审查工作台): the queues and one case.
use leptos::prelude::*;
pub use portal_types::views::workbench::*;
use uuid::Uuid;

use super::ApiError;
#[cfg(feature = "ssr")]
use super::{actor, internal, state};
#[cfg(feature = "ssr")]
use portal_types::actors::Clerk;

/// A queue of the signed-in clerk's department.
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "workbench/queue")]
pub async fn load_queue(
    queue: Queue,
    filter: QueueFilter,
    after: Option<String>,
) -> Result<QueuePage, ApiError> {
    let state = state()?;
    let clerk: Clerk = actor()?;
    let after = after.as_deref().and_then(Cursor::parse);
    let page = crate::core::workbench::queue(
        &state.pool,
        &clerk.department,
        clerk.account_id,
        queue,
        &filter,
        after,
        QUEUE_PAGE_SIZE,
    )
    .await
    .map_err(internal)?;
    // The page names applicants: who listed which cases, and with what search, is recorded.
    let entry = crate::core::workbench::queue_read_entry(&clerk, queue, &filter, &page);
    state.audit.record(entry).await.map_err(internal)?;
    Ok(page)
}

/// One case of the clerk's department as the workbench shows it (a supervisor also gets the
/// department's clerks to assign it to); every view is written to the audit log. Not found
/// for a case of another department (the same answer as for no case).
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "workbench/case")]
pub async fn load_workbench_case(id: Uuid) -> Result<WorkbenchCase, ApiError> {
    use crate::core::audit;
    let state = state()?;
    // Not department staff: no such case, the answer a clerk gets for another department's.
    let clerk: Clerk = actor().map_err(|_| ApiError::NotFound)?;
    let mut case =
        crate::core::workbench::case_view(&state.pool, &clerk.department, clerk.account_id, id)
            .await
            .map_err(internal)?
            .ok_or(ApiError::NotFound)?;
    if clerk.is_supervisor() {
        case.is_supervisor = true;
        case.clerks = crate::core::workbench::department_clerks(&state.pool, &clerk.department)
            .await
            .map_err(internal)?;
    }
    let entry = audit::Entry::staff(
        clerk.account_id,
        clerk.role,
        Some(&clerk.department),
        audit::actions::CASE_VIEW,
        id,
    );
    state.audit.record(entry).await.map_err(internal)?;
    Ok(case)
}
