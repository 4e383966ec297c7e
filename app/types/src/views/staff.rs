//! Staff accounts as the operator sees them.
use crate::domain::roles::Role;
use crate::Text;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffRow {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub department: Option<Text>,
    pub disabled: bool,
}
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffAdmin {
    pub staff: Vec<StaffRow>,
    pub departments: Vec<(String, Text)>,
}
