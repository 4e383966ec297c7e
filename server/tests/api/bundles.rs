//! Bundles (一件事一次办): one combined form, shared answers asked once, a case per department
//! on submission, each routed to its own department; the bundle's case shows every part and the
//! aggregate, and one part denied does not stop the others.
use crate::applications::{open_form, pdf, post_application};
use crate::supplements::{act, clerk};
use app::core::cases::Acting;
use app::domain::case_lifecycle::{CaseAction, SupplementItem, SupplementKind};
use app::domain::service_form::{FieldKind, FormDefinition};
use portal_test_support::citizen;
use portal_test_support::{location, spawn_app, TestApp, ID_A};
use reqwest::StatusCode;
use uuid::Uuid;

/// 新生儿出生: birth certificate (WJW), household registration (GA), medical insurance (YB) and
/// social security card (RSJ).
const BUNDLE: &str = "YJS-002";

/// (field, file name, content) of an uploaded file.
type Upload = (String, String, Vec<u8>);

/// An answer for every field of the combined form, and a PDF for every file field.
fn fill(form: &FormDefinition) -> (Vec<(String, String)>, Vec<Upload>) {
    let mut answers = Vec::new();
    let mut files = Vec::new();
    let yesterday = (chrono::Utc::now() - chrono::Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    // Verified (prefilled) answers are posted too: the server keeps its own where it has one.
    for field in &form.fields {
        let key = field.key.clone();
        match &field.kind {
            FieldKind::ShortText { .. } | FieldKind::LongText { .. } => {
                answers.push((key, "测试内容".into()))
            }
            FieldKind::Number { min, .. } => answers.push((
                key,
                format!("{}", min.unwrap_or(1.0).max(1.0) as i64 + 1000),
            )),
            FieldKind::Date { .. } => answers.push((key, yesterday.clone())),
            FieldKind::SingleChoice { options } | FieldKind::MultiChoice { options, .. } => {
                answers.push((key, options[0].value.clone()))
            }
            FieldKind::Phone => answers.push((key, "13900139000".into())),
            FieldKind::ResidentId => answers.push((key, ID_A.into())),
            FieldKind::Email => answers.push((key, "parent@example.com".into())),
            FieldKind::Address => {
                answers.push((format!("{key}.district"), "350102".into()));
                answers.push((format!("{key}.detail"), "五一北路 1 号".into()));
            }
            FieldKind::File { .. } => files.push((key.clone(), format!("{key}.pdf"), pdf(1200))),
            other => panic!("no filler for {other:?}"),
        }
    }
    (answers, files)
}

async fn children(app: &TestApp, parent: Uuid) -> Vec<(Uuid, String, String)> {
    sqlx::query_as(
        "select id, department_code, state from cases where bundle_case_id = $1
         order by department_code",
    )
    .bind(parent)
    .fetch_all(&app.pool)
    .await
    .expect("children")
}

fn child_of(children: &[(Uuid, String, String)], department: &str) -> Uuid {
    children
        .iter()
        .find(|(_, d, _)| d == department)
        .map(|(id, _, _)| *id)
        .expect("a child of that department")
}

/// Fills in and submits the bundle's combined form; returns the bundle's own case.
async fn submit_bundle(app: &TestApp, form: &FormDefinition) -> Uuid {
    let page = open_form(app, &format!("/apply/{BUNDLE}")).await;
    let (answers, files) = fill(form);
    let answers: Vec<(&str, &str)> = answers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let files: Vec<(&str, &str, Vec<u8>)> = files
        .iter()
        .map(|(k, n, b)| (k.as_str(), n.as_str(), b.clone()))
        .collect();
    let response = post_application(app, &page, "submit", &answers, files).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let to = location(&response);
    if to.contains("check=1") {
        let (_, html) = app.get_html(&to).await;
        let errors: Vec<&str> = html
            .match_indices("field-error")
            .map(|(i, _)| &html[i..(i + 200).min(html.len())])
            .collect();
        panic!("refused: {errors:#?}");
    }
    to.trim_start_matches("/cases/")
        .split(['/', '?'])
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("a case page: {to}"))
}

#[tokio::test]
async fn a_bundles_own_case_takes_no_decision_and_no_withdrawal() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let (_, form) = app::core::forms::load(&app.pool, BUNDLE, None)
        .await
        .expect("load")
        .expect("the combined form");
    let parent = submit_bundle(&app, &form).await;
    let department: String = sqlx::query_scalar("select department_code from cases where id = $1")
        .bind(parent)
        .fetch_one(&app.pool)
        .await
        .expect("parent");
    let clerk = clerk(&app, &department).await;
    let applicant: Uuid =
        sqlx::query_scalar("select applicant_account_id from cases where id = $1")
            .bind(parent)
            .fetch_one(&app.pool)
            .await
            .expect("parent");
    // Its parts are decided and withdrawn one by one; the bundle's case only follows them.
    for (acting, action) in [
        (clerk.clone(), CaseAction::Accept),
        (
            Acting::Applicant {
                account_id: applicant,
            },
            CaseAction::Withdraw {
                reason: "不办了".into(),
            },
        ),
    ] {
        let mut tx = app.pool.begin().await.expect("tx");
        let refused =
            app::core::cases::transition::apply(&mut tx, parent, &acting, &action, None).await;
        assert!(
            matches!(refused, Err(app::core::cases::CaseError::Transition(_))),
            "{action:?}: {refused:?}"
        );
    }
    let state: String = sqlx::query_scalar("select state from cases where id = $1")
        .bind(parent)
        .fetch_one(&app.pool)
        .await
        .expect("parent");
    assert_eq!(state, "submitted");
}

