//! A department system can recover from whatever was lost on the way: delivery ids are unique
//! UUIDs, a case can be read back and asked for again, a given-up delivery is seen by the
//! applicant and the operators, callbacks wait for an acknowledged delivery, and a replaced
//! file keeps working until its URL expires.
// Helpers outside #[test] functions too: a failed expectation there is a failed test.
#![allow(clippy::expect_used)]
use crate::applications::{open_form, pdf, post_application};
use crate::routing_support::*;
use portal_test_support::actors::insert_staff;
use portal_test_support::signed::{now, signed};
use portal_test_support::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use server::routing::dispatcher::DispatchOutcome;
use uuid::Uuid;

/// A signed request as GA's system (or another department's) makes it.
async fn as_department(
    app: &TestApp,
    department: &str,
    key: &str,
    method: Method,
    path_and_query: &str,
    body: &Value,
) -> (StatusCode, Value) {
    signed_json(app, department, key, method, path_and_query, body, now()).await
}

async fn read_case(app: &TestApp, case_id: Uuid) -> (StatusCode, Value) {
    let path = format!("/api/v1/cases/{case_id}");
    as_department(app, "GA", KEY, Method::GET, &path, &Value::Null).await
}

async fn report(app: &TestApp, case_id: Uuid, event_id: &str, status: &str) -> (StatusCode, Value) {
    let path = format!("/api/v1/cases/{case_id}/status");
    let body = json!({"protocol": "portal.v1", "event_id": event_id, "status": status});
    as_department(app, "GA", KEY, Method::POST, &path, &body).await
}

/// Downloads an attachment URL from a payload, signed as GA: (status, bytes).
async fn download(app: &TestApp, url: &str) -> (StatusCode, Vec<u8>) {
    // The URL names the portal's public address; the test server listens elsewhere.
    let path = &url[url.find("/api/v1/attachments/").expect("an attachment URL")..];
    let response = signed(
        &reqwest::Client::new(),
        Method::GET,
        &app.address,
        path,
        "GA",
        KEY,
        b"",
        now(),
    )
    .send()
    .await
    .expect("download");
    let status = response.status();
    (status, response.bytes().await.expect("body").to_vec())
}

fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or("")
}

#[tokio::test]
async fn department_recovery_delivery_ids_are_uuids_kept_across_retries() {
    let app = spawn_manual().await;
    let (url, receiver) = receiver().await;
    use_http_backend(&app, "GA", &url, KEY).await;
    let first = submitted_case(&app).await;
    receiver.answer_with(503);
    let dispatcher = dispatcher(&app);
    assert!(matches!(
        dispatcher.try_dispatch_once().await.expect("dispatch"),
        DispatchOutcome::Retried(_)
    ));
    receiver.answer_with(200);
    sqlx::query("update delivery_outbox set available_at = now()")
        .execute(&app.pool)
        .await
        .expect("due");
    drain(&dispatcher).await;
    let keys = receiver.keys();
    assert_eq!(keys.len(), 2, "{keys:?}");
    assert_eq!(keys[0], keys[1], "a retry repeats its key");
    let key: Uuid = keys[0].parse().expect("the key is a UUID");
    let stored: Uuid =
        sqlx::query_scalar("select delivery_id from delivery_outbox where case_id = $1")
            .bind(first)
            .fetch_one(&app.pool)
            .await
            .expect("row");
    assert_eq!(key, stored);
    // Read back, the case says it was acknowledged (and by which reference).
    let (status, snapshot) = read_case(&app, first).await;
    assert_eq!(status, StatusCode::OK, "{snapshot}");
    assert_eq!(snapshot["acknowledged"], true);
    assert_eq!(snapshot["reference"], format!("ref-{key}"));
}

