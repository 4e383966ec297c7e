use serde::{Deserialize, Serialize};

/// Who an account is. Staff roles are created by the operator, never self-registered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Citizen,
    Clerk,
    Supervisor,
    Operator,
    /// A cloud vendor's staff: the admin manages the organisation's staff and listings.
    VendorAdmin,
    VendorStaff,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Clerk => "clerk",
            Role::Supervisor => "supervisor",
            Role::Operator => "operator",
            Role::VendorAdmin => "vendor_admin",
            Role::VendorStaff => "vendor_staff",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "citizen" => Some(Role::Citizen),
            "clerk" => Some(Role::Clerk),
            "supervisor" => Some(Role::Supervisor),
            "operator" => Some(Role::Operator),
            "vendor_admin" => Some(Role::VendorAdmin),
            "vendor_staff" => Some(Role::VendorStaff),
            _ => None,
        }
    }

    /// Government staff (departments and the platform operator), created by the operator.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Clerk | Role::Supervisor | Role::Operator)
    }

    /// A cloud vendor's staff: they see their own organisation's marketplace business only.
    pub fn is_vendor(self) -> bool {
        matches!(self, Role::VendorAdmin | Role::VendorStaff)
    }

    /// Staff and vendors sign in with a second factor after the password; citizens prove
    /// their mobile instead.
    pub fn needs_second_factor(self) -> bool {
        self.is_staff() || self.is_vendor()
    }

    /// Department staff belong to exactly one department.
    pub fn needs_department(self) -> bool {
        matches!(self, Role::Clerk | Role::Supervisor)
    }

    /// Where a login lands when it was not sent from a page: each role's own work.
    pub fn home_path(self) -> &'static str {
        match self {
            Role::Citizen => "/cases",
            Role::Clerk | Role::Supervisor => "/workbench",
            Role::Operator => "/admin/staff",
            Role::VendorAdmin | Role::VendorStaff => "/vendor",
        }
    }

    /// Translation key of the role's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Role::Citizen => "role-citizen",
            Role::Clerk => "role-clerk",
            Role::Supervisor => "role-supervisor",
            Role::Operator => "role-operator",
            Role::VendorAdmin => "role-vendor-admin",
            Role::VendorStaff => "role-vendor-staff",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rules() {
        for role in [
            Role::Citizen,
            Role::Clerk,
            Role::Supervisor,
            Role::Operator,
            Role::VendorAdmin,
            Role::VendorStaff,
        ] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("admin"), None);
        assert!(!Role::Citizen.is_staff());
        assert!(!Role::VendorAdmin.is_staff() && Role::VendorStaff.is_vendor());
        assert!(Role::Clerk.needs_department() && !Role::Operator.needs_department());
    }

    #[test]
    fn each_role_lands_on_its_own_work() {
        assert_eq!(Role::Citizen.home_path(), "/cases");
        assert_eq!(Role::Clerk.home_path(), "/workbench");
        assert_eq!(Role::Supervisor.home_path(), "/workbench");
        assert_eq!(Role::Operator.home_path(), "/admin/staff");
        assert_eq!(Role::VendorStaff.home_path(), "/vendor");
    }
}
