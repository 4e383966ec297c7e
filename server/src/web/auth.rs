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
/// A login whose password was right but whose second factor is still to come: the account,
/// and until when (Unix seconds) the second step may be taken. Such a session is signed in
/// to nothing.
const PENDING_KEY: &str = "second_factor_for";
const PENDING_UNTIL_KEY: &str = "second_factor_until";
/// How long the second step may wait after the password.
const PENDING_SECS: i64 = 600;
/// Set when the session's login passed a second factor: a staff account's session without it
/// is signed in to nothing.
const SECOND_FACTOR_KEY: &str = "second_factor_passed";

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
    session.remove_value(PENDING_KEY).await?;
    session.remove_value(PENDING_UNTIL_KEY).await?;
    session.insert(ACCOUNT_KEY, account_id).await?;
    session.insert(SIGNED_IN_KEY, at.timestamp_micros()).await?;
    session
        .insert(TOUCHED_KEY, chrono::Utc::now().timestamp_millis())
        .await
}

/// Logs in an account that has just passed its second factor.
pub async fn log_in_with_second_factor(
    session: &Session,
    account_id: Uuid,
) -> Result<(), tower_sessions::session::Error> {
    log_in(session, account_id).await?;
    session.insert(SECOND_FACTOR_KEY, true).await
}

/// Whether this session's login passed a second factor.
pub async fn passed_second_factor(session: &Session) -> bool {
    session
        .get::<bool>(SECOND_FACTOR_KEY)
        .await
        .ok()
        .flatten()
        .unwrap_or(false)
}

/// The password of `account_id` was right; its second factor is still to come. The session
/// id is cycled already, and nothing is signed in until [`log_in`].
pub async fn await_second_factor(
    session: &Session,
    account_id: Uuid,
) -> Result<(), tower_sessions::session::Error> {
    session.cycle_id().await?;
    session.remove_value(ACCOUNT_KEY).await?;
    session.remove_value(SECOND_FACTOR_KEY).await?;
    session.insert(PENDING_KEY, account_id).await?;
    session
        .insert(
            PENDING_UNTIL_KEY,
            chrono::Utc::now().timestamp() + PENDING_SECS,
        )
        .await
}

/// The account whose second factor this session waits for, while it may still be given.
pub async fn awaiting_second_factor(session: &Session) -> Option<Uuid> {
    let until = session.get::<i64>(PENDING_UNTIL_KEY).await.ok().flatten()?;
    if until < chrono::Utc::now().timestamp() {
        return None;
    }
    session.get::<Uuid>(PENDING_KEY).await.ok().flatten()
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