#[tokio::test]
async fn department_recovery_a_given_up_delivery_is_seen_refuses_callbacks_and_is_asked_for_again()
{
    let app = spawn_manual().await;
    let operator_id = insert_staff(&app, "operator", "operator", "运维", None).await;
    let (url, receiver) = receiver().await;
    use_http_backend(&app, "GA", &url, KEY).await;
    let case_id = submitted_case(&app).await;
    // One 401 from the department: permanent, given up at once.
    receiver.answer_with(401);
    let dispatcher = dispatcher(&app);
    assert!(matches!(
        dispatcher.try_dispatch_once().await.expect("dispatch"),
        DispatchOutcome::Dead(_)
    ));

    // The applicant is told; the operators are alerted.
    let (_, page) = app.get_html(&format!("/cases/{case_id}")).await;
    assert!(page.contains("部门业务系统尚未收到此申请"), "{page}");
    let alerts: i64 = sqlx::query_scalar(
        "select count(*) from notifications
         where account_id = $1 and template = 'delivery-dead-lettered'",
    )
    .bind(operator_id)
    .fetch_one(&app.pool)
    .await
    .expect("alerts");
    assert_eq!(alerts, 1);

    // The department cannot move a case it never acknowledged; nothing is remembered.
    let before = snapshot(&app, case_id).await;
    let (status, body) = report(&app, case_id, "ack-1", "accepted").await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(code(&body), "case_not_delivered");
    assert_eq!(snapshot(&app, case_id).await, before);
    let (status, snapshot_body) = read_case(&app, case_id).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(snapshot_body["acknowledged"], false);
    assert_eq!(snapshot_body["state"], "submitted");

    // Another department can neither read it nor ask for it.
    use_http_backend(&app, "MZ", "http://127.0.0.1:9", OTHER_KEY).await;
    let path = format!("/api/v1/cases/{case_id}/redeliver");
    let (status, body) =
        as_department(&app, "MZ", OTHER_KEY, Method::POST, &path, &json!({})).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::NOT_FOUND, "unknown_case")
    );
    let (status, body) = as_department(
        &app,
        "MZ",
        OTHER_KEY,
        Method::GET,
        &format!("/api/v1/cases/{case_id}"),
        &Value::Null,
    )
    .await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::NOT_FOUND, "unknown_case")
    );

    // GA asks for it again (twice: the second finds the first waiting).
    let reason = json!({"reason": "我方数据库恢复后重新接收"});
    let (status, first) = as_department(&app, "GA", KEY, Method::POST, &path, &reason).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{first}");
    assert_eq!(first["queued"], true);
    let (status, second) = as_department(&app, "GA", KEY, Method::POST, &path, &reason).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(second["queued"], false);
    assert_eq!(second["delivery_id"], first["delivery_id"]);
    let recorded: (String, String) = sqlx::query_as(
        "select department_code, reason from redelivery_requests where case_id = $1",
    )
    .bind(case_id)
    .fetch_one(&app.pool)
    .await
    .expect("the request is recorded");
    assert_eq!(recorded, ("GA".into(), "我方数据库恢复后重新接收".into()));
    assert!(
        app::core::deliveries::dead_letters(&app.pool)
            .await
            .expect("dead letters")
            .is_empty(),
        "the redelivery settles the given-up one"
    );

    receiver.answer_with(200);
    drain(&dispatcher).await;
    let keys = receiver.keys();
    assert_eq!(
        keys.last().map(String::as_str),
        first["delivery_id"].as_str()
    );
    assert_ne!(keys[0], keys[keys.len() - 1], "a new delivery id");
    let (_, page) = app.get_html(&format!("/cases/{case_id}")).await;
    assert!(!page.contains("部门业务系统尚未收到此申请"));

    // Now the same callback goes through.
    let (status, body) = report(&app, case_id, "ack-1", "accepted").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["state"], "accepted");
}

