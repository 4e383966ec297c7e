//! Findings of the security review: each test here failed before its fix.
use portal_test_support::*;
use reqwest::StatusCode;

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
        assert_eq!(location(&response), "/account", "login with next {next:?}");
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
