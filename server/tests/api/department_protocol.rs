//! What a department system may tell the portal, exactly: supplement requests only name what the
//! applicant can answer (and may be made at intake or withdrawn), a repeated event id is only
//! a repeat when it is the same request, and signing errors say so.
// Helpers outside #[test] functions too: a failed expectation there is a failed test.
#![allow(clippy::expect_used)]
use crate::applications::{open_form, pdf, post_application};
use crate::routing_support::*;
use portal_protocol::signing::SigningKey;
use portal_test_support::signed::{now, signed};
use portal_test_support::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use server::routing::attachment_urls::signed_url;
use uuid::Uuid;

async fn call(app: &TestApp, case_id: Uuid, body: &Value) -> (StatusCode, Value) {
    let path = format!("/api/v1/cases/{case_id}/status");
    signed_json(app, "GA", KEY, Method::POST, &path, body, now()).await
}

fn callback(event_id: &str, status: &str) -> Value {
    json!({"protocol": "portal.v1", "event_id": event_id, "status": status})
}

fn supplement(event_id: &str, paths: &[&str]) -> Value {
    let mut body = callback(event_id, "supplement_requested");
    body["reason"] = json!("请补正");
    body["items"] = paths
        .iter()
        .map(|path| json!({"path": path, "reason": "不清楚"}))
        .collect();
    body
}

fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or("")
}

async fn setup() -> (TestApp, Uuid) {
    let app = spawn_manual().await;
    use_http_backend(&app, "MZ", "http://127.0.0.1:9", OTHER_KEY).await;
    let (case_id, _) = acknowledged_case(&app).await;
    (app, case_id)
}

/// A GA case the department has accepted and is reviewing.
async fn in_review(app: &TestApp, case_id: Uuid) {
    for (event_id, status) in [("r-1", "accepted"), ("r-2", "in_review")] {
        let (answer, body) = call(app, case_id, &callback(event_id, status)).await;
        assert_eq!(answer, StatusCode::OK, "{body}");
    }
}

async fn case_row(
    app: &TestApp,
    case_id: Uuid,
) -> (String, Option<Value>, Option<chrono::NaiveDate>) {
    sqlx::query_as("select state, supplement_items, due_on from cases where id = $1")
        .bind(case_id)
        .fetch_one(&app.pool)
        .await
        .expect("case")
}

