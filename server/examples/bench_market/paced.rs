//! The portal at a given rate instead of flat out: orders fall due at random (exponential gaps,
//! as pgbench `-R` schedules them) and the 64 tasks take them in turn; an order's latency counts
//! from when it was due, so time spent waiting for a free task is in it. Orders due in the first
//! `warmup` are placed but not counted (as the pgbench run drops its first seconds); the run
//! and how many orders were placed in all.
use super::place_one;
use crate::run::{machine_cpu, own_cpu, Run};
use app::actors::EnterpriseAgent;
use sqlx::PgPool;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;

pub async fn portal(
    pool: &PgPool,
    agents: &Arc<Vec<EnterpriseAgent>>,
    listing: Uuid,
    secs: u64,
    warmup: u64,
    rate: u32,
    tasks: usize,
) -> anyhow::Result<(Run, usize)> {
    // When each order falls due, from the start.
    let mut due = Vec::new();
    let mut at = 0.0_f64;
    loop {
        let uniform: f64 = rand::random::<f64>().max(f64::MIN_POSITIVE);
        at += -uniform.ln() / f64::from(rate);
        if at >= (warmup + secs) as f64 {
            break;
        }
        due.push(Duration::from_secs_f64(at));
    }
    let due = Arc::new(due);
    let next = Arc::new(AtomicUsize::new(0));
    let started = tokio::time::Instant::now();
    let warm = started + Duration::from_secs(warmup);
    let cpu_at_start = tokio::spawn(async move {
        tokio::time::sleep_until(warm).await;
        (own_cpu(), machine_cpu())
    });
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..tasks {
        let (pool, agents, due, next) = (pool.clone(), agents.clone(), due.clone(), next.clone());
        set.spawn(async move {
            let mut took = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(offset) = due.get(i) else {
                    break;
                };
                let when = started + *offset;
                tokio::time::sleep_until(when).await;
                place_one(&pool, &agents, listing, format!("paced-order-{i:06}")).await?;
                if when >= warm {
                    took.push(when.elapsed().as_secs_f64() * 1000.0);
                }
            }
            anyhow::Ok(took)
        });
    }
    let mut latencies = Vec::new();
    while let Some(took) = set.join_next().await {
        latencies.extend(took??);
    }
    let (cpu0, machine0) = cpu_at_start.await?;
    let secs = Instant::now().duration_since(warm.into_std()).as_secs_f64();
    latencies.sort_by(f64::total_cmp);
    let run = Run {
        count: latencies.len(),
        secs,
        latencies,
        client_cpu: own_cpu() - cpu0,
        machine_cpu: machine_cpu() - machine0,
    };
    Ok((run, due.len()))
}
