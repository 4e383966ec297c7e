//! A fresh database per test, the backend started in-process on port 0, a signed client, and a
//! small stand-in portal that verifies callbacks' signatures and serves attachments.
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::routing::{get, post};
use axum::{Json, Router};
use portal_protocol::signing::{
    Direction, PurposeKey, Signable, SignedHeaders, SigningKey, HEADER_IDEMPOTENCY_KEY,
};
use reference_department::config::{Department, Outcome, Rule};
use reference_department::{Config, ReferenceBackend};
use serde_json::{json, Value};
use sqlx::{Connection, Executor, PgConnection};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use uuid::Uuid;

pub const DEPT: &str = "SCJG";
pub const ADMIN: &str = "admin-token-for-tests";

pub fn key_hex() -> String {
    "5a".repeat(32)
}

pub fn key() -> SigningKey {
    SigningKey::from_hex(&key_hex()).expect("valid key")
}

/// A new empty database on the test server (swept by `.ci/test` with the other test databases).
// Not portal-test-support's: that crate builds the whole portal, which this system must not need.
pub async fn fresh_database() -> String {
    let base = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let name = format!(
        "portal_test_refdept_{}",
        hex::encode(rand::random::<[u8; 6]>())
    );
    let mut admin = PgConnection::connect(&base)
        .await
        .expect("connect to the test server");
    admin
        .execute(format!(r#"create database "{name}""#).as_str())
        .await
        .expect("create test database");
    let (server, _) = base.rsplit_once('/').expect("URL has a database part");
    format!("{server}/{name}")
}

/// Fast rules and retries: everything happens within a second or two.
pub fn config(database_url: &str, portal_url: &str) -> Config {
    let mut config = Config::new(database_url, portal_url);
    config.departments = vec![Department {
        code: DEPT.into(),
        signing_key_hex: key_hex(),
    }];
    config.admin_token = Some(ADMIN.into());
    config.poll_interval_ms = 20;
    config.http_timeout_ms = 2_000;
    config.retry_base_ms = 50;
    config.retry_max_ms = 200;
    config.rules.default = Rule {
        accept_after_secs: 0,
        review_after_secs: 0,
        decide_after_secs: 0,
        outcome: Outcome::Approve,
        valid_days: Some(365),
        note: Some("准予登记".into()),
        ..Rule::default()
    };
    config
}

pub struct Running {
    pub base: String,
    pub handle: tokio::task::JoinHandle<anyhow::Result<()>>,
}

impl Running {
    /// Stops serving and processing (as far as an in-process test can "kill" it).
    pub async fn stop(self) {
        self.handle.abort();
        let _ = self.handle.await;
    }
}

pub async fn start(config: Config) -> Running {
    let backend = ReferenceBackend::build(config)
        .await
        .expect("backend builds");
    let base = format!("http://{}", backend.address());
    let handle = tokio::spawn(backend.run_until_stopped());
    Running { base, handle }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client")
}

pub fn new_case(case_id: Uuid, service: &str, attachments: Vec<Value>) -> Value {
    json!({
        "protocol": "portal.v1", "event_id": format!("evt-{case_id}"), "event": "case.submitted",
        "occurred_at": "2026-11-22T04:00:00Z",
        "case": {
            "id": case_id, "case_number": "SCJG2026112200001", "service_code": service,
            "service_name_zh": "食品经营许可", "department_code": DEPT,
            "submitted_at": "2026-11-22T04:00:00Z", "promised_days": 5,
            "applicant": {"kind": "enterprise", "name": "示例餐饮有限公司", "credit_code": "91110105MA01234567"},
            "answers": {"shop_name": "示例小馆"},
            "attachments": attachments
        }
    })
}

/// A request signed like the portal signs it; `tamper` changes the body after signing.
pub async fn post_signed(
    base: &str,
    path: &str,
    body: &Value,
    idempotency_key: &str,
    signer: &SignedHeadersFn,
) -> reqwest::Response {
    let bytes = serde_json::to_vec(body).expect("json");
    let signed = signer(path, idempotency_key, &bytes);
    let mut request = client()
        .post(format!("{base}{path}"))
        .header(HEADER_IDEMPOTENCY_KEY, idempotency_key)
        .header("content-type", "application/json")
        .body(bytes);
    for (name, value) in signed.pairs() {
        request = request.header(name, value);
    }
    request.send().await.expect("request sent")
}

/// Signs `(path, Idempotency-Key, body)`.
pub type SignedHeadersFn = dyn Fn(&str, &str, &[u8]) -> SignedHeaders;

/// A POST signed with `key` as `department` at unix time `at`.
pub fn signed_by(
    key: &PurposeKey,
    department: &str,
    path: &str,
    idempotency_key: &str,
    body: &[u8],
    at: i64,
) -> SignedHeaders {
    SignedHeaders::sign(
        key,
        department,
        &Signable {
            method: "POST",
            path_and_query: path,
            idempotency_key: Some(idempotency_key),
            body,
        },
        at,
    )
}

/// The honest portal's signature.
pub fn honest(path: &str, idempotency_key: &str, body: &[u8]) -> SignedHeaders {
    signed_by(
        &key().toward(Direction::PortalToSystem),
        DEPT,
        path,
        idempotency_key,
        body,
        chrono::Utc::now().timestamp(),
    )
}

pub async fn post_case(base: &str, body: &Value, idempotency_key: &str) -> reqwest::Response {
    post_signed(base, "/cases", body, idempotency_key, &honest).await
}

pub async fn admin_get(base: &str, what: &str) -> Value {
    client()
        .get(format!("{base}/_admin/{what}"))
        .bearer_auth(ADMIN)
        .send()
        .await
        .expect("admin request")
        .json()
        .await
        .expect("admin json")
}

pub async fn set_faults(base: &str, faults: Value) {
    let response = client()
        .post(format!("{base}/_admin/faults"))
        .bearer_auth(ADMIN)
        .json(&faults)
        .send()
        .await
        .expect("admin request");
    assert_eq!(response.status(), 200, "faults accepted");
}

/// Polls `check` on the admin snapshot until it holds (or panics after ~10 s).
pub async fn eventually(base: &str, what: &str, check: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..200 {
        let snapshot = admin_get(base, "received").await;
        if check(&snapshot) {
            return snapshot;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "timed out waiting for: {what}; last: {}",
        admin_get(base, "received").await
    );
}

/// The stand-in portal: records verified callbacks, refuses unsigned ones, serves attachments.
#[derive(Clone, Default)]
pub struct FakePortal {
    pub callbacks: Arc<Mutex<Vec<Value>>>,
    pub rejected: Arc<AtomicUsize>,
    /// While > 0, each callback is answered 503 and this counts down (the portal is "down").
    pub fail_next: Arc<AtomicUsize>,
    pub files: Arc<Mutex<HashMap<Uuid, Vec<u8>>>>,
    pub downloads: Arc<AtomicUsize>,
}

impl FakePortal {
    pub async fn start(&self) -> String {
        let app = Router::new()
            .route("/api/v1/cases/{id}/status", post(callback))
            .route("/api/v1/attachments/{id}", get(attachment))
            .with_state(self.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address = listener.local_addr().expect("address");
        tokio::spawn(async move { axum::serve(listener, app).await });
        format!("http://{address}")
    }

    pub fn statuses(&self) -> Vec<String> {
        let list = self.callbacks.lock().expect("lock");
        list.iter()
            .map(|c| c["status"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// Waits until `n` callbacks arrived.
    pub async fn wait_for(&self, n: usize) -> Vec<String> {
        for _ in 0..200 {
            if self.callbacks.lock().expect("lock").len() >= n {
                return self.statuses();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("only {:?} callbacks arrived, wanted {n}", self.statuses());
    }
}

fn verified(headers: &HeaderMap, method: &str, uri: &Uri, body: &[u8]) -> bool {
    let Ok(signed) = SignedHeaders::from_headers(headers) else {
        return false;
    };
    let pq = uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or(uri.path());
    signed.department == DEPT
        && signed
            .verify(
                &key().toward(Direction::SystemToPortal),
                method,
                pq,
                body,
                chrono::Utc::now().timestamp(),
            )
            .is_ok()
}

async fn callback(
    State(portal): State<FakePortal>,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> (StatusCode, Json<Value>) {
    if !verified(&headers, "POST", &uri, &body) {
        portal.rejected.fetch_add(1, Ordering::SeqCst);
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": {"code": "bad_signature", "message": "no"}})),
        );
    }
    let down = portal
        .fail_next
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok();
    if down {
        return (StatusCode::SERVICE_UNAVAILABLE, Json(json!({})));
    }
    let mut value: Value = serde_json::from_slice(&body).expect("callback is JSON");
    value["idempotency_key"] = headers
        .get(HEADER_IDEMPOTENCY_KEY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .into();
    let state = value["status"].clone();
    portal.callbacks.lock().expect("lock").push(value);
    (
        StatusCode::OK,
        Json(json!({"case_id": id, "state": state, "version": 1})),
    )
}

async fn attachment(
    State(portal): State<FakePortal>,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    uri: Uri,
) -> (StatusCode, Vec<u8>) {
    if !verified(&headers, "GET", &uri, b"") {
        return (StatusCode::NOT_FOUND, Vec::new());
    }
    portal.downloads.fetch_add(1, Ordering::SeqCst);
    match portal.files.lock().expect("lock").get(&id) {
        Some(bytes) => (StatusCode::OK, bytes.clone()),
        None => (StatusCode::NOT_FOUND, Vec::new()),
    }
}
