//! The account's contact e-mail address (for notification mails), set on `/account`.
//! Posted to `/account` with `form=email`; `agents::invite` hands such posts over here.
use super::see_other;
use crate::web::action::{refuse, ActionError, ActionResult};
use app::domain::email::{parse_contact_form, FORM};
use app::domain::registration::Answers;
use app::domain::roles::Role;
use app::page_context::FormEcho;
use app::state::AppState;
use http::request::Parts;
use uuid::Uuid;

/// Whether a post to `/account` is this form.
pub fn is_email_form(answers: &Answers) -> bool {
    answers.get("form").map(String::as_str) == Some(FORM)
}

/// Saves (or, when blank, removes) the address: 303 back to the account page, or the page
/// again with the value and the error (422).
pub async fn save(
    state: &AppState,
    parts: Parts,
    account_id: Uuid,
    role: Role,
    answers: Answers,
) -> ActionResult {
    // Only applicants receive notification mails; staff accounts have no such form.
    if role != Role::Citizen {
        return Err(ActionError::Forbidden);
    }
    let address = match parse_contact_form(&answers) {
        Ok(address) => address,
        Err(errors) => return refuse(state, parts, FormEcho::new(FORM, answers, errors)).await,
    };
    let notice = if address.is_some() {
        "notice-email-saved"
    } else {
        "notice-email-cleared"
    };
    let address = address.map(|a| a.into_inner());
    app::core::accounts::set_email(&state.pool, account_id, address.as_deref()).await?;
    Ok(see_other(&format!("/account?notice={notice}")))
}
