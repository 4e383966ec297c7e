//! The portal and the reference department backend end to end: a GA case is delivered, its
//! attachments downloaded through the signed URLs, and the signed callbacks carry it to approval;
//! a backend that stores and then times out (or refuses) still ends up with the case once; a
//! supplement request and the resubmission, and a withdrawal, go both ways.
use crate::routing_support::*;
use app::core::cases::{transition, Acting};
use app::domain::case_lifecycle::CaseAction;
use portal_test_support::TestApp;
use reference_department::config::{Department, Outcome, Rule};
use reference_department::{Config, ReferenceBackend};
use serde_json::{json, Value};
use server::routing::dispatcher::{DispatchOutcome, Dispatcher};
use std::time::Duration;
use uuid::Uuid;

const ADMIN: &str = "e2e-admin";

/// The backend for GA on the portal's own test database (its tables live in schema `refdept`).
async fn start_backend(app: &TestApp) -> String {
    start_backend_with(app, Outcome::Approve).await
}

async fn start_backend_with(app: &TestApp, outcome: Outcome) -> String {
    let mut config = Config::new("postgres://unused", &app.address);
    config.departments = vec![Department {
        code: "GA".into(),
        signing_key_hex: KEY.into(),
    }];
    config.admin_token = Some(ADMIN.into());
    config.poll_interval_ms = 20;
    config.retry_base_ms = 50;
    config.retry_max_ms = 200;
    config.rules.default = Rule {
        accept_after_secs: 0,
        review_after_secs: 0,
        decide_after_secs: 0,
        outcome,
        ..Rule::default()
    };
    let backend = ReferenceBackend::build_with_pool(config, app.pool.clone())
        .await
        .expect("backend");
    let base = format!("http://{}", backend.address());
    tokio::spawn(backend.run_until_stopped());
    use_http_backend(app, "GA", &base, KEY).await;
    base
}

async fn admin(base: &str, method: reqwest::Method, what: &str, body: Option<Value>) -> Value {
    let mut request = reqwest::Client::new()
        .request(method, format!("{base}/_admin/{what}"))
        .bearer_auth(ADMIN);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request
        .send()
        .await
        .expect("admin")
        .json()
        .await
        .expect("json")
}

