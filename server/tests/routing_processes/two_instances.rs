//! Two portals with running dispatchers on one database share the outbox without double sends.
use crate::citizen::Citizen;
use crate::support::*;
use portal_test_support::wait::{free_port, wait_for};
use std::time::Duration;

const CASES: usize = 100;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_portals_on_one_database_deliver_every_case_exactly_once() {
    let scratch = Scratch::new("two").await;
    let first = Portal::start(&scratch, "portal-a", free_port()).await;
    let second = Portal::start(&scratch, "portal-b", free_port()).await;
    let backend = Backend::start(
        &scratch,
        free_port(),
        &first.url,
        &[("REFBACKEND_LATENCY_MS", "20")],
    )
    .await;
    route_ga_to(&scratch, &backend.url, 8).await;
    // Half the cases through each portal: both get NOTIFYs and both dispatchers compete.
    let on_first = Citizen::register(&first.url, &scratch.portal_pool().await)
        .await
        .expect("registered");
    let on_second = on_first.on(&second.url);
    let (cases, more) = tokio::join!(
        on_first.submit_many(CASES / 2, 2),
        on_second.submit_many(CASES / 2, 2)
    );
    let mut cases = cases.expect("submitted");
    cases.extend(more.expect("submitted"));

    let pool = scratch.portal_pool().await;
    wait_for("every case delivered", Duration::from_secs(60), || {
        let pool = pool.clone();
        async move { (outbox_counts(&pool).await.1 == CASES as i64).then_some(()) }
    })
    .await;
    let store = backend.received().await;
    let hits = assert_stored_once(&store, &cases);
    assert_eq!(hits, 1, "no request was sent twice");
    // The outbox: every row delivered on its first attempt, one delivered row each in the ledger.
    let (rows, once, ledger_once): (i64, i64, i64) = sqlx::query_as(
        "select count(*), count(*) filter (where o.attempts = 1 and o.delivered_at is not null),
                count(*) filter (where (select count(*) from delivery_attempts a
                                         where a.outbox_id = o.id and a.outcome = 'delivered') = 1)
         from delivery_outbox o where o.department_code = 'GA'",
    )
    .fetch_one(&pool)
    .await
    .expect("outbox");
    assert_eq!(
        (rows, once, ledger_once),
        (CASES as i64, CASES as i64, CASES as i64)
    );
    // Which portal sent each case shows in its attachment URLs (each signs its own address).
    let backend_pool = sqlx::PgPool::connect(&scratch.backend_db)
        .await
        .expect("db");
    let senders: Vec<(String, i64)> = sqlx::query_as(
        "select split_part(url, '/api/', 1), count(distinct case_id) from refdept.attachments
         group by 1 order by 1",
    )
    .fetch_all(&backend_pool)
    .await
    .expect("senders");
    eprintln!("cases sent per portal: {senders:?}");
    backend_pool.close().await;
    pool.close().await;
}
