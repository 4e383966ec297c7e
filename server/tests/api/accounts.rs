use portal_test_support::*;
use reqwest::StatusCode;

#[tokio::test]
async fn registration_errors_are_precise_and_keep_the_other_answers() {
    let app = spawn_app().await;
    let response = app
        .post_form(
            "/register",
            &[
                ("real_name", "王小明"),
                ("id_number", "110105194912310021"), // wrong check digit
                ("mobile", "13800138000"),
                ("password", "password123"),
                ("password_confirm", "password123"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    assert!(html.contains("校验位不正确"), "check digit message");
    assert!(html.contains("这个密码太常见"), "common password message");
    assert!(html.contains(r#"value="王小明""#) && html.contains(r#"value="13800138000""#));
    assert!(
        html.contains(r#"value="110105194912310021""#),
        "the mistyped value stays for correction"
    );
    assert!(
        !html.contains(r#"value="password123""#),
        "passwords are not echoed"
    );
    assert!(
        html.contains(r##"href="#register-id_number""##) && html.contains(r#"aria-invalid="true""#)
    );
    let people: i64 = sqlx::query_scalar("select count(*) from people")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(people, 0);
}

#[tokio::test]
async fn errors_are_in_english_when_english_is_chosen() {
    let app = spawn_app().await;
    app.post_form("/language", &[("lang", "en"), ("next", "/register")])
        .await;
    let response = app
        .post_form("/register", &[("real_name", "Li"), ("id_number", "12345")])
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    assert!(
        html.contains("A resident ID number has 18 characters."),
        "{html}"
    );
}

#[tokio::test]
async fn duplicate_id_number_and_mobile_are_reported_at_registration() {
    let app = spawn_app().await;
    assert_eq!(
        app.register_citizen("张三", ID_A, "13800138000")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let other = app.other_browser();
    let response = other
        .register_citizen("张三", &ID_A.to_lowercase(), "13900139000")
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response
        .text()
        .await
        .expect("body")
        .contains("这个身份证号码已经注册过"));
    let response = other.register_citizen("李四", ID_B, "13800138000").await;
    assert!(response
        .text()
        .await
        .expect("body")
        .contains("这个手机号码已经注册过"));
}

async fn agent_status(app: &TestApp, account_id: uuid::Uuid) -> String {
    sqlx::query_scalar("select status from enterprise_agents where account_id = $1")
        .bind(account_id)
        .fetch_one(&app.pool)
        .await
        .expect("agent status")
}

#[tokio::test]
async fn an_enterprise_registers_with_its_agent_and_manages_agents() {
    let app = spawn_app().await;
    // The agent registers as a citizen first (proving the mobile), then the enterprise, as
    // its legal representative.
    app.enterprise_in_register().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let response = app
        .post_form(
            "/register/enterprise",
            &[
                ("enterprise_name", "示例餐饮有限公司"),
                ("credit_code", "91350100m000100y43"),
                ("legal_rep", "张三"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (_, html) = app.get_html("/account").await;
    assert!(
        html.contains("示例餐饮有限公司")
            && html.contains("91350100M000100Y43")
            && html.contains("管理员")
    );

    // Invite a registered citizen by mobile + ID number.
    let agent = app.other_browser();
    agent.register_citizen("李四", ID_B, "13900139000").await;
    let enterprise_id: uuid::Uuid = sqlx::query_scalar("select id from enterprises")
        .fetch_one(&app.pool)
        .await
        .expect("enterprise");
    let enterprise = enterprise_id.to_string();
    let invite = |mobile: &'static str, id_number: &'static str| {
        let enterprise = enterprise.clone();
        let app = &app;
        async move {
            app.post_form(
                "/account",
                &[
                    ("enterprise_id", enterprise.as_str()),
                    ("mobile", mobile),
                    ("id_number", id_number),
                ],
            )
            .await
        }
    };
    // A pair nobody holds is answered exactly as a registered citizen's: the invitation waits.
    let waiting = invite("13700137000", ID_C).await;
    assert_eq!(waiting.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&waiting), "/account?notice=notice-agent-invited");
    let invited = invite("13900139000", ID_B).await;
    assert_eq!(invited.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&invited), location(&waiting));
    // The admin sees both by the numbers they went to, nobody's name.
    let (_, html) = app.get_html("/account").await;
    let masked = |id: &str| {
        app::domain::resident_id::ResidentId::parse(id)
            .expect("id")
            .masked()
    };
    assert!(html.contains(&masked(ID_B)) && html.contains(&masked(ID_C)));
    assert!(
        !html.contains("李四"),
        "an invitation does not say whose the pair is"
    );
    // A waiting invitation can be withdrawn.
    let unwanted = invite("13600136000", ID_C).await;
    assert_eq!(unwanted.status(), StatusCode::SEE_OTHER);
    let unwanted_id: uuid::Uuid =
        sqlx::query_scalar("select id from waiting_invitations where mobile = '13600136000'")
            .fetch_one(&app.pool)
            .await
            .expect("waiting invitation");
    let withdrawn = app
        .post_form(
            &format!("/account/enterprises/{enterprise_id}/agents/{unwanted_id}/revoke"),
            &[],
        )
        .await;
    assert_eq!(location(&withdrawn), "/account?notice=notice-agent-revoked");
    let left: i64 = sqlx::query_scalar("select count(*) from waiting_invitations")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(left, 1);

    // The invitee sees and accepts; an outsider cannot accept or revoke.
    let (_, agent_page) = agent.get_html("/account").await;
    assert!(agent_page.contains("示例餐饮有限公司") && agent_page.contains("接受邀请"));
    let outsider = app.other_browser();
    outsider.register_citizen("王五", ID_C, "13700137000").await;
    // Registering with the pair the waiting invitation went to delivers it.
    let (_, outsider_page) = outsider.get_html("/account").await;
    assert!(outsider_page.contains("示例餐饮有限公司") && outsider_page.contains("接受邀请"));
    let accept_path = format!("/account/enterprises/{enterprise_id}/accept");
    let agent_id: uuid::Uuid = sqlx::query_scalar(
        "select a.id from accounts a join people p on p.id = a.person_id where p.mobile = '13900139000'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("agent id");
    let revoke_path = format!("/account/enterprises/{enterprise_id}/agents/{agent_id}/revoke");
    assert_eq!(
        outsider.post_form(&revoke_path, &[]).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        agent.post_form(&accept_path, &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(agent_status(&app, agent_id).await, "active");
    // A plain agent cannot manage agents; the admin revokes.
    assert_eq!(
        agent.post_form(&revoke_path, &[]).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post_form(&revoke_path, &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(agent_status(&app, agent_id).await, "revoked");
    let (_, agent_page) = agent.get_html("/account").await;
    assert!(!agent_page.contains("示例餐饮有限公司"));
}

#[tokio::test]
async fn a_registered_credit_code_cannot_be_registered_again() {
    let app = spawn_app().await;
    app.enterprise_in_register().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let fields = [
        ("enterprise_name", "示例餐饮有限公司"),
        ("credit_code", "91350100M000100Y43"),
        ("legal_rep", "张三"),
    ];
    assert_eq!(
        app.post_form("/register/enterprise", &fields)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let response = app.post_form("/register/enterprise", &fields).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response
        .text()
        .await
        .expect("body")
        .contains("这个统一社会信用代码已经注册过"));
}

/// Many browsers register the same person at once: exactly one account results.
#[sqlx::test(migrator = "server::db::MIGRATOR")]
async fn concurrent_registrations_of_one_id_number_make_one_account(pool: sqlx::PgPool) {
    use app::core::accounts::{register_citizen, RegistrationError};
    use app::domain::registration::CitizenRegistration;
    let hasher = app::core::passwords::Hasher::per_core(std::time::Duration::from_secs(60));
    let tasks: Vec<_> = (0..8)
        .map(|n| {
            let pool = pool.clone();
            let hasher = hasher.clone();
            tokio::spawn(async move {
                let answers = [
                    ("real_name", "张三".to_string()),
                    ("id_number", ID_A.to_string()),
                    ("mobile", format!("1380013800{n}")),
                    ("password", PASSWORD.to_string()),
                    ("password_confirm", PASSWORD.to_string()),
                ]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect();
                let registration = CitizenRegistration::parse(&answers).expect("valid");
                register_citizen(&pool, &hasher, &registration).await
            })
        })
        .collect();
    let mut created = 0;
    for task in tasks {
        match task.await.expect("task") {
            Ok(_) => created += 1,
            Err(RegistrationError::Taken { field, .. }) => assert_eq!(field, "id_number"),
            Err(other) => panic!("unexpected error: {other}"),
        }
    }
    assert_eq!(created, 1);
    let accounts: i64 = sqlx::query_scalar("select count(*) from accounts")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(accounts, 1);
}
