//! Server functions (read-only, GET) and the data they return, shared with the browser.
//! State-changing actions are plain form posts handled by the server crate.
pub mod account;
pub mod application;
pub mod calendar;
pub mod cases;
pub mod catalogue;
pub mod deliveries;
pub mod error;
pub mod market;
pub mod notifications;
pub mod second_factor;
pub mod staff;
pub mod supervision;
pub mod workbench;

pub use portal_types::Text;

pub use error::ApiError;
#[cfg(feature = "ssr")]
pub(crate) use error::{actor, internal, state};
