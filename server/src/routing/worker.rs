//! The dispatcher's background loops: started with serving, stopped on shutdown.
use super::dispatcher::{DispatchOutcome, Dispatcher, OUTBOX_CHANNEL};
use crate::listener::{wake_on_notify, Wake};
use std::sync::Arc;
use tokio::sync::Notify;

/// Runs `workers` dispatch loops until `shutdown` resolves; each drains due rows, then waits for
/// a NOTIFY on [`OUTBOX_CHANNEL`] or the next poll. A send in flight finishes before it returns.
pub async fn run(dispatcher: Arc<Dispatcher>, mut shutdown: tokio::sync::watch::Receiver<bool>) {
    let wake = Arc::new(Notify::new());
    let listener = tokio::spawn(wake_on_notify(
        dispatcher.pool().clone(),
        OUTBOX_CHANNEL,
        wake.clone(),
        Wake::All,
    ));
    let mut lanes = Vec::new();
    for _ in 0..dispatcher.settings().workers.max(1) {
        let (dispatcher, wake, mut shutdown) = (dispatcher.clone(), wake.clone(), shutdown.clone());
        lanes.push(tokio::spawn(async move {
            loop {
                while !*shutdown.borrow() {
                    match dispatcher.try_dispatch_once().await {
                        Ok(DispatchOutcome::Empty) => break,
                        Ok(_) => {}
                        Err(error) => {
                            tracing::warn!(
                                error = format!("{error:#}"),
                                "dispatcher cannot reach the outbox"
                            );
                            break;
                        }
                    }
                }
                tokio::select! {
                    // A dropped sender stops the lane too.
                    changed = shutdown.changed() => if changed.is_err() { return; },
                    () = tokio::time::sleep(dispatcher.settings().poll_interval) => {}
                    () = wake.notified() => {}
                }
                if *shutdown.borrow() {
                    return;
                }
            }
        }));
    }
    // Ends on the stop signal or when the sender is dropped.
    let _ = shutdown.wait_for(|stop| *stop).await;
    for lane in lanes {
        let _ = lane.await;
    }
    listener.abort();
    tracing::info!("dispatcher stopped");
}
