//! Sessions and cookies (security review #9): CSRF tokens bound to the session, `__Host-`
//! cookies over HTTPS, and idle expiry that follows activity.
use portal_test_support::{citizen, extract_csrf, spawn_app, spawn_app_with, Options, ID_A};
use reqwest::StatusCode;
use std::time::Duration;

#[tokio::test]
async fn a_csrf_pair_planted_from_another_browser_does_not_work_in_a_signed_in_session() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let session = app.cookie("portal_session").expect("signed in");
    // The attacker's own browser: a valid CSRF cookie and its token, before any login.
    let attacker = app.other_browser();
    let (_, html) = attacker.get_html("/login").await;
    let token = extract_csrf(&html).expect("token");
    let csrf_cookie = attacker.cookie("portal_csrf").expect("csrf cookie");
    // Planted in the victim's browser (e.g. by a sibling subdomain) with the victim's session.
    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .post(app.url("/logout"))
        .header(
            "cookie",
            format!("portal_session={session}; portal_csrf={csrf_cookie}"),
        )
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    // The victim's own page token still works.
    let (_, html) = app.get_html("/").await;
    let own = extract_csrf(&html).expect("token");
    let response = app
        .client
        .post(app.url("/logout"))
        .form(&[("csrf_token", own.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn over_https_the_session_and_csrf_cookies_carry_the_host_prefix() {
    let app = spawn_app_with(Options {
        secure_cookies: true,
        ..Default::default()
    })
    .await;
    let response = app.get("/login").await;
    let cookies: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_string))
        .collect();
    let csrf = cookies
        .iter()
        .find(|c| c.starts_with("__Host-portal_csrf="))
        .unwrap_or_else(|| panic!("a __Host- CSRF cookie: {cookies:?}"));
    assert!(csrf.contains("; Secure") && csrf.contains("Path=/") && !csrf.contains("Domain"));
    // Registration signs in: the session cookie too.
    let html = response.text().await.expect("body");
    let token = extract_csrf(&html).expect("token");
    let value = csrf
        .trim_start_matches("__Host-portal_csrf=")
        .split(';')
        .next()
        .unwrap_or_default();
    let sent = app
        .client
        .post(app.url("/register/code"))
        .header("cookie", format!("__Host-portal_csrf={value}"))
        .form(&[("csrf_token", token.as_str()), ("mobile", "13800138000")])
        .send()
        .await
        .expect("post");
    assert_eq!(sent.status(), StatusCode::OK);
    let code = app.sms.code("13800138000", 1).await;
    let response = app
        .client
        .post(app.url("/register"))
        .header("cookie", format!("__Host-portal_csrf={value}"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("real_name", "张三"),
            ("id_number", ID_A),
            ("mobile", "13800138000"),
            ("code", code.as_str()),
            ("password", portal_test_support::PASSWORD),
            ("password_confirm", portal_test_support::PASSWORD),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let session = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("__Host-portal_session="))
        .map(str::to_string)
        .expect("a __Host- session cookie");
    assert!(session.contains("Secure") && session.contains("Path=/"));
}

async fn session_expiry(app: &portal_test_support::TestApp) -> chrono::DateTime<chrono::Utc> {
    sqlx::query_scalar("select expiry_date from tower_sessions.session")
        .fetch_one(&app.pool)
        .await
        .expect("one session")
}

#[tokio::test]
async fn activity_pushes_the_idle_expiry_back() {
    let app = spawn_app_with(Options {
        session_touch_after: Duration::ZERO,
        ..Default::default()
    })
    .await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let at_login = session_expiry(&app).await;
    // Some minutes of use later (the clock is moved rather than waited for).
    sqlx::query(
        "update tower_sessions.session set expiry_date = expiry_date - interval '25 minutes'",
    )
    .execute(&app.pool)
    .await
    .expect("update");
    let (status, _) = app.get_html("/cases").await;
    assert_eq!(status, StatusCode::OK);
    let after_use = session_expiry(&app).await;
    assert!(
        after_use > at_login,
        "expiry {after_use} should follow the last use, not the login ({at_login})"
    );
}

#[tokio::test]
async fn a_busy_session_is_not_written_on_every_request() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let at_login = session_expiry(&app).await;
    for _ in 0..3 {
        let (status, _) = app.get_html("/cases").await;
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(session_expiry(&app).await, at_login);
}
