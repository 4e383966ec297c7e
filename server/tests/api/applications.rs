//! Applying: drafts, uploads, submit (exactly once), tracking, withdrawal, and who may see what.
use portal_test_support::{citizen, location, spawn_app, TestApp, ID_A, ID_B, PASSWORD};
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use uuid::Uuid;

/// 无犯罪记录证明开具 (公安局): a citizen service with the generic form and three materials.
const SERVICE: &str = "GA-004";

pub fn pdf(size: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.resize(size.max(bytes.len()), b'x');
    bytes
}

/// A new application page: its form action (with CSRF token) and application key.
pub struct ApplyPage {
    pub action: String,
    pub key: String,
    /// The hidden "applying for this enterprise" field, when there is one.
    pub enterprise: Option<String>,
    pub html: String,
}

fn attribute_after(html: &str, marker: &str, attribute: &str) -> Option<String> {
    let start = html.find(marker)?;
    let rest = &html[start..];
    let needle = format!("{attribute}=\"");
    let at = rest.find(&needle)? + needle.len();
    let end = rest[at..].find('"')?;
    Some(rest[at..at + end].replace("&amp;", "&"))
}

pub async fn open_form(app: &TestApp, path: &str) -> ApplyPage {
    let (status, html) = app.get_html(path).await;
    assert_eq!(status, StatusCode::OK, "{path}: {html}");
    let action = attribute_after(&html, "class=\"application-form\"", "action")
        .or_else(|| attribute_after(&html, "<form method=\"post\" action=\"/apply", "action"))
        .or_else(|| attribute_after(&html, "<form method=\"post\" action=\"/cases", "action"))
        .expect("the page has the application form");
    // A supplement page has no key: the case exists.
    let key = attribute_after(&html, "name=\"application_key\"", "value").unwrap_or_default();
    let enterprise = attribute_after(&html, "name=\"enterprise\"", "value");
    ApplyPage {
        action,
        key,
        enterprise,
        html,
    }
}

/// The answers a complete GA-004 application needs besides the verified (prefilled) ones.
pub fn complete_answers() -> Vec<(&'static str, &'static str)> {
    vec![
        ("applicant_address.district", "350102"),
        ("applicant_address.detail", "五一北路 1 号"),
        ("details", "出国留学需要无犯罪记录证明。"),
    ]
}

pub fn all_materials() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    vec![
        ("material_1", "申请表.pdf", pdf(2000)),
        ("material_2", "身份证.pdf", pdf(3000)),
        ("material_3", "委托书.pdf", pdf(1500)),
    ]
}

pub async fn post_application(
    app: &TestApp,
    page: &ApplyPage,
    action: &str,
    answers: &[(&str, &str)],
    files: Vec<(&str, &str, Vec<u8>)>,
) -> reqwest::Response {
    let mut form = Form::new().text("action", action.to_string());
    if !page.key.is_empty() {
        form = form.text("application_key", page.key.clone());
    }
    if let Some(enterprise) = &page.enterprise {
        form = form.text("enterprise", enterprise.clone());
    }
    for (name, value) in answers {
        form = form.text(name.to_string(), value.to_string());
    }
    for (name, file_name, bytes) in files {
        let part = Part::bytes(bytes)
            .file_name(file_name.to_string())
            .mime_str("application/pdf")
            .expect("mime");
        form = form.part(name.to_string(), part);
    }
    app.client
        .post(app.url(&page.action))
        .multipart(form)
        .send()
        .await
        .expect("POST application")
}

fn case_id_from(location: &str) -> Uuid {
    location
        .trim_start_matches("/cases/")
        .split(['/', '?'])
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("not a case location: {location}"))
}

