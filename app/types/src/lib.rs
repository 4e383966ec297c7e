//! What the browser and the server share: the domain rules (plain Rust, compiled to wasm too,
//! so the browser validates with the same code), the translations and the data the pages show.
//! No Leptos and no sqlx here: `portal-core` (the server's SQL) and `app` (the pages) build on it.
pub mod actors;
pub mod domain;
pub mod i18n;
pub mod page_context;
pub mod views;

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

    pub fn get(&self, locale: i18n::Locale) -> String {
        locale.pick(&self.zh, &self.en).to_string()
    }
}
