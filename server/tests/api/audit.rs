//! The audit log: staff views, downloads, claims and decisions are recorded with the actor and
//! the case; the applicant sees the department and role of each view, never a name; the hash
//! chain reveals a changed or deleted row, and concurrent appends never fork it.
use crate::applications::submit_complete;
use app::core::audit::{self, Entry};
use portal_test_support::citizen;
use portal_test_support::{spawn_app, staff_browser, TestApp, ID_A};
use reqwest::StatusCode;
use uuid::Uuid;

const CLERK_NAME: &str = "李审计";

type LogRow = (i64, String, Uuid, String, Option<String>, Option<Uuid>);

async fn log_rows(app: &TestApp) -> Vec<LogRow> {
    sqlx::query_as(
        "select id, action, actor_account_id, actor_role, department_code, case_id
         from audit_log where case_id is not null order by id",
    )
    .fetch_all(&app.pool)
    .await
    .expect("audit rows")
}

async fn version(app: &TestApp, case_id: Uuid) -> String {
    let version: i32 = sqlx::query_scalar("select version from cases where id = $1")
        .bind(case_id)
        .fetch_one(&app.pool)
        .await
        .expect("version");
    version.to_string()
}

/// Changes the log behind the trigger's back, as a database superuser could.
async fn tamper(app: &TestApp, sql: &str, id: i64) {
    let mut tx = app.pool.begin().await.expect("begin");
    sqlx::query("set local session_replication_role = replica")
        .execute(&mut *tx)
        .await
        .expect("replica role");
    let changed = sqlx::query(sql)
        .bind(id)
        .execute(&mut *tx)
        .await
        .expect("tamper")
        .rows_affected();
    assert_eq!(changed, 1, "{sql}");
    tx.commit().await.expect("commit");
}

fn entry(n: usize) -> Entry {
    Entry::staff(
        Uuid::new_v4(),
        app::domain::roles::Role::Clerk,
        Some("SCJG"),
        audit::actions::CASE_VIEW,
        Uuid::new_v4(),
    )
    .with_detail(serde_json::json!({ "n": n, "note": "审计 \"quoted\"" }))
}

