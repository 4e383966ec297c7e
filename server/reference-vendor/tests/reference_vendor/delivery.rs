//! Delivery of reports through the outbox (retried while the portal is down, ended by a
//! refusal), concurrent twins, the body limit, and fault injection.
use crate::helpers::*;
use serde_json::{json, Value};
use std::sync::atomic::Ordering;
use uuid::Uuid;

/// The outbox row of the operation's report with this status, once `check` holds for it.
async fn outbox_entry(base: &str, operation: &Value, check: impl Fn(&Value) -> bool) -> Value {
    eventually("the outbox entry", || async {
        let received = admin_get(base, "received").await;
        received["outbox"].as_array().and_then(|list| {
            list.iter()
                .find(|r| r["operation_id"] == operation["operation_id"] && check(r))
                .cloned()
        })
    })
    .await
}

#[tokio::test]
async fn reports_are_retried_while_the_portal_is_down_and_a_refusal_ends_them() {
    let portal = FakePortal::default();
    let portal_url = portal.start().await;
    portal.fail_next.store(3, Ordering::SeqCst);
    let vendor = start(config(&fresh_database().await)).await;
    let subscription = Uuid::new_v4();
    let provision = operation("provision", subscription, 1, &portal_url);
    let response = post_operation(&vendor.base, &provision, &signer(VENDOR_A)).await;
    assert_eq!(response.status(), 202);
    assert_eq!(portal.outcome_of(&provision).await.len(), 1);
    let entry = outbox_entry(&vendor.base, &provision, |r| r["state"] == "delivered").await;
    assert_eq!(entry["attempts"], 4, "three 503s, then delivered");
    assert_eq!(entry["last_status"], 200);

    // A 4xx is the portal's final word: recorded, not retried.
    portal.refuse.store(true, Ordering::SeqCst);
    let cancel = operation("cancel", subscription, 2, &portal_url);
    assert_eq!(
        post_operation(&vendor.base, &cancel, &signer(VENDOR_A))
            .await
            .status(),
        202
    );
    let entry = outbox_entry(&vendor.base, &cancel, |r| r["state"] == "dead").await;
    assert_eq!(entry["attempts"], 1);
    assert_eq!(entry["last_status"], 409);
    assert!(entry["last_error"]
        .as_str()
        .is_some_and(|e| e.contains("outcome_already_reported")));
    assert_eq!(portal.statuses(&cancel), Vec::<String>::new());
    vendor.stop().await;
}

#[tokio::test]
async fn concurrent_twins_apply_once_and_oversized_bodies_are_refused() {
    let portal = FakePortal::default();
    let portal_url = portal.start().await;
    let vendor = start(config(&fresh_database().await)).await;
    let subscription = Uuid::new_v4();
    let provision = operation("provision", subscription, 1, &portal_url);
    let sign = signer(VENDOR_A);
    let (a, b) = tokio::join!(
        post_operation(&vendor.base, &provision, &sign),
        post_operation(&vendor.base, &provision, &sign)
    );
    assert_eq!((a.status().as_u16(), b.status().as_u16()), (202, 202));
    assert_eq!(json_of(a).await, json_of(b).await);
    portal.outcome_of(&provision).await;
    let subscriptions = admin_get(&vendor.base, "subscriptions").await;
    assert_eq!(subscriptions[0]["provisions"], 1);
    assert_eq!(subscriptions[0]["operations_applied"], 1);
    let received = admin_get(&vendor.base, "received").await;
    assert_eq!(received["operations"][0]["hits"], 2);

    let mut huge = operation("renew", subscription, 2, &portal_url);
    huge["padding"] = "x".repeat(300 * 1024).into();
    let response = post_operation(&vendor.base, &huge, &sign).await;
    assert_eq!(response.status(), 413);
    vendor.stop().await;
}

#[tokio::test]
async fn faults_refuse_and_fail_before_storing_and_admin_needs_the_token() {
    let vendor = start(config(&fresh_database().await)).await;
    let body = operation("provision", Uuid::new_v4(), 1, "http://127.0.0.1:9");
    let set_faults = |faults: Value| {
        let url = format!("{}/_admin/faults", vendor.base);
        async move {
            let response = client()
                .post(url)
                .bearer_auth(ADMIN)
                .json(&faults)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            response.status().as_u16()
        }
    };
    assert_eq!(set_faults(json!({"refuse_all": true})).await, 200);
    let response = post_operation(&vendor.base, &body, &signer(VENDOR_A)).await;
    assert_eq!(response.status(), 503);
    assert_eq!(set_faults(json!({"fail_fraction": 1.0})).await, 200);
    let response = post_operation(&vendor.base, &body, &signer(VENDOR_A)).await;
    assert_eq!(response.status(), 500);
    assert_eq!(
        admin_get(&vendor.base, "received").await["operations"],
        json!([])
    );
    assert_eq!(set_faults(json!({"fail_fraction": 2.0})).await, 422);
    assert_eq!(set_faults(json!({})).await, 200);
    let response = post_operation(&vendor.base, &body, &signer(VENDOR_A)).await;
    assert_eq!(response.status(), 202);
    let no_token = client()
        .get(format!("{}/_admin/subscriptions", vendor.base))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(no_token.status(), 401);
    vendor.stop().await;

    // Without a configured token the admin endpoints do not exist.
    let mut config = config(&fresh_database().await);
    config.admin_token = None;
    let vendor = start(config).await;
    let response = client()
        .get(format!("{}/_admin/received", vendor.base))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status(), 404);
    let health = client()
        .get(format!("{}/health", vendor.base))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(health.text().await.unwrap_or_default(), "ok");
    vendor.stop().await;
}
