//! `POST /logout`: ends the session (the row is deleted, the cookie cleared), audited.
use super::see_other;
use crate::web::action::ActionResult;
use crate::web::auth;
use app::core::audit;
use app::state::AppState;
use axum::extract::{Request, State};
use tower_sessions::Session;

pub async fn logout(
    State(state): State<AppState>,
    session: Session,
    request: Request,
) -> ActionResult {
    if let Some(user) = auth::user_of(&request) {
        let entry =
            audit::Entry::account(user.account_id, user.role.as_str(), audit::actions::LOGOUT);
        audit::record_in(&state.pool, &entry).await?;
    }
    auth::log_out(&session).await?;
    Ok(see_other("/?notice=notice-logged-out"))
}
