//! The logged-in account's in-app notifications (read-only; "mark all as read" is a form post).
use leptos::prelude::*;
pub use portal_types::views::notifications::*;

use super::ApiError;
#[cfg(feature = "ssr")]
use super::{actor, internal, state};

/// The latest notifications of the signed-in account, newest first. Reading them changes
/// nothing (marking read is a form post).
#[server(input = leptos::server_fn::codec::GetUrl, endpoint = "notifications/recent")]
pub async fn load_notifications() -> Result<Vec<NotificationItem>, ApiError> {
    let state = state()?;
    let user: portal_types::actors::SignedIn = actor()?;
    let rows = crate::core::notifications::recent(&state.pool, user.account_id, LIST_LIMIT)
        .await
        .map_err(internal)?;
    Ok(rows.into_iter().map(NotificationItem::from).collect())
}
