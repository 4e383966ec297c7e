//! "Mark all as read" on the notifications page (`POST /notifications`). Viewing the list
//! never changes anything; this form does.
use super::see_other;
use crate::web::locale::request_locale;
use crate::web::{auth, errors};
use app::core::notifications::mark_all_read;
use app::state::AppState;
use axum::extract::{Request, State};
use axum::response::Response;

pub async fn mark_all_as_read(State(state): State<AppState>, request: Request) -> Response {
    let locale = request_locale(request.headers());
    let Some(user) = auth::user_of(&request) else {
        return see_other("/login?next=/notifications");
    };
    match mark_all_read(&state.pool, user.account_id).await {
        Ok(()) => see_other("/notifications?notice=notice-notifications-read"),
        Err(error) => errors::internal(locale, &error),
    }
}
