//! Signed status callbacks from department systems, signed attachment downloads, the OpenAPI
//! document. Every refusal leaves the case exactly as it was.
use crate::routing_support::*;
use app::core::cases::{transition, Acting};
use app::domain::case_lifecycle::CaseAction;
use portal_protocol::signing::SigningKey;
use portal_test_support::signed::{now, signed};
use portal_test_support::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use server::routing::attachment_urls::signed_url;
use uuid::Uuid;

fn status_path(case_id: Uuid) -> String {
    format!("/api/v1/cases/{case_id}/status")
}

async fn call(
    app: &TestApp,
    case_id: Uuid,
    department: &str,
    key: &str,
    body: &Value,
    at: i64,
) -> (StatusCode, Value) {
    let path = status_path(case_id);
    signed_json(app, department, key, Method::POST, &path, body, at).await
}

fn callback(event_id: &str, status: &str) -> Value {
    json!({"protocol": "portal.v1", "event_id": event_id, "status": status})
}

/// GA on its own system (key KEY), MZ too (OTHER_KEY); a submitted GA case.
async fn setup() -> (TestApp, Uuid) {
    let app = spawn_manual().await;
    use_http_backend(&app, "MZ", "http://127.0.0.1:9", OTHER_KEY).await;
    let (case_id, _) = acknowledged_case(&app).await;
    (app, case_id)
}

