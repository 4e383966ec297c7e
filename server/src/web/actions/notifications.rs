//! "Mark all as read" on the notifications page (`POST /notifications`). Viewing the list
//! never changes anything; this form does.
use super::see_other;
use crate::web::action::{ActionResult, Caller};
use app::actors::SignedIn;
use app::core::notifications::mark_all_read;
use app::state::AppState;
use axum::extract::State;

pub async fn mark_all_as_read(
    Caller(user): Caller<SignedIn>,
    State(state): State<AppState>,
) -> ActionResult {
    mark_all_read(&state.pool, user.account_id).await?;
    Ok(see_other("/notifications?notice=notice-notifications-read"))
}
