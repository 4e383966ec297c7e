//! `/metrics`: Prometheus text an operator's scraper reads, moving with the portal's work, and
//! closed to everyone but the configured addresses and the token's holder.
use crate::routing_support::{submitted_case, use_http_backend, KEY};
use app::core::throttle::ThrottlePolicy;
use portal_test_support::{spawn_app, spawn_app_with, Options, TestApp, PASSWORD};
use prometheus_parse::{Scrape, Value};
use reqwest::StatusCode;
use server::metrics::MetricsSettings;

async fn scrape(app: &TestApp) -> Scrape {
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), StatusCode::OK);
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(kind.starts_with("text/plain; version=0.0.4"), "{kind}");
    assert!(response.headers().get("set-cookie").is_none(), "no session");
    let text = response.text().await.expect("body");
    Scrape::parse(text.lines().map(|l| Ok(l.to_string()))).expect("Prometheus text")
}

/// The value of the sample named `metric` whose labels include all of `labels` (0 if none).
fn value(scrape: &Scrape, metric: &str, labels: &[(&str, &str)]) -> f64 {
    scrape
        .samples
        .iter()
        .filter(|s| s.metric == metric)
        .filter(|s| labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v)))
        .map(|s| match &s.value {
            Value::Counter(v) | Value::Gauge(v) | Value::Untyped(v) => *v,
            _ => 0.0,
        })
        .sum()
}

#[tokio::test]
async fn metrics_parse_as_prometheus_text_and_move_with_the_work() {
    let app = spawn_app_with(Options {
        throttle: ThrottlePolicy {
            window_minutes: 15,
            max_per_account: 3,
            max_per_address: 100,
        },
        // No dispatcher: a submitted case stays in the outbox.
        delivery: server::routing::DeliverySettings {
            workers: 0,
            ..Default::default()
        },
        ..Default::default()
    })
    .await;
    // 公安局's system is reached over HTTP (a port nothing listens on): its breaker is listed.
    use_http_backend(&app, "GA", "http://127.0.0.1:9", KEY).await;
    // A counter shows once something was counted.
    assert_eq!(app.get("/services").await.status(), StatusCode::OK);
    let before = scrape(&app).await;
    assert!(before.docs.contains_key("portal_http_requests_total"));
    let catalogue = [("route", "/services"), ("method", "GET"), ("status", "200")];
    let served = value(&before, "portal_http_requests_total", &catalogue);
    for _ in 0..3 {
        assert_eq!(app.get("/services").await.status(), StatusCode::OK);
    }
    let after = scrape(&app).await;
    assert_eq!(
        value(&after, "portal_http_requests_total", &catalogue),
        served + 3.0,
        "counted by the route's template"
    );
    // The latency histogram holds the same requests.
    let timed = after
        .samples
        .iter()
        .find(|s| {
            s.metric == "portal_http_request_duration_seconds_count"
                || (s.metric == "portal_http_request_duration_seconds"
                    && s.labels.get("route") == Some("/services"))
        })
        .is_some();
    assert!(timed, "a latency histogram");
    // A template, not the path: a case page is counted as `/cases/:id`.
    app.get("/cases/00000000-0000-0000-0000-000000000000").await;
    let templated = scrape(&app).await;
    let routes: std::collections::BTreeSet<&str> = templated
        .samples
        .iter()
        .filter_map(|s| s.labels.get("route"))
        .collect();
    assert!(
        templated
            .samples
            .iter()
            .any(|s| s.labels.get("route") == Some("/cases/:id")),
        "{routes:?}"
    );
    assert!(!templated.samples.iter().any(|s| s
        .labels
        .get("route")
        .is_some_and(|r| r.contains("00000000"))));

    // A submitted case waits in the outbox for its department (no dispatcher runs here).
    submitted_case(&app).await;
    let waiting = scrape(&app).await;
    assert!(
        value(
            &waiting,
            "portal_outbox_depth",
            &[("destination", "department:GA")]
        ) >= 1.0
    );
    assert!(
        value(
            &waiting,
            "portal_outbox_oldest_age_seconds",
            &[("destination", "department:GA")]
        ) >= 0.0
    );
    assert!(value(&waiting, "portal_db_pool_connections", &[("state", "max")]) >= 1.0);
    assert!(waiting.docs.contains_key("portal_message_queue"));
    assert_eq!(
        value(
            &waiting,
            "portal_circuit_breaker_open",
            &[("destination", "department:GA")]
        ),
        0.0
    );
    assert!(waiting
        .samples
        .iter()
        .any(|s| s.metric == "portal_circuit_breaker_consecutive_failures"));

    // Throttled logins are counted as they are refused.
    app.post_form("/logout", &[]).await;
    let mut refused = 0.0;
    for _ in 0..5 {
        let response = app.login("13800138000", "Wrong-password-123").await;
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            refused += 1.0;
        }
    }
    assert_eq!(refused, 2.0, "the 4th and 5th tries are throttled");
    let throttled = scrape(&app).await;
    assert_eq!(
        value(&throttled, "portal_throttled_total", &[("route", "/login")]),
        refused
    );
    // The right password after the throttle is a 429 too, and counted.
    assert_eq!(
        app.login("13800138000", PASSWORD).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    let again = scrape(&app).await;
    assert_eq!(
        value(&again, "portal_throttled_total", &[("route", "/login")]),
        refused + 1.0
    );
}

#[tokio::test]
async fn metrics_are_closed_except_to_the_configured_addresses_or_the_token() {
    let token = "metrics-token-for-the-scraper";
    let app = spawn_app_with(Options {
        metrics: MetricsSettings::parse(Some("none"), Some(token.to_string())).expect("settings"),
        ..Default::default()
    })
    .await;
    let refused = app.get("/metrics").await;
    assert_eq!(
        refused.status(),
        StatusCode::FORBIDDEN,
        "loopback is not listed"
    );
    let body: serde_json::Value = refused.json().await.expect("json");
    assert_eq!(body["code"], "metrics_forbidden");
    let wrong = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth("metrics-token-for-the-scrapes")
        .send()
        .await
        .expect("GET");
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    let right = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth(token)
        .send()
        .await
        .expect("GET");
    assert_eq!(right.status(), StatusCode::OK);
    assert!(right
        .text()
        .await
        .expect("body")
        .contains("# TYPE portal_http_requests_total counter"));

    // The default: the machine itself (loopback) only, no token needed.
    let local = spawn_app().await;
    assert_eq!(local.get("/metrics").await.status(), StatusCode::OK);
}
