use super::login::refuse_with;
use super::see_other;
use crate::web::action::{posted_answers, refuse, ActionError, ActionResult};
use crate::web::client_address::client_address;
use crate::web::{auth, csrf};
use app::core::accounts::{register_citizen as register, RegistrationError};
use app::core::throttle::allow_registration;
use app::domain::registration::CitizenRegistration;
use app::page_context::{FieldError, FormEcho};
use app::pages::register::CITIZEN_FORM;
use app::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use http::StatusCode;
use std::net::SocketAddr;
use tower_sessions::Session;

pub async fn register_citizen(
    State(state): State<AppState>,
    session: Session,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> ActionResult {
    let (parts, body) = request.into_parts();
    let address = client_address(&state, &parts.headers, peer);
    let answers = posted_answers(body).await?;
    let registration = match CitizenRegistration::parse(&answers) {
        Ok(registration) => registration,
        Err(errors) => {
            return refuse(&state, parts, FormEcho::new(CITIZEN_FORM, answers, errors)).await
        }
    };
    let (status, error) = match registration_refusal(&state, &address).await? {
        Some(refusal) => refusal,
        None => match register(&state.pool, &state.security.hasher, &registration).await {
            Ok(account_id) => {
                auth::log_in(&session, account_id).await?;
                let mut response = see_other("/account?notice=notice-registered");
                csrf::rotate(&mut response, state.security.secure_cookies);
                return Ok(response);
            }
            Err(error) => refusal(error).map_err(ActionError::internal)?,
        },
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
