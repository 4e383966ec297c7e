//! Builds the `PageContext` of each request (language, CSRF token, logged-in user) and puts
//! it in the request's extensions, where pages and server functions read it.
use super::action::ActionError;
use super::auth;
use super::csrf::CsrfToken;
use super::locale::request_locale;
use app::core::identity::second_factor::{self, Standing};
use app::page_context::{PageContext, PendingSecondFactor};
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
            let signed_in = auth::signed_in_micros(&session).await;
            match app::core::accounts::session_user(&state.pool, account_id, signed_in).await {
                // Staff signed in without a second factor (a session from before it was
                // required, say) are signed in to nothing.
                Ok(Some(user))
                    if second_factor::required_for(user.role)
                        && !auth::passed_second_factor(&session).await =>
                {
                    None
                }
                Ok(Some(user)) => {
                    auth::keep_alive(&session, state.security.session_touch_after).await;
                    Some(user)
                }
                // Disabled, or ended by a password change elsewhere: this session is over.
                Ok(None) => {
                    if let Err(error) = auth::log_out(&session).await {
                        tracing::warn!(%error, "could not end a session that is over");
                    }
                    None
                }
                Err(error) => return ActionError::internal(error).into_response(),
            }
        }
        None => None,
    };
    let second_factor = match (&user, auth::awaiting_second_factor(&session).await) {
        (None, Some(account_id)) => match second_factor::standing(&state.pool, account_id).await {
            Ok(standing) => Some(PendingSecondFactor {
                account_id,
                enrolled: standing == Standing::Enrolled,
            }),
            Err(error) => return ActionError::internal(error).into_response(),
        },
        _ => None,
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
        second_factor,
    });
    next.run(request).await
}
