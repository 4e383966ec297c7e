//! The dispatcher against a small department system: exactly once with racing instances, retries
//! while the system is down, dead letters and the operator's retry, the circuit breaker.
use crate::routing_support::*;
use app::api::deliveries::DeadLetterId;
use app::core::cases::{transition, Acting};
use app::domain::case_lifecycle::CaseAction;
use portal_test_support::actors::insert_staff;
use portal_test_support::{location, TestApp, PASSWORD};
use reqwest::StatusCode;
use server::routing::dispatcher::DispatchOutcome;
use uuid::Uuid;

async fn withdraw(app: &TestApp, case_id: Uuid) -> i64 {
    let account: Uuid = sqlx::query_scalar("select applicant_account_id from cases where id = $1")
        .bind(case_id)
        .fetch_one(&app.pool)
        .await
        .expect("case");
    let mut conn = app.pool.acquire().await.expect("conn");
    let applied = transition::apply(
        &mut conn,
        case_id,
        &Acting::Applicant {
            account_id: account,
        },
        &CaseAction::Withdraw {
            reason: "不再需要".into(),
        },
        None,
    )
    .await
    .expect("withdraw");
    applied.event_id
}

/// `(event, delivered, dead)` of every outbox row of the case, in order.
async fn outbox(app: &TestApp, case_id: Uuid) -> Vec<(String, bool, bool)> {
    sqlx::query_as(
        "select event, delivered_at is not null, dead_at is not null from delivery_outbox
         where case_id = $1 order by id",
    )
    .bind(case_id)
    .fetch_all(&app.pool)
    .await
    .expect("outbox")
}

async fn operator(app: &TestApp) -> Uuid {
    insert_staff(app, "operator", "operator", "运维", None).await
}

#[tokio::test]
async fn routing_two_racing_dispatchers_deliver_each_event_exactly_once_in_order() {
    let app = spawn_manual().await;
    let (url, receiver) = receiver().await;
    use_http_backend(&app, "GA", &url, KEY).await;
    let case_id = submitted_case(&app).await;
    withdraw(&app, case_id).await;

    let (first, second) = (dispatcher(&app), dispatcher(&app));
    // Each stops when it finds nothing due, which may be while the other holds the earlier row.
    for _ in 0..20 {
        tokio::join!(drain(&first), drain(&second));
        if outbox(&app, case_id).await.iter().all(|(_, done, _)| *done) {
            break;
        }
    }
    // Each delivery's key is its own UUID, the submission's first.
    let delivery_ids: Vec<Uuid> = sqlx::query_scalar(
        "select delivery_id from delivery_outbox where case_id = $1 order by id",
    )
    .bind(case_id)
    .fetch_all(&app.pool)
    .await
    .expect("rows");
    assert_eq!(
        receiver.keys(),
        delivery_ids.iter().map(Uuid::to_string).collect::<Vec<_>>(),
        "each once, the submission first"
    );
    assert_eq!(
        outbox(&app, case_id).await,
        vec![
            ("case.submitted".into(), true, false),
            ("case.withdrawn".into(), true, false)
        ]
    );
    let (ledger, reference): (i64, Option<String>) = sqlx::query_as(
        "select (select count(*) from delivery_attempts where case_id = $1 and outcome = 'delivered'),
                (select reference from delivery_outbox where case_id = $1 order by id limit 1)",
    )
    .bind(case_id)
    .fetch_one(&app.pool)
    .await
    .expect("ledger");
    assert_eq!(ledger, 2);
    assert_eq!(reference, Some(format!("ref-{}", delivery_ids[0])));
}