async fn wait_for_state(app: &TestApp, case_id: Uuid, want: &str) {
    for _ in 0..200 {
        if snapshot(app, case_id).await.0 == want {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "case stayed {:?}, wanted {want}",
        snapshot(app, case_id).await
    );
}

#[tokio::test]
async fn a_case_travels_to_the_reference_backend_and_comes_back_approved() {
    let app = spawn_manual().await;
    let base = start_backend(&app).await;
    let case_id = submitted_case(&app).await;
    let outcomes = drain(&dispatcher(&app)).await;
    assert!(
        matches!(outcomes.as_slice(), [DispatchOutcome::Delivered(_)]),
        "{outcomes:?}"
    );
    wait_for_state(&app, case_id, "approved").await;

    // The portal moves the case before it answers the callback, and the backend marks its
    // outbox row delivered only once that answer arrives: wait for the last answer too.
    let mut store = admin(&base, reqwest::Method::GET, "received", None).await;
    for _ in 0..200 {
        let settled = store["outbox"]
            .as_array()
            .is_some_and(|o| o.len() == 3 && o.iter().all(|o| o["state"] == "delivered"));
        if settled {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        store = admin(&base, reqwest::Method::GET, "received", None).await;
    }
    assert_eq!(store["cases"][0]["case_id"], json!(case_id));
    assert_eq!(store["received"][0]["hits"], 1);
    let attachments = store["attachments"].as_array().expect("attachments");
    assert!(!attachments.is_empty(), "the case has materials");
    for a in attachments {
        assert_eq!(a["state"], "downloaded", "{a}");
        assert_eq!(a["sha256"], a["expected_sha256"]);
    }
    let outbox = store["outbox"].as_array().expect("outbox");
    assert_eq!(outbox.len(), 3);
    assert!(
        outbox.iter().all(|o| o["state"] == "delivered"),
        "{outbox:?}"
    );
    // The portal recorded each callback once, as the department system.
    let events: i64 = sqlx::query_scalar(
        "select count(*) from case_events where case_id = $1 and actor_kind = 'department_system'
           and to_state in ('accepted', 'in_review', 'approved')",
    )
    .bind(case_id)
    .fetch_one(&app.pool)
    .await
    .expect("events");
    assert_eq!(events, 3);
}

#[tokio::test]
async fn a_backend_that_refuses_or_times_out_after_storing_gets_the_case_once() {
    // A breaker that stays closed through both failures (the routing tests cover it opening).
    let settings = server::routing::DeliverySettings {
        breaker_failures: 10,
        ..test_settings()
    };
    let app = portal_test_support::spawn_app_with(portal_test_support::Options {
        delivery: settings.clone(),
        ..portal_test_support::Options::default()
    })
    .await;
    let base = start_backend(&app).await;
    let dispatcher = Dispatcher::new(app.pool.clone(), settings, &app.address).expect("dispatcher");
    let faults = reqwest::Method::POST;
    admin(
        &base,
        faults.clone(),
        "faults",
        Some(json!({"refuse_all": true})),
    )
    .await;
    let case_id = submitted_case(&app).await;
    let outcomes = drain(&dispatcher).await;
    assert!(
        matches!(outcomes.first(), Some(DispatchOutcome::Retried(_))),
        "{outcomes:?}"
    );
    // Stored, then no answer within the portal's 2 s timeout: the portal tries again.
    admin(
        &base,
        faults.clone(),
        "faults",
        Some(json!({"timeout_ms": 3000})),
    )
    .await;
    let mut delivered = false;
    for _ in 0..40 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let outcomes = drain(&dispatcher).await;
        if outcomes
            .iter()
            .any(|o| matches!(o, DispatchOutcome::Retried(_)))
        {
            admin(&base, faults.clone(), "faults", Some(json!({}))).await;
        }
        if outcomes
            .iter()
            .any(|o| matches!(o, DispatchOutcome::Delivered(_)))
        {
            delivered = true;
            break;
        }
    }
    assert!(delivered, "delivered once the backend answers again");
    wait_for_state(&app, case_id, "approved").await;
    let store = admin(&base, reqwest::Method::GET, "received", None).await;
    assert_eq!(store["cases"].as_array().map(Vec::len), Some(1), "one case");
    let received = store["received"].as_array().expect("received");
    assert_eq!(received.len(), 1, "one idempotency key");
    assert!(
        received[0]["hits"].as_i64().unwrap_or(0) >= 2,
        "the retry was deduped"
    );
}

/// The applicant's own transition, as the supplement page or the withdraw button makes it.
async fn as_applicant(app: &TestApp, case_id: Uuid, action: CaseAction) {
    let account: Uuid = sqlx::query_scalar("select applicant_account_id from cases where id = $1")
        .bind(case_id)
        .fetch_one(&app.pool)
        .await
        .expect("case");
    let mut conn = app.pool.acquire().await.expect("conn");
    transition::apply(
        &mut conn,
        case_id,
        &Acting::Applicant {
            account_id: account,
        },
        &action,
        None,
    )
    .await
    .expect("transition");
}

#[tokio::test]
async fn a_supplement_request_and_the_resubmission_travel_both_ways() {
    let app = spawn_manual().await;
    let base = start_backend_with(&app, Outcome::Supplement).await;
    let dispatcher = dispatcher(&app);
    let case_id = submitted_case(&app).await;
    drain(&dispatcher).await;
    wait_for_state(&app, case_id, "supplement_requested").await;
    let requested: Value = sqlx::query_scalar(
        "select payload from case_events where case_id = $1 and to_state = 'supplement_requested'",
    )
    .bind(case_id)
    .fetch_one(&app.pool)
    .await
    .expect("event");
    assert!(requested.to_string().contains("material"), "{requested}");

    as_applicant(&app, case_id, CaseAction::Resubmit).await;
    let outcomes = drain(&dispatcher).await;
    assert!(
        matches!(outcomes.as_slice(), [DispatchOutcome::Delivered(_)]),
        "{outcomes:?}"
    );
    wait_for_state(&app, case_id, "approved").await;
    let store = admin(&base, reqwest::Method::GET, "received", None).await;
    let kinds: Vec<&str> = store["received"]
        .as_array()
        .expect("received")
        .iter()
        .filter_map(|r| r["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["case", "case.resubmitted"]);
    assert_eq!(store["cases"][0]["supplements"], 1);
}

#[tokio::test]
async fn a_withdrawal_stops_the_department_system() {
    let app = spawn_manual().await;
    let base = start_backend_with(&app, Outcome::Hold).await;
    let dispatcher = dispatcher(&app);
    let case_id = submitted_case(&app).await;
    drain(&dispatcher).await;
    wait_for_state(&app, case_id, "in_review").await;
    as_applicant(
        &app,
        case_id,
        CaseAction::Withdraw {
            reason: "不再需要".into(),
        },
    )
    .await;
    drain(&dispatcher).await;
    let mut state = Value::Null;
    for _ in 0..100 {
        let store = admin(&base, reqwest::Method::GET, "received", None).await;
        state = store["cases"][0]["state"].clone();
        if state == "withdrawn" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(state, "withdrawn");
    assert_eq!(snapshot(&app, case_id).await.0, "withdrawn");
}
