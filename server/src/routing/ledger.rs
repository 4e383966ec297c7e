//! The delivery ledger, written by portal-core in the transaction that records the attempt's
//! outcome on the outbox row.
pub use app::core::delivery::ledger::{record, Attempt, Outcome, MAX_ERROR_CHARS};
