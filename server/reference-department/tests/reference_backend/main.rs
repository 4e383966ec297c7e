//! The reference department backend against protocol v1: signatures, idempotency, faults,
//! rules with signed callbacks, durability across restarts (in-process and as a real process).
#![allow(clippy::expect_used, clippy::unwrap_used)]
mod helpers;
mod process;

use helpers::*;
use portal_protocol::signing::Direction;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};
use uuid::Uuid;

#[tokio::test]
async fn a_signed_case_is_acknowledged_and_stored() {
    let backend = start(config(&fresh_database().await, "http://127.0.0.1:9")).await;
    let id = Uuid::new_v4();
    let response = post_case(&backend.base, &new_case(id, "SCJG-001", vec![]), "evt-1").await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["received"], true);
    assert!(body["reference"]
        .as_str()
        .is_some_and(|r| r.starts_with("SCJG-R")));
    let snapshot = admin_get(&backend.base, "received").await;
    assert_eq!(snapshot["cases"][0]["case_id"], json!(id));
    assert_eq!(snapshot["cases"][0]["answers"]["shop_name"], "示例小馆");
    assert_eq!(snapshot["received"][0]["idempotency_key"], "evt-1");
    backend.stop().await;
}

#[tokio::test]
async fn forged_stale_and_foreign_requests_get_401_and_store_nothing() {
    let backend = start(config(&fresh_database().await, "http://127.0.0.1:9")).await;
    let body = new_case(Uuid::new_v4(), "SCJG-001", vec![]);
    let other_key = portal_protocol::signing::SigningKey::from_hex(&"77".repeat(32))
        .expect("key")
        .toward(Direction::PortalToSystem);
    let now = chrono::Utc::now().timestamp();
    let to_system = move || key().toward(Direction::PortalToSystem);
    let forged = move |path: &str, idem: &str, bytes: &[u8]| {
        signed_by(&other_key, DEPT, path, idem, bytes, now)
    };
    let stale = move |path: &str, idem: &str, bytes: &[u8]| {
        signed_by(&to_system(), DEPT, path, idem, bytes, now - 301)
    };
    let foreign = move |path: &str, idem: &str, bytes: &[u8]| {
        signed_by(&to_system(), "GAJ", path, idem, bytes, now)
    };
    // The department's own direction key: a request it signed for the portal, sent back to it.
    let reflected = move |path: &str, idem: &str, bytes: &[u8]| {
        signed_by(
            &key().toward(Direction::SystemToPortal),
            DEPT,
            path,
            idem,
            bytes,
            now,
        )
    };
    // Signed for another Idempotency-Key than the one sent.
    let rekeyed = |path: &str, _: &str, bytes: &[u8]| honest(path, "evt-other", bytes);
    let cases: [(&SignedHeadersFn, &str); 5] = [
        (&forged, "bad_signature"),
        (&stale, "stale_timestamp"),
        (&foreign, "unknown_department"),
        (&reflected, "bad_signature"),
        (&rekeyed, "bad_signature"),
    ];
    for (signer, code) in cases {
        let response = post_signed(&backend.base, "/cases", &body, "evt-x", signer).await;
        assert_eq!(response.status(), 401, "{code}");
        let error: Value = response.json().await.expect("json");
        assert_eq!(error["error"]["code"], code);
    }
    // Signed for another path: the signature covers the path.
    let response = post_signed(
        &backend.base,
        "/cases",
        &body,
        "evt-x",
        &|_, idem: &str, bytes: &[u8]| honest("/cases/other", idem, bytes),
    )
    .await;
    assert_eq!(response.status(), 401);
    let snapshot = admin_get(&backend.base, "received").await;
    assert_eq!(snapshot["cases"], json!([]));
    assert_eq!(snapshot["received"], json!([]));
    backend.stop().await;
}

