//! The portal's public single sign-on keys (`GET /.well-known/jwks.json`): what vendors verify
//! "Open" tokens against. The current key and those retired within the overlap.
use app::core::market::sso;
use app::state::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use http::{header, StatusCode};

pub async fn jwks(State(state): State<AppState>) -> Response {
    let now = chrono::Utc::now();
    // A first request on a fresh portal publishes a key at once.
    if let Err(error) = sso::signing_key(&state.pool, &state.security.sso, now).await {
        tracing::error!(%error, "single sign-on: no signing key");
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    match sso::published(&state.pool, now).await {
        // Short caching: a vendor meeting an unknown key id fetches again anyway.
        Ok(keys) => ([(header::CACHE_CONTROL, "public, max-age=300")], Json(keys)).into_response(),
        Err(error) => {
            tracing::error!(%error, "single sign-on: reading the keys failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
