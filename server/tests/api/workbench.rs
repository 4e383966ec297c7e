//! The clerk workbench: queues scoped to the department, claiming, and the decisions from
//! acceptance to approval, each refused when the page is stale.
use crate::applications::{open_form, post_application, submit_complete};
use app::api::workbench::{Queue, QueueFilter};
use app::core::workbench;
use portal_test_support::citizen;
use portal_test_support::{spawn_app, staff_browser, TestApp, ID_A};
use reqwest::StatusCode;
use uuid::Uuid;

async fn case_number(app: &TestApp, case_id: Uuid) -> String {
    sqlx::query_scalar("select case_number from cases where id = $1")
        .bind(case_id)
        .fetch_one(&app.pool)
        .await
        .expect("case number")
}

async fn state_and_version(app: &TestApp, case_id: Uuid) -> (String, i32) {
    sqlx::query_as("select state, version from cases where id = $1")
        .bind(case_id)
        .fetch_one(&app.pool)
        .await
        .expect("case")
}

/// The version the workbench page of the case shows in its forms.
async fn page_version(clerk: &TestApp, case_id: Uuid) -> String {
    let (status, html) = clerk.get_html(&format!("/workbench/cases/{case_id}")).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let marker = r#"name="version" value=""#;
    let start = html.find(marker).expect("a decision form") + marker.len();
    let end = html[start..].find('"').expect("end of value");
    html[start..start + end].to_string()
}

async fn decide(
    clerk: &TestApp,
    case_id: Uuid,
    decision: &str,
    version: &str,
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let mut fields = vec![("decision", decision), ("version", version)];
    fields.extend_from_slice(extra);
    clerk
        .post_form(&format!("/workbench/cases/{case_id}"), &fields)
        .await
}

