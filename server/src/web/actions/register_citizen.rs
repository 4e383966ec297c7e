use super::login::refuse_with;
use super::see_other;
use crate::web::action::{posted_answers, refuse, ActionError, ActionResult};
use crate::web::client_address::client_address;
use crate::web::locale::request_locale;
use crate::web::{auth, csrf};
use app::core::accounts::RegistrationError;
use app::core::identity::codes::Requested;
use app::core::identity::registration;
use app::core::throttle::allow_registration;
use app::domain::registration::password_forms::CodeRequest;
use app::domain::registration::CitizenRegistrationForm;
use app::page_context::{FieldError, FormEcho};
use app::pages::register::CITIZEN_FORM;
use app::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use http::StatusCode;
use std::net::SocketAddr;
use tower_sessions::Session;

/// Sends a registration code to the posted mobile and shows the form again with what was
/// typed (passwords aside) and a notice: the same answer for every well-formed mobile, so it
/// tells nobody whether the mobile, or anything else typed, is registered.
pub async fn send_code(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> ActionResult {
    let locale = request_locale(request.headers());
    let (parts, body) = request.into_parts();
    let address = client_address(&state, &parts.headers, peer);
    let answers = posted_answers(body).await?;
    // `/register/code` shows the registration form too (see the app's routes).
    let form = match CodeRequest::parse(&answers) {
        Ok(form) => form,
        Err(errors) => {
            return refuse(&state, parts, FormEcho::new(CITIZEN_FORM, answers, errors)).await
        }
    };
    if let Some((status, error)) = registration_refusal(&state, &address).await? {
        let echo = FormEcho::new(CITIZEN_FORM, answers, vec![error]);
        return refuse_with(&state, parts, echo, status).await;
    }
    let requested = registration::request_code(
        &state.pool,
        &state.security.csrf_key,
        form.mobile.as_str(),
        locale.tag(),
    )
    .await?;
    // The notice travels with the form (the page's address carries no query to read it from).
    let notice = match requested {
        Requested::Issued => "notice-register-code-sent",
        Requested::TooSoon { .. } => "notice-code-wait",
    };
    let echo = FormEcho::new(CITIZEN_FORM, answers, Vec::new()).with_notice(notice);
    refuse_with(&state, parts, echo, Some(StatusCode::OK)).await
}

/// Registers a citizen with the code sent to their mobile, and signs them in.
pub async fn register_citizen(
    State(state): State<AppState>,
    session: Session,
    request: Request,
) -> ActionResult {
    let (parts, body) = request.into_parts();
    let answers = posted_answers(body).await?;
    let form = match CitizenRegistrationForm::parse(&answers) {
        Ok(form) => form,
        Err(errors) => {
            return refuse(&state, parts, FormEcho::new(CITIZEN_FORM, answers, errors)).await
        }
    };
    // No per-address budget here: it was spent on the code, and without a code accepted
    // nothing is hashed.
    let registered = registration::register_with_code(
        &state.pool,
        &state.security.hasher,
        &state.security.csrf_key,
        &form,
    )
    .await;
    let (status, error) = match registered {
        Ok(account_id) => {
            auth::log_in(&session, account_id).await?;
            let mut response = see_other("/account?notice=notice-registered");
            csrf::rotate(&mut response, state.security.secure_cookies);
            return Ok(response);
        }
        Err(error) => refusal(error).map_err(ActionError::internal)?,
    };
    let echo = FormEcho::new(CITIZEN_FORM, answers, vec![error]);
    refuse_with(&state, parts, echo, status).await
}

/// Too many registrations from this address: the form again, with a 429.
pub(crate) async fn registration_refusal(
    state: &AppState,
    address: &str,
) -> Result<Option<(Option<StatusCode>, FieldError)>, ActionError> {
    if allow_registration(&state.pool, &state.security.registration, address).await? {
        return Ok(None);
    }
    tracing::warn!(%address, "registration rate-limited");
    Ok(Some((
        Some(StatusCode::TOO_MANY_REQUESTS),
        FieldError::form("register-rate-limited"),
    )))
}

/// How a refused registration is shown: a taken value on its field (422), a busy hasher as
/// a 503 on the form; anything else is given back, for the error page.
pub(super) fn refusal(
    error: RegistrationError,
) -> Result<(Option<StatusCode>, FieldError), RegistrationError> {
    match error {
        RegistrationError::Taken { field, code } => Ok((None, FieldError::new(field, code))),
        RegistrationError::Identity(refusal) => {
            Ok((None, FieldError::new("id_number", refusal.code())))
        }
        RegistrationError::Code(refusal) => Ok((None, refusal.field_error())),
        RegistrationError::Entity(refusal) => {
            Ok((None, FieldError::new(refusal.field(), refusal.code())))
        }
        RegistrationError::Busy => {
            tracing::warn!("registration refused: password hashing busy");
            Ok((
                Some(StatusCode::SERVICE_UNAVAILABLE),
                FieldError::form("hashing-busy"),
            ))
        }
        error => Err(error),
    }
}
