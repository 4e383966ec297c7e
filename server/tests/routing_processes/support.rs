//! Real processes for the routing tests: fresh databases (dropped when the test ends, even on a
//! panic), the `portal` and `reference_backend` binaries as children on free ports, and polling
//! with deadlines instead of fixed sleeps.
use portal_test_support::db;
use portal_test_support::wait::wait_for;
use reqwest::Client;
use serde_json::Value;
use sqlx::PgPool;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;
use tokio::process::{Child, Command};
use uuid::Uuid;

/// The key shared by the portal and the backend for 公安局 (GA), whose GA-004 the citizen files.
pub const KEY: &str = "3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c";
pub const ADMIN: &str = "process-tests-admin";

/// A test's scratch: the portal's and the backend's databases and a directory for files and
/// logs. Dropping it drops both databases (the children must be gone first: `with (force)`
/// ends their connections anyway).
pub struct Scratch {
    pub portal_db: String,
    pub backend_db: String,
    pub dir: PathBuf,
    names: Vec<String>,
}

impl Scratch {
    pub async fn new(test: &str) -> Scratch {
        let tag = db::random_tag(5);
        // The `portal_test_` prefix: `.ci/test` sweeps whatever a killed run left behind.
        let names = vec![
            format!("portal_test_proc_{tag}"),
            format!("portal_test_proc_{tag}_dept"),
        ];
        let urls = db::create_databases(&names).await;
        let dir = std::env::temp_dir().join(format!("routing-processes-{test}-{tag}"));
        std::fs::create_dir_all(dir.join("files")).expect("scratch directory");
        Scratch {
            portal_db: urls[0].clone(),
            backend_db: urls[1].clone(),
            dir,
            names,
        }
    }

    pub async fn portal_pool(&self) -> PgPool {
        PgPool::connect(&self.portal_db).await.expect("portal db")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        db::drop_databases_blocking(std::mem::take(&mut self.names));
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn log_file(dir: &Path, name: &str) -> std::fs::File {
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join(format!("{name}.log")))
        .expect("log file")
}

/// A `portal serve` process. Delivery retries are fast (50 ms base, 1 s cap, breaker cooldown
/// 1 s) so an outage of a few seconds is recovered from in about a second.
pub struct Portal {
    pub child: Child,
    pub url: String,
}

impl Portal {
    pub async fn start(scratch: &Scratch, name: &str, port: u16) -> Portal {
        Self::start_with(scratch, name, port, "serve", &[]).await
    }

