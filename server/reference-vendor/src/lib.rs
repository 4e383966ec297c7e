//! The reference vendor system: a marketplace vendor's system as a real one would implement
//! protocol `market.v1` (verifies signatures, answers a repeated operation with its first
//! answer, refuses stale generations, stores durably, carries operations out by configurable
//! rules and reports outcomes signed through an outbox), with the reference department's fault
//! injection. One process can play several vendors. Its binary is `reference_vendor`; tests
//! also start it in-process on port 0.
pub mod admin;
pub mod apply;
pub mod config;
pub mod handlers;
pub mod jwks;
pub mod metering;
pub mod outbox;
pub mod processor;
pub mod sso;
pub mod store;

pub use config::Config;
pub use reference_department::Faults;

use anyhow::Context;
use embedded_pg::EmbeddedPostgres;
use reference_department::faults::FaultState;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;
use std::net::SocketAddr;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Notify;

/// The vendor system, bound to its port and with its schema in place, ready to run.
pub struct ReferenceVendor {
    /// The private cluster when no database URL was given (stopped by `serve_until_signal`).
    embedded: Option<EmbeddedPostgres>,
    listener: TcpListener,
    address: SocketAddr,
    shared: Arc<handlers::Shared>,
}

impl ReferenceVendor {
    /// Connects to `database_url` (or starts the embedded cluster), creates the `refvendor`
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
                    portal.with_file_name("refvendor-pg")
                });
                let pg = EmbeddedPostgres::start(&dir).await?;
                pg.ensure_database("refvendor").await?;
                (pg.connect_options("refvendor"), Some(pg))
            }
        };
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(options)
            .await
            .context("connecting to the reference vendor's database")?;
        let mut vendor = Self::build_with_pool(config, pool).await?;
        vendor.embedded = embedded;
        Ok(vendor)
    }

    pub async fn build_with_pool(mut config: Config, pool: PgPool) -> anyhow::Result<Self> {
        store::init_schema(&pool)
            .await
            .context("creating the refvendor schema")?;
        let listener = TcpListener::bind(config.addr)
            .await
            .with_context(|| format!("binding {}", config.addr))?;
        let address = listener.local_addr()?;
        // Tool links need an absolute address; the bound one serves when none is configured.
        if config.public_url.is_none() {
            config.public_url = Some(format!("http://{address}"));
        }
        let shared = Arc::new(handlers::Shared {
            pool,
            faults: FaultState::new(config.faults.clone()),
            config: Arc::new(config),
            wake: Arc::new(Notify::new()),
            jwks: Default::default(),
            // Keys are fetched from the portal only: no redirects followed.
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .context("building the HTTP client")?,
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
        let client = reqwest::Client::builder()
            .timeout(Duration::from_millis(config.http_timeout_ms))
            .build()
            .context("building the HTTP client")?;
        let processor = processor::Processor {
            pool: self.shared.pool.clone(),
            public_url: config.public_url.clone().unwrap_or_default(),
            config,
            client,
            wake: Arc::clone(&self.shared.wake),
        };
        let router = router(Arc::clone(&self.shared));
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

/// Every route: the protocol's, the tool's landing page and the admin API.
fn router(shared: Arc<handlers::Shared>) -> axum::Router {
    handlers::routes()
        .merge(sso::routes())
        .merge(admin::routes())
        .with_state(shared)
}
