//! Identity you can trust: one-time codes proving a mobile is the registrant's
//! ([`one_time_code`]) and staff second factors ([`totp`]). Plain rules, tested without a
//! database; the flows that store and send them build on these.
pub mod one_time_code;
pub mod totp;
