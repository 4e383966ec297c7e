//! Documents: the printable receipt, e-certificates issued on approval, their public
//! verification page and the holder's wallet.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use crate::applications::{open_form, post_application, submit_complete};
use crate::supplements::clerk;
use app::core::cases::{transition, Acting};
use app::core::certificates::{self, display_code, IssuedCertificate};
use app::domain::case_lifecycle::{CaseAction, Effect};
use portal_test_support::{citizen, newcomer};
use portal_test_support::{location, spawn_app, TestApp, ID_A, ID_B, ID_C, TEST_SITE_URL};
use reqwest::StatusCode;
use uuid::Uuid;

/// Whether `html` links to `path` absolutely: on the configured site URL once the application
/// provides one (`web::verify::SiteUrl`), else on the address it is bound to.
fn links_to(app: &TestApp, html: &str, path: &str) -> bool {
    [TEST_SITE_URL, app.address.as_str()]
        .iter()
        .any(|base| html.contains(&format!("href=\"{base}{path}\"")))
}

fn case_id_from(location: &str) -> Uuid {
    location
        .trim_start_matches("/cases/")
        .split(['/', '?'])
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("not a case location: {location}"))
}

async fn case_number(app: &TestApp, case_id: Uuid) -> String {
    sqlx::query_scalar("select case_number from cases where id = $1")
        .bind(case_id)
        .fetch_one(&app.pool)
        .await
        .expect("case number")
}

/// Accepts, reviews and approves the case as the clerk, issuing its certificate in the same
/// transaction as the approval.
async fn approve(app: &TestApp, case_id: Uuid, clerk: &Acting) -> Option<IssuedCertificate> {
    let mut tx = app.pool.begin().await.expect("begin");
    transition::apply(&mut tx, case_id, clerk, &CaseAction::Accept, None)
        .await
        .expect("accept");
    transition::apply(&mut tx, case_id, clerk, &CaseAction::StartReview, None)
        .await
        .expect("start review");
    let approve = CaseAction::Approve {
        note: String::new(),
        valid_until: None,
    };
    let applied = transition::apply(&mut tx, case_id, clerk, &approve, None)
        .await
        .expect("approve");
    assert!(applied.effects.contains(&Effect::IssueResult));
    // The approval itself issued it (the transition's IssueResult effect); asking again
    // returns the same certificate.
    let issued = certificates::issue_for_case(&mut tx, case_id, None)
        .await
        .expect("issue");
    tx.commit().await.expect("commit");
    let count: i64 = sqlx::query_scalar("select count(*) from certificates where case_id = $1")
        .bind(case_id)
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(
        count,
        i64::from(issued.is_some()),
        "exactly one certificate per approval"
    );
    issued
}

