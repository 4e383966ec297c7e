//! Server functions (read-only, GET) and the data they return, shared with the browser.
//! State-changing actions are plain form posts handled by the server crate.
pub mod account;
pub mod application;
pub mod calendar;
pub mod cases;
pub mod catalogue;
pub mod deliveries;
pub mod notifications;
pub mod staff;
pub mod supervision;
pub mod workbench;

pub use portal_types::Text;

/// Logs the cause and gives the browser a generic error (no internals leak).
#[cfg(feature = "ssr")]
pub(crate) fn internal(error: impl std::fmt::Display) -> leptos::prelude::ServerFnError {
    tracing::error!(%error, "server function failed");
    leptos::prelude::ServerFnError::new("internal error")
}
