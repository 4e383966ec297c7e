//! Once-only: a certificate in the wallet stands in for an upload; files are readable by the
//! owning department's staff and nobody else.
use crate::applications::{complete_answers, open_form, pdf, post_application, submit_complete};
use portal_test_support::citizen;
use portal_test_support::{spawn_app, staff_browser, TestApp, ID_A, ID_B};
use reqwest::StatusCode;
use uuid::Uuid;

pub async fn id_card_of(app: &TestApp, id_number: &str) -> Uuid {
    sqlx::query_scalar(
        "insert into certificates (verification_code, cert_type, name_zh, name_en, holder_person_id,
                                   holder_name, holder_id_number, issued_on)
         select 'TEST' || substr(md5(random()::text), 1, 12), 'resident_id_card', '居民身份证',
                'Resident ID card', id, real_name, id_number, date '2020-01-01'
         from people where id_number = $1 returning id",
    )
    .bind(id_number)
    .fetch_one(&app.pool)
    .await
    .expect("certificate")
}

#[tokio::test]
async fn a_wallet_certificate_replaces_an_upload_but_only_the_holders_own() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let other = app.other_browser();
    citizen(&other, "李四", ID_B, "13900139000").await;
    let mine = id_card_of(&app, ID_A).await;
    let theirs = id_card_of(&app, ID_B).await;

    // Material 2 (居民身份证) offers the wallet; the other materials are uploaded.
    let page = open_form(&app, "/apply/GA-004").await;
    assert!(
        page.html.contains(&mine.to_string()),
        "my ID card is offered"
    );
    assert!(!page.html.contains(&theirs.to_string()), "nobody else's");
    let uploads = vec![
        ("material_1", "申请表.pdf", pdf(1000)),
        ("material_3", "委托书.pdf", pdf(1000)),
    ];

    // Someone else's certificate id is ignored, so the material is still missing.
    let foreign = theirs.to_string();
    let mut answers: Vec<(&str, &str)> = complete_answers();
    answers.extend([
        ("wallet_fields", "material_2"),
        ("wallet.material_2", foreign.as_str()),
    ]);
    let refused = post_application(&app, &page, "submit", &answers, uploads.clone()).await;
    assert!(portal_test_support::location(&refused).ends_with("/edit?check=1"));

    let own = mine.to_string();
    let mut answers: Vec<(&str, &str)> = complete_answers();
    answers.extend([
        ("wallet_fields", "material_2"),
        ("wallet.material_2", own.as_str()),
    ]);
    let submitted = post_application(&app, &page, "submit", &answers, Vec::new()).await;
    assert_eq!(submitted.status(), StatusCode::SEE_OTHER);
    let to = portal_test_support::location(&submitted);
    assert!(to.contains("notice-case-submitted"), "{to}");
    let attached: Vec<(String, Uuid)> =
        sqlx::query_as("select field_key, certificate_id from case_certificates")
            .fetch_all(&app.pool)
            .await
            .expect("attached");
    assert_eq!(attached, vec![("material_2".to_string(), mine)]);
    let uploaded: i64 =
        sqlx::query_scalar("select count(*) from attachments where field_key = 'material_2'")
            .fetch_one(&app.pool)
            .await
            .expect("count");
    assert_eq!(uploaded, 0, "nothing uploaded again");
}

#[tokio::test]
async fn only_the_owning_departments_staff_can_download_a_file() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let case_id = submit_complete(&app).await;
    let file: Uuid = sqlx::query_scalar("select id from attachments where case_id = $1 limit 1")
        .bind(case_id)
        .fetch_one(&app.pool)
        .await
        .expect("file");
    for (username, department, expected) in [
        ("clerk.ga", "GA", StatusCode::OK),
        ("clerk.scjg", "SCJG", StatusCode::NOT_FOUND),
    ] {
        let (staff, _) = staff_browser(&app, "clerk", username, "科员", department).await;
        let download = staff.get(&format!("/files/{file}")).await;
        assert_eq!(download.status(), expected, "{username}");
    }
    let anonymous = app.other_browser();
    assert_eq!(
        anonymous.get(&format!("/files/{file}")).await.status(),
        StatusCode::NOT_FOUND
    );
}
