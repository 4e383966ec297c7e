//! Marketplace orders provisioned in the vendor's own system (`market.v1`) by the routing
//! layer's dispatcher, against the reference vendor system: exactly once through an outage;
//! forged, replayed, stale and foreign reports change nothing; a failure (reported, or a refusal
//! of the operation) releases the voucher and charges nothing.
use crate::market_vouchers::{enterprises, listing, order_form, programme};
use crate::routing_support::{receiver, signed_json, KEY, OTHER_KEY};
use app::core::market::orders;
use portal_test_support::{spawn_app_with, Options, TestApp};
use reference_vendor::{Config, ReferenceVendor};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use server::routing::dispatcher::{DispatchOutcome, Dispatcher};
use server::routing::DeliverySettings;
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Quick retries and a breaker that closes again quickly; no background dispatcher.
pub(crate) fn settings() -> DeliverySettings {
    DeliverySettings {
        backoff_base: Duration::from_millis(10),
        backoff_cap: Duration::from_millis(40),
        breaker_failures: 3,
        breaker_cooldown: Duration::from_millis(100),
        poll_interval: Duration::from_millis(50),
        workers: 0,
        ..DeliverySettings::default()
    }
}

pub(crate) async fn spawn() -> TestApp {
    spawn_app_with(Options {
        delivery: settings(),
        ..Options::default()
    })
    .await
}

pub(crate) async fn vendor_id(app: &TestApp) -> Uuid {
    sqlx::query_scalar("select id from vendors order by created_at limit 1")
        .fetch_one(&app.pool)
        .await
        .expect("vendor")
}

pub(crate) async fn register(app: &TestApp, vendor: Uuid, base_url: &str, key: &str) {
    sqlx::query(
        "insert into vendor_systems (vendor_id, base_url, signing_key_hex, timeout_ms)
         values ($1, $2, $3, 2000)
         on conflict (vendor_id) do update set base_url = excluded.base_url,
             signing_key_hex = excluded.signing_key_hex",
    )
    .bind(vendor)
    .bind(base_url)
    .bind(key)
    .execute(&app.pool)
    .await
    .expect("vendor system");
}

/// The reference vendor on the test database (schema `refvendor`), bound to `addr`.
pub(crate) async fn start_vendor(
    app: &TestApp,
    vendor: Uuid,
    addr: std::net::SocketAddr,
) -> String {
    start_vendor_with(app, vendor, addr, |_| {}).await
}

/// Like [`start_vendor`], with `adjust` changing its configuration first.
pub(crate) async fn start_vendor_with(
    app: &TestApp,
    vendor: Uuid,
    addr: std::net::SocketAddr,
    adjust: impl FnOnce(&mut Config),
) -> String {
    let mut config = Config::new("postgres://unused");
    config.addr = addr;
    config.vendors = vec![reference_vendor::config::Vendor {
        id: vendor,
        signing_key_hex: KEY.into(),
    }];
    config.rules.succeed_after_ms = 0;
    config.poll_interval_ms = 20;
    config.retry_base_ms = 20;
    config.retry_max_ms = 100;
    adjust(&mut config);
    let system = ReferenceVendor::build_with_pool(config, app.pool.clone())
        .await
        .expect("reference vendor");
    let base = format!("http://{}", system.address());
    tokio::spawn(system.run_until_stopped());
    base
}

/// Places `n` voucher orders by enterprise admins (no approval step): each is awaiting
/// provisioning with a `provision` operation queued.
pub(crate) async fn orders_placed(app: &TestApp, n: u32) -> Vec<Uuid> {
    let (listing, _) = listing(&app.pool).await;
    let programme = programme(app, 100_000_000, 1_000_000).await;
    let mut placed = Vec::new();
    for agent in enterprises(&app.pool, programme, 0..n).await {
        let form = order_form(&agent, format!("order-{}", agent.enterprise_id));
        placed.push(
            orders::place(&app.pool, &agent, listing, &form)
                .await
                .expect("order"),
        );
    }
    placed
}

pub(crate) async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&app.pool)
        .await
        .expect(sql)
}

