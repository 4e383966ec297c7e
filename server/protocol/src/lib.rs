//! The portal ⇄ department system protocol, v1, in a crate of its own so that both sides (the
//! portal's routing layer and any department backend, such as the reference one) build against
//! the same contract without pulling in the portal's web framework or database.
//!
//! Message types live in [`messages`] and are re-exported here; request signatures in
//! [`signing`].
pub mod messages;
pub mod signing;

pub use messages::*;
