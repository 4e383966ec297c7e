//! What a closed-loop benchmark run measured, and where its CPU went (Linux `/proc`): the
//! client (this process, or pgbench) and the whole machine, so a rate can be read against the
//! cores. Shared by the benchmark drivers through `#[path]` (an example cannot depend on another).
#![allow(dead_code)] // each driver uses its part

/// One closed-loop run's result.
pub struct Run {
    /// Transactions (orders, submits…) completed.
    pub count: usize,
    pub secs: f64,
    /// Milliseconds, sorted.
    pub latencies: Vec<f64>,
    /// CPU seconds of the client (this process, or pgbench) and of the whole machine.
    pub client_cpu: f64,
    pub machine_cpu: f64,
}

impl Run {
    pub fn rate(&self) -> f64 {
        self.count as f64 / self.secs
    }
    pub fn p(&self, p: f64) -> f64 {
        percentile(&self.latencies, p)
    }
    pub fn line(&self, label: &str, unit: &str) -> String {
        format!(
            "  {label:<34}{:>8.0} {unit:<10}p50 {:>6.1} ms   p99 {:>6.1} ms   max {:>6.1} ms",
            self.rate(),
            self.p(50.0),
            self.p(99.0),
            self.latencies.last().copied().unwrap_or(f64::NAN)
        )
    }
    /// `what`: one transaction's name ("order", "submit").
    pub fn cpu_line(&self, label: &str, what: &str) -> String {
        let per = |secs: f64| secs * 1e6 / self.count.max(1) as f64;
        format!(
            "  {label:<34}CPU per {what}: client {:>5.0} µs, rest of machine {:>5.0} µs; machine busy {:>3.0} % of {} cores",
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

pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// CPU seconds process `pid` ("self" for this one) has used (utime + stime, `/proc/…/stat`).
pub fn process_cpu(pid: &str) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
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

/// CPU seconds this process has used.
pub fn own_cpu() -> f64 {
    process_cpu("self")
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
