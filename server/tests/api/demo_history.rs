//! The demo's history: `portal demo` loads ten weeks of a running office, once, and what the
//! pages show of it agrees with the data.
use app::core::cases::calendar;
use app::core::supervision::week_mondays;
use portal_test_support::{location, spawn_app, TestApp};
use reqwest::StatusCode;
use server::demo::{load, load_history, DEMO_PASSWORD};

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&app.pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// What the loaders write (the delivery ledger is left out: the running dispatcher delivers
/// the new cases meanwhile, as it does in the demo).
const TABLES: &[&str] = &[
    "cases",
    "case_events",
    "delivery_outbox",
    "notifications",
    "email_outbox",
    "certificates",
    "ratings",
    "rating_followups",
    "accounts",
    "people",
    "enterprises",
    "enterprise_agents",
];

async fn table_counts(app: &TestApp) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in TABLES {
        counts.push(count(app, &format!("select count(*) from {table}")).await);
    }
    counts
}

/// The numbers of one `<td class="…">n</td>` column of the page.
fn cells(html: &str, class: &str) -> Vec<i64> {
    let marker = format!(r#"class="{class}">"#);
    html.split(&marker)
        .skip(1)
        .filter_map(|rest| rest.split('<').next()?.trim().parse().ok())
        .collect()
}

#[tokio::test]
async fn the_demo_history_loads_once_and_the_dashboard_agrees_with_the_data() {
    let app = spawn_app().await;
    load(&app.pool).await.expect("demo accounts");
    let written = load_history(&app.pool).await.expect("demo history");
    assert!(
        (1900..=2000).contains(&written),
        "about 2,000 cases: {written}"
    );

    // Every state a case can be in, across departments and services.
    let states: Vec<String> = sqlx::query_scalar("select distinct state from cases order by state")
        .fetch_all(&app.pool)
        .await
        .expect("states");
    for state in [
        "approved",
        "denied",
        "draft",
        "in_review",
        "refused_at_intake",
        "resubmitted",
        "submitted",
        "supplement_requested",
        "withdrawn",
    ] {
        assert!(states.iter().any(|s| s == state), "{state} in {states:?}");
    }
    assert!(count(&app, "select count(distinct department_code) from cases").await >= 5);
    assert!(count(&app, "select count(distinct service_code) from cases").await >= 10);
    let today = calendar::today(&app.pool).await.expect("today");
    let working = calendar::load_calendar(&app.pool).await.expect("calendar");
    let near = calendar::near_until(&working, today);
    let near_deadline: i64 = sqlx::query_scalar(
        "select count(*) from cases where state in ('accepted', 'in_review', 'resubmitted')
           and due_on >= $1 and due_on < $2",
    )
    .bind(today)
    .bind(near)
    .fetch_one(&app.pool)
    .await
    .expect("near deadline");
    assert!(near_deadline > 0, "cases near their deadline");
    // Every event was written with its case, in order, and nothing lies in the future.
    assert_eq!(
        count(
            &app,
            "select count(*) from cases c where c.state <> 'draft'
               and not exists (select 1 from case_events e where e.case_id = c.id)"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &app,
            "select count(*) from case_events where occurred_at > now()"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &app,
            "select count(*) from cases c where c.state = 'approved' and exists
               (select 1 from services s where s.code = c.service_code and s.issues_cert_type is not null)
               and not exists (select 1 from certificates x where x.case_id = c.id)"
        )
        .await,
        0,
        "every approval of a certificate-issuing service issued one"
    );
    // The history mails nobody: its notifications are in the app only.
    assert_eq!(count(&app, "select count(*) from email_outbox").await, 0);

    // Loading again (accounts and history) doubles nothing.
    let before = table_counts(&app).await;
    load(&app.pool).await.expect("demo accounts again");
    assert_eq!(load_history(&app.pool).await.expect("history again"), 0);
    assert_eq!(table_counts(&app).await, before, "{TABLES:?}");

    // The supervisor of 市场监督管理局 lands on the workbench and reads the dashboard.
    let supervisor = app.other_browser();
    let response = supervisor
        .login_staff("supervisor.scjg", DEMO_PASSWORD)
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (status, html) = supervisor.get_html("/workbench/supervision").await;
    assert_eq!(status, StatusCode::OK);
    let first = week_mondays(today, app::api::supervision::WEEKS)[0];
    let received: i64 = sqlx::query_scalar(
        "select count(*) from cases where department_code = 'SCJG'
           and (submitted_at at time zone 'Asia/Shanghai')::date >= $1",
    )
    .bind(first)
    .fetch_one(&app.pool)
    .await
    .expect("received");
    assert!(received > 50, "the department received cases: {received}");
    assert_eq!(cells(&html, "sv-received").iter().sum::<i64>(), received);
    let finished: i64 = sqlx::query_scalar(
        "select count(*) from cases where department_code = 'SCJG'
           and state in ('approved', 'denied', 'refused_at_intake')
           and (decided_at at time zone 'Asia/Shanghai')::date >= $1",
    )
    .bind(first)
    .fetch_one(&app.pool)
    .await
    .expect("finished");
    assert_eq!(cells(&html, "sv-finished").iter().sum::<i64>(), finished);
    // Overdue: past the due date by the calendar, from the stored acceptance and events.
    let overdue: i64 = sqlx::query_scalar(
        "select count(*) from cases where department_code = 'SCJG'
           and state in ('accepted', 'in_review', 'resubmitted') and due_on < $1",
    )
    .bind(today)
    .fetch_one(&app.pool)
    .await
    .expect("overdue");
    assert!(overdue > 0, "some cases are overdue");
    assert!(
        html.contains(&format!(r#"id="sv-overdue-now">{overdue}<"#)),
        "overdue {overdue}"
    );
    let (average, ratings): (f64, i64) = sqlx::query_as(
        "select avg(r.score)::float8, count(*) from ratings r
         join cases c on c.id = r.case_id where c.department_code = 'SCJG'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("ratings");
    assert!(ratings > 20, "ratings: {ratings}");
    assert!(
        html.contains(&format!("平均 {average:.1} 星（{ratings} 条评价）")),
        "average {average:.1} of {ratings}"
    );
    let open_followups = count(
        &app,
        "select count(*) from rating_followups where department_code = 'SCJG' and closed_at is null",
    )
    .await;
    assert!(open_followups > 0, "bad ratings wait for an answer");
    assert_eq!(
        html.matches(r#"<li class="sv-followup""#).count() as i64,
        open_followups
    );

    // The demo citizen's own applications and wallet have content.
    let citizen = app.other_browser();
    let response = citizen.login("13800138000", DEMO_PASSWORD).await;
    assert_eq!(location(&response), "/cases");
    let (_, mine) = citizen.get_html("/cases").await;
    let own_cases: Vec<String> = sqlx::query_scalar(
        "select c.case_number from cases c join accounts a on a.id = c.applicant_account_id
         join people p on p.id = a.person_id
         where p.mobile = '13800138000' and c.enterprise_id is null and c.case_number is not null",
    )
    .fetch_all(&app.pool)
    .await
    .expect("own cases");
    assert!(own_cases.len() >= 5, "{own_cases:?}");
    assert!(own_cases.iter().any(|number| mine.contains(number)));
}
