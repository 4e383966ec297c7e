//! The driver of `.ci/bench-routing` (prints numbers; not a test). Runs the release `portal` and
//! `reference_backend` as processes on fresh databases (dropped at the end) and measures:
//! 1. the submit rate: complete GA-004 applications the portal accepts per second — each is what
//!    a browser does: GET the form (a new application key) and POST it multipart with three PDFs
//!    (6.5 kB), answered 303 to the new case — from 8 concurrent citizens' browsers, with the
//!    dispatcher delivering to the backend meanwhile;
//! 2. at half that rate for a while (open loop), the latency from the case's `submitted_at` to the
//!    backend's `received_at` (both `now()` of one PostgreSQL server, so one clock);
//! 3. delivery throughput with the backend adding 50 ms per request: a backlog queued by a portal
//!    without dispatcher, then drained by one with 4 (the default) and with 16 delivery lanes.
//!
//! Environment: DATABASE_URL (a server it may create databases on), BENCH_BIN_DIR (release
//! binaries), BENCH_RATE_SECS, BENCH_STEADY_SECS, BENCH_BACKLOG.
#![allow(clippy::expect_used, clippy::unwrap_used)]
use anyhow::{bail, Context};
use reqwest::Client;
use sqlx::PgPool;
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};
use uuid::Uuid;

// The process tests' citizen: the same browser path in the test and the benchmark.
#[path = "../../tests/routing_processes/citizen.rs"]
mod citizen;
use citizen::Citizen;
mod cpu;
#[path = "../support/processes.rs"]
mod processes;
#[path = "../support/run.rs"]
mod run;
use processes::{free_port, ready};
use run::percentile;

const KEY: &str = "5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c";
const ADMIN: &str = "bench-admin";
const BROWSERS: usize = 8;

fn var(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

struct Bench {
    bins: PathBuf,
    portal_db: String,
    backend_db: String,
    files: PathBuf,
    logs: PathBuf,
    portal_port: u16,
}

impl Bench {
    fn portal_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.portal_port)
    }

    fn portal_command(&self, port: u16, workers: u32) -> Command {
        let mut command = Command::new(self.bins.join("portal"));
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.logs.join("portal.log"))
            .expect("log");
        command
            .env("DATABASE_URL", &self.portal_db)
            .env("PORTAL_ADDR", format!("127.0.0.1:{port}"))
            .env("PORTAL_SITE_URL", format!("http://127.0.0.1:{port}"))
            .env("PORTAL_FILES_DIR", &self.files)
            .env("PORTAL_SECRET", "cd".repeat(32))
            .env("PORTAL_DELIVERY_WORKERS", workers.to_string())
            .env("PORTAL_DELIVERY_BACKOFF_BASE_MS", "100")
            .env("PORTAL_DELIVERY_BACKOFF_CAP_SECS", "1")
            .env("RUST_LOG", "warn")
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .stdin(Stdio::null())
            .kill_on_drop(true);
        command
    }

    async fn start_portal(&self, workers: u32) -> anyhow::Result<Child> {
        let child = self
            .portal_command(self.portal_port, workers)
            .arg("serve")
            .spawn()
            .context("starting the portal")?;
        ready(&format!("{}/readyz", self.portal_url()), None).await?;
        Ok(child)
    }

    async fn route_ga(&self, url: &str, max: u32) -> anyhow::Result<()> {
        let status = self
            .portal_command(0, 0)
            .args(["backend", "http", "GA", url, "2000", &max.to_string()])
            .env("PORTAL_BACKEND_KEY", KEY)
            .status()
            .await?;
        if !status.success() {
            bail!("portal backend http failed: {status}");
        }
        Ok(())
    }
}

async fn undelivered(pool: &PgPool) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar(
        "select count(*) from delivery_outbox where delivered_at is null and dead_at is null",
    )
    .fetch_one(pool)
    .await?)
}

