//! The marketplace's form posts: one file per area (vendor, listing, admin, order,
//! subscription, voucher). Each parses with the domain, calls the core, and answers 303 or the
//! page again with the errors (422): a refusal of the core is a localised message too.
pub mod admin;
pub mod listing;
pub mod order;
pub mod subscription;
pub mod vendor;
pub mod voucher;

use crate::web::action::{refuse, ActionError, ActionResult};
use app::core::market::MarketError;
use app::domain::registration::Answers;
use app::page_context::FormEcho;
use app::state::AppState;
use http::request::Parts;

/// The core said no: the form again with its message (a missing thing is a 404).
pub async fn refused(
    state: &AppState,
    parts: Parts,
    form: &str,
    answers: Answers,
    error: MarketError,
) -> ActionResult {
    match error.field_errors() {
        Some(errors) => refuse(state, parts, FormEcho::new(form, answers, errors)).await,
        None => Err(match error {
            MarketError::NotFound => ActionError::NotFound,
            MarketError::Internal(e) => ActionError::internal(e),
            _ => ActionError::Conflict,
        }),
    }
}

/// "yes" / "no" buttons of a decision form.
pub fn decision(answers: &Answers) -> Result<bool, ActionError> {
    match answers.get("decision").map(String::as_str) {
        Some("yes") => Ok(true),
        Some("no") => Ok(false),
        _ => Err(ActionError::BadRequest),
    }
}