/// 张三 signs up and saves a GA-004 draft with `details` and material 1; returns where the
/// save sent him (the draft's edit page).
pub async fn citizen_with_draft(app: &TestApp, details: &str) -> String {
    citizen(app, "张三", ID_A, "13800138000").await;
    let page = open_form(app, &format!("/apply/{SERVICE}")).await;
    let response = post_application(
        app,
        &page,
        "save",
        &[("details", details)],
        vec![("material_1", "表.pdf", pdf(1000))],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    location(&response)
}

/// Files a complete application and returns the case id.
pub async fn submit_complete(app: &TestApp) -> Uuid {
    let page = open_form(app, &format!("/apply/{SERVICE}")).await;
    let response =
        post_application(app, &page, "submit", &complete_answers(), all_materials()).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let to = location(&response);
    assert!(to.contains("notice=notice-case-submitted"), "{to}");
    case_id_from(&to)
}

#[tokio::test]
async fn a_citizen_files_a_complete_application_and_follows_it() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let page = open_form(&app, &format!("/apply/{SERVICE}")).await;
    // Verified data is shown, not asked again.
    assert!(page.html.contains("张三"));
    assert!(
        !page.html.contains("name=\"applicant_name\""),
        "the name is not an input"
    );

    let response =
        post_application(&app, &page, "submit", &complete_answers(), all_materials()).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let case_id = case_id_from(&location(&response));

    let (state, number, answers): (String, String, serde_json::Value) =
        sqlx::query_as("select state, case_number, answers from cases where id = $1")
            .bind(case_id)
            .fetch_one(&app.pool)
            .await
            .expect("case");
    assert_eq!(state, "submitted");
    assert!(
        number.starts_with("GA2"),
        "department code and date: {number}"
    );
    assert_eq!(number.len(), "GA".len() + 8 + 5);
    assert_eq!(
        answers["applicant_name"][0], "张三",
        "prefilled from the account"
    );
    assert_eq!(answers["applicant_id_number"][0], ID_A);

    let stored: Vec<(String, String, i64, String)> = sqlx::query_as(
        "select field_key, content_type, size_bytes, sha256 from attachments where case_id = $1 order by field_key",
    )
    .bind(case_id)
    .fetch_all(&app.pool)
    .await
    .expect("attachments");
    assert_eq!(stored.len(), 3);
    assert_eq!(stored[0].1, "application/pdf");
    assert_eq!(stored[0].2, 2000);
    assert_eq!(stored[0].3.len(), 64);

    // One event, one delivery to the department, one notification, all with the change.
    let events: Vec<(String, String, String)> = sqlx::query_as(
        "select action, to_state, actor_kind from case_events where case_id = $1 order by seq",
    )
    .bind(case_id)
    .fetch_all(&app.pool)
    .await
    .expect("events");
    assert_eq!(
        events,
        vec![("submit".into(), "submitted".into(), "applicant".into())]
    );
    let deliveries: i64 = sqlx::query_scalar(
        "select count(*) from delivery_outbox where case_id = $1 and department_code = 'GA'",
    )
    .bind(case_id)
    .fetch_one(&app.pool)
    .await
    .expect("outbox");
    assert_eq!(deliveries, 1);

    let (status, html) = app.get_html(&format!("/cases/{case_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&number));
    assert!(
        html.contains("提交申请"),
        "the timeline shows the submission"
    );
    assert!(html.contains("受理后"), "the deadline starts at acceptance");

    let (_, list) = app.get_html("/cases").await;
    assert!(list.contains(&number), "listed under my applications");
    assert!(list.contains("无犯罪记录证明开具"));

    // The uploaded file comes back byte for byte.
    let file_id: Uuid = sqlx::query_scalar(
        "select id from attachments where case_id = $1 and field_key = 'material_2'",
    )
    .bind(case_id)
    .fetch_one(&app.pool)
    .await
    .expect("file");
    let download = app.get(&format!("/files/{file_id}")).await;
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(
        download.headers()["content-type"]
            .to_str()
            .unwrap_or_default(),
        "application/pdf"
    );
    // Shown inline, an upload is sandboxed: it runs nothing and reaches nothing of the portal.
    assert_eq!(
        download.headers()["content-security-policy"]
            .to_str()
            .unwrap_or_default(),
        "sandbox"
    );
    assert_eq!(
        download.bytes().await.expect("bytes").as_ref(),
        pdf(3000).as_slice()
    );
}

#[tokio::test]
async fn case_numbers_run_on_per_department_and_day_past_five_digits_and_the_notice_names_them() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    sqlx::query(
        "insert into case_number_counters (department_code, day, last_value)
         values ('GA', (now() at time zone 'Asia/Shanghai')::date, 99998)",
    )
    .execute(&app.pool)
    .await
    .expect("counter");
    let mut numbers = Vec::new();
    for _ in 0..2 {
        let case_id = submit_complete(&app).await;
        let (number, notified): (String, String) = sqlx::query_as(
            "select c.case_number, n.params->>'case_number' from cases c
             join notifications n on n.case_id = c.id and n.template = 'case-submitted'
             where c.id = $1",
        )
        .bind(case_id)
        .fetch_one(&app.pool)
        .await
        .expect("case and notice");
        assert_eq!(notified, number, "the notice names the case's number");
        numbers.push(number);
    }
    let today = chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("+08:00"))
        .format("%Y%m%d")
        .to_string();
    assert_eq!(
        numbers,
        vec![format!("GA{today}99999"), format!("GA{today}100000")]
    );
}

