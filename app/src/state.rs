//! What the server hands to every handler and server function (via Leptos context).
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use portal_core::catalogue_cache::CatalogueCache;
use portal_core::state::SecuritySettings;
use sqlx::PgPool;
use std::sync::Arc;

/// Cloned by every layer and handler of every request, so one shared pointer: cloning the
/// parts themselves (the Leptos options alone are a dozen reference-counted strings) cost the
/// catalogue a fifth of its throughput in atomic reference counting across the cores.
#[derive(Clone)]
pub struct AppState(Arc<Parts>);

pub struct Parts {
    pub pool: PgPool,
    pub leptos_options: LeptosOptions,
    pub security: Arc<SecuritySettings>,
    pub catalogue_cache: Arc<CatalogueCache>,
    /// Where reads (queue pages, case views, downloads) are recorded, batched.
    pub audit: portal_core::audit_batch::Appender,
}

impl AppState {
    pub fn new(parts: Parts) -> Self {
        Self(Arc::new(parts))
    }
}

impl std::ops::Deref for AppState {
    type Target = Parts;

    fn deref(&self) -> &Parts {
        &self.0
    }
}

impl FromRef<AppState> for PgPool {
    fn from_ref(state: &AppState) -> Self {
        state.pool.clone()
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl FromRef<AppState> for Arc<SecuritySettings> {
    fn from_ref(state: &AppState) -> Self {
        state.security.clone()
    }
}

impl FromRef<AppState> for Arc<CatalogueCache> {
    fn from_ref(state: &AppState) -> Self {
        state.catalogue_cache.clone()
    }
}
