//! The legal clock in the queues: cases ordered and paged by deadline, near-deadline and overdue
//! decided from the calendar at read time, due dates that follow a calendar edit, the statutory
//! deadline beside the promised one; and round-robin assignment of new cases.
use crate::applications::submit_complete;
use crate::supplements::{act, clerk};
use app::api::calendar::CalendarEntryKind;
use app::api::cases::ClockView;
use app::api::workbench::{Queue, QueueFilter, QueueRow};
use app::core::calendar_admin::{self, CalendarEntry};
use app::core::cases::calendar;
use app::core::workbench;
use app::domain::case_lifecycle::{CaseAction, CaseState};
use chrono::{Duration, NaiveDate};
use portal_test_support::citizen;
use portal_test_support::{spawn_app, staff_browser, TestApp, ID_A};
use reqwest::StatusCode;
use uuid::Uuid;

async fn due_on(app: &TestApp, case_id: Uuid) -> Option<NaiveDate> {
    sqlx::query_scalar("select due_on from cases where id = $1")
        .bind(case_id)
        .fetch_one(&app.pool)
        .await
        .expect("due_on")
}

async fn rows(app: &TestApp, clerk_id: Uuid, queue: Queue, filter: &QueueFilter) -> Vec<QueueRow> {
    workbench::queue(&app.pool, "GA", clerk_id, queue, filter, None, 50)
        .await
        .expect("queue")
        .rows
}

fn ids(rows: &[QueueRow]) -> Vec<Uuid> {
    rows.iter().map(|r| r.id).collect()
}

/// The acceptance day that leaves `left` working days until the promised deadline.
async fn accepted_leaving(app: &TestApp, promised: i64, left: i64) -> NaiveDate {
    let days = calendar::load_calendar(&app.pool).await.expect("calendar");
    let today = calendar::today(&app.pool).await.expect("today");
    let mut day = today;
    while days.working_days_between(day, today) < promised - left {
        day -= Duration::days(1);
    }
    day
}

