//! Cases (办件): drafts, submission, the lifecycle's transitions and what applicants read.
//!
//! Every state change goes through [`transition::apply`], which locks the case row, asks the
//! domain state machine, and writes the change, its `case_events` row and whatever it emits
//! (delivery outbox, notifications) in the caller's transaction.
pub mod auto_assign;
pub mod bundles;
pub mod calendar;
pub mod deadlines;
pub mod drafts;
pub mod queries;
pub mod ratings;
pub mod supplement;
pub mod transition;

use super::error::InternalError;
use portal_types::domain::case_lifecycle::{Actor, TransitionError};
use portal_types::page_context::FieldError;
use uuid::Uuid;

/// Who is acting on a case; decides which cases they can reach at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Acting {
    /// A citizen: their own cases and those of enterprises they are an active agent of.
    Applicant { account_id: Uuid },
    /// Department staff: the cases of their department.
    Clerk {
        account_id: Uuid,
        department_code: String,
    },
    /// A department's own system (signed callbacks): the cases of that department.
    DepartmentSystem { department_code: String },
}

impl Acting {
    pub fn actor(&self) -> Actor {
        match self {
            Self::Applicant { .. } => Actor::Applicant,
            Self::Clerk { .. } => Actor::Clerk,
            Self::DepartmentSystem { .. } => Actor::DepartmentSystem,
        }
    }

    pub fn account_id(&self) -> Option<Uuid> {
        match self {
            Self::Applicant { account_id } | Self::Clerk { account_id, .. } => Some(*account_id),
            Self::DepartmentSystem { .. } => None,
        }
    }

    fn scope(&self) -> (&'static str, Option<Uuid>, Option<&str>) {
        match self {
            Self::Applicant { account_id } => ("applicant", Some(*account_id), None),
            Self::Clerk {
                account_id,
                department_code,
            } => ("clerk", Some(*account_id), Some(department_code)),
            Self::DepartmentSystem { department_code } => {
                ("department_system", None, Some(department_code))
            }
        }
    }
}

/// SQL condition "the acting party may reach case `c`"; binds `$scope_kind`, `$account`, `$department`
/// as the given parameter numbers. Kept in one place so every query scopes the same way.
/// The ids of the cases an applicant may reach (`$account`): their own, and their enterprises'
/// while they are an active agent. A union of two index lookups, so an applicant's list costs
/// the same however many cases the portal holds (the general [`reach_condition`] cannot use
/// an index for its `or`).
pub fn applicant_case_ids(account: usize) -> String {
    format!(
        "(select id from cases where applicant_account_id = ${account}
          union
          select ec.id from cases ec
          join enterprise_agents ea on ea.enterprise_id = ec.enterprise_id
          where ea.account_id = ${account} and ea.status = 'active')"
    )
}

pub fn reach_condition(kind: usize, account: usize, department: usize) -> String {
    format!(
        "((${kind}::text = 'applicant' and (c.applicant_account_id = ${account}
             or exists (select 1 from enterprise_agents ea
                        where ea.enterprise_id = c.enterprise_id and ea.account_id = ${account}
                          and ea.status = 'active')))
          or (${kind}::text in ('clerk', 'department_system') and c.department_code = ${department}::text
              and c.state <> 'draft'))"
    )
}

#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    /// No such case, or not one the acting party may reach (indistinguishable on purpose).
    #[error("case not found")]
    NotFound,
    /// The case changed since the actor loaded it.
    #[error("the case changed meanwhile")]
    Stale,
    #[error(transparent)]
    Transition(#[from] TransitionError),
    /// The answers do not pass the form's validation.
    #[error("the application has {} problems", .0.len())]
    Invalid(Vec<FieldError>),
    /// Only a draft can be edited or discarded this way.
    #[error("the case is no longer a draft")]
    NotDraft,
    /// Another clerk holds (has claimed or accepted) the case: only they decide it, until a
    /// supervisor reassigns it.
    #[error("another clerk holds the case")]
    HeldByAnother,
    /// The applicant already has [`drafts::MAX_DRAFTS`] drafts: one must be submitted or
    /// deleted before another is started.
    #[error("too many drafts")]
    TooManyDrafts,
    /// The service requires a higher real-name level than the applicant holds.
    #[error("the service requires real-name level {0:?}")]
    LevelRequired(portal_types::domain::real_name::RealNameLevel),
    /// The draft's answers would exceed [`RawAnswers::MAX_TOTAL_BYTES`](portal_types::domain::service_form::RawAnswers::MAX_TOTAL_BYTES).
    #[error("the answers are too large")]
    AnswersTooLarge,
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl From<sqlx::Error> for CaseError {
    fn from(error: sqlx::Error) -> Self {
        Self::Internal(InternalError::Database(error))
    }
}

impl CaseError {
    /// Machine-readable code, also the Fluent id suffix of the message shown to people.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound => "case-not-found",
            Self::Stale => "case-stale",
            Self::Transition(e) => e.code(),
            Self::Invalid(_) => "case-invalid",
            Self::NotDraft => "case-not-draft",
            Self::HeldByAnother => "case-held-by-another",
            Self::TooManyDrafts => "case-too-many-drafts",
            Self::LevelRequired(_) => "case-level-required",
            Self::AnswersTooLarge => "case-answers-too-large",
            Self::Internal(_) => "internal-error",
        }
    }
}
