//! The second step of a staff login (`POST /login/second-factor`): a code from the
//! authenticator app or a recovery code, or, for an account without a factor yet, enrolment
//! (the first code of the app just set up; the recovery codes are then shown once). And a new
//! member of staff's enrolment link (`POST /login/enrol?token=…`): their own password, then the same
//! enrolment.
use super::login::{refuse_with, second_factor_path, shown_once, throttled};
use super::see_other;
use crate::web::action::{posted_answers, refuse, ActionResult};
use crate::web::client_address::client_address;
use crate::web::forms::safe_next;
use crate::web::{auth, csrf};
use app::core::identity::enrolment_link::{self, LinkError};
use app::core::identity::second_factor::{self, SecondFactorError};
use app::domain::registration::password_forms::{second_factor_code, EnrolmentPassword};
use app::domain::roles::Role;
use app::page_context::{FieldError, FormEcho};
use app::pages::second_factor::{ENROLMENT_LINK_FORM, RECOVERY_CODES_FIELD, SECOND_FACTOR_FORM};
use app::state::AppState;
use axum::extract::{ConnectInfo, Path, Query, Request, State};
use http::StatusCode;
use std::collections::BTreeMap;
use std::collections::HashMap;
use std::net::SocketAddr;
use tower_sessions::Session;

/// `POST /login/{step}`: the page's route takes every step, so its posts do too.
pub async fn login_step(
    Path(step): Path<String>,
    state: State<AppState>,
    session: Session,
    peer: ConnectInfo<SocketAddr>,
    query: Query<HashMap<String, String>>,
    request: Request,
) -> ActionResult {
    match step.as_str() {
        "second-factor" => second_step(state, session, peer, request).await,
        "enrol" => enrol(state, session, query, request).await,
        _ => Err(crate::web::action::ActionError::NotFound),
    }
}

pub async fn second_step(
    State(state): State<AppState>,
    session: Session,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> ActionResult {
    let (parts, body) = request.into_parts();
    let address = client_address(&state, &parts.headers, peer);
    let mut answers = posted_answers(body).await?;
    // Only this handler's own answer ever carries recovery codes into the page.
    answers.remove(RECOVERY_CODES_FIELD);
    let next = safe_next(answers.get("next"), "/account");
    // The password step ran out (or never happened): from the start again.
    let Some(account_id) = auth::awaiting_second_factor(&session).await else {
        return Ok(see_other(&format!(
            "/login?notice=notice-second-factor-expired&next={}",
            url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
        )));
    };
    let code = match second_factor_code(&answers) {
        Ok(code) => code,
        Err(error) => {
            let echo = FormEcho::new(
                SECOND_FACTOR_FORM,
                answers,
                vec![FieldError::new("code", error)],
            );
            return refuse(&state, parts, echo).await;
        }
    };
    let now = chrono::Utc::now().timestamp();
    let policy = &state.security.throttle;
    let enrolling = answers.get("step").map(String::as_str) == Some("enrol");
    let outcome = if enrolling {
        second_factor::confirm_enrolment(&state.pool, policy, account_id, &code, &address, now)
            .await
            .map(Some)
    } else {
        second_factor::check(&state.pool, policy, account_id, &code, &address, now)
            .await
            .map(|()| None)
    };
    let (status, error) = match outcome {
        Ok(recovery_codes) => {
            auth::log_in_with_second_factor(&session, account_id).await?;
            let Some(codes) = recovery_codes else {
                let mut response = see_other(&next);
                csrf::rotate(&mut response, state.security.secure_cookies);
                return Ok(response);
            };
            // Shown once, on this answer: nothing keeps them readable afterwards.
            let values = BTreeMap::from([
                (RECOVERY_CODES_FIELD.to_string(), codes.join(" ")),
                ("next".to_string(), next),
            ]);
            let echo = FormEcho::new(SECOND_FACTOR_FORM, values, vec![]);
            let mut response = shown_once(&state, parts, echo).await?;
            csrf::rotate(&mut response, state.security.secure_cookies);
            return Ok(response);
        }
        Err(SecondFactorError::WrongCode) => (None, FieldError::new("code", "second-factor-wrong")),
        Err(SecondFactorError::Throttled { seconds }) => {
            throttled(&state, FieldError::new("code", "login-throttled"), seconds)
        }
        // Enrolled meanwhile (another tab), or not yet: the page shows the right step.
        Err(SecondFactorError::NoEnrolment) => return Ok(see_other(&second_factor_path(&next))),
        Err(SecondFactorError::Internal(error)) => return Err(error.into()),
    };
    refuse_with(
        &state,
        parts,
        FormEcho::new(SECOND_FACTOR_FORM, answers, vec![error]),
        status,
    )
    .await
}

/// A new member of staff chooses their password with their link; the second factor's
/// enrolment follows at once.
pub async fn enrol(
    State(state): State<AppState>,
    session: Session,
    Query(query): Query<HashMap<String, String>>,
    request: Request,
) -> ActionResult {
    let token = query.get("token").cloned().unwrap_or_default();
    let (parts, body) = request.into_parts();
    let answers = posted_answers(body).await?;
    let Some(username) = enrolment_link::holder(&state.pool, &token).await? else {
        return Ok(see_other("/login?notice=notice-enrolment-link-invalid"));
    };
    let form = match EnrolmentPassword::parse(&answers, &[username.as_str()]) {
        Ok(form) => form,
        Err(errors) => {
            let echo = FormEcho::new(ENROLMENT_LINK_FORM, answers, errors);
            return refuse(&state, parts, echo).await;
        }
    };
    let redeemed = enrolment_link::redeem(
        &state.pool,
        &state.security.hasher,
        &token,
        form.password.expose(),
    )
    .await;
    match redeemed {
        Ok((account_id, role)) => {
            auth::await_second_factor(&session, account_id).await?;
            // After the second factor's enrolment the newcomer lands on their role's home.
            let home = Role::parse(&role).map_or("/account", Role::home_path);
            Ok(see_other(&second_factor_path(home)))
        }
        Err(LinkError::NotValid) => Ok(see_other("/login?notice=notice-enrolment-link-invalid")),
        Err(LinkError::Busy) => {
            let echo = FormEcho::new(
                ENROLMENT_LINK_FORM,
                answers,
                vec![FieldError::form("hashing-busy")],
            );
            refuse_with(&state, parts, echo, Some(StatusCode::SERVICE_UNAVAILABLE)).await
        }
        Err(LinkError::Internal(error)) => Err(error.into()),
    }
}
