//! The logged-in account's in-app notifications (read-only; "mark all as read" is a form post).
use leptos::prelude::*;
pub use portal_types::views::notifications::*;

#[cfg(feature = "ssr")]
use super::internal;
/// The latest notifications of the logged-in account, newest first; `Ok(None)` when nobody
/// is logged in. Reading them changes nothing (marking read is a form post).
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "notifications/recent")]
pub async fn load_notifications() -> Result<Option<Vec<NotificationItem>>, ServerFnError> {
    let state = crate::state::AppState::from_context()?;
    let Some(user) = crate::page_context::current().user else {
        return Ok(None);
    };
    let rows = crate::core::notifications::recent(&state.pool, user.account_id, LIST_LIMIT)
        .await
        .map_err(internal)?;
    Ok(Some(rows.into_iter().map(NotificationItem::from).collect()))
}
