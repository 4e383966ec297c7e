//! The driver of `.ci/bench-submit` (prints numbers; not a test): the submit path against its
//! limit. The release `portal` runs as a process on a fresh database (dropped at the end), its
//! delivery dispatcher off, so that what is measured is the submit itself: the case, its events
//! and its outbox row committed. BENCH_CLIENTS citizens, each with its own logged-in browser
//! session, submit GA-004 applications over HTTP, closed loop, for BENCH_SECS seconds each:
//! 1. without attachments: a saved draft (its three PDFs uploaded earlier) submitted from its
//!    edit form: one multipart POST of the answers, answered 303 to the case;
//! 2. with attachments: a new application posted at once with its three PDFs (6.5 kB);
//! 3. pgbench on a copy of the database taken before run 1: the SQL the portal runs for run 1's
//!    request, statement by statement (`script.rs`), at the same concurrency, prepared protocol.
//!
//! Then the rates, the ratio of run 1 to pgbench (target ≥ 0.5×), p50/p99 (target p99 < 50 ms
//! without attachments), the CPU per submit of the portal, this driver and the machine, and
//! whether every submitted case has its event and its outbox row.
//!
//! Environment: DATABASE_URL (a server it may create databases on), BENCH_BIN_DIR (release
//! binaries, `target/release`), BENCH_SECS (10), BENCH_CLIENTS (16), BENCH_PGBENCH (`pgbench`).
#![allow(clippy::expect_used, clippy::unwrap_used)]
use anyhow::{anyhow, bail, Context};
use browser::Browser;
use sqlx::{Executor, PgPool};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};
use uuid::Uuid;

mod browser;
mod drafts;
#[path = "../support/pgbench.rs"]
mod pgbench;
#[path = "../support/processes.rs"]
mod processes;
#[path = "../support/run.rs"]
mod run;
mod script;
use run::{machine_cpu, own_cpu, process_cpu, Run};

const DATABASES: [&str; 2] = ["portal_bench_submit", "portal_bench_submit_pgbench"];
const PASSWORD: &str = "Lantern-river-42";

fn var(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

struct Portal {
    bin: PathBuf,
    url: String,
    port: u16,
    database: String,
    files: PathBuf,
    log: PathBuf,
}

impl Portal {
    async fn start(&self) -> anyhow::Result<Child> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)?;
        let child = Command::new(&self.bin)
            .arg("serve")
            .env("DATABASE_URL", &self.database)
            .env("PORTAL_ADDR", format!("127.0.0.1:{}", self.port))
            .env("PORTAL_SITE_URL", &self.url)
            .env("PORTAL_FILES_DIR", &self.files)
            .env("PORTAL_SECRET", "cd".repeat(32))
            // Deliveries wait in the outbox: the submit alone is measured.
            .env("PORTAL_DELIVERY_WORKERS", "0")
            .env("RUST_LOG", "warn")
            .stdout(log.try_clone()?)
            .stderr(log)
            .stdin(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .context("starting the portal")?;
        processes::ready(&format!("{}/readyz", self.url), None).await?;
        Ok(child)
    }
}

async fn stop(mut child: Child) -> anyhow::Result<()> {
    child.start_kill()?;
    child.wait().await?;
    Ok(())
}

/// A citizen's resident ID: born 1980-01-01, sequence `n`, with the check character the
/// domain's own parser accepts.
fn resident_id(n: usize) -> anyhow::Result<String> {
    let first17 = format!("11010519800101{:03}", n % 1000);
    "0123456789X"
        .chars()
        .map(|c| format!("{first17}{c}"))
        .find(|id| app::domain::resident_id::ResidentId::parse(id).is_ok())
        .context("no check character fits")
}

