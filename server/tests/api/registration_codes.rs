//! Registration proves the mobile first (identity #2, #4): a code is sent to whatever mobile is
//! typed, with the same answer whether or not it, or the ID number, is registered; only once
//! the code is accepted does the portal say a number is taken. Wrong codes count, and nothing
//! is created until the registration completes.
use portal_test_support::*;
use reqwest::StatusCode;

const MOBILE: &str = "13800138000";
const FREE_MOBILE: &str = "13900139000";

/// The registration form as the person sees it, without what differs per answer (the numbers
/// they typed, CSRF tokens).
fn shape_of(html: &str, mobile: &str, id_number: &str) -> String {
    form_shape(&html.replace(mobile, "M").replace(id_number, "ID"))
}

async fn register_with(
    browser: &TestApp,
    mobile: &str,
    id_number: &str,
    code: &str,
) -> reqwest::Response {
    browser
        .post_form(
            "/register",
            &[
                ("real_name", "李四"),
                ("id_number", id_number),
                ("mobile", mobile),
                ("code", code),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await
}

async fn people(app: &TestApp) -> i64 {
    sqlx::query_scalar("select count(*) from people")
        .fetch_one(&app.pool)
        .await
        .expect("count")
}

#[tokio::test]
async fn the_answers_are_the_same_for_taken_and_free_numbers_until_the_code_is_entered() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, MOBILE).await;
    // A minute later (the registration's own code no longer holds back a new one).
    sqlx::query("update one_time_codes set issued_at = issued_at - interval '61 seconds'")
        .execute(&app.pool)
        .await
        .expect("age the codes");
    let stranger = app.other_browser();
    let mut shapes = Vec::new();
    for (mobile, id_number) in [(MOBILE, ID_A), (FREE_MOBILE, ID_B)] {
        let sent = stranger
            .post_form(
                "/register/code",
                &[("mobile", mobile), ("id_number", id_number)],
            )
            .await;
        let status = sent.status();
        let html = sent.text().await.expect("body");
        assert!(html.contains("验证码已发送"), "{html}");
        shapes.push((status, shape_of(&html, mobile, id_number)));
        // A wrong code: the same refusal for both, nothing said about the numbers.
        let wrong = register_with(&stranger, mobile, id_number, "000000").await;
        let status = wrong.status();
        let html = wrong.text().await.expect("body");
        assert!(!html.contains("已经注册过"), "{html}");
        shapes.push((status, shape_of(&html, mobile, id_number)));
    }
    assert_eq!(shapes[0].0, StatusCode::OK);
    assert_eq!(shapes[0], shapes[2], "asking for a code");
    assert_eq!(shapes[1].0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(shapes[1], shapes[3], "a wrong code");
    // Both phones got a code (the holder of a registered mobile may be the one asking).
    assert_eq!(app.sms.inbox.to(MOBILE).len(), 2);
    assert_eq!(app.sms.inbox.to(FREE_MOBILE).len(), 1);
    assert_eq!(people(&app).await, 1, "nothing was created");

    // With the code read from the phone, the holder of the taken mobile is told.
    let code = app.sms.code(MOBILE, 2).await;
    let told = register_with(&stranger, MOBILE, ID_B, &code).await;
    assert_eq!(told.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(told
        .text()
        .await
        .expect("body")
        .contains("这个手机号码已经注册过"));
    assert_eq!(people(&app).await, 1);
}

#[tokio::test]
async fn a_registration_needs_the_code_sent_to_its_mobile_and_wrong_tries_count() {
    let app = spawn_app().await;
    let browser = app.other_browser();
    let never_asked = register_with(&browser, FREE_MOBILE, ID_B, "123456").await;
    assert_eq!(never_asked.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(never_asked
        .text()
        .await
        .expect("body")
        .contains("还没有获取验证码"));

    let sent = browser
        .post_form(
            "/register/code",
            &[("mobile", FREE_MOBILE), ("real_name", "李四")],
        )
        .await;
    assert_eq!(sent.status(), StatusCode::OK);
    let html = sent.text().await.expect("body");
    assert!(
        html.contains(r#"value="李四""#),
        "what was typed stays in the form"
    );
    let text = app.sms.message(FREE_MOBILE, 1).await;
    assert!(text.contains("注册") && text.contains("5 分钟"), "{text}");
    let code = app.sms.code(FREE_MOBILE, 1).await;
    let wrong = if code == "000000" { "000001" } else { "000000" };
    for left in (0..5).rev() {
        let refused = register_with(&browser, FREE_MOBILE, ID_B, wrong).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = refused.text().await.expect("body");
        assert!(html.contains(&format!("还可以再试 {left} 次")), "{left}");
    }
    let late = register_with(&browser, FREE_MOBILE, ID_B, &code).await;
    assert!(late.text().await.expect("body").contains("输错次数过多"));
    assert_eq!(people(&app).await, 0, "no account, no person");

    // A new code, a minute later, registers; the code is then used up.
    let registered = browser.register_citizen("李四", ID_B, FREE_MOBILE).await;
    assert_eq!(registered.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&registered), "/account?notice=notice-registered");
    assert_eq!(people(&app).await, 1);
    let audited: i64 =
        sqlx::query_scalar("select count(*) from audit_log where action = 'account.registered'")
            .fetch_one(&app.pool)
            .await
            .expect("count");
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn an_enterprise_is_registered_by_a_signed_in_citizen() {
    let app = spawn_app().await;
    let (status, html) = app.get_html("/register/enterprise").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("请先登录您的个人账号"), "{html}");
    assert!(!html.contains(r#"name="credit_code""#), "no form yet");
    let posted = app
        .post_form(
            "/register/enterprise",
            &[
                ("enterprise_name", "示例餐饮有限公司"),
                ("credit_code", "91350100M000100Y43"),
                ("legal_rep", "张三"),
            ],
        )
        .await;
    assert_eq!(posted.status(), StatusCode::SEE_OTHER);
    assert!(location(&posted).starts_with("/login?next="));
    let enterprises: i64 = sqlx::query_scalar("select count(*) from enterprises")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(enterprises, 0);
}

/// 公安局 feeds one person into the population register (version `version`).
pub async fn feed_person(app: &TestApp, id_number: &str, name: &str, status: &str, version: i64) {
    use app::core::base_data::{feed_people, Versioned};
    use app::domain::base_data::{person, PersonInput};
    let id = app::domain::resident_id::ResidentId::parse(id_number).expect("id");
    let sex = if id.as_str().as_bytes()[16] % 2 == 1 {
        "male"
    } else {
        "female"
    };
    let birth = chrono::NaiveDate::parse_from_str(&id.as_str()[6..14], "%Y%m%d").expect("birth");
    let record = person(PersonInput {
        id_number,
        name,
        sex,
        birth_date: birth,
        household_address: "福州市鼓楼区五一北路 1 号",
        status,
    })
    .expect("a valid record");
    feed_people(&app.pool, "GA", &[Versioned { record, version }])
        .await
        .expect("fed");
}

/// The real-name level the account page shows.
async fn level_shown(browser: &TestApp) -> String {
    let (_, html) = browser.get_html("/account").await;
    ["L1 手机号已验证", "L2 身份信息已核验", "L3 窗口现场核验"]
        .into_iter()
        .find(|level| html.contains(level))
        .unwrap_or("none")
        .to_string()
}

#[tokio::test]
async fn the_population_register_sets_the_level_and_refuses_what_it_contradicts() {
    let app = spawn_app().await;
    feed_person(&app, ID_A, "张三", "live", 1).await;
    feed_person(&app, ID_B, "李四", "deceased", 1).await;

    // Another name for a registered ID number, or a deceased person: refused on the ID number,
    // nothing created.
    let mismatch = app.register_citizen("王五", ID_A, MOBILE).await;
    assert_eq!(mismatch.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(mismatch
        .text()
        .await
        .expect("body")
        .contains("姓名与身份证号码在人口基础信息中的记录不一致"));
    let dead = app.register_citizen("李四", ID_B, MOBILE).await;
    assert!(dead
        .text()
        .await
        .expect("body")
        .contains("已注销，不能注册"));
    assert_eq!(people(&app).await, 0);

    // The register's own name: level 2 at once, and where it came from.
    citizen(&app, "张三", ID_A, MOBILE).await;
    assert_eq!(level_shown(&app).await, "L2 身份信息已核验");
    let (_, html) = app.get_html("/account").await;
    assert!(html.contains("依据：与人口基础信息一致"));

    // A number the register does not hold yet: level 1, raised once 公安局 feeds the record.
    let stranger = app.other_browser();
    newcomer(&stranger, "王五", ID_C, FREE_MOBILE).await;
    assert_eq!(level_shown(&stranger).await, "L1 手机号已验证");
    feed_person(&app, ID_C, "王五", "live", 1).await;
    assert_eq!(level_shown(&stranger).await, "L2 身份信息已核验");
}

#[tokio::test]
async fn a_service_requiring_level_two_refuses_a_level_one_applicant_until_the_register_confirms_them(
) {
    use crate::applications::{all_materials, complete_answers, open_form, post_application};
    let app = spawn_app().await;
    sqlx::query("update services set required_level = 2 where code = 'GA-004'")
        .execute(&app.pool)
        .await
        .expect("require level 2");
    let (_, guide) = app.get_html("/services/GA-004").await;
    assert!(
        guide.contains("L2 身份信息已核验"),
        "the guide names the level"
    );

    newcomer(&app, "张三", ID_A, MOBILE).await;
    assert_eq!(level_shown(&app).await, "L1 手机号已验证");
    let page = open_form(&app, "/apply/GA-004").await;
    let refused =
        post_application(&app, &page, "submit", &complete_answers(), all_materials()).await;
    assert_eq!(refused.status(), StatusCode::SEE_OTHER);
    let edit = location(&refused);
    assert!(
        edit.ends_with("/edit?notice=notice-level-required-2"),
        "{edit}"
    );
    let (_, html) = app.get_html(&edit).await;
    assert!(html.contains("需要实名等级 L2"), "{html}");
    let states: Vec<String> = sqlx::query_scalar("select state from cases")
        .fetch_all(&app.pool)
        .await
        .expect("cases");
    assert_eq!(states, vec!["draft".to_string()], "kept as a draft");

    // Once the register confirms 张三, the same draft is submitted.
    feed_person(&app, ID_A, "张三", "live", 1).await;
    let draft = open_form(&app, &edit).await;
    let submitted = post_application(&app, &draft, "submit", &complete_answers(), Vec::new()).await;
    assert_eq!(submitted.status(), StatusCode::SEE_OTHER);
    assert!(location(&submitted).ends_with("?notice=notice-case-submitted"));
}

#[tokio::test]
async fn staff_raise_an_account_to_level_three_after_a_check_at_the_counter() {
    let app = spawn_app().await;
    newcomer(&app, "张三", ID_A, MOBILE).await;
    assert_eq!(level_shown(&app).await, "L1 手机号已验证");
    let check = |mobile: &'static str, attested: bool| {
        let mut fields = vec![("id_number", ID_A), ("mobile", mobile)];
        if attested {
            fields.push(("document_checked", "yes"));
        }
        fields
    };
    // A citizen cannot raise anyone's level.
    let own = app
        .post_form("/workbench/identity", &check(MOBILE, true))
        .await;
    assert_eq!(own.status(), StatusCode::FORBIDDEN);

    let clerk = app.staff("clerk", "clerk.ga", "李受理", Some("GA")).await;
    let (status, page) = clerk.get_html("/workbench/identity").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("我已当面查验本人的居民身份证原件"), "{page}");
    let unattested = clerk
        .post_form("/workbench/identity", &check(MOBILE, false))
        .await;
    assert_eq!(unattested.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unattested
        .text()
        .await
        .expect("body")
        .contains("请确认已当面查验居民身份证原件"));
    let wrong = clerk
        .post_form("/workbench/identity", &check(FREE_MOBILE, true))
        .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(level_shown(&app).await, "L1 手机号已验证");

    let done = clerk
        .post_form("/workbench/identity", &check(MOBILE, true))
        .await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&done),
        "/workbench/identity?notice=notice-counter-confirmed"
    );
    assert_eq!(level_shown(&app).await, "L3 窗口现场核验");
    let (actor, detail): (uuid::Uuid, serde_json::Value) = sqlx::query_as(
        "select actor_account_id, detail from audit_log where action = 'identity.counter_check'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("audited");
    assert_eq!(actor, clerk.account_id);
    assert_eq!(detail["id_number"], "110***********002X");
}
