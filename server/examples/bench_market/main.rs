//! The driver of `.ci/bench-market` (prints numbers; not a test): voucher reservation under
//! contention. A fresh database is seeded through the core's own functions with one approved
//! vendor, one published listing, one voucher programme (accounting at 50 %, a budget that never
//! runs out) and BENCH_ENTERPRISES admitted enterprises, and copied, so that each run starts from
//! the same state (both dropped at the end; vacuumed and checkpointed before each run). 64
//! connections order one seat of the basic plan with the voucher for a random enterprise, closed
//! loop, for BENCH_SECS seconds:
//! 1. the portal: 64 tasks calling `app::core::market::orders::place` on the server's pool (16
//!    connections, or BENCH_POOL), so orders wait for a connection as the portal's do;
//! 2. pgbench on the copy: the same statements (`reservation.rs`), 64 clients, prepared
//!    protocol;
//!
//! then orders/s and p50/p99/max of each, their ratio (target ≥ 0.5×, portal p99 < 50 ms), the
//! CPU each order cost (the client process and the rest of the machine, from `/proc`); then both
//! again at a rate below saturation (half of pgbench's, or BENCH_RATE orders/s, arriving at
//! random: `paced.rs` and pgbench `-R`), where latency is the orders' own and not the queue a
//! closed loop builds; and whether the ledger adds up.
//!
//! Environment: DATABASE_URL (a server it may create databases on), BENCH_SECS (10),
//! BENCH_ENTERPRISES (1024), BENCH_PGBENCH (the pgbench binary, `pgbench`), BENCH_RATE (orders/s
//! of the paced runs; half of pgbench's closed-loop rate), BENCH_POOL (the portal's connections,
//! the server's 16), BENCH_KEEP (leave the databases); PGSSLMODE for both clients (`.ci/bench-market`
//! sets `disable`: loopback, as with the embedded database).
#![allow(clippy::expect_used, clippy::unwrap_used)]
use anyhow::{anyhow, bail, Context};
use app::actors::EnterpriseAgent;
use app::core::market::orders;
use app::domain::market::forms::OrderForm;
use measure::{ledger, settle, slices};
use run::{machine_cpu, own_cpu, Run};
use sqlx::{Connection, Executor, PgConnection, PgPool};
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;

mod measure;
mod paced;
#[path = "../support/pgbench.rs"]
mod pgbench;
#[path = "../support/processes.rs"]
mod processes;
mod reservation;
#[path = "../support/run.rs"]
mod run;
mod seed;
use seed::seed;

/// The seeded database the portal runs on, and its copy for pgbench.
const DATABASES: [&str; 2] = ["portal_bench_market", "portal_bench_market_pgbench"];
const CONNECTIONS: usize = 64;
/// Seconds the paced runs go before they count: new connections prepare their statements.
const WARMUP: u64 = 2;
/// One seat of the basic plan: ¥99 list, 10 % vendor discount, 50 % of the rest subsidised.
pub const LIST_FEN: i64 = 9900;
pub const DISCOUNT_FEN: i64 = 990;
pub const SUBSIDY_FEN: i64 = 4455;
pub const SME_FEN: i64 = 4455;

/// The portal's pool: the server's own size unless BENCH_POOL says otherwise.
fn pool_size() -> anyhow::Result<u32> {
    var("BENCH_POOL", &server::config::POOL_CONNECTIONS.to_string())
        .parse()
        .context("BENCH_POOL")
}

