//! A person whose ID number someone else registered reclaims it at a counter: the other
//! account is frozen and told, and the number is free for the person's own registration.
use portal_test_support::*;
use reqwest::StatusCode;

const SQUATTER: &str = "13700137000";
const OWNER: &str = "13800138000";

#[tokio::test]
async fn a_person_reclaims_their_id_number_at_a_counter_and_the_other_account_is_frozen() {
    let app = spawn_app().await;
    // Someone registers 张三's ID number with their own mobile; the real 张三 then cannot.
    newcomer(&app, "张三", ID_A, SQUATTER).await;
    let owner = app.other_browser();
    let taken = owner.register_citizen("张三", ID_A, OWNER).await;
    assert_eq!(taken.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken
        .text()
        .await
        .expect("body")
        .contains("这个身份证号码已经注册过"));

    // At the counter, the card checked with 张三's own mobile: another mobile holds the number.
    let clerk = app.staff("clerk", "clerk.ga", "李受理", Some("GA")).await;
    let check = |reclaim: bool| {
        let mut fields = vec![
            ("id_number", ID_A),
            ("mobile", OWNER),
            ("document_checked", "yes"),
        ];
        if reclaim {
            fields.push(("reclaim", "yes"));
        }
        fields
    };
    let held = clerk.post_form("/workbench/identity", &check(false)).await;
    assert_eq!(held.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(held
        .text()
        .await
        .expect("body")
        .contains("这个身份证号码已被另一个手机号的账号使用"));
    let reclaimed = clerk.post_form("/workbench/identity", &check(true)).await;
    assert_eq!(
        location(&reclaimed),
        "/workbench/identity?notice=notice-counter-reclaimed"
    );

    // The other account's session is over, it cannot log in, and its holder is told.
    let after = app.get("/wallet").await;
    assert_eq!(after.status(), StatusCode::SEE_OTHER);
    assert!(location(&after).starts_with("/login"));
    let login = app.other_browser().login(SQUATTER, PASSWORD).await;
    assert_ne!(login.status(), StatusCode::SEE_OTHER, "frozen");
    let told = app.sms.message(SQUATTER, 2).await;
    assert!(
        told.contains("已由证件本人在政务服务窗口当面核验收回"),
        "{told}"
    );

    // 张三 registers with their own mobile, and the counter raises them to L3.
    let registered = owner.register_citizen("张三", ID_A, OWNER).await;
    assert_eq!(registered.status(), StatusCode::SEE_OTHER);
    let confirmed = clerk.post_form("/workbench/identity", &check(false)).await;
    assert_eq!(
        location(&confirmed),
        "/workbench/identity?notice=notice-counter-confirmed"
    );
    let (_, account) = owner.get_html("/account").await;
    assert!(account.contains("L3 窗口现场核验"));

    let actors: Vec<(String, String)> = sqlx::query_as(
        "select a.username, l.action from audit_log l join accounts a on a.id = l.actor_account_id
         where l.action like 'identity.%' order by l.id",
    )
    .fetch_all(&app.pool)
    .await
    .expect("audit");
    assert_eq!(
        actors,
        vec![
            ("clerk.ga".to_string(), "identity.reclaimed".to_string()),
            ("clerk.ga".to_string(), "identity.counter_check".to_string()),
        ]
    );
}
