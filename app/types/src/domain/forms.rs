//! What every form shares: the error shown next to a field, and the field name reserved for
//! the CSRF token (no form definition may use it).
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const CSRF_FIELD: &str = "csrf_token";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field's `name`; empty for an error about the whole form.
    pub field: String,
    /// Fluent message id.
    pub code: String,
    /// Values the message mentions (e.g. minutes to wait).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, String>,
}

impl FieldError {
    pub fn new(field: &str, code: &str) -> Self {
        Self {
            field: field.to_string(),
            code: code.to_string(),
            args: BTreeMap::new(),
        }
    }

    pub fn with_arg(mut self, name: &str, value: impl ToString) -> Self {
        self.args.insert(name.to_string(), value.to_string());
        self
    }

    pub fn message(&self, locale: crate::i18n::Locale) -> String {
        if self.args.is_empty() {
            locale.t(&self.code)
        } else {
            let args: Vec<(&str, String)> = self
                .args
                .iter()
                .map(|(k, v)| (k.as_str(), v.clone()))
                .collect();
            locale.t_args(&self.code, &args)
        }
    }

    pub fn form(code: &str) -> Self {
        Self::new("", code)
    }
}

/// `s` without NUL characters, which no text column (nor JSON in the database) can hold: a
/// posted value is kept as typed otherwise. Every form value passes here before it is used.
pub fn storable(mut s: String) -> String {
    if s.contains('\0') {
        s.retain(|c| c != '\0');
    }
    s
}

#[cfg(test)]
mod storable_tests {
    #[test]
    fn nul_characters_are_dropped_and_the_rest_kept() {
        assert_eq!(super::storable("张\0三\u{1}".into()), "张三\u{1}");
        assert_eq!(super::storable("plain".into()), "plain");
    }
}