#[tokio::test]
async fn a_replayed_nonce_is_refused() {
    let backend = start(config(&fresh_database().await, "http://127.0.0.1:9")).await;
    let body = new_case(Uuid::new_v4(), "SCJG-001", vec![]);
    let bytes = serde_json::to_vec(&body).expect("json");
    let captured = honest("/cases", "evt-1", &bytes);
    let replay = move |_: &str, _: &str, _: &[u8]| captured.clone();
    let first = post_signed(&backend.base, "/cases", &body, "evt-1", &replay).await;
    assert_eq!(first.status(), 200);
    let again = post_signed(&backend.base, "/cases", &body, "evt-1", &replay).await;
    assert_eq!(again.status(), 401);
    let error: Value = again.json().await.expect("json");
    assert_eq!(error["error"]["code"], "replayed_nonce");
    backend.stop().await;
}

#[tokio::test]
async fn the_same_idempotency_key_twice_stores_one_case_and_answers_the_same() {
    let backend = start(config(&fresh_database().await, "http://127.0.0.1:9")).await;
    let body = new_case(Uuid::new_v4(), "SCJG-001", vec![]);
    let first: Value = post_case(&backend.base, &body, "evt-7")
        .await
        .json()
        .await
        .expect("json");
    let second = post_case(&backend.base, &body, "evt-7").await;
    assert_eq!(second.status(), 200);
    assert_eq!(second.json::<Value>().await.expect("json"), first);
    let snapshot = admin_get(&backend.base, "received").await;
    assert_eq!(snapshot["cases"].as_array().map(Vec::len), Some(1));
    assert_eq!(snapshot["received"][0]["hits"], 2);
    backend.stop().await;
}

#[tokio::test]
async fn bad_versions_and_payloads_are_refused() {
    let backend = start(config(&fresh_database().await, "http://127.0.0.1:9")).await;
    let mut body = new_case(Uuid::new_v4(), "SCJG-001", vec![]);
    body["protocol"] = "portal.v9".into();
    let response = post_case(&backend.base, &body, "evt-1").await;
    assert_eq!(response.status(), 400);
    assert_eq!(
        response.json::<Value>().await.expect("json")["error"]["code"],
        "unsupported_version"
    );
    let mut body = new_case(Uuid::new_v4(), "SCJG-001", vec![]);
    body["case"]["applicant"] = json!("nobody");
    let response = post_case(&backend.base, &body, "evt-2").await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        response.json::<Value>().await.expect("json")["error"]["code"],
        "invalid_payload"
    );
    // An event for a case it never received.
    let id = Uuid::new_v4();
    let event = json!({"protocol": "portal.v1", "event_id": "evt-3", "event": "case.withdrawn",
                       "occurred_at": "2026-11-22T04:00:00Z", "case_id": id, "reason": "no longer needed"});
    let path = format!("/cases/{id}/events");
    let response = post_signed(&backend.base, &path, &event, "evt-3", &honest).await;
    assert_eq!(response.status(), 404);
    backend.stop().await;
}

#[tokio::test]
async fn fault_modes_refuse_fail_and_slow_down() {
    let backend = start(config(&fresh_database().await, "http://127.0.0.1:9")).await;
    let body = new_case(Uuid::new_v4(), "SCJG-001", vec![]);
    set_faults(&backend.base, json!({"refuse_all": true})).await;
    assert_eq!(post_case(&backend.base, &body, "evt-1").await.status(), 503);
    set_faults(&backend.base, json!({"fail_fraction": 1.0})).await;
    assert_eq!(post_case(&backend.base, &body, "evt-1").await.status(), 500);
    assert_eq!(
        admin_get(&backend.base, "received").await["cases"],
        json!([])
    );
    set_faults(&backend.base, json!({"latency_ms": 400})).await;
    let started = Instant::now();
    assert_eq!(post_case(&backend.base, &body, "evt-1").await.status(), 200);
    assert!(started.elapsed() >= Duration::from_millis(400));
    // A timeout: stored, then no answer in time; the retry gets the stored answer at once.
    set_faults(&backend.base, json!({"timeout_ms": 5000})).await;
    let body2 = new_case(Uuid::new_v4(), "SCJG-001", vec![]);
    let bytes = serde_json::to_vec(&body2).expect("json");
    let signed = honest("/cases", "evt-2", &bytes);
    let mut request = reqwest::Client::new()
        .post(format!("{}/cases", backend.base))
        .timeout(Duration::from_millis(300))
        .header("idempotency-key", "evt-2")
        .body(bytes);
    for (name, value) in signed.pairs() {
        request = request.header(name, value);
    }
    assert!(request.send().await.is_err_and(|e| e.is_timeout()));
    set_faults(&backend.base, json!({})).await;
    assert_eq!(
        post_case(&backend.base, &body2, "evt-2").await.status(),
        200
    );
    let snapshot = admin_get(&backend.base, "received").await;
    assert_eq!(snapshot["cases"].as_array().map(Vec::len), Some(2));
    // Bad values are refused, and the admin endpoints need the token.
    let response = client()
        .post(format!("{}/_admin/faults", backend.base))
        .bearer_auth(ADMIN)
        .json(&json!({"fail_fraction": 2.0}))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 422);
    let response = client()
        .get(format!("{}/_admin/received", backend.base))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 401);
    backend.stop().await;
}

