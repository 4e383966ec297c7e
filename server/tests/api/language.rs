use portal_test_support::*;
use reqwest::StatusCode;

#[tokio::test]
async fn chinese_by_default_and_accept_language_decides_the_first_visit() {
    let app = spawn_app().await;
    let (_, html) = app.get_html("/").await;
    assert!(html.contains(r#"<html lang="zh-CN""#) && html.contains("一网通办"));
    let english = app
        .client
        .get(app.url("/"))
        .header("accept-language", "en-GB,en;q=0.9")
        .send()
        .await
        .expect("get");
    let html = english.text().await.expect("body");
    assert!(html.contains(r#"<html lang="en""#) && html.contains("One-Stop Government Services"));
}

#[tokio::test]
async fn the_language_choice_is_remembered_in_a_cookie_and_on_the_account() {
    let app = spawn_app().await;
    app.register_citizen("张三", ID_A, "13800138000").await;
    let response = app
        .post_form(
            "/language",
            &[("lang", "en"), ("next", "/services?topic=hunyin")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/services?topic=hunyin");
    let (_, html) = app.get_html("/services").await;
    assert!(html.contains("Service catalogue"));
    // On another device, logging in brings the saved language back.
    let phone = app.other_browser();
    phone.login("13800138000", PASSWORD).await;
    let (_, html) = phone.get_html("/account").await;
    assert!(
        html.contains("My account"),
        "saved language applies after login"
    );
    // The switch refuses an off-site next.
    let response = app
        .post_form(
            "/language",
            &[("lang", "zh-CN"), ("next", "//evil.example/")],
        )
        .await;
    assert_eq!(location(&response), "/");
}
