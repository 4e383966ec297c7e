//! The portal is SIGKILLed while deliveries are in flight, then restarted on the same database.
use crate::citizen::Citizen;
use crate::support::*;
use portal_test_support::wait::{free_port, wait_for};
use std::time::Duration;

const CASES: usize = 40;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_portal_killed_mid_dispatch_loses_no_case_and_duplicates_no_effect() {
    let scratch = Scratch::new("crash").await;
    let portal_port = free_port();
    let mut portal = Portal::start(&scratch, "portal", portal_port).await;
    // The backend stores each case, then answers 600 ms later (within the portal's 2 s timeout):
    // at any moment the portal's 4 lanes have cases the backend holds but the portal has not
    // marked delivered — the window a crash can fall into.
    let backend = Backend::start(
        &scratch,
        free_port(),
        &portal.url,
        &[("REFBACKEND_TIMEOUT_MS", "600")],
    )
    .await;
    let citizen = Citizen::register(&portal.url, &scratch.portal_pool().await)
        .await
        .expect("registered");
    // Held at the routing layer until every case is in: the kill then finds a full queue.
    route_ga_to(&scratch, "http://127.0.0.1:9", 4).await;
    let cases = citizen.submit_many(CASES, 4).await.expect("submitted");
    route_ga_to(&scratch, &backend.url, 4).await;

    let pool = scratch.portal_pool().await;
    wait_for("some deliveries done", Duration::from_secs(60), || {
        let pool = pool.clone();
        async move { (outbox_counts(&pool).await.1 >= 8).then_some(()) }
    })
    .await;
    portal.kill9().await;
    let (_, delivered_at_kill, _) = outbox_counts(&pool).await;
    let stored_at_kill = stored_count(&backend).await;
    eprintln!(
        "killed: {delivered_at_kill} marked delivered, {stored_at_kill} stored by the backend"
    );
    assert!(
        (delivered_at_kill as usize) < CASES,
        "killed mid-dispatch, not after it"
    );

    // Same database, same address (the attachment URLs already handed out stay valid).
    let _portal = Portal::start(&scratch, "portal-restarted", portal_port).await;
    wait_for(
        "every case delivered after the restart",
        Duration::from_secs(60),
        || {
            let pool = pool.clone();
            async move { (outbox_counts(&pool).await.1 == CASES as i64).then_some(()) }
        },
    )
    .await;
    assert_eq!(outbox_counts(&pool).await.2, 0, "nothing dead-lettered");
    let store = backend.received().await;
    let hits = assert_stored_once(&store, &cases);
    assert!(
        hits >= 2,
        "the in-flight cases were sent again after the restart, and deduped"
    );
    pool.close().await;
}
