//! The operator keeps the working-day calendar; nobody else may.
use portal_test_support::actors::insert_staff;
use portal_test_support::{spawn_app, PASSWORD};
use reqwest::StatusCode;

#[tokio::test]
async fn the_operator_records_and_removes_holidays_and_nobody_else_can() {
    let app = spawn_app().await;
    for (username, role, department) in [
        ("operator", "operator", None),
        ("clerk.ga", "clerk", Some("GA")),
    ] {
        insert_staff(&app, role, username, "测试", department).await;
    }
    let clerk = app.other_browser();
    clerk.login_staff("clerk.ga", PASSWORD).await;
    assert_eq!(
        clerk.get("/admin/calendar").await.status(),
        StatusCode::FORBIDDEN
    );
    let refused = clerk
        .post_form(
            "/admin/calendar",
            &[
                ("action", "add"),
                ("day", "2027-01-01"),
                ("kind", "holiday"),
            ],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    app.login_staff("operator", PASSWORD).await;
    let (status, html) = app.get_html("/admin/calendar?year=2026").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("2026-10-01") && html.contains("国庆节"),
        "the seeded 2026 holidays"
    );

    let invalid = app
        .post_form(
            "/admin/calendar",
            &[
                ("action", "add"),
                ("day", "2027-02-30"),
                ("kind", "holiday"),
                ("note", "元旦"),
            ],
        )
        .await;
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = invalid.text().await.expect("body");
    assert!(body.contains("请输入有效日期"));
    assert!(body.contains("元旦"), "the other answers stay");

    let saved = app
        .post_form(
            "/admin/calendar",
            &[
                ("action", "add"),
                ("day", "2027-01-01"),
                ("kind", "holiday"),
                ("note", "元旦"),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let (_, html) = app.get_html("/admin/calendar?year=2027").await;
    assert!(html.contains("2027-01-01"));
    let kind: String =
        sqlx::query_scalar("select kind from calendar_days where day = '2027-01-01'")
            .fetch_one(&app.pool)
            .await
            .expect("row");
    assert_eq!(kind, "holiday");

    let removed = app
        .post_form(
            "/admin/calendar",
            &[("action", "remove"), ("day", "2027-01-01")],
        )
        .await;
    assert_eq!(removed.status(), StatusCode::SEE_OTHER);
    let left: i64 =
        sqlx::query_scalar("select count(*) from calendar_days where day = '2027-01-01'")
            .fetch_one(&app.pool)
            .await
            .expect("count");
    assert_eq!(left, 0);

    // Both changes are in the audit log, by the operator, with what changed.
    let operator: uuid::Uuid =
        sqlx::query_scalar("select id from accounts where username = 'operator'")
            .fetch_one(&app.pool)
            .await
            .expect("operator");
    let rows: Vec<(String, uuid::Uuid, serde_json::Value)> = sqlx::query_as(
        "select action, actor_account_id, detail from audit_log
         where action like 'calendar.%' order by id",
    )
    .fetch_all(&app.pool)
    .await
    .expect("audit");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!((rows[0].0.as_str(), rows[0].1), ("calendar.save", operator));
    assert_eq!(rows[0].2["day"], "2027-01-01");
    assert_eq!(rows[0].2["note"], "元旦");
    assert_eq!(
        (rows[1].0.as_str(), rows[1].1),
        ("calendar.remove", operator)
    );
}
