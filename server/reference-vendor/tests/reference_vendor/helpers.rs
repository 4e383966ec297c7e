//! A fresh database per test, the vendor started in-process on port 0, a client signing as the
//! portal does, and a small stand-in portal that verifies and records the vendor's reports.
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::routing::post;
use axum::{Json, Router};
use portal_protocol::signing::{
    Direction, Signable, SignedHeaders, SigningKey, HEADER_IDEMPOTENCY_KEY,
};
use reference_vendor::config::Vendor;
use reference_vendor::{Config, ReferenceVendor};
use serde_json::{json, Value};
use sqlx::{Connection, Executor, PgConnection};
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

pub const ADMIN: &str = "admin-token-for-tests";
pub const VENDOR_A: Uuid = Uuid::from_u128(0x0a11ce00_0000_4000_8000_00000000000a);
pub const VENDOR_B: Uuid = Uuid::from_u128(0x0b0b0000_0000_4000_8000_00000000000b);

pub fn key_hex(vendor: Uuid) -> String {
    if vendor == VENDOR_A { "5a" } else { "6b" }.repeat(32)
}

pub fn key(vendor: Uuid) -> SigningKey {
    SigningKey::from_hex(&key_hex(vendor)).unwrap_or_else(|| panic!("valid key"))
}

