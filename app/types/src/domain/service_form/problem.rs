//! An error found by a check, before it is tied to the answer's path (the scalar checks and
//! the whole-form validation both produce them).
use crate::domain::forms::FieldError;

/// An error before it is tied to a path.
pub(super) struct Problem {
    code: &'static str,
    arg: Option<(&'static str, String)>,
}

impl Problem {
    pub(super) fn new(code: &'static str) -> Self {
        Self { code, arg: None }
    }

    pub(super) fn with(code: &'static str, name: &'static str, value: impl ToString) -> Self {
        Self {
            code,
            arg: Some((name, value.to_string())),
        }
    }

    pub(super) fn at(self, path: &str) -> FieldError {
        let error = FieldError::new(path, self.code);
        match self.arg {
            Some((name, value)) => error.with_arg(name, value),
            None => error,
        }
    }
}
