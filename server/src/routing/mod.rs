//! The routing layer: delivers cases to department systems (signed, idempotent, retried,
//! dead-lettered, behind a per-department circuit breaker) and takes their signed status
//! callbacks. Protocol v1: types and signatures in the `portal_protocol` crate (shared with the
//! reference department backend), published as OpenAPI ([`openapi`]).
pub mod api;
pub mod attachment_urls;
mod attempt;
pub mod base_data_api;
pub mod base_data_read;
pub mod breaker;
pub mod callbacks;
pub mod dispatcher;
pub mod ledger;
pub mod market_api;
pub mod openapi;
pub mod payload;
pub mod protocol_page;
pub mod reconcile;
pub mod recovery;
pub mod services;
pub mod vendor_dispatch;
pub mod worker;

use axum::http::{header, HeaderValue};
use axum::routing::{get, post};
use axum::Router;
use rand::Rng;
use std::time::Duration;
use tower_http::set_header::SetResponseHeaderLayer;

/// Callback bodies larger than this are refused (413) before anything is read into memory.
const MAX_CALLBACK_BYTES: usize = 256 * 1024;
/// Base data batches larger than this are refused (413).
const MAX_BASE_DATA_BYTES: usize = 1024 * 1024;

/// The machine API's own router, merged beside the pages, outside the session and CSRF layers:
/// department systems have no cookies, every request is signed.
pub fn machine_router(state: api::ApiState) -> Router {
    Router::new()
        .route("/api/v1/cases/{case_id}/status", post(api::status_callback))
        .route("/api/v1/services", get(services::services))
        .route("/api/v1/cases/{case_id}", get(recovery::case))
        .route(
            "/api/v1/cases/{case_id}/applicant/base-data",
            get(base_data_read::applicant),
        )
        .route(
            "/api/v1/cases/{case_id}/redeliver",
            post(recovery::redeliver),
        )
        .route("/api/v1/attachments/{id}", get(api::attachment))
        .route(
            "/api/market/v1/operations/{operation_id}/outcome",
            post(market_api::outcome),
        )
        .route("/api/market/v1/usage", post(market_api::usage))
        // A batch of 500 records with Chinese addresses needs more than a callback.
        .route(
            "/api/v1/base-data/people",
            post(base_data_api::people)
                .layer(axum::extract::DefaultBodyLimit::max(MAX_BASE_DATA_BYTES)),
        )
        .route(
            "/api/v1/base-data/entities",
            post(base_data_api::entities)
                .layer(axum::extract::DefaultBodyLimit::max(MAX_BASE_DATA_BYTES)),
        )
        .route("/api/openapi.json", get(openapi::openapi_json))
        .route("/api/docs", get(protocol_page::protocol_page))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_CALLBACK_BYTES))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

/// How deliveries are retried and when they are given up; from `PORTAL_DELIVERY_*`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliverySettings {
    /// A row older than this (from creation or the operator's retry) is dead-lettered.
    pub max_age: Duration,
    /// Retry delays: full jitter over `base · 2^(attempt-1)`, at most `cap`.
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
    /// This many consecutive failures open a department's breaker for `breaker_cooldown`.
    pub breaker_failures: u32,
    pub breaker_cooldown: Duration,
    /// How long a signed attachment URL works.
    pub attachment_ttl: Duration,
    /// How often the dispatcher looks for due rows when no NOTIFY woke it.
    pub poll_interval: Duration,
    /// Concurrent dispatch loops in this instance; 0 runs no dispatcher here.
    pub workers: u32,
}

impl Default for DeliverySettings {
    fn default() -> Self {
        Self {
            max_age: Duration::from_secs(86_400),
            backoff_base: Duration::from_secs(2),
            backoff_cap: Duration::from_secs(600),
            breaker_failures: 5,
            breaker_cooldown: Duration::from_secs(60),
            attachment_ttl: Duration::from_secs(900),
            poll_interval: Duration::from_secs(2),
            workers: 4,
        }
    }
}

impl DeliverySettings {
    /// The delay before retry number `attempt` (1 after the first failure): uniformly random
    /// between zero and `min(cap, base · 2^(attempt-1))` ("full jitter").
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1).min(30);
        let ceiling = self
            .backoff_base
            .saturating_mul(1u32 << exponent)
            .min(self.backoff_cap);
        let millis = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(rand::thread_rng().gen_range(0..=millis))
    }
}

/// Unix seconds now.
pub(crate) fn now_unix() -> i64 {
    chrono::Utc::now().timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_jittered_and_capped() {
        let settings = DeliverySettings::default();
        for _ in 0..100 {
            assert!(settings.backoff(1) <= Duration::from_secs(2));
            assert!(settings.backoff(4) <= Duration::from_secs(16));
            assert!(settings.backoff(u32::MAX) <= settings.backoff_cap);
        }
        let draws: std::collections::BTreeSet<_> = (0..50).map(|_| settings.backoff(8)).collect();
        assert!(draws.len() > 1, "full jitter");
    }

    #[test]
    fn protocol_and_registration_agree_on_the_key_length() {
        // The protocol crate cannot see app's rule, so the two constants are kept equal here.
        assert_eq!(
            portal_protocol::signing::MIN_KEY_BYTES,
            app::domain::department_backend::MIN_KEY_BYTES
        );
    }
}
