//! The reference gateway over real HTTP: what the portal's adapter relies on.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use reference_sms::{router, Inbox};
use serde_json::{json, Value};

const TOKEN: &str = "reference-sms-test-token";

async fn start() -> (String, Inbox) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let inbox = Inbox::default();
    let app = router(TOKEN, inbox.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (address, inbox)
}

async fn post(
    client: &reqwest::Client,
    url: &str,
    token: &str,
    key: Option<&str>,
    body: Value,
) -> (u16, Value) {
    let mut request = client
        .post(format!("{url}/v1/messages"))
        .bearer_auth(token)
        .json(&body);
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

#[tokio::test]
async fn messages_are_taken_once_per_key_and_shown_to_whoever_holds_the_token() {
    let (url, inbox) = start().await;
    let client = reqwest::Client::new();
    let message = json!({ "to": "13800138000", "text": "【一网通办】验证码 042517" });
    let (status, first) = post(&client, &url, TOKEN, Some("outbox-7"), message.clone()).await;
    assert_eq!(status, 202);
    let (status, repeat) = post(&client, &url, TOKEN, Some("outbox-7"), message.clone()).await;
    assert_eq!(
        (status, &repeat),
        (200, &first),
        "a retry is the same message"
    );
    assert_eq!(inbox.to("13800138000").len(), 1);

    let listed: Value = client
        .get(format!("{url}/v1/messages?to=13800138000"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed[0]["text"], "【一网通办】验证码 042517");
    let page = client.get(&url).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("验证码 042517"), "{page}");
}

#[tokio::test]
async fn bad_requests_get_precise_codes_and_store_nothing() {
    let (url, inbox) = start().await;
    let client = reqwest::Client::new();
    let good = json!({ "to": "13800138000", "text": "hello" });
    let cases = [
        ("wrong-token", None, good.clone(), 401, "unauthorized"),
        (
            TOKEN,
            None,
            json!({ "to": "1380013800", "text": "x" }),
            400,
            "invalid_mobile",
        ),
        (
            TOKEN,
            None,
            json!({ "to": "13800138000", "text": "" }),
            400,
            "invalid_text",
        ),
        (
            TOKEN,
            None,
            json!({ "to": "13800138000", "text": "码".repeat(501) }),
            400,
            "invalid_text",
        ),
        (
            TOKEN,
            None,
            json!({ "mobile": "13800138000" }),
            400,
            "malformed",
        ),
        (
            TOKEN,
            Some("k".repeat(129)),
            good.clone(),
            400,
            "invalid_idempotency_key",
        ),
    ];
    for (token, key, body, status, code) in cases {
        let (got, answer) = post(&client, &url, token, key.as_deref(), body).await;
        assert_eq!((got, answer["code"].as_str()), (status, Some(code)));
    }
    assert!(inbox.all().is_empty());
    let unlisted = client
        .get(format!("{url}/v1/messages"))
        .send()
        .await
        .unwrap();
    assert_eq!(unlisted.status(), 401);
}
