//! What applicants read about their applications: "My applications", a case, the form to fill.
use leptos::prelude::*;
pub use portal_types::views::cases::*;
use uuid::Uuid;

use super::ApiError;
#[cfg(feature = "ssr")]
use super::{actor, internal, state};
#[cfg(feature = "ssr")]
use portal_types::actors::Citizen;

/// The signed-in applicant's drafts and cases.
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "cases/mine")]
pub async fn load_my_applications(filter: CaseFilter) -> Result<MyApplications, ApiError> {
    let state = state()?;
    let applicant: Citizen = actor()?;
    crate::core::cases::queries::my_applications(&state.pool, applicant.account_id, &filter)
        .await
        .map_err(internal)
}

/// One case as its applicant sees it; not found when it does not exist or is not theirs (the
/// same answer for both).
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "cases/detail")]
pub async fn load_case(id: Uuid) -> Result<CaseDetail, ApiError> {
    let state = state()?;
    let applicant: Citizen = actor()?;
    let detail = crate::core::cases::queries::case_detail(&state.pool, applicant.account_id, id)
        .await
        .map_err(internal)?
        .ok_or(ApiError::NotFound)?;
    crate::core::notifications::mark_case_read(&state.pool, applicant.account_id, id)
        .await
        .map_err(internal)?;
    Ok(detail)
}
