//! Bounded input: what one applicant can make the portal store or hold (security review #4).
use crate::applications::{citizen_with_draft, open_form, pdf, post_application};
use portal_test_support::{citizen, location, spawn_app, spawn_app_with, Options, ID_A};
use reqwest::StatusCode;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;

const SERVICE: &str = "GA-004";

async fn stored_answers(app: &portal_test_support::TestApp) -> serde_json::Value {
    sqlx::query_scalar("select answers from cases where service_code = $1")
        .bind(SERVICE)
        .fetch_one(&app.pool)
        .await
        .expect("the draft")
}

#[tokio::test]
async fn a_repeated_name_keeps_one_value_and_values_are_cut_at_the_fields_limit() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let page = open_form(&app, &format!("/apply/{SERVICE}")).await;
    let long = "长".repeat(19_000);
    let mut answers: Vec<(&str, &str)> = vec![("details", "第一次填写的内容")];
    // The same scalar name posted again and again: before, every value was stored.
    answers.extend(std::iter::repeat_n(("details", long.as_str()), 20));
    answers.push(("applicant_address.detail", long.as_str()));
    let response = post_application(&app, &page, "save", &answers, vec![]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let stored = stored_answers(&app).await;
    assert_eq!(stored["details"], serde_json::json!(["第一次填写的内容"]));
    // An address detail is at most 200 characters; one more is kept to say "too long".
    let detail = stored["applicant_address.detail"][0]
        .as_str()
        .unwrap_or_default();
    assert_eq!(detail.chars().count(), 201);
    let (_, edit) = app.get_html(&location(&response)).await;
    assert!(edit.contains("第一次填写的内容"));
}

