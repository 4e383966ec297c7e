//! 补正: the department names items; the applicant changes exactly those and resubmits.
use crate::applications::{open_form, pdf, post_application, submit_complete};
use app::core::cases::{transition, Acting};
use app::domain::case_lifecycle::{CaseAction, SupplementItem, SupplementKind};
use portal_test_support::citizen;
use portal_test_support::{spawn_app, TestApp, ID_A};
use reqwest::StatusCode;
use uuid::Uuid;

/// A clerk of the case's department (公安局), created directly: the workbench is another issue.
pub async fn clerk(app: &TestApp, department: &str) -> Acting {
    let account_id: Uuid = sqlx::query_scalar(
        "insert into accounts (role, username, display_name, department_code, password_hash)
         values ('clerk', $1, '王科员', $2, 'x') returning id",
    )
    .bind(format!("clerk.{}", department.to_lowercase()))
    .bind(department)
    .fetch_one(&app.pool)
    .await
    .expect("clerk");
    Acting::Clerk {
        account_id,
        department_code: department.to_string(),
    }
}

pub async fn act(app: &TestApp, case_id: Uuid, acting: &Acting, action: CaseAction) {
    let mut tx = app.pool.begin().await.expect("tx");
    transition::apply(&mut tx, case_id, acting, &action, None)
        .await
        .expect("transition");
    tx.commit().await.expect("commit");
}

/// A GA clerk accepts the case and starts reviewing it; returns the clerk.
pub async fn in_review(app: &TestApp, case_id: Uuid) -> Acting {
    let clerk = clerk(app, "GA").await;
    act(app, case_id, &clerk, CaseAction::Accept).await;
    act(app, case_id, &clerk, CaseAction::StartReview).await;
    clerk
}

async fn request_supplement(app: &TestApp, case_id: Uuid) {
    let clerk = in_review(app, case_id).await;
    let items = vec![
        SupplementItem {
            kind: SupplementKind::Field,
            key: "details".into(),
            reason: "请写明用途和前往的国家。".into(),
        },
        SupplementItem {
            kind: SupplementKind::Material,
            key: "material_1".into(),
            reason: "申请表缺少签名。".into(),
        },
    ];
    act(
        app,
        case_id,
        &clerk,
        CaseAction::RequestSupplement {
            items,
            reason: String::new(),
        },
    )
    .await;
}

#[tokio::test]
async fn the_applicant_changes_only_the_named_items_and_resubmits() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let case_id = submit_complete(&app).await;
    request_supplement(&app, case_id).await;

    let (_, case_page) = app.get_html(&format!("/cases/{case_id}")).await;
    assert!(case_page.contains("需要补正"));
    assert!(case_page.contains("请写明用途和前往的国家。"));
    assert!(
        case_page.contains("补正期间暂停计时"),
        "the clock is paused"
    );

    let page = open_form(&app, &format!("/cases/{case_id}/supplement")).await;
    assert!(page.html.contains("name=\"details\""));
    assert!(page.html.contains("name=\"material_1\""));
    assert!(
        !page.html.contains("name=\"material_2\""),
        "other materials stay locked"
    );
    assert!(
        !page.html.contains("name=\"applicant_address.detail\""),
        "other answers stay locked"
    );

    let old_file: Uuid = sqlx::query_scalar(
        "select id from attachments where case_id = $1 and field_key = 'material_1'",
    )
    .bind(case_id)
    .fetch_one(&app.pool)
    .await
    .expect("file");
    let id = old_file.to_string();
    let response = post_application(
        &app,
        &page,
        "resubmit",
        &[
            ("details", "去英国留学，需要无犯罪记录证明。"),
            ("remove_file", &id),
        ],
        vec![("material_1", "申请表-已签名.pdf", pdf(2500))],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (state, details, address, items): (
        String,
        serde_json::Value,
        serde_json::Value,
        Option<serde_json::Value>,
    ) = sqlx::query_as(
        "select state, answers->'details', answers->'applicant_address.detail', supplement_items
             from cases where id = $1",
    )
    .bind(case_id)
    .fetch_one(&app.pool)
    .await
    .expect("case");
    assert_eq!(state, "resubmitted");
    assert_eq!(details[0], "去英国留学，需要无犯罪记录证明。");
    assert_eq!(address[0], "五一北路 1 号", "untouched answers are kept");
    assert!(items.is_none(), "the request is closed");
    let names: Vec<String> = sqlx::query_scalar(
        "select original_name from attachments where case_id = $1 and field_key = 'material_1'",
    )
    .bind(case_id)
    .fetch_all(&app.pool)
    .await
    .expect("files");
    assert_eq!(names, vec!["申请表-已签名.pdf".to_string()]);
    let deliveries: Vec<String> =
        sqlx::query_scalar("select event from delivery_outbox where case_id = $1 order by id")
            .bind(case_id)
            .fetch_all(&app.pool)
            .await
            .expect("outbox");
    assert_eq!(deliveries, vec!["case.submitted", "case.resubmitted"]);
}