#[tokio::test]
async fn deadlines_order_the_queues_and_follow_the_calendar() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let clerk = clerk(&app, "GA").await;
    let clerk_id = clerk.account_id().expect("a clerk account");
    // A service promising ten working days, so "on track" and "near" differ.
    sqlx::query(
        "update services set statutory_days = 20, promised_days = 10 where code = 'GA-004'",
    )
    .execute(&app.pool)
    .await
    .expect("time limits");
    let mut cases = Vec::new();
    for _ in 0..4 {
        let case = submit_complete(&app).await;
        act(&app, case, &clerk, CaseAction::Accept).await;
        cases.push(case);
    }
    let [later_overdue, earliest_overdue, near, on_track] = cases[..] else {
        unreachable!()
    };
    let promised: i64 = sqlx::query_scalar(
        "select s.promised_days::int8 from services s join cases c on c.service_code = s.code
         where c.id = $1",
    )
    .bind(near)
    .fetch_one(&app.pool)
    .await
    .expect("promised days");
    let today = calendar::today(&app.pool).await.expect("today");
    app.set_accepted_on(later_overdue, today - Duration::days(80))
        .await;
    app.set_accepted_on(earliest_overdue, today - Duration::days(100))
        .await;
    let near_day = accepted_leaving(&app, promised, 1).await;
    app.set_accepted_on(near, near_day).await;

    // Overdue and near-deadline come from the stored due dates against today, earliest first.
    let all = QueueFilter::default();
    let overdue = rows(&app, clerk_id, Queue::Overdue, &all).await;
    assert_eq!(ids(&overdue), vec![earliest_overdue, later_overdue]);
    assert_eq!(
        ids(&rows(&app, clerk_id, Queue::NearDeadline, &all).await),
        vec![near]
    );
    // Every stored due date is the one the calendar gives when the page is drawn.
    for row in overdue
        .iter()
        .chain(rows(&app, clerk_id, Queue::NearDeadline, &all).await.iter())
    {
        let ClockView::Running { due, .. } = row.clock else {
            panic!("a running clock: {:?}", row.clock)
        };
        assert_eq!(due_on(&app, row.id).await, Some(due));
    }
    let page = workbench::queue(&app.pool, "GA", clerk_id, Queue::Overdue, &all, None, 1)
        .await
        .expect("first page");
    assert_eq!(ids(&page.rows), vec![earliest_overdue]);
    assert!(page.counts.contains(&(Queue::Overdue, 2)));
    assert!(page.counts.contains(&(Queue::NearDeadline, 1)));
    let second = workbench::queue(
        &app.pool,
        "GA",
        clerk_id,
        Queue::Overdue,
        &all,
        page.next,
        1,
    )
    .await
    .expect("second page");
    assert_eq!(ids(&second.rows), vec![later_overdue]);
    assert!(second.next.is_none());

    // "Mine" is ordered by deadline too.
    sqlx::query("update cases set assigned_clerk_id = $1")
        .bind(clerk_id)
        .execute(&app.pool)
        .await
        .expect("assign");
    assert_eq!(
        ids(&rows(&app, clerk_id, Queue::Mine, &all).await),
        vec![earliest_overdue, later_overdue, near, on_track]
    );

    // Filters: state and submission date.
    let in_review = QueueFilter {
        state: Some(CaseState::InReview),
        ..QueueFilter::default()
    };
    assert!(rows(&app, clerk_id, Queue::Mine, &in_review)
        .await
        .is_empty());
    let from_tomorrow = QueueFilter {
        from: today.succ_opt(),
        ..QueueFilter::default()
    };
    assert!(rows(&app, clerk_id, Queue::Mine, &from_tomorrow)
        .await
        .is_empty());
    let until_today = QueueFilter {
        from: Some(today),
        to: Some(today),
        state: Some(CaseState::Accepted),
        ..QueueFilter::default()
    };
    assert_eq!(
        rows(&app, clerk_id, Queue::Mine, &until_today).await.len(),
        4
    );

    // The operator declares the near case's due day a holiday: its deadline moves to the next
    // working day, in the same step, and the case page shows both deadlines.
    let before = due_on(&app, near).await.expect("a due date");
    calendar_admin::save(
        &app.pool,
        &CalendarEntry {
            day: before,
            kind: CalendarEntryKind::Holiday,
            note: "临时休假".into(),
        },
        None,
    )
    .await
    .expect("holiday");
    let working = calendar::load_calendar(&app.pool).await.expect("calendar");
    let after = due_on(&app, near).await.expect("a due date");
    assert_eq!(after, working.next_working_day(before).expect("next"));
    let (status, html) = app.get_html(&format!("/cases/{near}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(&after.format("%Y-%m-%d").to_string()),
        "{html}"
    );
    assert!(html.contains("法定办结期限"), "{html}");
    calendar_admin::remove(&app.pool, before, None)
        .await
        .expect("remove");
    assert_eq!(due_on(&app, near).await, Some(before));

    // A decided case has no due date any more.
    act(&app, on_track, &clerk, CaseAction::StartReview).await;
    act(
        &app,
        on_track,
        &clerk,
        CaseAction::Approve {
            note: String::new(),
            valid_until: None,
        },
    )
    .await;
    assert_eq!(due_on(&app, on_track).await, None);
}

