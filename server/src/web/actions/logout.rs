//! `POST /logout`: ends the session (the row is deleted, the cookie cleared).
use super::see_other;
use crate::web::action::ActionResult;
use crate::web::auth;
use tower_sessions::Session;

pub async fn logout(session: Session) -> ActionResult {
    auth::log_out(&session).await?;
    Ok(see_other("/?notice=notice-logged-out"))
}