/// `n` citizens registered through the core (the identity tests cover registering proper).
async fn register(pool: &PgPool, n: usize) -> anyhow::Result<Vec<String>> {
    let hasher = app::core::passwords::Hasher::per_core(Duration::from_secs(60));
    let mut mobiles = Vec::with_capacity(n);
    for i in 0..n {
        let mobile = format!("1380000{i:04}");
        let answers: app::domain::registration::Answers = [
            ("real_name", "张三".to_string()),
            ("id_number", resident_id(i)?),
            ("mobile", mobile.clone()),
            ("password", PASSWORD.to_string()),
            ("password_confirm", PASSWORD.to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let registration = app::domain::registration::CitizenRegistration::parse(&answers)
            .map_err(|e| anyhow!("invalid citizen {i}: {e:?}"))?;
        app::core::accounts::register_citizen(pool, &hasher, &registration)
            .await
            .map_err(|e| anyhow!("registering citizen {i}: {e:?}"))?;
        mobiles.push(mobile);
    }
    Ok(mobiles)
}

/// Vacuumed, analysed and checkpointed: each run starts from a settled database.
async fn settle(url: &str) -> anyhow::Result<()> {
    let pool = PgPool::connect(url).await?;
    pool.execute("vacuum analyze").await?;
    let _ = pool.execute("checkpoint").await; // needs a superuser or pg_checkpoint
    pool.close().await;
    Ok(())
}

/// Closed loop: each browser repeats `one` (timed) for `secs`; the portal's CPU meanwhile.
async fn closed_loop<F, Fut>(
    browsers: &[Arc<Browser>],
    portal_pid: &str,
    secs: u64,
    one: F,
) -> anyhow::Result<(Run, f64)>
where
    F: Fn(Arc<Browser>, usize, usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = anyhow::Result<Option<Duration>>> + Send,
{
    let (cpu0, machine0, portal0) = (own_cpu(), machine_cpu(), process_cpu(portal_pid));
    let started = Instant::now();
    let until = started + Duration::from_secs(secs);
    let mut tasks = tokio::task::JoinSet::new();
    for (index, browser) in browsers.iter().enumerate() {
        let (browser, one) = (browser.clone(), one.clone());
        tasks.spawn(async move {
            let mut took = Vec::new();
            while Instant::now() < until {
                match one(browser.clone(), index, took.len()).await? {
                    Some(time) => took.push(time.as_secs_f64() * 1000.0),
                    None => bail!("client {index} ran out of drafts; raise BENCH_DRAFTS"),
                }
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
    let portal_cpu = process_cpu(portal_pid) - portal0;
    Ok((
        Run {
            count: latencies.len(),
            secs,
            latencies,
            client_cpu: own_cpu() - cpu0,
            machine_cpu: machine_cpu() - machine0,
        },
        portal_cpu,
    ))
}

/// Each of `items` does `one` twice, all at once.
async fn warm_up<T, F, Fut>(items: &[T], one: F) -> anyhow::Result<()>
where
    T: Clone + Send + 'static,
    F: Fn(T) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = anyhow::Result<()>> + Send,
{
    let mut tasks = tokio::task::JoinSet::new();
    for item in items {
        let (item, one) = (item.clone(), one.clone());
        tasks.spawn(async move {
            one(item.clone()).await?;
            one(item).await
        });
    }
    while let Some(done) = tasks.join_next().await {
        done??;
    }
    Ok(())
}

fn portal_cpu_line(run: &Run, portal_cpu: f64) -> String {
    let per = |secs: f64| secs * 1e6 / run.count.max(1) as f64;
    format!(
        "  {:<34}CPU per submit: portal {:>5.0} µs, this driver {:>5.0} µs, rest of machine (PostgreSQL…) {:>5.0} µs",
        "",
        per(portal_cpu),
        per(run.client_cpu),
        per(run.machine_cpu - run.client_cpu - portal_cpu)
    )
}

async fn bench(server: &str, dir: &Path) -> anyhow::Result<()> {
    let secs: u64 = var("BENCH_SECS", "10").parse().context("BENCH_SECS")?;
    let clients: usize = var("BENCH_CLIENTS", "16")
        .parse()
        .context("BENCH_CLIENTS")?;
    // Enough drafts for 150 submits per second per client and 1,000 in all, whichever is more
    // (pgbench takes from the same drafts, and runs out of them as an error).
    let per_client = (150 * secs).max(1000 * secs / clients.max(1) as u64);
    let copies: i32 = var("BENCH_DRAFTS", &per_client.to_string())
        .parse()
        .context("BENCH_DRAFTS")?;
    let database = processes::fresh_database(server, DATABASES[0], None).await?;
    let pool = PgPool::connect(&database).await?;
    server::db::migrate(&pool).await?;
    let mobiles = register(&pool, clients).await?;
    std::fs::create_dir_all(dir.join("files"))?;
    let port = processes::free_port()?;
    let portal = Portal {
        bin: PathBuf::from(var("BENCH_BIN_DIR", "target/release")).join("portal"),
        url: format!("http://127.0.0.1:{port}"),
        port,
        database: database.clone(),
        files: dir.join("files"),
        log: dir.join("portal.log"),
    };

    // With attachments first: an account may keep only 50 drafts, and the copies below are
    // many. Each browser warms up (connections, caches, prepared statements) with two submits.
    let running = portal.start().await?;
    let pid = running.id().context("the portal's pid")?.to_string();
    let mut browsers = Vec::with_capacity(clients);
    for mobile in &mobiles {
        browsers.push(Arc::new(
            Browser::log_in(&portal.url, mobile, PASSWORD).await?,
        ));
    }
    let submit_new = |browser: Arc<Browser>, _, _| async move {
        let (action, key) = browser.open_form().await?;
        let at = Instant::now();
        browser.post_new(&action, &key, "submit").await?;
        Ok(Some(at.elapsed()))
    };
    warm_up(&browsers, move |browser| async move {
        submit_new(browser, 0, 0).await.map(|_| ())
    })
    .await?;
    eprintln!("with attachments: {clients} browsers for {secs} s");
    let (files, files_cpu) = closed_loop(&browsers[..], &pid, secs, submit_new).await?;

    // Each citizen saves one draft through the portal; it is copied many times.
    let mut templates = Vec::with_capacity(clients);
    for browser in &browsers {
        let (action, key) = browser.open_form().await?;
        templates.push(browser.post_new(&action, &key, "save").await?);
    }
    stop(running).await?;
    let drafts = drafts::copy(&pool, &templates, copies).await?;
    let (answers, answered, session_id): (String, i32, String) = sqlx::query_as(
        "select c.answers::text, c.answered_count, (select id from tower_sessions.session limit 1)
         from cases c where c.id = $1",
    )
    .bind(templates[0])
    .fetch_one(&pool)
    .await?;
    let drafts_before: i64 = sqlx::query_scalar("select count(*) from bench_drafts")
        .fetch_one(&pool)
        .await?;
    let mut queues = Vec::with_capacity(clients);
    for template in &templates {
        let account: Uuid =
            sqlx::query_scalar("select applicant_account_id from cases where id = $1")
                .bind(template)
                .fetch_one(&pool)
                .await?;
        queues.push(std::sync::Mutex::new(
            drafts.get(&account).cloned().unwrap_or_default(),
        ));
    }
    let queues = Arc::new(queues);
    pool.close().await;
    // pgbench's copy: the same drafts and sessions, before any of them is submitted.
    let copy = processes::fresh_database(server, DATABASES[1], Some(DATABASES[0])).await?;

    settle(&database).await?;
    let running = portal.start().await?;
    let pid = running.id().context("the portal's pid")?.to_string();
    let submit_draft = move |browser: Arc<Browser>, index: usize, _| {
        let queues = queues.clone();
        async move {
            let next = queues[index].lock().map_err(|_| anyhow!("lock"))?.pop();
            let Some(case) = next else { return Ok(None) };
            let at = Instant::now();
            browser.submit_draft(case).await?;
            Ok(Some(at.elapsed()))
        }
    };
    let warm = submit_draft.clone();
    let indexed: Vec<(usize, Arc<Browser>)> = browsers.iter().cloned().enumerate().collect();
    warm_up(&indexed, move |(index, browser)| {
        let warm = warm.clone();
        async move {
            warm(browser, index, 0)
                .await?
                .context("no draft to warm up with")?;
            Ok(())
        }
    })
    .await?;
    eprintln!("without attachments: {clients} browsers for {secs} s");
    let (plain, plain_cpu) = closed_loop(&browsers[..], &pid, secs, submit_draft).await?;
    stop(running).await?;
    let pool = PgPool::connect(&database).await?;
    let (cases, complete) = drafts::submitted(&pool).await?;
    pool.close().await;

    settle(&copy).await?;
    eprintln!("pgbench: {clients} clients for {secs} s");
    let values = script::Values {
        session_id,
        answers,
        answered,
        drafts_before,
    };
    let reference = pgbench::run(&pgbench::Params {
        binary: &var("BENCH_PGBENCH", "pgbench"),
        url: &copy,
        dir,
        name: "submit.sql",
        script: script::SUBMIT,
        defines: &script::defines(&values),
        secs,
        clients,
        rate: None,
        warmup: 0,
    })
    .await?;
    let copy_pool = PgPool::connect(&copy).await?;
    let (pg_cases, pg_complete) = drafts::submitted(&copy_pool).await?;
    copy_pool.close().await;

    let ratio = plain.rate() / reference.run.rate();
    let met = |yes: bool| if yes { "met" } else { "not met" };
    println!();
    println!("submit over HTTP against pgbench ({clients} clients, {secs} s each, GA-004, dispatcher off)");
    println!("{}", plain.line("portal, without attachments", "submits/s"));
    println!("{}", portal_cpu_line(&plain, plain_cpu));
    println!(
        "{}",
        files.line("portal, with 3 PDFs (6.5 kB)", "submits/s")
    );
    println!("{}", portal_cpu_line(&files, files_cpu));
    println!(
        "{}",
        reference.run.line("pgbench, same SQL as without", "tps")
    );
    println!("{}", reference.run.cpu_line("", "submit"));
    println!(
        "  {:<34}{ratio:>7.2}×  (target ≥ 0.5×: {})    p99 without attachments < 50 ms: {}",
        "ratio portal/pgbench",
        met(ratio >= 0.5),
        met(plain.p(99.0) < 50.0)
    );
    println!(
        "  cases submitted through the portal: {cases} (warm-up included), each with its submit event and outbox row: {}",
        if complete { "yes" } else { "NO" }
    );
    println!(
        "  cases submitted by pgbench: {pg_cases}, each with its submit event and outbox row: {}",
        if pg_complete { "yes" } else { "NO" }
    );
    println!(
        "  pgbench latency average {:.1} ms; per statement (ms, pgbench -r):",
        reference.latency_avg_ms
    );
    for line in &reference.statements {
        println!("    {line}");
    }
    println!(
        "  pgbench script, outputs and the portal's log in {}",
        dir.display()
    );
    if !(complete && pg_complete) {
        bail!("a submitted case lacks its event or its outbox row");
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
    let dir = std::env::temp_dir().join("bench-submit");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let result = bench(&server, &dir).await;
    processes::drop_databases(&server, &DATABASES).await?;
    result.map_err(|error| anyhow!("{error:#} (logs in {})", dir.display()))
}
