//! Waking the dispatcher after a commit, coalesced. A `pg_notify` inside a transaction makes
//! PostgreSQL serialise that commit with every other notifying one; on the order path, where
//! hundreds of commits a second each queue a vendor operation, that queue was the limit. So an
//! order wakes the dispatcher after its commit instead: the first wake goes at once, and while
//! one is on its way, further ones fold into a single next wake, sent [`WAKE_INTERVAL`] after
//! it (so it follows every commit that asked for it, and a busy portal sends at most a hundred
//! wakes a second instead of one per order). The dispatcher also polls, so a wake lost with
//! the process only delays a delivery.
use sqlx::PgPool;
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// The least time between two wakes of one database's dispatcher.
pub const WAKE_INTERVAL: Duration = Duration::from_millis(10);

/// The channel the dispatcher (server::routing) listens on.
const CHANNEL_SQL: &str = "select pg_notify('delivery_outbox', '')";

/// Per database: a wake is on its way, and whether another was asked for meanwhile.
static WAKING: Mutex<Option<HashMap<String, bool>>> = Mutex::new(None);

/// Asks for a wake of the dispatcher of `pool`'s database; returns at once.
pub fn wake_dispatcher(pool: &PgPool) {
    let key = pool
        .connect_options()
        .get_database()
        .unwrap_or_default()
        .to_string();
    {
        let mut waking = WAKING.lock().unwrap_or_else(PoisonError::into_inner);
        let waking = waking.get_or_insert_with(HashMap::new);
        if let Some(again) = waking.get_mut(&key) {
            *again = true;
            return;
        }
        waking.insert(key.clone(), false);
    }
    let pool = pool.clone();
    tokio::spawn(async move {
        loop {
            if let Err(error) = sqlx::query(CHANNEL_SQL).execute(&pool).await {
                tracing::warn!(%error, "could not wake the dispatcher; it will poll");
            }
            let again = {
                let mut waking = WAKING.lock().unwrap_or_else(PoisonError::into_inner);
                let waking = waking.get_or_insert_with(HashMap::new);
                match waking.get_mut(&key) {
                    Some(again) if *again => {
                        *again = false;
                        true
                    }
                    _ => {
                        waking.remove(&key);
                        false
                    }
                }
            };
            if !again {
                return;
            }
            tokio::time::sleep(WAKE_INTERVAL).await;
        }
    });
}