fn var(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

/// One subsidised seat of the basic plan, for a random enterprise, through `orders::place`.
async fn place_one(
    pool: &PgPool,
    agents: &[EnterpriseAgent],
    listing: Uuid,
    idempotency_key: String,
) -> anyhow::Result<()> {
    let agent = agents[rand::random::<usize>() % agents.len()];
    let form = OrderForm {
        enterprise_id: agent.enterprise_id,
        plan_code: "basic".into(),
        quantity: 1,
        use_voucher: true,
        listing_version: 1,
        expected_sme_fen: SME_FEN,
        expected_subsidy_fen: SUBSIDY_FEN,
        idempotency_key,
    };
    orders::place(pool, &agent, listing, &form)
        .await
        .map_err(|e| anyhow!("orders::place ({}): {e:?}", form.idempotency_key))?;
    Ok(())
}

/// The portal: `CONNECTIONS` tasks placing orders through `orders::place` for `secs`.
async fn portal(
    pool: &PgPool,
    agents: &Arc<Vec<EnterpriseAgent>>,
    listing: Uuid,
    secs: u64,
) -> anyhow::Result<Run> {
    let (cpu0, machine0) = (own_cpu(), machine_cpu());
    let started = Instant::now();
    let until = started + Duration::from_secs(secs);
    let mut tasks = tokio::task::JoinSet::new();
    for task in 0..CONNECTIONS {
        let (pool, agents) = (pool.clone(), agents.clone());
        tasks.spawn(async move {
            let mut took = Vec::new();
            while Instant::now() < until {
                let at = Instant::now();
                place_one(
                    &pool,
                    &agents,
                    listing,
                    format!("bench-{task}-{}", took.len()),
                )
                .await?;
                took.push(at.elapsed().as_secs_f64() * 1000.0);
            }
            anyhow::Ok(took)
        });
    }
    let mut latencies = Vec::new();
    while let Some(took) = tasks.join_next().await {
        latencies.extend(took??);
    }
    let secs = started.elapsed().as_secs_f64();
    latencies.sort_by(f64::total_cmp);
    Ok(Run {
        count: latencies.len(),
        secs,
        latencies,
        client_cpu: own_cpu() - cpu0,
        machine_cpu: machine_cpu() - machine0,
    })
}

/// The server's pool (`server::db::pool_options`), all connections opened first.
async fn open_pool(url: &str) -> anyhow::Result<PgPool> {
    let size = pool_size()?;
    let pool = server::db::pool_options(size).connect(url).await?;
    let opened = futures_util::future::try_join_all((0..size).map(|_| pool.acquire())).await?;
    drop(opened);
    settle(&pool).await?;
    Ok(pool)
}

async fn run(server: &str, dir: &std::path::Path) -> anyhow::Result<()> {
    let secs: u64 = var("BENCH_SECS", "10").parse().context("BENCH_SECS")?;
    let n: u32 = var("BENCH_ENTERPRISES", "1024")
        .parse()
        .context("BENCH_ENTERPRISES")?;
    let urls = DATABASES.map(|name| format!("{server}/{name}"));
    let seeded = PgPool::connect(&urls[0]).await?;
    server::db::migrate(&seeded).await?;
    let (listing, agents) = seed(&seeded, n).await?;
    seeded.close().await;
    // Each run starts from the same seeded database, not from what the other one left. The
    // copy needs the source alone: a backend of the closed seeding pool may linger, and the
    // database is this bench's own.
    let mut admin = PgConnection::connect(&format!("{server}/postgres")).await?;
    sqlx::query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1")
        .bind(DATABASES[0])
        .execute(&mut admin)
        .await?;
    admin.close().await?;
    processes::fresh_database(server, DATABASES[1], Some(DATABASES[0])).await?;

    let agents = Arc::new(agents);
    let pool = open_pool(&urls[0]).await?;
    eprintln!("portal: {CONNECTIONS} tasks for {secs} s");
    let portal = portal(&pool, &agents, listing, secs).await?;
    let portal_slices = slices(&pool).await?;
    pool.close().await;

    let other = PgPool::connect(&urls[1]).await?;
    settle(&other).await?;
    eprintln!("pgbench: {CONNECTIONS} clients for {secs} s");
    let script = reservation::script(n);
    let bench = pgbench::run(&pgbench::Params {
        binary: &var("BENCH_PGBENCH", "pgbench"),
        url: &urls[1],
        dir,
        name: "reserve.sql",
        script: &script,
        defines: &reservation::defines(listing),
        secs,
        clients: CONNECTIONS,
        rate: None,
        warmup: 0,
    })
    .await?;
    let run = &bench.run;
    let pgbench_slices = slices(&other).await?;
    other.close().await;

    // Below saturation, on what each closed run left.
    let (rate, why): (u32, &str) = match std::env::var("BENCH_RATE") {
        Ok(rate) => (rate.parse().context("BENCH_RATE")?, "BENCH_RATE"),
        Err(_) => (
            (run.rate() / 2.0).round().max(1.0) as u32,
            "half of pgbench's rate above",
        ),
    };
    let pool = open_pool(&urls[0]).await?;
    eprintln!("portal: {rate} orders/s for {secs} s");
    let (paced_portal, paced_placed) =
        paced::portal(&pool, &agents, listing, secs, WARMUP, rate, CONNECTIONS).await?;
    let (portal_ok, portal_ledger) = ledger(&pool, portal.count + paced_placed).await?;
    pool.close().await;
    let other = PgPool::connect(&urls[1]).await?;
    settle(&other).await?;
    eprintln!("pgbench: {rate} tps for {secs} s");
    let paced_bench = pgbench::run(&pgbench::Params {
        binary: &var("BENCH_PGBENCH", "pgbench"),
        url: &urls[1],
        dir,
        name: "reserve_paced.sql",
        script: &script,
        defines: &reservation::defines(listing),
        secs: secs + WARMUP,
        clients: CONNECTIONS,
        rate: Some(rate),
        warmup: WARMUP,
    })
    .await?;
    let (pgbench_ok, pgbench_ledger) = ledger(&other, run.count + paced_bench.processed).await?;
    let autovacuum: String = sqlx::query_scalar("select current_setting('autovacuum')")
        .fetch_one(&other)
        .await?;

    let ratio = portal.rate() / run.rate();
    let met = |yes: bool| if yes { "met" } else { "not met" };
    println!();
    println!("voucher reservation under contention ({CONNECTIONS} connections ordering, portal pool {} connections, {n} enterprises, one programme, {secs} s each)", pool_size()?);
    println!("{}", portal.line("portal (core orders::place)", "orders/s"));
    println!("{}", run.line("pgbench (same transaction)", "tps"));
    println!(
        "  {:<34}{ratio:>7.2}×  (target ≥ 0.5×: {})    portal p99 target < 50 ms: {}",
        "ratio portal/pgbench",
        met(ratio >= 0.5),
        met(portal.p(99.0) < 50.0)
    );
    println!("{}", portal.cpu_line("portal", "order"));
    println!("{}", run.cpu_line("pgbench", "order"));
    println!("  at {rate} orders/s offered ({why}), arriving at random, latency from when due, after {WARMUP} s not counted:");
    println!(
        "{}",
        paced_portal.line("portal (core orders::place)", "orders/s")
    );
    println!(
        "{}",
        paced_bench.run.line("pgbench -R (same transaction)", "tps")
    );
    println!(
        "  {:<34}portal p99 < 50 ms at this load: {}",
        "",
        met(paced_portal.p(99.0) < 50.0)
    );
    println!("{}", paced_portal.cpu_line("portal", "order"));
    println!("  ledger after the portal runs:  {portal_ledger}");
    println!("  ledger after the pgbench runs: {pgbench_ledger}");
    println!(
        "  budget slices booked in each closed run: portal {} of {} ({} kB), pgbench {} of {} ({} kB) (vacuumed before each; autovacuum {autovacuum})",
        portal_slices.1, portal_slices.2, portal_slices.0, pgbench_slices.1, pgbench_slices.2, pgbench_slices.0
    );
    println!(
        "  pgbench latency average {:.1} ms; per statement (ms, pgbench -r):",
        bench.latency_avg_ms
    );
    for line in &bench.statements {
        println!("    {line}");
    }
    println!("  pgbench script and logs in {}", dir.display());
    if !(portal_ok && pgbench_ok) {
        bail!("the ledger does not add up");
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let url = var(
        "DATABASE_URL",
        "postgres://postgres@127.0.0.1:5432/postgres",
    );
    let server = url.rsplit_once('/').context("DATABASE_URL")?.0.to_string();
    let dir = std::env::temp_dir().join("bench-market");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let mut admin = PgConnection::connect(&format!("{server}/postgres")).await?;
    let drop_sql =
        DATABASES.map(|name| format!(r#"drop database if exists "{name}" with (force)"#));
    for sql in &drop_sql {
        admin.execute(sql.as_str()).await?;
    }
    let create = format!(r#"create database "{}""#, DATABASES[0]);
    admin.execute(create.as_str()).await?;
    let result = run(&server, &dir).await;
    // BENCH_KEEP=1 leaves both databases for a closer look (pgbench by hand, EXPLAIN).
    if std::env::var("BENCH_KEEP").is_ok() {
        return result;
    }
    for sql in &drop_sql {
        admin.execute(sql.as_str()).await?;
    }
    result.map_err(|error| anyhow!("{error:#} (logs in {})", dir.display()))
}
