//! What applicants read about their applications: "My applications", a case, the form to fill.
use leptos::prelude::*;
pub use portal_types::views::cases::*;
use uuid::Uuid;

#[cfg(feature = "ssr")]
use super::internal;
#[cfg(feature = "ssr")]
fn applicant() -> Result<Option<Uuid>, ServerFnError> {
    Ok(crate::page_context::current()
        .user
        .filter(|u| !u.role.is_staff())
        .map(|u| u.account_id))
}
/// The logged-in applicant's drafts and cases; `Ok(None)` when nobody (or staff) is logged in.
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "cases/mine")]
pub async fn load_my_applications(
    filter: CaseFilter,
) -> Result<Option<MyApplications>, ServerFnError> {
    let state = crate::state::AppState::from_context()?;
    let Some(account_id) = applicant()? else {
        return Ok(None);
    };
    crate::core::cases::queries::my_applications(&state.pool, account_id, &filter)
        .await
        .map(Some)
        .map_err(internal)
}
/// One case as its applicant sees it; `Ok(None)` when it does not exist or is not theirs.
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "cases/detail")]
pub async fn load_case(id: Uuid) -> Result<Option<CaseDetail>, ServerFnError> {
    let state = crate::state::AppState::from_context()?;
    let Some(account_id) = applicant()? else {
        return Ok(None);
    };
    let detail = crate::core::cases::queries::case_detail(&state.pool, account_id, id)
        .await
        .map_err(internal)?;
    if detail.is_some() {
        crate::core::notifications::mark_case_read(&state.pool, account_id, id)
            .await
            .map_err(internal)?;
    }
    Ok(detail)
}
