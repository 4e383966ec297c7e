use portal_test_support::*;
use reqwest::StatusCode;

#[tokio::test]
async fn health_and_readiness() {
    let app = spawn_app().await;
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    assert_eq!(app.get("/readyz").await.status(), StatusCode::OK);
    app.pool.close().await;
    // The server's pool is the same pool: once closed, readiness fails but liveness holds.
    assert_eq!(
        app.get("/readyz").await.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn pages_carry_security_headers_and_a_context_for_hydration() {
    let app = spawn_app().await;
    let response = app.get("/").await;
    assert_eq!(
        response
            .headers()
            .get("x-frame-options")
            .map(|v| v.as_bytes()),
        Some(&b"DENY"[..])
    );
    assert_eq!(
        response
            .headers()
            .get("x-content-type-options")
            .map(|v| v.as_bytes()),
        Some(&b"nosniff"[..])
    );
    let csrf_cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("portal_csrf="))
        .map(str::to_string)
        .expect("csrf cookie");
    assert!(csrf_cookie.contains("HttpOnly") && csrf_cookie.contains("SameSite=Lax"));
    let html = response.text().await.expect("body");
    assert!(html.contains(r#"id="page-context""#));
    assert!(html.contains(r##"href="#main""##), "skip link");
    // Anonymous page views create no session rows.
    let sessions: i64 = sqlx::query_scalar("select count(*) from tower_sessions.session")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(sessions, 0);
}

#[tokio::test]
async fn cached_catalogue_pages_still_carry_each_visitors_own_token_and_never_a_users_page() {
    let app = spawn_app().await;
    let first = app.other_browser();
    let second = app.other_browser();
    let (_, page_one) = first.get_html("/services?topic=hunyin").await;
    let (_, page_two) = second.get_html("/services?topic=hunyin").await;
    let (token_one, token_two) = (extract_csrf(&page_one), extract_csrf(&page_two));
    assert!(token_one.is_some() && token_two.is_some() && token_one != token_two);
    assert!(!page_two.contains("placeholder"));
    // The second visitor's (cached) page works for posting with its own token.
    let response = second
        .client
        .post(second.url("/language"))
        .form(&[
            ("lang", "en"),
            ("next", "/"),
            ("csrf_token", token_two.as_deref().unwrap_or_default()),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    // A logged-in user gets their own page, not the anonymous one.
    app.register_citizen("张三", ID_A, "13800138000").await;
    let (_, page) = app.get_html("/services?topic=hunyin").await;
    assert!(page.contains("张三"));
}

/// A one-off command (`portal migrate`, `backend …`, `deliveries …`) with the embedded
/// database stops the server it started, so none is left running behind it, and leaves alone
/// one it found running (a serving portal's).
#[tokio::test]
async fn a_one_off_command_stops_only_the_embedded_database_it_started() {
    use embedded_pg::EmbeddedPostgres;
    use server::startup::Application;
    use std::os::unix::fs::DirBuilderExt;
    let base = std::env::temp_dir().join(format!(
        "portal-one-off-{}",
        hex::encode(rand::random::<[u8; 6]>())
    ));
    // 0755 so the postgres user can reach it when the tests run as root.
    std::fs::DirBuilder::new()
        .mode(0o755)
        .create(&base)
        .expect("base dir");
    let settings = || {
        test_settings(
            server::config::DatabaseSettings::Embedded {
                base_dir: base.clone(),
                database: "portal".into(),
            },
            base.join("files"),
            Options::default(),
        )
    };
    let command = Application::build(settings()).await.expect("first start");
    command.close().await.expect("close");
    let serving = EmbeddedPostgres::start(&base).await.expect("start");
    assert!(
        serving.started_here(),
        "the one-off command stopped the server it had started"
    );

    let command = Application::build(settings()).await.expect("while serving");
    command.close().await.expect("close");
    let probe = EmbeddedPostgres::start(&base).await.expect("probe");
    assert!(
        !probe.started_here(),
        "the serving portal's database is still running"
    );
    serving.stop().await.expect("stop");
    std::fs::remove_dir_all(&base).ok();
}
