//! The portal and vendors' systems beyond provisioning: the daily reconciliation (each
//! difference shown to the operator) and metered usage (each record judged on its own, a
//! repeated record counted once, forged or replayed batches refused; the reference vendor
//! reporting usage on a schedule).
use crate::market_provisioning::{
    count, orders_placed, register, settings, spawn, start_vendor, vendor_id, wait_for,
};
use crate::routing_support::{signed_json, KEY, OTHER_KEY};
use portal_test_support::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use server::routing::dispatcher::Dispatcher;
use std::time::{Duration, Instant};
use uuid::Uuid;

#[tokio::test]
async fn reconciliation_shows_the_operator_where_a_vendor_system_differs() {
    let app = spawn().await;
    let placed = orders_placed(&app, 3).await;
    let vendor = vendor_id(&app).await;
    let addr = "127.0.0.1:0".parse().expect("addr");
    let base = start_vendor(&app, vendor, addr).await;
    register(&app, vendor, &base, KEY).await;
    let dispatcher =
        Dispatcher::new(app.pool.clone(), settings(), &app.address).expect("dispatcher");
    let provisioned = "select count(*) from subscriptions where state in ('active', 'trialing')";
    let started = Instant::now();
    while count(&app, provisioned).await < 3 {
        let _ = dispatcher.try_dispatch_once().await.expect("dispatch");
        assert!(started.elapsed() < Duration::from_secs(30), "provisioned");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // The product page measures the vendor's set-up time beside the promised one.
    let listing: Uuid = sqlx::query_scalar("select id from listings")
        .fetch_one(&app.pool)
        .await
        .expect("listing");
    let (_, product) = app.get_html(&format!("/market/products/{listing}")).await;
    assert!(product.contains("实测开通时间"), "measured row");
    assert!(
        product.contains("按时开通 100%（共 3 次）"),
        "three on time"
    );
    // All three agree at first.
    let run = server::routing::reconcile::run_once(&app.pool)
        .await
        .expect("reconcile");
    assert_eq!((run.checked, run.differing, run.unreachable), (3, 0, 0));

    // The vendor's system drifts: seats changed by hand on one, another lost.
    sqlx::query(
        "update refvendor.subscriptions set quantity = quantity + 4 where subscription_id = $1",
    )
    .bind(placed[0])
    .execute(&app.pool)
    .await
    .expect("drift");
    sqlx::query("update refvendor.subscriptions set vendor_id = $2 where subscription_id = $1")
        .bind(placed[1])
        .bind(Uuid::new_v4())
        .execute(&app.pool)
        .await
        .expect("lost");
    let run = server::routing::reconcile::run_once(&app.pool)
        .await
        .expect("reconcile");
    assert_eq!((run.checked, run.differing, run.unreachable), (3, 2, 0));
    let found: Vec<(Uuid, Vec<String>)> = sqlx::query_as(
        "select subscription_id, differences from reconciliation_findings order by differences",
    )
    .fetch_all(&app.pool)
    .await
    .expect("findings");
    assert_eq!(
        found,
        vec![
            (placed[1], vec!["missing".to_string()]),
            (placed[0], vec!["quantity".to_string()]),
        ]
    );
    // The operator the voucher programme was created by.
    let operator = app.other_browser();
    operator
        .login_staff("operator", portal_test_support::PASSWORD)
        .await;
    let (status, page) = operator.get_html("/admin/market").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("与云服务商系统的对账差异"), "the section");
    assert!(page.contains("云服务商系统中没有该订阅"), "the lost one");
    assert!(
        page.contains("basic × 5, active"),
        "the vendor's seats beside the portal's"
    );
}

/// `n` orders started (the vendor reported them provisioned), their plan metering OCR'd receipts.
async fn metered_subscriptions(app: &TestApp, n: u32) -> Vec<Uuid> {
    let placed = orders_placed(app, n).await;
    sqlx::query(
        r#"update listing_versions set content = jsonb_set(content, '{plans,0,metered}',
               '[{"code": "receipt_ocr", "unit_zh": "张", "unit_en": "receipt", "unit_price_fen": 5}]')"#,
    )
    .execute(&app.pool)
    .await
    .expect("metered plan");
    sqlx::query("update subscriptions set state = 'active', started_on = current_date")
        .execute(&app.pool)
        .await
        .expect("started");
    placed
}

