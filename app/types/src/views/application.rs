//! The application form of a service (new, or a saved draft), with everything the page needs:
//! the form version, the answers (verified data prefilled and locked), files, wallet certificates.
use super::cases::AttachmentView;
use crate::domain::service_form::{FormDefinition, RawAnswers};
use crate::page_context::FieldError;
use crate::Text;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WalletCertificate {
    pub id: Uuid,
    pub cert_type: String,
    pub name: Text,
    pub holder_name: String,
    pub issued_on: NaiveDate,
    pub valid_until: Option<NaiveDate>,
}
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplicationForm {
    /// `None` until the first save.
    pub case_id: Option<Uuid>,
    /// The application's idempotency key: a retried save or submit finds the same case.
    pub key: Uuid,
    pub service_code: String,
    pub service: Text,
    pub enterprise: Option<(Uuid, String)>,
    pub definition: FormDefinition,
    pub answers: RawAnswers,
    /// Top-level fields filled from verified data: shown, not editable.
    pub locked: Vec<String>,
    pub attachments: Vec<AttachmentView>,
    pub wallet: Vec<WalletCertificate>,
    /// `(field key, certificate id)` already attached.
    pub attached_certificates: Vec<(String, Uuid)>,
    pub errors: Vec<FieldError>,
    pub saved_at: Option<DateTime<Utc>>,
    /// During a supplement (补正): the items asked for; only their fields are editable.
    pub supplement_items: Vec<crate::domain::case_lifecycle::SupplementItem>,
    /// Today in Beijing time: date rules ("not in the future") are checked against it.
    pub today: NaiveDate,
}
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ApplicationLoad {
    Ready(Box<ApplicationForm>),
    NeedsLogin,
    /// An enterprise service, and the user is an agent of several: which one?
    ChooseEnterprise(Vec<(Uuid, String)>),
    /// An enterprise service, and the user acts for no enterprise yet.
    NeedsEnterprise,
    /// No such service or draft (or not the user's).
    NotFound,
}
