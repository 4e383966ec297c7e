//! The logged-in account, its enterprise memberships and agents.
use crate::domain::real_name::{LevelSource, RealNameLevel};
use crate::domain::roles::Role;
use crate::Text;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountOverview {
    pub display_name: String,
    pub role: Role,
    pub department: Option<Text>,
    /// Personal numbers are only ever sent masked.
    pub masked_id_number: Option<String>,
    pub masked_mobile: Option<String>,
    /// A citizen's real-name level and what it rests on.
    pub real_name_level: Option<(RealNameLevel, LevelSource)>,
    /// The contact address for notification e-mails (the account's own, shown in full).
    pub email: Option<String>,
    pub memberships: Vec<Membership>,
    /// Enterprises this account registered that wait for, or were declined by, their legal
    /// representative.
    #[serde(default)]
    pub registrations: Vec<RegistrationRow>,
    /// Registrations of enterprises this account is the proven legal representative of, waiting
    /// for its answer.
    #[serde(default)]
    pub to_confirm: Vec<ConfirmationRow>,
}

/// One of the account's own enterprise registrations that is not (yet) an enterprise.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegistrationRow {
    pub enterprise_name: String,
    pub credit_code: String,
    /// Declined (with the representative's reason, maybe empty) or still waiting.
    pub declined: bool,
    pub reason: String,
}

/// A registration the account, as legal representative, is asked to confirm.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConfirmationRow {
    pub registration_id: Uuid,
    pub enterprise_name: String,
    pub credit_code: String,
    /// Who registered it: the name, and the mobile masked.
    pub registrant_name: String,
    pub registrant_mobile: String,
}
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgentStatus {
    Invited,
    Active,
    Revoked,
}
impl AgentStatus {
    pub fn parse(s: &str) -> Self {
        match s {
            "active" => Self::Active,
            "invited" => Self::Invited,
            _ => Self::Revoked,
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Self::Invited => "agent-status-invited",
            Self::Active => "agent-status-active",
            Self::Revoked => "agent-status-revoked",
        }
    }
}
/// The account's relation to one enterprise.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Membership {
    pub enterprise_id: Uuid,
    pub enterprise_name: String,
    pub credit_code: String,
    pub legal_rep: String,
    pub is_admin: bool,
    pub status: AgentStatus,
    /// Filled for the enterprise's active admins only.
    pub agents: Vec<AgentRow>,
}
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgentRow {
    /// The agent's account, or the id of an invitation waiting for its person to register.
    pub account_id: Uuid,
    /// Known once the person accepted; an invitation is shown by the numbers it was sent to.
    pub name: Option<String>,
    pub masked_mobile: String,
    pub masked_id_number: String,
    pub is_admin: bool,
    pub status: AgentStatus,
}
