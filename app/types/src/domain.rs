//! Plain-Rust domain rules shared by the server and the browser (compiled to wasm too).
/// The audit log's hash chain (the server checks it; the browser never does).
pub mod audit_chain;
pub mod base_data;
pub mod bundle;
pub mod case_lifecycle;
pub mod credit_code;
pub mod department_backend;
pub mod email;
pub mod file_type;
pub mod forms;
pub mod market;
pub mod mobile;
pub mod password;
pub mod real_name;
pub mod registration;
pub mod resident_id;
pub mod roles;
pub mod service_form;
pub mod working_days;
