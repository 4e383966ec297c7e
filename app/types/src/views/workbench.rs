//! What department staff read on the workbench (受理/审查工作台): the queues and one case.
use super::cases::{CaseDetail, ClockView};
use crate::domain::case_lifecycle::CaseState;
use crate::Text;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The workbench's queues. NearDeadline and Overdue are computed from the calendar, never stored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Queue {
    #[default]
    New,
    Mine,
    AwaitingSupplement,
    NearDeadline,
    Overdue,
    Finished,
}
impl Queue {
    pub const ALL: [Queue; 6] = [
        Queue::New,
        Queue::Mine,
        Queue::AwaitingSupplement,
        Queue::NearDeadline,
        Queue::Overdue,
        Queue::Finished,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Mine => "mine",
            Self::AwaitingSupplement => "awaiting_supplement",
            Self::NearDeadline => "near_deadline",
            Self::Overdue => "overdue",
            Self::Finished => "finished",
        }
    }

    pub fn parse(s: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|q| q.as_str() == s)
            .unwrap_or_default()
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Self::New => "wb-queue-new",
            Self::Mine => "wb-queue-mine",
            Self::AwaitingSupplement => "wb-queue-awaiting-supplement",
            Self::NearDeadline => "wb-queue-near-deadline",
            Self::Overdue => "wb-queue-overdue",
            Self::Finished => "wb-queue-finished",
        }
    }
}
/// Narrows a queue: one service, a case number prefix or part of the applicant's name, the
/// submission date (from/to, inclusive, Beijing time) and one state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueFilter {
    pub service: Option<String>,
    pub q: Option<String>,
    #[serde(default)]
    pub from: Option<NaiveDate>,
    #[serde(default)]
    pub to: Option<NaiveDate>,
    #[serde(default)]
    pub state: Option<CaseState>,
}
impl Queue {
    /// Which order the queue is read in: by deadline where the clock runs (the default a clerk
    /// works by); new cases and pending supplements by submission (their intake deadline follows
    /// it); finished cases newest decision first.
    pub fn order(self) -> QueueOrder {
        match self {
            Self::New | Self::AwaitingSupplement => QueueOrder::Submitted,
            Self::Mine | Self::NearDeadline | Self::Overdue => QueueOrder::Deadline,
            Self::Finished => QueueOrder::DecidedNewestFirst,
        }
    }
}
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueueOrder {
    Submitted,
    Deadline,
    DecidedNewestFirst,
}
/// Keyset position: the last row shown, by (sort key, id). The key is the submission or decision
/// time in microseconds, or the due date as days since 0001-01-01, after the queue's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub key: i64,
    pub id: Uuid,
}
impl Cursor {
    /// URL-safe form: the key, `~`, the case id.
    pub fn to_param(self) -> String {
        format!("{}~{}", self.key, self.id)
    }

    pub fn parse(s: &str) -> Option<Self> {
        let (key, id) = s.split_once('~')?;
        Some(Self {
            key: key.parse().ok()?,
            id: id.parse().ok()?,
        })
    }
}
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueRow {
    pub id: Uuid,
    pub case_number: String,
    pub service: Text,
    pub applicant: String,
    pub state: CaseState,
    pub submitted_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub clock: ClockView,
    /// Someone holds the case (claimed or accepted it).
    pub assigned: bool,
}
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QueuePage {
    pub rows: Vec<QueueRow>,
    pub next: Option<Cursor>,
    /// Every queue with its number of cases (the filter applied), at most
    /// `QUEUE_COUNT_CAP + 1` (meaning "more than the cap").
    pub counts: Vec<(Queue, i64)>,
    /// Filter choices: the department's services.
    pub services: Vec<(String, Text)>,
}
/// One case as department staff see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkbenchCase {
    pub detail: CaseDetail,
    pub applicant: String,
    /// The name of the clerk holding the case, if any.
    pub assigned_to: Option<String>,
    pub assigned_to_me: bool,
    /// The account holding the case, if any.
    #[serde(default)]
    pub assigned_id: Option<Uuid>,
    /// Internal notes and messages to the applicant, oldest first.
    #[serde(default)]
    pub notes: Vec<NoteView>,
    /// The department's active clerks (id, name) to assign the case to; supervisors only.
    #[serde(default)]
    pub clerks: Vec<(Uuid, String)>,
    /// The viewer is the department's supervisor (may assign the case).
    #[serde(default)]
    pub is_supervisor: bool,
    /// The legal grounds a denial of this case may cite (the service's list).
    #[serde(default)]
    pub deny_grounds: Vec<String>,
    /// Every delivery attempt to the department's system (the ledger), oldest first.
    #[serde(default)]
    pub deliveries: Vec<crate::views::deliveries::DeliveryAttempt>,
}
/// A note on a case as staff see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NoteView {
    pub at: DateTime<Utc>,
    /// The author's display name.
    pub author: String,
    /// Staff only; otherwise a message to the applicant.
    pub internal: bool,
    pub body: String,
}
/// The general legal grounds of a denial (行政许可法), each with a translation
/// `wb-deny-code-<code>`; a service's own list (`service_denial_grounds`) is offered instead when
/// it has one.
pub const DENY_REASON_CODES: &[&str] = &["xzxk-38-2", "xzxk-12", "xzxk-78"];
/// Queue counts stop at this number; a larger queue shows "1000+".
pub const QUEUE_COUNT_CAP: i64 = 1000;
/// The page size of the queues.
pub const QUEUE_PAGE_SIZE: i64 = 50;
