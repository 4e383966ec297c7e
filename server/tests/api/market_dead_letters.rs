//! Vendor operations the dispatcher gave up on are dead letters like case deliveries: on the
//! operator's one list, retried or abandoned there.
use crate::market_provisioning::{count, register, settings, spawn, vendor_id};
use crate::market_sso::provision_all;
use crate::routing_support::KEY;
use app::core::market::changes::change;
use portal_test_support::{location, PASSWORD};
use reqwest::StatusCode;
use server::routing::dispatcher::{DispatchOutcome, Dispatcher};
use server::routing::DeliverySettings;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// The reference vendor's seat count for a subscription.
async fn seats_at_vendor(app: &portal_test_support::TestApp, subscription: Uuid) -> i32 {
    sqlx::query_scalar("select quantity from refvendor.subscriptions where subscription_id = $1")
        .bind(subscription)
        .fetch_one(&app.pool)
        .await
        .expect("vendor store")
}

#[tokio::test]
async fn dead_vendor_operations_are_retried_or_abandoned_by_the_operator() {
    let app = spawn().await;
    let placed = provision_all(&app, 2).await;
    let vendor = vendor_id(&app).await;
    let base: String = sqlx::query_scalar("select base_url from vendor_systems")
        .fetch_one(&app.pool)
        .await
        .expect("system");

    // The vendor's system goes away (nothing listens at its new address); both enterprises
    // add a seat, and a dispatcher that gives up at once dead-letters both changes.
    let gone = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port");
    register(&app, vendor, &format!("http://{gone}"), KEY).await;
    for id in &placed {
        let orderer: Uuid =
            sqlx::query_scalar("select ordered_by from subscriptions where id = $1")
                .bind(id)
                .fetch_one(&app.pool)
                .await
                .expect("orderer");
        assert_eq!(
            change(&app.pool, orderer, *id, "basic", 2, None).await.ok(),
            Some(true)
        );
    }
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

    // The operator's one list shows both, with the vendor and the operation.
    let denied = app.other_browser();
    denied.citizen().await;
    assert_eq!(
        denied.get("/admin/deliveries").await.status(),
        StatusCode::FORBIDDEN
    );
    let login = app.login_staff("operator", PASSWORD).await;
    assert_eq!(login.status(), StatusCode::SEE_OTHER);
    let (status, html) = app.get_html("/admin/deliveries").await;
    assert_eq!(status, StatusCode::OK);
    for id in &dead {
        assert!(html.contains(&format!("operation:{id}")), "{html}");
    }
    assert!(
        html.contains("福州云启信息技术有限公司") && html.contains("<code>change_quantity</code>")
    );

    // The system is back at its address: one change is retried, the other abandoned.
    register(&app, vendor, &base, KEY).await;
    let act = |id: Uuid, action: &'static str| {
        let app = &app;
        async move {
            let response = app
                .post_form(
                    "/admin/deliveries",
                    &[("id", &format!("operation:{id}")), ("action", action)],
                )
                .await;
            assert_eq!(response.status(), StatusCode::SEE_OTHER);
            location(&response)
        }
    };
    assert!(act(dead[0], "retry")
        .await
        .contains("notice-delivery-retried"));
    assert!(act(dead[1], "abandon")
        .await
        .contains("notice-delivery-abandoned"));
    let subscription_of = |id: Uuid| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_scalar::<_, Uuid>(
                "select subscription_id from vendor_operations where id = $1",
            )
            .bind(id)
            .fetch_one(&pool)
            .await
            .expect("operation")
        }
    };
    let (retried, abandoned) = (
        subscription_of(dead[0]).await,
        subscription_of(dead[1]).await,
    );
    let dispatcher =
        Dispatcher::new(app.pool.clone(), settings(), &app.address).expect("dispatcher");
    let started = Instant::now();
    while seats_at_vendor(&app, retried).await != 2 {
        let _ = dispatcher.try_dispatch_once().await.expect("dispatch");
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the retried change applied"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // The abandoned change never reaches the vendor's system.
    assert_eq!(
        dispatcher.try_dispatch_once().await.expect("dispatch"),
        DispatchOutcome::Empty
    );
    assert_eq!(seats_at_vendor(&app, abandoned).await, 1);
    let (_, html) = app.get_html("/admin/deliveries").await;
    assert!(!html.contains("operation:"), "both off the list");
    assert!(act(dead[1], "retry").await.contains("notice-delivery-gone"));
    assert_eq!(
        count(
            &app,
            "select count(*) from vendor_operations where abandoned_at is not null"
        )
        .await,
        1
    );
}
