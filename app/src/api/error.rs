//! The one error type of the server functions. Pages tell "sign in first", "not yours to see",
//! "no such thing" and "changed meanwhile" apart and show each as such; anything else is an
//! internal error whose cause stays in the server log.
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
#[cfg(feature = "ssr")]
use portal_types::actors::Actor;
use portal_types::actors::Refusal;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ApiError {
    #[error("sign in required")]
    SignInRequired,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("conflict")]
    Conflict,
    #[error("internal error")]
    Internal,
    /// The call itself failed (network, encoding): the browser's side of a server function.
    #[error("{0}")]
    Call(ServerFnErrorErr),
}

impl FromServerFnError for ApiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        Self::Call(value)
    }
}

impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::SignInRequired => Self::SignInRequired,
            Refusal::Forbidden => Self::Forbidden,
        }
    }
}

/// Logs the cause and gives the browser a generic error (no internals leak).
#[cfg(feature = "ssr")]
pub fn internal(error: impl std::fmt::Display) -> ApiError {
    tracing::error!(%error, "server function failed");
    ApiError::Internal
}

/// The role of the account this request was made by, or why it may not call.
#[cfg(feature = "ssr")]
pub fn actor<A: Actor>() -> Result<A, ApiError> {
    A::from_user(crate::page_context::current().user.as_ref()).map_err(|refusal| {
        let error = ApiError::from(refusal);
        with_status(&error);
        error
    })
}

/// Answers a refused server-function call with its status (401, 403, 404, 409) rather than
/// a generic 500, so a peer or the browser's network log tells them apart.
#[cfg(feature = "ssr")]
pub fn with_status(error: &ApiError) {
    let status = match error {
        ApiError::SignInRequired => http::StatusCode::UNAUTHORIZED,
        ApiError::Forbidden => http::StatusCode::FORBIDDEN,
        ApiError::NotFound => http::StatusCode::NOT_FOUND,
        ApiError::Conflict => http::StatusCode::CONFLICT,
        _ => return,
    };
    if let Some(options) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        options.set_status(status);
    }
}

/// The server's state inside a server function.
#[cfg(feature = "ssr")]
pub fn state() -> Result<crate::state::AppState, ApiError> {
    leptos::prelude::use_context::<crate::state::AppState>().ok_or_else(|| {
        tracing::error!("application state missing from the server function's context");
        ApiError::Internal
    })
}
