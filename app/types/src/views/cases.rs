//! What applicants read about their applications: "My applications", a case, the form to fill.
use crate::domain::case_lifecycle::{ActionKind, CaseState, SupplementItem};
use crate::domain::service_form::{FormDefinition, RawAnswers};
use crate::domain::working_days::DeadlineStatus;
use crate::Text;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A case's deadline as the applicant and the clerk see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ClockView {
    /// Not accepted yet: the promised limit starts at acceptance.
    NotStarted { promised_days: u32 },
    Running {
        /// The promised deadline (承诺办结期限), which the queues and statuses follow.
        due: NaiveDate,
        /// The statutory deadline (法定办结期限), with the same pauses.
        #[serde(default)]
        statutory_due: Option<NaiveDate>,
        status: DeadlineStatus,
    },
    /// A supplement is pending; this many working days remain when it is resubmitted.
    Paused { remaining_working_days: u32 },
    /// Decided or withdrawn.
    Stopped,
}
/// Which cases "My applications" lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusFilter {
    #[default]
    All,
    ActionNeeded,
    InProgress,
    Finished,
}
impl StatusFilter {
    pub const ALL: [StatusFilter; 4] = [
        StatusFilter::All,
        StatusFilter::ActionNeeded,
        StatusFilter::InProgress,
        StatusFilter::Finished,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::ActionNeeded => "action_needed",
            Self::InProgress => "in_progress",
            Self::Finished => "finished",
        }
    }

    pub fn parse(s: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .unwrap_or_default()
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Self::All => "cases-filter-all",
            Self::ActionNeeded => "cases-filter-action-needed",
            Self::InProgress => "cases-filter-in-progress",
            Self::Finished => "cases-filter-finished",
        }
    }

    /// The states this filter shows.
    pub fn states(self) -> Vec<CaseState> {
        CaseState::ALL
            .iter()
            .copied()
            .filter(|s| *s != CaseState::Draft)
            .filter(|s| match self {
                Self::All => true,
                Self::ActionNeeded => *s == CaseState::SupplementRequested,
                Self::InProgress => !s.is_final() && *s != CaseState::SupplementRequested,
                Self::Finished => s.is_final(),
            })
            .collect()
    }
}
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CaseFilter {
    pub status: StatusFilter,
    /// A service code, or every service.
    pub service: Option<String>,
    /// Only the cases filed for this enterprise.
    pub enterprise: Option<Uuid>,
}
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftRow {
    pub id: Uuid,
    pub service: Text,
    pub enterprise: Option<String>,
    pub saved_at: DateTime<Utc>,
    pub answered: u32,
    pub required: u32,
}
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseRow {
    pub id: Uuid,
    pub case_number: String,
    pub service: Text,
    pub department: Text,
    pub state: CaseState,
    pub enterprise: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
}
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MyApplications {
    pub drafts: Vec<DraftRow>,
    pub cases: Vec<CaseRow>,
    /// Filter choices: the services the user has cases of, and their enterprises.
    pub services: Vec<(String, Text)>,
    pub enterprises: Vec<(Uuid, String)>,
}
/// One entry of a case's timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: DateTime<Utc>,
    pub action: ActionKind,
    pub to_state: CaseState,
    /// `applicant`, `clerk`, `department_system`.
    pub actor_kind: String,
    pub reason: String,
    pub supplement_items: Vec<SupplementItem>,
}
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub id: Uuid,
    pub field_key: String,
    pub original_name: String,
    pub content_type: String,
    pub size_bytes: i64,
}
/// The applicant's 好差评 of a decided case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingView {
    pub score: i32,
    pub comment: String,
    /// `Some(None)`: a follow-up is open; `Some(Some(response))`: the department answered.
    pub followup: Option<Option<String>>,
}
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseDetail {
    pub id: Uuid,
    pub case_number: Option<String>,
    pub service_code: String,
    pub service: Text,
    pub department: Text,
    pub state: CaseState,
    pub version: i32,
    pub enterprise: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub clock: ClockView,
    pub timeline: Vec<TimelineEntry>,
    /// The open supplement request, if any.
    pub supplement_items: Vec<SupplementItem>,
    pub definition: FormDefinition,
    pub answers: RawAnswers,
    pub attachments: Vec<AttachmentView>,
    /// What the applicant may do now.
    pub actions: Vec<ActionKind>,
    pub rating: Option<RatingView>,
    /// E-certificates issued by this case: (name, verification code, valid until — the
    /// validity the deciding department gave, if the result expires).
    pub certificates: Vec<(Text, String, Option<NaiveDate>)>,
    /// Approved, but the certificate waits until the applicant reaches the certificate level.
    #[serde(default)]
    pub certificate_withheld: bool,
    /// The service's materials the shared base data stands in for (not asked on the form; the
    /// department reads the record instead).
    #[serde(default)]
    pub provided_from_base_data: Vec<Text>,
    /// Decided and not rated yet.
    pub can_rate: bool,
    /// Staff views of this case, newest first: (time, department, role) — never a name. Filled
    /// for the applicant only.
    #[serde(default)]
    /// (time, department, role, the translation key of what was seen: the page, a file, the
    /// applicant's base data)
    pub viewed_by: Vec<(DateTime<Utc>, Text, String, String)>,
    /// The department's messages to the applicant, oldest first: (time, department, body) —
    /// never internal notes. Filled for the applicant only.
    #[serde(default)]
    pub messages: Vec<(DateTime<Utc>, Text, String)>,
    /// When the submission reached the department's own system (routing layer); `None` for
    /// workbench departments and until delivered.
    #[serde(default)]
    pub delivered_to_department_at: Option<DateTime<Utc>>,
    /// The submission was given up on without reaching the department's system (and nothing
    /// is on its way): the applicant is told the department has not received it yet.
    #[serde(default)]
    pub undelivered: bool,
    /// The department system's own reference for the case (its answer to the latest delivery
    /// that named one); shown to the applicant and the clerks.
    #[serde(default)]
    pub department_reference: Option<String>,
    /// A bundle (一件事): its child cases and their aggregate.
    #[serde(default)]
    pub bundle: Option<BundleView>,
    /// The bundle this case is a part of.
    #[serde(default)]
    pub parent_bundle: Option<ParentBundle>,
}
/// The parts of a bundle case as the applicant follows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BundleView {
    pub status: crate::domain::bundle::BundleStatus,
    /// In the bundle's order.
    pub children: Vec<BundleChildView>,
}
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BundleChildView {
    pub case_id: Uuid,
    pub case_number: String,
    pub service: Text,
    pub department: Text,
    pub state: CaseState,
    /// The department's reason, when the part waits for a supplement or was turned down.
    pub reason: Option<String>,
    /// What the department asks for, when the part waits for a supplement, with the labels of
    /// those items on the part's own form (key, zh, en).
    pub supplement_items: Vec<SupplementItem>,
    pub supplement_labels: Vec<(String, String, String)>,
}
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParentBundle {
    pub case_id: Uuid,
    pub case_number: String,
    pub name: Text,
}
