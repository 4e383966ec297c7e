//! The portal server: configuration, database (embedded or external), HTTP, demo data,
//! e-mail notifications.
pub mod cli;
pub mod config;
pub mod conformance;
pub mod db;
pub mod demo;
pub mod files;
pub mod listener;
pub mod metrics;
pub mod notifications;
pub mod routing;
pub mod startup;
pub mod telemetry;
pub mod web;
