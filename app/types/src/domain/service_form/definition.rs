//! The types of a form definition: fields, kinds, date rules, options, conditions, prefill, files.
use std::fmt;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::Text;

/// A service's application form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormDefinition {
    pub fields: Vec<FieldDef>,
}

impl FormDefinition {
    /// The form without the uploads of the service materials at `positions`: those the shared
    /// base data stands in for (免证办), which the applicant is no longer asked for.
    pub fn without_materials(mut self, positions: &[u32]) -> Self {
        if !positions.is_empty() {
            self.fields.retain(|field| {
                !field
                    .kind
                    .file_rules()
                    .and_then(|rules| rules.material())
                    .is_some_and(|material| positions.contains(&material))
            });
        }
        self
    }
}

/// One question on the form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    /// `^[a-z][a-z0-9_]*$`, unique among its siblings; the form path of the answer.
    pub key: String,
    pub label: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    #[serde(default)]
    pub required: bool,
    pub kind: FieldKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visible_when: Option<Condition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefill: Option<Prefill>,
}

/// What kind of answer a field takes; serialised with a `type` tag.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum FieldKind {
    ShortText {
        #[serde(default = "default_short_text_chars")]
        max_chars: u32,
    },
    LongText {
        #[serde(default = "default_long_text_chars")]
        max_chars: u32,
    },
    Number {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
        #[serde(default)]
        integer: bool,
    },
    Date {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<DateRule>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<DateRule>,
    },
    SingleChoice {
        options: Vec<ChoiceOption>,
    },
    MultiChoice {
        options: Vec<ChoiceOption>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_selected: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_selected: Option<u32>,
    },
    ResidentId,
    CreditCode,
    /// Mainland mobile or landline.
    Phone,
    Email,
    /// A district code from [`regions`](super::regions) plus the street detail.
    Address,
    /// Attachment ids, or wallet certificates where `ecert_type` is set; see [`FileRules`].
    File {
        /// MIME types, e.g. `application/pdf`, `image/jpeg`; `image/*` accepts any image.
        accept: Vec<String>,
        max_bytes: u64,
        max_count: u32,
        /// Position of the service material (申请材料) this upload provides.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        material: Option<u32>,
        /// A wallet certificate of this type may replace the upload.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ecert_type: Option<String>,
    },
    /// Repeatable rows of plain fields.
    Group {
        fields: Vec<FieldDef>,
        min_rows: u32,
        max_rows: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        add_label: Option<Text>,
    },
}

fn default_short_text_chars() -> u32 {
    100
}

fn default_long_text_chars() -> u32 {
    2000
}

/// A date limit, inclusive, relative to the day the form is validated or fixed.
/// JSON: `"today"`, `{"offset_days": -30}`, `{"fixed": "2026-01-01"}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateRule {
    Today,
    OffsetDays(i32),
    Fixed(NaiveDate),
}

impl DateRule {
    /// The limit on `today`; `None` only if the offset leaves chrono's date range.
    pub fn resolve(self, today: NaiveDate) -> Option<NaiveDate> {
        match self {
            DateRule::Today => Some(today),
            DateRule::OffsetDays(days) if days >= 0 => {
                today.checked_add_days(Days::new(u64::from(days.unsigned_abs())))
            }
            DateRule::OffsetDays(days) => {
                today.checked_sub_days(Days::new(u64::from(days.unsigned_abs())))
            }
            DateRule::Fixed(date) => Some(date),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    /// What the form posts and what is stored.
    pub value: String,
    pub label: Text,
}

/// Show a field only when an earlier choice field has one of these values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// Key of an earlier top-level field, or of an earlier sibling in the same group.
    pub field: String,
    pub any_of: Vec<String>,
}

impl Condition {
    /// Whether any of the posted values of the referenced field is listed.
    pub fn holds(&self, values: &[String]) -> bool {
        values
            .iter()
            .any(|v| self.any_of.iter().any(|o| o == v.trim()))
    }
}

/// Where a field's initial value comes from (the applicant's or enterprise's profile).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Prefill {
    ApplicantName,
    ApplicantIdNumber,
    ApplicantMobile,
    ApplicantEmail,
    ApplicantAddress,
    EnterpriseName,
    EnterpriseCreditCode,
    EnterpriseLegalRep,
    EnterpriseAddress,
}