#[tokio::test]
async fn a_draft_keeps_every_answer_and_resumes_with_its_completeness() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let page = open_form(&app, &format!("/apply/{SERVICE}")).await;
    let answers = [("details", "先保存，稍后再填。")];
    let response = post_application(
        &app,
        &page,
        "save",
        &answers,
        vec![("material_1", "表.pdf", pdf(1000))],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let to = location(&response);
    assert!(to.ends_with("/edit?notice=notice-draft-saved"), "{to}");

    let (_, list) = app.get_html("/cases").await;
    assert!(list.contains("草稿") && list.contains("无犯罪记录证明开具"));
    // name, ID, phone, details and material 1 of 8 required answers.
    assert!(
        list.contains("5/8"),
        "completeness on the drafts list: {list}"
    );

    let resumed = open_form(&app, &to).await;
    assert!(resumed.html.contains("先保存，稍后再填。"));
    assert!(
        resumed.html.contains("表.pdf"),
        "the uploaded file is listed"
    );
    assert_eq!(resumed.key, page.key, "the same application");
}

#[tokio::test]
async fn an_incomplete_submit_keeps_the_answers_and_lists_every_problem() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let page = open_form(&app, &format!("/apply/{SERVICE}")).await;
    let answers = [
        ("details", "说明已经写好。"),
        ("applicant_address.district", "999999"),
        ("applicant_address.detail", "五一北路 1 号"),
    ];
    let response = post_application(&app, &page, "submit", &answers, Vec::new()).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let to = location(&response);
    assert!(to.ends_with("/edit?check=1"), "{to}");
    let (_, html) = app.get_html(&to).await;
    assert!(html.contains("error-summary"));
    assert!(
        html.contains("href=\"#answer-applicant_address-district\""),
        "linked to the field"
    );
    assert!(html.contains("说明已经写好。"), "other answers stay");
    assert!(html.contains("五一北路 1 号"));
    let submitted: i64 = sqlx::query_scalar("select count(*) from cases where state <> 'draft'")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(submitted, 0);
}

#[tokio::test]
async fn a_double_submit_makes_exactly_one_case() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let page = open_form(&app, &format!("/apply/{SERVICE}")).await;
    let answers = complete_answers();
    let first = post_application(&app, &page, "submit", &answers, all_materials());
    let second = post_application(&app, &page, "submit", &answers, all_materials());
    let (first, second) = tokio::join!(first, second);
    assert_eq!(first.status(), StatusCode::SEE_OTHER);
    assert_eq!(second.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        case_id_from(&location(&first)),
        case_id_from(&location(&second))
    );
    // And a replay later finds the same case again.
    let replay =
        post_application(&app, &page, "submit", &complete_answers(), all_materials()).await;
    assert_eq!(
        case_id_from(&location(&replay)),
        case_id_from(&location(&first))
    );
    let (cases, events, deliveries): (i64, i64, i64) = sqlx::query_as(
        "select (select count(*) from cases), (select count(*) from case_events),
                (select count(*) from delivery_outbox)",
    )
    .fetch_one(&app.pool)
    .await
    .expect("counts");
    assert_eq!((cases, events, deliveries), (1, 1, 1));
}

