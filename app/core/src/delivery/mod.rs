//! The dispatcher's SQL (server::routing sends; this writes what it claimed, learned and
//! recorded): the outbox claim and its outcomes, the ledger of attempts, the per-department
//! circuit breaker, department callbacks, the payload's case data and the recovery of lost
//! deliveries. The operator's view of
//! dead letters is `crate::deliveries`.
pub mod breaker;
pub mod callbacks;
pub mod ledger;
pub mod outbox;
pub mod payload;
pub mod recovery;
pub mod services;
