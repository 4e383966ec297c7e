//! Audit rows of reads (queue pages, case views, file downloads, dashboards) are appended by
//! one task per portal: each request hands over its entry and waits until it is committed, and
//! the task appends everything waiting in one transaction (one lock, one head read, one insert,
//! one commit). Concurrent readers share the chain's lock and the commit's flush instead of
//! queueing for them one at a time; a request is still answered only once its row is durable.
//! The task remembers where its last batch left the chain, so while nobody else appends (a
//! clerk browsing queues) a batch is one statement, one round trip
//! ([`audit::record_after`]); after anyone else's row it takes the long way once.
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
    // Where this task's last batch left the chain (None: unknown, take the long way).
    let mut head: Option<audit::Head> = None;
    while waiting.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let entries: Vec<&Entry> = batch.iter().map(|(entry, _)| entry).collect();
        let quick = match &head {
            Some(known) => audit::record_after(&pool, known, &entries).await,
            None => Ok(None),
        };
        let result = match quick {
            Ok(Some(new_head)) => Ok(Some(new_head)),
            Ok(None) => audit::record_batch(&pool, &entries).await,
            Err(error) => Err(error),
        };
        let result = match result {
            Ok(new_head) => {
                head = new_head;
                Ok(())
            }
            Err(error) => {
                head = None;
                tracing::error!(%error, rows = batch.len(), "audit batch failed");
                Err(error.to_string())
            }
        };
        for (_, reply) in batch.drain(..) {
            let _ = reply.send(result.clone());
        }
    }
}
