//! Vendor operations the dispatcher gave up on are dead letters like case deliveries: on the
//! operator's one list, retried or abandoned there.
use crate::market_provisioning::{count, orders_placed, register, settings, spawn, start_vendor, vendor_id};
use crate::routing_support::KEY;
use portal_test_support::{location, PASSWORD};
use reqwest::StatusCode;
use server::routing::dispatcher::{DispatchOutcome, Dispatcher};
use server::routing::DeliverySettings;
use std::time::{Duration, Instant};
use uuid::Uuid;

#[tokio::test]
async fn dead_vendor_operations_are_retried_or_abandoned_by_the_operator() {
    let app = spawn().await;
    orders_placed(&app, 2).await;
    let vendor = vendor_id(&app).await;
    // The vendor's address, with nothing listening; a dispatcher that gives up at once.
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port");
    register(&app, vendor, &format!("http://{addr}"), KEY).await;
    let impatient = Dispatcher::new(
        app.pool.clone(),
        DeliverySettings {
            max_age: Duration::ZERO,
            ..settings()
        },
        &app.address,
    )
    .expect("dispatcher");
    let mut dead = Vec::new();
    loop {
        match impatient.try_dispatch_once().await.expect("dispatch") {
            DispatchOutcome::OperationDead(id) => dead.push(id),
            DispatchOutcome::Empty => break,
            other => panic!("nothing else while the vendor is down: {other:?}"),
        }
    }
    assert_eq!(dead.len(), 2);

    // The operator's list shows both, with the vendor and the operation.
    let denied = app.other_browser();
    denied.citizen().await;
    assert_eq!(denied.get("/admin/deliveries").await.status(), StatusCode::FORBIDDEN);
    let login = app.login("operator", PASSWORD).await;
    assert_eq!(login.status(), StatusCode::SEE_OTHER);
    let (status, html) = app.get_html("/admin/deliveries").await;
    assert_eq!(status, StatusCode::OK);
    for id in &dead {
        assert!(html.contains(&format!("operation:{id}")), "{html}");
    }
    assert!(html.contains("福州云启信息技术有限公司") && html.contains("<code>provision</code>"));

    // The vendor's system is back: one is retried, the other abandoned.
    start_vendor(&app, vendor, addr).await;
    let act = |id: Uuid, action: &'static str| {
        let app = &app;
        async move {
            let response = app
                .post_form("/admin/deliveries", &[("id", &format!("operation:{id}")), ("action", action)])
                .await;
            assert_eq!(response.status(), StatusCode::SEE_OTHER);
            location(&response)
        }
    };
    assert!(act(dead[0], "retry").await.contains("notice-delivery-retried"));
    assert!(act(dead[1], "abandon").await.contains("notice-delivery-abandoned"));
    let dispatcher = Dispatcher::new(app.pool.clone(), settings(), &app.address).expect("dispatcher");
    let provisioned = "select count(*) from subscriptions where access_url is not null";
    let started = Instant::now();
    while count(&app, provisioned).await < 1 {
        let _ = dispatcher.try_dispatch_once().await.expect("dispatch");
        assert!(started.elapsed() < Duration::from_secs(30), "provisioned");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // Only the retried one reached the vendor's system; the abandoned one stays where it was.
    let retried: Uuid = sqlx::query_scalar("select subscription_id from vendor_operations where id = $1")
        .bind(dead[0])
        .fetch_one(&app.pool)
        .await
        .expect("operation");
    let in_vendor: Vec<(Uuid, i32)> =
        sqlx::query_as("select subscription_id, provisions from refvendor.subscriptions")
            .fetch_all(&app.pool)
            .await
            .expect("vendor store");
    assert_eq!(in_vendor, vec![(retried, 1)]);
    assert_eq!(
        dispatcher.try_dispatch_once().await.expect("dispatch"),
        DispatchOutcome::Empty,
        "the abandoned operation is not sent"
    );
    let (_, html) = app.get_html("/admin/deliveries").await;
    assert!(!html.contains("operation:"), "both off the list");
    assert!(act(dead[1], "retry").await.contains("notice-delivery-gone"));
}
