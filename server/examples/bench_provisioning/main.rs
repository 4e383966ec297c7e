//! The driver of `.ci/bench-provisioning` (prints numbers; not a test): marketplace operations
//! through the routing layer to the reference vendor system, both in this process, the portal
//! serving on port 0 with its dispatcher (4 lanes) on a fresh database. Measures:
//! 1. at a steady BENCH_RATE orders a second for BENCH_SECS (open loop, `orders::place` as an
//!    enterprise admin's confirmed order), the latency from the operation's creation (in the
//!    order's transaction) to the vendor system's receipt (`refvendor.operations.first_at`; both
//!    `now()` of one PostgreSQL server, so one clock): p50, p99 (targets p50 < 20 ms, p99 <
//!    200 ms);
//! 2. provisioning throughput with the vendor adding 50 ms to every request: BENCH_BACKLOG
//!    orders queued while the vendor has no system registered, then drained;
//! 3. and 4. the same two figures for case delivery in the same process, through the same
//!    dispatcher, to the reference department backend (GA, in-process): complete applications
//!    submitted over HTTP as a citizen's browser does, submitted_at → the backend's received_at
//!    at the same rate, then BENCH_BACKLOG cases queued while GA has no system and drained
//!    against a backend adding 50 ms.
//!
//! Environment: DATABASE_URL (a server it may create databases on), BENCH_RATE (20),
//! BENCH_SECS (10), BENCH_BACKLOG (400).
#![allow(clippy::expect_used, clippy::unwrap_used)]
use app::core::market::orders;
use app::domain::market::forms::OrderForm;
use portal_test_support::{spawn_app_with, Options};
use reference_vendor::{Config, ReferenceVendor};
use server::routing::DeliverySettings;
use std::time::{Duration, Instant};
use uuid::Uuid;

#[path = "../bench_market/seed.rs"]
mod seed;
// The process tests' citizen: the same browser path as the routing benchmark.
#[path = "../../tests/routing_processes/citizen.rs"]
mod citizen;

const KEY: &str = "6d6d6d6d6d6d6d6d6d6d6d6d6d6d6d6d6d6d6d6d6d6d6d6d6d6d6d6d6d6d6d6d";
const ADMIN: &str = "bench-admin";
/// One seat of the seeded basic plan without a voucher: ¥99 less the vendor's 10 %.
const SME_FEN: i64 = 9900 - 990;

