//! One file per form action. Each reads the form, lets the domain parse it, calls the core,
//! and answers with a 303 redirect on success or the same page with errors (422).
pub mod account_email;
pub mod agents;
pub mod application;
pub mod calendar;
pub mod case_forms;
pub mod counter_check;
pub mod deliveries;
pub mod language;
pub mod login;
pub mod logout;
pub mod market;
pub mod mobile;
pub mod notifications;
pub mod password;
pub mod register_citizen;
pub mod register_enterprise;
pub mod registration_decision;
pub mod second_factor;
pub mod staff;
pub mod supervision;
pub mod supplement;
pub mod workbench;

use axum::response::{IntoResponse, Redirect, Response};

/// After a successful post: "see other", so reloading the result page does not re-post.
pub fn see_other(location: &str) -> Response {
    Redirect::to(location).into_response()
}