/// Polls `sql` (a count) until it reaches `want`, for at most 30 s.
pub(crate) async fn wait_for(app: &TestApp, sql: &str, want: i64) {
    let started = Instant::now();
    loop {
        let got = count(app, sql).await;
        if got == want {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{sql}: {got}, wanted {want}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

#[tokio::test]
async fn a_hundred_orders_placed_while_the_vendor_system_is_down_are_each_provisioned_once() {
    let app = spawn().await;
    let placed = orders_placed(&app, 100).await;
    let vendor = vendor_id(&app).await;
    // The vendor's address, with nothing listening yet.
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port");
    register(&app, vendor, &format!("http://{addr}"), KEY).await;

    let dispatcher =
        Dispatcher::new(app.pool.clone(), settings(), &app.address).expect("dispatcher");
    let mut failures = 0;
    loop {
        match dispatcher.try_dispatch_once().await.expect("dispatch") {
            DispatchOutcome::OperationRetried(_) => failures += 1,
            DispatchOutcome::Empty | DispatchOutcome::OperationSkipped(_) => break,
            other => panic!("nothing can be accepted while the system is down: {other:?}"),
        }
    }
    assert!(failures >= 3, "tried until the breaker opened ({failures})");
    assert_eq!(
        count(
            &app,
            "select count(*) from vendor_operations where delivered_at is null"
        )
        .await,
        100
    );
    let breaker_open = count(
        &app,
        "select count(*) from vendor_systems where breaker_open_until > now()",
    )
    .await;
    assert_eq!(breaker_open, 1, "the vendor's breaker is open");

    // The system comes up at its address; the dispatcher (4 lanes) catches up on its own.
    start_vendor(&app, vendor, addr).await;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let lanes = tokio::spawn(server::routing::worker::run(
        Arc::new(
            Dispatcher::new(
                app.pool.clone(),
                DeliverySettings {
                    workers: 4,
                    ..settings()
                },
                &app.address,
            )
            .expect("dispatcher"),
        ),
        stopped,
    ));
    wait_for(
        &app,
        "select count(*) from subscriptions where state in ('active', 'trialing')",
        100,
    )
    .await;
    let _ = stop.send(true);
    let _ = lanes.await;

    // Exactly once, by the effect in the vendor's own store.
    let provisions: Vec<(Uuid, i32)> =
        sqlx::query_as("select subscription_id, provisions from refvendor.subscriptions")
            .fetch_all(&app.pool)
            .await
            .expect("vendor store");
    assert_eq!(provisions.len(), 100);
    assert!(provisions.iter().all(|(_, n)| *n == 1), "{provisions:?}");
    let mut ids: Vec<Uuid> = provisions.into_iter().map(|(id, _)| id).collect();
    ids.sort();
    let mut want = placed.clone();
    want.sort();
    assert_eq!(ids, want);
    // Each subscription knows its tool, the vouchers are committed, one success each.
    assert_eq!(
        count(&app, "select count(*) from subscriptions where access_url like 'http://127.0.0.1:%/tenants/%' and tenant_id is not null").await,
        100
    );
    assert_eq!(
        count(
            &app,
            "select count(*) from operation_reports where status = 'succeeded'"
        )
        .await,
        100
    );
    assert_eq!(
        count(&app, "select count(*) from voucher_programme_totals where reserved_fen = 0 and committed_fen = 100 * 4455").await,
        1
    );
    // The ledger holds the failed attempts and one acceptance per operation.
    assert_eq!(
        count(&app, "select count(*) from delivery_attempts where backend_kind = 'vendor' and outcome = 'delivered'").await,
        100
    );
    assert!(
        count(&app, "select count(*) from delivery_attempts where backend_kind = 'vendor' and outcome = 'retry'").await
            >= 3
    );
}

/// One order's provision operation: `(operation id, generation)`.
async fn operation(app: &TestApp) -> (Uuid, i32) {
    sqlx::query_as("select id, generation from vendor_operations")
        .fetch_one(&app.pool)
        .await
        .expect("operation")
}

/// What a refused report must leave alone.
async fn unchanged(app: &TestApp) -> (String, i64, i64) {
    sqlx::query_as(
        "select s.state, (select count(*) from subscription_events),
                (select count(*) from operation_reports)
         from subscriptions s",
    )
    .fetch_one(&app.pool)
    .await
    .expect("snapshot")
}

pub(crate) fn report(id: &str, generation: i32, status: &str) -> Value {
    let mut body = json!({
        "protocol": "market.v1", "report_id": id, "generation": generation, "status": status,
    });
    if status == "succeeded" {
        body["access"] = json!({"url": "https://tool.example.com/t/1", "tenant_id": "t-1"});
    }
    if status == "failed" {
        body["reason"] = json!("配额不足");
    }
    body
}

#[tokio::test]
async fn forged_replayed_stale_and_foreign_reports_are_refused_and_change_nothing() {
    let app = spawn().await;
    orders_placed(&app, 1).await;
    let vendor = vendor_id(&app).await;
    register(&app, vendor, "http://127.0.0.1:9", KEY).await;
    // A second vendor with a system of its own.
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
    let (op, generation) = operation(&app).await;
    let path = format!("/api/market/v1/operations/{op}/outcome");
    let now = chrono::Utc::now().timestamp();
    let before = unchanged(&app).await;
    let me = vendor.to_string();
    let post = |party: String, key: &'static str, body: Value, at: i64| {
        let (app, path) = (&app, path.clone());
        async move { signed_json(app, &party, key, Method::POST, &path, &body, at).await }
    };

    let (status, body) = post(
        me.clone(),
        OTHER_KEY,
        report("r1", generation, "succeeded"),
        now,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("bad_signature"))
    );
    let (status, body) = post(
        me.clone(),
        KEY,
        report("r1", generation, "succeeded"),
        now - 3600,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("stale_timestamp"))
    );
    let (status, body) = post(
        Uuid::new_v4().to_string(),
        KEY,
        report("r1", generation, "succeeded"),
        now,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unknown_vendor"))
    );
    // Another vendor, correctly signed, cannot report on this vendor's operation.
    let (status, body) = post(
        other.to_string(),
        OTHER_KEY,
        report("r1", generation, "succeeded"),
        now,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("unknown_operation"))
    );
    let (status, body) = post(
        me.clone(),
        KEY,
        report("r1", generation + 1, "succeeded"),
        now,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("stale_generation"))
    );
    let (status, body) = post(me.clone(), KEY, json!({"protocol": "market.v1"}), now).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_body"))
    );
    let mut hostile = report("r1", generation, "succeeded");
    hostile["access"]["url"] = json!("javascript:alert(1)");
    let (status, _) = post(me.clone(), KEY, hostile, now).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "no link the portal could not show safely"
    );
    assert_eq!(unchanged(&app).await, before, "nothing changed");

    // A replayed request (same headers, same nonce) is refused after the first went through.
    let body = serde_json::to_vec(&report("p1", generation, "in_progress")).expect("json");
    let request = |at| {
        portal_test_support::signed::signed(
            &reqwest::Client::new(),
            Method::POST,
            &app.address,
            &path,
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

    // The success moves the subscription on; the same report again gets the same answer; a
    // second outcome under another id is refused.
    let (status, first) = post(
        me.clone(),
        KEY,
        report("done", generation, "succeeded"),
        now,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert!(
        matches!(
            first["subscription_state"].as_str(),
            Some("active" | "trialing")
        ),
        "{first}"
    );
    let (status, again) = post(
        me.clone(),
        KEY,
        report("done", generation, "succeeded"),
        now,
    )
    .await;
    assert_eq!((status, &again), (StatusCode::OK, &first));
    let (status, body) = post(me.clone(), KEY, report("late", generation, "failed"), now).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("outcome_already_reported"))
    );
    let mut reused = report("done", generation, "succeeded");
    reused["access"]["tenant_id"] = json!("t-2");
    let (status, body) = post(me.clone(), KEY, reused, now).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("report_id_reused"))
    );
    assert_eq!(
        count(&app, "select count(*) from operation_reports").await,
        2,
        "the progress and the success"
    );
    assert_eq!(
        count(
            &app,
            "select count(*) from subscriptions where tenant_id = 't-1'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn a_reported_failure_or_a_refused_provision_releases_the_voucher_and_tells_the_orderer() {
    let app = spawn().await;
    let placed = orders_placed(&app, 2).await;
    let vendor = vendor_id(&app).await;
    register(&app, vendor, "http://127.0.0.1:9", KEY).await;
    let reserved = "select reserved_fen from voucher_programme_totals";
    assert_eq!(count(&app, reserved).await, 2 * 4455);

    // The first order: the vendor reports a failure (before its 202 reached the portal).
    let (first_op, generation): (Uuid, i32) =
        sqlx::query_as("select id, generation from vendor_operations where subscription_id = $1")
            .bind(placed[0])
            .fetch_one(&app.pool)
            .await
            .expect("op");
    let now = chrono::Utc::now().timestamp();
    let (status, answer) = signed_json(
        &app,
        &vendor.to_string(),
        KEY,
        Method::POST,
        &format!("/api/market/v1/operations/{first_op}/outcome"),
        &report("f1", generation, "failed"),
        now,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["subscription_state"], "provisioning_failed");
    assert_eq!(
        count(&app, reserved).await,
        4455,
        "the first reservation is released"
    );

    // The second: the vendor's system refuses the operation outright (422): the same.
    let (base, refusing) = receiver().await;
    refusing.answer_with(422);
    register(&app, vendor, &base, KEY).await;
    let dispatcher =
        Dispatcher::new(app.pool.clone(), settings(), &app.address).expect("dispatcher");
    let mut dead = 0;
    loop {
        match dispatcher.try_dispatch_once().await.expect("dispatch") {
            DispatchOutcome::OperationDead(_) => dead += 1,
            DispatchOutcome::Empty => break,
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(
        dead, 1,
        "the open operation reaches the refusing system once"
    );
    assert_eq!(refusing.keys().len(), 1);
    assert_eq!(
        count(
            &app,
            "select count(*) from subscriptions where state = 'provisioning_failed'"
        )
        .await,
        2
    );
    assert_eq!(
        count(&app, reserved).await,
        0,
        "nothing reserved, nothing charged"
    );
    assert_eq!(
        count(&app, "select committed_fen from voucher_programme_totals").await,
        0
    );
    // The orderers are told, the operators are alerted about the refused operation.
    assert_eq!(
        count(
            &app,
            "select count(*) from notifications where template = 'market-provisioning-failed'"
        )
        .await,
        2
    );
    assert!(
        count(
            &app,
            "select count(*) from notifications where template = 'market-operation-dead'"
        )
        .await
            >= 1
    );
}

#[tokio::test]
async fn an_operation_past_its_deadline_is_overdue_alerts_the_operators_and_may_be_withdrawn_free()
{
    use app::core::market::{provisioning, subscription_pages, subscriptions};
    let app = spawn().await;
    let placed = orders_placed(&app, 1).await;
    let orderer: Uuid = sqlx::query_scalar("select ordered_by from subscriptions")
        .fetch_one(&app.pool)
        .await
        .expect("orderer");
    let by = subscriptions::MoveBy::Account(orderer);
    let first = placed[0];
    let offered = |app: &TestApp| {
        let pool = app.pool.clone();
        async move {
            subscription_pages::detail(&pool, by, first)
                .await
                .expect("detail")
                .moves
        }
    };
    // Within the promised time the order stands.
    assert!(!offered(&app).await.contains(&"withdraw".to_string()));
    let early = subscriptions::make_move(&app.pool, by, placed[0], "withdraw", None, None).await;
    assert!(early.is_err(), "{early:?}");
    assert_eq!(
        provisioning::mark_overdue(&app.pool).await.expect("sweep"),
        0
    );

    sqlx::query("update vendor_operations set deadline_at = now() - interval '1 minute'")
        .execute(&app.pool)
        .await
        .expect("deadline passes");
    assert_eq!(
        provisioning::mark_overdue(&app.pool).await.expect("sweep"),
        1
    );
    assert_eq!(
        provisioning::mark_overdue(&app.pool).await.expect("sweep"),
        0,
        "once"
    );
    assert_eq!(
        count(&app, "select count(*) from notifications n join accounts a on a.id = n.account_id where a.role = 'operator' and n.template = 'market-operation-overdue'").await,
        1
    );
    let detail = subscription_pages::detail(&app.pool, by, placed[0])
        .await
        .expect("detail");
    assert!(detail.overdue);
    assert!(detail.moves.contains(&"withdraw".to_string()));

    let closed = subscriptions::make_move(&app.pool, by, placed[0], "withdraw", None, None)
        .await
        .expect("withdrawn free of charge");
    assert_eq!(closed.as_str(), "closed");
    assert_eq!(
        count(
            &app,
            "select reserved_fen + committed_fen from voucher_programme_totals"
        )
        .await,
        0,
        "the subsidy is released, nothing charged"
    );
    // The vendor is told to stop, and the overdue provision no longer holds it back.
    let queued: Vec<(String, bool)> = sqlx::query_as(
        "select operation, overdue_at is not null from vendor_operations order by generation",
    )
    .fetch_all(&app.pool)
    .await
    .expect("operations");
    assert_eq!(
        queued,
        vec![
            ("provision".to_string(), true),
            ("cancel".to_string(), false)
        ]
    );
    let mut tx = app.pool.begin().await.expect("tx");
    let next = app::core::delivery::vendor_outbox::claim_next(&mut tx)
        .await
        .expect("claim");
    assert!(
        next.is_none(),
        "no system registered yet: nothing is claimed"
    );
    drop(tx);
    register(&app, vendor_id(&app).await, "http://127.0.0.1:9", KEY).await;
    // Two dispatchers at once: the overdue provision does not hold the cancellation back.
    let (mut first, mut second) = (
        app.pool.begin().await.expect("tx"),
        app.pool.begin().await.expect("tx"),
    );
    let claim = app::core::delivery::vendor_outbox::claim_next;
    let a = claim(&mut first).await.expect("claim").map(|o| o.operation);
    let b = claim(&mut second)
        .await
        .expect("claim")
        .map(|o| o.operation);
    assert_eq!(
        (a.as_deref(), b.as_deref()),
        (Some("provision"), Some("cancel"))
    );
}
