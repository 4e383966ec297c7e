//! The dispatcher's SQL (server::routing sends; this writes what it claimed, learned and
//! recorded), for both kinds of destination: department systems (cases, `outbox`) and vendor
//! systems (marketplace operations, `vendor_outbox`). The outbox claims and their outcomes, the
//! ledger of attempts, the circuit breaker, callbacks, the payload's case data and the recovery
//! of lost deliveries. The operator's view of dead letters is `crate::deliveries`.
pub mod breaker;
pub mod callbacks;
pub mod ledger;
pub mod outbox;
pub mod payload;
pub mod recovery;
pub mod services;
pub mod vendor_outbox;
pub mod wake;

use uuid::Uuid;

/// Where the routing layer sends: one mechanism, two kinds of destination.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Destination {
    /// A department's system (by department code): cases.
    Department(String),
    /// A vendor's system (by vendor id): marketplace operations.
    Vendor(Uuid),
}

impl Destination {
    /// Its key in shared per-destination tables (nonces) and limiters.
    pub fn key(&self) -> String {
        match self {
            Self::Department(code) => code.clone(),
            Self::Vendor(id) => format!("vendor:{id}"),
        }
    }
}