#[tokio::test]
async fn bad_uploads_are_refused_with_a_reason_and_nothing_is_stored() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let page = open_form(&app, &format!("/apply/{SERVICE}")).await;
    let files = vec![
        (
            "material_1",
            "fake.pdf",
            b"MZ\x90\x00 not really a pdf".to_vec(),
        ),
        ("material_2", "empty.pdf", Vec::new()),
        ("material_3", "big.pdf", pdf(10 * 1024 * 1024 + 1)),
    ];
    let response = post_application(&app, &page, "save", &[("details", "保留我")], files).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let to = location(&response);
    assert!(
        to.contains("file_error=material_1~form-file-wrong-type"),
        "{to}"
    );
    assert!(to.contains("file_error=material_2~form-file-empty"), "{to}");
    assert!(
        to.contains("file_error=material_3~form-file-too-large"),
        "{to}"
    );
    let stored: i64 = sqlx::query_scalar("select count(*) from attachments")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(stored, 0);
    let (_, html) = app.get_html(&to).await;
    assert!(html.contains("文件内容不是允许的格式"), "localised message");
    assert!(html.contains("保留我"), "the other answers stay");
}

#[tokio::test]
async fn the_applicant_withdraws_with_a_reason() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let case_id = submit_complete(&app).await;
    let path = format!("/cases/{case_id}");
    let (_, html) = app.get_html(&path).await;
    let version = attribute_after(&html, "name=\"version\"", "value").expect("version");

    let refused = app
        .post_form(
            &path,
            &[
                ("form", "withdraw"),
                ("version", &version),
                ("reason", "  "),
            ],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().await.expect("body").contains("请填写原因"));

    let done = app
        .post_form(
            &path,
            &[
                ("form", "withdraw"),
                ("version", &version),
                ("reason", "不再需要"),
            ],
        )
        .await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    let (state, reason): (String, String) = sqlx::query_as(
        "select c.state, e.reason from cases c join case_events e on e.case_id = c.id
         where c.id = $1 order by e.seq desc limit 1",
    )
    .bind(case_id)
    .fetch_one(&app.pool)
    .await
    .expect("case");
    assert_eq!((state.as_str(), reason.as_str()), ("withdrawn", "不再需要"));

    let again = app
        .post_form(
            &path,
            &[
                ("form", "withdraw"),
                ("version", &version),
                ("reason", "再撤一次"),
            ],
        )
        .await;
    assert_eq!(
        again.status(),
        StatusCode::CONFLICT,
        "a final case cannot be withdrawn"
    );
}

