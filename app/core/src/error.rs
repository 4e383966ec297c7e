use thiserror::Error;

/// Failures of the core that are not the user's fault. Shown to users as a generic
/// "something went wrong"; the details go to the log.
#[derive(Debug, Error)]
pub enum InternalError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("password hashing failed: {0}")]
    Hashing(String),
    #[error("background task failed: {0}")]
    Join(#[from] tokio::task::JoinError),
}

/// The name of the unique constraint a failed insert violated, if that is what happened.
pub fn unique_violation(error: &sqlx::Error) -> Option<&str> {
    match error {
        sqlx::Error::Database(db) if db.is_unique_violation() => db.constraint(),
        _ => None,
    }
}

/// Why a code was not accepted, as the person who typed it is told.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CodeRefusal {
    #[error("no code was asked for")]
    NoCode,
    #[error("wrong code")]
    Wrong { tries_left: u32 },
    #[error("the code has expired")]
    Expired,
    #[error("too many wrong tries")]
    TooManyTries,
    #[error("the code was used already")]
    AlreadyUsed,
}

impl CodeRefusal {
    /// The error the forms show on their `code` field.
    pub fn field_error(self) -> portal_types::domain::forms::FieldError {
        let error = portal_types::domain::forms::FieldError::new("code", self.message());
        match self {
            Self::Wrong { tries_left } => error.with_arg("tries", tries_left),
            _ => error,
        }
    }

    /// The message key the forms show it with (on the `code` field).
    pub fn message(self) -> &'static str {
        match self {
            Self::NoCode => "code-none",
            Self::Wrong { .. } => "code-wrong",
            Self::Expired => "code-expired",
            Self::TooManyTries => "code-too-many-tries",
            Self::AlreadyUsed => "code-used",
        }
    }
}
