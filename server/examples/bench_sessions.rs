//! The driver of `.ci/bench-sessions` (prints numbers; not a test): BENCH_SESSIONS (1,000)
//! citizens logged in at once, each browsing the portal (home, catalogue, my applications,
//! account, notifications, marketplace) with a think time of about BENCH_THINK_MS (1,000 ms)
//! between pages, for BENCH_SECS (30) seconds, against the release portal running as its own
//! process (BENCH_PORTAL_PID, at BENCH_URL), so its resident memory is the portal's alone.
//!
//! Prints the portal's RSS at rest, after the logins and at its peak while browsing (sampled
//! every 100 ms, and the kernel's high-water mark), requests per second, and p50/p99 per page.
//!
//! Environment: DATABASE_URL (the portal's database: the citizens are added to it, sharing the
//! demo citizen's password hash), BENCH_URL, BENCH_PORTAL_PID.
#![allow(clippy::expect_used, clippy::unwrap_used)]
use portal_test_support::extract_csrf;
use rand::Rng;
use reqwest::{redirect, Client, StatusCode};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

const PAGES: &[&str] = &[
    "/",
    "/services",
    "/cases",
    "/account",
    "/notifications",
    "/market",
];
const PASSWORD: &str = "Demo-Portal-2026";

fn var(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// (VmRSS, VmHWM) of the process in MB.
fn rss(pid: &str) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(redirect::Policy::none())
        .timeout(Duration::from_secs(120))
        .build()
        .expect("client")
}

async fn log_in(base: &str, mobile: &str) -> Client {
    let client = client();
    let page = client
        .get(format!("{base}/login"))
        .send()
        .await
        .expect("GET /login")
        .text()
        .await
        .expect("login page");
    let token = extract_csrf(&page).expect("a CSRF token");
    let response = client
        .post(format!("{base}/login"))
        .form(&[
            ("account", mobile),
            ("password", PASSWORD),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .expect("POST /login");
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{mobile} logs in");
    client
}

#[tokio::main]
async fn main() {
    let sessions = var("BENCH_SESSIONS", 1000) as usize;
    let secs = var("BENCH_SECS", 30);
    let think_ms = var("BENCH_THINK_MS", 1000);
    let base = std::env::var("BENCH_URL").expect("BENCH_URL");
    let pid = std::env::var("BENCH_PORTAL_PID").expect("BENCH_PORTAL_PID");
    let database = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let pool = sqlx::PgPool::connect(&database).await.expect("database");

    // The citizens: people of their own with the demo citizen's password (one hash for all).
    sqlx::query(
        "insert into people (real_name, id_number, mobile)
         select '会话' || n, lpad((110101199001010000 + n)::text, 18, '0'), (13700000000 + n)::text
         from generate_series(1, $1) n
         on conflict do nothing",
    )
    .bind(sessions as i64)
    .execute(&pool)
    .await
    .expect("people");
    sqlx::query(
        "insert into accounts (role, display_name, person_id, password_hash)
         select 'citizen', p.real_name, p.id,
                (select a.password_hash from accounts a join people d on d.id = a.person_id
                 where d.mobile = '13800138000')
         from people p
         where p.mobile like '1370%' and not exists (select 1 from accounts a where a.person_id = p.id)",
    )
    .execute(&pool)
    .await
    .expect("accounts");

    let (rest, _) = rss(&pid);
    println!("  portal RSS at rest (demo loaded): {rest:.1} MB");

    // Logins through the hashing permits, a few at a time (each is one argon2id verify).
    let started = Instant::now();
    let gate = Arc::new(Semaphore::new(8));
    let mut logins = Vec::with_capacity(sessions);
    for n in 1..=sessions {
        let gate = gate.clone();
        let base = base.clone();
        logins.push(tokio::spawn(async move {
            let _permit = gate.acquire().await.expect("permit");
            log_in(&base, &(13_700_000_000u64 + n as u64).to_string()).await
        }));
    }
    let mut clients = Vec::with_capacity(sessions);
    for login in logins {
        clients.push(login.await.expect("login task"));
    }
    let (after_login, _) = rss(&pid);
    println!(
        "  {sessions} sessions logged in in {:.1} s; portal RSS {after_login:.1} MB",
        started.elapsed().as_secs_f64()
    );

    // Browsing: each session a page, a think time, the next page, until the time is up.
    let deadline = Instant::now() + Duration::from_secs(secs);
    let sampler = {
        let pid = pid.clone();
        tokio::spawn(async move {
            let mut peak = 0f64;
            while Instant::now() < deadline {
                peak = peak.max(rss(&pid).0);
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            peak
        })
    };
    let mut tasks = Vec::with_capacity(sessions);
    for (n, client) in clients.into_iter().enumerate() {
        let base = base.clone();
        tasks.push(tokio::spawn(async move {
            let mut timings: Vec<(usize, f64, bool)> = Vec::new();
            // Sessions start spread over one think time, not all in the same millisecond.
            let offset = rand::thread_rng().gen_range(0..think_ms.max(1));
            tokio::time::sleep(Duration::from_millis(offset)).await;
            let mut page = n % PAGES.len();
            while Instant::now() < deadline {
                let sent = Instant::now();
                let ok = match client.get(format!("{base}{}", PAGES[page])).send().await {
                    Ok(response) => {
                        let ok = response.status() == StatusCode::OK;
                        let _ = response.bytes().await;
                        ok
                    }
                    Err(_) => false,
                };
                timings.push((page, sent.elapsed().as_secs_f64() * 1000.0, ok));
                page = (page + 1) % PAGES.len();
                let think = rand::thread_rng().gen_range(think_ms / 2..=think_ms * 3 / 2);
                tokio::time::sleep(Duration::from_millis(think)).await;
            }
            timings
        }));
    }
    let mut by_page: BTreeMap<usize, Vec<f64>> = BTreeMap::new();
    let mut failed = 0usize;
    let mut total = 0usize;
    for task in tasks {
        for (page, ms, ok) in task.await.expect("session task") {
            total += 1;
            if !ok {
                failed += 1;
            }
            by_page.entry(page).or_default().push(ms);
        }
    }
    let peak = sampler.await.expect("sampler");
    let (end, high_water) = rss(&pid);
    println!(
        "  browsing {secs} s: {total} pages ({:.0}/s), {failed} not 200; portal RSS peak {peak:.1} MB (high-water {high_water:.1} MB, at the end {end:.1} MB; target < 150 MB)",
        total as f64 / secs as f64
    );
    for (page, mut ms) in by_page {
        ms.sort_by(f64::total_cmp);
        println!(
            "    {:<16} {:>6} requests  p50 {:>7.1} ms  p99 {:>7.1} ms",
            PAGES[page],
            ms.len(),
            percentile(&ms, 50.0),
            percentile(&ms, 99.0)
        );
    }
}
