//! Reads of lists are audited like reads of one case: a clerk's queue pages (`queue.view`)
//! and searches (`queue.search`, with the text searched for and the cases found) and the
//! supervisor's dashboard (`dashboard.view`). A link from another site records none of them.
use crate::applications::submit_complete;
use portal_test_support::citizen;
use portal_test_support::{spawn_app, staff_browser, TestApp, ID_A};
use reqwest::StatusCode;
use serde_json::Value;
use uuid::Uuid;

/// `(action, actor, department, detail)` of every row not about one case, oldest first.
async fn list_reads(app: &TestApp) -> Vec<(String, Uuid, Option<String>, Value)> {
    sqlx::query_as(
        "select action, actor_account_id, department_code, detail from audit_log
         where action in ('queue.view', 'queue.search', 'dashboard.view') order by id",
    )
    .fetch_all(&app.pool)
    .await
    .expect("audit rows")
}

async fn open(browser: &TestApp, path: &str, fetch_site: &str) -> String {
    let response = browser
        .client
        .get(browser.url(path))
        .header("sec-fetch-site", fetch_site)
        .send()
        .await
        .expect("get");
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.text().await.expect("body")
}

#[tokio::test]
async fn audit_queue_pages_searches_and_the_dashboard_are_recorded_never_from_another_site() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let case_id = submit_complete(&app).await;
    let (clerk, clerk_id) = staff_browser(&app, "clerk", "clerk.ga", "李审计", "GA").await;
    let (supervisor, supervisor_id) =
        staff_browser(&app, "supervisor", "supervisor.ga", "赵科长", "GA").await;

    // Links from another site (a mail, a forum) to a search, the dashboard and the data
    // behind them: a page asking to open it, and nothing read or recorded.
    let search = "/workbench?q=%E5%BC%A0%E4%B8%89";
    for (browser, path) in [
        (&clerk, search.to_string()),
        (
            &clerk,
            "/api/workbench/queue?queue=New&filter[q]=x".to_string(),
        ),
        (&clerk, format!("/api/workbench/case?id={case_id}")),
        (&supervisor, "/workbench/supervision".to_string()),
    ] {
        let html = open(browser, &path, "cross-site").await;
        assert!(html.contains("打开这个页面？"), "{path}: {html}");
        assert!(!html.contains("张三"), "{path}: no applicant shown");
    }
    assert!(list_reads(&app).await.is_empty(), "nothing recorded");
    let views: i64 = sqlx::query_scalar("select count(*) from audit_log where case_id is not null")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(views, 0);

    // The clerk's own clicks: the queue, then a search for the applicant by name.
    let html = open(&clerk, "/workbench", "same-origin").await;
    assert!(html.contains("张"), "{html}");
    let html = open(&clerk, search, "same-origin").await;
    assert!(html.contains("张"), "{html}");
    // The supervisor's dashboard.
    open(&supervisor, "/workbench/supervision", "same-origin").await;

    let rows = list_reads(&app).await;
    let shown = serde_json::json!([case_id.to_string()]);
    let (action, actor, department, detail) = &rows[0];
    assert_eq!(
        (action.as_str(), *actor, department.as_deref()),
        ("queue.view", clerk_id, Some("GA"))
    );
    assert_eq!(detail["cases"], shown);
    assert!(detail.get("q").is_none());
    let (action, actor, _, detail) = &rows[1];
    assert_eq!((action.as_str(), *actor), ("queue.search", clerk_id));
    assert_eq!(detail["q"], "张三");
    assert_eq!(detail["cases"], shown, "who was found is kept");
    let dashboard: Vec<_> = rows
        .iter()
        .filter(|r| r.0 == "dashboard.view")
        .map(|r| (r.1, r.2.clone()))
        .collect();
    assert_eq!(dashboard, [(supervisor_id, Some("GA".to_string()))]);
    // The chain still verifies with these rows in it.
    let report = app::core::audit::verify(&app.pool, &crate::audit::chain_key(), None)
        .await
        .expect("verify");
    assert_eq!(report.first_broken_id, None);
}
