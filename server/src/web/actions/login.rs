use super::see_other;
use crate::web::action::{posted_answers, refuse, ActionError, ActionResult};
use crate::web::client_address::client_address;
use crate::web::forms::safe_next;
use crate::web::{auth, cookies, csrf};
use app::core::accounts::{authenticate, LoginError};
use app::domain::registration::LoginForm;
use app::page_context::{FieldError, FormEcho};
use app::pages::login::LOGIN_FORM;
use app::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use http::StatusCode;
use std::net::SocketAddr;
use tower_sessions::Session;

pub async fn login(
    State(state): State<AppState>,
    session: Session,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> ActionResult {
    let (parts, body) = request.into_parts();
    let address = client_address(&state, &parts.headers, peer);
    let answers = posted_answers(body).await?;
    let form = match LoginForm::parse(&answers) {
        Ok(form) => form,
        Err(errors) => {
            return refuse(&state, parts, FormEcho::new(LOGIN_FORM, answers, errors)).await
        }
    };
    let (status, error) = match authenticate(
        &state.pool,
        &state.security.throttle,
        &state.security.hasher,
        &form.account,
        &form.password,
        &address,
    )
    .await
    {
        Ok(logged_in) => {
            let next = safe_next(answers.get("next"), logged_in.home);
            let mut response = if logged_in.second_factor {
                // Signed in to nothing until the second step: no staff page opens before it.
                auth::await_second_factor(&session, logged_in.account_id).await?;
                see_other(&second_factor_path(&next))
            } else {
                auth::log_in(&session, logged_in.account_id).await?;
                see_other(&next)
            };
            csrf::rotate(&mut response, state.security.secure_cookies);
            if let Some(saved) = logged_in.locale {
                cookies::set(
                    response.headers_mut(),
                    cookies::LANG_COOKIE,
                    saved.tag(),
                    365,
                    state.security.secure_cookies,
                );
            }
            return Ok(response);
        }
        Err(LoginError::InvalidCredentials) => (None, FieldError::form("login-invalid")),
        Err(LoginError::Throttled { seconds }) => {
            tracing::warn!(%address, "login throttled");
            throttled(&state, FieldError::form("login-throttled"), seconds)
        }
        Err(LoginError::Busy) => {
            tracing::warn!("login refused: password hashing busy");
            (
                Some(StatusCode::SERVICE_UNAVAILABLE),
                FieldError::form("hashing-busy"),
            )
        }
        Err(LoginError::Internal(error)) => return Err(error.into()),
    };
    refuse_with(
        &state,
        parts,
        FormEcho::new(LOGIN_FORM, answers, vec![error]),
        status,
    )
    .await
}

/// A throttled attempt (429): `error` says how long to wait and over which window.
pub(crate) fn throttled(
    state: &AppState,
    error: FieldError,
    seconds: i64,
) -> (Option<StatusCode>, FieldError) {
    let error = error
        .with_arg("seconds", seconds)
        .with_arg("minutes", state.security.throttle.window_minutes);
    (Some(StatusCode::TOO_MANY_REQUESTS), error)
}

/// The second step of a login, and where to go after it.
pub(crate) fn second_factor_path(next: &str) -> String {
    let next: String = url::form_urlencoded::byte_serialize(next.as_bytes()).collect();
    format!("/login/second-factor?next={next}")
}

/// The refused form, with another status than 422 when given.
pub(crate) async fn refuse_with(
    state: &AppState,
    parts: http::request::Parts,
    echo: FormEcho,
    status: Option<StatusCode>,
) -> ActionResult {
    match refuse(state, parts, echo).await {
        Err(ActionError::Refused(mut response)) => {
            if let Some(status) = status {
                *response.status_mut() = status;
            }
            Err(ActionError::Refused(response))
        }
        other => other,
    }
}

/// The page answered with `echo` (200) that holds something shown only once (a new staff
/// member's enrolment link, recovery codes): never stored by a cache, nor kept anywhere after.
pub(crate) async fn shown_once(
    state: &AppState,
    parts: http::request::Parts,
    echo: FormEcho,
) -> ActionResult {
    match refuse_with(state, parts, echo, Some(StatusCode::OK)).await {
        Err(ActionError::Refused(response)) => {
            let mut response = *response;
            response.headers_mut().insert(
                http::header::CACHE_CONTROL,
                http::HeaderValue::from_static("no-store"),
            );
            Ok(response)
        }
        other => other,
    }
}
