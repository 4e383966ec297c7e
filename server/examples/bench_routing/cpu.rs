//! Where a phase's CPU goes (Linux `/proc`): the portal, the reference backend, every PostgreSQL
//! process, and the whole machine — so a throughput number can be read against the cores it had.
use std::time::Instant;

/// Clock ticks per second of `/proc` times (USER_HZ, 100 on Linux for every common platform).
const TICKS_PER_SEC: f64 = 100.0;

/// CPU ticks used so far, per part.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sample {
    portal: u64,
    backend: u64,
    postgres: u64,
    machine_busy: u64,
    at: Option<Instant>,
}

/// utime + stime of one process (fields 14 and 15 of its stat, counted after the `(comm)`).
fn process_ticks(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let (_, after_comm) = stat.rsplit_once(')')?;
            let fields: Vec<&str> = after_comm.split_whitespace().collect();
            let user: u64 = fields.get(11)?.parse().ok()?;
            let system: u64 = fields.get(12)?.parse().ok()?;
            Some(user + system)
        })
        .unwrap_or(0)
}

/// Every process whose command name is `postgres` (the servers of both databases).
fn postgres_ticks() -> u64 {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .is_ok_and(|comm| comm.trim() == "postgres")
        })
        .map(process_ticks)
        .sum()
}

/// Busy ticks of all cores together: user, nice, system, irq, softirq and steal.
fn machine_busy_ticks() -> u64 {
    std::fs::read_to_string("/proc/stat")
        .ok()
        .and_then(|stat| {
            let line = stat.lines().next()?;
            let values: Vec<u64> = line
                .split_whitespace()
                .skip(1)
                .filter_map(|v| v.parse().ok())
                .collect();
            // user nice system idle iowait irq softirq steal
            Some(
                [0, 1, 2, 5, 6, 7]
                    .iter()
                    .filter_map(|&i| values.get(i))
                    .sum(),
            )
        })
        .unwrap_or(0)
}

pub fn sample(portal: Option<u32>, backend: Option<u32>) -> Sample {
    Sample {
        portal: portal.map_or(0, process_ticks),
        backend: backend.map_or(0, process_ticks),
        postgres: postgres_ticks(),
        machine_busy: machine_busy_ticks(),
        at: Some(Instant::now()),
    }
}

/// "CPU per delivery: …" between two samples, for `deliveries` deliveries.
pub fn per_delivery(before: &Sample, after: &Sample, deliveries: f64) -> String {
    let ms = |ticks: u64| ticks as f64 / TICKS_PER_SEC * 1000.0 / deliveries.max(1.0);
    let wall = match (before.at, after.at) {
        (Some(b), Some(a)) => a.duration_since(b).as_secs_f64(),
        _ => f64::NAN,
    };
    let cores = std::thread::available_parallelism().map_or(1, usize::from) as f64;
    let busy = after.machine_busy.saturating_sub(before.machine_busy) as f64 / TICKS_PER_SEC;
    format!(
        "CPU per delivery: portal {:.1} ms, backend {:.1} ms, PostgreSQL {:.1} ms, whole machine {:.1} ms; machine busy {:.0}% of {cores} cores",
        ms(after.portal.saturating_sub(before.portal)),
        ms(after.backend.saturating_sub(before.backend)),
        ms(after.postgres.saturating_sub(before.postgres)),
        ms(after.machine_busy.saturating_sub(before.machine_busy)),
        100.0 * busy / (wall * cores),
    )
}
