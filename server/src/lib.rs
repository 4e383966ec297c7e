//! The portal server: configuration, database (embedded or external), HTTP, demo data.
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod embedded_pg;
pub mod startup;
pub mod telemetry;
pub mod web;
