use portal_test_support::*;
use reqwest::StatusCode;

#[tokio::test]
async fn posts_without_a_valid_csrf_token_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let fields = [
        ("real_name", "张三"),
        ("id_number", ID_A),
        ("mobile", "13800138000"),
        ("password", PASSWORD),
        ("password_confirm", PASSWORD),
    ];
    // No token at all.
    let response = app
        .client
        .post(app.url("/register"))
        .form(&fields)
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response.text().await.expect("body").contains("表单已过期"));
    // A token minted for another browser.
    let other = app.other_browser();
    let foreign = other.csrf_token().await;
    let _ = app.csrf_token().await; // this browser has its own cookie
    let mut with_foreign: Vec<(&str, &str)> = fields.to_vec();
    with_foreign.push(("csrf_token", &foreign));
    let response = app
        .client
        .post(app.url("/register"))
        .form(&with_foreign)
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let people: i64 = sqlx::query_scalar("select count(*) from people")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(people, 0);
    // The right token works.
    assert_eq!(
        app.register_citizen("张三", ID_A, "13800138000")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn the_csrf_token_is_replaced_at_login() {
    let app = spawn_app().await;
    app.register_citizen("张三", ID_A, "13800138000").await;
    app.post_form("/logout", &[]).await;
    let before = app.csrf_token().await;
    app.login("13800138000", PASSWORD).await;
    let after = app.csrf_token().await;
    assert_ne!(before, after);
    // The pre-login token no longer works.
    let response = app
        .client
        .post(app.url("/language"))
        .form(&[
            ("lang", "en"),
            ("next", "/"),
            ("csrf_token", before.as_str()),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn bodies_over_the_limit_get_413() {
    let app = spawn_app_with(Options {
        body_limit_bytes: 4096,
        ..Default::default()
    })
    .await;
    let token = app.csrf_token().await;
    let big = "张".repeat(5000);
    let response = app
        .client
        .post(app.url("/register"))
        .form(&[("csrf_token", token.as_str()), ("real_name", big.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn malformed_requests_get_4xx_not_500() {
    let app = spawn_app().await;
    let token = app.csrf_token().await;
    // Invalid percent-encoding / invalid UTF-8 in a form body.
    let response = app
        .client
        .post(app.url("/register"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-csrf-token", token.as_str())
        .body(vec![b'a', b'=', 0xff, 0xfe, b'&', b'%'])
        .send()
        .await
        .expect("post");
    assert!(response.status().is_client_error(), "{}", response.status());
    // A path parameter that is not a UUID.
    let response = app
        .client
        .post(app.url("/account/enterprises/not-a-uuid/accept"))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .expect("post");
    assert!(response.status().is_client_error(), "{}", response.status());
    // Unknown page.
    assert_eq!(
        app.get("/no/such/page").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/services/NOPE-999").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn staff_accounts_cannot_be_created_by_citizens() {
    let app = spawn_app().await;
    app.register_citizen("张三", ID_A, "13800138000").await;
    let response = app
        .post_form(
            "/admin/staff",
            &[
                ("username", "sneaky"),
                ("display_name", "张三"),
                ("role", "operator"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let staff: i64 = sqlx::query_scalar("select count(*) from accounts where role <> 'citizen'")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(staff, 0);
    assert_eq!(
        app.get("/admin/staff").await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_operator_creates_staff_and_errors_keep_the_answers() {
    let app = spawn_app().await;
    server::demo::load(&app.pool).await.expect("demo");
    app.login_staff("operator", server::demo::DEMO_PASSWORD)
        .await;
    // Clerk without department: refused, other answers kept.
    let response = app
        .post_form(
            "/admin/staff",
            &[
                ("username", "clerk.ga"),
                ("display_name", "赵窗口"),
                ("role", "clerk"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    assert!(html.contains("请为该工作人员选择所属部门"));
    assert!(html.contains(r#"value="clerk.ga""#));
    assert!(
        html.contains(r##"href="#staff-department_code""##),
        "error summary links to the field"
    );
    let response = app
        .post_form(
            "/admin/staff",
            &[
                ("username", "clerk.ga"),
                ("display_name", "赵窗口"),
                ("role", "clerk"),
                ("department_code", "GA"),
                ("password", PASSWORD),
            ],
        )
        .await;
    // Created, with a one-time enrolment link for its holder; a password the operator slipped
    // into the post is not the account's.
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.expect("body");
    assert!(
        html.contains("/login/enrol?token="),
        "the enrolment link: {html}"
    );
    let clerk = app.other_browser();
    let login = clerk.login("clerk.ga", PASSWORD).await;
    assert_eq!(login.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The creation is in the audit log, by the operator who did it, without the password.
    let (actor, detail): (uuid::Uuid, serde_json::Value) = sqlx::query_as(
        "select actor_account_id, detail from audit_log
         where action = 'staff.create' and detail->>'username' = 'clerk.ga'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("audited");
    let operator: uuid::Uuid =
        sqlx::query_scalar("select id from accounts where username = 'operator'")
            .fetch_one(&app.pool)
            .await
            .expect("operator");
    assert_eq!(actor, operator);
    assert_eq!(
        (detail["username"].as_str(), detail["role"].as_str()),
        (Some("clerk.ga"), Some("clerk"))
    );
    assert!(!detail.to_string().contains(PASSWORD));
}