#[tokio::test]
async fn department_recovery_a_replaced_file_downloads_until_its_url_expires_and_urls_are_reissued()
{
    let app = spawn_manual().await;
    let (case_id, _receiver) = acknowledged_case(&app).await;
    let (status, snapshot) = read_case(&app, case_id).await;
    assert_eq!(status, StatusCode::OK, "{snapshot}");
    let old = snapshot["case"]["attachments"]
        .as_array()
        .expect("attachments")
        .iter()
        .find(|a| a["field"] == "material_1")
        .cloned()
        .expect("material_1");
    let old_url = old["url"].as_str().expect("url").to_string();
    let (status, old_bytes) = download(&app, &old_url).await;
    assert_eq!(status, StatusCode::OK);

    for (event_id, status) in [("r-1", "accepted"), ("r-2", "in_review")] {
        assert_eq!(
            report(&app, case_id, event_id, status).await.0,
            StatusCode::OK
        );
    }
    let path = format!("/api/v1/cases/{case_id}/status");
    let supplement = json!({"protocol": "portal.v1", "event_id": "r-3",
        "status": "supplement_requested", "reason": "请补正",
        "items": [{"path": "material_1", "reason": "缺少签名"}]});
    let (status, body) = as_department(&app, "GA", KEY, Method::POST, &path, &supplement).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let page = open_form(&app, &format!("/cases/{case_id}/supplement")).await;
    let old_id = old["id"].as_str().expect("id").to_string();
    let response = post_application(
        &app,
        &page,
        "resubmit",
        &[("remove_file", old_id.as_str())],
        vec![("material_1", "申请表-已签名.pdf", pdf(2600))],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    // The URL given out before still works; a fresh read names only the new file.
    // The system's reads are in the audit log, as the applicant sees: its department, the role
    // "department system".
    let reads: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "select action, actor_role, department_code from audit_log where case_id = $1 order by id",
    )
    .bind(case_id)
    .fetch_all(&app.pool)
    .await
    .expect("audit");
    assert_eq!(
        reads,
        [
            (
                "case.view".to_string(),
                "department_system".to_string(),
                Some("GA".to_string())
            ),
            (
                "file.download".to_string(),
                "department_system".to_string(),
                Some("GA".to_string())
            ),
        ]
    );
    let (status, bytes) = download(&app, &old_url).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the replaced file stays until its URL expires"
    );
    assert_eq!(bytes, old_bytes);
    let (_, fresh) = read_case(&app, case_id).await;
    let files: Vec<&Value> = fresh["case"]["attachments"]
        .as_array()
        .expect("attachments")
        .iter()
        .filter(|a| a["field"] == "material_1")
        .collect();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0]["name"], "申请表-已签名.pdf");
    assert_ne!(files[0]["url"], old["url"]);
    let (status, _) = download(&app, files[0]["url"].as_str().expect("url")).await;
    assert_eq!(status, StatusCode::OK);

    // Once every URL for it has expired, housekeeping forgets it.
    let pruned = app::core::attachments::prune_retired(&app.pool, 0.0)
        .await
        .expect("prune");
    assert_eq!(pruned.len(), 1, "{pruned:?}");
    let (status, _) = download(&app, &old_url).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn department_recovery_services_list_the_paths_and_grounds_the_portal_accepts() {
    let app = spawn_manual().await;
    let (case_id, _receiver) = acknowledged_case(&app).await;
    let (status, list) = as_department(
        &app,
        "GA",
        KEY,
        Method::GET,
        "/api/v1/services",
        &Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let services = list["services"].as_array().expect("services");
    assert!(services
        .iter()
        .all(|s| s["code"].as_str().is_some_and(|c| c.starts_with("GA-"))));
    let service_code: String = sqlx::query_scalar("select service_code from cases where id = $1")
        .bind(case_id)
        .fetch_one(&app.pool)
        .await
        .expect("case");
    let service = services
        .iter()
        .find(|s| s["code"] == service_code.as_str())
        .expect("the case's service is listed");
    let paths = service["paths"].as_array().expect("paths");
    let prefilled = paths
        .iter()
        .find(|p| p["path"] == "applicant_name" && p["prefilled"] == true)
        .expect("the verified name is listed as prefilled");
    let changeable: Vec<&str> = paths
        .iter()
        .filter(|p| p["prefilled"] == false && p["kind"] != "group")
        .filter_map(|p| p["path"].as_str())
        .filter(|p| !p.contains("{row}"))
        .collect();
    assert!(changeable.contains(&"material_1"), "{changeable:?}");
    let ground = service["denial_grounds"][0]
        .as_str()
        .expect("a ground")
        .to_string();

    // What the list says is what the portal takes.
    for (event_id, status) in [("g-1", "accepted"), ("g-2", "in_review")] {
        assert_eq!(
            report(&app, case_id, event_id, status).await.0,
            StatusCode::OK
        );
    }
    let path = format!("/api/v1/cases/{case_id}/status");
    let ask = |event_id: &str, item: &str| {
        json!({"protocol": "portal.v1", "event_id": event_id, "status": "supplement_requested",
               "reason": "请补正", "items": [{"path": item, "reason": "请更正"}]})
    };
    let refused = ask("g-3", prefilled["path"].as_str().expect("path"));
    let (status, body) = as_department(&app, "GA", KEY, Method::POST, &path, &refused).await;
    assert_eq!(
        (status, code(&body)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "supplement_path_not_changeable"
        )
    );
    let every = json!({"protocol": "portal.v1", "event_id": "g-4",
        "status": "supplement_requested", "reason": "请补正",
        "items": changeable.iter().map(|p| json!({"path": p, "reason": "请更正"})).collect::<Vec<_>>()});
    let (status, body) = as_department(&app, "GA", KEY, Method::POST, &path, &every).await;
    assert_eq!(status, StatusCode::OK, "every listed path is taken: {body}");
    let withdraw = json!({"protocol": "portal.v1", "event_id": "g-5",
        "status": "supplement_withdrawn"});
    assert_eq!(
        as_department(&app, "GA", KEY, Method::POST, &path, &withdraw)
            .await
            .0,
        StatusCode::OK
    );
    let deny = json!({"protocol": "portal.v1", "event_id": "g-6", "status": "denied",
        "reason": "不符合条件", "denial_ground": ground});
    let (status, body) = as_department(&app, "GA", KEY, Method::POST, &path, &deny).await;
    assert_eq!(status, StatusCode::OK, "a listed ground is taken: {body}");
    assert_eq!(body["state"], "denied");
}

#[tokio::test]
async fn department_recovery_the_contract_is_published_whole_and_readable() {
    let app = spawn_manual().await;
    let doc: Value = app
        .get("/api/openapi.json")
        .await
        .json()
        .await
        .expect("json");
    let states = &doc["components"]["schemas"]["CaseState"]["enum"];
    for state in ["submitted", "refused_at_intake", "resubmitted", "denied"] {
        assert!(
            states.as_array().is_some_and(|s| s.contains(&json!(state))),
            "{states}"
        );
    }
    let state_ref =
        doc["components"]["schemas"]["StatusResponse"]["properties"]["state"].to_string();
    assert!(state_ref.contains("CaseState"), "{state_ref}");
    for path in [
        "/api/v1/services",
        "/api/v1/cases/{case_id}",
        "/api/v1/cases/{case_id}/redeliver",
    ] {
        assert!(doc["paths"][path].is_object(), "{path}");
    }
    let codes = &doc["components"]["schemas"]["ErrorCode"]["enum"];
    assert!(codes
        .as_array()
        .is_some_and(|c| c.contains(&json!("case_not_delivered"))));

    let response = app.get("/api/docs").await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = response.text().await.expect("page");
    assert!(page.contains("<table>"), "the moves table is rendered");
    assert!(page.contains("<code>supplement_withdrawn</code>"));
    assert!(page.contains("00576f1c4783cc6bbd1cdc6dcb4ef085fd6edd667a9a7277b725dc52f99e7fb6"));
    assert!(page.contains("GET /api/v1/cases/{case_id}"));
    assert!(page.contains("id=\"schema-CaseSnapshot\""));
    assert!(
        !page.contains("<script"),
        "nothing runs, nothing is fetched elsewhere"
    );
    assert!(!page.contains("src=\"http"));
}

#[tokio::test]
async fn department_recovery_a_wallet_certificate_reaches_the_department_with_its_verification() {
    let app = spawn_manual().await;
    let (url, _receiver) = receiver().await;
    use_http_backend(&app, "GA", &url, KEY).await;
    portal_test_support::citizen(&app, "张三", portal_test_support::ID_A, "13800138000").await;
    let card = crate::once_only::id_card_of(&app, portal_test_support::ID_A).await;
    let code: String =
        sqlx::query_scalar("select verification_code from certificates where id = $1")
            .bind(card)
            .fetch_one(&app.pool)
            .await
            .expect("code");
    let page = open_form(&app, "/apply/GA-004").await;
    let card = card.to_string();
    let mut answers = crate::applications::complete_answers();
    answers.extend([
        ("wallet_fields", "material_2"),
        ("wallet.material_2", card.as_str()),
    ]);
    let uploads = vec![
        ("material_1", "申请表.pdf", pdf(1000)),
        ("material_3", "委托书.pdf", pdf(1000)),
    ];
    let submitted = post_application(&app, &page, "submit", &answers, uploads).await;
    assert_eq!(submitted.status(), StatusCode::SEE_OTHER);
    let case_id: Uuid = sqlx::query_scalar("select id from cases where state = 'submitted'")
        .fetch_one(&app.pool)
        .await
        .expect("case");
    drain(&dispatcher(&app)).await;

    let (status, snapshot) = read_case(&app, case_id).await;
    assert_eq!(status, StatusCode::OK, "{snapshot}");
    let certificates = snapshot["case"]["certificates"]
        .as_array()
        .expect("certificates");
    assert_eq!(certificates.len(), 1, "{snapshot}");
    assert_eq!(certificates[0]["field"], "material_2");
    assert_eq!(certificates[0]["verification_code"], code.as_str());
    assert_eq!(certificates[0]["holder_name"], "张三");
    assert!(certificates[0]["verify_url"]
        .as_str()
        .is_some_and(|u| u.ends_with(&format!("/verify/{code}"))));
    assert!(snapshot["case"]["attachments"]
        .as_array()
        .expect("attachments")
        .iter()
        .all(|a| a["field"] != "material_2"));
}