#[tokio::test]
async fn the_receipt_shows_the_submission_to_its_applicant_only() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let case_id = submit_complete(&app).await;
    let number = case_number(&app, case_id).await;
    let path = format!("/cases/{case_id}/receipt");

    let (status, html) = app.get_html(&path).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains(&number), "the case number");
    assert!(html.contains("无犯罪记录证明开具"), "the service");
    assert!(html.contains("公安局"), "the department");
    for file in ["申请表.pdf", "身份证.pdf", "委托书.pdf"] {
        assert!(html.contains(file), "{file} is listed");
    }
    assert!(html.contains("110***********002X"), "the masked ID number");
    assert!(!html.contains(ID_A), "never the full ID number");
    assert!(html.contains("张三"));
    assert!(html.contains("受理后"), "the clock starts at acceptance");
    assert!(html.contains("12345"), "the hotline");
    assert!(
        links_to(&app, &html, &format!("/cases/{case_id}")),
        "an absolute link to the case"
    );
    assert!(html.contains("/pkg/portal.css"));
    assert!(!html.contains("<svg"), "no certificate before approval");

    let english = app
        .client
        .get(app.url(&path))
        .header("accept-language", "en")
        .send()
        .await
        .expect("GET");
    let english = english.text().await.expect("body");
    assert!(english.contains("Application receipt"), "{english}");
    assert!(english.contains("working days of acceptance"));

    // Anyone else: the same 404 as an unknown case; nobody logged in: the login page.
    let other = app.other_browser();
    let anonymous = other.get(&path).await;
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&anonymous), format!("/login?next={path}"));
    citizen(&other, "李四", ID_B, "13900139000").await;
    let (status, html) = other.get_html(&path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!html.contains(&number));
    let (status, _) = other
        .get_html(&format!("/cases/{}/receipt", Uuid::new_v4()))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = other.get_html("/cases/not-a-uuid/receipt").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A draft has no receipt.
    let page = open_form(&app, "/apply/GA-004").await;
    let saved = post_application(&app, &page, "save", &[("details", "草稿")], Vec::new()).await;
    let draft_id = case_id_from(&location(&saved));
    let (status, _) = app.get_html(&format!("/cases/{draft_id}/receipt")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_approved_case_issues_a_verifiable_certificate_into_the_wallet() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let case_id = submit_complete(&app).await;
    let clerk = clerk(&app, "GA").await;
    let issued = approve(&app, case_id, &clerk)
        .await
        .expect("GA-004 issues a certificate");
    assert_eq!(issued.cert_type, "no_criminal_record");
    assert_eq!(issued.name.zh, "无犯罪记录证明");
    assert_eq!(issued.holder_name, "张三");
    let code = issued.verification_code.clone();
    assert_eq!(code.len(), 16);
    assert!(!code.contains(['I', 'L', 'O', 'U']));
    let (holder, holder_id): (Option<Uuid>, String) = sqlx::query_as(
        "select holder_person_id, holder_id_number from certificates where verification_code = $1",
    )
    .bind(&code)
    .fetch_one(&app.pool)
    .await
    .expect("certificate");
    assert!(holder.is_some(), "held by the applicant");
    assert_eq!(holder_id, ID_A);

    // Issuing again (a retried callback) gives the same certificate.
    let mut conn = app.pool.acquire().await.expect("conn");
    let again = certificates::issue_for_case(&mut conn, case_id, None)
        .await
        .expect("issue")
        .expect("certificate");
    assert_eq!(again.verification_code, code);
    drop(conn);

    // Anyone may verify it, and sees only masked personal data.
    let visitor = app.other_browser();
    let (status, html) = visitor.get_html(&format!("/verify/{code}")).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("无犯罪记录证明"));
    assert!(html.contains("张*"), "masked holder");
    assert!(!html.contains("张三"));
    assert!(html.contains("110***********002X"));
    assert!(!html.contains(ID_A));
    assert!(html.contains(&issued.issued_on.format("%Y-%m-%d").to_string()));
    assert!(html.contains("有效"));
    assert!(html.contains("长期有效"), "no expiry date");

    // Lower case, spaces and hyphens are fine.
    let typed = display_code(&code).to_lowercase().replace('-', " ");
    let response = visitor
        .client
        .get(visitor.url("/verify"))
        .query(&[("code", typed.as_str())])
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.text().await.expect("body").contains("张*"));
    let (status, _) = visitor
        .get_html(&format!("/verify/{}", display_code(&code).to_lowercase()))
        .await;
    assert_eq!(status, StatusCode::OK);

    // In English.
    let english = visitor
        .client
        .get(visitor.url(&format!("/verify/{code}")))
        .header("accept-language", "en")
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("body");
    assert!(english.contains("Certificate of no criminal record"));
    assert!(english.contains("Valid"));

    // An unknown or malformed code: 404, saying so.
    let (status, html) = visitor.get_html("/verify/ABCD0123EFGH4567").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        html.contains("没有核验码为 ABCD0123EFGH4567 的电子证照"),
        "{html}"
    );
    let (status, html) = visitor.get_html("/verify/%3Cscript%3E").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!html.contains("<script>"), "escaped");
    // The form alone.
    let (status, html) = visitor.get_html("/verify").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("name=\"code\""));

    // The receipt of the approved case shows the code and its QR code.
    let (status, html) = app.get_html(&format!("/cases/{case_id}/receipt")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&display_code(&code)));
    assert!(html.contains("<svg role=\"img\""));
    assert!(links_to(&app, &html, &format!("/verify/{code}")));

    // The case page shows the result with its verification link.
    let (_, html) = app.get_html(&format!("/cases/{case_id}")).await;
    assert!(html.contains("办理结果"));
    assert!(html.contains(&format!("href=\"/verify/{code}\"")));

    // The holder's wallet lists it; another citizen's does not; nobody logged in: login.
    let (status, html) = app.get_html("/wallet").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("无犯罪记录证明"));
    assert!(html.contains(&format!("href=\"/verify/{code}\"")));
    assert!(html.contains("<caption>"));
    let anonymous = visitor.get("/wallet").await;
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&anonymous), "/login?next=/wallet");
    citizen(&visitor, "李四", ID_B, "13900139000").await;
    let (status, html) = visitor.get_html("/wallet").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains(&code));
    assert!(html.contains("您还没有电子证照"));
    let wallet = certificates::wallet(&app.pool, clerk.account_id().expect("clerk"))
        .await
        .expect("wallet");
    assert!(wallet.is_empty(), "staff hold nothing");

    // Revoked: verification says so.
    sqlx::query("update certificates set revoked_at = now() where verification_code = $1")
        .bind(&code)
        .execute(&app.pool)
        .await
        .expect("revoke");
    let (status, html) = visitor.get_html(&format!("/verify/{code}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("已注销"));
    assert!(html.contains("status-revoked"));

    // Expired: past its validity.
    sqlx::query(
        "update certificates set revoked_at = null, valid_until = issued_on - 1
         where verification_code = $1",
    )
    .bind(&code)
    .execute(&app.pool)
    .await
    .expect("expire");
    let verified = certificates::verify(&app.pool, &code)
        .await
        .expect("verify")
        .expect("found");
    assert_eq!(verified.status, certificates::CertificateStatus::Expired);
}

#[tokio::test]
async fn a_service_without_certificate_issues_none() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let case_id = submit_complete(&app).await;
    sqlx::query("update services set issues_cert_type = null where code = 'GA-004'")
        .execute(&app.pool)
        .await
        .expect("no certificate");
    let clerk = clerk(&app, "GA").await;
    assert!(approve(&app, case_id, &clerk).await.is_none());
    let count: i64 = sqlx::query_scalar("select count(*) from certificates")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(count, 0);
}