#[tokio::test]
async fn new_cases_go_round_robin_to_the_clerks_when_the_supervisor_turns_it_on() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let (supervisor, _) = staff_browser(&app, "supervisor", "sup.ga", "赵科长", "GA").await;
    let (clerk_a, a) = staff_browser(&app, "clerk", "clerk.a", "甲", "GA").await;
    let (_, b) = staff_browser(&app, "clerk", "clerk.b", "乙", "GA").await;

    // A clerk cannot turn it on.
    let refused = clerk_a
        .post_form("/workbench/supervision/auto-assign", &[("enabled", "true")])
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let first = submit_complete(&app).await;
    assert_eq!(holder(&app, first).await, None, "off by default");

    let turned_on = supervisor
        .post_form("/workbench/supervision/auto-assign", &[("enabled", "true")])
        .await;
    assert_eq!(turned_on.status(), StatusCode::SEE_OTHER);
    let (_, html) = supervisor.get_html("/workbench/supervision").await;
    assert!(html.contains("已开启"), "{html}");

    let mut in_turn = [a, b];
    in_turn.sort();
    let mut holders = Vec::new();
    for _ in 0..3 {
        let case = submit_complete(&app).await;
        holders.push(holder(&app, case).await.expect("assigned"));
    }
    assert_eq!(holders, vec![in_turn[0], in_turn[1], in_turn[0]]);
    let told: i64 = sqlx::query_scalar(
        "select count(*) from notifications where template = 'case-assigned' and account_id = $1",
    )
    .bind(in_turn[0])
    .fetch_one(&app.pool)
    .await
    .expect("notifications");
    assert_eq!(told, 2);
    let audited: i64 =
        sqlx::query_scalar("select count(*) from audit_log where action = 'auto_assign.set'")
            .fetch_one(&app.pool)
            .await
            .expect("audit");
    assert_eq!(audited, 1);

    let turned_off = supervisor
        .post_form(
            "/workbench/supervision/auto-assign",
            &[("enabled", "false")],
        )
        .await;
    assert_eq!(turned_off.status(), StatusCode::SEE_OTHER);
    let last = submit_complete(&app).await;
    assert_eq!(holder(&app, last).await, None);
}

async fn holder(app: &TestApp, case_id: Uuid) -> Option<Uuid> {
    sqlx::query_scalar("select assigned_clerk_id from cases where id = $1")
        .bind(case_id)
        .fetch_one(&app.pool)
        .await
        .expect("case")
}

#[tokio::test]
async fn a_denial_cites_one_of_the_services_own_grounds() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let (clerk_browser, clerk_id) = staff_browser(&app, "clerk", "clerk.ga", "王", "GA").await;
    let clerk = app::core::cases::Acting::Clerk {
        account_id: clerk_id,
        department_code: "GA".into(),
    };
    let case = submit_complete(&app).await;
    act(&app, case, &clerk, CaseAction::Accept).await;
    act(&app, case, &clerk, CaseAction::StartReview).await;
    // This service may only be denied on one ground.
    sqlx::query(
        "delete from service_denial_grounds
         where service_code = (select service_code from cases where id = $1)
           and ground_code <> 'xzxk-78'",
    )
    .bind(case)
    .execute(&app.pool)
    .await
    .expect("grounds");
    let (_, html) = clerk_browser
        .get_html(&format!("/workbench/cases/{case}"))
        .await;
    assert!(html.contains(r#"value="xzxk-78""#));
    assert!(!html.contains(r#"value="xzxk-12""#), "{html}");
    let version: i32 = sqlx::query_scalar("select version from cases where id = $1")
        .bind(case)
        .fetch_one(&app.pool)
        .await
        .expect("version");
    let version = version.to_string();
    let other_ground = clerk_browser
        .post_form(
            &format!("/workbench/cases/{case}"),
            &[
                ("decision", "deny"),
                ("version", &version),
                ("legal_reason_code", "xzxk-12"),
                ("explanation", "材料不符合要求"),
            ],
        )
        .await;
    assert_eq!(other_ground.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = other_ground.text().await.expect("body");
    assert!(body.contains("材料不符合要求"), "the explanation stays");
    let denied = clerk_browser
        .post_form(
            &format!("/workbench/cases/{case}"),
            &[
                ("decision", "deny"),
                ("version", &version),
                ("legal_reason_code", "xzxk-78"),
                ("explanation", "材料不符合要求"),
            ],
        )
        .await;
    assert_eq!(denied.status(), StatusCode::SEE_OTHER);
    let state: String = sqlx::query_scalar("select state from cases where id = $1")
        .bind(case)
        .fetch_one(&app.pool)
        .await
        .expect("state");
    assert_eq!(state, "denied");
}
