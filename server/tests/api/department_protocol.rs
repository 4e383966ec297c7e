//! What a department system may tell the portal, exactly: signing errors say so.
use crate::routing_support::*;
use portal_protocol::signing::SigningKey;
use portal_test_support::signed::{now, signed};
use portal_test_support::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use server::routing::attachment_urls::signed_url;
use uuid::Uuid;

fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or("")
}

async fn setup() -> (TestApp, Uuid) {
    let app = spawn_manual().await;
    use_http_backend(&app, "GA", "http://127.0.0.1:9", KEY).await;
    use_http_backend(&app, "MZ", "http://127.0.0.1:9", OTHER_KEY).await;
    let case_id = submitted_case(&app).await;
    (app, case_id)
}

#[tokio::test]
async fn department_protocol_attachment_signing_errors_are_401() {
    let (app, case_id) = setup().await;
    let id: Uuid = sqlx::query_scalar(
        "select id from attachments where case_id = $1 order by field_key limit 1",
    )
    .bind(case_id)
    .fetch_one(&app.pool)
    .await
    .expect("attachment");
    let key = SigningKey::from_hex(KEY).expect("key");
    let client = reqwest::Client::new();
    let request = |url: &str, signing: &str, at: i64| {
        let path = url.trim_start_matches(&app.address).to_string();
        signed(
            &client,
            Method::GET,
            &app.address,
            &path,
            "GA",
            signing,
            b"",
            at,
        )
        .build()
        .expect("request")
    };
    let url = signed_url(&app.address, &key, id, now() + 60);
    let answer = |response: reqwest::Response| async move {
        let status = response.status();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        (status, code(&body).to_string())
    };
    let unauthorized = |c: &str| (StatusCode::UNAUTHORIZED, c.to_string());

    let wrong_key = client
        .execute(request(&url, OTHER_KEY, now()))
        .await
        .expect("get");
    assert_eq!(answer(wrong_key).await, unauthorized("bad_signature"));
    let stale = client
        .execute(request(&url, KEY, now() - 600))
        .await
        .expect("get");
    assert_eq!(answer(stale).await, unauthorized("stale_timestamp"));
    let unsigned = client.get(&url).send().await.expect("get");
    assert_eq!(answer(unsigned).await, unauthorized("bad_signature"));
    let first = request(&url, KEY, now());
    let replay = first.try_clone().expect("clone");
    assert_eq!(
        client.execute(first).await.expect("get").status(),
        StatusCode::OK
    );
    let replayed = client.execute(replay).await.expect("get");
    assert_eq!(answer(replayed).await, unauthorized("replayed_nonce"));

    // Correctly signed, for a file that does not exist: 404.
    let missing = signed_url(&app.address, &key, Uuid::new_v4(), now() + 60);
    let response = client
        .execute(request(&missing, KEY, now()))
        .await
        .expect("get");
    assert_eq!(
        answer(response).await,
        (StatusCode::NOT_FOUND, "not_found".to_string())
    );
}
