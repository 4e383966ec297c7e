use crate::config::DatabaseSettings;
use anyhow::Context;
use embedded_pg::EmbeddedPostgres;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;
use std::str::FromStr;
use std::time::Duration;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

/// Connections the portal's pool holds (the order benchmark's default too).
pub const POOL_CONNECTIONS: u32 = 20;

/// Tables the portal only reads and appends to: its role may not change or delete their rows.
const APPEND_ONLY: &[&str] = &["audit_log", "base_data_changes", "_sqlx_migrations"];

/// Connects to the configured database and migrates it, starting the embedded cluster when
/// there is no URL: there the superuser migrates and the pool works as the unprivileged
/// [`embedded_pg::APP_ROLE`]. The embedded cluster is returned so the caller can stop it at
/// shutdown.
pub async fn connect(
    settings: &DatabaseSettings,
) -> anyhow::Result<(PgPool, Option<EmbeddedPostgres>)> {
    match settings {
        DatabaseSettings::Url(url) => {
            let options =
                PgConnectOptions::from_str(url).context("DATABASE_URL is not a valid URL")?;
            let pool = pool(options).await?;
            migrate(&pool).await?;
            Ok((pool, None))
        }
        DatabaseSettings::Embedded { base_dir, database } => {
            let pg = EmbeddedPostgres::start(base_dir).await?;
            pg.ensure_database(database).await?;
            let owner = pool(pg.connect_options(database)).await?;
            migrate(&owner).await?;
            owner.close().await;
            pg.grant_app_rights(database, APPEND_ONLY).await?;
            Ok((pool(pg.app_connect_options(database)).await?, Some(pg)))
        }
    }
}

async fn pool(options: PgConnectOptions) -> anyhow::Result<PgPool> {
    PgPoolOptions::new()
        .max_connections(POOL_CONNECTIONS)
        .acquire_timeout(Duration::from_secs(5))
        .connect_with(options)
        .await
        .context("connecting to the database")
}

pub async fn migrate(pool: &PgPool) -> anyhow::Result<()> {
    MIGRATOR.run(pool).await.context("running migrations")?;
    tower_sessions_sqlx_store::PostgresStore::new(pool.clone())
        .migrate()
        .await
        .context("creating the session table")?;
    let refreshed = app::core::cases::bundles::refresh_forms(pool)
        .await
        .context("building the bundles' combined forms")?;
    if refreshed > 0 {
        tracing::info!(refreshed, "stored new combined forms of bundles");
    }
    let mut conn = pool.acquire().await?;
    let filled = app::core::cases::deadlines::refresh_missing(&mut conn)
        .await
        .context("filling in missing due dates")?;
    if filled > 0 {
        tracing::info!(filled, "filled in the due dates of running cases");
    }
    Ok(())
}
