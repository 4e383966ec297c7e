//! Audit rows of reads (queue pages, case views, file downloads, dashboards) are appended by
//! one task per portal: each request hands over its entry and waits until it is committed, and
//! the task appends everything waiting in one transaction (one lock, one head read, one insert,
//! one commit). Concurrent readers share the chain's lock and the commit's flush instead of
//! queueing for them one at a time; a request is still answered only once its row is durable.
use crate::audit::{self, Entry};
use sqlx::PgPool;
use tokio::sync::{mpsc, oneshot};

/// The most rows appended in one transaction.
const MAX_BATCH: usize = 64;
/// Entries waiting beyond this make requests wait to hand theirs over.
const QUEUE: usize = 1024;

type Reply = oneshot::Sender<Result<(), String>>;

#[derive(Debug, thiserror::Error)]
pub enum AppendError {
    #[error("the audit appender has stopped")]
    Stopped,
    #[error("audit append failed: {0}")]
    Database(String),
}

/// The handle requests record through (cheap to clone).
#[derive(Clone, Debug)]
pub struct Appender {
    entries: mpsc::Sender<(Entry, Reply)>,
}

impl Appender {
    /// Starts the appending task on the current runtime.
    pub fn start(pool: PgPool) -> Self {
        let (entries, waiting) = mpsc::channel(QUEUE);
        tokio::spawn(run(pool, waiting));
        Self { entries }
    }

    /// Appends `entry` (with whatever else is waiting) and returns once it is committed.
    pub async fn record(&self, entry: Entry) -> Result<(), AppendError> {
        let (reply, committed) = oneshot::channel();
        self.entries
            .send((entry, reply))
            .await
            .map_err(|_| AppendError::Stopped)?;
        committed
            .await
            .map_err(|_| AppendError::Stopped)?
            .map_err(AppendError::Database)
    }
}

async fn run(pool: PgPool, mut waiting: mpsc::Receiver<(Entry, Reply)>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while waiting.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let entries: Vec<&Entry> = batch.iter().map(|(entry, _)| entry).collect();
        let result = audit::record_batch(&pool, &entries)
            .await
            .map_err(|error| error.to_string());
        if let Err(error) = &result {
            tracing::error!(%error, rows = batch.len(), "audit batch failed");
        }
        for (_, reply) in batch.drain(..) {
            let _ = reply.send(result.clone());
        }
    }
}