fn record(id: &str, subscription: Uuid, dimension: &str, quantity: i64, hours_ago: i64) -> Value {
    json!({
        "record_id": id, "subscription_id": subscription, "dimension": dimension,
        "quantity": quantity,
        "used_at": (chrono::Utc::now() - chrono::Duration::hours(hours_ago)).to_rfc3339(),
    })
}

#[tokio::test]
async fn a_usage_batch_with_bad_records_keeps_the_good_ones_and_counts_repeats_once() {
    let app = spawn().await;
    let placed = metered_subscriptions(&app, 2).await;
    let vendor = vendor_id(&app).await;
    register(&app, vendor, "http://127.0.0.1:9", KEY).await;
    let me = vendor.to_string();
    let now = chrono::Utc::now().timestamp();
    let batch = json!({"protocol": "market.v1", "records": [
        record("u1", placed[0], "receipt_ocr", 120, 1),
        record("u2", placed[1], "receipt_ocr", 30, 71),
        record("u3", placed[0], "storage", 5, 1),
        record("u4", placed[0], "receipt_ocr", 10, 80),
        record("u5", Uuid::new_v4(), "receipt_ocr", 10, 1),
        record("u6", placed[0], "receipt_ocr", 0, 1),
        record("u1", placed[0], "receipt_ocr", 120, 1),
    ]});
    let (status, answer) = signed_json(
        &app,
        &me,
        KEY,
        Method::POST,
        "/api/market/v1/usage",
        &batch,
        now,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let results: Vec<(&str, &str)> = answer["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            (
                r["record_id"].as_str().unwrap_or(""),
                r["result"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        results,
        [
            ("u1", "accepted"),
            ("u2", "accepted"),
            ("u3", "unknown_dimension"),
            ("u4", "out_of_window"),
            ("u5", "not_entitled"),
            ("u6", "invalid"),
            ("u1", "duplicate"),
        ]
    );
    // The same batch again: everything it accepted is a duplicate now, nothing counted twice.
    let (_, again) = signed_json(
        &app,
        &me,
        KEY,
        Method::POST,
        "/api/market/v1/usage",
        &batch,
        now,
    )
    .await;
    assert_eq!(again["results"][0]["result"], "duplicate");
    assert_eq!(again["results"][1]["result"], "duplicate");
    assert_eq!(
        count(
            &app,
            "select coalesce(sum(amount_fen), 0)::bigint from usage_records"
        )
        .await,
        150 * 5,
        "120 + 30 receipts at ¥0.05"
    );

    // Another vendor cannot meter this vendor's subscriptions; forged and oversized batches are
    // refused whole; nothing more is counted.
    let other: Uuid = sqlx::query_scalar(
        "insert into vendors (name, credit_code, legal_rep, contact_name, contact_mobile,
             contact_email, mlps_level, data_in_mainland, crypto_assessed, status, decided_at)
         values ('别家云', '91350102MA2Y0000X0', '王五', '王五', '13905910002', 'b@x.example.com',
                 3, true, true, 'approved', now()) returning id",
    )
    .fetch_one(&app.pool)
    .await
    .expect("other vendor");
    register(&app, other, "http://127.0.0.1:9", OTHER_KEY).await;
    let foreign =
        json!({"protocol": "market.v1", "records": [record("x1", placed[0], "receipt_ocr", 9, 1)]});
    let (status, answer) = signed_json(
        &app,
        &other.to_string(),
        OTHER_KEY,
        Method::POST,
        "/api/market/v1/usage",
        &foreign,
        now,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer["results"][0]["result"], "not_entitled");
    let (status, answer) = signed_json(
        &app,
        &me,
        OTHER_KEY,
        Method::POST,
        "/api/market/v1/usage",
        &foreign,
        now,
    )
    .await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("bad_signature"))
    );
    let too_many: Vec<Value> = (0..101)
        .map(|i| record(&format!("m{i}"), placed[0], "receipt_ocr", 1, 1))
        .collect();
    let (status, answer) = signed_json(
        &app,
        &me,
        KEY,
        Method::POST,
        "/api/market/v1/usage",
        &json!({"protocol": "market.v1", "records": too_many}),
        now,
    )
    .await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_body"))
    );
    // A text naming the NUL character (no database can store it) is refused, not a 500.
    let (status, answer) = signed_json(
        &app,
        &me,
        KEY,
        Method::POST,
        "/api/market/v1/usage",
        &json!({"protocol": "market.v1",
                "records": [record("nul\u{0}id", placed[0], "receipt_ocr", 1, 1)]}),
        now,
    )
    .await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_body"))
    );
    // A replayed batch (same signed request, same nonce) and a stale one (signed ten minutes
    // ago) are refused whole, before any record is judged.
    let fresh = json!({"protocol": "market.v1", "records": [record("late-1", placed[0], "receipt_ocr", 7, 1)]});
    let body = serde_json::to_vec(&fresh).expect("json");
    let request = |at| {
        portal_test_support::signed::signed(
            &reqwest::Client::new(),
            Method::POST,
            &app.address,
            "/api/market/v1/usage",
            &me,
            KEY,
            &body,
            at,
        )
    };
    let first = request(now).build().expect("request");
    let replay = first.try_clone().expect("clone");
    let client = reqwest::Client::new();
    assert_eq!(
        client.execute(first).await.expect("send").status(),
        StatusCode::OK
    );
    let replayed = client.execute(replay).await.expect("send");
    assert_eq!(replayed.status(), StatusCode::UNAUTHORIZED);
    let refusal: Value = replayed.json().await.expect("json");
    assert_eq!(refusal["code"], "replayed_nonce");
    let stale = client
        .execute(request(now - 600).build().expect("request"))
        .await
        .expect("send");
    assert_eq!(stale.status(), StatusCode::UNAUTHORIZED);
    let refusal: Value = stale.json().await.expect("json");
    assert!(
        refusal["code"]
            .as_str()
            .is_some_and(|c| c.contains("stale") || c.contains("timestamp")),
        "{refusal}"
    );
    assert_eq!(
        count(&app, "select count(*) from usage_records").await,
        3,
        "the first one only"
    );
}

