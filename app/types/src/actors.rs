//! Who may call what. Each type is proof that the signed-in account holds a role: handlers and
//! server functions take one as an argument, so their signature says who may call them, and
//! the rule lives here once instead of in every body.
use crate::domain::roles::Role;
use crate::page_context::SessionUser;
use uuid::Uuid;

/// Why an account may not act: nobody is signed in (ask them to sign in), or the account's
/// role may not do this (tell them so). Staff areas never invite the public to sign in: for
/// them nobody signed in is simply forbidden.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    SignInRequired,
    Forbidden,
}

/// A role that can be read off the session's user.
pub trait Actor: Sized {
    fn from_user(user: Option<&SessionUser>) -> Result<Self, Refusal>;
}

/// Anyone signed in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedIn {
    pub account_id: Uuid,
    pub role: Role,
}

/// A citizen's account: applies for itself, and for the enterprises it is an agent of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Citizen {
    pub account_id: Uuid,
}

/// Department staff (a clerk, or a supervisor, who is also a clerk of their department).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clerk {
    pub account_id: Uuid,
    pub department: String,
    pub role: Role,
}

impl Clerk {
    pub fn is_supervisor(&self) -> bool {
        self.role == Role::Supervisor
    }
}

/// A department's supervisor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Supervisor {
    pub account_id: Uuid,
    pub department: String,
}

/// The platform operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operator {
    pub account_id: Uuid,
}

/// A cloud vendor's staff account, scoped to its organisation (`is_admin`: the vendor admin,
/// who also manages the organisation's staff). Whether the organisation is approved is the
/// core's question: an applying vendor's admin may sign in to follow the application.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VendorMember {
    pub account_id: Uuid,
    pub vendor_id: Uuid,
    pub is_admin: bool,
}

/// A citizen's account acting for an enterprise it is an active agent of (`is_admin`: it may
/// also manage the enterprise's agents). Not read off the session: the enterprise's records
/// decide, so the core builds it (`portal_core::enterprises::agent_of`) for the enterprise a
/// request names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EnterpriseAgent {
    pub account_id: Uuid,
    pub enterprise_id: Uuid,
    pub is_admin: bool,
}

fn signed_in(user: Option<&SessionUser>) -> Result<&SessionUser, Refusal> {
    user.ok_or(Refusal::SignInRequired)
}

fn staff(user: Option<&SessionUser>) -> Result<&SessionUser, Refusal> {
    user.ok_or(Refusal::Forbidden)
}

impl Actor for SignedIn {
    fn from_user(user: Option<&SessionUser>) -> Result<Self, Refusal> {
        let user = signed_in(user)?;
        Ok(Self {
            account_id: user.account_id,
            role: user.role,
        })
    }
}

impl Actor for Citizen {
    fn from_user(user: Option<&SessionUser>) -> Result<Self, Refusal> {
        match signed_in(user)? {
            user if user.role == Role::Citizen => Ok(Self {
                account_id: user.account_id,
            }),
            _ => Err(Refusal::Forbidden),
        }
    }
}

impl Actor for Clerk {
    fn from_user(user: Option<&SessionUser>) -> Result<Self, Refusal> {
        let user = staff(user)?;
        match (&user.department_code, user.role.needs_department()) {
            (Some(department), true) => Ok(Self {
                account_id: user.account_id,
                department: department.clone(),
                role: user.role,
            }),
            _ => Err(Refusal::Forbidden),
        }
    }
}

impl Actor for Supervisor {
    fn from_user(user: Option<&SessionUser>) -> Result<Self, Refusal> {
        let clerk = Clerk::from_user(user)?;
        if clerk.is_supervisor() {
            Ok(Self {
                account_id: clerk.account_id,
                department: clerk.department,
            })
        } else {
            Err(Refusal::Forbidden)
        }
    }
}

impl Actor for Operator {
    fn from_user(user: Option<&SessionUser>) -> Result<Self, Refusal> {
        match staff(user)? {
            user if user.role == Role::Operator => Ok(Self {
                account_id: user.account_id,
            }),
            _ => Err(Refusal::Forbidden),
        }
    }
}

