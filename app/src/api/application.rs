//! The application form of a service (new, or a saved draft), with everything the page needs:
//! the form version, the answers (verified data prefilled and locked), files, wallet certificates.
use leptos::prelude::*;
pub use portal_types::views::application::*;
use uuid::Uuid;

use super::ApiError;
#[cfg(feature = "ssr")]
use super::{internal, state};
#[cfg(feature = "ssr")]
use portal_types::actors::Citizen;
/// Loads a new application (`service`) or a saved draft (`case_id`). `check` re-validates the
/// saved answers to show every problem (after a refused submit); `file_errors` are
/// `key~code` pairs from the last upload, separated by commas.
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "application/load")]
pub async fn load_application(
    service: Option<String>,
    case_id: Option<Uuid>,
    enterprise: Option<Uuid>,
    check: bool,
    file_errors: String,
    supplement: bool,
) -> Result<ApplicationLoad, ApiError> {
    let state = state()?;
    // The form page itself asks to sign in (it keeps the chosen service in the link).
    let user = match <Citizen as portal_types::actors::Actor>::from_user(
        crate::page_context::current().user.as_ref(),
    ) {
        Ok(user) => user,
        Err(_) => return Ok(ApplicationLoad::NeedsLogin),
    };
    let request = crate::core::application::LoadRequest {
        service,
        case_id,
        enterprise,
        check,
        file_errors: file_errors
            .split(',')
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect(),
        supplement,
    };
    crate::core::application::load(&state.pool, user.account_id, request)
        .await
        .map_err(internal)
}
