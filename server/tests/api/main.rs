//! HTTP tests against the real server on port 0, each with its own fresh database.
mod accounts;
mod applications;
mod catalogue;
mod certificates;
mod helpers;
mod language;
mod login;
mod notifications;
mod notifications_flow;
mod once_only;
mod operations;
mod ratings;
mod security;
mod smtp_sink;
mod supplements;
mod workbench;
