//! The driver of `.ci/bench-identity` (prints numbers; not a test): registration with an SMS
//! code, and a staff login with a TOTP second factor, each by BENCH_CLIENTS (64) concurrent
//! clients, closed loop, for BENCH_SECS (10) seconds against the real portal (in this process,
//! on a fresh database, with the reference SMS gateway), over HTTP as a browser does:
//! - registration: GET /register, POST /register/code, the code read from the gateway once
//!   the portal's SMS worker delivered it, POST /register (argon2id hash);
//! - staff login: GET /login, POST /login (argon2id verify), GET /login/second-factor,
//!   POST /login/second-factor with the authenticator's code (each account signs in once:
//!   a code's step works once).
//!
//! Prints flows/s, p50/p99 of the whole flow and of its hashing request alone, the CPU per
//! flow (this process: portal and clients; and the whole machine), and what one argon2id hash
//! costs on one core, so the share of hashing shows.
//!
//! Environment: DATABASE_URL (a server it may create databases on), BENCH_SECS (10),
//! BENCH_CLIENTS (64), PORTAL_HASHING_PERMITS (default: one per core).
#![allow(clippy::expect_used, clippy::unwrap_used)]
use portal_test_support::{extract_csrf, spawn_app_with, Options, TestApp, PASSWORD, TOTP_SECRET};
use reqwest::StatusCode;
use std::time::{Duration, Instant};

fn var(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// CPU seconds of this process (utime + stime) and of the whole machine (all but idle).
fn cpu() -> (f64, f64) {
    let own = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<u64> = own
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0))
        .collect();
    let own = (fields.get(11).unwrap_or(&0) + fields.get(12).unwrap_or(&0)) as f64 / 100.0;
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let ticks: Vec<u64> = stat
        .lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .skip(1)
        .filter_map(|t| t.parse().ok())
        .collect();
    let idle = ticks.get(3).unwrap_or(&0) + ticks.get(4).unwrap_or(&0);
    let machine = (ticks.iter().take(8).sum::<u64>() - idle) as f64 / 100.0;
    (own, machine)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Milliseconds of each whole flow and of its hashing request.
#[derive(Default)]
struct Timings {
    flows: Vec<f64>,
    hashing: Vec<f64>,
}

fn report(label: &str, mut t: Timings, secs: f64, cpu_before: (f64, f64), hash_ms: f64) {
    let cpu_after = cpu();
    t.flows.sort_by(f64::total_cmp);
    t.hashing.sort_by(f64::total_cmp);
    let n = t.flows.len().max(1) as f64;
    let own_ms = (cpu_after.0 - cpu_before.0) * 1000.0 / n;
    let machine_ms = (cpu_after.1 - cpu_before.1) * 1000.0 / n;
    println!(
        "  {label:<34}{:>7.1} /s   flow p50 {:>6.1} ms  p99 {:>7.1} ms   hashing request p50 {:>6.1} ms  p99 {:>7.1} ms",
        t.flows.len() as f64 / secs,
        percentile(&t.flows, 50.0),
        percentile(&t.flows, 99.0),
        percentile(&t.hashing, 50.0),
        percentile(&t.hashing, 99.0),
    );
    println!(
        "  {:<34}CPU per flow: this process (portal + clients) {own_ms:>5.1} ms, whole machine {machine_ms:>5.1} ms; one argon2id hash {hash_ms:.1} ms of it ({:.0} %)",
        "",
        100.0 * hash_ms / machine_ms.max(f64::MIN_POSITIVE)
    );
}

async fn token(browser: &TestApp, path: &str) -> String {
    let (_, html) = browser.get_html(path).await;
    extract_csrf(&html).expect("a CSRF token")
}

async fn post(browser: &TestApp, path: &str, fields: &[(&str, &str)], token: &str) -> StatusCode {
    let mut body = fields.to_vec();
    body.push(("csrf_token", token));
    browser
        .client
        .post(browser.url(path))
        .form(&body)
        .send()
        .await
        .expect("POST")
        .status()
}

/// A valid resident ID number (GB 11643) and a mobile, distinct for each `n`.
fn person(n: u64) -> (String, String) {
    // A birth date a day apart for every thousand people, then a sequence number.
    let born = chrono::NaiveDate::from_ymd_opt(1950, 1, 1).unwrap() + chrono::Days::new(n / 1000);
    let first = format!("350102{}{:03}", born.format("%Y%m%d"), n % 1000);
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first
        .bytes()
        .zip(weights)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    (format!("{first}{check}"), format!("137{n:08}"))
}

