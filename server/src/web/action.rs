//! What a form-post handler answers when it does not succeed, and who may call it.
//!
//! A handler returns [`ActionResult`]: its success (a 303) or an [`ActionError`], which becomes
//! the localised error page (the [`localise`] middleware knows the request's language), a
//! redirect to the login page, or the refused form re-rendered with the user's answers. Its
//! first argument, [`Caller<Role>`], says which role may call it.
use super::errors;
use super::locale::request_locale;
use app::actors::{Actor, EnterpriseAgent, Refusal};
use app::core::cases::CaseError;
use app::core::enterprises;
use app::core::error::InternalError;
use app::domain::forms::storable;
use app::domain::registration::Answers;
use app::state::AppState;
use axum::body::{to_bytes, Body};
use axum::extract::Path;
use axum::extract::{FromRequestParts, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use http::request::Parts;
use http::StatusCode;
use std::collections::HashMap;
use uuid::Uuid;

pub type ActionResult = Result<Response, ActionError>;

#[derive(Debug)]
pub enum ActionError {
    /// Nobody is signed in: to the login page, and back to `next` afterwards.
    SignIn {
        next: String,
    },
    Forbidden,
    /// No such thing, or one the caller may not reach: the same answer for both.
    NotFound,
    /// The case changed since the page was loaded (someone else acted, or a double post).
    Conflict,
    BadRequest,
    PayloadTooLarge,
    /// The answer is already made: the refused form rendered again with the answers and
    /// errors (422), or a redirect to a page that says nothing changed.
    Refused(Box<Response>),
    /// Logged here; the user sees a generic error page.
    Internal(String),
}

impl ActionError {
    pub fn internal(error: impl std::fmt::Display) -> Self {
        Self::Internal(error.to_string())
    }
}

impl From<InternalError> for ActionError {
    fn from(error: InternalError) -> Self {
        Self::internal(error)
    }
}

impl From<CaseError> for ActionError {
    /// The usual answers; a handler that shows some of these differently matches them first.
    fn from(error: CaseError) -> Self {
        match error {
            CaseError::NotFound => Self::NotFound,
            CaseError::HeldByAnother => Self::Forbidden,
            CaseError::Stale | CaseError::Transition(_) | CaseError::NotDraft => Self::Conflict,
            CaseError::Invalid(_) => Self::BadRequest,
            CaseError::AnswersTooLarge => Self::PayloadTooLarge,
            // The list of applications says why, beside the drafts to submit or delete.
            // The form says why (a notice naming the level), the draft kept as it was.
            CaseError::LevelRequired(_) => Self::Conflict,
            CaseError::TooManyDrafts => Self::Refused(Box::new(
                Redirect::to("/cases?notice=notice-too-many-drafts").into_response(),
            )),
            CaseError::Internal(error) => Self::internal(error),
        }
    }
}

impl From<app::core::market::MarketError> for ActionError {
    /// The usual answers; a form handler shows refusals as field errors instead (`refused`).
    fn from(error: app::core::market::MarketError) -> Self {
        use app::core::market::MarketError;
        match error {
            MarketError::NotFound => Self::NotFound,
            MarketError::Refused(_) | MarketError::Invalid(_) => Self::Conflict,
            MarketError::Internal(error) => Self::internal(error),
        }
    }
}

impl From<sqlx::Error> for ActionError {
    fn from(error: sqlx::Error) -> Self {
        Self::internal(error)
    }
}

impl From<tower_sessions::session::Error> for ActionError {
    fn from(error: tower_sessions::session::Error) -> Self {
        Self::internal(error)
    }
}

/// Which error page a response stands for; [`localise`] renders it in the request's language.
#[derive(Clone, Copy, Debug)]
enum ErrorPage {
    Forbidden,
    NotFound,
    Conflict,
    BadRequest,
    PayloadTooLarge,
    Internal,
}

impl IntoResponse for ActionError {
    fn into_response(self) -> Response {
        let page = match self {
            Self::SignIn { next } => return Redirect::to(&login_path(&next)).into_response(),
            Self::Refused(response) => return *response,
            Self::Forbidden => ErrorPage::Forbidden,
            Self::NotFound => ErrorPage::NotFound,
            Self::Conflict => ErrorPage::Conflict,
            Self::BadRequest => ErrorPage::BadRequest,
            Self::PayloadTooLarge => ErrorPage::PayloadTooLarge,
            Self::Internal(error) => {
                tracing::error!(%error, "request failed");
                ErrorPage::Internal
            }
        };
        let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
        response.extensions_mut().insert(page);
        response
    }
}

fn login_path(next: &str) -> String {
    format!("/login?next={next}")
}

/// Renders the error page an [`ActionError`] stands for, in the language of the request.
pub async fn localise(request: Request, next: Next) -> Response {
    let locale = request_locale(request.headers());
    let response = next.run(request).await;
    match response.extensions().get::<ErrorPage>() {
        None => response,
        Some(ErrorPage::Forbidden) => errors::forbidden(locale),
        Some(ErrorPage::NotFound) => errors::not_found(locale),
        Some(ErrorPage::Conflict) => errors::conflict(locale),
        Some(ErrorPage::BadRequest) => errors::bad_request(locale),
        Some(ErrorPage::PayloadTooLarge) => errors::payload_too_large(locale),
        Some(ErrorPage::Internal) => errors::internal_page(locale),
    }
}

/// The caller of a handler in role `A` (`Caller<Clerk>`, `Caller<Operator>`…); anyone else is
/// refused before the handler runs: nobody signed in is sent to log in and back to this page,
/// a signed-in account of another role gets 403.
pub struct Caller<A>(pub A);

impl<A: Actor, S: Send + Sync> FromRequestParts<S> for Caller<A> {
    type Rejection = ActionError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ActionError> {
        let user = super::auth::user(parts);
        A::from_user(user.as_ref())
            .map(Caller)
            .map_err(|refusal| match refusal {
                Refusal::SignInRequired => ActionError::SignIn {
                    next: parts.uri.path().to_string(),
                },
                Refusal::Forbidden => ActionError::Forbidden,
            })
    }
}

/// Reads an `application/x-www-form-urlencoded` body into answers. Repeated names keep the
/// last value. Malformed bodies are a 400, oversized ones a 413 (the size limit is the body
/// limit layer's).
pub async fn posted_answers(body: Body) -> Result<Answers, ActionError> {
    let bytes = to_bytes(body, usize::MAX)
        .await
        .map_err(|_| ActionError::PayloadTooLarge)?;
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .map(|pairs| {
            pairs
                .into_iter()
                .map(|(name, value)| (storable(name), storable(value)))
                .collect()
        })
        .map_err(|_| ActionError::BadRequest)
}

/// Refuses the form: the page again, as its GET renders it, with the answers and the errors
/// (422).
pub async fn refuse<T>(
    state: &app::state::AppState,
    parts: Parts,
    echo: app::page_context::FormEcho,
) -> Result<T, ActionError> {
    Err(ActionError::Refused(Box::new(
        super::render::refused(state, parts, echo).await,
    )))
}

/// The caller as an active agent of the enterprise the URL names (`{enterprise_id}`): the
/// enterprise's records decide, read once per request. Nobody signed in is sent to log in and
/// back to the account page (where enterprises are managed); anyone else gets 403.
pub struct ActingFor(pub EnterpriseAgent);

impl FromRequestParts<AppState> for ActingFor {
    type Rejection = ActionError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ActionError> {
        let user = super::auth::user(parts).ok_or_else(|| ActionError::SignIn {
            next: "/account".into(),
        })?;
        let Path(params) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|_| ActionError::NotFound)?;
        let enterprise_id = params
            .get("enterprise_id")
            .and_then(|id| id.parse::<Uuid>().ok())
            .ok_or(ActionError::NotFound)?;
        enterprises::agent_of(&state.pool, user.account_id, enterprise_id)
            .await?
            .map(ActingFor)
            .ok_or(ActionError::Forbidden)
    }
}
