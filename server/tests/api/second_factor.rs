//! Staff second factor: a password alone opens no staff page; a code of the authenticator app
//! works once; wrong codes are throttled; a new member of staff chooses their own password
//! through a one-time link, enrols with the QR code's key and gets recovery codes that each
//! work once.
use app::core::identity::totp::{code_at, Algorithm, DIGITS};
use portal_test_support::{insert_staff, location, spawn_app, TestApp, PASSWORD, TOTP_SECRET};
use reqwest::StatusCode;

fn code_now(secret: &[u8]) -> String {
    code_at(
        Algorithm::Sha1,
        secret,
        chrono::Utc::now().timestamp(),
        DIGITS,
    )
}

async fn audited(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("select count(*) from audit_log where action = $1")
        .bind(action)
        .fetch_one(&app.pool)
        .await
        .expect("audit rows")
}

#[tokio::test]
async fn staff_pages_refuse_a_session_without_the_second_factor() {
    let app = spawn_app().await;
    insert_staff(&app, "clerk", "clerk.ga", "王窗口", Some("GA")).await;
    let clerk = app.other_browser();

    let password_only = clerk.login("clerk.ga", PASSWORD).await;
    assert_eq!(password_only.status(), StatusCode::SEE_OTHER);
    assert!(location(&password_only).starts_with("/login/second-factor"));
    // Signed in to nothing yet: the workbench answers as it answers nobody.
    let nobody = app.get("/workbench").await.status();
    assert_ne!(nobody, StatusCode::OK);
    assert_eq!(clerk.get("/workbench").await.status(), nobody);
    assert_eq!(
        clerk.get("/workbench/identity").await.status(),
        app.get("/workbench/identity").await.status()
    );
    let (status, page) = clerk.get_html("/login/second-factor").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("身份验证器应用"), "asks for the app's code");

    let wrong = clerk
        .post_form("/login/second-factor", &[("code", "000000")])
        .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = wrong.text().await.expect("body");
    assert!(html.contains("验证码不正确或已使用过"), "{html}");
    assert!(
        html.contains(r##"href="#second-factor-code""##),
        "linked to the field"
    );

    let code = code_now(TOTP_SECRET);
    let passed = clerk
        .post_form(
            "/login/second-factor",
            &[("code", &code), ("next", "/workbench")],
        )
        .await;
    assert_eq!(passed.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&passed), "/workbench");
    assert_eq!(clerk.get("/workbench").await.status(), StatusCode::OK);

    // The same code, seen over a shoulder, does not open a second session.
    let onlooker = app.other_browser();
    onlooker.login("clerk.ga", PASSWORD).await;
    let replayed = onlooker
        .post_form("/login/second-factor", &[("code", &code)])
        .await;
    assert_eq!(replayed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Guessing is slowed down like wrong passwords: after five failures, a wait.
    for _ in 0..4 {
        onlooker
            .post_form("/login/second-factor", &[("code", "123456")])
            .await;
    }
    let throttled = onlooker
        .post_form("/login/second-factor", &[("code", "654321")])
        .await;
    assert_eq!(throttled.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(onlooker.get("/workbench").await.status(), nobody);

    assert_eq!(audited(&app, "account.second_factor_passed").await, 1);
    assert!(audited(&app, "account.second_factor_failed").await >= 2);
}

#[tokio::test]
async fn a_new_member_of_staff_enrols_through_a_one_time_link_and_signs_in_with_the_app_or_a_recovery_code(
) {
    let app = spawn_app().await;
    let operator = app.operator().await;
    let created = operator
        .post_form(
            "/admin/staff",
            &[
                ("username", "clerk.new"),
                ("display_name", "钱窗口"),
                ("role", "clerk"),
                ("department_code", "GA"),
            ],
        )
        .await;
    assert_eq!(created.status(), StatusCode::OK);
    assert_eq!(
        created
            .headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let html = created.text().await.expect("body");
    let link = html
        .split("/login/enrol?token=")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(|token| format!("/login/enrol?token={token}"))
        .unwrap_or_else(|| panic!("a link: {html}"));

    let newcomer = app.other_browser();
    let (status, page) = newcomer.get_html(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("clerk.new"), "names the account: {page}");
    let weak = newcomer
        .post_form(&link, &[("password", "123"), ("password_confirm", "123")])
        .await;
    assert_eq!(weak.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let chosen = "Own-choice-Lantern-42";
    let set = newcomer
        .post_form(&link, &[("password", chosen), ("password_confirm", chosen)])
        .await;
    assert_eq!(set.status(), StatusCode::SEE_OTHER);
    // A clerk's second step leads to the workbench, their home.
    assert_eq!(location(&set), "/login/second-factor?next=%2Fworkbench");
    // The link worked once.
    let again = app
        .other_browser()
        .post_form(&link, &[("password", chosen), ("password_confirm", chosen)])
        .await;
    assert_eq!(
        location(&again),
        "/login?notice=notice-enrolment-link-invalid"
    );

    // Enrolment: a QR code and the key to type in; a wrong first code enrols nothing.
    let (_, page) = newcomer.get_html("/login/second-factor").await;
    assert!(page.contains("<svg"), "a QR code");
    let refused = newcomer
        .post_form(
            "/login/second-factor",
            &[("step", "enrol"), ("code", "000000")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (secret, recovery) = newcomer.enrol_second_factor().await;
    assert_eq!(recovery.len(), 10, "{recovery:?}");
    assert_eq!(newcomer.get("/workbench").await.status(), StatusCode::OK);
    let stored: Vec<u8> = sqlx::query_scalar(
        "select secret_sealed from second_factors f join accounts a on a.id = f.account_id
         where a.username = 'clerk.new'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("the factor");
    assert!(
        !stored.windows(secret.len()).any(|w| w == secret.as_slice()),
        "the secret is sealed at rest"
    );

    // Another day, without the phone: a recovery code, once.
    let laptop = app.other_browser();
    laptop.login("clerk.new", chosen).await;
    let by_recovery = laptop
        .post_form(
            "/login/second-factor",
            &[("code", &recovery[0].to_lowercase())],
        )
        .await;
    assert_eq!(by_recovery.status(), StatusCode::SEE_OTHER);
    assert_eq!(laptop.get("/workbench").await.status(), StatusCode::OK);
    let tablet = app.other_browser();
    tablet.login("clerk.new", chosen).await;
    let reused = tablet
        .post_form("/login/second-factor", &[("code", &recovery[0])])
        .await;
    assert_eq!(reused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // With the app, on a later step than the enrolment's.
    let next_step = code_at(
        Algorithm::Sha1,
        &secret,
        chrono::Utc::now().timestamp() + 30,
        DIGITS,
    );
    let by_app = tablet
        .post_form("/login/second-factor", &[("code", &next_step)])
        .await;
    assert_eq!(by_app.status(), StatusCode::SEE_OTHER);

    assert_eq!(audited(&app, "account.enrolment_link_used").await, 1);
    assert_eq!(audited(&app, "account.second_factor_enrolled").await, 1);
    assert_eq!(audited(&app, "account.second_factor_passed").await, 3);
}
