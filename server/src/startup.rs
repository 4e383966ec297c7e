use crate::config::Settings;
use crate::db;
use crate::embedded_pg::EmbeddedPostgres;
use anyhow::Context;
use app::core::state::{AppState, SecuritySettings};
use leptos::config::LeptosOptions;
use sqlx::PgPool;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

/// The portal, bound to its port (0 in tests) and ready to serve.
pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    pool: PgPool,
    embedded: Option<EmbeddedPostgres>,
    session_cleanup: tokio::task::JoinHandle<()>,
}

impl Application {
    /// Connects (starting the embedded database if configured), migrates and binds.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let (pool, embedded) = db::connect(&settings.database).await?;
        db::migrate(&pool).await?;
        let mut app = Self::build_with_pool(settings, pool).await?;
        app.embedded = embedded;
        Ok(app)
    }

    /// With an existing, migrated pool (tests give each app its own fresh database).
    pub async fn build_with_pool(settings: Settings, pool: PgPool) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(settings.addr)
            .await
            .with_context(|| format!("binding {}", settings.addr))?;
        let addr = listener.local_addr()?;
        let leptos_options = LeptosOptions::builder()
            .output_name("portal")
            .site_root(settings.site_root.clone())
            .site_pkg_dir("pkg")
            .site_addr(addr)
            .build();
        let state = AppState {
            pool: pool.clone(),
            leptos_options,
            security: Arc::new(SecuritySettings {
                csrf_key: settings.csrf_key.clone(),
                secure_cookies: settings.secure_cookies,
                throttle: settings.throttle.clone(),
            }),
            catalogue_cache: Default::default(),
        };
        let router = crate::web::router(
            state,
            settings.body_limit_bytes,
            settings.session_idle_minutes,
        );
        let store = tower_sessions_sqlx_store::PostgresStore::new(pool.clone());
        let session_cleanup = tokio::spawn(async move {
            use tower_sessions::ExpiredDeletion;
            if let Err(error) = store
                .continuously_delete_expired(std::time::Duration::from_secs(600))
                .await
            {
                tracing::warn!(%error, "expired-session cleanup stopped");
            }
        });
        Ok(Self {
            listener,
            router,
            pool,
            embedded: None,
            session_cleanup,
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Serves until SIGINT/SIGTERM, lets requests in flight finish, then stops the embedded database.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        // Pages and files are written as headers, then body; without TCP_NODELAY, Nagle's
        // algorithm and the client's delayed ACK hold the body back ~40 ms on keep-alive.
        let listener = axum::serve::ListenerExt::tap_io(self.listener, |tcp| {
            if let Err(error) = tcp.set_nodelay(true) {
                tracing::debug!(%error, "cannot set TCP_NODELAY");
            }
        });
        let result = axum::serve(listener, service)
            .with_graceful_shutdown(shutdown_signal())
            .await;
        self.session_cleanup.abort();
        self.pool.close().await;
        if let Some(pg) = &self.embedded {
            pg.stop().await?;
        }
        result.context("serving HTTP")
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::warn!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