fn var(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

async fn register(pool: &sqlx::PgPool, vendor: Uuid, base: &str) {
    sqlx::query(
        "insert into vendor_systems (vendor_id, base_url, signing_key_hex, timeout_ms, max_concurrency)
         values ($1, $2, $3, 5000, 16)
         on conflict (vendor_id) do update set base_url = excluded.base_url",
    )
    .bind(vendor)
    .bind(base)
    .bind(KEY)
    .execute(pool)
    .await
    .expect("vendor system");
    // Wakes the dispatcher's lanes (they poll otherwise).
    sqlx::query("select pg_notify('delivery_outbox', '')")
        .execute(pool)
        .await
        .expect("notify");
}

async fn undelivered(pool: &sqlx::PgPool) -> i64 {
    sqlx::query_scalar("select count(*) from vendor_operations where delivered_at is null")
        .fetch_one(pool)
        .await
        .expect("count")
}

async fn wait_delivered(pool: &sqlx::PgPool, limit: Duration) {
    let started = Instant::now();
    while undelivered(pool).await > 0 {
        assert!(started.elapsed() < limit, "operations still undelivered");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let rate = var("BENCH_RATE", 20).max(1);
    let secs = var("BENCH_SECS", 10).max(1);
    let backlog = var("BENCH_BACKLOG", 400);
    let steady = rate * secs;
    let app = spawn_app_with(Options {
        delivery: DeliverySettings {
            workers: 4,
            poll_interval: Duration::from_millis(200),
            ..DeliverySettings::default()
        },
        ..Options::default()
    })
    .await;
    let pool = app.pool.clone();
    let (listing, agents) = seed::seed(&pool, u32::try_from(steady + backlog)?).await?;
    let vendor: Uuid = sqlx::query_scalar("select id from vendors")
        .fetch_one(&pool)
        .await?;
    let mut config = Config::new("postgres://unused");
    config.vendors = vec![reference_vendor::config::Vendor {
        id: vendor,
        signing_key_hex: KEY.into(),
    }];
    config.admin_token = Some(ADMIN.into());
    config.poll_interval_ms = 50;
    let system = ReferenceVendor::build_with_pool(config, pool.clone()).await?;
    let base = format!("http://{}", system.address());
    tokio::spawn(system.run_until_stopped());
    register(&pool, vendor, &base).await;
    let form = |i: usize| OrderForm {
        enterprise_id: agents[i].enterprise_id,
        plan_code: "basic".into(),
        quantity: 1,
        use_voucher: false,
        listing_version: 1,
        expected_sme_fen: SME_FEN,
        expected_subsidy_fen: 0,
        idempotency_key: format!("bench-order-{i:06}"),
    };

    // 1. Steady load, open loop.
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (i, agent) in agents
        .iter()
        .copied()
        .enumerate()
        .take(usize::try_from(steady)?)
    {
        let due = Duration::from_secs_f64(i as f64 / rate as f64);
        if let Some(wait) = due.checked_sub(started.elapsed()) {
            tokio::time::sleep(wait).await;
        }
        let (pool, form) = (pool.clone(), form(i));
        tasks.push(tokio::spawn(async move {
            orders::place(&pool, &agent, listing, &form).await
        }));
    }
    for task in tasks {
        task.await?.map_err(|e| anyhow::anyhow!("order: {e:?}"))?;
    }
    wait_delivered(&pool, Duration::from_secs(120)).await;
    let mut latencies: Vec<f64> = sqlx::query_scalar(
        "select extract(epoch from r.first_at - o.created_at)::float8 * 1000
         from vendor_operations o join refvendor.operations r on r.operation_id = o.id",
    )
    .fetch_all(&pool)
    .await?;
    latencies.sort_by(f64::total_cmp);
    println!(
        "order confirmed → vendor receipt at {rate}/s for {secs} s ({} operations): p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms (targets p50 < 20 ms, p99 < 200 ms)",
        latencies.len(),
        percentile(&latencies, 50.0),
        percentile(&latencies, 99.0),
        latencies.last().copied().unwrap_or(f64::NAN),
    );

    // 2. Throughput against a vendor adding 50 ms to every request.
    let client = reqwest::Client::new();
    client
        .post(format!("{base}/_admin/faults"))
        .bearer_auth(ADMIN)
        .json(&serde_json::json!({"latency_ms": 50}))
        .send()
        .await?
        .error_for_status()?;
    sqlx::query("delete from vendor_systems")
        .execute(&pool)
        .await?;
    let first = usize::try_from(steady)?;
    for (i, agent) in agents
        .iter()
        .enumerate()
        .skip(first)
        .take(usize::try_from(backlog)?)
    {
        orders::place(&pool, agent, listing, &form(i))
            .await
            .map_err(|e| anyhow::anyhow!("order: {e:?}"))?;
    }
    let queued = undelivered(&pool).await;
    let drained = Instant::now();
    register(&pool, vendor, &base).await;
    wait_delivered(&pool, Duration::from_secs(600)).await;
    let elapsed = drained.elapsed().as_secs_f64();
    println!(
        "provisioning throughput with the vendor adding 50 ms: {queued} operations in {elapsed:.2} s = {:.0} operations/s (4 dispatcher lanes)",
        queued as f64 / elapsed
    );
    cases(&app, rate, secs, backlog).await
}

async fn undelivered_cases(pool: &sqlx::PgPool) -> i64 {
    sqlx::query_scalar("select count(*) from delivery_outbox where delivered_at is null")
        .fetch_one(pool)
        .await
        .expect("count")
}

async fn wait_cases_delivered(pool: &sqlx::PgPool, limit: Duration) {
    let started = Instant::now();
    while undelivered_cases(pool).await > 0 {
        assert!(started.elapsed() < limit, "cases still undelivered");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn route_ga(pool: &sqlx::PgPool, base: &str) {
    sqlx::query(
        "update department_backends set kind = 'http', base_url = $1, signing_key_hex = $2,
             timeout_ms = 5000, max_concurrency = 16, breaker_open_until = null
         where department_code = 'GA'",
    )
    .bind(base)
    .bind(KEY)
    .execute(pool)
    .await
    .expect("GA's system");
    sqlx::query("select pg_notify('delivery_outbox', '')")
        .execute(pool)
        .await
        .expect("notify");
}

/// 3. and 4.: the same figures for case delivery, same dispatcher, same run.
async fn cases(
    app: &portal_test_support::TestApp,
    rate: u64,
    secs: u64,
    backlog: u64,
) -> anyhow::Result<()> {
    use reference_department::config::{Department, Outcome, Rule};
    let pool = app.pool.clone();
    let mut config = reference_department::Config::new("postgres://unused", &app.address);
    config.departments = vec![Department {
        code: "GA".into(),
        signing_key_hex: KEY.into(),
    }];
    config.admin_token = Some(ADMIN.into());
    config.poll_interval_ms = 200;
    // Cases stay put once received: this measures delivery, not the department's callbacks.
    config.rules.default = Rule {
        outcome: Outcome::Hold,
        accept_after_secs: 86_400,
        ..Rule::default()
    };
    let backend =
        reference_department::ReferenceBackend::build_with_pool(config, pool.clone()).await?;
    let base = format!("http://{}", backend.address());
    tokio::spawn(backend.run_until_stopped());
    route_ga(&pool, &base).await;
    let citizen = std::sync::Arc::new(citizen::Citizen::register(&app.address, &app.pool).await?);

    // 3. Steady load, open loop: complete applications over HTTP.
    let steady = rate * secs;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for i in 0..steady {
        let due = Duration::from_secs_f64(i as f64 / rate as f64);
        if let Some(wait) = due.checked_sub(started.elapsed()) {
            tokio::time::sleep(wait).await;
        }
        let citizen = std::sync::Arc::clone(&citizen);
        tasks.push(tokio::spawn(async move { citizen.submit().await }));
    }
    for task in tasks {
        task.await??;
    }
    wait_cases_delivered(&pool, Duration::from_secs(120)).await;
    let mut latencies: Vec<f64> = sqlx::query_scalar(
        "select extract(epoch from r.received_at - c.submitted_at)::float8 * 1000
         from cases c join refdept.cases r on r.case_id = c.id",
    )
    .fetch_all(&pool)
    .await?;
    latencies.sort_by(f64::total_cmp);
    println!(
        "case submitted → department receipt at {rate}/s for {secs} s ({} cases), same run: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        latencies.len(),
        percentile(&latencies, 50.0),
        percentile(&latencies, 99.0),
        latencies.last().copied().unwrap_or(f64::NAN),
    );

    // 4. Throughput against a backend adding 50 ms: a backlog queued while GA has no system.
    reqwest::Client::new()
        .post(format!("{base}/_admin/faults"))
        .bearer_auth(ADMIN)
        .json(&serde_json::json!({"latency_ms": 50}))
        .send()
        .await?
        .error_for_status()?;
    route_ga(&pool, "http://127.0.0.1:9").await;
    // Held: nothing is sent to the dead address while the backlog builds (the breaker opens).
    citizen.submit_many(usize::try_from(backlog)?, 8).await?;
    let queued = undelivered_cases(&pool).await;
    let drained = Instant::now();
    // Due now: the failed tries at the dead address must not leave a backoff to wait out.
    sqlx::query(
        "update delivery_outbox set available_at = now() where delivered_at is null and dead_at is null",
    )
    .execute(&pool)
    .await?;
    route_ga(&pool, &base).await;
    wait_cases_delivered(&pool, Duration::from_secs(600)).await;
    let elapsed = drained.elapsed().as_secs_f64();
    println!(
        "case delivery throughput with the backend adding 50 ms, same run: {queued} cases in {elapsed:.2} s = {:.0} cases/s (4 dispatcher lanes)",
        queued as f64 / elapsed
    );
    Ok(())
}
