//! Enterprises are registered against the legal-entity register: what it contradicts is
//! refused on its field, its proven legal representative is admin at once, and anyone else's
//! registration waits until the representative confirms or declines it from their own account.
use portal_test_support::*;
use reqwest::StatusCode;

const CODE: &str = "91350100MA0000001P";
const NAME: &str = "福州鼓楼示例餐饮1号有限公司";
const OTHER_CODE: &str = "91350100MA0000002T";
const OTHER_NAME: &str = "福州台江示例软件2号有限公司";
/// 李四 ([`ID_B`]) represents both.
const REP: &str = "李四";

async fn register(browser: &TestApp, code: &str, name: &str, rep: &str) -> reqwest::Response {
    browser
        .post_form(
            "/register/enterprise",
            &[
                ("enterprise_name", name),
                ("credit_code", code),
                ("legal_rep", rep),
            ],
        )
        .await
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&app.pool)
        .await
        .expect("count")
}

/// The id of the registration waiting for `code`.
async fn waiting(app: &TestApp, code: &str) -> uuid::Uuid {
    sqlx::query_scalar(
        "select id from enterprise_registrations where credit_code = $1 and status = 'waiting'",
    )
    .bind(code)
    .fetch_one(&app.pool)
    .await
    .expect("a waiting registration")
}

async fn decide(
    browser: &TestApp,
    id: uuid::Uuid,
    decision: &str,
    reason: &str,
) -> reqwest::Response {
    let id = id.to_string();
    browser
        .post_form(
            "/account",
            &[
                ("form", "registration-decision"),
                ("registration_id", id.as_str()),
                ("decision", decision),
                ("reason", reason),
            ],
        )
        .await
}

#[tokio::test]
async fn what_the_register_contradicts_is_refused_and_nothing_is_created() {
    let app = spawn_app().await;
    app.in_entity_register(CODE, NAME, REP, ID_B).await;
    app.in_entity_register(OTHER_CODE, OTHER_NAME, REP, ID_B)
        .await;
    sqlx::query("update base_entities set status = 'deregistered' where credit_code = $1")
        .bind(OTHER_CODE)
        .execute(&app.pool)
        .await
        .expect("deregister");
    citizen(&app, REP, ID_B, "13900139000").await;
    for (code, name, rep, message) in [
        (
            "91350100M000100Y43",
            NAME,
            REP,
            "法人基础信息库（市场监管局）中没有这个统一社会信用代码的企业",
        ),
        (OTHER_CODE, OTHER_NAME, REP, "已注销或被吊销营业执照"),
        (
            CODE,
            "另一家公司",
            REP,
            "企业名称与法人基础信息库中该信用代码的登记名称不一致",
        ),
        (CODE, NAME, "王五", "该企业的法定代表人是另一人"),
    ] {
        let refused = register(&app, code, name, rep).await;
        assert_eq!(
            refused.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{code} {name} {rep}"
        );
        let body = refused.text().await.expect("body");
        assert!(body.contains(message), "{message}");
        assert!(body.contains(r#"aria-invalid="true""#));
    }
    assert_eq!(count(&app, "select count(*) from enterprises").await, 0);
    assert_eq!(
        count(&app, "select count(*) from enterprise_registrations").await,
        0
    );
    // The register's own facts: the legal representative is admin at once.
    let registered = register(&app, CODE, NAME, REP).await;
    assert_eq!(
        location(&registered),
        "/account?notice=notice-enterprise-registered"
    );
    let (_, account) = app.get_html("/account").await;
    assert!(account.contains(NAME) && account.contains("管理员"));
}

#[tokio::test]
async fn a_registration_by_someone_else_waits_for_the_legal_representative() {
    let app = spawn_app().await;
    app.in_entity_register(CODE, NAME, REP, ID_B).await;
    app.in_entity_register(OTHER_CODE, OTHER_NAME, REP, ID_B)
        .await;
    // 张三 (not the representative) registers both: nothing exists yet, both wait.
    citizen(&app, "张三", ID_A, "13800138000").await;
    for (code, name) in [(CODE, NAME), (OTHER_CODE, OTHER_NAME)] {
        let sent = register(&app, code, name, REP).await;
        assert_eq!(location(&sent), "/account?notice=notice-enterprise-waiting");
    }
    assert_eq!(count(&app, "select count(*) from enterprises").await, 0);
    let (_, account) = app.get_html("/account").await;
    assert!(account.contains(NAME) && account.contains("等待法定代表人确认"));
    assert!(!account.contains("管理员"), "not an admin of anything yet");

    // Nobody but the representative may decide: an outsider is told nothing changed.
    let outsider = app.other_browser();
    citizen(&outsider, "王五", ID_C, "13700137000").await;
    let (_, page) = outsider.get_html("/account").await;
    assert!(!page.contains("等待您确认的企业注册"));
    let first = waiting(&app, CODE).await;
    let second = waiting(&app, OTHER_CODE).await;
    let refused = decide(&outsider, first, "confirm", "").await;
    assert_eq!(
        location(&refused),
        "/account?notice=notice-registration-unchanged"
    );

    // 李四, the representative, sees both on their own account, confirms one and declines
    // the other with a reason.
    let rep = app.other_browser();
    citizen(&rep, REP, ID_B, "13900139000").await;
    let (_, page) = rep.get_html("/account").await;
    assert!(
        page.contains("等待您确认的企业注册") && page.contains("张三"),
        "{page}"
    );
    assert!(
        page.contains("138****8000"),
        "the registrant's mobile, masked"
    );
    let too_long = decide(&rep, second, "decline", &"长".repeat(501)).await;
    assert_eq!(too_long.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_long.text().await.expect("body").contains("原因太长"));
    let confirmed = decide(&rep, first, "confirm", "").await;
    assert_eq!(
        location(&confirmed),
        "/account?notice=notice-registration-confirmed"
    );
    let declined = decide(&rep, second, "decline", "我不认识此人").await;
    assert_eq!(
        location(&declined),
        "/account?notice=notice-registration-declined"
    );
    // Deciding again changes nothing.
    let again = decide(&rep, first, "decline", "").await;
    assert_eq!(
        location(&again),
        "/account?notice=notice-registration-unchanged"
    );

    // 张三 administers the confirmed enterprise and sees why the other was declined.
    let (_, account) = app.get_html("/account").await;
    assert!(account.contains(NAME) && account.contains("管理员"));
    assert!(account.contains("法定代表人未予确认") && account.contains("我不认识此人"));
    let admins = count(
        &app,
        "select count(*) from enterprise_agents g join enterprises e on e.id = g.enterprise_id
         where g.is_admin and g.status = 'active'",
    )
    .await;
    assert_eq!(admins, 1);
    let audited: Vec<String> = sqlx::query_scalar(
        "select action from audit_log where action like 'enterprise.%' order by id",
    )
    .fetch_all(&app.pool)
    .await
    .expect("audit");
    assert_eq!(
        audited,
        [
            "enterprise.registration_requested",
            "enterprise.registration_requested",
            "enterprise.registration_confirmed",
            "enterprise.registration_declined",
        ]
    );
}
