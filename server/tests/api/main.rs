//! HTTP tests against the real server on port 0, each with its own fresh database.
mod accounts;
mod catalogue;
mod helpers;
mod language;
mod login;
mod operations;
mod security;
