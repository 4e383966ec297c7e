//! What the process benchmarks share: fresh databases, free ports, and waiting for a server
//! they started to answer. Shared by the benchmark drivers through `#[path]`.
#![allow(dead_code)] // each driver uses its part
use anyhow::bail;
use reqwest::Client;
use sqlx::{Connection, Executor, PgConnection};
use std::time::Duration;

pub fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// Polls `url` until it answers 2xx (60 s at most).
pub async fn ready(url: &str, bearer: Option<&str>) -> anyhow::Result<()> {
    let client = Client::new();
    for _ in 0..600 {
        let mut request = client.get(url).timeout(Duration::from_secs(2));
        if let Some(token) = bearer {
            request = request.bearer_auth(token);
        }
        if request.send().await.is_ok_and(|r| r.status().is_success()) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("{url} did not come up")
}

/// `name` dropped if it was there, created empty (or as a copy of `template`); its URL.
pub async fn fresh_database(
    server: &str,
    name: &str,
    template: Option<&str>,
) -> anyhow::Result<String> {
    drop_databases(server, &[name]).await?;
    let mut admin = PgConnection::connect(&format!("{server}/postgres")).await?;
    if let Some(template) = template {
        // A copy needs its source alone: the backends of clients just gone may linger a moment,
        // and an autovacuum worker may have started on it (stopping one is harmless).
        let mut waited = 0;
        while sqlx::query_scalar::<_, i64>(
            "select count(*) from pg_stat_activity where datname = $1
               and (backend_type <> 'autovacuum worker' or not pg_terminate_backend(pid))",
        )
        .bind(template)
        .fetch_one(&mut admin)
        .await?
            > 0
        {
            if waited == 100 {
                let users: Vec<(Option<String>, Option<String>, Option<String>)> = sqlx::query_as(
                    "select backend_type, state, left(query, 80) from pg_stat_activity
                     where datname = $1",
                )
                .bind(template)
                .fetch_all(&mut admin)
                .await?;
                bail!("{template} is still in use: {users:?}");
            }
            waited += 1;
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    let create = match template {
        Some(template) => format!(r#"create database "{name}" template "{template}""#),
        None => format!(r#"create database "{name}""#),
    };
    admin.execute(create.as_str()).await?;
    Ok(format!("{server}/{name}"))
}

pub async fn drop_databases(server: &str, names: &[&str]) -> anyhow::Result<()> {
    let mut admin = PgConnection::connect(&format!("{server}/postgres")).await?;
    for name in names {
        let sql = format!(r#"drop database if exists "{name}" with (force)"#);
        admin.execute(sql.as_str()).await?;
    }
    Ok(())
}
