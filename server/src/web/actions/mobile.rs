//! A citizen moves their account to a new mobile (`POST /account/mobile`): `step=code` sends a
//! code to the new number and shows the form again; the form then comes back with the code and
//! the current password.
use super::login::{refuse_with, throttled};
use super::see_other;
use crate::web::action::{posted_answers, refuse, ActionError, ActionResult, Caller};
use crate::web::client_address::client_address;
use crate::web::locale::request_locale;
use app::actors::Citizen;
use app::core::identity::codes::Requested;
use app::core::identity::mobile_change::{self, MobileError};
use app::core::identity::password_change::PasswordError;
use app::domain::registration::password_forms::{CodeRequest, MobileChange};
use app::page_context::{FieldError, FormEcho};
use app::pages::mobile::MOBILE_FORM;
use app::state::AppState;
use axum::extract::{ConnectInfo, Path, Request, State};
use http::StatusCode;
use std::net::SocketAddr;
use tower_sessions::Session;

/// `POST /account/{section}`: the page's route takes both sections, so its posts do too.
pub async fn account_section(
    Path(section): Path<String>,
    caller: Result<Caller<Citizen>, ActionError>,
    state: State<AppState>,
    session: Session,
    peer: ConnectInfo<SocketAddr>,
    request: Request,
) -> ActionResult {
    match section.as_str() {
        "password" => super::password::change(state, session, peer, request).await,
        "mobile" => change(caller?, state, peer, request).await,
        _ => Err(ActionError::NotFound),
    }
}

pub async fn change(
    Caller(citizen): Caller<Citizen>,
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> ActionResult {
    let locale = request_locale(request.headers());
    let (parts, body) = request.into_parts();
    let address = client_address(&state, &parts.headers, peer);
    let answers = posted_answers(body).await?;
    if answers.get("step").map(String::as_str) == Some("code") {
        let form = match CodeRequest::parse(&answers) {
            Ok(form) => form,
            Err(errors) => {
                return refuse(&state, parts, FormEcho::new(MOBILE_FORM, answers, errors)).await
            }
        };
        let requested = mobile_change::request(
            &state.pool,
            &state.security.csrf_key,
            citizen.account_id,
            form.mobile.as_str(),
            locale.tag(),
        )
        .await;
        let notice = match requested {
            Ok(Requested::Issued) => "notice-mobile-code-sent",
            Ok(Requested::TooSoon { .. }) => "notice-code-wait",
            Err(error) => {
                let (status, error) = refusal(&state, error)?;
                let echo = FormEcho::new(MOBILE_FORM, answers, vec![error]);
                return refuse_with(&state, parts, echo, status).await;
            }
        };
        let echo = FormEcho::new(MOBILE_FORM, answers, Vec::new()).with_notice(notice);
        return refuse_with(&state, parts, echo, Some(StatusCode::OK)).await;
    }
    let form = match MobileChange::parse(&answers) {
        Ok(form) => form,
        Err(errors) => {
            return refuse(&state, parts, FormEcho::new(MOBILE_FORM, answers, errors)).await
        }
    };
    let changed = mobile_change::confirm(
        &state.pool,
        &state.security.throttle,
        &state.security.hasher,
        &state.security.csrf_key,
        citizen.account_id,
        &address,
        form.mobile.as_str(),
        &form.code,
        form.current,
        locale.tag(),
    )
    .await;
    match changed {
        Ok(()) => Ok(see_other("/account?notice=notice-mobile-changed")),
        Err(error) => {
            let (status, error) = refusal(&state, error)?;
            let echo = FormEcho::new(MOBILE_FORM, answers, vec![error]);
            refuse_with(&state, parts, echo, status).await
        }
    }
}

fn refusal(
    state: &AppState,
    error: MobileError,
) -> Result<(Option<StatusCode>, FieldError), ActionError> {
    Ok(match error {
        MobileError::Unchanged => (None, FieldError::new("mobile", "mobile-unchanged")),
        MobileError::Taken => (None, FieldError::new("mobile", "mobile-taken-other")),
        MobileError::Password(PasswordError::Code(refusal)) => (None, refusal.field_error()),
        MobileError::Password(PasswordError::WrongCurrentPassword) => (
            None,
            FieldError::new("current_password", "password-current-wrong"),
        ),
        MobileError::Password(PasswordError::Throttled { seconds }) => throttled(
            state,
            FieldError::new("current_password", "password-change-throttled"),
            seconds,
        ),
        MobileError::Password(PasswordError::Busy) => (
            Some(StatusCode::SERVICE_UNAVAILABLE),
            FieldError::form("hashing-busy"),
        ),
        MobileError::Password(PasswordError::Internal(error)) | MobileError::Internal(error) => {
            return Err(error.into())
        }
    })
}
