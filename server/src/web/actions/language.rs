use super::see_other;
use crate::web::forms::{read_answers, safe_next};
use crate::web::locale::request_locale;
use crate::web::{auth, cookies, errors};
use app::i18n::Locale;
use app::state::AppState;
use axum::extract::{Request, State};
use axum::response::Response;
use tower_sessions::Session;

/// Remembers the chosen language in a cookie and, when logged in, on the account.
pub async fn switch_language(
    State(state): State<AppState>,
    session: Session,
    request: Request,
) -> Response {
    let locale = request_locale(request.headers());
    let answers = match read_answers(request.into_body(), locale).await {
        Ok(answers) => answers,
        Err(response) => return response,
    };
    let Some(chosen) = answers.get("lang").and_then(|tag| Locale::from_tag(tag)) else {
        return errors::bad_request(locale);
    };
    if let Some(account_id) = auth::current_account(&session).await {
        if let Err(error) = app::core::accounts::set_locale(&state.pool, account_id, chosen).await {
            return errors::internal(chosen, &error);
        }
    }
    let mut response = see_other(&safe_next(answers.get("next"), "/"));
    cookies::set(
        response.headers_mut(),
        cookies::LANG_COOKIE,
        chosen.tag(),
        365,
        state.security.secure_cookies,
    );
    response
}
