//! What a closed-loop run measured, and where its CPU went (Linux `/proc`): the client
//! (this process, or pgbench) and the whole machine, so a rate can be read against the cores;
//! and what a run left in its database.
use super::SUBSIDY_FEN;
use sqlx::{Executor, PgPool};

/// One closed-loop run's result.
pub struct Run {
    pub orders: usize,
    pub secs: f64,
    /// Milliseconds, sorted.
    pub latencies: Vec<f64>,
    /// CPU seconds of the client (this process, or pgbench) and of the whole machine.
    pub client_cpu: f64,
    pub machine_cpu: f64,
}

impl Run {
    pub fn rate(&self) -> f64 {
        self.orders as f64 / self.secs
    }
    pub fn p(&self, p: f64) -> f64 {
        percentile(&self.latencies, p)
    }
    pub fn line(&self, label: &str, unit: &str) -> String {
        format!(
            "  {label:<30}{:>8.0} {unit:<10}p50 {:>6.1} ms   p99 {:>6.1} ms   max {:>6.1} ms",
            self.rate(),
            self.p(50.0),
            self.p(99.0),
            self.latencies.last().copied().unwrap_or(f64::NAN)
        )
    }
    pub fn cpu_line(&self, label: &str) -> String {
        let per = |secs: f64| secs * 1e6 / self.orders.max(1) as f64;
        format!(
            "  {label:<30}CPU per order: client {:>5.0} µs, rest of machine {:>5.0} µs; machine busy {:>3.0} % of {} cores",
            per(self.client_cpu),
            per(self.machine_cpu - self.client_cpu),
            100.0 * self.machine_cpu / self.secs / cores() as f64,
            cores()
        )
    }
}

pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    // Nearest rank.
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// CPU seconds this process has used (utime + stime, `/proc/self/stat`).
pub fn own_cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    (ticks(11) + ticks(12)) as f64 / 100.0
}

/// Busy CPU seconds of the whole machine, all cores (`/proc/stat`: all but idle and iowait).
pub fn machine_cpu() -> f64 {
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
    (ticks.iter().take(8).sum::<u64>() - idle) as f64 / 100.0
}

/// Before a run: no dead rows left by seeding or by the run before (autovacuum may be off,
/// and the programme row is rewritten by every order), statistics, a fresh checkpoint.
pub async fn settle(admin: &PgPool) -> anyhow::Result<()> {
    admin.execute("vacuum analyze").await?;
    let _ = admin.execute("checkpoint").await; // needs a superuser or pg_checkpoint
    Ok(())
}

/// The size of the programme's table (one live row, a new version per order) after a run.
pub async fn programme_kb(admin: &PgPool) -> anyhow::Result<i64> {
    Ok(
        sqlx::query_scalar("select pg_relation_size('voucher_programmes') / 1024")
            .fetch_one(admin)
            .await?,
    )
}

/// A run's database adds up: its reserve rows are the run's orders, and their sum is the
/// programme's reserved total and the enterprises' (`voucher_usage`).
pub async fn ledger(pool: &PgPool, orders: usize) -> anyhow::Result<(bool, String)> {
    let (rows, ledger, reserved, usage): (i64, i64, i64, i64) = sqlx::query_as(
        "select (select count(*) from voucher_ledger where movement = 'reserve'),
                (select coalesce(sum(amount_fen), 0)::bigint from voucher_ledger where movement = 'reserve'),
                (select reserved_fen from voucher_programmes),
                (select coalesce(sum(reserved_fen), 0)::bigint from voucher_usage)",
    )
    .fetch_one(pool)
    .await?;
    let adds_up = rows == orders as i64
        && ledger == rows * SUBSIDY_FEN
        && reserved == ledger
        && usage == ledger;
    let yuan = |fen: i64| format!("¥{}.{:02}", fen / 100, fen % 100);
    let text = format!(
        "{rows} reserve rows for {orders} orders, {} = programme {} = enterprises {}: {}",
        yuan(ledger),
        yuan(reserved),
        yuan(usage),
        if adds_up {
            "adds up"
        } else {
            "DOES NOT ADD UP"
        }
    );
    Ok((adds_up, text))
}
