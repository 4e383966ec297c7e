//! The login session: which account a session belongs to.
use app::page_context::{PageContext, SessionUser};
use http::request::Parts;
use tower_sessions::Session;
use uuid::Uuid;

const ACCOUNT_KEY: &str = "account_id";
/// When the session was last written (Unix milliseconds).
const TOUCHED_KEY: &str = "touched_ms";
/// When the session was signed in (Unix microseconds): a password change or reset ends the
/// sessions signed in before it.
const SIGNED_IN_KEY: &str = "signed_in_us";

pub async fn current_account(session: &Session) -> Option<Uuid> {
    session.get::<Uuid>(ACCOUNT_KEY).await.ok().flatten()
}

/// Logs `account_id` in with a new session id, so a session id known before login
/// (fixation) is worthless afterwards.
pub async fn log_in(
    session: &Session,
    account_id: Uuid,
) -> Result<(), tower_sessions::session::Error> {
    log_in_at(session, account_id, chrono::Utc::now()).await
}

/// [`log_in`] as of `at`: after a password change, the time the other sessions ended, so that
/// this one, and only this one, goes on.
pub async fn log_in_at(
    session: &Session,
    account_id: Uuid,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), tower_sessions::session::Error> {
    session.cycle_id().await?;
    session.insert(ACCOUNT_KEY, account_id).await?;
    session.insert(SIGNED_IN_KEY, at.timestamp_micros()).await?;
    session
        .insert(TOUCHED_KEY, chrono::Utc::now().timestamp_millis())
        .await
}

/// When this session was signed in (0 for sessions older than this record).
pub async fn signed_in_micros(session: &Session) -> i64 {
    session
        .get::<i64>(SIGNED_IN_KEY)
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Pushes a signed-in session's idle expiry back, by writing it again, when its last write is
/// older than `after`: sessions end after the idle time, not that long after login, and a
/// busy user's requests do not each write the session.
pub async fn keep_alive(session: &Session, after: std::time::Duration) {
    let now = chrono::Utc::now().timestamp_millis();
    let touched = session
        .get::<i64>(TOUCHED_KEY)
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    let after_ms = i64::try_from(after.as_millis()).unwrap_or(i64::MAX);
    if now.saturating_sub(touched) >= after_ms {
        if let Err(error) = session.insert(TOUCHED_KEY, now).await {
            tracing::warn!(%error, "could not extend the session");
        }
    }
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
