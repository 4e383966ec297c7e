//! Findings of the security review: each test here failed before its fix.
// Helpers too may fail loudly: a panic here is a failed test (as clippy.toml allows in tests).
#![allow(clippy::expect_used)]
use app::core::throttle::{RegistrationPolicy, ThrottlePolicy};
use portal_test_support::*;
use reqwest::StatusCode;
use std::time::Duration;

fn throttle(max_per_account: i64, max_per_address: i64) -> ThrottlePolicy {
    ThrottlePolicy {
        window_minutes: 15,
        max_per_account,
        max_per_address,
    }
}

/// Posts a login with extra headers (as a reverse proxy, or a client pretending to be one).
async fn login_with_header(
    app: &TestApp,
    header: (&str, &str),
    account: &str,
    password: &str,
) -> reqwest::Response {
    let token = app.csrf_token().await;
    app.client
        .post(app.url("/login"))
        .header(header.0, header.1)
        .form(&[
            ("account", account),
            ("password", password),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .expect("POST /login")
}

/// Moves every recorded login attempt `seconds` into the past, as if that time had passed.
async fn let_time_pass(app: &TestApp, seconds: i32) {
    sqlx::query("update login_failures set failed_at = failed_at - make_interval(secs => $1)")
        .bind(f64::from(seconds))
        .execute(&app.pool)
        .await
        .expect("age the attempts");
}

/// Characters browsers drop from a URL (tab, newline…) must not smuggle another host past
/// the `next` check, after login or after a language switch.
#[tokio::test]
async fn next_never_leaves_the_site() {
    let app = spawn_app().await;
    app.register_citizen("张三", ID_A, "13800138000").await;
    app.post_form("/logout", &[]).await;
    let evil = [
        "/\t/evil.example/",
        "/\n/evil.example/",
        "/\r\n/evil.example/",
        "\t//evil.example/",
        " //evil.example/",
        "/\\evil.example/",
    ];
    for next in evil {
        let response = app
            .post_form("/language", &[("lang", "zh-CN"), ("next", next)])
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            location(&response),
            "/",
            "language switch with next {next:?}"
        );
    }
    for next in evil {
        let response = app
            .post_form(
                "/login",
                &[
                    ("account", "13800138000"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&response), "/cases", "login with next {next:?}");
        app.post_form("/logout", &[]).await;
    }
    // A real path on the site still works, query included.
    let response = app
        .post_form(
            "/language",
            &[("lang", "en"), ("next", "/services?topic=hunyin")],
        )
        .await;
    assert_eq!(location(&response), "/services?topic=hunyin");
}

/// Parallel guesses cannot all be checked before the first failure is recorded: beyond the
/// budget they are refused without being verified.
#[tokio::test]
async fn parallel_guesses_beyond_the_budget_are_refused() {
    let app = spawn_app_with(Options {
        throttle: throttle(3, 1000),
        ..Default::default()
    })
    .await;
    app.register_citizen("张三", ID_A, "13800138000").await;
    app.post_form("/logout", &[]).await;
    let token = app.csrf_token().await;
    let guesses = (0..10).map(|n| {
        let client = app.client.clone();
        let url = app.url("/login");
        let token = token.clone();
        async move {
            let password = format!("Wrong-password-{n}");
            client
                .post(url)
                .form(&[
                    ("account", "13800138000"),
                    ("password", password.as_str()),
                    ("csrf_token", token.as_str()),
                ])
                .send()
                .await
                .expect("POST /login")
                .status()
        }
    });
    let statuses = futures_util::future::join_all(guesses).await;
    let checked = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((checked, refused), (3, 7), "{statuses:?}");
}

/// Account and password have a length cap, with a clear message, so that a huge account
/// cannot make its failure unrecordable.
#[tokio::test]
async fn overlong_login_inputs_are_refused_clearly() {
    let app = spawn_app().await;
    let account = "1".repeat(5000);
    let response = app.login(&account, "Wrong-password-123").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    assert!(html.contains("账号最多 64 个字符"), "{html}");
    let password = "p".repeat(10_000);
    let response = app.login("13800138000", &password).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    assert!(html.contains("密码最多 128 个字符"), "{html}");
}

/// A citizen has one budget, whether the mobile number or the ID number is typed.
#[tokio::test]
async fn mobile_and_id_number_share_one_budget() {
    let app = spawn_app_with(Options {
        throttle: throttle(3, 1000),
        ..Default::default()
    })
    .await;
    app.register_citizen("张三", ID_A, "13800138000").await;
    app.post_form("/logout", &[]).await;
    for account in ["13800138000", ID_A, "13800138000"] {
        let response = app.login(account, "Wrong-password-123").await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let response = app.login(ID_A, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    // An unknown identifier is throttled alike, so the answers do not reveal existence.
    for _ in 0..3 {
        let response = app.login("13900139000", "Wrong-password-123").await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let response = app.login("13900139000", "Wrong-password-123").await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
}

/// A named account (the operator, a clerk) is slowed down, not locked out: the wait doubles
/// per failure, is told in seconds, and the real user gets in once it has passed.
#[tokio::test]
async fn failures_slow_an_account_down_instead_of_locking_it() {
    let app = spawn_app_with(Options {
        throttle: throttle(3, 1000),
        ..Default::default()
    })
    .await;
    server::demo::load(&app.pool).await.expect("demo data");
    for _ in 0..3 {
        let response = app.login("clerk.scjg", "Wrong-password-123").await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let response = app.login("clerk.scjg", server::demo::DEMO_PASSWORD).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let html = response.text().await.expect("body");
    assert!(html.contains("30 秒后再试"), "{html}");
    let_time_pass(&app, 31).await;
    let response = app.login("clerk.scjg", "Wrong-password-123").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let response = app.login("clerk.scjg", server::demo::DEMO_PASSWORD).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let html = response.text().await.expect("body");
    assert!(html.contains("60 秒后再试"), "wait doubles: {html}");
    let_time_pass(&app, 61).await;
    let response = app.login("clerk.scjg", server::demo::DEMO_PASSWORD).await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "the real user gets in"
    );
}

/// Behind a reverse proxy the client address comes from the configured header, so one
/// client's failures do not block everyone; without that setting the header is ignored.
#[tokio::test]
async fn the_client_address_comes_only_from_a_configured_proxy_header() {
    let app = spawn_app_with(Options {
        throttle: throttle(1000, 2),
        client_ip_header: Some("x-real-ip".into()),
        ..Default::default()
    })
    .await;
    app.register_citizen("张三", ID_A, "13800138000").await;
    app.post_form("/logout", &[]).await;
    let attacker = ("x-real-ip", "203.0.113.6");
    for n in 0..2 {
        let account = format!("1390013900{n}");
        login_with_header(&app, attacker, &account, "Wrong-password-123").await;
    }
    let response = login_with_header(&app, attacker, "13900139009", "Wrong-password-123").await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let someone_else = ("x-real-ip", "198.51.100.7");
    let response = login_with_header(&app, someone_else, "13800138000", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    // Not configured: a client cannot dodge its budget by naming itself.
    let app = spawn_app_with(Options {
        throttle: throttle(1000, 2),
        ..Default::default()
    })
    .await;
    for n in 0..2 {
        let account = format!("1390013900{n}");
        let header = (
            "x-real-ip",
            if n == 0 { "203.0.113.1" } else { "203.0.113.2" },
        );
        login_with_header(&app, header, &account, "Wrong-password-123").await;
    }
    let response = login_with_header(&app, ("x-real-ip", "203.0.113.3"), "13900139009", "x").await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
}

/// Failures older than the window are deleted, not kept for ever.
#[tokio::test]
async fn old_failures_are_pruned() {
    let app = spawn_app().await;
    sqlx::query(
        "insert into login_failures (scope, key, failed_at)
         values ('address', '192.0.2.1', now() - interval '2 days')",
    )
    .execute(&app.pool)
    .await
    .expect("old failure");
    app.login("13900139000", "Wrong-password-123").await;
    let old: i64 = sqlx::query_scalar(
        "select count(*) from login_failures where failed_at < now() - interval '1 day'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("count");
    assert_eq!(old, 0);
}

/// Hashing is bounded: when no slot comes free in time, login and registration answer a
/// localised "busy" (503) instead of queueing without end.
#[tokio::test]
async fn hashing_beyond_its_slots_is_answered_busy() {
    let app = spawn_app_with(Options {
        hashing_permits: Some(0),
        hashing_wait: Duration::from_millis(50),
        ..Default::default()
    })
    .await;
    let response = app.login("13800138000", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let html = response.text().await.expect("body");
    assert!(html.contains("系统繁忙，请稍后再试"), "{html}");
    let response = app.register_citizen("张三", ID_A, "13800138000").await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let html = response.text().await.expect("body");
    assert!(html.contains("系统繁忙，请稍后再试"), "{html}");
    // A busy answer is no failed attempt: it does not eat into the budget.
    let attempts: i64 = sqlx::query_scalar("select count(*) from login_failures")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(attempts, 0);

    // A taken mobile number or ID number is refused before any hashing.
    sqlx::query("insert into people (real_name, id_number, mobile) values ('张三', $1, $2)")
        .bind(ID_A)
        .bind("13800138000")
        .execute(&app.pool)
        .await
        .expect("person");
    let response = app.register_citizen("李四", ID_B, "13800138000").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response
        .text()
        .await
        .expect("body")
        .contains("这个手机号码已经注册过"));
}

/// Registration is rate-limited per client address.
#[tokio::test]
async fn registrations_are_rate_limited_per_address() {
    let app = spawn_app_with(Options {
        registration: RegistrationPolicy {
            window_minutes: 60,
            max_per_address: 1,
        },
        ..Default::default()
    })
    .await;
    let response = app.register_citizen("张三", ID_A, "13800138000").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let other = app.other_browser();
    let response = other.register_citizen("李四", ID_B, "13900139000").await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let html = response.text().await.expect("body");
    assert!(html.contains("注册过于频繁"), "{html}");
}

/// One-off commands need only the database: they work while a portal serves on the same
/// address (they used to bind it first and fail with "address already in use").
#[tokio::test]
async fn one_off_commands_run_beside_a_serving_portal() {
    use server::cli::{run, Command};
    use server::config::DatabaseSettings;
    use server::startup::Application;
    let serving = spawn_app().await;
    let taken: std::net::SocketAddr = serving
        .address
        .trim_start_matches("http://")
        .parse()
        .expect("the serving address");
    let (name, url) = portal_test_support::db::fresh_database("portal_test").await;
    for command in ["verify-audit", "backend list", "deliveries list", "migrate"] {
        let mut settings = test_settings(
            DatabaseSettings::Url(url.clone()),
            std::env::temp_dir().join(&name).join("files"),
            Options::default(),
        );
        settings.addr = taken;
        let parsed =
            Command::parse(command.split_whitespace().map(str::to_string)).expect("a command");
        run(parsed, settings, Application::build)
            .await
            .unwrap_or_else(|error| panic!("{command}: {error:#}"));
    }
    // The portal still serves.
    let (status, _) = serving.get_html("/").await;
    assert_eq!(status, StatusCode::OK);
    portal_test_support::db::drop_databases_blocking(vec![name]);
}
