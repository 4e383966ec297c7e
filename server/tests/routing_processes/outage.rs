//! The department system is down while 200 cases are submitted, then comes up.
use crate::citizen::Citizen;
use crate::support::*;
use portal_test_support::wait::{free_port, wait_for};
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cases_submitted_while_the_backend_is_down_are_all_delivered_once_it_is_up() {
    let scratch = Scratch::new("outage").await;
    let backend_port = free_port();
    let backend_url = format!("http://127.0.0.1:{backend_port}");
    let portal = Portal::start(&scratch, "portal", free_port()).await;
    // Nothing listens on the backend's port yet: every attempt is refused.
    route_ga_to(&scratch, &backend_url, 8).await;
    let citizen = Citizen::register(&portal.url, &scratch.portal_pool().await)
        .await
        .expect("registered");
    let started = Instant::now();
    let cases = citizen.submit_many(200, 4).await.expect("submitted");
    eprintln!("200 cases submitted over HTTP in {:?}", started.elapsed());

    let pool = scratch.portal_pool().await;
    let (rows, delivered, dead) = outbox_counts(&pool).await;
    assert_eq!(
        (rows, delivered, dead),
        (200, 0, 0),
        "queued, none delivered"
    );
    // The portal did try (and failed): the ledger shows refused attempts, nothing delivered.
    wait_for(
        "failed attempts in the ledger",
        Duration::from_secs(20),
        || {
            let pool = pool.clone();
            async move {
                let failed: i64 = sqlx::query_scalar(
                    "select count(*) from delivery_attempts where outcome = 'retry'",
                )
                .fetch_one(&pool)
                .await
                .expect("ledger");
                (failed > 0).then_some(())
            }
        },
    )
    .await;

    let up = Instant::now();
    let backend = Backend::start(&scratch, backend_port, &portal.url, &[]).await;
    wait_for("all 200 delivered", Duration::from_secs(60), || {
        let pool = pool.clone();
        async move { (outbox_counts(&pool).await.1 == 200).then_some(()) }
    })
    .await;
    let spread: f64 = sqlx::query_scalar(
        "select extract(epoch from max(delivered_at) - min(delivered_at))::float8
         from delivery_outbox where department_code = 'GA'",
    )
    .fetch_one(&pool)
    .await
    .expect("spread");
    eprintln!(
        "all 200 delivered {:?} after the backend was started, first to last in {spread:.2} s",
        up.elapsed()
    );
    let store = backend.received().await;
    let hits = assert_stored_once(&store, &cases);
    assert_eq!(hits, 1, "nothing was sent twice once it was up");
    assert_eq!(outbox_counts(&pool).await, (200, 200, 0));
    let delivered_twice: i64 = sqlx::query_scalar(
        "select count(*) from (select outbox_id from delivery_attempts where outcome = 'delivered'
                                group by outbox_id having count(*) > 1) d",
    )
    .fetch_one(&pool)
    .await
    .expect("ledger");
    assert_eq!(delivered_twice, 0, "each row delivered once in the ledger");
    pool.close().await;
}
