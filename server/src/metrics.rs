//! `/metrics`: what an operator scrapes, in the Prometheus text format (the `prometheus`
//! crate): requests by route template, method and status with their latency; refusals for
//! too many attempts (logins and registrations throttled); and, read from the database at
//! scrape time, the outbox depth and oldest age per destination, dead letters, circuit
//! breakers, the mail and text-message queues and the database pool.
//!
//! Reachable from the configured addresses (loopback by default), or anywhere with the token.
mod scrape;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use prometheus::{HistogramOpts, HistogramVec, IntCounterVec, Opts, Registry};
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Instant;

pub use scrape::{router, ScrapeState};

/// Who may read `/metrics`: `PORTAL_METRICS_ALLOW` (addresses, comma-separated, or `none`;
/// default loopback) and `PORTAL_METRICS_TOKEN` (a bearer token that opens it from anywhere).
#[derive(Clone)]
pub struct MetricsSettings {
    pub allow: Vec<IpAddr>,
    pub token: Option<String>,
}

impl std::fmt::Debug for MetricsSettings {
    // The token is a secret: never print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MetricsSettings")
            .field("allow", &self.allow)
            .field("token", &self.token.as_ref().map(|_| "…"))
            .finish()
    }
}

impl Default for MetricsSettings {
    fn default() -> Self {
        Self {
            allow: vec![
                IpAddr::from([127, 0, 0, 1]),
                IpAddr::from([0, 0, 0, 0, 0, 0, 0, 1]),
            ],
            token: None,
        }
    }
}

impl MetricsSettings {
    /// From the two variables' values; an address that does not parse is an error.
    pub fn parse(allow: Option<&str>, token: Option<String>) -> anyhow::Result<Self> {
        let allow = match allow.map(str::trim) {
            None => Self::default().allow,
            // Token only (e.g. behind a proxy that does not name the client).
            Some("none") => Vec::new(),
            Some(list) => list
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| {
                    s.parse::<IpAddr>().map_err(|_| {
                        anyhow::anyhow!("PORTAL_METRICS_ALLOW: {s:?} is not an IP address")
                    })
                })
                .collect::<anyhow::Result<Vec<_>>>()?,
        };
        let token = token.filter(|t| !t.is_empty());
        if token.as_ref().is_some_and(|t| t.len() < 16) {
            anyhow::bail!("PORTAL_METRICS_TOKEN must be at least 16 characters");
        }
        Ok(Self { allow, token })
    }
}

/// The process's counters and histograms (the database gauges are read per scrape).
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    throttled: IntCounterVec,
}

/// Latency buckets in seconds: a page answers in milliseconds; a login hashes for ~25 ms.
const BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

impl Metrics {
    pub fn new() -> Result<Arc<Self>, prometheus::Error> {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new(
                "portal_http_requests_total",
                "HTTP requests answered, by route template, method and status.",
            ),
            &["route", "method", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "portal_http_request_duration_seconds",
                "Time to the answer's head, by route template, method and status.",
            )
            .buckets(BUCKETS.to_vec()),
            &["route", "method", "status"],
        )?;
        let throttled = IntCounterVec::new(
            Opts::new(
                "portal_throttled_total",
                "Requests refused for too many attempts (429), by route: logins, second factors, registrations, codes.",
            ),
            &["route"],
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(throttled.clone()))?;
        Ok(Arc::new(Self {
            registry,
            requests,
            latency,
            throttled,
        }))
    }

    fn observe(&self, route: &str, method: &str, status: u16, seconds: f64) {
        let status = status.to_string();
        let labels = [route, method, status.as_str()];
        self.requests.with_label_values(&labels).inc();
        self.latency.with_label_values(&labels).observe(seconds);
        if status == "429" {
            self.throttled.with_label_values(&[route]).inc();
        }
    }
}

/// The route's template, never the raw path, so the label set stays bounded; written
/// `/cases/:id` (braces in label values trip simple scrapers' parsers).
fn route_of(request: &Request) -> String {
    if let Some(matched) = request.extensions().get::<MatchedPath>() {
        return matched.as_str().replace('{', ":").replace('}', "");
    }
    if request.uri().path().starts_with("/pkg/") {
        "/pkg/:file".to_string()
    } else {
        "unmatched".to_string()
    }
}

/// Counts and times every request (a `Router::layer`, so the matched route is known).
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let route = route_of(&request);
    let method = request.method().as_str().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    metrics.observe(
        &route,
        &method,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn settings_default_to_loopback_and_refuse_bad_addresses_and_short_tokens() {
        let usual = MetricsSettings::parse(None, None).unwrap();
        assert_eq!(usual.allow.len(), 2);
        assert!(usual.token.is_none());
        let listed = MetricsSettings::parse(Some("10.0.0.5, ::1"), Some(String::new())).unwrap();
        assert_eq!(
            listed.allow,
            vec![
                IpAddr::from([10, 0, 0, 5]),
                IpAddr::from([0, 0, 0, 0, 0, 0, 0, 1])
            ]
        );
        assert!(listed.token.is_none());
        let none =
            MetricsSettings::parse(Some("none"), Some("a-long-enough-token".into())).unwrap();
        assert!(none.allow.is_empty());
        assert!(MetricsSettings::parse(Some("10.0.0.0/8"), None).is_err());
        assert!(MetricsSettings::parse(None, Some("short".into())).is_err());
        assert!(!format!("{none:?}").contains("a-long-enough-token"));
    }

    #[test]
    fn a_throttled_answer_is_counted_by_its_route() {
        let metrics = Metrics::new().unwrap();
        metrics.observe("/login", "POST", 429, 0.01);
        metrics.observe("/login", "POST", 303, 0.03);
        assert_eq!(metrics.throttled.with_label_values(&["/login"]).get(), 1);
        assert_eq!(
            metrics
                .requests
                .with_label_values(&["/login", "POST", "303"])
                .get(),
            1
        );
    }
}
