//! What the routing tests share: a portal whose dispatcher the test drives, a minimal department
//! system (counts the Idempotency-Keys it receives, answers what the test tells it); signing is
//! `portal_test_support::signed`.
use crate::applications::submit_complete;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use portal_test_support::{citizen, spawn_app_with, Options, TestApp, ID_A};
use server::routing::dispatcher::{DispatchOutcome, Dispatcher};
use server::routing::DeliverySettings;
use std::sync::atomic::{AtomicU16, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use uuid::Uuid;

pub const KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
pub const OTHER_KEY: &str = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

/// Fast retries, a breaker that opens after 2 failures, no background dispatcher.
pub fn test_settings() -> DeliverySettings {
    DeliverySettings {
        backoff_base: Duration::from_millis(20),
        backoff_cap: Duration::from_millis(50),
        breaker_failures: 2,
        breaker_cooldown: Duration::from_secs(60),
        workers: 0,
        ..DeliverySettings::default()
    }
}

pub async fn spawn_manual() -> TestApp {
    spawn_app_with(Options {
        delivery: test_settings(),
        ..Options::default()
    })
    .await
}

pub fn dispatcher(app: &TestApp) -> Dispatcher {
    Dispatcher::new(app.pool.clone(), test_settings(), &app.address).expect("dispatcher")
}

/// Runs the dispatcher until nothing is due.
pub async fn drain(dispatcher: &Dispatcher) -> Vec<DispatchOutcome> {
    let mut outcomes = Vec::new();
    loop {
        match dispatcher.try_dispatch_once().await.expect("dispatch") {
            DispatchOutcome::Empty => return outcomes,
            outcome => outcomes.push(outcome),
        }
    }
}

/// A citizen's submitted GA-004 case (GA: 公安局).
pub async fn submitted_case(app: &TestApp) -> Uuid {
    citizen(app, "张三", ID_A, "13800138000").await;
    submit_complete(app).await
}

/// A submitted GA case that GA's system (a [`Receiver`]) has acknowledged: the portal takes its
/// callbacks.
pub async fn acknowledged_case(app: &TestApp) -> (Uuid, Receiver) {
    let (url, receiver) = receiver().await;
    use_http_backend(app, "GA", &url, KEY).await;
    let case_id = submitted_case(app).await;
    drain(&dispatcher(app)).await;
    (case_id, receiver)
}

pub async fn use_http_backend(app: &TestApp, department: &str, base_url: &str, key: &str) {
    sqlx::query(
        "update department_backends set kind = 'http', base_url = $2, signing_key_hex = $3,
             timeout_ms = 2000
         where department_code = $1",
    )
    .bind(department)
    .bind(base_url)
    .bind(key)
    .execute(&app.pool)
    .await
    .expect("backend");
}

/// The minimal department system.
#[derive(Clone, Default)]
pub struct Receiver {
    /// Every Idempotency-Key received, in order (repeats included).
    pub keys: Arc<Mutex<Vec<String>>>,
    /// The status to answer with (0: 200).
    pub status: Arc<AtomicU16>,
    /// How long to wait before answering, in ms.
    pub delay_ms: Arc<AtomicU64>,
}

impl Receiver {
    pub fn keys(&self) -> Vec<String> {
        self.keys.lock().expect("keys").clone()
    }

    pub fn answer_with(&self, status: u16) {
        self.status.store(status, Ordering::SeqCst);
    }

    pub fn answer_after(&self, delay: Duration) {
        self.delay_ms.store(
            u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
            Ordering::SeqCst,
        );
    }
}

async fn receive(State(receiver): State<Receiver>, headers: HeaderMap) -> (StatusCode, String) {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let status = receiver.status.load(Ordering::SeqCst);
    let delay = receiver.delay_ms.load(Ordering::SeqCst);
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    receiver.keys.lock().expect("keys").push(key.clone());
    if status == 0 || status == 200 {
        (
            StatusCode::OK,
            format!(r#"{{"received":true,"reference":"ref-{key}"}}"#),
        )
    } else {
        let status = StatusCode::from_u16(status).expect("status");
        (
            status,
            r#"{"error":{"code":"invalid_payload","message":"no"}}"#.into(),
        )
    }
}

/// Starts the receiver on `listener` (port 0, or a port the test chose); returns its base URL.
pub async fn start_receiver(listener: tokio::net::TcpListener, receiver: Receiver) -> String {
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let app = axum::Router::new()
        .route("/cases", post(receive))
        .route("/cases/{id}/events", post(receive))
        // A vendor system's endpoint (market.v1), answered the same way.
        .route("/operations", post(receive))
        .with_state(receiver);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    url
}

pub async fn receiver() -> (String, Receiver) {
    let receiver = Receiver::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    (start_receiver(listener, receiver.clone()).await, receiver)
}

/// What must not change when a callback is refused.
pub async fn snapshot(app: &TestApp, case_id: Uuid) -> (String, i32, i64) {
    sqlx::query_as(
        "select c.state, c.version, (select count(*) from case_events e where e.case_id = c.id)
         from cases c where c.id = $1",
    )
    .bind(case_id)
    .fetch_one(&app.pool)
    .await
    .expect("case")
}

/// A signed request as a department's system makes it (`body` Null: no body), signed at `at`
/// (unix seconds): the answer's status and JSON (Null when it has none).
pub async fn signed_json(
    app: &TestApp,
    department: &str,
    key: &str,
    method: reqwest::Method,
    path_and_query: &str,
    body: &serde_json::Value,
    at: i64,
) -> (reqwest::StatusCode, serde_json::Value) {
    let bytes = if body.is_null() {
        Vec::new()
    } else {
        serde_json::to_vec(body).expect("json")
    };
    let response = portal_test_support::signed::signed(
        &reqwest::Client::new(),
        method,
        &app.address,
        path_and_query,
        department,
        key,
        &bytes,
        at,
    )
    .send()
    .await
    .expect("signed request");
    let status = response.status();
    (
        status,
        response.json().await.unwrap_or(serde_json::Value::Null),
    )
}
