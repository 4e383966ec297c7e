//! Server-side core: each module holds its types, its SQL and its rules. No Leptos inside.
pub mod accounts;
pub mod catalogue;
pub mod catalogue_cache;
pub mod enterprises;
pub mod error;
pub mod passwords;
pub mod staff;
pub mod state;
pub mod throttle;
