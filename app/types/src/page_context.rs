//! What every page needs to know about the request: language, CSRF token, who is logged in,
//! and — after a rejected form post — the answers and errors to show again.
//!
//! The server builds it per request (see `server::page_context`); the shell serialises it into
//! the page so the hydrating browser renders exactly what the server rendered.
use crate::domain::roles::Role;
use crate::i18n::Locale;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

pub use crate::domain::forms::{FieldError, CSRF_FIELD};
pub const CONTEXT_ELEMENT_ID: &str = "page-context";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PageContext {
    pub locale: Locale,
    pub csrf_token: String,
    pub user: Option<SessionUser>,
    pub form: Option<FormEcho>,
    /// A login whose password was right and whose second factor is still to come.
    #[serde(default)]
    pub second_factor: Option<PendingSecondFactor>,
}

/// The second step of a staff login: enter a code, or enrol first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingSecondFactor {
    pub account_id: Uuid,
    pub enrolled: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionUser {
    pub account_id: Uuid,
    pub display_name: String,
    pub role: Role,
    pub department_code: Option<String>,
    /// The vendor organisation of a vendor's staff.
    #[serde(default)]
    pub vendor_id: Option<Uuid>,
    /// Shown in the header next to "My applications".
    #[serde(default)]
    pub unread_notifications: i64,
}

/// A submitted form that the server refused: the answers go back into the fields,
/// and each error names its field and a translation key.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FormEcho {
    /// Which form on the page this belongs to (a page may have several).
    pub form: String,
    pub values: BTreeMap<String, String>,
    pub errors: Vec<FieldError>,
    /// A notice (a `notice-…` key) shown above the form given back, when a post was not refused
    /// but answered with the same form (e.g. "a code was sent").
    #[serde(default)]
    pub notice: Option<String>,
}

impl FormEcho {
    pub fn new(form: &str, values: BTreeMap<String, String>, errors: Vec<FieldError>) -> Self {
        let mut values = values;
        // Secrets are never sent back into the page.
        values.retain(|name, _| !name.contains("password") && name != CSRF_FIELD);
        Self {
            form: form.to_string(),
            values,
            errors,
            notice: None,
        }
    }

    /// The same form given back with the notice `key` above it.
    pub fn with_notice(mut self, key: &str) -> Self {
        self.notice = Some(key.to_string());
        self
    }

    pub fn value(&self, field: &str) -> Option<&str> {
        self.values.get(field).map(String::as_str)
    }

    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.code.as_str())
    }
}

impl PageContext {
    pub fn echo_for(&self, form: &str) -> Option<&FormEcho> {
        self.form.as_ref().filter(|echo| echo.form == form)
    }

    /// JSON safe to embed in a `<script>` element (no `</script>` can close it early).
    pub fn to_embedded_json(&self) -> String {
        serde_json::to_string(self)
            .unwrap_or_else(|_| "{}".to_string())
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_json_cannot_close_the_script_element() {
        let mut values = BTreeMap::new();
        values.insert(
            "real_name".to_string(),
            "</script><script>alert(1)</script>".to_string(),
        );
        let ctx = PageContext {
            form: Some(FormEcho::new("register", values, vec![])),
            ..Default::default()
        };
        let json = ctx.to_embedded_json();
        assert!(!json.contains("</script>"));
        let back: PageContext = serde_json::from_str(&json).expect("round trip");
        assert_eq!(back, ctx);
    }

    #[test]
    fn passwords_and_csrf_tokens_are_never_echoed() {
        let mut values = BTreeMap::new();
        values.insert("password".to_string(), "secret-secret".to_string());
        values.insert("password_confirm".to_string(), "secret-secret".to_string());
        values.insert(CSRF_FIELD.to_string(), "tok".to_string());
        values.insert("mobile".to_string(), "13800138000".to_string());
        let echo = FormEcho::new("register", values, vec![]);
        assert_eq!(echo.values.len(), 1);
        assert_eq!(echo.value("mobile"), Some("13800138000"));
    }
}