#[tokio::test]
async fn workbench_clerks_take_a_case_from_new_to_approved() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let case_id = submit_complete(&app).await;
    let number = case_number(&app, case_id).await;

    // The applicant is no staff: no workbench.
    let (status, _) = app.get_html("/workbench").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (clerk, _) = staff_browser(&app, "clerk", "clerk.ga", "王科员", "GA").await;
    let (status, html) = clerk.get_html("/workbench").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&number), "the new case is listed: {html}");
    assert!(
        html.contains(r#"data-queue="new" class="badge-count">1<"#),
        "New counts one: {html}"
    );

    // Another department never sees it, and cannot act on it.
    let (other, _) = staff_browser(&app, "clerk", "clerk.scjg", "王科员", "SCJG").await;
    for queue in Queue::ALL {
        let (status, html) = other
            .get_html(&format!("/workbench?queue={}", queue.as_str()))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(!html.contains(&number), "{queue:?} of SCJG");
    }
    let (status, _) = other.get_html(&format!("/workbench/cases/{case_id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let version = page_version(&clerk, case_id).await;
    for (decision, extra) in [
        ("claim", vec![]),
        ("accept", vec![]),
        ("refuse_at_intake", vec![("reason", "材料不全")]),
        ("start_review", vec![]),
        (
            "request_supplement",
            vec![("item", "details"), ("reason.details", "请补充")],
        ),
        ("approve", vec![]),
        (
            "deny",
            vec![
                ("legal_reason_code", "xzxk-38-2"),
                ("explanation", "不符合条件"),
            ],
        ),
    ] {
        let response = decide(&other, case_id, decision, &version, &extra).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{decision}");
    }
    assert_eq!(
        state_and_version(&app, case_id).await,
        ("submitted".to_string(), version.parse().expect("version"))
    );

    // Two clerks claim at once: exactly one wins.
    let (colleague, _) = staff_browser(&app, "clerk", "clerk.ga2", "王科员", "GA").await;
    let (first, second) = tokio::join!(
        decide(&clerk, case_id, "claim", &version, &[]),
        decide(&colleague, case_id, "claim", &version, &[]),
    );
    let mut statuses = vec![first.status(), second.status()];
    statuses.sort();
    assert_eq!(statuses, vec![StatusCode::SEE_OTHER, StatusCode::CONFLICT]);
    assert_eq!(state_and_version(&app, case_id).await.0, "submitted");
    // The winner holds the case: the other clerk cannot decide it, even with a fresh page.
    let (clerk, colleague) = if first.status() == StatusCode::SEE_OTHER {
        (clerk, colleague)
    } else {
        (colleague, clerk)
    };
    let version = page_version(&colleague, case_id).await;
    for (decision, extra) in [
        ("accept", vec![]),
        ("refuse_at_intake", vec![("reason", "材料不全")]),
    ] {
        let response = decide(&colleague, case_id, decision, &version, &extra).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{decision}");
    }
    assert_eq!(state_and_version(&app, case_id).await.0, "submitted");

    let version = page_version(&clerk, case_id).await;
    let response = decide(&clerk, case_id, "accept", &version, &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let version = page_version(&clerk, case_id).await;
    let response = decide(&clerk, case_id, "start_review", &version, &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(state_and_version(&app, case_id).await.0, "in_review");

    let version = page_version(&clerk, case_id).await;
    let response = decide(&clerk, case_id, "request_supplement", &version, &[]).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    assert!(
        html.contains("请至少选择一项需要补正的内容"),
        "the refusal says why: {html}"
    );
    assert_eq!(state_and_version(&app, case_id).await.0, "in_review");
    let response = decide(
        &clerk,
        case_id,
        "request_supplement",
        &version,
        &[
            ("item", "details"),
            ("reason.details", "请写明前往的国家。"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (state, before_resubmission) = state_and_version(&app, case_id).await;
    assert_eq!(state, "supplement_requested");

    // The applicant resubmits the named item.
    let page = open_form(&app, &format!("/cases/{case_id}/supplement")).await;
    let response = post_application(
        &app,
        &page,
        "resubmit",
        &[("details", "去英国留学，需要无犯罪记录证明。")],
        vec![],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(state_and_version(&app, case_id).await.0, "resubmitted");

    // A page loaded before the resubmission is stale.
    let stale = before_resubmission.to_string();
    let response = decide(&clerk, case_id, "start_review", &stale, &[]).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(state_and_version(&app, case_id).await.0, "resubmitted");

    let version = page_version(&clerk, case_id).await;
    let response = decide(&clerk, case_id, "start_review", &version, &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let version = page_version(&clerk, case_id).await;
    let response = decide(&clerk, case_id, "approve", &version, &[("note", "")]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(state_and_version(&app, case_id).await.0, "approved");

    let (status, html) = app.get_html(&format!("/cases/{case_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("state-approved"),
        "the applicant sees it approved"
    );
    assert!(html.contains("办理结果"), "and the certificate: {html}");
    let certificates: i64 =
        sqlx::query_scalar("select count(*) from certificates where case_id = $1")
            .bind(case_id)
            .fetch_one(&app.pool)
            .await
            .expect("certificates");
    assert_eq!(certificates, 1);
}

#[tokio::test]
async fn workbench_queues_page_by_keyset() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let mut cases = Vec::new();
    for _ in 0..3 {
        cases.push(submit_complete(&app).await);
    }
    let (_, clerk_id) = staff_browser(&app, "clerk", "clerk.ga", "王科员", "GA").await;
    let filter = QueueFilter::default();
    let first = workbench::queue(&app.pool, "GA", clerk_id, Queue::New, &filter, None, 2)
        .await
        .expect("first page");
    assert_eq!(first.rows.len(), 2);
    assert!(first.counts.contains(&(Queue::New, 3)));
    let next = first.next.expect("a next page");
    let second = workbench::queue(
        &app.pool,
        "GA",
        clerk_id,
        Queue::New,
        &filter,
        Some(next),
        2,
    )
    .await
    .expect("second page");
    assert_eq!(
        second.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![cases[2]]
    );
    assert!(second.next.is_none());

    // Another department's clerk sees none of them.
    let (_, other_id) = staff_browser(&app, "clerk", "clerk.scjg", "王科员", "SCJG").await;
    let other = workbench::queue(&app.pool, "SCJG", other_id, Queue::New, &filter, None, 2)
        .await
        .expect("other department");
    assert!(other.rows.is_empty());
}

async fn in_queue(app: &TestApp, clerk_id: Uuid, queue: Queue, filter: &QueueFilter) -> Vec<Uuid> {
    workbench::queue(&app.pool, "GA", clerk_id, queue, filter, None, 50)
        .await
        .expect("queue")
        .rows
        .iter()
        .map(|r| r.id)
        .collect()
}

#[tokio::test]
async fn workbench_queues_filters_and_refusals() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let a = submit_complete(&app).await;
    let b = submit_complete(&app).await;
    let number_a = case_number(&app, a).await;
    let (clerk, clerk_id) = staff_browser(&app, "clerk", "clerk.ga", "王科员", "GA").await;
    let all = QueueFilter::default();

    // Filters: a case number prefix, the applicant's name, the service.
    let by_number = QueueFilter {
        q: Some(number_a.clone()),
        ..QueueFilter::default()
    };
    assert_eq!(
        in_queue(&app, clerk_id, Queue::New, &by_number).await,
        vec![a]
    );
    let by_name = QueueFilter {
        q: Some("张三".into()),
        ..QueueFilter::default()
    };
    assert_eq!(
        in_queue(&app, clerk_id, Queue::New, &by_name).await,
        vec![a, b]
    );
    let other_service = QueueFilter {
        service: Some("GA-001".into()),
        ..QueueFilter::default()
    };
    assert!(in_queue(&app, clerk_id, Queue::New, &other_service)
        .await
        .is_empty());
    let (status, html) = clerk
        .get_html(&format!("/workbench?queue=new&q={number_a}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("/workbench/cases/{a}")));
    assert!(!html.contains(&format!("/workbench/cases/{b}")));

    // Staff see what was filed, files included; the applicant has no workbench page.
    let (_, page) = clerk.get_html(&format!("/workbench/cases/{a}")).await;
    let file: Uuid = sqlx::query_scalar(
        "select id from attachments where case_id = $1 order by field_key limit 1",
    )
    .bind(a)
    .fetch_one(&app.pool)
    .await
    .expect("file");
    assert!(page.contains(&format!("/files/{file}")));
    assert!(page.contains("出国留学需要无犯罪记录证明。"));
    assert_eq!(
        clerk.get(&format!("/files/{file}")).await.status(),
        StatusCode::OK
    );
    let (status, _) = app.get_html(&format!("/workbench/cases/{a}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A draft is the applicant's alone.
    let page = open_form(&app, "/apply/GA-004").await;
    let response = post_application(&app, &page, "save", &[("details", "草稿")], vec![]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let draft: Uuid = sqlx::query_scalar("select id from cases where state = 'draft'")
        .fetch_one(&app.pool)
        .await
        .expect("draft");
    let (status, _) = clerk.get_html(&format!("/workbench/cases/{draft}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for decision in ["claim", "accept"] {
        let response = decide(&clerk, draft, decision, "0", &[]).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{decision}");
    }

    // Accepting puts the case in "Mine"; a long-gone acceptance makes it overdue.
    let version = page_version(&clerk, a).await;
    let response = decide(&clerk, a, "accept", &version, &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(in_queue(&app, clerk_id, Queue::Mine, &all).await, vec![a]);
    assert_eq!(in_queue(&app, clerk_id, Queue::New, &all).await, vec![b]);
    assert!(in_queue(&app, clerk_id, Queue::Overdue, &all)
        .await
        .is_empty());
    app.backdate_acceptance(a, 120).await;
    assert_eq!(
        in_queue(&app, clerk_id, Queue::Overdue, &all).await,
        vec![a]
    );
    let (_, html) = clerk.get_html("/workbench?queue=overdue").await;
    assert!(html.contains(&number_a));
    assert!(html.contains(r#"data-queue="overdue" class="badge-count">1<"#));

    // Refusing at intake needs a reason.
    let version = page_version(&clerk, b).await;
    let response = decide(&clerk, b, "refuse_at_intake", &version, &[("reason", " ")]).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response
        .text()
        .await
        .expect("body")
        .contains("请填写原因。"));
    let response = decide(
        &clerk,
        b,
        "refuse_at_intake",
        &version,
        &[("reason", "不属于本部门")],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    // Denying needs a listed legal ground and an explanation.
    let version = page_version(&clerk, a).await;
    let response = decide(&clerk, a, "start_review", &version, &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let version = page_version(&clerk, a).await;
    let response = decide(
        &clerk,
        a,
        "deny",
        &version,
        &[
            ("legal_reason_code", "made-up"),
            ("explanation", "不符合条件"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let response = decide(
        &clerk,
        a,
        "deny",
        &version,
        &[("legal_reason_code", "xzxk-38-2"), ("explanation", "")],
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let response = decide(
        &clerk,
        a,
        "deny",
        &version,
        &[
            ("legal_reason_code", "xzxk-38-2"),
            ("explanation", "不符合法定条件。"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(state_and_version(&app, a).await.0, "denied");
    assert_eq!(
        in_queue(&app, clerk_id, Queue::Finished, &all).await,
        vec![a, b]
    );
    assert!(in_queue(&app, clerk_id, Queue::Mine, &all).await.is_empty());
}
