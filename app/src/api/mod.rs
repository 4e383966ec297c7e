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

use serde::{Deserialize, Serialize};

/// A text stored in both languages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, locale: crate::i18n::Locale) -> String {
        locale.pick(&self.zh, &self.en).to_string()
    }
}

/// Logs the cause and gives the browser a generic error (no internals leak).
#[cfg(feature = "ssr")]
pub(crate) fn internal(error: impl std::fmt::Display) -> leptos::prelude::ServerFnError {
    tracing::error!(%error, "server function failed");
    leptos::prelude::ServerFnError::new("internal error")
}
