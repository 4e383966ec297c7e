//! The binary as a separate process: the address line, env configuration, a crash right after
//! storing (before answering) and a SIGKILL with callbacks pending, neither losing anything.
use crate::helpers::*;
use serde_json::Value;
use std::process::Stdio;
use std::sync::atomic::Ordering;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use uuid::Uuid;

async fn spawn_binary(database: &str, extra: &[(&str, &str)]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_reference_backend"))
        .env("REFBACKEND_ADDR", "127.0.0.1:0")
        .env("REFBACKEND_DATABASE_URL", database)
        .env("REFBACKEND_DEPARTMENTS", format!("{DEPT}={}", key_hex()))
        .env("REFBACKEND_ADMIN_TOKEN", ADMIN)
        .env("REFBACKEND_PORTAL_URL", "http://127.0.0.1:9")
        .env("REFBACKEND_OUTCOME", "hold")
        // Later values win: a test's own settings override the defaults above.
        .envs(extra.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let mut lines = BufReader::new(stdout).lines();
    let line = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
        .await
        .expect("an address line in time")
        .expect("readable stdout")
        .expect("a line");
    let address = line
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    (child, format!("http://{address}"))
}

#[tokio::test]
async fn the_binary_crashes_after_storing_and_the_retry_finds_the_case() {
    let database = fresh_database().await;
    let (mut child, base) = spawn_binary(&database, &[("REFBACKEND_CRASH_AFTER_N", "1")]).await;
    let body = new_case(Uuid::new_v4(), "SCJG-001", vec![]);
    let bytes = serde_json::to_vec(&body).expect("json");
    let mut request = client()
        .post(format!("{base}/cases"))
        .header("idempotency-key", "evt-1")
        .body(bytes.clone());
    for (name, value) in honest("/cases", "evt-1", &bytes).pairs() {
        request = request.header(name, value);
    }
    assert!(request.send().await.is_err(), "no answer: the process died");
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait())
        .await
        .expect("exits")
        .expect("status");
    assert_eq!(status.code(), Some(70));

    // The portal retries against the restarted system: same answer, still one case.
    let (mut child, base) = spawn_binary(&database, &[]).await;
    let response = post_case(&base, &body, "evt-1").await;
    assert_eq!(response.status(), 200);
    let answer: Value = response.json().await.expect("json");
    assert_eq!(answer["received"], true);
    let snapshot = admin_get(&base, "received").await;
    assert_eq!(snapshot["cases"].as_array().map(Vec::len), Some(1));
    assert_eq!(snapshot["received"][0]["hits"], 2);
    child.kill().await.expect("killed");
}

#[tokio::test]
async fn sigkill_with_callbacks_pending_loses_none_and_sends_none_twice() {
    let portal = FakePortal::default();
    let portal_url = portal.start().await;
    portal.fail_next.store(usize::MAX, Ordering::SeqCst);
    let database = fresh_database().await;
    let fast: &[(&str, &str)] = &[
        ("REFBACKEND_PORTAL_URL", &portal_url),
        ("REFBACKEND_OUTCOME", "approve"),
        ("REFBACKEND_ACCEPT_AFTER_SECS", "0"),
        ("REFBACKEND_REVIEW_AFTER_SECS", "0"),
        ("REFBACKEND_DECIDE_AFTER_SECS", "0"),
        ("REFBACKEND_POLL_MS", "20"),
        ("REFBACKEND_RETRY_BASE_MS", "50"),
        ("REFBACKEND_RETRY_MAX_MS", "200"),
        // A kill mid-send leaves a lease of timeout + 1 s on the callback: keep it short.
        ("REFBACKEND_HTTP_TIMEOUT_MS", "1000"),
    ];
    let (mut child, base) = spawn_binary(&database, fast).await;
    let body = new_case(Uuid::new_v4(), "SCJG-001", vec![]);
    assert_eq!(post_case(&base, &body, "evt-1").await.status(), 200);
    eventually(&base, "all three callbacks queued and tried", |s| {
        s["outbox"].as_array().map(Vec::len) == Some(3)
            && s["outbox"][0]["attempts"].as_i64().unwrap_or(0) >= 2
    })
    .await;
    child.start_kill().expect("SIGKILL");
    child.wait().await.expect("reaped");

    portal.fail_next.store(0, Ordering::SeqCst);
    let (mut child, base) = spawn_binary(&database, fast).await;
    assert_eq!(
        portal.wait_for(3).await,
        ["accepted", "in_review", "approved"]
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(portal.statuses().len(), 3, "none twice");
    let snapshot = admin_get(&base, "received").await;
    assert!(snapshot["outbox"]
        .as_array()
        .is_some_and(|o| o.iter().all(|c| c["state"] == "delivered")));
    child.kill().await.expect("killed");
}
