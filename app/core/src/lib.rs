//! The server-side core: every SQL statement, the writers of the case state machine, the
//! stores. Each module holds its types, its SQL and its rules. No Leptos inside: the pages'
//! server functions (`app`) and the web edge and workers (`server`) call it.
pub mod accounts;
pub mod application;
pub mod attachments;
pub mod audit;
pub mod audit_batch;
pub mod base_data;
pub mod calendar_admin;
pub mod cases;
pub mod catalogue;
pub mod catalogue_cache;
pub mod certificates;
pub mod deliveries;
pub mod delivery;
pub mod demo;
pub mod department_backends;
pub mod destination_keys;
pub mod enterprise_registration;
pub mod enterprises;
pub mod error;
pub mod escalation;
pub mod forms;
pub mod health;
pub mod identity;
pub mod mail_outbox;
pub mod market;
pub mod notifications;
pub mod passwords;
pub mod receipt;
pub mod sealing;
pub mod sms_outbox;
pub mod staff;
pub mod state;
pub mod supervision;
pub mod throttle;
pub mod workbench;
