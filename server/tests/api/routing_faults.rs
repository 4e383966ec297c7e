//! Faults and the background worker: a slow system times out and is retried, a row too old is
//! dead-lettered, and the dispatcher started with the portal delivers on NOTIFY.
use crate::routing_support::*;
use portal_test_support::{spawn_app_with, Options};
use server::routing::dispatcher::{DispatchOutcome, Dispatcher};
use server::routing::DeliverySettings;
use std::time::Duration;

#[tokio::test]
async fn routing_a_slow_system_times_out_and_is_retried() {
    let app = spawn_manual().await;
    let (url, receiver) = receiver().await;
    use_http_backend(&app, "GA", &url, KEY).await;
    sqlx::query("update department_backends set timeout_ms = 200 where department_code = 'GA'")
        .execute(&app.pool)
        .await
        .expect("timeout");
    receiver.answer_after(Duration::from_millis(1500));
    let case_id = submitted_case(&app).await;
    let outcome = dispatcher(&app)
        .try_dispatch_once()
        .await
        .expect("dispatch");
    assert!(
        matches!(outcome, DispatchOutcome::Retried(_)),
        "{outcome:?}"
    );
    let (error, latency): (Option<String>, i32) =
        sqlx::query_as("select error, latency_ms from delivery_attempts where case_id = $1")
            .bind(case_id)
            .fetch_one(&app.pool)
            .await
            .expect("ledger");
    assert!(error.is_some_and(|e| e.contains("timeout")));
    assert!((150..1500).contains(&latency), "{latency}");
}

#[tokio::test]
async fn routing_a_delivery_past_its_maximum_age_is_dead_lettered() {
    let app = spawn_manual().await;
    let (url, receiver) = receiver().await;
    receiver.answer_with(503);
    use_http_backend(&app, "GA", &url, KEY).await;
    submitted_case(&app).await;
    let impatient = Dispatcher::new(
        app.pool.clone(),
        DeliverySettings {
            max_age: Duration::ZERO,
            ..test_settings()
        },
        &app.address,
    )
    .expect("dispatcher");
    let outcome = impatient.try_dispatch_once().await.expect("dispatch");
    assert!(matches!(outcome, DispatchOutcome::Dead(_)), "{outcome:?}");
    let letters = app::core::deliveries::dead_letters(&app.pool)
        .await
        .expect("list");
    assert_eq!(letters.len(), 1);
    assert!(
        letters[0].reason.contains("gave up after 1 attempts"),
        "{}",
        letters[0].reason
    );
}

#[tokio::test]
async fn routing_the_portals_own_dispatcher_delivers_when_notified() {
    let app = spawn_app_with(Options {
        delivery: DeliverySettings {
            workers: 2,
            // Long enough that only the NOTIFY can explain a prompt delivery.
            poll_interval: Duration::from_secs(60),
            ..test_settings()
        },
        ..Options::default()
    })
    .await;
    let (url, receiver) = receiver().await;
    use_http_backend(&app, "GA", &url, KEY).await;
    // The LISTEN connection is set up as the app starts; give it a moment.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let case_id = submitted_case(&app).await;
    let mut delivered = false;
    for _ in 0..100 {
        let done: bool = sqlx::query_scalar(
            "select bool_and(delivered_at is not null) from delivery_outbox where case_id = $1",
        )
        .bind(case_id)
        .fetch_one(&app.pool)
        .await
        .expect("row");
        if done {
            delivered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(delivered, "delivered within 5 s of submitting");
    assert_eq!(receiver.keys().len(), 1);
}
