//! Sessions, cookies and headers (security review, point 9): pages and JSON are never stored
//! by the browser, pages carry a Content-Security-Policy, an HTTPS portal sends HSTS, uploaded
//! files are sandboxed, and `serve` refuses to start without PORTAL_SECRET.
use portal_test_support::{spawn_app, spawn_app_with, test_settings, Options};
use reqwest::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, STRICT_TRANSPORT_SECURITY};
use reqwest::StatusCode;

fn header(response: &reqwest::Response, name: reqwest::header::HeaderName) -> String {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn pages_and_json_are_never_stored_and_pages_carry_a_content_security_policy() {
    let app = spawn_app().await;
    let login = app.get("/login").await;
    assert_eq!(login.status(), StatusCode::OK);
    assert_eq!(header(&login, CACHE_CONTROL), "no-store");
    let policy = header(&login, CONTENT_SECURITY_POLICY);
    for directive in [
        "default-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
    ] {
        assert!(policy.contains(directive), "{directive} in {policy}");
    }
    assert_eq!(
        header(&login, STRICT_TRANSPORT_SECURITY),
        "",
        "plain HTTP: no HSTS"
    );

    // Signed in: the account page and the JSON behind it (personal data) are not kept either,
    // so the back button after logout shows nothing.
    app.citizen().await;
    let account = app.get("/account").await;
    assert_eq!(account.status(), StatusCode::OK);
    assert_eq!(header(&account, CACHE_CONTROL), "no-store");
    let json = app.get("/api/account/overview").await;
    assert_eq!(json.status(), StatusCode::OK);
    assert_eq!(header(&json, CACHE_CONTROL), "no-store");
    assert!(json.text().await.unwrap_or_default().contains("张三"));

    // Anything else (static assets, plain text) is left to its handler.
    let health = app.get("/healthz").await;
    assert_eq!(health.status(), StatusCode::OK);
    assert!(!header(&health, CACHE_CONTROL).contains("no-store"));
    assert_eq!(header(&health, CONTENT_SECURITY_POLICY), "");
}

#[tokio::test]
async fn an_https_portal_asks_browsers_to_stay_on_https() {
    let app = spawn_app_with(Options {
        hsts: true,
        ..Options::default()
    })
    .await;
    let page = app.get("/").await;
    assert_eq!(
        header(&page, STRICT_TRANSPORT_SECURITY),
        "max-age=31536000; includeSubDomains"
    );
}

#[tokio::test]
async fn serve_refuses_to_start_without_a_secret() {
    use server::cli::{run, Command};
    use server::config::DatabaseSettings;
    use server::startup::Application;
    let mut settings = test_settings(
        DatabaseSettings::Url("postgres://127.0.0.1:9/unused".into()),
        std::env::temp_dir().join("no-secret"),
        Options::default(),
    );
    settings.secret_configured = false;
    let refused = run(Command::Serve, settings, Application::build).await;
    let error = format!("{:#}", refused.expect_err("refused"));
    assert!(error.contains("PORTAL_SECRET is not set"), "{error}");
}
