//! Connections for the workers' LISTEN (the dispatcher's, the mail and SMS workers').
use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;
use std::time::Duration;

/// A pool of one connection to the same database, for a worker's LISTEN: a listener holds its
/// connection for as long as it runs, which would otherwise be taken from the requests' pool.
pub fn listener_pool(pool: &PgPool) -> PgPool {
    PgPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(5))
        .connect_lazy_with(pool.connect_options().as_ref().clone())
}
