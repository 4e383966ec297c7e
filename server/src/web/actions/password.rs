//! Passwords: a reset code asked for by mobile (`/password/reset`), the reset with it
//! (`/password/reset/confirm`), and a change while signed in (`/account/password`). A reset or
//! change ends every other session of the account.
use super::login::refuse_with;
use super::see_other;
use crate::web::action::{posted_answers, refuse, ActionError, ActionResult};
use crate::web::client_address::client_address;
use crate::web::locale::request_locale;
use crate::web::{auth, csrf};
use app::core::identity::codes::Requested;
use app::core::identity::password_change::{self, PasswordError};
use app::domain::registration::password_forms::{CodeRequest, PasswordChange, ResetConfirm};
use app::page_context::{FieldError, FormEcho};
use app::pages::password::{CHANGE_FORM, RESET_CONFIRM_FORM, RESET_FORM};
use app::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use http::StatusCode;
use std::net::SocketAddr;
use tower_sessions::Session;

/// Sends a code when an account uses the mobile; the answer is the same either way (and for
/// "too soon", which every mobile gets alike).
pub async fn request_reset(State(state): State<AppState>, request: Request) -> ActionResult {
    let locale = request_locale(request.headers());
    let (parts, body) = request.into_parts();
    let answers = posted_answers(body).await?;
    let form = match CodeRequest::parse(&answers) {
        Ok(form) => form,
        Err(errors) => {
            return refuse(&state, parts, FormEcho::new(RESET_FORM, answers, errors)).await
        }
    };
    let mobile = form.mobile.as_str();
    let requested =
        password_change::request_reset(&state.pool, &state.security.csrf_key, mobile, locale.tag())
            .await?;
    let notice = match requested {
        Requested::Issued => "notice-code-sent",
        Requested::TooSoon { .. } => "notice-code-wait",
    };
    Ok(see_other(&format!(
        "/password/reset/confirm?mobile={mobile}&notice={notice}"
    )))
}

/// Resets with the code: to the login page, every session of the account ended.
pub async fn confirm_reset(State(state): State<AppState>, request: Request) -> ActionResult {
    let (parts, body) = request.into_parts();
    let answers = posted_answers(body).await?;
    let form = match ResetConfirm::parse(&answers) {
        Ok(form) => form,
        Err(errors) => {
            return refuse(
                &state,
                parts,
                FormEcho::new(RESET_CONFIRM_FORM, answers, errors),
            )
            .await
        }
    };
    let result = password_change::reset_with_code(
        &state.pool,
        &state.security.hasher,
        &state.security.csrf_key,
        form.mobile.as_str(),
        &form.code,
        form.password.expose().to_string(),
    )
    .await;
    match result {
        Ok(_) => Ok(see_other("/login?notice=notice-password-reset")),
        Err(error) => {
            let (status, error) = refusal(error)?;
            let echo = FormEcho::new(RESET_CONFIRM_FORM, answers, vec![error]);
            refuse_with(&state, parts, echo, status).await
        }
    }
}

/// Changes the signed-in account's password: this session goes on (with a new id), every
/// other one ends.
pub async fn change(
    State(state): State<AppState>,
    session: Session,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> ActionResult {
    let (parts, body) = request.into_parts();
    let user = auth::user(&parts).ok_or_else(|| ActionError::SignIn {
        next: "/account".into(),
    })?;
    let address = client_address(&state, &parts.headers, peer);
    let answers = posted_answers(body).await?;
    let personal = app::core::accounts::personal_words(&state.pool, user.account_id).await?;
    let personal: Vec<&str> = personal.iter().map(String::as_str).collect();
    let form = match PasswordChange::parse(&answers, &personal) {
        Ok(form) => form,
        Err(errors) => {
            return refuse(&state, parts, FormEcho::new(CHANGE_FORM, answers, errors)).await
        }
    };
    let result = password_change::change(
        &state.pool,
        &state.security.throttle,
        &state.security.hasher,
        user.account_id,
        &address,
        form.current,
        form.password.expose().to_string(),
    )
    .await;
    match result {
        Ok(at) => {
            auth::log_in_at(&session, user.account_id, at).await?;
            let mut response = see_other("/account?notice=notice-password-changed");
            csrf::rotate(&mut response, state.security.secure_cookies);
            Ok(response)
        }
        Err(error) => {
            let (status, error) = refusal(error)?;
            refuse_with(
                &state,
                parts,
                FormEcho::new(CHANGE_FORM, answers, vec![error]),
                status,
            )
            .await
        }
    }
}

/// The field error (and a status other than 422, where one fits) for a refusal.
fn refusal(error: PasswordError) -> Result<(Option<StatusCode>, FieldError), ActionError> {
    Ok(match error {
        PasswordError::Code(refusal) => (None, refusal.field_error()),
        PasswordError::WrongCurrentPassword => (
            None,
            FieldError::new("current_password", "password-current-wrong"),
        ),
        PasswordError::Throttled { seconds } => (
            Some(StatusCode::TOO_MANY_REQUESTS),
            FieldError::new("current_password", "password-change-throttled")
                .with_arg("seconds", seconds),
        ),
        PasswordError::Busy => (
            Some(StatusCode::SERVICE_UNAVAILABLE),
            FieldError::form("hashing-busy"),
        ),
        PasswordError::Internal(error) => return Err(error.into()),
    })
}
