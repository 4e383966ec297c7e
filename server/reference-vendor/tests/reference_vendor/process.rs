//! The binary as a separate process: the address line, env configuration, and a crash right
//! after storing an operation (before answering) that loses nothing and applies nothing twice.
use crate::helpers::*;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use uuid::Uuid;

async fn spawn_binary(database: &str, extra: &[(&str, &str)]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_reference_vendor"))
        .env("REFVENDOR_ADDR", "127.0.0.1:0")
        .env("REFVENDOR_DATABASE_URL", database)
        .env(
            "REFVENDOR_VENDORS",
            format!("{VENDOR_A}={}", key_hex(VENDOR_A)),
        )
        .env("REFVENDOR_ADMIN_TOKEN", ADMIN)
        .env("REFVENDOR_SUCCEED_AFTER_MS", "30")
        .env("REFVENDOR_POLL_MS", "20")
        .env("REFVENDOR_RETRY_BASE_MS", "50")
        .env("REFVENDOR_RETRY_MAX_MS", "200")
        // Later values win: a test's own settings override the defaults above.
        .envs(extra.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| panic!("the binary starts: {e}"));
    let stdout = child
        .stdout
        .take()
        .unwrap_or_else(|| panic!("piped stdout"));
    let mut lines = BufReader::new(stdout).lines();
    let line = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
        .await
        .unwrap_or_else(|_| panic!("an address line in time"))
        .unwrap_or_else(|e| panic!("readable stdout: {e}"))
        .unwrap_or_else(|| panic!("a line"));
    let address = line
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    (child, format!("http://{address}"))
}

#[tokio::test]
async fn the_binary_crashes_after_storing_and_the_retry_gets_the_first_answer() {
    let portal = FakePortal::default();
    let portal_url = portal.start().await;
    let database = fresh_database().await;
    let (mut child, base) = spawn_binary(&database, &[("REFVENDOR_CRASH_AFTER_N", "1")]).await;
    let provision = operation("provision", Uuid::new_v4(), 1, &portal_url);
    let sent = tokio::time::timeout(
        Duration::from_secs(10),
        operation_request(&base, &provision, &signer(VENDOR_A)).send(),
    )
    .await
    .unwrap_or_else(|_| panic!("the request ends"));
    assert!(sent.is_err(), "no answer: the process died");
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait())
        .await
        .unwrap_or_else(|_| panic!("exits"))
        .unwrap_or_else(|e| panic!("status: {e}"));
    assert_eq!(status.code(), Some(70));

    // The portal retries against the restarted system: the stored answer, one effect.
    let (mut child, base) = spawn_binary(&database, &[]).await;
    let response = post_operation(&base, &provision, &signer(VENDOR_A)).await;
    assert_eq!(response.status(), 202);
    assert_eq!(json_of(response).await["status"], "accepted");
    let reports = portal.outcome_of(&provision).await;
    assert_eq!(reports.len(), 1);
    let access = &reports[0].report["access"]["url"];
    assert!(
        access.as_str().is_some_and(|u| u.starts_with(&base)),
        "the tool link uses the bound address: {access}"
    );
    let subscriptions = admin_get(&base, "subscriptions").await;
    assert_eq!(subscriptions[0]["provisions"], 1);
    let received = admin_get(&base, "received").await;
    assert_eq!(received["operations"][0]["hits"], 2);
    child.kill().await.unwrap_or_else(|e| panic!("killed: {e}"));
}