async fn drained(pool: &PgPool, limit: Duration) -> anyhow::Result<()> {
    let started = Instant::now();
    while undelivered(pool).await? > 0 {
        if started.elapsed() > limit {
            bail!("deliveries did not drain within {limit:?}");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok(())
}

/// Phase 1: closed loop, `BROWSERS` browsers for `secs`; returns (cases/s, p50 ms, p99 ms).
async fn submit_rate(citizen: &Citizen, secs: u64) -> anyhow::Result<(f64, f64, f64)> {
    let until = Instant::now() + Duration::from_secs(secs);
    let started = Instant::now();
    let mut loops = tokio::task::JoinSet::new();
    for _ in 0..BROWSERS {
        let me = citizen.clone();
        loops.spawn(async move {
            let mut took = Vec::new();
            while Instant::now() < until {
                let at = Instant::now();
                me.submit().await?;
                took.push(at.elapsed().as_secs_f64() * 1000.0);
            }
            anyhow::Ok(took)
        });
    }
    let mut all = Vec::new();
    while let Some(took) = loops.join_next().await {
        all.extend(took??);
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort_by(f64::total_cmp);
    Ok((
        all.len() as f64 / elapsed,
        percentile(&all, 50.0),
        percentile(&all, 99.0),
    ))
}

/// Phase 2: open loop at `rate` for `secs`; returns the ids of the cases submitted.
async fn steady(citizen: &Citizen, rate: f64, secs: u64) -> anyhow::Result<Vec<Uuid>> {
    let mut ticker = tokio::time::interval(Duration::from_secs_f64(1.0 / rate));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let until = Instant::now() + Duration::from_secs(secs);
    let mut pending = tokio::task::JoinSet::new();
    while Instant::now() < until {
        ticker.tick().await;
        let me = citizen.clone();
        pending.spawn(async move { me.submit().await });
    }
    let mut ids = Vec::new();
    while let Some(id) = pending.join_next().await {
        ids.push(id??);
    }
    Ok(ids)
}

async fn receipt_latencies(bench: &Bench, ids: &[Uuid]) -> anyhow::Result<Vec<f64>> {
    let portal = PgPool::connect(&bench.portal_db).await?;
    let backend = PgPool::connect(&bench.backend_db).await?;
    let submitted: HashMap<Uuid, chrono::DateTime<chrono::Utc>> =
        sqlx::query_as("select id, submitted_at from cases where id = any($1)")
            .bind(ids)
            .fetch_all(&portal)
            .await?
            .into_iter()
            .collect();
    let received: Vec<(Uuid, chrono::DateTime<chrono::Utc>)> =
        sqlx::query_as("select case_id, received_at from refdept.cases where case_id = any($1)")
            .bind(ids)
            .fetch_all(&backend)
            .await?;
    if received.len() != ids.len() {
        bail!(
            "{} of {} cases reached the backend",
            received.len(),
            ids.len()
        );
    }
    let mut ms: Vec<f64> = received
        .iter()
        .filter_map(|(id, at)| submitted.get(id).map(|s| (*at - *s).num_microseconds()))
        .map(|us| us.unwrap_or(i64::MAX) as f64 / 1000.0)
        .collect();
    ms.sort_by(f64::total_cmp);
    Ok(ms)
}

/// Phase 3: `backlog` cases queued with no dispatcher, then drained with `workers` lanes;
/// returns cases/s between the first and the last delivery, and where the CPU went meanwhile.
async fn throughput(
    bench: &Bench,
    citizen: &Citizen,
    backlog: usize,
    workers: u32,
    backend_pid: Option<u32>,
) -> anyhow::Result<(f64, String)> {
    let mut queueing = bench.start_portal(0).await?;
    let ids = citizen.submit_many(backlog, BROWSERS).await?;
    queueing.start_kill()?;
    queueing.wait().await?;
    let pool = PgPool::connect(&bench.portal_db).await?;
    let mut draining = bench.start_portal(workers).await?;
    let before = cpu::sample(draining.id(), backend_pid);
    drained(&pool, Duration::from_secs(300)).await?;
    let after = cpu::sample(draining.id(), backend_pid);
    // Stopped and reaped before the next run binds the same port.
    draining.start_kill()?;
    draining.wait().await?;
    let (n, secs): (i64, f64) = sqlx::query_as(
        "select count(*), extract(epoch from max(delivered_at) - min(delivered_at))::float8
         from delivery_outbox where case_id = any($1)",
    )
    .bind(&ids)
    .fetch_one(&pool)
    .await?;
    Ok((
        n as f64 / secs.max(0.001),
        cpu::per_delivery(&before, &after, n as f64),
    ))
}

async fn run(bench: &Bench) -> anyhow::Result<()> {
    let rate_secs: u64 = var("BENCH_RATE_SECS", "10").parse()?;
    let steady_secs: u64 = var("BENCH_STEADY_SECS", "30").parse()?;
    let backlog: usize = var("BENCH_BACKLOG", "400").parse()?;
    let backend_port = free_port()?;
    let backend_url = format!("http://127.0.0.1:{backend_port}");
    let log = std::fs::File::create(bench.logs.join("backend.log"))?;
    let backend = Command::new(bench.bins.join("reference_backend"))
        .env("REFBACKEND_ADDR", format!("127.0.0.1:{backend_port}"))
        .env("REFBACKEND_DATABASE_URL", &bench.backend_db)
        .env("REFBACKEND_DEPARTMENTS", format!("GA={KEY}"))
        .env("REFBACKEND_ADMIN_TOKEN", ADMIN)
        .env("REFBACKEND_PORTAL_URL", bench.portal_url())
        // Received cases stay put: only delivery is measured, no callbacks compete with it.
        .env("REFBACKEND_OUTCOME", "hold")
        .env("REFBACKEND_ACCEPT_AFTER_SECS", "86400")
        .env("RUST_LOG", "warn")
        .stdout(log.try_clone()?)
        .stderr(log)
        .kill_on_drop(true)
        .spawn()
        .context("starting the backend")?;
    ready(&format!("{backend_url}/_admin/received"), Some(ADMIN)).await?;
    let mut portal = bench.start_portal(4).await?;
    bench.route_ga(&backend_url, 16).await?;
    let pool = PgPool::connect(&bench.portal_db).await?;
    let citizen = Citizen::register(&bench.portal_url(), &pool).await?;
    citizen.submit_many(20, 2).await?; // warm-up
    drained(&pool, Duration::from_secs(60)).await?;

    let (rate, p50, p99) = submit_rate(&citizen, rate_secs).await?;
    println!("submit rate: {rate:.1} cases/s accepted ({BROWSERS} concurrent browsers, {rate_secs} s; GET form + multipart POST of 3 PDFs → 303; dispatcher running)");
    println!("  per submit (GET + POST): p50 {p50:.1} ms, p99 {p99:.1} ms");
    drained(&pool, Duration::from_secs(300)).await?;

    let half = (rate / 2.0).max(1.0);
    let ids = steady(&citizen, half, steady_secs).await?;
    drained(&pool, Duration::from_secs(120)).await?;
    let ms = receipt_latencies(bench, &ids).await?;
    println!(
        "steady load: {} cases in {steady_secs} s ({half:.1}/s requested), submitted_at → backend received_at: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms (targets p50 < 20, p99 < 200)",
        ids.len(),
        percentile(&ms, 50.0),
        percentile(&ms, 99.0),
        ms.last().copied().unwrap_or(f64::NAN)
    );

    let admin = Client::new()
        .post(format!("{backend_url}/_admin/faults"))
        .bearer_auth(ADMIN)
        .json(&serde_json::json!({"latency_ms": 50}))
        .send()
        .await?;
    if !admin.status().is_success() {
        bail!("setting latency_ms: {}", admin.status());
    }
    portal.start_kill()?;
    portal.wait().await?;
    for workers in [4, 16] {
        let (per_sec, cpu) = throughput(bench, &citizen, backlog, workers, backend.id()).await?;
        println!("delivery throughput, backend latency_ms=50: {per_sec:.1} cases/s with {workers} delivery lanes ({backlog} queued; ceiling {workers}×1000/50 = {} /s)", workers * 20);
        println!("  {cpu}");
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
    let dir = std::env::temp_dir().join("bench-routing");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("files"))?;
    let bench = Bench {
        bins: PathBuf::from(var("BENCH_BIN_DIR", "target/release")),
        portal_db: processes::fresh_database(&server, "portal_bench_routing", None).await?,
        backend_db: processes::fresh_database(&server, "portal_bench_routing_dept", None).await?,
        files: dir.join("files"),
        logs: dir.clone(),
        portal_port: free_port()?,
    };
    let result = run(&bench).await;
    // Children are killed as they drop (kill_on_drop) at the end of `run`; then the databases go.
    processes::drop_databases(
        &server,
        &["portal_bench_routing", "portal_bench_routing_dept"],
    )
    .await?;
    if let Err(error) = &result {
        eprintln!("logs in {}", dir.display());
        return Err(anyhow::anyhow!("{error:#}"));
    }
    Ok(())
}