#[tokio::test]
async fn routing_a_system_that_is_down_is_retried_until_it_is_up() {
    let app = spawn_manual().await;
    // A port nothing listens on (yet).
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    use_http_backend(&app, "GA", &format!("http://{addr}"), KEY).await;
    let case_id = submitted_case(&app).await;
    let dispatcher = dispatcher(&app);

    let outcome = dispatcher.try_dispatch_once().await.expect("dispatch");
    assert!(
        matches!(outcome, DispatchOutcome::Retried(_)),
        "{outcome:?}"
    );
    let (attempts, error, due_later): (i32, Option<String>, bool) = sqlx::query_as(
        "select attempts, last_error, available_at > now() - interval '1 second'
         from delivery_outbox where case_id = $1",
    )
    .bind(case_id)
    .fetch_one(&app.pool)
    .await
    .expect("row");
    assert_eq!(attempts, 1);
    assert!(error.is_some_and(|e| !e.is_empty()));
    assert!(due_later);
    let (outcome, status): (String, Option<i32>) =
        sqlx::query_as("select outcome, status_code from delivery_attempts where case_id = $1")
            .bind(case_id)
            .fetch_one(&app.pool)
            .await
            .expect("ledger");
    assert_eq!((outcome.as_str(), status), ("retry", None));

    // The system comes up on the same address.
    let receiver = Receiver::default();
    let listener = tokio::net::TcpListener::bind(addr).await.expect("rebind");
    start_receiver(listener, receiver.clone()).await;
    let mut delivered = false;
    for _ in 0..100 {
        if matches!(
            dispatcher.try_dispatch_once().await.expect("dispatch"),
            DispatchOutcome::Delivered(_)
        ) {
            delivered = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(delivered, "delivered once the system is up");
    assert_eq!(receiver.keys().len(), 1);
    let failing: Option<chrono::DateTime<chrono::Utc>> = sqlx::query_scalar(
        "select failing_since from department_backends where department_code = 'GA'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("backend");
    assert!(failing.is_none());

    // The applicant sees when it reached the department's system; staff see every attempt.
    let (_, html) = app.get_html(&format!("/cases/{case_id}")).await;
    assert!(html.contains("已送达部门系统"), "{html}");
    let clerk = app.clerk("GA").await;
    let (status, html) = clerk.get_html(&format!("/workbench/cases/{case_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("delivery-ledger")
            && html.contains("失败，将重试")
            && html.contains("已送达"),
        "{html}"
    );
}

#[tokio::test]
async fn routing_a_refusal_is_dead_lettered_and_the_operators_retry_delivers_it() {
    let app = spawn_manual().await;
    let (url, receiver) = receiver().await;
    use_http_backend(&app, "GA", &url, KEY).await;
    receiver.answer_with(400);
    let case_id = submitted_case(&app).await;
    let dispatcher = dispatcher(&app);
    let outcome = dispatcher.try_dispatch_once().await.expect("dispatch");
    let DispatchOutcome::Dead(id) = outcome else {
        panic!("dead-lettered at once: {outcome:?}");
    };
    assert_eq!(
        drain(&dispatcher).await,
        vec![],
        "a dead letter is not retried"
    );
    let reason: Option<String> =
        sqlx::query_scalar("select dead_reason from delivery_outbox where id = $1")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .expect("row");
    assert!(reason.is_some_and(|r| r.contains("HTTP 400")));

    // The operator sees it on the admin page and retries it there (plain form, CSRF).
    operator(&app).await;
    let clerk_view = app.other_browser();
    assert_eq!(
        clerk_view.get("/admin/deliveries").await.status(),
        StatusCode::FORBIDDEN
    );
    app.login_staff("operator", PASSWORD).await;
    let (status, html) = app.get_html("/admin/deliveries").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("HTTP 400"), "{html}");
    receiver.answer_with(200);
    let retried = app
        .post_form(
            "/admin/deliveries",
            &[("id", &id.to_string()), ("action", "retry")],
        )
        .await;
    assert_eq!(retried.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        dispatcher.try_dispatch_once().await.expect("dispatch"),
        DispatchOutcome::Delivered(id)
    );
    assert_eq!(receiver.keys().len(), 2, "refused once, then delivered");
    let (_, html) = app.get_html("/admin/deliveries").await;
    assert!(!html.contains("HTTP 400"), "off the list once delivered");

    // Abandoning: another dead letter, abandoned on the page; the core (the CLI's path) then
    // finds nothing left to retry or abandon.
    receiver.answer_with(404);
    let withdrawn = withdraw(&app, case_id).await;
    let DispatchOutcome::Dead(second) = dispatcher.try_dispatch_once().await.expect("dispatch")
    else {
        panic!("404 is permanent");
    };
    let abandoned = app
        .post_form(
            "/admin/deliveries",
            &[("id", &second.to_string()), ("action", "abandon")],
        )
        .await;
    assert_eq!(abandoned.status(), StatusCode::SEE_OTHER);
    assert!(location(&abandoned).contains("notice-delivery-abandoned"));
    assert!(
        !app::core::deliveries::abandon(&app.pool, DeadLetterId::Case(second), None)
            .await
            .expect("abandon")
    );
    assert!(
        !app::core::deliveries::retry(&app.pool, DeadLetterId::Case(second), None)
            .await
            .expect("retry")
    );
    assert!(app::core::deliveries::dead_letters(&app.pool)
        .await
        .expect("list")
        .is_empty());
    let withdrawal: Uuid =
        sqlx::query_scalar("select delivery_id from delivery_outbox where case_event_id = $1")
            .bind(withdrawn)
            .fetch_one(&app.pool)
            .await
            .expect("row");
    assert_eq!(receiver.keys().last(), Some(&withdrawal.to_string()));
}

#[tokio::test]
async fn routing_the_breaker_opens_after_failures_and_alerts_the_operators_once() {
    let app = spawn_manual().await;
    let operator_id = operator(&app).await;
    let (url, receiver) = receiver().await;
    receiver.answer_with(503);
    use_http_backend(&app, "GA", &url, KEY).await;
    submitted_case(&app).await;
    let (first, second) = (dispatcher(&app), dispatcher(&app));
    let make_due = || async {
        sqlx::query("update delivery_outbox set available_at = now()")
            .execute(&app.pool)
            .await
            .expect("due");
    };
    assert!(matches!(
        first.try_dispatch_once().await.expect("1"),
        DispatchOutcome::Retried(_)
    ));
    make_due().await;
    assert!(matches!(
        second.try_dispatch_once().await.expect("2"),
        DispatchOutcome::Retried(_)
    ));
    // Open: the department's rows are not attempted, by either instance.
    make_due().await;
    assert_eq!(
        first.try_dispatch_once().await.expect("3"),
        DispatchOutcome::Empty
    );
    assert_eq!(
        second.try_dispatch_once().await.expect("4"),
        DispatchOutcome::Empty
    );
    assert_eq!(receiver.keys().len(), 2);

    let alerts = || async {
        sqlx::query_scalar::<_, i64>(
            "select count(*) from notifications
             where account_id = $1 and template = 'delivery-backend-failing'",
        )
        .bind(operator_id)
        .fetch_one(&app.pool)
        .await
        .expect("alerts")
    };
    assert_eq!(alerts().await, 1);

    // After the cooldown one probe goes out; it fails: still one alert for this outage.
    let cool_down = || async {
        sqlx::query(
            "update department_backends set breaker_open_until = now() - interval '1 second'",
        )
        .execute(&app.pool)
        .await
        .expect("cooldown");
    };
    cool_down().await;
    assert!(matches!(
        first.try_dispatch_once().await.expect("probe"),
        DispatchOutcome::Retried(_)
    ));
    assert_eq!(alerts().await, 1);
    assert_eq!(receiver.keys().len(), 3);

    // The system recovers: the next probe closes the breaker and ends the outage.
    receiver.answer_with(200);
    cool_down().await;
    make_due().await;
    assert!(matches!(
        second.try_dispatch_once().await.expect("probe"),
        DispatchOutcome::Delivered(_)
    ));
    let (failures, failing): (i32, Option<chrono::DateTime<chrono::Utc>>) = sqlx::query_as(
        "select consecutive_failures, failing_since from department_backends
         where department_code = 'GA'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("backend");
    assert_eq!((failures, failing), (0, None));
    // The operator's page lists the alert in their notifications.
    app.login_staff("operator", PASSWORD).await;
    let (_, html) = app.get_html("/notifications").await;
    assert!(html.contains("公安局"), "{html}");
}