#[tokio::test]
async fn another_citizen_can_never_reach_a_case_or_its_files() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let case_id = submit_complete(&app).await;
    let file_id: Uuid = sqlx::query_scalar("select id from attachments where case_id = $1 limit 1")
        .bind(case_id)
        .fetch_one(&app.pool)
        .await
        .expect("file");
    let draft_page = open_form(&app, &format!("/apply/{SERVICE}")).await;
    let saved = post_application(
        &app,
        &draft_page,
        "save",
        &[("details", "草稿")],
        Vec::new(),
    )
    .await;
    let draft_id = case_id_from(&location(&saved));

    let other = app.other_browser();
    citizen(&other, "李四", ID_B, "13900139000").await;
    let (status, html) = other.get_html(&format!("/cases/{case_id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!html.contains("GA2"), "no case number leaks");
    assert_eq!(
        other.get(&format!("/files/{file_id}")).await.status(),
        StatusCode::NOT_FOUND
    );
    let withdraw = other
        .post_form(
            &format!("/cases/{case_id}"),
            &[("form", "withdraw"), ("reason", "恶意撤回")],
        )
        .await;
    assert_eq!(withdraw.status(), StatusCode::NOT_FOUND);
    let (status, _) = other.get_html(&format!("/cases/{draft_id}/edit")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Posting to someone else's draft, or replaying their application key, changes nothing.
    let token = other.csrf_token().await;
    let hijack = ApplyPage {
        action: format!("/cases/{draft_id}/edit?csrf_token={token}"),
        key: draft_page.key.clone(),
        enterprise: None,
        html: String::new(),
    };
    let response =
        post_application(&other, &hijack, "save", &[("details", "改掉")], Vec::new()).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let replay = ApplyPage {
        action: format!("/apply/{SERVICE}?csrf_token={token}"),
        key: draft_page.key.clone(),
        enterprise: None,
        html: String::new(),
    };
    let response = post_application(
        &other,
        &replay,
        "submit",
        &[("details", "改掉")],
        Vec::new(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let (state, details): (String, serde_json::Value) =
        sqlx::query_as("select state, answers->'details' from cases where id = $1")
            .bind(draft_id)
            .fetch_one(&app.pool)
            .await
            .expect("draft");
    assert_eq!(
        (state.as_str(), details[0].as_str()),
        ("draft", Some("草稿"))
    );
    let (_, list) = other.get_html("/cases").await;
    assert!(
        !list.contains("无犯罪记录证明开具"),
        "nothing of 张三's in 李四's list"
    );
    assert_eq!(other.get("/cases").await.status(), StatusCode::OK);
    let _ = PASSWORD;
}

#[tokio::test]
async fn enterprise_cases_are_shared_by_its_agents_only() {
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
    assert_eq!(
        registered.status(),
        StatusCode::SEE_OTHER,
        "{}",
        registered.text().await.unwrap_or_default()
    );
    // 单位社会保险登记: an enterprise service; the enterprise's data is prefilled.
    let page = open_form(&app, "/apply/RSJ-001").await;
    assert!(page.html.contains("示例餐饮有限公司"));
    let response =
        post_application(&app, &page, "save", &[("details", "企业草稿")], Vec::new()).await;
    let case_id = case_id_from(&location(&response));
    let (enterprise, credit): (Option<Uuid>, serde_json::Value) =
        sqlx::query_as("select enterprise_id, answers->'credit_code' from cases where id = $1")
            .bind(case_id)
            .fetch_one(&app.pool)
            .await
            .expect("case");
    assert!(enterprise.is_some());
    assert_eq!(credit[0], "91350100M000100Y43");

    // A colleague invited and accepted sees it; an outsider does not.
    let colleague = app.other_browser();
    citizen(&colleague, "李四", ID_B, "13900139000").await;
    let enterprise_id = enterprise.expect("enterprise").to_string();
    let invited = app
        .post_form(
            "/account",
            &[
                ("enterprise_id", &enterprise_id),
                ("mobile", "13900139000"),
                ("id_number", ID_B),
            ],
        )
        .await;
    assert_eq!(invited.status(), StatusCode::SEE_OTHER);
    let (_, before) = colleague.get_html("/cases").await;
    assert!(!before.contains("单位社会保险登记"), "not before accepting");
    let accepted = colleague
        .post_form(&format!("/account/enterprises/{enterprise_id}/accept"), &[])
        .await;
    assert_eq!(accepted.status(), StatusCode::SEE_OTHER);
    let (_, after) = colleague.get_html("/cases").await;
    assert!(
        after.contains("单位社会保险登记"),
        "an active agent sees the enterprise's case"
    );
}

#[tokio::test]
async fn a_service_is_filed_only_for_the_kind_of_applicant_it_serves() {
    let app = spawn_app().await;
    app.enterprise_agent().await;
    let enterprise: Uuid = sqlx::query_scalar("select id from enterprises")
        .fetch_one(&app.pool)
        .await
        .expect("enterprise");
    // A citizen's service (GA-004) posted for the enterprise, and an enterprise's service
    // (RSJ-001) posted without one: both refused, nothing made.
    let citizen_page = open_form(&app, &format!("/apply/{SERVICE}")).await;
    let for_enterprise = ApplyPage {
        enterprise: Some(enterprise.to_string()),
        ..citizen_page
    };
    let response = post_application(
        &app,
        &for_enterprise,
        "save",
        &[("details", "x")],
        Vec::new(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let enterprise_page = open_form(&app, "/apply/RSJ-001").await;
    let as_person = ApplyPage {
        enterprise: None,
        ..enterprise_page
    };
    let response =
        post_application(&app, &as_person, "save", &[("details", "x")], Vec::new()).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let cases: i64 = sqlx::query_scalar("select count(*) from cases")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(cases, 0);
}

#[tokio::test]
async fn staff_cannot_open_the_files_of_a_draft() {
    let app = spawn_app().await;
    citizen_with_draft(&app, "还没提交").await;
    let file: Uuid = sqlx::query_scalar("select id from attachments")
        .fetch_one(&app.pool)
        .await
        .expect("file");
    // The applicant can; a clerk of the department cannot until it is submitted.
    assert_eq!(
        app.get(&format!("/files/{file}")).await.status(),
        StatusCode::OK
    );
    let (clerk, _) =
        portal_test_support::staff_browser(&app, "clerk", "ga.clerk", "王科员", "GA").await;
    assert_eq!(
        clerk.get(&format!("/files/{file}")).await.status(),
        StatusCode::NOT_FOUND
    );
}