    /// `portal {command}` (`serve`, or `demo`: load the demo data, then serve) with `extra`
    /// variables.
    pub async fn start_with(
        scratch: &Scratch,
        name: &str,
        port: u16,
        command: &str,
        extra: &[(&str, &str)],
    ) -> Portal {
        let url = format!("http://127.0.0.1:{port}");
        let child = Command::new(env!("CARGO_BIN_EXE_portal"))
            .arg(command)
            .envs(portal_env(scratch, port))
            .envs(extra.iter().copied())
            .env("PORTAL_DELIVERY_WORKERS", "4")
            .stdout(log_file(&scratch.dir, name))
            .stderr(log_file(&scratch.dir, name))
            .stdin(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("the portal starts");
        let client = Client::new();
        let ready = format!("{url}/readyz");
        wait_for(
            "the portal answers /readyz",
            Duration::from_secs(60),
            || {
                let request = client.get(&ready).timeout(Duration::from_secs(2)).send();
                async move { request.await.ok().filter(|r| r.status().is_success()) }
            },
        )
        .await;
        Portal { child, url }
    }

    /// SIGKILL: no shutdown hook runs, in-flight transactions die with the connection.
    pub async fn kill9(&mut self) {
        self.child.start_kill().expect("SIGKILL");
        self.child.wait().await.expect("reaped");
    }
}

fn portal_env(scratch: &Scratch, port: u16) -> Vec<(&'static str, String)> {
    vec![
        ("DATABASE_URL", scratch.portal_db.clone()),
        ("PORTAL_ADDR", format!("127.0.0.1:{port}")),
        ("PORTAL_SITE_URL", format!("http://127.0.0.1:{port}")),
        ("PORTAL_SITE_ROOT", "target/site".into()),
        // Shared by every portal of the test: attachments uploaded to one are served by all.
        (
            "PORTAL_FILES_DIR",
            scratch.dir.join("files").display().to_string(),
        ),
        ("PORTAL_SECRET", "ab".repeat(32)),
        ("PORTAL_DELIVERY_BACKOFF_BASE_MS", "50".into()),
        ("PORTAL_DELIVERY_BACKOFF_CAP_SECS", "1".into()),
        ("PORTAL_DELIVERY_BREAKER_COOLDOWN_SECS", "1".into()),
        ("RUST_LOG", "warn".into()),
    ]
}

/// `portal vendor-system VENDOR URL TIMEOUT MAX` as an operator runs it.
pub async fn register_vendor_system(scratch: &Scratch, vendor: Uuid, url: &str) {
    let status = Command::new(env!("CARGO_BIN_EXE_portal"))
        .args(["vendor-system", &vendor.to_string(), url, "2000", "4"])
        .envs(portal_env(scratch, 0))
        .env("PORTAL_DELIVERY_WORKERS", "0")
        .env("PORTAL_BACKEND_KEY", KEY)
        .stdout(log_file(&scratch.dir, "cli"))
        .stderr(log_file(&scratch.dir, "cli"))
        .status()
        .await
        .expect("the CLI runs");
    assert!(status.success(), "portal vendor-system: {status}");
}

/// The `reference_vendor` binary (crate `reference-vendor`), built beside `portal`.
pub fn reference_vendor_bin() -> PathBuf {
    let bin = Path::new(env!("CARGO_BIN_EXE_portal")).with_file_name("reference_vendor");
    assert!(
        bin.exists(),
        "{} is missing: build it with `cargo build -p reference-vendor`",
        bin.display()
    );
    bin
}

/// A `reference_vendor` process playing `vendors` (all with [`KEY`]) on the scratch's second
/// database, provisioning at once.
pub async fn start_vendor(
    scratch: &Scratch,
    port: u16,
    vendors: &[Uuid],
    extra: &[(&str, &str)],
) -> Child {
    let list: Vec<String> = vendors.iter().map(|v| format!("{v}={KEY}")).collect();
    let child = Command::new(reference_vendor_bin())
        .env("REFVENDOR_ADDR", format!("127.0.0.1:{port}"))
        .env("REFVENDOR_DATABASE_URL", &scratch.backend_db)
        .env("REFVENDOR_VENDORS", list.join(","))
        .env("REFVENDOR_SUCCEED_AFTER_MS", "0")
        .env("REFVENDOR_POLL_MS", "100")
        .env("REFVENDOR_RETRY_BASE_MS", "100")
        .env("REFVENDOR_RETRY_MAX_MS", "1000")
        .env("RUST_LOG", "warn")
        .envs(extra.iter().copied())
        .stdout(log_file(&scratch.dir, "vendor"))
        .stderr(log_file(&scratch.dir, "vendor"))
        .stdin(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the vendor system starts");
    let health = format!("http://127.0.0.1:{port}/health");
    wait_for("the vendor system answers", Duration::from_secs(60), || {
        let request = Client::new()
            .get(&health)
            .timeout(Duration::from_secs(2))
            .send();
        async move { request.await.ok().filter(|r| r.status().is_success()) }
    })
    .await;
    child
}

/// `portal backend http GA URL TIMEOUT MAX` as an operator runs it.
pub async fn route_ga_to(scratch: &Scratch, backend_url: &str, max_concurrency: u32) {
    let status = Command::new(env!("CARGO_BIN_EXE_portal"))
        .args(["backend", "http", "GA", backend_url, "2000"])
        .arg(max_concurrency.to_string())
        .envs(portal_env(scratch, 0))
        .env("PORTAL_DELIVERY_WORKERS", "0")
        .env("PORTAL_BACKEND_KEY", KEY)
        .stdout(log_file(&scratch.dir, "cli"))
        .stderr(log_file(&scratch.dir, "cli"))
        .status()
        .await
        .expect("the CLI runs");
    assert!(status.success(), "portal backend http: {status}");
}

/// The `reference_backend` binary: a binary of crate `reference-department`, so cargo names
/// it no `CARGO_BIN_EXE_` here; `cargo test --workspace` builds it beside `portal`.
fn reference_backend_bin() -> PathBuf {
    let bin = Path::new(env!("CARGO_BIN_EXE_portal")).with_file_name("reference_backend");
    assert!(
        bin.exists(),
        "{} is missing: build it with `cargo build -p reference-department`",
        bin.display()
    );
    bin
}

/// A `reference_backend` process playing GA. Its cases stay put after receipt (outcome `hold`,
/// acceptance a day away): these tests are about delivery, and callbacks would only add noise.
pub struct Backend {
    /// Held so the process lives as long as the test uses it (killed on drop).
    _child: Child,
    pub url: String,
}

impl Backend {
    pub async fn start(
        scratch: &Scratch,
        port: u16,
        portal_url: &str,
        extra: &[(&str, &str)],
    ) -> Backend {
        let url = format!("http://127.0.0.1:{port}");
        let child = Command::new(reference_backend_bin())
            .env("REFBACKEND_ADDR", format!("127.0.0.1:{port}"))
            .env("REFBACKEND_DATABASE_URL", &scratch.backend_db)
            .env("REFBACKEND_DEPARTMENTS", format!("GA={KEY}"))
            .env("REFBACKEND_ADMIN_TOKEN", ADMIN)
            .env("REFBACKEND_PORTAL_URL", portal_url)
            .env("REFBACKEND_OUTCOME", "hold")
            .env("REFBACKEND_ACCEPT_AFTER_SECS", "86400")
            .env("REFBACKEND_POLL_MS", "200")
            .env("RUST_LOG", "warn")
            .envs(extra.iter().copied())
            .stdout(log_file(&scratch.dir, "backend"))
            .stderr(log_file(&scratch.dir, "backend"))
            .stdin(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("the backend starts");
        let backend = Backend { _child: child, url };
        wait_for("the backend answers", Duration::from_secs(60), || {
            backend.try_received()
        })
        .await;
        backend
    }

    async fn try_received(&self) -> Option<Value> {
        let response = Client::new()
            .get(format!("{}/_admin/received", self.url))
            .bearer_auth(ADMIN)
            .timeout(Duration::from_secs(10))
            .send()
            .await
            .ok()?;
        if !response.status().is_success() {
            return None;
        }
        response.json().await.ok()
    }

    /// The backend's store: `received` (one row per idempotency key, with `hits`) and `cases`.
    pub async fn received(&self) -> Value {
        self.try_received().await.expect("the admin snapshot")
    }
}

/// Asserts the backend's store holds exactly `expected` cases, each stored once under one
/// idempotency key; returns the largest number of hits of a key (repeats deduped).
pub fn assert_stored_once(store: &Value, expected: &[Uuid]) -> i64 {
    let cases = store["cases"].as_array().expect("cases");
    let received = store["received"].as_array().expect("received");
    let mut stored: Vec<Uuid> = cases
        .iter()
        .map(|c| {
            c["case_id"]
                .as_str()
                .and_then(|s| s.parse().ok())
                .expect("id")
        })
        .collect();
    stored.sort();
    let mut want = expected.to_vec();
    want.sort();
    assert_eq!(stored.len(), want.len(), "one stored case per portal case");
    assert_eq!(stored, want, "the very cases the portal has, none twice");
    assert_eq!(received.len(), expected.len(), "one idempotency key each");
    let mut keys: Vec<&str> = received
        .iter()
        .filter_map(|r| r["idempotency_key"].as_str())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), expected.len(), "no key stored twice");
    received
        .iter()
        .filter_map(|r| r["hits"].as_i64())
        .max()
        .unwrap_or(0)
}

/// The number of the backend's stored cases (0 while it is unreachable).
pub async fn stored_count(backend: &Backend) -> usize {
    backend
        .try_received()
        .await
        .and_then(|s| s["cases"].as_array().map(Vec::len))
        .unwrap_or(0)
}

/// (rows of GA's outbox, rows delivered, rows dead) in the portal's database.
pub async fn outbox_counts(pool: &PgPool) -> (i64, i64, i64) {
    sqlx::query_as(
        "select count(*), count(delivered_at), count(dead_at) from delivery_outbox
         where department_code = 'GA'",
    )
    .fetch_one(pool)
    .await
    .expect("outbox counts")
}
