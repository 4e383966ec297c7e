//! Server-side core: each module holds its types, its SQL and its rules. No Leptos inside.
pub mod accounts;
pub mod application;
pub mod cases;
pub mod catalogue;
pub mod catalogue_cache;
pub mod certificates;
pub mod enterprises;
pub mod error;
pub mod forms;
pub mod notifications;
pub mod passwords;
pub mod ratings;
pub mod staff;
pub mod state;
pub mod throttle;
pub mod workbench;