#[tokio::test]
async fn answers_over_the_total_limit_are_refused_and_the_saved_draft_is_kept() {
    let app = spawn_app().await;
    // A form with many long fields, each allowed 20,000 characters: together they could hold
    // megabytes in one case row.
    let fields: Vec<serde_json::Value> = (0..12)
        .map(|i| {
            serde_json::json!({
                "key": format!("essay_{i}"),
                "label": {"zh": format!("说明{i}"), "en": format!("Essay {i}")},
                "kind": {"type": "long_text", "max_chars": 20000}
            })
        })
        .collect();
    sqlx::query(
        "insert into service_forms (service_code, version, definition)
         select $1, max(version) + 1, $2 from service_forms where service_code = $1",
    )
    .bind(SERVICE)
    .bind(serde_json::json!({ "fields": fields }))
    .execute(&app.pool)
    .await
    .expect("a new form version");
    citizen(&app, "张三", ID_A, "13800138000").await;
    let page = open_form(&app, &format!("/apply/{SERVICE}")).await;
    let response = post_application(&app, &page, "save", &[("essay_0", "草稿")], vec![]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let edit_path = location(&response);
    let edit = open_form(&app, &edit_path).await;

    let essay = "文".repeat(20_000);
    let names: Vec<String> = (0..12).map(|i| format!("essay_{i}")).collect();
    let answers: Vec<(&str, &str)> = names
        .iter()
        .map(|name| (name.as_str(), essay.as_str()))
        .collect();
    let response = post_application(&app, &edit, "save", &answers, vec![]).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let page = response.text().await.expect("body");
    assert!(page.contains("提交的内容过大"), "a localised page: {page}");
    let stored = stored_answers(&app).await;
    assert_eq!(
        stored["essay_0"],
        serde_json::json!(["草稿"]),
        "nothing lost"
    );
}

#[tokio::test]
async fn an_account_keeps_at_most_fifty_drafts() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let page = open_form(&app, &format!("/apply/{SERVICE}")).await;
    let response = post_application(&app, &page, "save", &[("details", "第一份")], vec![]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    // 49 more, as the same account would start them.
    sqlx::query(
        "insert into cases (service_code, form_version, department_code, applicant_account_id,
                            state, submit_key)
         select service_code, form_version, department_code, applicant_account_id, 'draft',
                gen_random_uuid()
         from cases, generate_series(1, 49)",
    )
    .execute(&app.pool)
    .await
    .expect("drafts");

    let page = open_form(&app, &format!("/apply/{SERVICE}")).await;
    let response = post_application(
        &app,
        &page,
        "save",
        &[("details", "第五十一份")],
        vec![("material_1", "表.pdf", pdf(1000))],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let to = location(&response);
    assert_eq!(to, "/cases?notice=notice-too-many-drafts");
    let (_, list) = app.get_html(&to).await;
    assert!(list.contains("您已有 50 份草稿"), "{list}");
    let drafts: i64 = sqlx::query_scalar("select count(*) from cases where state = 'draft'")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(drafts, 50);
    let files: i64 = sqlx::query_scalar("select count(*) from attachments")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(files, 0, "the refused post's file is not kept");

    // Deleting one makes room again.
    let edit = open_form(&app, &format!("/cases/{}/edit", first_draft(&app).await)).await;
    let response = post_application(&app, &edit, "discard", &[], vec![]).await;
    assert_eq!(location(&response), "/cases?notice=notice-draft-discarded");
    let page = open_form(&app, &format!("/apply/{SERVICE}")).await;
    let response = post_application(&app, &page, "save", &[("details", "又一份")], vec![]).await;
    assert!(location(&response).ends_with("/edit?notice=notice-draft-saved"));
}

async fn first_draft(app: &portal_test_support::TestApp) -> Uuid {
    sqlx::query_scalar("select id from cases where answers ? 'details' limit 1")
        .fetch_one(&app.pool)
        .await
        .expect("the first draft")
}

#[tokio::test]
async fn the_list_of_applications_shows_progress_without_reading_answers() {
    let app = spawn_app().await;
    citizen_with_draft(&app, "先保存").await;
    // The progress was recorded when the draft was saved; the list does not read the answers
    // again (they are not even there for it to read).
    sqlx::query("update cases set answers = '{}'")
        .execute(&app.pool)
        .await
        .expect("update");
    let (_, list) = app.get_html("/cases").await;
    assert!(list.contains("5/8"), "the recorded progress: {list}");
}

/// Sends a request head announcing a body, then only part of it, and waits for the answer.
async fn slow_post(address: &str, path: &str) -> (Duration, String) {
    let host = address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(host).await.expect("connect");
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: 1000\r\n\r\naccount=13800138000"
    );
    stream.write_all(head.as_bytes()).await.expect("write");
    let started = std::time::Instant::now();
    let mut answer = Vec::new();
    // Without a body deadline the portal waits for the rest forever; give up after 20 s.
    let read = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut answer)).await;
    assert!(
        read.is_ok(),
        "the portal still holds the connection after 20 s"
    );
    (
        started.elapsed(),
        String::from_utf8_lossy(&answer).into_owned(),
    )
}

#[tokio::test]
async fn a_body_that_stops_arriving_is_cut_off_and_the_connection_closed() {
    let app = spawn_app_with(Options {
        deadlines: server::web::deadlines::Deadlines {
            form_body: Duration::from_secs(2),
            body_idle: Duration::from_secs(1),
            ..Default::default()
        },
        ..Default::default()
    })
    .await;
    let (waited, answer) = slow_post(&app.address, "/login").await;
    assert!(answer.starts_with("HTTP/1.1 4"), "a 4xx answer: {answer}");
    assert!(waited < Duration::from_secs(10), "closed after {waited:?}");
}

#[tokio::test]
async fn nul_characters_in_any_field_never_reach_the_database() {
    // Found by the form fuzzer: Postgres text and JSON cannot hold U+0000, and a posted NUL
    // made the login and the application forms answer 500.
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let page = open_form(&app, &format!("/apply/{SERVICE}")).await;
    let response =
        post_application(&app, &page, "save", &[("details", "用途\0说明")], vec![]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(stored_answers(&app).await["details"][0], "用途说明");
    let other = app.other_browser();
    let response = other.login("1380013\08000", "wrong\0password").await;
    assert!(
        response.status().is_client_error() || response.status().is_success(),
        "{}",
        response.status()
    );
}