#[tokio::test]
async fn audit_staff_access_is_logged_shown_to_the_applicant_and_tamper_evident() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let case_id = submit_complete(&app).await;
    let (status, html) = app.get_html(&format!("/cases/{case_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("尚无工作人员查看过本办件"), "{html}");

    // Another department's clerk reaches nothing, and nothing is logged.
    let (other, _) = staff_browser(&app, "clerk", "clerk.scjg", CLERK_NAME, "SCJG").await;
    let (status, _) = other.get_html(&format!("/workbench/cases/{case_id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(log_rows(&app).await.is_empty());

    let (clerk, clerk_id) = staff_browser(&app, "clerk", "clerk.ga", CLERK_NAME, "GA").await;
    let (status, page) = clerk.get_html(&format!("/workbench/cases/{case_id}")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let file: Uuid = sqlx::query_scalar(
        "select id from attachments where case_id = $1 order by field_key limit 1",
    )
    .bind(case_id)
    .fetch_one(&app.pool)
    .await
    .expect("file");
    let download = clerk.get(&format!("/files/{file}")).await;
    assert_eq!(download.status(), StatusCode::OK);
    // The applicant's own download is not staff access.
    assert_eq!(
        app.get(&format!("/files/{file}")).await.status(),
        StatusCode::OK
    );
    for decision in ["claim", "accept"] {
        let v = version(&app, case_id).await;
        let response = clerk
            .post_form(
                &format!("/workbench/cases/{case_id}"),
                &[("decision", decision), ("version", &v)],
            )
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{decision}");
    }
    // A stale decision changes nothing and logs nothing.
    let response = clerk
        .post_form(
            &format!("/workbench/cases/{case_id}"),
            &[("decision", "start_review"), ("version", "0")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);

    let rows = log_rows(&app).await;
    let actions: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    assert_eq!(
        actions,
        vec![
            "case.view",
            "file.download",
            "case.claim",
            "case.decide.accept"
        ]
    );
    for (_, action, actor, role, department, case) in &rows {
        assert_eq!(*actor, clerk_id, "{action}");
        assert_eq!(role, "clerk", "{action}");
        assert_eq!(department.as_deref(), Some("GA"), "{action}");
        assert_eq!(*case, Some(case_id), "{action}");
    }
    let detail: serde_json::Value =
        sqlx::query_scalar("select detail from audit_log where action = 'file.download'")
            .fetch_one(&app.pool)
            .await
            .expect("detail");
    assert_eq!(detail["attachment_id"], file.to_string());

    // The applicant sees who viewed the case: department and role, never the clerk's name.
    let (status, html) = app.get_html(&format!("/cases/{case_id}")).await;
    assert_eq!(status, StatusCode::OK);
    let start = html.find(r#"id="viewed-by-title""#).expect("the section");
    let section = &html[start..start + html[start..].find("</section>").expect("end")];
    assert!(section.contains("谁查看了我的信息"), "{section}");
    assert!(section.contains("公安局"), "{section}");
    assert!(section.contains("窗口工作人员"), "{section}");
    assert!(
        section.contains("下载材料"),
        "the download is listed too: {section}"
    );
    assert_eq!(
        section.matches("<tr>").count(),
        3,
        "header, one view and one download: {section}"
    );
    assert!(!html.contains(CLERK_NAME), "no staff name: {html}");

    // Four case rows, the two clerks' sign-ins (password, then second factor) and the
    // applicant's registration.
    let report = audit::verify(&app.pool, &chain_key(), None)
        .await
        .expect("verify");
    assert_eq!(report.rows, 9);
    assert_eq!(report.first_broken_id, None);

    // The table refuses changes, even from the owner.
    for sql in [
        "update audit_log set detail = '{}'",
        "delete from audit_log",
        "truncate audit_log",
    ] {
        let refused = sqlx::query(sql).execute(&app.pool).await;
        assert!(refused.is_err(), "{sql}");
    }

    // Someone with the power to switch the trigger off changes one row: verify names it.
    let download_id = rows[1].0;
    tamper(
        &app,
        r#"update audit_log set detail = '{"attachment_id": "forged"}' where id = $1"#,
        download_id,
    )
    .await;
    let report = audit::verify(&app.pool, &chain_key(), None)
        .await
        .expect("verify");
    assert_eq!(report.rows, 9);
    assert_eq!(report.first_broken_id, Some(download_id));
}

#[tokio::test]
async fn audit_a_deleted_row_breaks_the_chain_at_the_next_row() {
    let app = spawn_app().await;
    let mut ids = Vec::new();
    for n in 0..5 {
        ids.push(
            audit::record_in(&app.pool, &entry(n))
                .await
                .expect("record"),
        );
    }
    let report = audit::verify(&app.pool, &chain_key(), None)
        .await
        .expect("verify");
    assert_eq!((report.rows, report.first_broken_id), (5, None));

    // An append inside a transaction that rolls back leaves no trace and no gap in the chain.
    let mut tx = app.pool.begin().await.expect("begin");
    audit::record(&mut tx, &entry(99)).await.expect("record");
    tx.rollback().await.expect("rollback");
    ids.push(
        audit::record_in(&app.pool, &entry(5))
            .await
            .expect("record"),
    );
    let report = audit::verify(&app.pool, &chain_key(), None)
        .await
        .expect("verify");
    assert_eq!((report.rows, report.first_broken_id), (6, None));

    tamper(&app, "delete from audit_log where id = $1", ids[2]).await;
    let report = audit::verify(&app.pool, &chain_key(), None)
        .await
        .expect("verify");
    assert_eq!(report.rows, 5);
    assert_eq!(report.first_broken_id, Some(ids[3]));
}

#[tokio::test]
async fn audit_concurrent_appends_keep_one_chain() {
    let app = spawn_app().await;
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..20 {
        let pool = app.pool.clone();
        tasks.spawn(async move { audit::record_in(&pool, &entry(n)).await });
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("task").expect("record");
    }
    let report = audit::verify(&app.pool, &chain_key(), None)
        .await
        .expect("verify");
    assert_eq!(report.rows, 20);
    assert_eq!(report.first_broken_id, None);
    let distinct_links: i64 = sqlx::query_scalar("select count(distinct prev_hash) from audit_log")
        .fetch_one(&app.pool)
        .await
        .expect("links");
    assert_eq!(distinct_links, 20, "no two rows follow the same row");
}

/// Two portals' appenders (each remembering where its last batch left the chain, and then
/// appending in one statement) racing each other and single appends in transactions: one
/// chain, every row once.
#[tokio::test]
async fn audit_appenders_of_two_instances_and_single_appends_keep_one_chain() {
    let app = spawn_app().await;
    let first = app::core::audit_batch::Appender::start(app.pool.clone());
    let second = app::core::audit_batch::Appender::start(app.pool.clone());
    for round in 0..3 {
        let mut tasks = tokio::task::JoinSet::new();
        for n in 0..30 {
            let appender = if n % 2 == 0 {
                first.clone()
            } else {
                second.clone()
            };
            tasks.spawn(async move {
                appender
                    .record(entry(round * 100 + n))
                    .await
                    .map_err(|e| e.to_string())
            });
        }
        for n in 30..36 {
            let pool = app.pool.clone();
            tasks.spawn(async move {
                audit::record_in(&pool, &entry(round * 100 + n))
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            });
        }
        while let Some(done) = tasks.join_next().await {
            done.expect("task").expect("record");
        }
    }
    let report = audit::verify(&app.pool, &chain_key(), None)
        .await
        .expect("verify");
    assert_eq!((report.rows, report.first_broken_id), (108, None));
    let distinct_links: i64 = sqlx::query_scalar("select count(distinct prev_hash) from audit_log")
        .fetch_one(&app.pool)
        .await
        .expect("links");
    assert_eq!(distinct_links, 108, "no two rows follow the same row");
}

/// The one-statement append writes only after the head it was given: after anyone else's row
/// it writes nothing and says so; at the head it links on, and the long way follows on.
#[tokio::test]
async fn audit_an_append_after_a_stale_head_writes_nothing() {
    let app = spawn_app().await;
    audit::record_in(&app.pool, &entry(1)).await.expect("first");
    let (id, hash): (i64, String) =
        sqlx::query_as("select id, hash from audit_log order by id desc limit 1")
            .fetch_one(&app.pool)
            .await
            .expect("head");
    let head = audit::Head { id, hash };
    audit::record_in(&app.pool, &entry(2))
        .await
        .expect("someone else's row");
    let stale = audit::record_after(&app.pool, &head, &[&entry(3)])
        .await
        .expect("append");
    assert_eq!(stale, None, "refused after another row");
    let rows: i64 = sqlx::query_scalar("select count(*) from audit_log")
        .fetch_one(&app.pool)
        .await
        .expect("rows");
    assert_eq!(rows, 2, "nothing written");

    let (id, hash): (i64, String) =
        sqlx::query_as("select id, hash from audit_log order by id desc limit 1")
            .fetch_one(&app.pool)
            .await
            .expect("head");
    let head = audit::Head { id, hash };
    let moved = audit::record_after(&app.pool, &head, &[&entry(3), &entry(4)])
        .await
        .expect("append")
        .expect("at the head");
    assert_eq!(moved.id, id + 2);
    audit::record_in(&app.pool, &entry(5))
        .await
        .expect("the long way after it");
    let report = audit::verify(&app.pool, &chain_key(), None)
        .await
        .expect("verify");
    assert_eq!((report.rows, report.first_broken_id), (5, None));
}

#[test]
fn audit_verify_is_a_cli_subcommand() {
    let command = server::cli::Command::parse(["verify-audit".to_string()].into_iter());
    assert!(matches!(command, Ok(server::cli::Command::VerifyAudit)));
}

/// The key the test portals chain their audit rows with (from their secret).
pub(crate) fn chain_key() -> app::domain::audit_chain::ChainKey {
    app::domain::audit_chain::ChainKey::derive(&[7; 32])
}

type StoredRow = (
    i64,
    chrono::DateTime<chrono::Utc>,
    Uuid,
    String,
    Option<String>,
    String,
    Option<Uuid>,
    serde_json::Value,
    String,
    String,
);

async fn chain_rows(app: &TestApp) -> Vec<app::domain::audit_chain::AuditRow> {
    let rows: Vec<StoredRow> = sqlx::query_as(
        "select id, at, actor_account_id, actor_role, department_code, action, case_id, detail,
                prev_hash, hash from audit_log order by id",
    )
    .fetch_all(&app.pool)
    .await
    .expect("rows");
    rows.into_iter()
        .map(|r| app::domain::audit_chain::AuditRow {
            id: r.0,
            at: r.1,
            actor_account_id: r.2,
            actor_role: r.3,
            department_code: r.4,
            action: r.5,
            case_id: r.6,
            detail: r.7,
            prev_hash: r.8,
            hash: r.9,
        })
        .collect()
}

/// `portal verify-audit` as the operator runs it, keeping its checkpoint in `checkpoint`.
async fn verify_audit(app: &TestApp, checkpoint: &std::path::Path) -> anyhow::Result<()> {
    let url = sqlx::query_scalar::<_, String>("select current_database()")
        .fetch_one(&app.pool)
        .await
        .map(|db| portal_test_support::db::database_url(&db))
        .expect("database");
    let mut settings = portal_test_support::test_settings(
        server::config::DatabaseSettings::Url(url),
        std::env::temp_dir(),
        portal_test_support::Options::default(),
    );
    settings.audit_checkpoint = Some(checkpoint.to_path_buf());
    server::cli::run(
        server::cli::Command::VerifyAudit,
        settings,
        server::startup::Application::build,
    )
    .await
}

#[tokio::test]
async fn audit_a_chain_rewritten_without_the_key_or_cut_at_its_end_is_found() {
    let app = spawn_app().await;
    for n in 0..5 {
        audit::record_in(&app.pool, &entry(n))
            .await
            .expect("record");
    }
    let checkpoint = std::env::temp_dir().join(format!("audit-checkpoint-{}", Uuid::new_v4()));
    verify_audit(&app, &checkpoint).await.expect("intact");
    assert!(
        checkpoint.exists(),
        "verify-audit keeps the head outside the database"
    );

    // The newest two rows cut: every remaining link holds, but the checkpoint is gone.
    let rows = chain_rows(&app).await;
    for row in &rows[3..] {
        tamper(&app, "delete from audit_log where id = $1", row.id).await;
    }
    let report = audit::verify(&app.pool, &chain_key(), None)
        .await
        .expect("verify");
    assert_eq!((report.rows, report.first_broken_id), (3, None));
    let error = verify_audit(&app, &checkpoint)
        .await
        .expect_err("cut is found");
    assert!(format!("{error:#}").contains("checkpoint"), "{error:#}");

    // Row 2 changed and the chain re-hashed from there, as anyone who can write the database
    // could do with an unkeyed chain.
    let mut rows = chain_rows(&app).await;
    rows[1].action = "case.decide".into();
    for i in 1..rows.len() {
        rows[i].prev_hash = rows[i - 1].hash.clone();
        rows[i].hash = rows[i].legacy_hash();
        tamper(
            &app,
            &format!(
                "update audit_log set action = '{}', prev_hash = '{}', hash = '{}' where id = $1",
                rows[i].action, rows[i].prev_hash, rows[i].hash
            ),
            rows[i].id,
        )
        .await;
    }
    let report = audit::verify(&app.pool, &chain_key(), None)
        .await
        .expect("verify");
    assert_eq!(report.first_broken_id, Some(rows[1].id));
    let _ = std::fs::remove_file(&checkpoint);
}

#[tokio::test]
async fn audit_sign_ins_failures_and_sign_outs_are_recorded() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    app.post_form("/logout", &[]).await;
    app.login("13800138000", "wrong password 1").await;
    app.login("13800138000", portal_test_support::PASSWORD)
        .await;
    // An unknown name has no one to attribute a row to.
    app.other_browser().login("13900000000", "whatever").await;
    let rows: Vec<(String, String, serde_json::Value)> =
        sqlx::query_as("select action, actor_role, detail from audit_log order by id")
            .fetch_all(&app.pool)
            .await
            .expect("rows");
    let actions: Vec<&str> = rows.iter().map(|(a, _, _)| a.as_str()).collect();
    assert_eq!(
        actions,
        [
            "account.registered",
            "account.logout",
            "account.login_failed",
            "account.login"
        ]
    );
    assert!(rows.iter().all(|(_, role, _)| role == "citizen"));
    assert_eq!(rows[3].2["address"], "127.0.0.1");
    let report = audit::verify(&app.pool, &chain_key(), None)
        .await
        .expect("verify");
    assert_eq!((report.rows, report.first_broken_id), (4, None));
}

#[tokio::test]
async fn audit_a_link_from_another_site_reads_and_records_nothing_until_confirmed() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let case_id = submit_complete(&app).await;
    let (clerk, _) = staff_browser(&app, "clerk", "clerk.ga", CLERK_NAME, "GA").await;
    let page = format!("/workbench/cases/{case_id}");
    // The clerk's browser (cookies and all) asks for the page with `header: value`.
    let open = |header: &'static str, value: &'static str| {
        clerk
            .client
            .get(clerk.url(&page))
            .header(header, value)
            .send()
    };
    // A link on another site.
    let response = open("sec-fetch-site", "cross-site").await.expect("get");
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.expect("body");
    assert!(html.contains("打开这个页面？"), "{html}");
    assert!(html.contains(&format!("href=\"{page}\"")), "{html}");
    assert!(
        !html.contains("五一北路"),
        "none of the case is shown: {html}"
    );
    assert!(log_rows(&app).await.is_empty(), "nothing recorded");
    // An old browser without Sec-Fetch-Site, sent by a page elsewhere.
    let response = open("referer", "https://evil.example/page")
        .await
        .expect("get");
    assert!(response
        .text()
        .await
        .expect("body")
        .contains("打开这个页面？"));
    assert!(log_rows(&app).await.is_empty(), "nothing recorded");
    // The same-site click opens it, and that view is recorded.
    let response = open("sec-fetch-site", "same-origin").await.expect("get");
    assert_eq!(response.status(), StatusCode::OK);
    let actions: Vec<String> = log_rows(&app).await.into_iter().map(|r| r.1).collect();
    assert_eq!(actions, ["case.view"]);
}
