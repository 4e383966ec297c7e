//! The account's contact e-mail address (for notification mails), set on `/account`.
//! Posted to `/account` with `form=email`; `agents::invite` hands such posts over here.
use super::see_other;
use crate::web::{errors, render};
use app::domain::email::{parse_contact_form, FORM};
use app::domain::registration::Answers;
use app::i18n::Locale;
use app::page_context::{FormEcho, SessionUser};
use app::state::AppState;
use axum::response::Response;
use http::request::Parts;

/// Whether a post to `/account` is this form.
pub fn is_email_form(answers: &Answers) -> bool {
    answers.get("form").map(String::as_str) == Some(FORM)
}

/// Saves (or, when blank, removes) the address: 303 back to the account page, or the page
/// again with the value and the error (422).
pub async fn save(
    state: &AppState,
    parts: Parts,
    locale: Locale,
    user: SessionUser,
    answers: Answers,
) -> Response {
    // Only applicants receive notification mails; staff accounts have no such form.
    if user.role.is_staff() {
        return errors::forbidden(locale);
    }
    let address = match parse_contact_form(&answers) {
        Ok(address) => address,
        Err(errors) => {
            return render::refused(state, parts, FormEcho::new(FORM, answers, errors)).await
        }
    };
    let notice = if address.is_some() {
        "notice-email-saved"
    } else {
        "notice-email-cleared"
    };
    let address = address.map(|a| a.into_inner());
    match app::core::accounts::set_email(&state.pool, user.account_id, address.as_deref()).await {
        Ok(()) => see_other(&format!("/account?notice={notice}")),
        Err(error) => errors::internal(locale, &error),
    }
}