fn attachment(portal: &FakePortal, base: &str, bytes: &[u8]) -> Value {
    let id = Uuid::new_v4();
    portal
        .files
        .lock()
        .expect("lock")
        .insert(id, bytes.to_vec());
    let expires = chrono::Utc::now().timestamp() + 900;
    json!({"id": id, "field": "business_licence", "name": "licence.pdf", "content_type": "application/pdf",
           "size_bytes": bytes.len(), "sha256": hex::encode(Sha256::digest(bytes)),
           "url": format!("{base}/api/v1/attachments/{id}?expires={expires}&sig=abc"),
           "expires_at": "2026-11-22T05:00:00Z"})
}

#[tokio::test]
async fn attachments_are_fetched_from_the_portals_address_whatever_host_the_link_names() {
    let portal = FakePortal::default();
    let portal_url = portal.start().await;
    // Another server that also knows the key: a link naming it must not make the backend ask it.
    let elsewhere = FakePortal::default();
    let elsewhere_url = elsewhere.start().await;
    let backend = start(config(&fresh_database().await, &portal_url)).await;
    let mut file = attachment(&portal, &portal_url, b"%PDF-1.4 licence");
    let link = file["url"]
        .as_str()
        .unwrap_or_default()
        .replace(&portal_url, &elsewhere_url);
    file["url"] = link.into();
    let response = post_case(
        &backend.base,
        &new_case(Uuid::new_v4(), "SCJG-001", vec![file]),
        "evt-pinned",
    )
    .await;
    assert_eq!(response.status(), 200);
    eventually(&backend.base, "the attachment downloaded", |s| {
        s["attachments"][0]["state"] == "downloaded"
    })
    .await;
    assert_eq!(portal.downloads.load(Ordering::SeqCst), 1);
    assert_eq!(elsewhere.downloads.load(Ordering::SeqCst), 0);
    backend.stop().await;
}

#[tokio::test]
async fn accept_then_approve_downloads_attachments_and_calls_back_signed() {
    let portal = FakePortal::default();
    let portal_url = portal.start().await;
    let backend = start(config(&fresh_database().await, &portal_url)).await;
    let good = attachment(&portal, &portal_url, b"%PDF-1.4 licence");
    let id = Uuid::new_v4();
    let response = post_case(
        &backend.base,
        &new_case(id, "SCJG-001", vec![good]),
        "evt-1",
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        portal.wait_for(3).await,
        ["accepted", "in_review", "approved"]
    );
    assert_eq!(
        portal.rejected.load(Ordering::SeqCst),
        0,
        "every callback verified"
    );
    let callbacks = portal.callbacks.lock().expect("lock").clone();
    let approved = &callbacks[2];
    assert_eq!(approved["protocol"], "portal.v1");
    assert_eq!(approved["result"]["note"], "准予登记");
    assert!(approved["result"]["valid_until"].is_string());
    assert_eq!(approved["idempotency_key"], approved["event_id"]);
    let snapshot = admin_get(&backend.base, "received").await;
    assert_eq!(snapshot["attachments"][0]["state"], "downloaded");
    assert_eq!(
        snapshot["attachments"][0]["sha256"],
        snapshot["attachments"][0]["expected_sha256"]
    );
    assert_eq!(snapshot["cases"][0]["state"], "approved");
    backend.stop().await;
}

