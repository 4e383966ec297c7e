//! Settings the server hands to the core's callers (the state itself, with Leptos' options,
//! is `app::state::AppState`: the core knows nothing of Leptos).

#[derive(Clone, Debug)]
pub struct SecuritySettings {
    /// Key for the signed double-submit CSRF token. Never logged.
    pub csrf_key: Vec<u8>,
    /// Set the `Secure` flag on cookies (behind HTTPS).
    pub secure_cookies: bool,
    /// Send Strict-Transport-Security (the site is served over HTTPS).
    pub hsts: bool,
    pub throttle: super::throttle::ThrottlePolicy,
    pub registration: super::throttle::RegistrationPolicy,
    /// Password hashing for requests, bounded (shared by login and registration).
    pub hasher: super::passwords::Hasher,
    /// The header a trusted reverse proxy puts the client's address in; `None`: the socket's
    /// peer is the client (a header sent by the client itself is then ignored).
    pub client_ip_header: Option<String>,
    /// Single sign-on into vendors' tools: token issuer, key sealing and rotation.
    pub sso: super::market::sso::SsoSettings,
    /// A signed-in session is written again (its idle expiry pushed back) when it was last
    /// written longer ago than this: idle expiry without a write on every request.
    pub session_touch_after: std::time::Duration,
}
