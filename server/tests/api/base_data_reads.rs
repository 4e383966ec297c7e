//! Departments read base data instead of asking for papers (identity #6): a department's
//! system reads, for one of its own cases, the declared fields of the applicant's base data;
//! never another department's case, never undeclared fields; each read is recorded and shown
//! on the applicant's "who viewed my data".
use crate::routing_support::*;
use portal_test_support::signed::now;
use portal_test_support::{TestApp, ID_A};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

async fn read(app: &TestApp, department: &str, case: &str) -> (StatusCode, Value) {
    let path = format!("/api/v1/cases/{case}/applicant/base-data");
    signed_json(
        app,
        department,
        KEY,
        Method::GET,
        &path,
        &Value::Null,
        now(),
    )
    .await
}

/// 张三 (ID_A) as the population register holds her, and her submitted GA-004 case.
async fn setup() -> (TestApp, Uuid) {
    let app = spawn_manual().await;
    use_http_backend(&app, "GA", "http://127.0.0.1:9", KEY).await;
    use_http_backend(&app, "SCJG", "http://127.0.0.1:9", KEY).await;
    let record = json!({"id_number": ID_A, "name": "张三", "sex": "female",
        "birth_date": "1949-12-31", "household_address": "福州市鼓楼区示例路 1 号",
        "status": "live", "version": 1});
    let (status, answer) = signed_json(
        &app,
        "GA",
        KEY,
        Method::POST,
        "/api/v1/base-data/people",
        &json!({"protocol": "portal.v1", "records": [record]}),
        now(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let case_id = submitted_case(&app).await;
    (app, case_id)
}

#[tokio::test]
async fn a_department_reads_the_declared_base_data_of_its_own_cases_applicant() {
    let (app, case_id) = setup().await;
    let (status, answer) = read(&app, "GA", &case_id.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(
        answer["person"],
        json!({"name": "张三", "sex": "female", "birth_date": "1949-12-31",
               "household_address": "福州市鼓楼区示例路 1 号", "status": "live"})
    );
    assert_eq!(answer["entity"], Value::Null, "not filed for an enterprise");
    assert!(
        !answer.to_string().contains(ID_A),
        "no field beyond the declared ones"
    );

    // The applicant sees the read on "who viewed my data"; the log names the fields.
    let (_, page) = app.get_html(&format!("/cases/{case_id}")).await;
    assert!(
        page.contains("从基础信息库读取您的基础信息"),
        "who viewed my data"
    );
    let (role, detail): (String, Value) = sqlx::query_as(
        "select actor_role, detail from audit_log where action = 'base_data.read' and case_id = $1",
    )
    .bind(case_id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(role, "department_system");
    assert_eq!(detail["fields"][0], "name");
}

#[tokio::test]
async fn another_departments_case_or_undeclared_data_is_refused_and_nothing_recorded() {
    let (app, case_id) = setup().await;
    let (status, answer) = read(&app, "SCJG", &case_id.to_string()).await;
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("unknown_case")),
        "another department's case is no case"
    );
    let (status, _) = read(&app, "GA", &Uuid::nil().to_string()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = read(&app, "GA", "not-a-case").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let path = format!("/api/v1/cases/{case_id}/applicant/base-data");
    let (status, answer) = signed_json(
        &app,
        "GA",
        OTHER_KEY,
        Method::GET,
        &path,
        &Value::Null,
        now(),
    )
    .await;
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("bad_signature"))
    );
    sqlx::query("update services set base_data_fields = '{}' where code = 'GA-004'")
        .execute(&app.pool)
        .await
        .unwrap();
    let (status, answer) = read(&app, "GA", &case_id.to_string()).await;
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("no_base_data_declared"))
    );
    let recorded: i64 =
        sqlx::query_scalar("select count(*) from audit_log where action = 'base_data.read'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(recorded, 0);
}

/// 居民户口簿 of 高龄津贴申领 (民政局, MZ-002) is the population register's record: the form no
/// longer asks for it, the submitted case says it is provided from base data (to the applicant
/// and the clerk), and the department reads the record instead.
#[tokio::test]
async fn a_material_the_base_data_stands_in_for_is_not_asked_and_the_case_says_so() {
    use crate::applications::{complete_answers, open_form, pdf, post_application};
    let app = portal_test_support::spawn_app().await;
    app.citizen().await;
    let page = open_form(&app, "/apply/MZ-002").await;
    assert!(
        page.html.contains("answer-material_1"),
        "the ID card is asked"
    );
    assert!(
        !page.html.contains("answer-material_2"),
        "the household register is not"
    );
    // Filed without it: nothing is missing.
    let submitted = post_application(
        &app,
        &page,
        "submit",
        &complete_answers(),
        vec![
            ("material_1", "身份证.pdf", pdf(2000)),
            ("material_3", "社保卡.pdf", pdf(2000)),
            ("material_4", "委托书.pdf", pdf(2000)),
        ],
    )
    .await;
    assert_eq!(submitted.status(), StatusCode::SEE_OTHER);
    let case_path = portal_test_support::location(&submitted);
    assert!(
        case_path.contains("notice=notice-case-submitted"),
        "{case_path}"
    );
    let (_, case_page) = app.get_html(&case_path).await;
    assert!(
        case_page.contains("居民户口簿") && case_page.contains("由基础信息库提供"),
        "the case says where the register comes from: {case_page}"
    );
    // The clerk of 民政局 sees the same on the workbench.
    let case_id = case_path
        .trim_start_matches("/cases/")
        .split(['/', '?'])
        .next()
        .unwrap_or_default()
        .to_string();
    let clerk = app.clerk("MZ").await;
    let (status, desk) = clerk.get_html(&format!("/workbench/cases/{case_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(desk.contains("由基础信息库提供"), "{desk}");
    // A service without such a declaration still asks for every material.
    let other = open_form(&app, "/apply/GA-004").await;
    assert!(other.html.contains("answer-material_2"));
}
