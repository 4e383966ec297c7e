use crate::config::DatabaseSettings;
use anyhow::Context;
use embedded_pg::EmbeddedPostgres;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, PgPool};
use std::str::FromStr;
use std::time::Duration;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

/// A connection idle longer than this is checked (one round trip) before it is handed out, as
/// the database may have dropped it meanwhile. A busy one needs no check: sqlx pings every
/// connection when it comes back to the pool, and checking it again at once would add a round
/// trip to every request.
pub const CHECK_IF_IDLE_FOR: Duration = Duration::from_secs(1);

/// Tables the portal only reads and appends to: its role may not change or delete their rows.
const APPEND_ONLY: &[&str] = &["audit_log", "base_data_changes", "_sqlx_migrations"];

/// Connects to the configured database and migrates it, starting the embedded cluster when
/// there is no URL: there the superuser migrates and the pool works as the unprivileged
/// [`embedded_pg::APP_ROLE`]. The embedded cluster is returned so the caller can stop it at
/// shutdown.
pub async fn connect(
    settings: &DatabaseSettings,
    connections: u32,
) -> anyhow::Result<(PgPool, Option<EmbeddedPostgres>)> {
    let pool = |options| pool(options, connections);
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

async fn pool(options: PgConnectOptions, connections: u32) -> anyhow::Result<PgPool> {
    pool_options(connections)
        .connect_with(options)
        .await
        .context("connecting to the database")
}

/// The portal's pool: `connections` at most, a request waiting at most 5 s for one, a
/// connection checked before use only when it sat idle (see [`CHECK_IF_IDLE_FOR`]).
pub fn pool_options(connections: u32) -> PgPoolOptions {
    PgPoolOptions::new()
        .max_connections(connections)
        .acquire_timeout(Duration::from_secs(5))
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for > CHECK_IF_IDLE_FOR {
                    // An error drops this connection; the pool opens another.
                    conn.ping().await?;
                }
                Ok(true)
            })
        })
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
