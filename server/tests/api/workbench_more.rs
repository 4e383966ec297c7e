//! The workbench beyond the decisions: a supervisor assigns and reassigns cases to the
//! department's clerks, and staff write internal notes and messages to the applicant.
use crate::applications::submit_complete;
use app::api::workbench::{Queue, QueueFilter};
use app::core::workbench;
use portal_test_support::citizen;
use portal_test_support::{spawn_app, staff_browser, TestApp, ID_A};
use reqwest::StatusCode;
use uuid::Uuid;

async fn version_of(app: &TestApp, case_id: Uuid) -> String {
    let version: i32 = sqlx::query_scalar("select version from cases where id = $1")
        .bind(case_id)
        .fetch_one(&app.pool)
        .await
        .expect("version");
    version.to_string()
}

async fn holder(app: &TestApp, case_id: Uuid) -> Option<Uuid> {
    sqlx::query_scalar("select assigned_clerk_id from cases where id = $1")
        .bind(case_id)
        .fetch_one(&app.pool)
        .await
        .expect("holder")
}

async fn notifications(app: &TestApp, account_id: Uuid, template: &str) -> i64 {
    sqlx::query_scalar("select count(*) from notifications where account_id = $1 and template = $2")
        .bind(account_id)
        .bind(template)
        .fetch_one(&app.pool)
        .await
        .expect("notifications")
}

async fn audit_rows(app: &TestApp, case_id: Uuid, action: &str) -> i64 {
    sqlx::query_scalar("select count(*) from audit_log where case_id = $1 and action = $2")
        .bind(case_id)
        .bind(action)
        .fetch_one(&app.pool)
        .await
        .expect("audit rows")
}

async fn decide(
    staff: &TestApp,
    case_id: Uuid,
    decision: &str,
    version: &str,
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let mut fields = vec![("decision", decision), ("version", version)];
    fields.extend_from_slice(extra);
    staff
        .post_form(&format!("/workbench/cases/{case_id}"), &fields)
        .await
}

