//! The login session: which account a session belongs to.
use app::page_context::{PageContext, SessionUser};
use http::request::Parts;
use tower_sessions::Session;
use uuid::Uuid;

const ACCOUNT_KEY: &str = "account_id";

pub async fn current_account(session: &Session) -> Option<Uuid> {
    session.get::<Uuid>(ACCOUNT_KEY).await.ok().flatten()
}

/// Logs `account_id` in with a new session id, so a session id known before login
/// (fixation) is worthless afterwards.
pub async fn log_in(
    session: &Session,
    account_id: Uuid,
) -> Result<(), tower_sessions::session::Error> {
    session.cycle_id().await?;
    session.insert(ACCOUNT_KEY, account_id).await
}

/// Ends the session server-side (the row is deleted) and clears the cookie.
pub async fn log_out(session: &Session) -> Result<(), tower_sessions::session::Error> {
    session.flush().await
}

pub fn user(parts: &Parts) -> Option<SessionUser> {
    parts
        .extensions
        .get::<PageContext>()
        .and_then(|ctx| ctx.user.clone())
}

pub fn user_of(request: &axum::extract::Request) -> Option<SessionUser> {
    request
        .extensions()
        .get::<PageContext>()
        .and_then(|ctx| ctx.user.clone())
}
