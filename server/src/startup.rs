use crate::config::Settings;
use crate::db;
use anyhow::Context;
use app::core::passwords::Hasher;
use app::core::state::SecuritySettings;
use app::state::AppState;
use embedded_pg::EmbeddedPostgres;
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
    /// The e-mail notification worker, when an SMTP server is configured.
    mail_worker: Option<OutboxWorker>,
    /// The text message worker, when an SMS gateway is configured.
    sms_worker: Option<OutboxWorker>,
    /// Every few minutes: escalates overdue cases to supervisors (once each) and deletes the
    /// files replaced in supplements whose download URLs have all expired.
    escalation: tokio::task::JoinHandle<()>,
    /// Delivers the outbox to department backends (none when `delivery.workers` is 0); started
    /// by `run_until_stopped`, so one-off CLI commands deliver nothing.
    dispatcher: Option<crate::routing::dispatcher::Dispatcher>,
}

/// The running dispatcher and the means to stop it between two deliveries.
struct DispatcherWorker {
    stop: tokio::sync::watch::Sender<bool>,
    handle: tokio::task::JoinHandle<()>,
}

impl DispatcherWorker {
    fn spawn(dispatcher: crate::routing::dispatcher::Dispatcher) -> Self {
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let handle = tokio::spawn(crate::routing::worker::run(Arc::new(dispatcher), stopped));
        Self { stop, handle }
    }

    /// Lets deliveries in flight finish (bounded by the backends' timeouts), then stops.
    async fn stop(mut self) {
        let _ = self.stop.send(true);
        if tokio::time::timeout(std::time::Duration::from_secs(150), &mut self.handle)
            .await
            .is_err()
        {
            tracing::warn!("dispatcher did not stop in time; aborting it");
            self.handle.abort();
            let _ = self.handle.await;
        }
    }
}

/// A running outbox worker (mail, SMS) and the means to stop it between two messages.
struct OutboxWorker {
    name: &'static str,
    stop: tokio::sync::oneshot::Sender<()>,
    handle: tokio::task::JoinHandle<()>,
}

type Shutdown = std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>;

impl OutboxWorker {
    fn spawn<F, Fut>(name: &'static str, run: F) -> Self
    where
        F: FnOnce(Shutdown) -> Fut,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        // Also stops when the sender is dropped (the application dropped without serving).
        let shutdown: Shutdown = Box::pin(async move {
            let _ = stopped.await;
        });
        let handle = tokio::spawn(run(shutdown));
        Self { name, stop, handle }
    }

    /// Lets a message in flight finish (bounded by the send timeouts), then stops the worker.
    async fn stop(mut self) {
        let _ = self.stop.send(());
        if tokio::time::timeout(std::time::Duration::from_secs(25), &mut self.handle)
            .await
            .is_err()
        {
            tracing::warn!(
                worker = self.name,
                "worker did not stop in time; aborting it"
            );
            self.handle.abort();
            let _ = self.handle.await;
        }
    }
}

