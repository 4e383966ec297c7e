//! Builds the `PageContext` of each request (language, CSRF token, logged-in user) and puts
//! it in the request's extensions, where pages and server functions read it.
use super::action::ActionError;
use super::auth;
use super::csrf::CsrfToken;
use super::locale::request_locale;
use app::page_context::PageContext;
use app::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

pub async fn attach(
    State(state): State<AppState>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    let locale = request_locale(request.headers());
    let user = match auth::current_account(&session).await {
        Some(account_id) => {
            auth::keep_alive(&session, state.security.session_touch_after).await;
            match app::core::accounts::session_user(&state.pool, account_id).await {
                Ok(user) => user,
                Err(error) => return ActionError::internal(error).into_response(),
            }
        }
        None => None,
    };
    let csrf_token = request
        .extensions()
        .get::<CsrfToken>()
        .map(|t| t.0.clone())
        .unwrap_or_default();
    request.extensions_mut().insert(PageContext {
        locale,
        csrf_token,
        user,
        form: None,
    });
    next.run(request).await
}