#[tokio::test]
async fn changing_a_locked_answer_or_file_is_refused_and_nothing_changes() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let case_id = submit_complete(&app).await;
    request_supplement(&app, case_id).await;
    let page = open_form(&app, &format!("/cases/{case_id}/supplement")).await;
    let before: serde_json::Value = sqlx::query_scalar("select answers from cases where id = $1")
        .bind(case_id)
        .fetch_one(&app.pool)
        .await
        .expect("answers");

    let tampered = post_application(
        &app,
        &page,
        "resubmit",
        &[
            ("details", "新的说明"),
            ("applicant_address.detail", "改了地址"),
        ],
        Vec::new(),
    )
    .await;
    assert_eq!(tampered.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(tampered
        .text()
        .await
        .expect("body")
        .contains("只能修改要求补正的内容"));

    let locked_file: Uuid = sqlx::query_scalar(
        "select id from attachments where case_id = $1 and field_key = 'material_2'",
    )
    .bind(case_id)
    .fetch_one(&app.pool)
    .await
    .expect("file");
    let id = locked_file.to_string();
    let removal = post_application(
        &app,
        &page,
        "resubmit",
        &[("details", "新的说明"), ("remove_file", &id)],
        Vec::new(),
    )
    .await;
    assert_eq!(removal.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let upload = post_application(
        &app,
        &page,
        "resubmit",
        &[("details", "新的说明")],
        vec![("material_3", "x.pdf", pdf(900))],
    )
    .await;
    assert_eq!(upload.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let (state, after, files): (String, serde_json::Value, i64) = sqlx::query_as(
        "select state, answers, (select count(*) from attachments where case_id = $1) from cases where id = $1",
    )
    .bind(case_id)
    .fetch_one(&app.pool)
    .await
    .expect("case");
    assert_eq!(state, "supplement_requested");
    assert_eq!(after, before);
    assert_eq!(files, 3);

    // And once answered, the same post is a stale resubmission.
    let ok = post_application(
        &app,
        &page,
        "resubmit",
        &[("details", "新的说明")],
        Vec::new(),
    )
    .await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    let again = post_application(
        &app,
        &page,
        "resubmit",
        &[("details", "再来一次")],
        Vec::new(),
    )
    .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn events_and_state_always_agree() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let case_id = submit_complete(&app).await;
    request_supplement(&app, case_id).await;
    let page = open_form(&app, &format!("/cases/{case_id}/supplement")).await;
    post_application(
        &app,
        &page,
        "resubmit",
        &[("details", "补充说明")],
        Vec::new(),
    )
    .await;
    let draft = open_form(&app, "/apply/GA-004").await;
    post_application(&app, &draft, "save", &[("details", "草稿")], Vec::new()).await;
    let disagreeing: i64 = sqlx::query_scalar(
        "select count(*) from cases c
         where c.state <> coalesce((select e.to_state from case_events e where e.case_id = c.id
                                    order by e.seq desc limit 1), 'draft')",
    )
    .fetch_one(&app.pool)
    .await
    .expect("count");
    assert_eq!(disagreeing, 0);
    let sequences: Vec<i32> =
        sqlx::query_scalar("select seq from case_events where case_id = $1 order by id")
            .bind(case_id)
            .fetch_all(&app.pool)
            .await
            .expect("seqs");
    assert_eq!(sequences, vec![1, 2, 3, 4, 5]);
    // The history cannot be rewritten.
    let update = sqlx::query("update case_events set reason = 'x' where case_id = $1")
        .bind(case_id)
        .execute(&app.pool)
        .await;
    assert!(update.is_err(), "case_events is append-only");
}

#[tokio::test]
async fn a_supplement_cannot_rewrite_a_verified_field() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let case_id = submit_complete(&app).await;
    let clerk = in_review(&app, case_id).await;
    // A request naming the verified name (the department protocol refuses such a path; here it
    // is made directly, as any future path to it might).
    act(
        &app,
        case_id,
        &clerk,
        CaseAction::RequestSupplement {
            items: vec![SupplementItem {
                kind: SupplementKind::Field,
                key: "applicant_name".into(),
                reason: "请核对姓名。".into(),
            }],
            reason: String::new(),
        },
    )
    .await;
    let page = open_form(&app, &format!("/cases/{case_id}/supplement")).await;
    let response = post_application(
        &app,
        &page,
        "resubmit",
        &[("applicant_name", "李四")],
        vec![],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let name: serde_json::Value =
        sqlx::query_scalar("select answers->'applicant_name' from cases where id = $1")
            .bind(case_id)
            .fetch_one(&app.pool)
            .await
            .expect("case");
    assert_eq!(name[0], "张三", "the verified name stays");
}