/// A new empty database on the test server (swept by `.ci/test` with the other test databases).
// Not portal-test-support's: that crate builds the whole portal, which this system must not need.
pub async fn fresh_database() -> String {
    let base = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let name = format!(
        "portal_test_refvendor_{}",
        hex::encode(rand::random::<[u8; 6]>())
    );
    let mut admin = PgConnection::connect(&base)
        .await
        .unwrap_or_else(|e| panic!("connect to the test server: {e}"));
    admin
        .execute(format!(r#"create database "{name}""#).as_str())
        .await
        .unwrap_or_else(|e| panic!("create test database: {e}"));
    let (server, _) = base
        .rsplit_once('/')
        .unwrap_or_else(|| panic!("URL has a database part"));
    format!("{server}/{name}")
}

/// Two vendors, fast rules and retries: everything happens well within a second.
pub fn config(database_url: &str) -> Config {
    let mut config = Config::new(database_url);
    config.vendors = [VENDOR_A, VENDOR_B]
        .into_iter()
        .map(|id| Vendor {
            id,
            signing_key_hex: key_hex(id),
        })
        .collect();
    config.admin_token = Some(ADMIN.into());
    config.poll_interval_ms = 20;
    config.http_timeout_ms = 2_000;
    config.retry_base_ms = 50;
    config.retry_max_ms = 200;
    config.rules.succeed_after_ms = 30;
    config
}

pub struct Running {
    pub base: String,
    pub handle: tokio::task::JoinHandle<anyhow::Result<()>>,
}

impl Running {
    pub async fn stop(self) {
        self.handle.abort();
        let _ = self.handle.await;
    }
}

pub async fn start(config: Config) -> Running {
    let vendor = ReferenceVendor::build(config)
        .await
        .unwrap_or_else(|e| panic!("vendor builds: {e:#}"));
    let base = format!("http://{}", vendor.address());
    let handle = tokio::spawn(vendor.run_until_stopped());
    Running { base, handle }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap_or_else(|e| panic!("client: {e}"))
}

/// An operation as the portal sends it, reporting to the stand-in portal at `portal`.
pub fn operation(kind: &str, subscription: Uuid, generation: i32, portal: &str) -> Value {
    let id = Uuid::new_v4();
    json!({
        "protocol": "market.v1", "operation_id": id, "type": kind,
        "subscription_id": subscription, "generation": generation,
        "desired": {"product": "cloud-ledger", "plan": "basic", "quantity": 5, "term": "month",
                    "status": "active"},
        "enterprise": {"name": "示例科技有限公司", "credit_code": "91110105MA01234567",
                       "contact_name": "王经理"},
        "price": {"list_fen": 10000, "vendor_discount_fen": 1000, "subsidy_fen": 3000,
                  "sme_fen": 6000},
        "deadline": "2030-01-01T00:00:00Z",
        "callback_url": format!("{portal}/api/market/v1/operations/{id}/outcome")
    })
}

pub type Signer = dyn Fn(&Signable<'_>) -> SignedHeaders;

/// The honest portal's signature as `vendor`.
pub fn signer(vendor: Uuid) -> impl Fn(&Signable<'_>) -> SignedHeaders {
    move |request| {
        SignedHeaders::sign(
            &key(vendor).toward(Direction::PortalToSystem),
            &vendor.to_string(),
            request,
            chrono::Utc::now().timestamp(),
        )
    }
}

/// What a request signs: `method path`, its `Idempotency-Key` and body.
pub fn signable<'a>(
    method: &'a str,
    path: &'a str,
    idempotency_key: Option<&'a str>,
    body: &'a [u8],
) -> Signable<'a> {
    Signable {
        method,
        path_and_query: path,
        idempotency_key,
        body,
    }
}

/// `POST /operations` with `Idempotency-Key` = the body's operation id, ready to send.
pub fn operation_request(base: &str, body: &Value, sign: &Signer) -> reqwest::RequestBuilder {
    let bytes = serde_json::to_vec(body).unwrap_or_else(|e| panic!("json: {e}"));
    let key = body["operation_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let mut request = client()
        .post(format!("{base}/operations"))
        .header(HEADER_IDEMPOTENCY_KEY, &key)
        .header("content-type", "application/json")
        .body(bytes.clone());
    for (name, value) in sign(&signable("POST", "/operations", Some(&key), &bytes)).pairs() {
        request = request.header(name, value);
    }
    request
}

pub async fn post_operation(base: &str, body: &Value, sign: &Signer) -> reqwest::Response {
    operation_request(base, body, sign)
        .send()
        .await
        .unwrap_or_else(|e| panic!("request sent: {e}"))
}

/// A signed `GET` (empty body) as `vendor`.
pub async fn signed_get(base: &str, path: &str, vendor: Uuid) -> reqwest::Response {
    let mut request = client().get(format!("{base}{path}"));
    for (name, value) in signer(vendor)(&signable("GET", path, None, b"")).pairs() {
        request = request.header(name, value);
    }
    request
        .send()
        .await
        .unwrap_or_else(|e| panic!("request sent: {e}"))
}

pub async fn json_of(response: reqwest::Response) -> Value {
    response
        .json()
        .await
        .unwrap_or_else(|e| panic!("a JSON body: {e}"))
}

pub async fn admin_get(base: &str, what: &str) -> Value {
    let response = client()
        .get(format!("{base}/_admin/{what}"))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap_or_else(|e| panic!("admin request: {e}"));
    json_of(response).await
}

/// Polls `check` until it returns `Some` (or panics after 10 s with `what`).
pub async fn eventually<T, F, Fut>(what: &str, check: F) -> T
where
    F: Fn() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// One report as the stand-in portal received it.
#[derive(Clone, Debug)]
pub struct Received {
    pub operation_id: Uuid,
    pub vendor: String,
    pub idempotency_key: String,
    pub report: Value,
}

/// The stand-in portal: records verified reports, refuses unsigned or forged ones.
#[derive(Clone, Default)]
pub struct FakePortal {
    pub reports: Arc<Mutex<Vec<Received>>>,
    pub rejected: Arc<AtomicUsize>,
    /// While > 0, each report is answered 503 and this counts down (the portal is "down").
    pub fail_next: Arc<AtomicUsize>,
    /// Set → reports are refused for good (409), as the portal does an outcome already reported.
    pub refuse: Arc<AtomicBool>,
}

impl FakePortal {
    pub async fn start(&self) -> String {
        let app = Router::new()
            .route("/api/market/v1/operations/{id}/outcome", post(outcome))
            .with_state(self.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("bind: {e}"));
        let address = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("address: {e}"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        format!("http://{address}")
    }

    pub fn all(&self) -> Vec<Received> {
        self.reports
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The statuses of the reports about one operation, in arrival order.
    pub fn statuses(&self, operation: &Value) -> Vec<String> {
        self.all()
            .iter()
            .filter(|r| operation["operation_id"] == json!(r.operation_id))
            .map(|r| r.report["status"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// Waits until the operation's reports end with a final one; returns them all.
    pub async fn outcome_of(&self, operation: &Value) -> Vec<Received> {
        eventually("a final report", || async {
            let reports: Vec<Received> = self
                .all()
                .into_iter()
                .filter(|r| operation["operation_id"] == json!(r.operation_id))
                .collect();
            let done = reports
                .iter()
                .any(|r| matches!(r.report["status"].as_str(), Some("succeeded" | "failed")));
            done.then_some(reports)
        })
        .await
    }
}

/// Signed by the vendor the party header names, over this exact method, path and body.
fn verified(headers: &HeaderMap, uri: &Uri, body: &[u8]) -> Option<String> {
    let signed = SignedHeaders::from_headers(headers).ok()?;
    let vendor: Uuid = signed.department.parse().ok()?;
    if vendor != VENDOR_A && vendor != VENDOR_B {
        return None;
    }
    let pq = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
    signed
        .verify(
            &key(vendor).toward(Direction::SystemToPortal),
            "POST",
            pq,
            body,
            chrono::Utc::now().timestamp(),
        )
        .ok()?;
    Some(signed.department)
}

async fn outcome(
    State(portal): State<FakePortal>,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> (StatusCode, Json<Value>) {
    let Some(vendor) = verified(&headers, &uri, &body) else {
        portal.rejected.fetch_add(1, Ordering::SeqCst);
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"code": "bad_signature", "message": "no"})),
        );
    };
    let down = portal
        .fail_next
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok();
    if down {
        return (StatusCode::SERVICE_UNAVAILABLE, Json(json!({})));
    }
    if portal.refuse.load(Ordering::SeqCst) {
        return (
            StatusCode::CONFLICT,
            Json(json!({"code": "outcome_already_reported", "message": "already final"})),
        );
    }
    let Ok(report) = serde_json::from_slice::<Value>(&body) else {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({"code": "invalid_body", "message": "not JSON"})),
        );
    };
    let idempotency_key = headers
        .get(HEADER_IDEMPOTENCY_KEY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    portal
        .reports
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(Received {
            operation_id: id,
            vendor,
            idempotency_key,
            report,
        });
    (
        StatusCode::OK,
        Json(json!({"status": "recorded", "subscription_state": "active"})),
    )
}
