//! Changing the account's mobile (identity #2): a code sent to the new number and the current
//! password; the old number is told; a number another account uses is named only after its
//! code was given right.
use portal_test_support::{citizen, location, spawn_app, ID_A, ID_B, PASSWORD};
use reqwest::StatusCode;

const OLD: &str = "13800138000";
const NEW: &str = "13700137000";
const OTHERS: &str = "13900139000";

async fn mobile_of(app: &portal_test_support::TestApp, id_number: &str) -> String {
    sqlx::query_scalar("select mobile from people where id_number = $1")
        .bind(id_number)
        .fetch_one(&app.pool)
        .await
        .expect("person")
}

#[tokio::test]
async fn a_code_to_the_new_number_and_the_password_move_the_account_and_the_old_number_is_told() {
    let app = spawn_app().await;
    citizen(&app.other_browser(), "李四", ID_B, OTHERS).await;
    citizen(&app, "张三", ID_A, OLD).await;
    let (status, page) = app.get_html("/account/mobile").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(r#"name="current_password""#), "{page}");

    let same = app
        .post_form("/account/mobile", &[("step", "code"), ("mobile", OLD)])
        .await;
    assert_eq!(same.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(same
        .text()
        .await
        .unwrap_or_default()
        .contains("这已经是您账号绑定的手机号码"));

    // A number another account uses gets the same answer as a free one until its code is in.
    let to_free = app
        .post_form("/account/mobile", &[("step", "code"), ("mobile", NEW)])
        .await;
    assert_eq!(to_free.status(), StatusCode::OK);
    let free_page = to_free.text().await.unwrap_or_default();
    assert!(free_page.contains("验证码已发送到新手机号码"));
    let to_taken = app
        .post_form("/account/mobile", &[("step", "code"), ("mobile", OTHERS)])
        .await;
    assert_eq!(to_taken.status(), StatusCode::OK);
    let taken_code = app.sms.code(OTHERS, 2).await;
    let taken = app
        .post_form(
            "/account/mobile",
            &[
                ("step", "confirm"),
                ("mobile", OTHERS),
                ("code", &taken_code),
                ("current_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(taken.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken
        .text()
        .await
        .unwrap_or_default()
        .contains("已被另一个账号使用"));

    // The right code with a wrong password changes nothing.
    let code = app.sms.code(NEW, 1).await;
    let wrong = app
        .post_form(
            "/account/mobile",
            &[
                ("step", "confirm"),
                ("mobile", NEW),
                ("code", &code),
                ("current_password", "Not-the-password-1"),
            ],
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(mobile_of(&app, ID_A).await, OLD);

    let moved = app
        .post_form(
            "/account/mobile",
            &[
                ("step", "confirm"),
                ("mobile", NEW),
                ("code", &code),
                ("current_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(moved.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&moved), "/account?notice=notice-mobile-changed");
    assert_eq!(mobile_of(&app, ID_A).await, NEW);
    assert_eq!(
        mobile_of(&app, ID_B).await,
        OTHERS,
        "the other account keeps its own"
    );
    // The old number is told (its first message was the registration code).
    let told = app.sms.message(OLD, 2).await;
    assert!(told.contains("手机号码已更换"), "{told}");
    // The new number signs in; the old one no longer does.
    let laptop = app.other_browser();
    assert_eq!(
        laptop.login(NEW, PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    let old = app.other_browser();
    assert_eq!(
        old.login(OLD, PASSWORD).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_log where action = 'account.mobile_changed'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("audit");
    assert_eq!(audited, 1);
}
