pub mod answers;
pub mod charts;
pub mod delivery_ledger;
pub mod form;
pub mod layout;
pub mod service_form;