impl Prefill {
    pub const ALL: [Prefill; 9] = [
        Prefill::ApplicantName,
        Prefill::ApplicantIdNumber,
        Prefill::ApplicantMobile,
        Prefill::ApplicantEmail,
        Prefill::ApplicantAddress,
        Prefill::EnterpriseName,
        Prefill::EnterpriseCreditCode,
        Prefill::EnterpriseLegalRep,
        Prefill::EnterpriseAddress,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Prefill::ApplicantName => "applicant_name",
            Prefill::ApplicantIdNumber => "applicant_id_number",
            Prefill::ApplicantMobile => "applicant_mobile",
            Prefill::ApplicantEmail => "applicant_email",
            Prefill::ApplicantAddress => "applicant_address",
            Prefill::EnterpriseName => "enterprise_name",
            Prefill::EnterpriseCreditCode => "enterprise_credit_code",
            Prefill::EnterpriseLegalRep => "enterprise_legal_rep",
            Prefill::EnterpriseAddress => "enterprise_address",
        }
    }

    /// Whether this source can fill a field of `kind`: an address source (district and
    /// detail) only an address; the others free text or their own structured kind.
    pub fn fits(self, kind: &FieldKind) -> bool {
        let address = matches!(self, Prefill::ApplicantAddress | Prefill::EnterpriseAddress);
        match kind {
            FieldKind::ShortText { .. } | FieldKind::LongText { .. } => !address,
            FieldKind::ResidentId => self == Prefill::ApplicantIdNumber,
            FieldKind::CreditCode => self == Prefill::EnterpriseCreditCode,
            FieldKind::Phone => self == Prefill::ApplicantMobile,
            FieldKind::Email => self == Prefill::ApplicantEmail,
            FieldKind::Address => address,
            _ => false,
        }
    }
}

/// The limits of a file field, borrowed from its [`FieldKind::File`]: the upload code enforces
/// type and size, [`validate`](super::validate) the number of references and their syntax.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileRules<'a> {
    accept: &'a [String],
    max_bytes: u64,
    max_count: u32,
    material: Option<u32>,
    ecert_type: Option<&'a str>,
}

impl<'a> FileRules<'a> {
    pub fn accept(&self) -> &'a [String] {
        self.accept
    }

    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
    }

    pub fn max_count(&self) -> u32 {
        self.max_count
    }

    /// Position of the service material this field provides.
    pub fn material(&self) -> Option<u32> {
        self.material
    }

    /// The wallet certificate type that may replace an upload.
    pub fn ecert_type(&self) -> Option<&'a str> {
        self.ecert_type
    }

    /// Whether a file of this MIME type may be uploaded (case-insensitive, parameters such as
    /// `; charset=` ignored, `type/*` in `accept` matches any subtype).
    pub fn accepts_mime(&self, mime: &str) -> bool {
        let mime = mime
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let Some((kind, subtype)) = mime.split_once('/') else {
            return false;
        };
        if kind.is_empty() || subtype.is_empty() {
            return false;
        }
        self.accept.iter().any(|a| {
            let a = a.to_ascii_lowercase();
            a == mime || a.strip_suffix("/*") == Some(kind)
        })
    }

    /// Whether a posted value is an acceptable reference: an attachment id, or a wallet
    /// certificate where the field allows one.
    pub fn accepts_reference(&self, value: &str) -> bool {
        match FileRef::parse(value) {
            Some(FileRef::Upload(_)) => true,
            Some(FileRef::Certificate(_)) => self.ecert_type.is_some(),
            None => false,
        }
    }
}

impl FieldKind {
    /// The limits of a file field; `None` for other kinds.
    pub fn file_rules(&self) -> Option<FileRules<'_>> {
        match self {
            FieldKind::File {
                accept,
                max_bytes,
                max_count,
                material,
                ecert_type,
            } => Some(FileRules {
                accept,
                max_bytes: *max_bytes,
                max_count: *max_count,
                material: *material,
                ecert_type: ecert_type.as_deref(),
            }),
            _ => None,
        }
    }
}

/// What a file field's value refers to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FileRef {
    /// An uploaded attachment (lower-case hyphenated uuid).
    Upload(String),
    /// A certificate in the applicant's wallet (lower-case hyphenated uuid).
    Certificate(String),
}

impl FileRef {
    pub const CERT_PREFIX: &'static str = "cert:";

    /// `<uuid>` or `cert:<uuid>` (uuid in the 8-4-4-4-12 hex form, any case).
    pub fn parse(value: &str) -> Option<Self> {
        let value = value.trim();
        match value.strip_prefix(Self::CERT_PREFIX) {
            Some(id) => canonical_uuid(id).map(FileRef::Certificate),
            None => canonical_uuid(value).map(FileRef::Upload),
        }
    }

    /// The uuid, without the `cert:` prefix.
    pub fn id(&self) -> &str {
        match self {
            FileRef::Upload(id) | FileRef::Certificate(id) => id,
        }
    }

    pub fn is_certificate(&self) -> bool {
        matches!(self, FileRef::Certificate(_))
    }
}

impl fmt::Display for FileRef {
    /// The form value: `<uuid>` or `cert:<uuid>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileRef::Upload(id) => f.write_str(id),
            FileRef::Certificate(id) => write!(f, "{}{id}", Self::CERT_PREFIX),
        }
    }
}

fn canonical_uuid(s: &str) -> Option<String> {
    let groups: Vec<&str> = s.split('-').collect();
    let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    let well_formed = lengths == [8, 4, 4, 4, 12]
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()));
    well_formed.then(|| s.to_ascii_lowercase())
}
