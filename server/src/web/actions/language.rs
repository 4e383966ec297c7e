use super::see_other;
use crate::web::action::{posted_answers, ActionError, ActionResult};
use crate::web::forms::safe_next;
use crate::web::{auth, cookies};
use app::i18n::Locale;
use app::state::AppState;
use axum::extract::{Request, State};
use tower_sessions::Session;

/// Remembers the chosen language in a cookie and, when logged in, on the account.
pub async fn switch_language(
    State(state): State<AppState>,
    session: Session,
    request: Request,
) -> ActionResult {
    let answers = posted_answers(request.into_body()).await?;
    let Some(chosen) = answers.get("lang").and_then(|tag| Locale::from_tag(tag)) else {
        return Err(ActionError::BadRequest);
    };
    if let Some(account_id) = auth::current_account(&session).await {
        app::core::accounts::set_locale(&state.pool, account_id, chosen).await?;
    }
    let mut response = see_other(&safe_next(answers.get("next"), "/"));
    cookies::set(
        response.headers_mut(),
        cookies::LANG_COOKIE,
        chosen.tag(),
        365,
        state.security.secure_cookies,
    );
    Ok(response)
}
