//! The binary as a separate process: the address line, env configuration, and a crash right
//! after storing (before answering) that loses nothing.
use crate::helpers::*;
use serde_json::Value;
use std::process::Stdio;
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
    for (name, value) in honest("/cases", &bytes).pairs() {
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
