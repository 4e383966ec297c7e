//! The portal ⇄ department system protocol, v1, in a crate of its own so that both sides (the
//! portal's routing layer and any department backend, such as the reference one) build against
//! the same contract without pulling in the portal's web framework or database.
//!
//! Message types live in [`messages`], the case states in [`case_state`] and the allowed moves in [`states`], the
//! recovery messages in [`recovery`], service discovery in [`services`], all re-exported
//! here; request signatures in [`signing`]. The marketplace's vendor protocol, `market.v1`, is in
//! [`market`] (same signatures, same delivery machinery, another kind of destination); single
//! sign-on into a vendor's tool in [`sso`].
pub mod case_state;
pub mod market;
pub mod messages;
pub mod recovery;
pub mod services;
pub mod signing;
pub mod sso;
pub mod states;

pub use case_state::CaseState;
pub use messages::*;
pub use recovery::*;
pub use services::*;
pub use states::MOVES;