#[tokio::test]
async fn routing_callbacks_move_the_case_as_the_department_system() {
    let (app, case_id) = setup().await;
    let (status, body) = call(
        &app,
        case_id,
        "GA",
        KEY,
        &callback("d-1", "accepted"),
        now(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["state"], "accepted");
    assert_eq!(body["case_id"], case_id.to_string());
    let (status, _) = call(
        &app,
        case_id,
        "GA",
        KEY,
        &callback("d-2", "in_review"),
        now(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let mut supplement = callback("d-3", "supplement_requested");
    supplement["reason"] = json!("材料不清晰");
    supplement["items"] = json!([{"path": "material_2", "reason": "身份证复印件模糊"}]);
    let (status, body) = call(&app, case_id, "GA", KEY, &supplement, now()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["state"], "supplement_requested");
    let items: Value = sqlx::query_scalar("select supplement_items from cases where id = $1")
        .bind(case_id)
        .fetch_one(&app.pool)
        .await
        .expect("items");
    assert_eq!(items[0]["kind"], "material", "{items}");

    // The applicant resubmits; the department reviews and approves.
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
        &CaseAction::Resubmit,
        None,
    )
    .await
    .expect("resubmit");
    drop(conn);
    let (status, _) = call(
        &app,
        case_id,
        "GA",
        KEY,
        &callback("d-4", "in_review"),
        now(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let mut approved = callback("d-5", "approved");
    approved["result"] = json!({"note": "准予", "valid_until": null});
    let (status, body) = call(&app, case_id, "GA", KEY, &approved, now()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["state"], "approved");

    let actors: Vec<(String, String)> = sqlx::query_as(
        "select to_state, actor_kind from case_events where case_id = $1 and seq > 1 order by seq",
    )
    .bind(case_id)
    .fetch_all(&app.pool)
    .await
    .expect("events");
    let by_department: Vec<&str> = actors
        .iter()
        .filter(|(_, actor)| actor == "department_system")
        .map(|(to, _)| to.as_str())
        .collect();
    assert_eq!(
        by_department,
        vec![
            "accepted",
            "in_review",
            "supplement_requested",
            "in_review",
            "approved"
        ]
    );

    // The same event id again (a retry with a new nonce): the same answer, no second change.
    let before = snapshot(&app, case_id).await;
    let (status, again) = call(&app, case_id, "GA", KEY, &approved, now()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again, body);
    assert_eq!(snapshot(&app, case_id).await, before);
}

#[tokio::test]
async fn routing_refused_callbacks_change_nothing() {
    let (app, case_id) = setup().await;
    let before = snapshot(&app, case_id).await;
    let accepted = callback("d-1", "accepted");
    let code = |body: &Value| body["error"]["code"].as_str().unwrap_or("").to_string();

    // Forged: signed with another key.
    let (status, body) = call(&app, case_id, "GA", OTHER_KEY, &accepted, now()).await;
    assert_eq!(
        (status, code(&body).as_str()),
        (StatusCode::UNAUTHORIZED, "bad_signature")
    );
    // Stale: signed ten minutes ago.
    let (status, body) = call(&app, case_id, "GA", KEY, &accepted, now() - 600).await;
    assert_eq!(
        (status, code(&body).as_str()),
        (StatusCode::UNAUTHORIZED, "stale_timestamp")
    );
    // Unknown department (on the workbench: no system, no key).
    let (status, body) = call(&app, case_id, "SCJG", KEY, &accepted, now()).await;
    assert_eq!(
        (status, code(&body).as_str()),
        (StatusCode::UNAUTHORIZED, "unknown_department")
    );
    // Another department's case: indistinguishable from no case.
    let (status, body) = call(&app, case_id, "MZ", OTHER_KEY, &accepted, now()).await;
    assert_eq!(
        (status, code(&body).as_str()),
        (StatusCode::NOT_FOUND, "unknown_case")
    );
    let (status, body) = call(&app, Uuid::new_v4(), "GA", KEY, &accepted, now()).await;
    assert_eq!(
        (status, code(&body).as_str()),
        (StatusCode::NOT_FOUND, "unknown_case")
    );
    // Illegal: approving a case that was only submitted.
    let (status, body) = call(
        &app,
        case_id,
        "GA",
        KEY,
        &callback("d-2", "approved"),
        now(),
    )
    .await;
    assert_eq!(
        (status, code(&body).as_str()),
        (StatusCode::CONFLICT, "illegal_transition")
    );
    assert_eq!(body["state"], "submitted");
    // Invalid payloads and versions.
    let (status, body) = call(&app, case_id, "GA", KEY, &callback("d-3", "refused"), now()).await;
    assert_eq!(
        (status, code(&body).as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_payload")
    );
    let (status, body) = call(
        &app,
        case_id,
        "GA",
        KEY,
        &callback("d-4", "teleported"),
        now(),
    )
    .await;
    assert_eq!(
        (status, code(&body).as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_payload")
    );
    // A denial must cite one of the service's legal grounds.
    let mut made_up = callback("d-5", "denied");
    made_up["reason"] = json!("不符合条件");
    made_up["denial_ground"] = json!("made-up-ground");
    let (status, body) = call(&app, case_id, "GA", KEY, &made_up, now()).await;
    assert_eq!(
        (status, code(&body).as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_payload")
    );
    let mut v2 = accepted.clone();
    v2["protocol"] = json!("portal.v2");
    let (status, body) = call(&app, case_id, "GA", KEY, &v2, now()).await;
    assert_eq!(
        (status, code(&body).as_str()),
        (StatusCode::BAD_REQUEST, "unsupported_version")
    );
    // Unsigned.
    let unsigned = reqwest::Client::new()
        .post(app.url(&status_path(case_id)))
        .json(&accepted)
        .send()
        .await
        .expect("post");
    assert_eq!(unsigned.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(snapshot(&app, case_id).await, before, "nothing changed");
    // Only the refusals about this department's case are remembered (d-2 and d-5), as refusals.
    let receipts: Vec<(String, i16)> =
        sqlx::query_as("select event_id, status from callback_receipts order by event_id")
            .fetch_all(&app.pool)
            .await
            .expect("receipts");
    assert_eq!(
        receipts,
        [("d-2".to_string(), 409), ("d-5".to_string(), 422)]
    );

    // Replay: the very same signed request twice.
    let client = reqwest::Client::new();
    let bytes = serde_json::to_vec(&accepted).expect("json");
    let request = signed(
        &client,
        Method::POST,
        &app.address,
        &status_path(case_id),
        "GA",
        KEY,
        &bytes,
        now(),
    )
    .build()
    .expect("request");
    let replay = request.try_clone().expect("clone");
    assert_eq!(
        client.execute(request).await.expect("first").status(),
        StatusCode::OK
    );
    let after_first = snapshot(&app, case_id).await;
    let replayed = client.execute(replay).await.expect("replay");
    assert_eq!(replayed.status(), StatusCode::UNAUTHORIZED);
    let body: Value = replayed.json().await.expect("json");
    assert_eq!(code(&body), "replayed_nonce");
    assert_eq!(snapshot(&app, case_id).await, after_first);
}

#[tokio::test]
async fn routing_attachment_urls_work_for_their_department_only_until_they_expire() {
    let (app, case_id) = setup().await;
    let (id, size): (Uuid, i64) = sqlx::query_as(
        "select id, size_bytes from attachments where case_id = $1 order by field_key limit 1",
    )
    .bind(case_id)
    .fetch_one(&app.pool)
    .await
    .expect("attachment");
    let key = SigningKey::from_hex(KEY).expect("key");
    let client = reqwest::Client::new();
    let get = |url: String, department: &'static str, signing: &'static str| {
        let path = url.trim_start_matches(&app.address).to_string();
        signed(
            &client,
            Method::GET,
            &app.address,
            &path,
            department,
            signing,
            b"",
            now(),
        )
        .send()
    };

    let valid = signed_url(&app.address, &key, id, now() + 60);
    let response = get(valid.clone(), "GA", KEY).await.expect("get");
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.bytes().await.expect("bytes");
    assert_eq!(i64::try_from(bytes.len()).expect("len"), size);
    assert!(bytes.starts_with(b"%PDF"));

    let expired = signed_url(&app.address, &key, id, now() - 10);
    let response = get(expired, "GA", KEY).await.expect("get");
    assert_eq!(response.status(), StatusCode::GONE);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["error"]["code"], "expired");

    // Another department, even with a URL signed by its own key: as if nothing were there.
    let other_key = SigningKey::from_hex(OTHER_KEY).expect("key");
    let theirs = signed_url(&app.address, &other_key, id, now() + 60);
    assert_eq!(
        get(theirs, "MZ", OTHER_KEY).await.expect("get").status(),
        StatusCode::NOT_FOUND
    );
    // GA's URL fetched with MZ's signature.
    assert_eq!(
        get(valid.clone(), "MZ", OTHER_KEY)
            .await
            .expect("get")
            .status(),
        StatusCode::NOT_FOUND
    );
    // A forged sig, and the URL without signed headers.
    let forged = valid.replace("sig=", "sig=00");
    assert_eq!(
        get(forged, "GA", KEY).await.expect("get").status(),
        StatusCode::NOT_FOUND
    );
    // Without signed headers: a signing error, said so (see department_protocol).
    let bare = client.get(&valid).send().await.expect("get");
    assert_eq!(bare.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn routing_openapi_document_lists_the_callback() {
    let app = spawn_manual().await;
    let response = app.get("/api/openapi.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    let doc: Value = response.json().await.expect("json");
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    assert!(doc["paths"]["/api/v1/cases/{case_id}/status"]["post"].is_object());
    assert!(doc["paths"]["/api/v1/attachments/{id}"]["get"].is_object());
    assert!(
        doc["paths"]["/cases"]["post"].is_object(),
        "what departments implement"
    );
    assert!(doc["components"]["schemas"]["StatusCallback"].is_object());
}

/// Sends the status callback with hand-made signing headers.
async fn send_signed_by_hand(
    app: &TestApp,
    path: &str,
    body: &[u8],
    signature: &str,
    idempotency_key: Option<&str>,
    (timestamp, nonce): (&str, &str),
) -> (StatusCode, String) {
    let mut request = reqwest::Client::new()
        .post(format!("{}{path}", app.address))
        .header("content-type", "application/json")
        .header("x-portal-department", "GA")
        .header("x-portal-timestamp", timestamp)
        .header("x-portal-nonce", nonce)
        .header("x-portal-signature", signature)
        .body(body.to_vec());
    if let Some(key) = idempotency_key {
        request = request.header("idempotency-key", key);
    }
    let response = request.send().await.expect("sent");
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    (
        status,
        body["error"]["code"].as_str().unwrap_or("").to_string(),
    )
}

#[tokio::test]
async fn routing_callbacks_take_only_the_system_to_portal_key_over_the_idempotency_key() {
    use hmac::{Hmac, Mac};
    use portal_protocol::signing::{canonical, new_nonce, Direction};
    use sha2::{Digest, Sha256};
    let (app, case_id) = setup().await;
    let before = snapshot(&app, case_id).await;
    let path = status_path(case_id);
    let body = serde_json::to_vec(&callback("d-keys", "accepted")).expect("json");
    let key = SigningKey::from_hex(KEY).expect("key");
    let timestamp = now().to_string();
    let refused = (StatusCode::UNAUTHORIZED, "bad_signature".to_string());

    // The retired scheme: the registered key itself over the five-line string, `v1=`.
    let nonce = new_nonce();
    let mut mac = Hmac::<Sha256>::new_from_slice(&hex::decode(KEY).expect("hex")).expect("key");
    mac.update(
        format!(
            "POST\n{path}\n{timestamp}\n{nonce}\n{}",
            hex::encode(Sha256::digest(&body))
        )
        .as_bytes(),
    );
    let v1 = format!("v1={}", hex::encode(mac.finalize().into_bytes()));
    let answer = send_signed_by_hand(&app, &path, &body, &v1, None, (&timestamp, &nonce)).await;
    assert_eq!(answer, refused, "the v1 scheme");

    // The right string under the key of the other direction (a delivery reflected back).
    let nonce = new_nonce();
    let signed = canonical("POST", &path, &timestamp, &nonce, "", &body);
    let reflected = key
        .toward(Direction::PortalToSystem)
        .sign_raw(signed.as_bytes());
    let answer = send_signed_by_hand(
        &app,
        &path,
        &body,
        &format!("v2={reflected}"),
        None,
        (&timestamp, &nonce),
    )
    .await;
    assert_eq!(answer, refused, "the portal-to-system key");

    // Signed without an Idempotency-Key, sent with one: the key is part of what is signed.
    let nonce = new_nonce();
    let to_portal = key.toward(Direction::SystemToPortal);
    let unkeyed =
        to_portal.sign_raw(canonical("POST", &path, &timestamp, &nonce, "", &body).as_bytes());
    let answer = send_signed_by_hand(
        &app,
        &path,
        &body,
        &format!("v2={unkeyed}"),
        Some("added-later"),
        (&timestamp, &nonce),
    )
    .await;
    assert_eq!(answer, refused, "an Idempotency-Key added after signing");
    assert_eq!(snapshot(&app, case_id).await, before, "nothing changed");

    // The same request signed as published is taken.
    let nonce = new_nonce();
    let keyed = to_portal
        .sign_raw(canonical("POST", &path, &timestamp, &nonce, "added-later", &body).as_bytes());
    let (status, code) = send_signed_by_hand(
        &app,
        &path,
        &body,
        &format!("v2={keyed}"),
        Some("added-later"),
        (&timestamp, &nonce),
    )
    .await;
    assert_eq!((status, code.as_str()), (StatusCode::OK, ""));
    let state: String = sqlx::query_scalar("select state from cases where id = $1")
        .bind(case_id)
        .fetch_one(&app.pool)
        .await
        .expect("state");
    assert_eq!(state, "accepted");
}
