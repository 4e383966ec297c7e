//! The workers' LISTEN (the dispatcher's, the mail and SMS workers'): each wakes its workers on
//! a channel's notifications, over a connection of its own.
use sqlx::postgres::{PgListener, PgPoolOptions};
use sqlx::PgPool;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// Whom a notification wakes.
#[derive(Clone, Copy, Debug)]
pub enum Wake {
    /// One waiting worker (or the next to wait): one row to send.
    One,
    /// Every worker waiting now: they share out the due rows.
    All,
}

/// Wakes on each notification on `channel` until aborted; after a failure it listens again
/// 30 s later. The workers poll regardless, so a lost notification only delays their work.
pub async fn wake_on_notify(pool: PgPool, channel: &'static str, wake: Arc<Notify>, whom: Wake) {
    let listener_pool = listener_pool(&pool);
    loop {
        let error = match PgListener::connect_with(&listener_pool).await {
            Ok(mut listener) => match listener.listen(channel).await {
                Ok(()) => loop {
                    match listener.recv().await {
                        Ok(_) => match whom {
                            Wake::One => wake.notify_one(),
                            Wake::All => wake.notify_waiters(),
                        },
                        Err(error) => break error,
                    }
                },
                Err(error) => error,
            },
            Err(error) => error,
        };
        if pool.is_closed() {
            return;
        }
        tracing::debug!(%error, channel, "LISTEN failed; polling only for 30 s");
        tokio::time::sleep(Duration::from_secs(30)).await;
    }
}

/// A pool of one connection to the same database: a listener holds its connection for as long
/// as it runs, which would otherwise be taken from the requests' pool.
fn listener_pool(pool: &PgPool) -> PgPool {
    PgPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(5))
        .connect_lazy_with(pool.connect_options().as_ref().clone())
}
