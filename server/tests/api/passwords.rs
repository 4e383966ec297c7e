//! Passwords (identity #2, #5): a reset code sent by SMS through the reference gateway, its
//! limits, answers that do not tell which mobiles have accounts, and a change that needs the
//! current password; both end the account's other sessions.
use portal_test_support::sms_gateway::SmsGateway;
use portal_test_support::{citizen, form_shape, location, spawn_app, TestApp, ID_A, PASSWORD};
use reqwest::StatusCode;

const MOBILE: &str = "13800138000";
const NEW_PASSWORD: &str = "Harbour-Lantern-71";

async fn app_with_sms() -> (TestApp, SmsGateway) {
    let app = spawn_app().await;
    let sms = app.sms.clone();
    (app, sms)
}

/// Whether `browser` is signed in: the change-password page shows its form only then.
async fn signed_in(browser: &TestApp) -> bool {
    let (status, html) = browser.get_html("/account/password").await;
    assert_eq!(status, StatusCode::OK);
    html.contains(r#"name="current_password""#)
}

async fn confirm(browser: &TestApp, mobile: &str, code: &str, password: &str) -> reqwest::Response {
    browser
        .post_form(
            "/password/reset/confirm",
            &[
                ("mobile", mobile),
                ("code", code),
                ("password", password),
                ("password_confirm", password),
            ],
        )
        .await
}

#[tokio::test]
async fn a_code_read_from_the_phone_resets_the_password_and_ends_every_session() {
    let (app, sms) = app_with_sms().await;
    citizen(&app, "张三", ID_A, MOBILE).await;
    let laptop = app.other_browser();
    assert_eq!(
        laptop.login(MOBILE, PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    assert!(signed_in(&app).await && signed_in(&laptop).await);

    let forgetful = app.other_browser();
    let asked = forgetful
        .post_form("/password/reset", &[("mobile", MOBILE)])
        .await;
    assert_eq!(asked.status(), StatusCode::SEE_OTHER);
    assert!(location(&asked).starts_with("/password/reset/confirm?mobile=13800138000"));
    // The second message to the phone: the first was the registration's code.
    let text = sms.message(MOBILE, 2).await;
    assert!(
        text.contains("找回密码") && text.contains("5 分钟"),
        "{text}"
    );
    let code = sms.code(MOBILE, 2).await;

    let done = confirm(&forgetful, MOBILE, &code, NEW_PASSWORD).await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&done), "/login?notice=notice-password-reset");
    assert!(!signed_in(&app).await, "the phone's session ended");
    assert!(!signed_in(&laptop).await, "the laptop's session ended");
    assert_eq!(
        forgetful.login(MOBILE, PASSWORD).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "the old password no longer works"
    );
    assert_eq!(
        forgetful.login(MOBILE, NEW_PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    // Used once: the same code again is refused.
    let again = confirm(&app, MOBILE, &code, "Another-Lantern-72").await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.text().await.unwrap().contains("该验证码已经用过"));

    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_log where action = 'account.password_reset'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);
    let (hashes, leftovers): (i64, i64) = sqlx::query_as(
        "select (select count(*) from one_time_codes where code_hash like '%' || $1 || '%'),
                (select count(*) from sms_outbox where params::text like '%' || $1 || '%')",
    )
    .bind(&code)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        (hashes, leftovers),
        (0, 0),
        "the code is kept only hashed, the sent text emptied"
    );
}

#[tokio::test]
async fn the_answer_is_the_same_whether_or_not_a_mobile_has_an_account() {
    let (app, sms) = app_with_sms().await;
    citizen(&app, "张三", ID_A, MOBILE).await;
    let stranger = app.other_browser();
    let mut answers = Vec::new();
    for mobile in [MOBILE, "13900139000"] {
        let first = stranger
            .post_form("/password/reset", &[("mobile", mobile)])
            .await;
        let second = stranger
            .post_form("/password/reset", &[("mobile", mobile)])
            .await;
        let shape = |r: &reqwest::Response| (r.status(), location(r).replace(mobile, "M"));
        answers.push((shape(&first), shape(&second)));
        let page = stranger
            .get_html(&location(&first))
            .await
            .1
            .replace(mobile, "M");
        answers.push((
            (StatusCode::OK, form_shape(&page)),
            (StatusCode::OK, String::new()),
        ));
        // A wrong code: the same refusal for both.
        let wrong = confirm(&stranger, mobile, "000000", NEW_PASSWORD).await;
        let status = wrong.status();
        let body = wrong.text().await.unwrap().replace(mobile, "M");
        let body = form_shape(&body);
        answers.push(((status, body), (status, String::new())));
    }
    assert_eq!(answers[0], answers[3], "first and repeated requests");
    assert!(
        answers[0].1 .1.contains("notice-code-wait"),
        "{:?}",
        answers[0]
    );
    assert_eq!(answers[1], answers[4], "the confirmation page");
    assert_eq!(answers[2], answers[5], "a wrong code");
    // Only the account's mobile got a reset message, and only one (the repeat came too
    // soon); its other message is the registration's code.
    assert_eq!(sms.inbox.to(MOBILE).len(), 2);
    assert!(sms.inbox.to("13900139000").is_empty());
}

#[tokio::test]
async fn five_wrong_tries_end_a_code_and_nothing_changes() {
    let (app, sms) = app_with_sms().await;
    citizen(&app, "张三", ID_A, MOBILE).await;
    let browser = app.other_browser();
    let never_asked = confirm(&browser, MOBILE, "123456", NEW_PASSWORD).await;
    assert!(never_asked
        .text()
        .await
        .unwrap()
        .contains("还没有获取验证码"));
    browser
        .post_form("/password/reset", &[("mobile", MOBILE)])
        .await;
    let code = sms.code(MOBILE, 2).await;
    let wrong = if code == "000000" { "000001" } else { "000000" };
    for left in (0..5).rev() {
        let refused = confirm(&browser, MOBILE, wrong, NEW_PASSWORD).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = refused.text().await.unwrap();
        assert!(html.contains(&format!("还可以再试 {left} 次")), "{left}");
    }
    let late = confirm(&browser, MOBILE, &code, NEW_PASSWORD).await;
    assert!(late.text().await.unwrap().contains("输错次数过多"));
    assert!(signed_in(&app).await, "nothing was reset");
    assert_eq!(
        browser.login(MOBILE, PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_change_needs_the_current_password_and_ends_only_the_other_sessions() {
    let (app, _sms) = app_with_sms().await;
    citizen(&app, "张三", ID_A, MOBILE).await;
    let tablet = app.other_browser();
    tablet.login(MOBILE, PASSWORD).await;
    let change = |current: &'static str| {
        let app = &app;
        async move {
            app.post_form(
                "/account/password",
                &[
                    ("current_password", current),
                    ("password", NEW_PASSWORD),
                    ("password_confirm", NEW_PASSWORD),
                ],
            )
            .await
        }
    };
    let wrong = change("Not-The-Password-1").await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.text().await.unwrap().contains("当前密码不正确"));
    assert!(signed_in(&tablet).await, "a refused change ends nothing");

    let done = change(PASSWORD).await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&done), "/account?notice=notice-password-changed");
    assert!(signed_in(&app).await, "this session goes on");
    assert!(!signed_in(&tablet).await, "the other session ended");
    assert_eq!(
        tablet.login(MOBILE, NEW_PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_log where action = 'account.password_change'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);
}
