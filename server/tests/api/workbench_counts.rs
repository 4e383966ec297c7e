//! The counts beside the workbench queues: each queue counts only its own cases of the
//! department, after the filter, and a queue longer than the cap says "1000+".
use crate::applications::submit_complete;
use app::api::workbench::{Queue, QueueFilter, QUEUE_COUNT_CAP};
use app::core::workbench;
use portal_test_support::citizen;
use portal_test_support::{spawn_app, staff_browser, TestApp, ID_A};
use reqwest::StatusCode;
use uuid::Uuid;

/// `how_many` copies of the submitted case `model` in `state`, due `due_in_days` from today
/// (Beijing time) when given, held by `clerk` when given.
async fn copies(
    app: &TestApp,
    model: Uuid,
    how_many: i32,
    state: &str,
    due_in_days: Option<i32>,
    clerk: Option<Uuid>,
) {
    sqlx::query(
        "insert into cases (service_code, form_version, department_code, applicant_account_id,
                            state, case_number, created_at, saved_at, submitted_at, accepted_on,
                            due_on, statutory_due_on, decided_at, assigned_clerk_id)
         select c.service_code, c.form_version, c.department_code, c.applicant_account_id,
                $2, concat_ws('-', c.case_number, $2, $3, g), c.created_at, c.saved_at,
                c.submitted_at, case when $2 <> 'submitted' then c.submitted_at::date end,
                (now() at time zone 'Asia/Shanghai')::date + $3,
                (now() at time zone 'Asia/Shanghai')::date + $3 + 10,
                case when $2 in ('approved', 'denied', 'withdrawn', 'refused_at_intake')
                     then now() end,
                $4
         from cases c, generate_series(1, $5) g where c.id = $1",
    )
    .bind(model)
    .bind(state)
    .bind(due_in_days)
    .bind(clerk)
    .bind(how_many)
    .execute(&app.pool)
    .await
    .expect("copies of the case");
}

#[tokio::test]
async fn workbench_counts_each_queue_and_stops_at_the_cap() {
    let app = spawn_app().await;
    citizen(&app, "张三", ID_A, "13800138000").await;
    let model = submit_complete(&app).await;
    let (clerk, clerk_id) = staff_browser(&app, "clerk", "clerk.ga", "王科员", "GA").await;
    let (_, colleague_id) = staff_browser(&app, "clerk", "clerk.ga2", "李科员", "GA").await;
    copies(&app, model, 2, "supplement_requested", None, None).await;
    // Running cases: three of mine far from their deadline, one due today (near) that is a
    // colleague's, two overdue that nobody holds.
    copies(&app, model, 3, "in_review", Some(20), Some(clerk_id)).await;
    copies(&app, model, 1, "accepted", Some(0), Some(colleague_id)).await;
    copies(&app, model, 2, "accepted", Some(-1), None).await;
    let finished = i32::try_from(QUEUE_COUNT_CAP).expect("cap") + 50;
    copies(&app, model, finished, "approved", None, None).await;

    let counts = |filter: QueueFilter| {
        let pool = app.pool.clone();
        async move {
            workbench::queue(&pool, "GA", clerk_id, Queue::New, &filter, None, 50)
                .await
                .expect("queue")
                .counts
        }
    };
    assert_eq!(
        counts(QueueFilter::default()).await,
        vec![
            (Queue::New, 1),
            (Queue::Mine, 3),
            (Queue::AwaitingSupplement, 2),
            (Queue::NearDeadline, 1),
            (Queue::Overdue, 2),
            (Queue::Finished, QUEUE_COUNT_CAP + 1),
        ]
    );
    // The filter applies to every count: nobody's name or case number contains this.
    let nobody = QueueFilter {
        q: Some("无此人".to_string()),
        ..QueueFilter::default()
    };
    assert!(counts(nobody).await.iter().all(|(_, count)| *count == 0));
    // Another department counts none of them.
    let (_, other_id) = staff_browser(&app, "clerk", "clerk.scjg", "赵科员", "SCJG").await;
    let other = workbench::queue(
        &app.pool,
        "SCJG",
        other_id,
        Queue::New,
        &QueueFilter::default(),
        None,
        50,
    )
    .await
    .expect("other department");
    assert!(other.counts.iter().all(|(_, count)| *count == 0));

    let (status, html) = clerk.get_html("/workbench").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(&format!(
            r#"data-queue="finished" class="badge-count">{QUEUE_COUNT_CAP}+<"#
        )),
        "the finished queue says it holds more than the cap: {html}"
    );
    assert!(html.contains(r#"data-queue="overdue" class="badge-count">2<"#));
}
