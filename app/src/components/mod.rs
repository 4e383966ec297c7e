pub mod answers;
pub mod charts;
pub mod form;
pub mod layout;
pub mod service_form;