impl Application {
    /// Connects (starting the embedded database if configured; migrating) and binds.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let (pool, embedded) = db::connect(&settings.database, settings.pool_connections).await?;
        let mut app = Self::build_with_pool(settings, pool).await?;
        app.embedded = embedded;
        Ok(app)
    }

    /// With an existing, migrated pool (tests give each app its own fresh database).
    pub async fn build_with_pool(settings: Settings, pool: PgPool) -> anyhow::Result<Self> {
        app::core::cases::calendar::set_near_deadline_working_days(
            settings.near_deadline_working_days,
        );
        app::core::audit::use_chain_key(app::domain::audit_chain::ChainKey::derive(
            &settings.csrf_key,
        ));
        install_destination_keys(&settings);
        reseal_destination_keys(&pool).await?;
        let listener = TcpListener::bind(settings.addr)
            .await
            .with_context(|| format!("binding {}", settings.addr))?;
        let addr = listener.local_addr()?;
        let leptos_options = LeptosOptions::builder()
            .output_name("portal")
            .site_root(settings.site_root.clone())
            .site_pkg_dir("pkg")
            .site_addr(addr)
            .hash_files(settings.hash_file.is_some())
            .hash_file(Arc::<str>::from(
                settings
                    .hash_file
                    .as_deref()
                    .map(|path| std::path::absolute(path).unwrap_or_else(|_| path.into()))
                    .unwrap_or_else(|| "hash.txt".into())
                    .to_string_lossy(),
            ))
            .build();
        let state = AppState::new(app::state::Parts {
            pool: pool.clone(),
            audit: app::core::audit_batch::Appender::start(pool.clone()),
            leptos_options,
            security: Arc::new(SecuritySettings {
                csrf_key: settings.csrf_key.clone(),
                secure_cookies: settings.secure_cookies,
                hsts: settings.hsts,
                throttle: settings.throttle.clone(),
                registration: settings.registration.clone(),
                hasher: match settings.hashing_permits {
                    Some(permits) => Hasher::new(permits, settings.hashing_wait),
                    None => Hasher::per_core(settings.hashing_wait),
                },
                client_ip_header: settings.client_ip_header.clone(),
                sso: app::core::market::sso::SsoSettings::new(
                    &settings.csrf_key,
                    &settings.mail.site_url,
                ),
                session_touch_after: settings.session_touch_after,
            }),
            catalogue_cache: Default::default(),
        });
        let file_store =
            crate::files::FileStore::open(settings.files_url.as_deref(), &settings.files_dir)?;
        let limits = crate::web::body_limit::BodyLimits {
            form_bytes: settings.body_limit_bytes,
            upload_bytes: settings.upload_limit_bytes,
        };
        // Links and QR codes in documents point at the public address, not the bound one.
        let site_url = crate::web::verify::SiteUrl::new(&settings.mail.site_url);
        let machine_api = crate::routing::machine_router(crate::routing::api::ApiState {
            pool: pool.clone(),
            files: file_store.clone(),
            site_url: settings.mail.site_url.clone(),
            attachment_ttl_secs: i64::try_from(settings.delivery.attachment_ttl.as_secs())
                .unwrap_or(900),
        });
        let sso = state.security.sso.clone();
        let metrics = crate::metrics::Metrics::new().context("metrics registry")?;
        let scrape = crate::metrics::router(crate::metrics::ScrapeState {
            pool: pool.clone(),
            metrics: metrics.clone(),
            settings: settings.metrics.clone(),
            client_ip_header: settings.client_ip_header.clone(),
        });
        let router = crate::web::router(
            state,
            limits,
            settings.session_idle_minutes,
            file_store.clone(),
        )
        .merge(machine_api)
        .merge(scrape)
        .layer(axum::Extension(site_url))
        .layer(axum::middleware::from_fn_with_state(
            settings.deadlines,
            crate::web::deadlines::limit,
        ))
        // Outermost: every answer is counted, a deadline's refusal included.
        .layer(axum::middleware::from_fn_with_state(
            metrics,
            crate::metrics::track,
        ));
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
        let escalation = tokio::spawn(housekeeping(
            pool.clone(),
            file_store.clone(),
            settings.delivery.attachment_ttl,
            sso,
        ));
        let mail_worker = crate::notifications::Mailer::new(&settings.mail)?.map(|mailer| {
            let pool = pool.clone();
            OutboxWorker::spawn("mail", move |shutdown| {
                crate::notifications::run_mail_worker(pool, mailer, shutdown)
            })
        });
        let sms_worker =
            crate::notifications::sms::SmsGateway::new(&settings.sms)?.map(|gateway| {
                let pool = pool.clone();
                OutboxWorker::spawn("sms", move |shutdown| {
                    crate::notifications::sms::run_sms_worker(pool, gateway, shutdown)
                })
            });
        let dispatcher = if settings.delivery.workers == 0 {
            None
        } else {
            Some(crate::routing::dispatcher::Dispatcher::new(
                pool.clone(),
                settings.delivery.clone(),
                &settings.mail.site_url,
            )?)
        };
        Ok(Self {
            dispatcher,
            listener,
            router,
            pool,
            embedded: None,
            session_cleanup,
            escalation,
            mail_worker,
            sms_worker,
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Ends a one-off command (migrate, backend, deliveries…): closes the pool and stops the
    /// embedded database if this process started it, so no server is left behind; one that was
    /// already running (a serving portal's) is left alone.
    pub async fn close(self) -> anyhow::Result<()> {
        self.session_cleanup.abort();
        self.escalation.abort();
        self.pool.close().await;
        match &self.embedded {
            Some(pg) if pg.started_here() => pg.stop().await,
            _ => Ok(()),
        }
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
        let dispatcher = self.dispatcher.map(DispatcherWorker::spawn);
        let result = axum::serve(listener, service)
            .with_graceful_shutdown(shutdown_signal())
            .await;
        self.session_cleanup.abort();
        self.escalation.abort();
        // Before the pool closes: the worker holds a connection (LISTEN) and may be mid-mail.
        for worker in [self.mail_worker, self.sms_worker].into_iter().flatten() {
            worker.stop().await;
        }
        if let Some(dispatcher) = dispatcher {
            dispatcher.stop().await;
        }
        self.pool.close().await;
        if let Some(pg) = &self.embedded {
            pg.stop().await?;
        }
        result.context("serving HTTP")
    }
}

/// Installs this process's sealers of the keys shared with department and vendor systems
/// and of staff second-factor secrets.
pub fn install_destination_keys(settings: &Settings) {
    use app::core::destination_keys;
    destination_keys::install(destination_keys::Sealers::new(
        &settings.csrf_key,
        &settings.previous_secrets,
    ));
    // Staff second-factor secrets are sealed under the same secret, for their own purpose.
    app::core::identity::second_factor::install(&settings.csrf_key, &settings.previous_secrets);
}

/// Seals keys an older version stored in plain text, and those sealed under a replaced secret.
async fn reseal_destination_keys(pool: &PgPool) -> anyhow::Result<()> {
    use app::core::destination_keys;
    let (changed, unreadable) =
        destination_keys::reseal_stored(pool, destination_keys::sealers()).await?;
    if changed > 0 {
        tracing::info!(changed, "sealed the signing keys of destination systems");
    }
    if unreadable > 0 {
        tracing::error!(
            unreadable,
            "signing keys of destination systems that no configured secret opens: \
             set PORTAL_SECRET_PREVIOUS to the secret they were sealed under"
        );
    }
    Ok(())
}

/// How often subscriptions are reconciled with their vendors' systems.
const RECONCILE_EVERY: std::time::Duration = std::time::Duration::from_secs(86_400);

/// How often overdue cases are looked for; an escalation is at most this late.
const ESCALATION_EVERY: std::time::Duration = std::time::Duration::from_secs(600);

async fn housekeeping(
    pool: PgPool,
    files: crate::files::FileStore,
    attachment_ttl: std::time::Duration,
    sso: app::core::market::sso::SsoSettings,
) {
    let mut every = tokio::time::interval(ESCALATION_EVERY);
    let mut reconciled_at: Option<tokio::time::Instant> = None;
    loop {
        every.tick().await;
        if reconciled_at.is_none_or(|at| at.elapsed() >= RECONCILE_EVERY) {
            reconciled_at = Some(tokio::time::Instant::now());
            match crate::routing::reconcile::run_once(&pool).await {
                Ok(run) if run.differing + run.unreachable > 0 => tracing::warn!(
                    checked = run.checked,
                    differing = run.differing,
                    unreachable = run.unreachable,
                    "reconciliation with vendors' systems found differences"
                ),
                Ok(_) => {}
                Err(error) => tracing::warn!(error = format!("{error:#}"), "reconciliation failed"),
            }
        }
        match app::core::escalation::escalate_overdue(&pool).await {
            Ok(0) => {}
            Ok(count) => tracing::info!(count, "escalated overdue cases to supervisors"),
            Err(error) => tracing::warn!(%error, "escalating overdue cases failed"),
        }
        match app::core::market::clock::tick(&pool).await {
            Ok(run) if run.moves + run.reminders > 0 => {
                tracing::info!(
                    moves = run.moves,
                    reminders = run.reminders,
                    "subscription clock"
                )
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "subscription clock failed"),
        }
        match app::core::market::provisioning::mark_overdue(&pool).await {
            Ok(0) => {}
            Ok(count) => tracing::warn!(count, "vendor operations past their deadline"),
            Err(error) => tracing::warn!(%error, "marking overdue vendor operations failed"),
        }
        // Rotates the single sign-on key when due, even when nobody opens a tool.
        if let Err(error) =
            app::core::market::sso::signing_key(&pool, &sso, chrono::Utc::now()).await
        {
            tracing::warn!(%error, "single sign-on key rotation failed");
        }
        match app::core::attachments::prune_retired(&pool, attachment_ttl.as_secs_f64()).await {
            Ok(keys) => files.delete_quietly(&keys).await,
            Err(error) => tracing::warn!(%error, "pruning replaced files failed"),
        }
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
