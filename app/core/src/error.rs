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
