//! Identity you can trust: one-time codes proving a mobile is its holder's
//! ([`one_time_code`], stored and sent by [`codes`]), passwords changed or reset with them
//! ([`password_change`]), registrations that prove the mobile first ([`registration`]) and staff second factors ([`totp`], enrolled and checked by [`second_factor`], with
//! [`enrolment_link`]s for new staff). The rules are plain and tested
//! without a database; the flows store and send them.
pub mod codes;
pub mod counter;
pub mod enrolment_link;
pub mod mobile_change;
pub mod one_time_code;
pub mod password_change;
pub mod registration;
pub mod second_factor;
pub mod totp;
