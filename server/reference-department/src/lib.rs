//! The reference department backend: a department system as a real one would implement
//! protocol v1 (verifies signatures, dedupes by idempotency key, stores durably, downloads
//! attachments, processes cases by configurable rules and calls back signed), with fault
//! injection. Its binary is `reference_backend`; tests also start it in-process on port 0.
pub mod config;
pub mod faults;
pub mod handlers;
pub mod outbox;
pub mod processor;
pub mod rules;
pub mod store;

pub use config::Config;
pub use faults::Faults;

use anyhow::Context;
use embedded_pg::EmbeddedPostgres;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;
use std::net::SocketAddr;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Notify;

/// The backend, bound to its port and with its schema in place, ready to run.
pub struct ReferenceBackend {
    /// The private cluster when no database URL was given (stopped by `serve_until_signal`).
    embedded: Option<EmbeddedPostgres>,
    listener: TcpListener,
    address: SocketAddr,
    shared: Arc<handlers::Shared>,
}

impl ReferenceBackend {
    /// Connects to `database_url` (or starts the embedded cluster), creates the `refdept`
    /// schema if missing and binds.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let (options, embedded) = match &config.database_url {
            Some(url) => (
                PgConnectOptions::from_str(url).context("invalid database URL")?,
                None,
            ),
            None => {
                let dir = config.data_dir.clone().unwrap_or_else(|| {
                    let portal = embedded_pg::default_base_dir();
                    portal.with_file_name("refdept-pg")
                });
                let pg = EmbeddedPostgres::start(&dir).await?;
                pg.ensure_database("refdept").await?;
                (pg.connect_options("refdept"), Some(pg))
            }
        };
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(options)
            .await
            .context("connecting to the reference backend's database")?;
        let mut backend = Self::build_with_pool(config, pool).await?;
        backend.embedded = embedded;
        Ok(backend)
    }

    pub async fn build_with_pool(config: Config, pool: PgPool) -> anyhow::Result<Self> {
        store::init_schema(&pool)
            .await
            .context("creating the refdept schema")?;
        let listener = TcpListener::bind(config.addr)
            .await
            .with_context(|| format!("binding {}", config.addr))?;
        let address = listener.local_addr()?;
        let shared = Arc::new(handlers::Shared {
            pool,
            faults: faults::FaultState::new(config.faults.clone()),
            config: Arc::new(config),
            wake: Arc::new(Notify::new()),
        });
        Ok(Self {
            embedded: None,
            listener,
            address,
            shared,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    pub fn port(&self) -> u16 {
        self.address.port()
    }

    pub fn pool(&self) -> &PgPool {
        &self.shared.pool
    }

    /// Serves until SIGINT/SIGTERM, then stops the embedded cluster if it started one.
    pub async fn serve_until_signal(mut self) -> anyhow::Result<()> {
        let embedded = self.embedded.take();
        let result = tokio::select! {
            result = self.run_until_stopped() => result,
            () = shutdown_signal() => Ok(()),
        };
        if let Some(pg) = embedded {
            pg.stop().await?;
        }
        result
    }

    /// Serves and processes until the future is dropped (or the server fails).
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let config = Arc::clone(&self.shared.config);
        // Redirects are not followed: a callback or download goes to the portal's address or
        // nowhere.
        let client = reqwest::Client::builder()
            .timeout(Duration::from_millis(config.http_timeout_ms))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .context("building the HTTP client")?;
        let processor = processor::Processor {
            pool: self.shared.pool.clone(),
            config,
            client,
            wake: Arc::clone(&self.shared.wake),
        };
        let router = handlers::router(Arc::clone(&self.shared));
        // Both in this one future: dropping or aborting it stops the processor too.
        tokio::select! {
            served = axum::serve(self.listener, router) => served.context("serving"),
            () = processor.run() => Ok(()),
        }
    }
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
