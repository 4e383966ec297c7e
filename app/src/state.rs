//! What the server hands to every handler and server function (via Leptos context).
use leptos::config::LeptosOptions;
use portal_core::catalogue_cache::CatalogueCache;
use portal_core::state::SecuritySettings;
use sqlx::PgPool;
use std::sync::Arc;

#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub pool: PgPool,
    pub leptos_options: LeptosOptions,
    pub security: Arc<SecuritySettings>,
    pub catalogue_cache: Arc<CatalogueCache>,
}
