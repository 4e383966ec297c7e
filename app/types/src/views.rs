//! The data the server functions return to the pages, one module per area.
pub mod account;
pub mod application;
pub mod calendar;
pub mod cases;
pub mod catalogue;
pub mod deliveries;
pub mod market;
pub mod notifications;
pub mod staff;
pub mod supervision;
pub mod workbench;
