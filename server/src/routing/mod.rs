//! The routing layer: delivers cases to department systems (signed, idempotent, retried,
//! dead-lettered) and takes their signed status callbacks.
pub mod protocol;
pub mod signing;
