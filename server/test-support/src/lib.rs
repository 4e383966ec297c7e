//! What the server's test suites share, so each suite keeps only what is its own: a fresh
//! database per test ([`db`]), the real portal on port 0 ([`test_app`]), a cookie-keeping browser
//! ([`browser`]), logged-in users of every role ([`actors`]), signed department requests
//! ([`signed`]), a real SMTP server ([`smtp_sink`]), the reference SMS gateway ([`sms_gateway`])
//! and polling with deadlines ([`wait`]).
// Test support: a failed set-up step should fail the test loudly, naming the step.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]
pub mod actors;
pub mod browser;
pub mod db;
pub mod signed;
pub mod sms_gateway;
pub mod smtp_sink;
pub mod test_app;
pub mod wait;

pub use actors::{
    citizen, insert_staff, newcomer, staff_browser, Actor, ID_A, ID_B, ID_C, TOTP_SECRET,
};
pub use browser::{extract_csrf, form_shape, location};
pub use test_app::{
    spawn_app, spawn_app_with, test_settings, Options, TestApp, PASSWORD, TEST_SITE_URL,
};
