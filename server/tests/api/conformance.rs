//! The conformance kit a department runs before going live: the reference backend passes it,
//! from the library and as the `portal conformance` command; a system that stores whatever it
//! is sent fails it, check by check.
use crate::routing_support::*;
use portal_protocol::signing::SigningKey;
use reference_department::config::{Department, Rule};
use reference_department::{Config, ReferenceBackend};
use server::conformance::{check, Target};

fn target(url: &str) -> Target {
    Target {
        department: "GA".into(),
        url: url.to_string(),
        key: SigningKey::from_hex(KEY).expect("key"),
    }
}

async fn reference_backend(app: &portal_test_support::TestApp) -> String {
    let mut config = Config::new("postgres://unused", &app.address);
    config.departments = vec![Department {
        code: "GA".into(),
        signing_key_hex: KEY.into(),
    }];
    config.poll_interval_ms = 20;
    config.rules.default = Rule::default();
    let backend = ReferenceBackend::build_with_pool(config, app.pool.clone())
        .await
        .expect("backend");
    let base = format!("http://{}", backend.address());
    tokio::spawn(backend.run_until_stopped());
    base
}

#[tokio::test]
async fn conformance_the_reference_backend_passes_every_check() {
    let app = spawn_manual().await;
    let base = reference_backend(&app).await;
    let report = check(&target(&base)).await;
    assert!(report.passed(), "{}", report.render());
    assert!(report.checks.len() >= 12, "{}", report.render());

    // The command a department runs, with the key from the environment.
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_portal"))
        .args(["conformance", "--department", "GA", "--url", &base])
        .env("PORTAL_BACKEND_KEY", KEY)
        .output()
        .await
        .expect("portal conformance runs");
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{printed}");
    assert!(
        printed.contains("checks passed") && !printed.contains("FAIL"),
        "{printed}"
    );
}

#[tokio::test]
async fn conformance_a_system_that_checks_nothing_fails_where_it_should() {
    // The routing tests' receiver stores anything and answers 200.
    let (url, _receiver) = receiver().await;
    let report = check(&target(&url)).await;
    assert!(!report.passed());
    let failed: Vec<&str> = report
        .checks
        .iter()
        .filter(|c| c.failure.is_some())
        .map(|c| c.name)
        .collect();
    for expected in [
        "a replayed request (same nonce) is refused: 401 replayed_nonce",
        "a request signed with another key is refused: 401 bad_signature",
        "a timestamp an hour old is refused: 401 stale_timestamp",
        "an unknown department is refused: 401 unknown_department",
        "an event for an unknown case is refused: 404 unknown_case",
    ] {
        assert!(
            failed.contains(&expected),
            "{expected}: {}",
            report.render()
        );
    }
    assert!(
        !failed.contains(&"a new case is received (2xx, received: true)"),
        "{}",
        report.render()
    );

    // The command says so with its exit status.
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_portal"))
        .args(["conformance", "--department", "GA", "--url", &url])
        .env("PORTAL_BACKEND_KEY", KEY)
        .output()
        .await
        .expect("portal conformance runs");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("not ready to go live"));
}