#[tokio::test]
async fn an_enterprise_case_makes_the_enterprise_the_holder() {
    let app = spawn_app().await;
    app.enterprise_in_register().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let registered = app
        .post_form(
            "/register/enterprise",
            &[
                ("enterprise_name", "示例餐饮有限公司"),
                ("credit_code", "91350100M000100Y43"),
                ("legal_rep", "张三"),
            ],
        )
        .await;
    assert_eq!(registered.status(), StatusCode::SEE_OTHER);
    // 食品经营许可: an enterprise service issuing a permit. Submitted through the core (the
    // form's completeness is the applications tests' business).
    let page = open_form(&app, "/apply/SCJG-002").await;
    let saved = post_application(&app, &page, "save", &[("details", "申请许可")], Vec::new()).await;
    let case_id = case_id_from(&location(&saved));
    let applicant: Uuid =
        sqlx::query_scalar("select applicant_account_id from cases where id = $1")
            .bind(case_id)
            .fetch_one(&app.pool)
            .await
            .expect("case");
    let mut tx = app.pool.begin().await.expect("begin");
    transition::apply(
        &mut tx,
        case_id,
        &Acting::Applicant {
            account_id: applicant,
        },
        &CaseAction::Submit,
        None,
    )
    .await
    .expect("submit");
    tx.commit().await.expect("commit");

    let clerk = clerk(&app, "SCJG").await;
    let issued = approve(&app, case_id, &clerk).await.expect("a permit");
    assert_eq!(issued.holder_name, "示例餐饮有限公司");
    let verified = certificates::verify(&app.pool, &issued.verification_code)
        .await
        .expect("verify")
        .expect("found");
    assert!(verified.holder_is_enterprise);
    assert_eq!(
        verified.holder_name, "示例餐饮有限公司",
        "enterprise names are public"
    );
    assert_eq!(verified.holder_id_number, "9135***43");

    let (status, html) = app.get_html("/wallet").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("食品经营许可证"),
        "the agent sees the enterprise's permit"
    );
    assert!(html.contains("示例餐饮有限公司"));
}

#[tokio::test]
async fn a_level_one_applicants_certificate_waits_until_their_level_rises() {
    let app = spawn_app().await;
    let mobile = "13800138000";
    newcomer(&app, "王五", ID_C, mobile).await;
    let case_id = submit_complete(&app).await;
    let clerk = clerk(&app, "GA").await;
    assert!(
        approve(&app, case_id, &clerk).await.is_none(),
        "approved, but no certificate for level 1"
    );
    let (_, page) = app.get_html(&format!("/cases/{case_id}")).await;
    assert!(
        page.contains("电子证照将在您的实名等级达到二级后签发"),
        "{page}"
    );
    let (_, wallet) = app.get_html("/wallet").await;
    assert!(wallet.contains("您还没有电子证照"));

    // A counter check raises 王五 to level 3: the certificate is issued and 王五 told.
    let staff = app.staff("clerk", "counter.ga", "李受理", Some("GA")).await;
    let checked = staff
        .post_form(
            "/workbench/identity",
            &[
                ("id_number", ID_C),
                ("mobile", mobile),
                ("document_checked", "yes"),
            ],
        )
        .await;
    assert_eq!(checked.status(), StatusCode::SEE_OTHER);
    let (_, wallet) = app.get_html("/wallet").await;
    assert!(wallet.contains("无犯罪记录证明"), "{wallet}");
    let (_, page) = app.get_html(&format!("/cases/{case_id}")).await;
    assert!(!page.contains("电子证照将在您的实名等级达到二级后签发"));
    assert!(page.contains("电子证照（核验码"), "{page}");
    let (_, notifications) = app.get_html("/notifications").await;
    assert!(notifications.contains("的电子证照已签发，已放入您的证照夹"));

    // The same when 公安局's register confirms a level-1 applicant.
    let other = app.other_browser();
    newcomer(&other, "赵六", ID_B, "13900139000").await;
    let case_id = submit_complete(&other).await;
    assert!(approve(&app, case_id, &clerk).await.is_none());
    crate::registration_codes::feed_person(&app, ID_B, "赵六", "live", 1).await;
    let (_, wallet) = other.get_html("/wallet").await;
    assert!(wallet.contains("无犯罪记录证明"), "{wallet}");
    let released: i64 = sqlx::query_scalar(
        "select count(*) from withheld_certificates where released_at is not null",
    )
    .fetch_one(&app.pool)
    .await
    .expect("released");
    assert_eq!(released, 2);
}