async fn registrations(app: &TestApp, clients: u64, secs: u64) -> Timings {
    let until = Instant::now() + Duration::from_secs(secs);
    let mut tasks = tokio::task::JoinSet::new();
    for client in 0..clients {
        let app = app.other_browser();
        tasks.spawn(async move {
            let mut t = Timings::default();
            let mut i = 0;
            while Instant::now() < until {
                let (id, mobile) = person(client * 10_000 + i);
                i += 1;
                let browser = app.other_browser();
                let started = Instant::now();
                let form = token(&browser, "/register").await;
                let sent = post(&browser, "/register/code", &[("mobile", &mobile)], &form).await;
                assert_eq!(sent, StatusCode::OK, "code sent");
                let code = browser.sms.code(&mobile, 1).await;
                let hashing = Instant::now();
                let fields = [
                    ("real_name", "测试用户"),
                    ("id_number", id.as_str()),
                    ("mobile", mobile.as_str()),
                    ("code", code.as_str()),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                ];
                let registered = post(&browser, "/register", &fields, &form).await;
                assert_eq!(registered, StatusCode::SEE_OTHER, "registered");
                t.hashing.push(hashing.elapsed().as_secs_f64() * 1000.0);
                t.flows.push(started.elapsed().as_secs_f64() * 1000.0);
            }
            t
        });
    }
    collect(tasks).await
}

async fn staff_logins(app: &TestApp, clients: u64, secs: u64, accounts: u64) -> Timings {
    let until = Instant::now() + Duration::from_secs(secs);
    let per_client = accounts / clients;
    let mut tasks = tokio::task::JoinSet::new();
    for client in 0..clients {
        let app = app.other_browser();
        tasks.spawn(async move {
            let mut t = Timings::default();
            for i in 0..per_client {
                if Instant::now() >= until {
                    break;
                }
                let username = format!("bench.{}", client * per_client + i);
                let browser = app.other_browser();
                let started = Instant::now();
                let form = token(&browser, "/login").await;
                let hashing = Instant::now();
                let fields = [("account", username.as_str()), ("password", PASSWORD)];
                assert_eq!(
                    post(&browser, "/login", &fields, &form).await,
                    StatusCode::SEE_OTHER
                );
                t.hashing.push(hashing.elapsed().as_secs_f64() * 1000.0);
                let form = token(&browser, "/login/second-factor").await;
                let code = app::core::identity::totp::code_at(
                    app::core::identity::totp::Algorithm::Sha1,
                    TOTP_SECRET,
                    chrono::Utc::now().timestamp(),
                    app::core::identity::totp::DIGITS,
                );
                let passed =
                    post(&browser, "/login/second-factor", &[("code", &code)], &form).await;
                assert_eq!(passed, StatusCode::SEE_OTHER, "signed in");
                t.flows.push(started.elapsed().as_secs_f64() * 1000.0);
            }
            t
        });
    }
    collect(tasks).await
}

async fn collect(mut tasks: tokio::task::JoinSet<Timings>) -> Timings {
    let mut all = Timings::default();
    while let Some(done) = tasks.join_next().await {
        let t = done.expect("a client");
        all.flows.extend(t.flows);
        all.hashing.extend(t.hashing);
    }
    all
}

/// Staff accounts `bench.0` … with the test password (hashed once) and the shared second
/// factor.
async fn staff_accounts(app: &TestApp, count: u64) {
    let hash = app::core::passwords::hash(PASSWORD.to_string())
        .await
        .expect("hash");
    let ids: Vec<uuid::Uuid> = sqlx::query_scalar(
        "insert into accounts (role, username, display_name, department_code, password_hash)
         select 'clerk', 'bench.' || n, '测试', 'GA', $1 from generate_series(0, $2 - 1) n
         returning id",
    )
    .bind(hash)
    .bind(i64::try_from(count).expect("count"))
    .fetch_all(&app.pool)
    .await
    .expect("staff accounts");
    for id in ids {
        app::core::identity::second_factor::enrol_known_secret(&app.pool, id, TOTP_SECRET)
            .await
            .expect("second factor");
    }
}

#[tokio::main]
async fn main() {
    let secs = var("BENCH_SECS", 10);
    let clients = var("BENCH_CLIENTS", 64);
    let mut options = Options::default();
    // Every client comes from 127.0.0.1: the per-address budgets stand for many people here.
    options.registration.max_per_address = i64::MAX;
    options.throttle.max_per_address = i64::MAX;
    options.hashing_permits = std::env::var("PORTAL_HASHING_PERMITS")
        .ok()
        .and_then(|v| v.parse().ok());
    let app = spawn_app_with(options).await;
    // Enough accounts that no client runs out within the time (each signs in once).
    let accounts = clients * 200;
    staff_accounts(&app, accounts).await;

    // What one hash costs on one core, the unit of the flows' CPU.
    let (before, started) = (cpu().0, Instant::now());
    for _ in 0..5 {
        app::core::passwords::hash(PASSWORD.to_string())
            .await
            .expect("hash");
    }
    let hash_ms = (cpu().0 - before) * 1000.0 / 5.0;
    let wall_ms = started.elapsed().as_secs_f64() * 1000.0 / 5.0;
    println!(
        "identity under {clients} concurrent clients for {secs} s each ({} cores); one argon2id hash: {hash_ms:.1} ms CPU, {wall_ms:.1} ms wall",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );

    let before = cpu();
    let started = Instant::now();
    let t = registrations(&app, clients, secs).await;
    report(
        "registration with an SMS code",
        t,
        started.elapsed().as_secs_f64(),
        before,
        hash_ms,
    );

    let before = cpu();
    let started = Instant::now();
    let t = staff_logins(&app, clients, secs, accounts).await;
    report(
        "staff login with TOTP",
        t,
        started.elapsed().as_secs_f64(),
        before,
        hash_ms,
    );
}
