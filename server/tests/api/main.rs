// A test (or benchmark) that cannot set itself up should stop loudly, naming the step.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]
//! HTTP tests against the real server on port 0, each with its own fresh database.
mod accounts;
mod applications;
mod audit;
mod backends;
mod bundles;
mod calendar;
mod catalogue;
mod certificates;
mod concurrent_startup;
mod conformance;
mod deadlines;
mod department_protocol;
mod department_recovery;
mod escalation;
mod foreign_client;
mod hardening;
mod language;
mod login;
mod notifications;
mod notifications_flow;
mod once_only;
mod operations;
mod ratings;
mod routing_callbacks;
mod routing_delivery;
mod routing_faults;
mod routing_reference_backend;
mod routing_support;
mod security;
mod supervision;
mod supplements;
mod workbench;
mod workbench_counts;
mod workbench_more;
