use app::core::throttle::ThrottlePolicy;
use portal_test_support::*;
use reqwest::StatusCode;

#[tokio::test]
async fn login_cycles_the_session_id_and_logout_ends_the_session() {
    let app = spawn_app().await;
    let registered = app.register_citizen("张三", ID_A, "13800138000").await;
    assert_eq!(registered.status(), StatusCode::SEE_OTHER);
    let first_session = app.cookie("portal_session").expect("registration logs in");
    app.post_form("/logout", &[]).await;
    assert_eq!(
        app.cookie("portal_session"),
        None,
        "logout clears the cookie"
    );

    // A session exists before login (e.g. from a language choice or an attacker's fixation).
    let response = app.login("13800138000", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&response),
        "/cases",
        "a citizen lands on their applications"
    );
    let session = app
        .cookie("portal_session")
        .expect("session cookie after login");
    assert_ne!(session, first_session);
    let (status, html) = app.get_html("/account").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("110***********002X"),
        "ID number is shown masked"
    );
    assert!(!html.contains(ID_A), "full ID number never appears");

    // Logging out deletes the session server-side: replaying the old cookie does not work.
    let stolen = app.cookie("portal_session").expect("cookie");
    let logout = app.post_form("/logout", &[]).await;
    assert_eq!(logout.status(), StatusCode::SEE_OTHER);
    let replay = reqwest::Client::new()
        .get(app.url("/account"))
        .header("cookie", format!("portal_session={stolen}"))
        .send()
        .await
        .expect("replay");
    assert_eq!(replay.status(), StatusCode::UNAUTHORIZED);
    let rows: i64 = sqlx::query_scalar("select count(*) from tower_sessions.session")
        .fetch_one(&app.pool)
        .await
        .expect("count sessions");
    assert_eq!(rows, 0);
}

#[tokio::test]
async fn logging_in_over_an_existing_session_issues_a_new_session_id() {
    let app = spawn_app().await;
    let other = app.other_browser();
    other.register_citizen("李四", ID_B, "13900139000").await;
    // This browser already holds a live session (logged in as 张三) when 李四 logs in on it.
    app.register_citizen("张三", ID_A, "13800138000").await;
    let before = app.cookie("portal_session").expect("session before login");
    let response = app.login("13900139000", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let after = app.cookie("portal_session").expect("session after login");
    assert_ne!(before, after, "session id must be cycled at login");
    let (_, html) = app.get_html("/account").await;
    assert!(html.contains("李四"));
    // The old id is dead.
    let old = reqwest::Client::new()
        .get(app.url("/account"))
        .header("cookie", format!("portal_session={before}"))
        .send()
        .await
        .expect("old session");
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn unknown_account_and_wrong_password_get_the_same_answer() {
    let app = spawn_app().await;
    app.register_citizen("张三", ID_A, "13800138000").await;
    app.post_form("/logout", &[]).await;
    let wrong_password = app.login("13800138000", "Not-the-password-1").await;
    let wrong_status = wrong_password.status();
    let wrong_html = wrong_password.text().await.expect("body");
    let unknown = app.login("13900139000", "Not-the-password-1").await;
    let unknown_status = unknown.status();
    let unknown_html = unknown.text().await.expect("body");
    assert_eq!(wrong_status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong_status, unknown_status);
    assert!(wrong_html.contains("账号或密码不正确"));
    assert!(unknown_html.contains("账号或密码不正确"));
    // The typed account stays in the form; the password does not come back.
    assert!(wrong_html.contains(r#"value="13800138000""#));
    assert!(!wrong_html.contains("Not-the-password-1"));
}

#[tokio::test]
async fn logins_are_throttled_per_account_with_a_clear_message() {
    let app = spawn_app_with(Options {
        throttle: ThrottlePolicy {
            window_minutes: 15,
            max_per_account: 3,
            max_per_address: 100,
        },
        ..Default::default()
    })
    .await;
    app.register_citizen("张三", ID_A, "13800138000").await;
    app.post_form("/logout", &[]).await;
    for _ in 0..3 {
        let r = app.login("13800138000", "Wrong-password-123").await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    // Even the right password is refused now, with the wait in the message.
    let throttled = app.login("138 0013 8000", PASSWORD).await;
    assert_eq!(throttled.status(), StatusCode::TOO_MANY_REQUESTS);
    let html = throttled.text().await.expect("body");
    assert!(html.contains("登录失败次数过多"), "{html}");
    assert!(html.contains("15 分钟"));
    // Another account from the same address is not affected.
    let other = app.other_browser();
    other.register_citizen("李四", ID_B, "13900139000").await;
    other.post_form("/logout", &[]).await;
    assert_eq!(
        other.login("13900139000", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn logins_are_throttled_per_client_address() {
    let app = spawn_app_with(Options {
        throttle: ThrottlePolicy {
            window_minutes: 15,
            max_per_account: 100,
            max_per_address: 4,
        },
        ..Default::default()
    })
    .await;
    app.register_citizen("张三", ID_A, "13800138000").await;
    app.post_form("/logout", &[]).await;
    for n in 0..4 {
        let account = format!("1390013900{n}");
        app.login(&account, "Wrong-password-123").await;
    }
    let response = app.login("13800138000", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn staff_log_in_with_their_username() {
    let app = spawn_app().await;
    server::demo::load(&app.pool).await.expect("demo data");
    let response = app
        .login_staff("Clerk.SCJG", server::demo::DEMO_PASSWORD)
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (_, html) = app.get_html("/account").await;
    assert!(html.contains("窗口工作人员"));
    assert!(html.contains("市场监督管理局"));
}

#[tokio::test]
async fn each_role_lands_on_its_own_work_after_login_unless_a_page_sent_it() {
    let app = spawn_app().await;
    for (role, username, department, home) in [
        ("clerk", "clerk.scjg", Some("SCJG"), "/workbench"),
        ("supervisor", "supervisor.scjg", Some("SCJG"), "/workbench"),
        ("operator", "operator", None, "/admin/staff"),
    ] {
        insert_staff(&app, role, username, "王窗口", department).await;
        let browser = app.other_browser();
        let first = browser.login(username, PASSWORD).await;
        assert_eq!(
            location(&first),
            format!("/login/second-factor?next={}", home.replace('/', "%2F")),
            "{role}: the second step carries the role's home"
        );
        // The second step's page carries the home on to its form.
        let (_, page) = browser.get_html(&location(&first)).await;
        assert!(
            page.contains(&format!(r#"name="next" value="{home}""#)),
            "{role}: the second step's form keeps where to go"
        );
        let code = app::core::identity::totp::code_at(
            app::core::identity::totp::Algorithm::Sha1,
            TOTP_SECRET,
            chrono::Utc::now().timestamp(),
            app::core::identity::totp::DIGITS,
        );
        let response = browser
            .post_form("/login/second-factor", &[("code", &code), ("next", home)])
            .await;
        assert_eq!(location(&response), home, "{role} lands on {home}");
        let (status, _) = browser.get_html(home).await;
        assert_eq!(status, StatusCode::OK, "{role} may open {home}");
    }
    // A page that sent the login still gets it back.
    let browser = app.other_browser();
    let first = browser
        .post_form(
            "/login",
            &[
                ("account", "clerk.scjg"),
                ("password", PASSWORD),
                ("next", "/workbench/supervision"),
            ],
        )
        .await;
    assert!(location(&first).ends_with("next=%2Fworkbench%2Fsupervision"));
}
