pub mod answers;
pub mod form;
pub mod layout;
pub mod service_form;
