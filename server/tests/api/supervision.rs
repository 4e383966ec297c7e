//! The supervisor dashboard: the department's weekly numbers, processing time, deadline
//! keeping, satisfaction and the open follow-ups of bad ratings, closed with a response the
//! applicant reads. Only supervisors see it, each only their own department.
use crate::applications::submit_complete;
use crate::supplements::{act, clerk};
use app::core::cases::calendar;
use app::domain::case_lifecycle::CaseAction;
use chrono::{Duration, NaiveDate};
use portal_test_support::citizen;
use portal_test_support::{location, spawn_app, staff_browser, TestApp, ID_A};
use reqwest::StatusCode;
use uuid::Uuid;

async fn case_number(app: &TestApp, case_id: Uuid) -> String {
    sqlx::query_scalar("select case_number from cases where id = $1")
        .bind(case_id)
        .fetch_one(&app.pool)
        .await
        .expect("case number")
}

/// Sets the acceptance day so that `working_days` working days lie between it and today.
async fn accepted_working_days_ago(app: &TestApp, case_id: Uuid, working_days: i64) {
    let days = calendar::load_calendar(&app.pool).await.expect("calendar");
    let today = calendar::today(&app.pool).await.expect("today");
    let mut day: NaiveDate = today;
    while days.working_days_between(day, today) < working_days {
        day -= Duration::days(1);
    }
    app.set_accepted_on(case_id, day).await;
}

async fn rate(app: &TestApp, case_id: Uuid, score: &str, comment: &str) {
    let rated = app
        .post_form(
            &format!("/cases/{case_id}"),
            &[("form", "rating"), ("score", score), ("comment", comment)],
        )
        .await;
    assert_eq!(rated.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn supervision_dashboard_shows_the_departments_numbers_and_closes_follow_ups() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let fast = submit_complete(&app).await;
    let late = submit_complete(&app).await;
    let open = submit_complete(&app).await;
    let fast_number = case_number(&app, fast).await;
    let promised: i32 = sqlx::query_scalar(
        "select s.promised_days from cases c join services s on s.code = c.service_code
         where c.id = $1",
    )
    .bind(fast)
    .fetch_one(&app.pool)
    .await
    .expect("promised days");
    let promised = i64::from(promised);

    let ga = clerk(&app, "GA").await;
    for case_id in [fast, late, open] {
        act(&app, case_id, &ga, CaseAction::Accept).await;
        act(&app, case_id, &ga, CaseAction::StartReview).await;
    }
    // Decided today: one accepted today (0 working days), one a day past its promised limit.
    accepted_working_days_ago(&app, fast, 0).await;
    accepted_working_days_ago(&app, late, promised + 1).await;
    // Still open, well past its due date.
    accepted_working_days_ago(&app, open, promised + 5).await;
    act(
        &app,
        fast,
        &ga,
        CaseAction::Approve {
            note: String::new(),
            valid_until: None,
        },
    )
    .await;
    act(
        &app,
        late,
        &ga,
        CaseAction::Deny {
            legal_reason_code: "xzxk-38-2".into(),
            explanation: "不符合条件".into(),
        },
    )
    .await;
    rate(&app, fast, "2", "等了太久").await;
    rate(&app, late, "5", "").await;

    // Clerks and citizens: no dashboard, and no closing.
    let ga_clerk = staff_browser(&app, "clerk", "clerk.ga2", "赵科长", "GA")
        .await
        .0;
    let (status, html) = ga_clerk.get_html("/workbench/supervision").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!html.contains("等了太久"));
    let (_, html) = ga_clerk.get_html("/workbench").await;
    assert!(
        !html.contains(r#"href="/workbench/supervision""#),
        "no link for clerks"
    );
    let (status, _) = app.get_html("/workbench/supervision").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let refused = ga_clerk
        .post_form(
            "/workbench/supervision",
            &[("case_id", &fast.to_string()), ("response", "我来回复")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    // The GA supervisor sees GA's numbers.
    let supervisor = staff_browser(&app, "supervisor", "supervisor.ga", "赵科长", "GA")
        .await
        .0;
    let (status, html) = supervisor.get_html("/workbench").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"href="/workbench/supervision""#), "{html}");
    let (status, html) = supervisor.get_html("/workbench/supervision").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("<svg"), "the chart: {html}");
    assert!(html.contains(r#"role="img""#));
    assert!(html.contains("<caption>"), "the table");
    assert!(
        html.contains(r#"class="sv-received">3<"#),
        "three received this week: {html}"
    );
    assert!(
        html.contains(r#"class="sv-finished">2<"#),
        "two finished this week: {html}"
    );
    let median = format!("{:.1} 个工作日", (promised + 1) as f64 / 2.0);
    assert!(html.contains(&median), "median {median}: {html}");
    assert!(
        html.contains("50%（1 / 2 件）"),
        "one of two on time: {html}"
    );
    assert!(
        html.contains(r#"id="sv-overdue-now">1<"#),
        "one overdue now: {html}"
    );
    assert!(
        html.contains("平均 3.5 星（2 条评价）"),
        "satisfaction: {html}"
    );
    assert!(html.contains(&fast_number), "the follow-up's case");
    assert!(html.contains("等了太久"), "the follow-up's comment");
    assert!(html.contains("回复并关闭"));

    // Another department's supervisor sees none of it and cannot close it.
    let scjg = staff_browser(&app, "supervisor", "supervisor.scjg", "赵科长", "SCJG")
        .await
        .0;
    let (status, html) = scjg.get_html("/workbench/supervision").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains(&fast_number));
    assert!(!html.contains("等了太久"));
    assert!(!html.contains(r#"class="sv-received">3<"#));
    assert!(!html.contains("平均 3.5 星"));
    assert!(html.contains("暂无待处理的差评。"));
    let foreign = scjg
        .post_form(
            "/workbench/supervision",
            &[("case_id", &fast.to_string()), ("response", "不是我们的")],
        )
        .await;
    assert_eq!(foreign.status(), StatusCode::NOT_FOUND);

    // An empty response is refused with the page and the error.
    let empty = supervisor
        .post_form(
            "/workbench/supervision",
            &[("case_id", &fast.to_string()), ("response", "  ")],
        )
        .await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = empty.text().await.expect("body");
    assert!(body.contains("请填写回复内容。"), "{body}");
    assert!(body.contains(&fast_number));

    let closed = supervisor
        .post_form(
            "/workbench/supervision",
            &[
                ("case_id", &fast.to_string()),
                ("response", "已约谈经办人，改进流程。"),
            ],
        )
        .await;
    assert_eq!(closed.status(), StatusCode::SEE_OTHER);
    let to = location(&closed);
    assert!(to.contains("notice=notice-sv-followup-closed"), "{to}");
    let (_, html) = supervisor.get_html(&to).await;
    assert!(html.contains("已回复并关闭该差评"));
    assert!(!html.contains("等了太久"), "no longer open");
    let (_, page) = app.get_html(&format!("/cases/{fast}")).await;
    assert!(
        page.contains("已约谈经办人，改进流程。"),
        "the applicant sees the response"
    );
}
