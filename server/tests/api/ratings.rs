//! 好差评: the applicant rates a decided case once; a bad rating reaches the supervisor, whose
//! response the applicant reads.
use crate::applications::submit_complete;
use crate::supplements::{act, in_review};
use app::domain::case_lifecycle::CaseAction;
use portal_test_support::citizen;
use portal_test_support::{spawn_app, ID_A, ID_B};
use reqwest::StatusCode;
use uuid::Uuid;

#[tokio::test]
async fn a_bad_rating_opens_a_follow_up_that_the_supervisor_answers() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let case_id = submit_complete(&app).await;
    let path = format!("/cases/{case_id}");

    let early = app
        .post_form(&path, &[("form", "rating"), ("score", "5")])
        .await;
    assert_eq!(early.status(), StatusCode::CONFLICT, "not decided yet");

    let clerk = in_review(&app, case_id).await;
    act(
        &app,
        case_id,
        &clerk,
        CaseAction::Approve {
            note: String::new(),
            valid_until: None,
        },
    )
    .await;
    let (_, page) = app.get_html(&path).await;
    assert!(page.contains("评价本次服务"), "the rating form is offered");

    let invalid = app
        .post_form(
            &path,
            &[("form", "rating"), ("score", "9"), ("comment", "太慢")],
        )
        .await;
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = invalid.text().await.expect("body");
    assert!(body.contains("请选择 1 到 5 星"));
    assert!(body.contains("太慢"), "the comment stays");

    let other = app.other_browser();
    citizen(&other, "李四", ID_B, "13900139000").await;
    let foreign = other
        .post_form(&path, &[("form", "rating"), ("score", "1")])
        .await;
    assert_eq!(foreign.status(), StatusCode::NOT_FOUND);

    let rated = app
        .post_form(
            &path,
            &[("form", "rating"), ("score", "2"), ("comment", "等了太久")],
        )
        .await;
    assert_eq!(rated.status(), StatusCode::SEE_OTHER);
    let again = app
        .post_form(&path, &[("form", "rating"), ("score", "5")])
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT, "one rating per case");
    let (_, page) = app.get_html(&path).await;
    assert!(page.contains("已转交办理部门负责人核实"));

    let supervisor: Uuid = sqlx::query_scalar(
        "insert into accounts (role, username, display_name, department_code, password_hash)
         values ('supervisor', 'supervisor.ga', '赵科长', 'GA', 'x') returning id",
    )
    .fetch_one(&app.pool)
    .await
    .expect("supervisor");
    let open: i64 = sqlx::query_scalar(
        "select count(*) from rating_followups where department_code = 'GA' and closed_at is null",
    )
    .fetch_one(&app.pool)
    .await
    .expect("open");
    assert_eq!(open, 1);
    let other_department = app::core::cases::ratings::close_followup(
        &app.pool,
        supervisor,
        "SCJG",
        case_id,
        "不是我们的",
    )
    .await;
    assert!(
        !other_department.expect("query"),
        "only the case's department closes it"
    );
    let closed = app::core::cases::ratings::close_followup(
        &app.pool,
        supervisor,
        "GA",
        case_id,
        "已约谈经办人，改进流程。",
    )
    .await
    .expect("close");
    assert!(closed);
    let (_, page) = app.get_html(&path).await;
    assert!(
        page.contains("已约谈经办人，改进流程。"),
        "the applicant sees the response"
    );
}