impl Actor for VendorMember {
    fn from_user(user: Option<&SessionUser>) -> Result<Self, Refusal> {
        let user = signed_in(user)?;
        match (user.role.is_vendor(), user.vendor_id) {
            (true, Some(vendor_id)) => Ok(Self {
                account_id: user.account_id,
                vendor_id,
                is_admin: user.role == Role::VendorAdmin,
            }),
            _ => Err(Refusal::Forbidden),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, department: Option<&str>) -> SessionUser {
        SessionUser {
            account_id: Uuid::nil(),
            display_name: "某人".into(),
            role,
            department_code: department.map(str::to_string),
            vendor_id: None,
            unread_notifications: 0,
        }
    }

    #[test]
    fn nobody_signed_in_is_asked_to_sign_in_except_for_staff_areas() {
        assert_eq!(SignedIn::from_user(None), Err(Refusal::SignInRequired));
        assert_eq!(Citizen::from_user(None), Err(Refusal::SignInRequired));
        assert_eq!(Clerk::from_user(None), Err(Refusal::Forbidden));
        assert_eq!(Supervisor::from_user(None), Err(Refusal::Forbidden));
        assert_eq!(Operator::from_user(None), Err(Refusal::Forbidden));
    }

    #[test]
    fn each_role_reaches_only_its_own() {
        let citizen = user(Role::Citizen, None);
        let clerk = user(Role::Clerk, Some("GA"));
        let supervisor = user(Role::Supervisor, Some("GA"));
        let operator = user(Role::Operator, None);
        assert!(Citizen::from_user(Some(&citizen)).is_ok());
        assert_eq!(Citizen::from_user(Some(&clerk)), Err(Refusal::Forbidden));
        assert_eq!(Clerk::from_user(Some(&citizen)), Err(Refusal::Forbidden));
        assert_eq!(Clerk::from_user(Some(&operator)), Err(Refusal::Forbidden));
        assert_eq!(
            Clerk::from_user(Some(&supervisor)).map(|c| c.department),
            Ok("GA".to_string())
        );
        assert_eq!(Supervisor::from_user(Some(&clerk)), Err(Refusal::Forbidden));
        assert!(Supervisor::from_user(Some(&supervisor)).is_ok());
        assert_eq!(
            Operator::from_user(Some(&supervisor)),
            Err(Refusal::Forbidden)
        );
        assert!(Operator::from_user(Some(&operator)).is_ok());
        assert!(SignedIn::from_user(Some(&clerk)).is_ok());
    }

    #[test]
    fn vendor_staff_act_only_for_their_own_organisation() {
        let vendor = Uuid::from_u128(7);
        let mut admin = user(Role::VendorAdmin, None);
        admin.vendor_id = Some(vendor);
        let member = VendorMember::from_user(Some(&admin));
        assert_eq!(
            member.map(|m| (m.vendor_id, m.is_admin)),
            Ok((vendor, true))
        );
        assert_eq!(Operator::from_user(Some(&admin)), Err(Refusal::Forbidden));
        assert_eq!(Citizen::from_user(Some(&admin)), Err(Refusal::Forbidden));
        let citizen = user(Role::Citizen, None);
        assert_eq!(
            VendorMember::from_user(Some(&citizen)),
            Err(Refusal::Forbidden)
        );
        let mut orphan = user(Role::VendorStaff, None);
        orphan.vendor_id = None;
        assert_eq!(
            VendorMember::from_user(Some(&orphan)),
            Err(Refusal::Forbidden)
        );
        assert_eq!(VendorMember::from_user(None), Err(Refusal::SignInRequired));
    }

    #[test]
    fn department_staff_without_a_department_may_not_act_for_one() {
        let clerk = user(Role::Clerk, None);
        assert_eq!(Clerk::from_user(Some(&clerk)), Err(Refusal::Forbidden));
    }
}