#[tokio::test]
async fn supplement_for_a_service_then_resubmission_is_approved_and_withdrawal_stops() {
    let portal = FakePortal::default();
    let portal_url = portal.start().await;
    let mut config = config(&fresh_database().await, &portal_url);
    let supplement = reference_department::config::Rule {
        outcome: reference_department::config::Outcome::Supplement,
        ..config.rules.default.clone()
    };
    config.rules.services.insert("SCJG-002".into(), supplement);
    let hold = reference_department::config::Rule {
        outcome: reference_department::config::Outcome::Hold,
        ..config.rules.default.clone()
    };
    config.rules.services.insert("SCJG-003".into(), hold);
    let backend = start(config).await;
    let file = attachment(&portal, &portal_url, b"scan");
    let id = Uuid::new_v4();
    post_case(
        &backend.base,
        &new_case(id, "SCJG-002", vec![file]),
        "evt-1",
    )
    .await;
    assert_eq!(
        portal.wait_for(3).await,
        ["accepted", "in_review", "supplement_requested"]
    );
    let request = portal.callbacks.lock().expect("lock")[2].clone();
    assert_eq!(request["items"][0]["path"], "business_licence");
    let event = json!({"protocol": "portal.v1", "event_id": "evt-2", "event": "case.resubmitted",
                       "occurred_at": "2026-11-22T04:10:00Z", "case_id": id, "reason": "clearer scan",
                       "answers": {"shop_name": "示例小馆（新）"}, "attachments": []});
    let path = format!("/cases/{id}/events");
    assert_eq!(
        post_signed(&backend.base, &path, &event, "evt-2", &honest)
            .await
            .status(),
        200
    );
    assert_eq!(portal.wait_for(5).await[3..], ["in_review", "approved"]);
    // A resubmission of a decided case is illegal.
    let mut late = event.clone();
    late["event_id"] = "evt-3".into();
    let response = post_signed(&backend.base, &path, &late, "evt-3", &honest).await;
    assert_eq!(response.status(), 409);
    assert_eq!(
        response.json::<Value>().await.expect("json")["state"],
        "approved"
    );

    // Held in review, then withdrawn: nothing more is called back.
    let held = Uuid::new_v4();
    post_case(&backend.base, &new_case(held, "SCJG-003", vec![]), "evt-4").await;
    portal.wait_for(7).await;
    let withdraw = json!({"protocol": "portal.v1", "event_id": "evt-5", "event": "case.withdrawn",
                          "occurred_at": "2026-11-22T04:20:00Z", "case_id": held, "reason": "changed my mind"});
    let path = format!("/cases/{held}/events");
    assert_eq!(
        post_signed(&backend.base, &path, &withdraw, "evt-5", &honest)
            .await
            .status(),
        200
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(portal.statuses().len(), 7);
    let snapshot = admin_get(&backend.base, "received").await;
    let states: Vec<&str> = snapshot["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .filter_map(|c| c["state"].as_str())
        .collect();
    assert_eq!(states, ["approved", "withdrawn"]);
    backend.stop().await;
}

#[tokio::test]
async fn a_restart_keeps_cases_and_delivers_pending_callbacks_once() {
    let portal = FakePortal::default();
    let portal_url = portal.start().await;
    let database = fresh_database().await;
    // The portal is down for a while: callbacks wait in the outbox.
    portal.fail_next.store(usize::MAX, Ordering::SeqCst);
    let backend = start(config(&database, &portal_url)).await;
    let body = new_case(Uuid::new_v4(), "SCJG-001", vec![]);
    let first: Value = post_case(&backend.base, &body, "evt-1")
        .await
        .json()
        .await
        .expect("json");
    eventually(&backend.base, "callbacks queued and tried", |s| {
        s["outbox"][0]["attempts"].as_i64().unwrap_or(0) >= 1
    })
    .await;
    backend.stop().await;

    let backend = start(config(&database, &portal_url)).await;
    portal.fail_next.store(0, Ordering::SeqCst);
    assert_eq!(
        portal.wait_for(3).await,
        ["accepted", "in_review", "approved"]
    );
    let again: Value = post_case(&backend.base, &body, "evt-1")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(again, first, "the stored answer survives the restart");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(portal.statuses().len(), 3, "no callback twice");
    let snapshot = admin_get(&backend.base, "received").await;
    assert_eq!(snapshot["cases"].as_array().map(Vec::len), Some(1));
    backend.stop().await;
}
