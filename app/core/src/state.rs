//! Settings the server hands to the core's callers (the state itself, with Leptos' options,
//! is `app::state::AppState`: the core knows nothing of Leptos).

#[derive(Clone, Debug)]
pub struct SecuritySettings {
    /// Key for the signed double-submit CSRF token. Never logged.
    pub csrf_key: Vec<u8>,
    /// Set the `Secure` flag on cookies (behind HTTPS).
    pub secure_cookies: bool,
    pub throttle: super::throttle::ThrottlePolicy,
}