#[tokio::test]
async fn department_protocol_refuses_supplement_paths_the_applicant_cannot_answer() {
    let (app, case_id) = setup().await;
    in_review(&app, case_id).await;
    let before = snapshot(&app, case_id).await;
    for (event_id, paths, expected, path) in [
        (
            "s-1",
            vec!["details", "no_such_field"],
            "unknown_supplement_path",
            "no_such_field",
        ),
        (
            "s-2",
            vec!["material_9"],
            "unknown_supplement_path",
            "material_9",
        ),
        (
            "s-3",
            vec!["applicant_name"],
            "supplement_path_not_changeable",
            "applicant_name",
        ),
        (
            "s-4",
            vec!["applicant_id_number"],
            "supplement_path_not_changeable",
            "applicant_id_number",
        ),
    ] {
        let (status, body) = call(&app, case_id, &supplement(event_id, &paths)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(code(&body), expected, "{body}");
        assert_eq!(body["path"], path, "{body}");
        assert_eq!(snapshot(&app, case_id).await, before, "nothing stored");
    }
    // Fields and materials of the form are fine.
    let (status, body) = call(
        &app,
        case_id,
        &supplement(
            "s-5",
            &["details", "material_2", "applicant_address.detail"],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["state"], "supplement_requested");
}

#[tokio::test]
async fn department_protocol_a_department_withdraws_its_supplement_request() {
    let (app, case_id) = setup().await;
    in_review(&app, case_id).await;
    let (_, _, running_due) = case_row(&app, case_id).await;
    assert!(running_due.is_some());
    // Only an open request can be withdrawn.
    let (status, body) = call(&app, case_id, &callback("w-0", "supplement_withdrawn")).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(code(&body), "illegal_transition");
    assert_eq!(body["state"], "in_review");

    let (status, _) = call(&app, case_id, &supplement("w-1", &["material_2"])).await;
    assert_eq!(status, StatusCode::OK);
    let (_, items, paused_due) = case_row(&app, case_id).await;
    assert!(items.is_some());
    assert_eq!(paused_due, None, "the clock is paused");

    let mut withdrawn = callback("w-2", "supplement_withdrawn");
    withdrawn["reason"] = json!("材料已通过共享获取");
    let (status, body) = call(&app, case_id, &withdrawn).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["state"], "in_review");
    let (state, items, due) = case_row(&app, case_id).await;
    assert_eq!(state, "in_review");
    assert_eq!(items, None, "the request is closed");
    assert!(due.is_some(), "the clock runs again");
    let resumed: i64 = sqlx::query_scalar(
        "select count(*) from case_events
         where case_id = $1 and action = 'withdraw_supplement' and actor_kind = 'department_system'
           and from_state = 'supplement_requested' and to_state = 'in_review'
           and reason = '材料已通过共享获取'",
    )
    .bind(case_id)
    .fetch_one(&app.pool)
    .await
    .expect("event");
    assert_eq!(resumed, 1);
    // The applicant can no longer answer it.
    let response = app.get(&format!("/cases/{case_id}/supplement")).await;
    assert_ne!(response.status(), StatusCode::OK);
    // The department can decide again.
    let mut approved = callback("w-3", "approved");
    approved["result"] = json!({"note": "准予"});
    let (status, body) = call(&app, case_id, &approved).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn department_protocol_a_supplement_at_intake_returns_the_case_to_intake() {
    let (app, case_id) = setup().await;
    // 一次性告知: everything missing, told at intake.
    let (status, body) = call(
        &app,
        case_id,
        &supplement("i-1", &["details", "material_1"]),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["state"], "supplement_requested");
    let (_, _, due) = case_row(&app, case_id).await;
    assert_eq!(due, None, "the clock has not started");

    // The applicant answers exactly the named items.
    let page = open_form(&app, &format!("/cases/{case_id}/supplement")).await;
    assert!(page.html.contains("name=\"details\""));
    let response = post_application(
        &app,
        &page,
        "resubmit",
        &[("details", "去英国留学，需要无犯罪记录证明。")],
        vec![("material_1", "申请表-已签名.pdf", pdf(2500))],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (state, items, due) = case_row(&app, case_id).await;
    assert_eq!(state, "submitted", "back at intake");
    assert_eq!((items, due), (None, None));
    let outbox: Vec<String> =
        sqlx::query_scalar("select event from delivery_outbox where case_id = $1 order by id")
            .bind(case_id)
            .fetch_all(&app.pool)
            .await
            .expect("outbox");
    assert_eq!(outbox, ["case.submitted", "case.resubmitted"]);

    // Intake decides again; the clock then starts from acceptance.
    let (status, body) = call(&app, case_id, &callback("i-2", "accepted")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (state, _, due) = case_row(&app, case_id).await;
    assert_eq!(state, "accepted");
    assert!(due.is_some());
}

#[tokio::test]
async fn department_protocol_a_withdrawn_intake_request_returns_to_intake() {
    let (app, case_id) = setup().await;
    let (status, _) = call(&app, case_id, &supplement("j-1", &["material_2"])).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = call(&app, case_id, &callback("j-2", "supplement_withdrawn")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["state"], "submitted");
}

#[tokio::test]
async fn department_protocol_repeats_are_exact() {
    let (app, case_id) = setup().await;
    let accepted = callback("e-1", "accepted");
    let (status, first) = call(&app, case_id, &accepted).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    // The same request again: the first answer, nothing changes.
    let before = snapshot(&app, case_id).await;
    let (status, again) = call(&app, case_id, &accepted).await;
    assert_eq!((status, &again), (StatusCode::OK, &first));
    assert_eq!(snapshot(&app, case_id).await, before);
    // Another body under the same event id is refused.
    let (status, body) = call(&app, case_id, &callback("e-1", "in_review")).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(code(&body), "event_id_reused");
    assert_eq!(snapshot(&app, case_id).await, before);

    // A refusal is remembered: approving a case that is not in review fails ...
    let mut approved = callback("e-2", "approved");
    approved["result"] = json!({"note": "准予"});
    let (status, refused) = call(&app, case_id, &approved).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert_eq!(code(&refused), "illegal_transition");
    // ... and still fails when repeated after the case has moved to where it would succeed.
    let (status, _) = call(&app, case_id, &callback("e-3", "in_review")).await;
    assert_eq!(status, StatusCode::OK);
    let before = snapshot(&app, case_id).await;
    let (status, repeated) = call(&app, case_id, &approved).await;
    assert_eq!((status, &repeated), (StatusCode::CONFLICT, &refused));
    assert_eq!(snapshot(&app, case_id).await, before, "not approved");
    // A refused path is remembered too.
    let bad = supplement("e-4", &["no_such_field"]);
    let (status, first) = call(&app, case_id, &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, again) = call(&app, case_id, &bad).await;
    assert_eq!((status, &again), (StatusCode::UNPROCESSABLE_ENTITY, &first));
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

    // A link the department minted itself with a lifetime the portal never gives: refused
    // like a link the portal did not make (the department holds the key, not the policy).
    let lasting = signed_url(&app.address, &key, id, now() + 30 * 86_400);
    let response = client
        .execute(request(&lasting, KEY, now()))
        .await
        .expect("get");
    assert_eq!(
        answer(response).await,
        (StatusCode::NOT_FOUND, "not_found".to_string())
    );

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

#[tokio::test]
async fn department_protocol_what_the_department_says_reaches_the_citizen() {
    let app = spawn_manual().await;
    let (url, _receiver) = receiver().await;
    use_http_backend(&app, "GA", &url, KEY).await;
    let case_id = submitted_case(&app).await;
    drain(&dispatcher(&app)).await;
    let reference: String =
        sqlx::query_scalar("select reference from delivery_outbox where case_id = $1")
            .bind(case_id)
            .fetch_one(&app.pool)
            .await
            .expect("reference");
    in_review(&app, case_id).await;
    let mut approved = callback("v-1", "approved");
    approved["result"] = json!({"note": "准予", "valid_until": "2031-06-30"});
    let (status, body) = call(&app, case_id, &approved).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let valid_until: Option<chrono::NaiveDate> =
        sqlx::query_scalar("select valid_until from certificates where case_id = $1")
            .bind(case_id)
            .fetch_one(&app.pool)
            .await
            .expect("certificate");
    assert_eq!(valid_until, "2031-06-30".parse().ok());
    let (status, page) = app.get_html(&format!("/cases/{case_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("有效期至 2031-06-30"),
        "the validity is shown"
    );
    assert!(
        page.contains(&format!("部门办件编号：{reference}")),
        "the applicant sees the department's reference"
    );
    let clerk = app.clerk("GA").await;
    let (status, page) = clerk
        .browser
        .get_html(&format!("/workbench/cases/{case_id}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(&format!("部门办件编号：{reference}")),
        "the clerk sees it too"
    );
}

#[tokio::test]
async fn department_protocol_openapi_documents_the_new_statuses_and_codes() {
    let app = spawn_manual().await;
    let doc: Value = app
        .get("/api/openapi.json")
        .await
        .json()
        .await
        .expect("json");
    let text = doc.to_string();
    for word in [
        "supplement_withdrawn",
        "event_id_reused",
        "unknown_supplement_path",
        "supplement_path_not_changeable",
    ] {
        assert!(text.contains(word), "{word}");
    }
    let statuses = &doc["components"]["schemas"]["CallbackStatus"]["enum"];
    assert!(
        statuses
            .as_array()
            .is_some_and(|s| s.contains(&json!("supplement_withdrawn"))),
        "{statuses}"
    );
    let download = &doc["paths"]["/api/v1/attachments/{id}"]["get"]["responses"];
    assert!(download["401"].is_object(), "{download}");
}