#[tokio::test]
async fn the_reference_vendor_reports_usage_on_a_schedule_and_each_period_counts_once() {
    let app = spawn().await;
    let placed = orders_placed(&app, 2).await;
    sqlx::query(
        r#"update listing_versions set content = jsonb_set(content, '{plans,0,metered}',
               '[{"code": "receipt_ocr", "unit_zh": "张", "unit_en": "receipt", "unit_price_fen": 5}]')"#,
    )
    .execute(&app.pool)
    .await
    .expect("metered plan");
    let vendor = vendor_id(&app).await;
    let base = crate::market_provisioning::start_vendor_with(
        &app,
        vendor,
        "127.0.0.1:0".parse().expect("addr"),
        |config| {
            config.rules.usage = Some(reference_vendor::config::UsageRule {
                dimension: "receipt_ocr".into(),
                quantity: 3,
                every_ms: 100,
            })
        },
    )
    .await;
    register(&app, vendor, &base, KEY).await;
    let dispatcher =
        Dispatcher::new(app.pool.clone(), settings(), &app.address).expect("dispatcher");
    let started = Instant::now();
    while count(
        &app,
        "select count(*) from subscriptions where access_url is not null",
    )
    .await
        < 2
    {
        let _ = dispatcher.try_dispatch_once().await.expect("dispatch");
        assert!(started.elapsed() < Duration::from_secs(30), "provisioned");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // Periods pass: each subscription's usage arrives, signed, several periods of it.
    wait_for(
        &app,
        "select (count(distinct subscription_id) = 2 and min(n) >= 3)::int::bigint from (
             select subscription_id, count(*) as n from usage_records group by 1) u",
        1,
    )
    .await;
    let counted: Vec<(Uuid, i64, i64)> = sqlx::query_as(
        "select subscription_id, quantity, amount_fen from usage_records order by subscription_id",
    )
    .fetch_all(&app.pool)
    .await
    .expect("usage");
    assert!(counted
        .iter()
        .all(|(id, q, fen)| placed.contains(id) && *q == 3 && *fen == 15));
    // The vendor keeps the portal's verdict on each record it sent: every one accepted, each
    // period's record counted once.
    let refused = count(
        &app,
        "select count(*) from refvendor.usage where result is not null and result <> 'accepted'",
    )
    .await;
    assert_eq!(refused, 0);
    let (accepted, distinct): (i64, i64) =
        sqlx::query_as("select count(*), count(distinct record_id) from usage_records")
            .fetch_one(&app.pool)
            .await
            .expect("records");
    assert_eq!(accepted, distinct);
}