#[tokio::test]
async fn a_bundle_fans_out_and_shows_each_part_and_the_aggregate() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let (_, form) = app::core::forms::load(&app.pool, BUNDLE, None)
        .await
        .expect("load")
        .expect("the combined form is built at start-up");
    // The parents' details are asked once, each service's own material under its name.
    let keys: Vec<&str> = form.fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys.iter().filter(|k| **k == "applicant_name").count(), 1);
    assert!(keys.contains(&"s1_baby_name") && keys.contains(&"s2_material_1"));
    let page = open_form(&app, &format!("/apply/{BUNDLE}")).await;
    assert!(
        page.html.contains("出生登记（新生儿户口登记）："),
        "each part's own fields carry its name"
    );
    let parent = submit_bundle(&app, &form).await;

    // One submitted case per department, each with its number and its own delivery row; the
    // bundle's own case goes to no department.
    let parts = children(&app, parent).await;
    let departments: Vec<&str> = parts.iter().map(|(_, d, _)| d.as_str()).collect();
    assert_eq!(departments, vec!["GA", "RSJ", "WJW", "YB"]);
    assert!(parts.iter().all(|(_, _, state)| state == "submitted"));
    let deliveries: Vec<(Uuid, String)> =
        sqlx::query_as("select case_id, department_code from delivery_outbox order by 2")
            .fetch_all(&app.pool)
            .await
            .expect("outbox");
    assert_eq!(deliveries.len(), 4);
    assert!(deliveries.iter().all(|(case, _)| *case != parent));
    // The shared answer reached every part; each part has only its own files, stored once.
    for (child, _, _) in &parts {
        let name: Option<String> =
            sqlx::query_scalar("select answers->'applicant_name'->>0 from cases where id = $1")
                .bind(child)
                .fetch_one(&app.pool)
                .await
                .expect("answers");
        assert_eq!(name.as_deref(), Some("张三"));
    }
    let wjw = child_of(&parts, "WJW");
    let wjw_files: Vec<String> =
        sqlx::query_scalar("select field_key from attachments where case_id = $1 order by 1")
            .bind(wjw)
            .fetch_all(&app.pool)
            .await
            .expect("files");
    assert_eq!(wjw_files, vec!["material_1", "material_2", "material_3"]);
    let baby: Option<String> =
        sqlx::query_scalar("select answers->'baby_name'->>0 from cases where id = $1")
            .bind(wjw)
            .fetch_one(&app.pool)
            .await
            .expect("answers");
    assert_eq!(baby.as_deref(), Some("测试内容"));

    let (status, html) = app.get_html(&format!("/cases/{parent}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("办理中"), "{html}");
    assert!(
        !html.contains(r#"value="withdraw""#),
        "parts are withdrawn one by one"
    );

    // GA asks for a supplement: the bundle shows that the applicant must act, and why.
    let ga = child_of(&parts, "GA");
    let ga_clerk = clerk(&app, "GA").await;
    act(&app, ga, &ga_clerk, CaseAction::Accept).await;
    act(&app, ga, &ga_clerk, CaseAction::StartReview).await;
    act(
        &app,
        ga,
        &ga_clerk,
        CaseAction::RequestSupplement {
            items: vec![SupplementItem {
                kind: SupplementKind::Material,
                key: "material_1".into(),
                reason: "出生医学证明不清晰".into(),
            }],
            reason: "请补正出生医学证明".into(),
        },
    )
    .await;
    let (_, html) = app.get_html(&format!("/cases/{parent}")).await;
    assert!(html.contains("有事项需要您补正材料"), "{html}");
    assert!(html.contains("请补正出生医学证明"));
    // Which item of that part, in the part's own words, with the department's reason for it.
    let material = "出生医学证明不清晰";
    let row = html
        .split("<tr")
        .find(|row| row.contains(material))
        .unwrap_or_else(|| panic!("the part's row names the item: {html}"));
    assert!(row.contains("出生登记（新生儿户口登记）"), "{row}");
    assert!(html.contains(&format!("/cases/{ga}")));

    // GA is then denied after the resubmission; the three others are approved: the bundle is
    // finished with three approved and one not, and the denial's reason is on its row.
    let applicant = Acting::Applicant {
        account_id: sqlx::query_scalar("select applicant_account_id from cases where id = $1")
            .bind(ga)
            .fetch_one(&app.pool)
            .await
            .expect("applicant"),
    };
    act(&app, ga, &applicant, CaseAction::Resubmit).await;
    act(&app, ga, &ga_clerk, CaseAction::StartReview).await;
    act(
        &app,
        ga,
        &ga_clerk,
        CaseAction::Deny {
            legal_reason_code: "xzxk-38-2".into(),
            explanation: "户籍地址不符合落户条件".into(),
        },
    )
    .await;
    for department in ["WJW", "YB", "RSJ"] {
        let case = child_of(&parts, department);
        let staff = clerk(&app, department).await;
        act(&app, case, &staff, CaseAction::Accept).await;
        act(&app, case, &staff, CaseAction::StartReview).await;
        act(
            &app,
            case,
            &staff,
            CaseAction::Approve {
                note: String::new(),
                valid_until: None,
            },
        )
        .await;
    }
    let (_, html) = app.get_html(&format!("/cases/{parent}")).await;
    assert!(
        html.contains("已全部办结：3 项获批，1 项未获批准或已撤回"),
        "{html}"
    );
    assert!(html.contains("户籍地址不符合落户条件"));
    let (_, child_page) = app.get_html(&format!("/cases/{wjw}")).await;
    assert!(
        child_page.contains("本办件属于“新生儿出生（一件事）”"),
        "{child_page}"
    );
}
