//! The driver of `.ci/bench-provisioning` (prints numbers; not a test): marketplace operations
//! through the routing layer to the reference vendor system, both in this process, the portal
//! serving on port 0 with its dispatcher (4 lanes) on a fresh database. Measures:
//! 1. at a steady BENCH_RATE orders a second for BENCH_SECS (open loop, `orders::place` as an
//!    enterprise admin's confirmed order), the latency from the operation's creation (in the
//!    order's transaction) to the vendor system's receipt (`refvendor.operations.first_at`; both
//!    `now()` of one PostgreSQL server, so one clock): p50, p99 (targets p50 < 20 ms, p99 <
//!    200 ms);
//! 2. provisioning throughput with the vendor adding 50 ms to every request: BENCH_BACKLOG
//!    orders queued while the vendor has no system registered, then drained.
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
    Ok(())
}
