//! The portal ⇄ department system protocol, v1, in a crate of its own so that both sides (the
//! portal's routing layer and any department backend, such as the reference one) build against
//! the same contract without pulling in the portal's web framework or database.
//!
//! Message types live in [`messages`], the case states in [`case_state`] and the allowed moves in [`states`], the
//! recovery messages in [`recovery`], service discovery in [`services`], all re-exported
//! here; request signatures in [`signing`]. The marketplace's vendor protocol, `market.v1`, is in
//! [`market`] (same signatures, same delivery machinery, another kind of destination); single
//! sign-on into a vendor's tool in [`sso`].
pub mod base_data;
pub mod case_state;
pub mod market;
pub mod messages;
pub mod recovery;
pub mod services;
pub mod signing;
pub mod sms;
pub mod sso;
pub mod states;

pub use case_state::CaseState;
pub use messages::*;
pub use recovery::*;
pub use services::*;
pub use states::MOVES;

/// Whether a JSON body names the NUL character (`\u0000`), which no receiving database can
/// store: such a body is refused as invalid (422) before it is read, never stored in part.
pub fn names_nul(body: &[u8]) -> bool {
    body.windows(6).any(|w| w == b"\\u0000")
}

#[cfg(test)]
mod nul_tests {
    #[test]
    fn finds_the_nul_escape_only() {
        assert!(super::names_nul(br#"{"a":"x\u0000y"}"#));
        assert!(!super::names_nul(br#"{"a":"x\u0001y"}"#));
        assert!(!super::names_nul(b"{}"));
    }
}
