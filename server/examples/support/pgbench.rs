//! pgbench as a benchmark's reference: a script of SQL statements run by `clients` connections,
//! closed loop (or at a given rate), for `secs`, prepared protocol; every transaction's latency from pgbench's logs,
//! the per-statement latencies (`-r`), the CPU pgbench itself used (through bash's `times`) and
//! the machine's. Shared by the benchmark drivers through `#[path]`.
use super::run::{machine_cpu, Run};
use anyhow::{bail, Context};
use std::path::Path;
use std::time::Instant;

pub struct Params<'a> {
    pub binary: &'a str,
    pub url: &'a str,
    /// Where the script, the output and the logs go.
    pub dir: &'a Path,
    /// The script's file name, and the script.
    pub name: &'a str,
    pub script: &'a str,
    /// Variables the script reads (`-D name=value`).
    pub defines: &'a [(&'a str, String)],
    pub secs: u64,
    pub clients: usize,
    /// Open loop: transactions started per second in all, at random (`-R`); a transaction's
    /// latency then counts from when it was due. `None`: closed loop.
    pub rate: Option<u32>,
    /// Seconds at the start whose transactions are run but not counted (new connections
    /// preparing their statements); 0 counts all.
    pub warmup: u64,
}

pub struct Outcome {
    pub run: Run,
    /// Every transaction run, the warm-up's too.
    #[allow(dead_code)] // each driver uses its part
    pub processed: usize,
    pub latency_avg_ms: f64,
    /// pgbench -r's lines: average latency, failures, the statement's first line.
    pub statements: Vec<String>,
}

fn value_after<'a>(output: &'a str, prefix: &str) -> Option<&'a str> {
    output
        .lines()
        .find_map(|l| l.trim().strip_prefix(prefix))
        .and_then(|rest| rest.split_whitespace().next())
}

/// `times`' children line ("0m1.234s 0m0.567s"): user + system seconds.
fn children_cpu(line: &str) -> Option<f64> {
    line.split_whitespace()
        .map(|t| {
            let (m, s) = t.trim_end_matches('s').split_once('m')?;
            Some(m.parse::<f64>().ok()? * 60.0 + s.parse::<f64>().ok()?)
        })
        .sum()
}

pub async fn run(p: &Params<'_>) -> anyhow::Result<Outcome> {
    let script = p.dir.join(p.name);
    std::fs::write(&script, p.script)?;
    let log_prefix = p
        .dir
        .join(format!("{}_log", p.name.trim_end_matches(".sql")));
    let mut args: Vec<String> = [
        "-n",
        "--protocol=prepared",
        "-r",
        "-P",
        "5",
        "-l",
        "-j",
        "2",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend([
        "-c".into(),
        p.clients.to_string(),
        "-T".into(),
        p.secs.to_string(),
        "-f".into(),
        script.display().to_string(),
        "--log-prefix".into(),
        log_prefix.display().to_string(),
    ]);
    if let Some(rate) = p.rate {
        args.extend(["-R".into(), rate.to_string()]);
    }
    for (name, value) in p.defines {
        args.extend(["-D".to_string(), format!("{name}={value}")]);
    }
    args.push(p.url.to_string());
    // Through bash for `times`: the CPU pgbench (the client) used.
    let machine0 = machine_cpu();
    let started = Instant::now();
    let out = tokio::process::Command::new("bash")
        .args(["-c", r#""$0" "$@"; s=$?; times; exit $s"#, p.binary])
        .args(&args)
        .current_dir(p.dir)
        .output()
        .await
        .with_context(|| format!("running {}", p.binary))?;
    let elapsed = started.elapsed().as_secs_f64();
    let machine = machine_cpu() - machine0;
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let output = p
        .dir
        .join(format!("{}.out", p.name.trim_end_matches(".sql")));
    std::fs::write(output, format!("{stdout}\n{stderr}"))?;
    if !out.status.success() || stderr.contains("aborted") {
        bail!("pgbench failed ({}):\n{stdout}\n{stderr}", out.status);
    }
    let processed: usize = value_after(&stdout, "number of transactions actually processed:")
        .and_then(|v| v.split('/').next()?.parse().ok())
        .context("pgbench: transactions processed")?;
    let tps: f64 = value_after(&stdout, "tps =")
        .and_then(|v| v.parse().ok())
        .context("pgbench: tps")?;
    let latency_avg_ms: f64 = value_after(&stdout, "latency average =")
        .and_then(|v| v.parse().ok())
        .context("pgbench: latency average")?;
    let client_cpu = stdout
        .lines()
        .last()
        .and_then(children_cpu)
        .context("pgbench: times")?;
    let statements: Vec<String> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("statement latencies"))
        .skip(1)
        .take_while(|l| {
            l.split_whitespace()
                .next()
                .is_some_and(|f| f.parse::<f64>().is_ok())
        })
        .map(|l| l.trim().chars().take(110).collect())
        .collect();
    // Every transaction's latency (µs, the third field) from the per-thread logs.
    let prefix = format!(
        "{}.",
        log_prefix
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
    );
    // Every transaction: its latency (µs, the third field) and when it ended (fifth and sixth).
    let mut ended = Vec::with_capacity(processed);
    for entry in std::fs::read_dir(p.dir)? {
        let path = entry?.path();
        if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(&prefix))
        {
            for line in std::fs::read_to_string(&path)?.lines() {
                let fields: Vec<f64> = line
                    .split_whitespace()
                    .map(|f| f.parse::<f64>().unwrap_or(f64::NAN))
                    .collect();
                if let (Some(us), Some(s), Some(s_us)) =
                    (fields.get(2), fields.get(4), fields.get(5))
                {
                    ended.push((s + s_us / 1e6, us / 1000.0));
                }
            }
        }
    }
    if ended.len() != processed {
        bail!(
            "pgbench logged {} transactions, reported {processed}",
            ended.len()
        );
    }
    let first = ended.iter().map(|e| e.0).fold(f64::INFINITY, f64::min);
    let mut latencies: Vec<f64> = ended
        .iter()
        .filter(|e| e.0 >= first + p.warmup as f64)
        .map(|e| e.1)
        .collect();
    let counted = latencies.len();
    latencies.sort_by(f64::total_cmp);
    Ok(Outcome {
        run: Run {
            count: counted,
            // pgbench's own duration (without connecting), as its tps is counted.
            secs: processed as f64 / tps - p.warmup as f64,
            latencies,
            client_cpu,
            machine_cpu: machine * (processed as f64 / tps - p.warmup as f64) / elapsed,
        },
        processed,
        latency_avg_ms,
        statements,
    })
}
