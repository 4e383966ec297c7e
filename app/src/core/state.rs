use leptos::config::LeptosOptions;
use sqlx::PgPool;
use std::sync::Arc;

/// What the server hands to every handler and server function (via Leptos context).
#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub pool: PgPool,
    pub leptos_options: LeptosOptions,
    pub security: Arc<SecuritySettings>,
    pub catalogue_cache: Arc<super::catalogue_cache::CatalogueCache>,
}

#[derive(Clone, Debug)]
pub struct SecuritySettings {
    /// Key for the signed double-submit CSRF token. Never logged.
    pub csrf_key: Vec<u8>,
    /// Set the `Secure` flag on cookies (behind HTTPS).
    pub secure_cookies: bool,
    pub throttle: super::throttle::ThrottlePolicy,
}

impl AppState {
    /// The state inside a server function.
    pub fn from_context() -> Result<Self, leptos::prelude::ServerFnError> {
        leptos::prelude::use_context::<AppState>()
            .ok_or_else(|| leptos::prelude::ServerFnError::new("application state missing"))
    }
}