#[tokio::test]
async fn workbench_more_supervisor_assigns_and_reassigns() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let case_id = submit_complete(&app).await;
    let (supervisor, _) = staff_browser(&app, "supervisor", "super.ga", "李科长", "GA").await;
    let (clerk_a, a) = staff_browser(&app, "clerk", "clerk.ga.a", "王科员", "GA").await;
    let (_, b) = staff_browser(&app, "clerk", "clerk.ga.b", "赵科员", "GA").await;
    let (_, other) = staff_browser(&app, "clerk", "clerk.scjg", "钱科员", "SCJG").await;

    // The supervisor's page offers the department's clerks, and only those.
    let (status, html) = supervisor
        .get_html(&format!("/workbench/cases/{case_id}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"name="clerk_id""#), "{html}");
    assert!(html.contains(&a.to_string()) && html.contains(&b.to_string()));
    assert!(!html.contains(&other.to_string()));
    // A clerk's page has no such choice.
    let (_, html) = clerk_a
        .get_html(&format!("/workbench/cases/{case_id}"))
        .await;
    assert!(!html.contains(r#"name="clerk_id""#));

    let first = version_of(&app, case_id).await;
    let response = decide(
        &supervisor,
        case_id,
        "assign",
        &first,
        &[("clerk_id", &a.to_string())],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(holder(&app, case_id).await, Some(a));
    assert_eq!(notifications(&app, a, "case-assigned").await, 1);
    assert_eq!(audit_rows(&app, case_id, "case.assign").await, 1);

    // Once accepted, the case is in A's "mine" queue.
    let version = version_of(&app, case_id).await;
    let response = decide(&clerk_a, case_id, "accept", &version, &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let mine = workbench::queue(
        &app.pool,
        "GA",
        a,
        Queue::Mine,
        &QueueFilter::default(),
        None,
        50,
    )
    .await
    .expect("mine");
    assert_eq!(
        mine.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![case_id]
    );

    // Reassigning with a page loaded before is stale.
    let response = decide(
        &supervisor,
        case_id,
        "assign",
        &first,
        &[("clerk_id", &b.to_string())],
    )
    .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(holder(&app, case_id).await, Some(a));

    let version = version_of(&app, case_id).await;
    let response = decide(
        &supervisor,
        case_id,
        "assign",
        &version,
        &[("clerk_id", &b.to_string())],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(holder(&app, case_id).await, Some(b));
    assert_eq!(notifications(&app, b, "case-assigned").await, 1);
    let mine = workbench::queue(
        &app.pool,
        "GA",
        b,
        Queue::Mine,
        &QueueFilter::default(),
        None,
        50,
    )
    .await
    .expect("mine");
    assert_eq!(mine.rows.len(), 1);

    // A clerk may not assign.
    let version = version_of(&app, case_id).await;
    let response = decide(
        &clerk_a,
        case_id,
        "assign",
        &version,
        &[("clerk_id", &a.to_string())],
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(holder(&app, case_id).await, Some(b));

    // Another department's clerk is no choice.
    let response = decide(
        &supervisor,
        case_id,
        "assign",
        &version,
        &[("clerk_id", &other.to_string())],
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    assert!(html.contains("请选择本部门在岗的经办人。"), "{html}");
    assert_eq!(holder(&app, case_id).await, Some(b));
    assert_eq!(version_of(&app, case_id).await, version);
    assert_eq!(audit_rows(&app, case_id, "case.assign").await, 2);
}

#[tokio::test]
async fn workbench_more_notes_and_messages() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let case_id = submit_complete(&app).await;
    let applicant: Uuid =
        sqlx::query_scalar("select applicant_account_id from cases where id = $1")
            .bind(case_id)
            .fetch_one(&app.pool)
            .await
            .expect("applicant");
    let (clerk, _) = staff_browser(&app, "clerk", "clerk.ga", "王科员", "GA").await;
    let (other, _) = staff_browser(&app, "clerk", "clerk.scjg", "钱科员", "SCJG").await;
    let version = version_of(&app, case_id).await;

    let internal = "内部：申请人曾多次来电，注意核实。";
    let response = decide(
        &clerk,
        case_id,
        "note",
        &version,
        &[("visibility", "internal"), ("body", internal)],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let message = "请于下周一前携带身份证原件到窗口核验。";
    let response = decide(
        &clerk,
        case_id,
        "note",
        &version,
        &[("visibility", "applicant"), ("body", message)],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(audit_rows(&app, case_id, "case.note").await, 2);

    // Staff see both, badged.
    let (status, html) = clerk.get_html(&format!("/workbench/cases/{case_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(internal) && html.contains(message), "{html}");
    assert!(html.contains("王科员"));
    // PDFs are previewed inline, past the client router.
    let file: Uuid = sqlx::query_scalar(
        "select id from attachments where case_id = $1 order by field_key limit 1",
    )
    .bind(case_id)
    .fetch_one(&app.pool)
    .await
    .expect("file");
    assert!(
        html.contains(&format!(r#"href="/files/{file}?inline=1" rel="external""#)),
        "{html}"
    );
    assert!(html.contains("预览"));

    // The applicant sees the message, never the internal note.
    let (status, html) = app.get_html(&format!("/cases/{case_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("部门留言"), "{html}");
    assert!(html.contains(message));
    assert!(!html.contains(internal), "an internal note leaked: {html}");
    assert!(!html.contains("注意核实"));
    let detail = app::core::cases::queries::case_detail(&app.pool, applicant, case_id)
        .await
        .expect("detail")
        .expect("the applicant's case");
    assert_eq!(detail.messages.len(), 1);
    assert_eq!(detail.messages[0].2, message);
    assert_eq!(notifications(&app, applicant, "case-message").await, 1);

    // An empty note is refused and says why.
    let response = decide(
        &clerk,
        case_id,
        "note",
        &version,
        &[("visibility", "internal"), ("body", "  ")],
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response
        .text()
        .await
        .expect("body")
        .contains("请填写内容。"));

    // Another department cannot write on the case.
    for body in ["越权备注", ""] {
        let response = decide(
            &other,
            case_id,
            "note",
            &version,
            &[("visibility", "applicant"), ("body", body)],
        )
        .await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{body:?}");
    }
    let notes: i64 = sqlx::query_scalar("select count(*) from case_notes where case_id = $1")
        .bind(case_id)
        .fetch_one(&app.pool)
        .await
        .expect("notes");
    assert_eq!(notes, 2);
    assert_eq!(notifications(&app, applicant, "case-message").await, 1);

    // Notes are append-only.
    let changed = sqlx::query("update case_notes set body = 'x' where case_id = $1")
        .bind(case_id)
        .execute(&app.pool)
        .await;
    assert!(changed.is_err());
}
