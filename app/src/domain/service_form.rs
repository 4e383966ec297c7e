//! The application form of a service (申请表): its definition, stored as JSON per service and
//! version, and the validation of the answers, shared by the server (authoritative) and the
//! browser (on-blur checks). Plain Rust, no I/O.
//!
//! # Definition
//!
//! A [`FormDefinition`] is a list of [`FieldDef`]s. Each has a key (`^[a-z][a-z0-9_]*$`), a
//! bilingual label, optional help, `required`, a [`FieldKind`], an optional [`Condition`]
//! (`visible_when`) and an optional [`Prefill`] source. A `group` holds repeatable rows of plain
//! fields (no nested groups). [`FormDefinition::check`] validates a definition before it is
//! stored; [`FormDefinition::from_json`] parses and checks in one step.
//!
//! One field of every kind (this exact text is parsed by a unit test):
//!
//! ```json
//! {"fields": [
//!   {"key": "applicant_name", "label": {"zh": "申请人姓名", "en": "Applicant's name"}, "required": true,
//!    "kind": {"type": "short_text", "max_chars": 30}, "prefill": "applicant_name"},
//!   {"key": "id_number", "label": {"zh": "身份证号码", "en": "Resident ID number"}, "required": true,
//!    "kind": {"type": "resident_id"}, "prefill": "applicant_id_number"},
//!   {"key": "phone", "label": {"zh": "联系电话", "en": "Phone number"}, "required": true,
//!    "help": {"zh": "手机或固定电话", "en": "Mobile or landline"},
//!    "kind": {"type": "phone"}, "prefill": "applicant_mobile"},
//!   {"key": "email", "label": {"zh": "电子邮箱", "en": "Email address"},
//!    "kind": {"type": "email"}, "prefill": "applicant_email"},
//!   {"key": "credit_code", "label": {"zh": "统一社会信用代码", "en": "Unified social credit code"},
//!    "required": true, "kind": {"type": "credit_code"}, "prefill": "enterprise_credit_code"},
//!   {"key": "entity_type", "label": {"zh": "企业类型", "en": "Type of business"}, "required": true,
//!    "kind": {"type": "single_choice", "options": [
//!      {"value": "llc", "label": {"zh": "有限责任公司", "en": "Limited liability company"}},
//!      {"value": "partnership", "label": {"zh": "合伙企业", "en": "Partnership"}}]}},
//!   {"key": "partner_count", "label": {"zh": "合伙人人数", "en": "Number of partners"}, "required": true,
//!    "kind": {"type": "number", "min": 2, "max": 50, "integer": true},
//!    "visible_when": {"field": "entity_type", "any_of": ["partnership"]}},
//!   {"key": "capital", "label": {"zh": "注册资本（万元）", "en": "Registered capital (10,000 yuan)"},
//!    "kind": {"type": "number", "min": 0}},
//!   {"key": "founded_on", "label": {"zh": "成立日期", "en": "Date founded"},
//!    "kind": {"type": "date", "min": {"fixed": "1949-10-01"}, "max": "today"}},
//!   {"key": "start_on", "label": {"zh": "拟开业日期", "en": "Planned opening date"}, "required": true,
//!    "kind": {"type": "date", "min": "today", "max": {"offset_days": 90}}},
//!   {"key": "scope", "label": {"zh": "经营范围", "en": "Business activities"}, "required": true,
//!    "kind": {"type": "multi_choice", "min_selected": 1, "max_selected": 2, "options": [
//!      {"value": "retail", "label": {"zh": "零售", "en": "Retail"}},
//!      {"value": "catering", "label": {"zh": "餐饮", "en": "Catering"}},
//!      {"value": "consulting", "label": {"zh": "咨询", "en": "Consulting"}}]}},
//!   {"key": "domicile", "label": {"zh": "住所", "en": "Registered address"}, "required": true,
//!    "kind": {"type": "address"}, "prefill": "enterprise_address"},
//!   {"key": "remarks", "label": {"zh": "备注", "en": "Remarks"},
//!    "kind": {"type": "long_text", "max_chars": 500}},
//!   {"key": "articles", "label": {"zh": "公司章程", "en": "Articles of association"}, "required": true,
//!    "kind": {"type": "file", "accept": ["application/pdf"], "max_bytes": 10485760, "max_count": 1,
//!             "material": 2}},
//!   {"key": "shareholders", "label": {"zh": "股东", "en": "Shareholders"}, "required": true,
//!    "kind": {"type": "group", "min_rows": 1, "max_rows": 50,
//!             "add_label": {"zh": "添加股东", "en": "Add a shareholder"}, "fields": [
//!      {"key": "name", "label": {"zh": "姓名", "en": "Name"}, "required": true,
//!       "kind": {"type": "short_text", "max_chars": 30}},
//!      {"key": "id_number", "label": {"zh": "身份证号码", "en": "Resident ID number"}, "required": true,
//!       "kind": {"type": "resident_id"}},
//!      {"key": "id_copy", "label": {"zh": "身份证复印件", "en": "Copy of ID card"},
//!       "kind": {"type": "file", "accept": ["image/jpeg", "image/png", "application/pdf"],
//!                "max_bytes": 5242880, "max_count": 2, "material": 3, "ecert_type": "resident_id_card"}}]}}
//! ]}
//! ```
//!
//! Defaults when omitted: `required: false`; `short_text.max_chars` 100; `long_text.max_chars`
//! 2000; `number.integer` false; every `Option` absent.
//!
//! # Answers
//!
//! [`RawAnswers`] are the form values exactly as an HTML form posts them, keyed by path:
//! `key`; `key.district` / `key.detail` for an address; `group.N.member` (and
//! `group.N.member.district` …) for group rows; a multi-choice or file field posts its key once
//! per value. File values are attachment ids (`<uuid>`) or wallet certificates (`cert:<uuid>`).
//!
//! # Choices
//!
//! - Visibility: a field with `visible_when` is shown when the referenced field is itself shown
//!   and one of its (trimmed) answers is listed in `any_of`. Hidden fields are neither required
//!   nor validated, and are dropped from the clean answers, so a hidden answer is never stored.
//!   Inside a group a condition names an earlier sibling in the same row, or else an earlier
//!   top-level field.
//! - An empty required field gets `form-required` (`form-choice-required` for choices,
//!   `form-file-required` for files, `form-address-district-required` /
//!   `form-address-detail-required` for the two halves of an address). A non-empty resident ID,
//!   credit code or phone number that does not parse gets the codes of
//!   [`super::resident_id`] / [`super::credit_code`]; phone numbers get `form-phone-invalid`
//!   because landlines are accepted too.
//! - Group rows: rows `0..=highest index posted` exist. A completely empty row at or beyond
//!   `min_rows` is dropped (wherever it is, so a user without JavaScript removes a row by
//!   clearing it); rows below `min_rows` are always validated. Fewer rows than `min_rows`
//!   posted gives `form-too-few-rows`, more kept rows than `max_rows` `form-too-many-rows`, both
//!   on the group's key. Errors name the posted row index; the clean answers renumber rows from 0.
//!   A group with `required: true` needs at least one row even if `min_rows` is 0.
//! - Full-width digits and letters (typed with a Chinese IME) are folded to ASCII in numbers,
//!   dates, IDs, codes, phone numbers and e-mail addresses. Text is trimmed; short text has
//!   control characters replaced by spaces, long text has line breaks normalised to `\n` (so a
//!   textarea's CRLF counts as one character, as the browser's `maxlength` does).
//! - Numbers keep the digits as typed (no float rounding); only a leading `+` is dropped and a
//!   bare `.5` / `5.` is completed to `0.5` / `5`. Dates accept `YYYY-MM-DD`, `YYYY/M/D`,
//!   `YYYY.M.D` and `YYYY年M月D日`, and are stored as `YYYY-MM-DD`. Date limits are inclusive.
//! - Files: validation checks only the number of references and their syntax; a `cert:` value is
//!   accepted only where the field names an `ecert_type`. Ownership, type and size of the uploads
//!   are the upload code's job ([`FileRules`]).
use std::collections::BTreeMap;
use std::fmt;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::credit_code::CreditCode;
use super::mobile::MobileNumber;
use super::resident_id::ResidentId;
use crate::api::Text;
use crate::page_context::{FieldError, CSRF_FIELD};

pub mod regions;
pub use regions::{district, districts, District};

/// Longest field key.
pub const MAX_KEY_CHARS: usize = 64;
/// Most top-level fields in a form.
pub const MAX_FIELDS: usize = 200;
/// Most fields in one group row.
pub const MAX_GROUP_FIELDS: usize = 50;
/// Highest `max_rows` a group may declare.
pub const MAX_ROWS: u32 = 100;
/// Most options in a choice field.
pub const MAX_OPTIONS: usize = 200;
/// Longest option value.
pub const MAX_OPTION_CHARS: usize = 100;
/// Highest `max_count` a file field may declare.
pub const MAX_FILES: u32 = 50;
/// Longest street detail of an address.
pub const MAX_ADDRESS_DETAIL_CHARS: usize = 200;
/// Longest number (sign, digits and point).
pub const MAX_NUMBER_CHARS: usize = 32;
/// Longest e-mail address (RFC 5321 path limit).
pub const MAX_EMAIL_CHARS: usize = 254;
/// Form names that are never answers (and so never field keys).
pub const RESERVED_NAMES: &[&str] = &[
    CSRF_FIELD,
    "idempotency_key",
    "action",
    "wallet_fields",
    "remove_file",
];
/// Row indices in paths go up to this (three digits), which bounds the work a tampered post causes.
const MAX_ROW_INDEX: usize = 999;

/// Fluent ids of the errors this module produces (besides `resident-id-*`, `credit-code-*`).
pub mod code {
    pub const REQUIRED: &str = "form-required";
    pub const CHOICE_REQUIRED: &str = "form-choice-required";
    pub const FILE_REQUIRED: &str = "form-file-required";
    /// Arg `max` (characters).
    pub const TOO_LONG: &str = "form-too-long";
    pub const NUMBER_INVALID: &str = "form-number-invalid";
    /// Arg `min`.
    pub const NUMBER_BELOW_MIN: &str = "form-number-below-min";
    /// Arg `max`.
    pub const NUMBER_ABOVE_MAX: &str = "form-number-above-max";
    pub const NUMBER_NOT_INTEGER: &str = "form-number-not-integer";
    pub const DATE_INVALID: &str = "form-date-invalid";
    /// Arg `date` (`YYYY-MM-DD`).
    pub const DATE_BEFORE_MIN: &str = "form-date-before-min";
    /// Arg `date` (`YYYY-MM-DD`).
    pub const DATE_AFTER_MAX: &str = "form-date-after-max";
    pub const CHOICE_INVALID: &str = "form-choice-invalid";
    /// Arg `min`.
    pub const TOO_FEW_SELECTED: &str = "form-too-few-selected";
    /// Arg `max`.
    pub const TOO_MANY_SELECTED: &str = "form-too-many-selected";
    pub const EMAIL_INVALID: &str = "form-email-invalid";
    pub const PHONE_INVALID: &str = "form-phone-invalid";
    pub const ADDRESS_DISTRICT_REQUIRED: &str = "form-address-district-required";
    pub const ADDRESS_DISTRICT_INVALID: &str = "form-address-district-invalid";
    pub const ADDRESS_DETAIL_REQUIRED: &str = "form-address-detail-required";
    /// Arg `max`.
    pub const TOO_MANY_FILES: &str = "form-too-many-files";
    pub const FILE_REFERENCE_INVALID: &str = "form-file-reference-invalid";
    /// Arg `min`.
    pub const TOO_FEW_ROWS: &str = "form-too-few-rows";
    /// Arg `max`.
    pub const TOO_MANY_ROWS: &str = "form-too-many-rows";
}

/// Every `form-*` code [`validate`] and [`check_answer`] can produce.
pub const ERROR_CODES: &[&str] = &[
    code::REQUIRED,
    code::CHOICE_REQUIRED,
    code::FILE_REQUIRED,
    code::TOO_LONG,
    code::NUMBER_INVALID,
    code::NUMBER_BELOW_MIN,
    code::NUMBER_ABOVE_MAX,
    code::NUMBER_NOT_INTEGER,
    code::DATE_INVALID,
    code::DATE_BEFORE_MIN,
    code::DATE_AFTER_MAX,
    code::CHOICE_INVALID,
    code::TOO_FEW_SELECTED,
    code::TOO_MANY_SELECTED,
    code::EMAIL_INVALID,
    code::PHONE_INVALID,
    code::ADDRESS_DISTRICT_REQUIRED,
    code::ADDRESS_DISTRICT_INVALID,
    code::ADDRESS_DETAIL_REQUIRED,
    code::TOO_MANY_FILES,
    code::FILE_REFERENCE_INVALID,
    code::TOO_FEW_ROWS,
    code::TOO_MANY_ROWS,
];

// ---------------------------------------------------------------------------------------------
// Definition
// ---------------------------------------------------------------------------------------------

/// A service's application form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormDefinition {
    pub fields: Vec<FieldDef>,
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
    /// A district code from [`regions`] plus the street detail.
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
/// type and size, [`validate`] the number of references and their syntax.
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

/// Why a form definition cannot be used. Field names are `key` or `group.member`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DefinitionError {
    #[error("not a valid form definition: {0}")]
    Json(String),
    #[error("the form has no fields")]
    NoFields,
    #[error("`{0}` has too many fields")]
    TooManyFields(String),
    #[error(
        "`{0}` is not a valid key (a-z, 0-9 and _, starting with a letter, at most 64 characters)"
    )]
    InvalidKey(String),
    #[error("`{0}` is reserved for the form itself")]
    ReservedKey(String),
    #[error("`{0}` is used as a key more than once")]
    DuplicateKey(String),
    #[error("`{0}`: a label, help or option text is blank in one of the languages")]
    MissingText(String),
    #[error("`{0}`: a group cannot contain another group")]
    NestedGroup(String),
    #[error("`{0}`: a group needs at least one field")]
    EmptyGroup(String),
    #[error("`{field}`: {problem}")]
    InvalidLimits {
        field: String,
        problem: &'static str,
    },
    #[error("`{0}`: a choice needs at least one option")]
    NoOptions(String),
    #[error(
        "`{field}`: option `{value}` is blank, too long, contains control characters or is listed twice"
    )]
    InvalidOption { field: String, value: String },
    #[error("`{field}`: the condition must name an earlier choice field, not `{target}`")]
    ConditionTarget { field: String, target: String },
    #[error("`{field}`: `{value}` is not an option of `{target}`")]
    ConditionValue {
        field: String,
        target: String,
        value: String,
    },
    #[error("`{0}`: the condition lists no values")]
    EmptyCondition(String),
    #[error("`{field}`: {problem}")]
    InvalidFileRules {
        field: String,
        problem: &'static str,
    },
    #[error("`{field}`: prefill `{prefill}` does not fit this kind of field")]
    PrefillMismatch {
        field: String,
        prefill: &'static str,
    },
}

fn is_key(s: &str) -> bool {
    let mut chars = s.chars();
    s.len() <= MAX_KEY_CHARS
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn text_complete(text: &Text) -> bool {
    !text.zh.trim().is_empty() && !text.en.trim().is_empty()
}

fn is_mime_pattern(s: &str) -> bool {
    let token = |t: &str| {
        !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"!#$&^_.+-".contains(&b))
    };
    match s.split_once('/') {
        Some((kind, "*")) => token(kind),
        Some((kind, sub)) => token(kind) && token(sub),
        None => false,
    }
}

/// The days from "today" of a relative rule, to compare two relative limits.
fn relative_days(rule: DateRule) -> Option<i64> {
    match rule {
        DateRule::Today => Some(0),
        DateRule::OffsetDays(days) => Some(i64::from(days)),
        DateRule::Fixed(_) => None,
    }
}

fn check_options(options: &[ChoiceOption], name: &str) -> Result<(), DefinitionError> {
    if options.is_empty() {
        return Err(DefinitionError::NoOptions(name.to_string()));
    }
    if options.len() > MAX_OPTIONS {
        return Err(DefinitionError::InvalidLimits {
            field: name.to_string(),
            problem: "a choice has at most 200 options",
        });
    }
    for (i, option) in options.iter().enumerate() {
        let value = &option.value;
        let bad = value.is_empty()
            || value.trim() != value
            || value.chars().count() > MAX_OPTION_CHARS
            || value.chars().any(char::is_control)
            || options[..i].iter().any(|o| &o.value == value);
        if bad {
            return Err(DefinitionError::InvalidOption {
                field: name.to_string(),
                value: value.clone(),
            });
        }
        if !text_complete(&option.label) {
            return Err(DefinitionError::MissingText(format!("{name}[{value}]")));
        }
    }
    Ok(())
}

fn limits(field: &str, problem: &'static str) -> DefinitionError {
    DefinitionError::InvalidLimits {
        field: field.to_string(),
        problem,
    }
}

fn file_problem(field: &str, problem: &'static str) -> DefinitionError {
    DefinitionError::InvalidFileRules {
        field: field.to_string(),
        problem,
    }
}

fn check_kind(kind: &FieldKind, name: &str, in_group: bool) -> Result<(), DefinitionError> {
    match kind {
        FieldKind::ShortText { max_chars } | FieldKind::LongText { max_chars } => {
            if *max_chars == 0 || *max_chars as usize > RawAnswers::MAX_VALUE_CHARS {
                return Err(limits(name, "max_chars must be between 1 and 20000"));
            }
        }
        FieldKind::Number { min, max, .. } => {
            if min.is_some_and(|m| !m.is_finite()) || max.is_some_and(|m| !m.is_finite()) {
                return Err(limits(name, "min and max must be finite numbers"));
            }
            if let (Some(min), Some(max)) = (min, max) {
                if min > max {
                    return Err(limits(name, "min is greater than max"));
                }
            }
        }
        FieldKind::Date {
            min: Some(min),
            max: Some(max),
        } => {
            let reversed = match (min, max) {
                (DateRule::Fixed(a), DateRule::Fixed(b)) => a > b,
                _ => match (relative_days(*min), relative_days(*max)) {
                    (Some(a), Some(b)) => a > b,
                    // A fixed and a relative limit can only be compared on a given day.
                    _ => false,
                },
            };
            if reversed {
                return Err(limits(name, "the earliest date is after the latest date"));
            }
        }
        FieldKind::Date { .. } => {}
        FieldKind::SingleChoice { options } => check_options(options, name)?,
        FieldKind::MultiChoice {
            options,
            min_selected,
            max_selected,
        } => {
            check_options(options, name)?;
            if max_selected == &Some(0) {
                return Err(limits(name, "max_selected must be at least 1"));
            }
            if let (Some(min), Some(max)) = (min_selected, max_selected) {
                if min > max {
                    return Err(limits(name, "min_selected is greater than max_selected"));
                }
            }
            if min_selected.is_some_and(|min| min as usize > options.len()) {
                return Err(limits(
                    name,
                    "min_selected is more than the number of options",
                ));
            }
        }
        FieldKind::ResidentId
        | FieldKind::CreditCode
        | FieldKind::Phone
        | FieldKind::Email
        | FieldKind::Address => {}
        FieldKind::File {
            accept,
            max_bytes,
            max_count,
            material,
            ecert_type,
        } => {
            if accept.is_empty() {
                return Err(file_problem(name, "accept lists no MIME type"));
            }
            if !accept.iter().all(|a| is_mime_pattern(a)) {
                return Err(file_problem(
                    name,
                    "accept must list lower-case MIME types such as application/pdf or image/*",
                ));
            }
            if *max_bytes == 0 {
                return Err(file_problem(name, "max_bytes must be at least 1"));
            }
            if *max_count == 0 || *max_count > MAX_FILES {
                return Err(file_problem(name, "max_count must be between 1 and 50"));
            }
            if *material == Some(0) {
                return Err(file_problem(name, "material positions start at 1"));
            }
            if ecert_type.as_deref().is_some_and(|t| t.trim().is_empty()) {
                return Err(file_problem(name, "ecert_type is blank"));
            }
        }
        FieldKind::Group {
            fields,
            min_rows,
            max_rows,
            add_label,
        } => {
            if in_group {
                return Err(DefinitionError::NestedGroup(name.to_string()));
            }
            if fields.is_empty() {
                return Err(DefinitionError::EmptyGroup(name.to_string()));
            }
            if *max_rows == 0 || *max_rows > MAX_ROWS {
                return Err(limits(name, "max_rows must be between 1 and 100"));
            }
            if min_rows > max_rows {
                return Err(limits(name, "min_rows is greater than max_rows"));
            }
            if add_label.as_ref().is_some_and(|t| !text_complete(t)) {
                return Err(DefinitionError::MissingText(name.to_string()));
            }
        }
    }
    Ok(())
}

fn options_of(kind: &FieldKind) -> Option<&[ChoiceOption]> {
    match kind {
        FieldKind::SingleChoice { options } | FieldKind::MultiChoice { options, .. } => {
            Some(options)
        }
        _ => None,
    }
}

fn check_condition(
    condition: &Condition,
    name: &str,
    earlier: &[FieldDef],
    outer_earlier: &[FieldDef],
) -> Result<(), DefinitionError> {
    let target = earlier
        .iter()
        .chain(outer_earlier)
        .find(|f| f.key == condition.field);
    let Some(options) = target.and_then(|f| options_of(&f.kind)) else {
        return Err(DefinitionError::ConditionTarget {
            field: name.to_string(),
            target: condition.field.clone(),
        });
    };
    if condition.any_of.is_empty() {
        return Err(DefinitionError::EmptyCondition(name.to_string()));
    }
    if let Some(value) = condition
        .any_of
        .iter()
        .find(|v| !options.iter().any(|o| o.value == **v))
    {
        return Err(DefinitionError::ConditionValue {
            field: name.to_string(),
            target: condition.field.clone(),
            value: value.clone(),
        });
    }
    Ok(())
}

/// Checks one level of fields: the top level (`group` is `None`) or a group's members
/// (`Some((group key, top-level fields before the group))`).
fn check_level(
    fields: &[FieldDef],
    group: Option<(&str, &[FieldDef])>,
) -> Result<(), DefinitionError> {
    let limit = if group.is_some() {
        MAX_GROUP_FIELDS
    } else {
        MAX_FIELDS
    };
    if fields.len() > limit {
        return Err(DefinitionError::TooManyFields(
            group.map(|(g, _)| g).unwrap_or_default().to_string(),
        ));
    }
    for (i, field) in fields.iter().enumerate() {
        let name = match group {
            Some((g, _)) => format!("{g}.{}", field.key),
            None => field.key.clone(),
        };
        if !is_key(&field.key) {
            return Err(DefinitionError::InvalidKey(name));
        }
        if group.is_none() && RESERVED_NAMES.contains(&field.key.as_str()) {
            return Err(DefinitionError::ReservedKey(name));
        }
        let earlier = &fields[..i];
        if earlier.iter().any(|f| f.key == field.key) {
            return Err(DefinitionError::DuplicateKey(name));
        }
        if !text_complete(&field.label) || field.help.as_ref().is_some_and(|h| !text_complete(h)) {
            return Err(DefinitionError::MissingText(name));
        }
        if let Some(condition) = &field.visible_when {
            let outer = group.map(|(_, outer)| outer).unwrap_or_default();
            check_condition(condition, &name, earlier, outer)?;
        }
        if let Some(prefill) = field.prefill {
            if group.is_some() || !prefill.fits(&field.kind) {
                return Err(DefinitionError::PrefillMismatch {
                    field: name,
                    prefill: prefill.as_str(),
                });
            }
        }
        check_kind(&field.kind, &name, group.is_some())?;
        if let FieldKind::Group {
            fields: members, ..
        } = &field.kind
        {
            check_level(members, Some((&field.key, earlier)))?;
        }
    }
    Ok(())
}

impl FormDefinition {
    /// Parses a stored definition and checks it.
    pub fn from_json(json: &str) -> Result<Self, DefinitionError> {
        let def: FormDefinition =
            serde_json::from_str(json).map_err(|e| DefinitionError::Json(e.to_string()))?;
        def.check()?;
        Ok(def)
    }

    /// Validates the definition itself: key syntax and uniqueness, labels in both languages,
    /// conditions naming earlier choice fields and their options, sane limits, options present,
    /// file rules, no nested groups, prefill sources that fit. Returns the first problem.
    pub fn check(&self) -> Result<(), DefinitionError> {
        if self.fields.is_empty() {
            return Err(DefinitionError::NoFields);
        }
        check_level(&self.fields, None)
    }

    /// The top-level field with this key.
    pub fn field(&self, key: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// The field a form path belongs to: `home.district` → `home`, `members.2.name` → the
    /// member `name` of group `members`. `None` for paths the definition does not know.
    pub fn field_at(&self, path: &str) -> Option<&FieldDef> {
        let parsed = parse_path(path)?;
        let top = self.field(parsed.key)?;
        let field = match (parsed.row, &top.kind) {
            (None, _) => top,
            (Some((_, member)), FieldKind::Group { fields, .. }) => {
                fields.iter().find(|f| f.key == member)?
            }
            (Some(_), _) => return None,
        };
        match (parsed.part, &field.kind) {
            (None, _) | (Some(_), FieldKind::Address) => Some(field),
            (Some(_), _) => None,
        }
    }

    /// The upload limits for a file field's path (`licence` or `members.0.id_copy`).
    pub fn file_rules(&self, path: &str) -> Option<FileRules<'_>> {
        self.field_at(path)?.kind.file_rules()
    }

    /// How many rows to render for a group: the rows posted, but at least its minimum.
    pub fn row_count(&self, group_key: &str, answers: &RawAnswers) -> usize {
        let min = self.field(group_key).map(min_rows).unwrap_or_default();
        answers.rows(group_key).max(min)
    }

    /// Only the answers at paths this form knows (e.g. before storing a draft).
    pub fn known_answers(&self, answers: &RawAnswers) -> RawAnswers {
        RawAnswers(
            answers
                .0
                .iter()
                .filter(|(path, _)| self.field_at(path).is_some())
                .map(|(path, values)| (path.clone(), values.clone()))
                .collect(),
        )
    }
}

/// The effective minimum number of rows of a group (`required` means at least one).
fn min_rows(field: &FieldDef) -> usize {
    match &field.kind {
        FieldKind::Group { min_rows, .. } => {
            let min = *min_rows as usize;
            if field.required {
                min.max(1)
            } else {
                min
            }
        }
        _ => 0,
    }
}

// ---------------------------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------------------------

/// Which half of an address a path names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    District,
    Detail,
}

/// A syntactically valid answer path, not yet resolved against a definition.
struct Path<'a> {
    key: &'a str,
    row: Option<(usize, &'a str)>,
    part: Option<Part>,
}

fn parse_part(s: &str) -> Option<Part> {
    match s {
        "district" => Some(Part::District),
        "detail" => Some(Part::Detail),
        _ => None,
    }
}

/// A row index: `0` or digits without a leading zero, at most [`MAX_ROW_INDEX`].
fn parse_index(s: &str) -> Option<usize> {
    let canonical = !s.is_empty()
        && s.len() <= 3
        && s.bytes().all(|b| b.is_ascii_digit())
        && (s == "0" || !s.starts_with('0'));
    canonical
        .then(|| s.parse().ok())
        .flatten()
        .filter(|&i| i <= MAX_ROW_INDEX)
}

fn parse_path(path: &str) -> Option<Path<'_>> {
    if path.len() > 3 * MAX_KEY_CHARS + 16 {
        return None;
    }
    let segments: Vec<&str> = path.split('.').collect();
    let parsed = match *segments.as_slice() {
        [key] => Path {
            key,
            row: None,
            part: None,
        },
        [key, part] => Path {
            key,
            row: None,
            part: Some(parse_part(part)?),
        },
        [key, index, member] => Path {
            key,
            row: Some((parse_index(index)?, member)),
            part: None,
        },
        [key, index, member, part] => Path {
            key,
            row: Some((parse_index(index)?, member)),
            part: Some(parse_part(part)?),
        },
        _ => return None,
    };
    let keys_ok = is_key(parsed.key) && parsed.row.is_none_or(|(_, member)| is_key(member));
    keys_ok.then_some(parsed)
}

/// Whether `name` is an answer path (and not a reserved form name such as the CSRF token).
pub fn is_answer_path(name: &str) -> bool {
    !RESERVED_NAMES.contains(&name) && parse_path(name).is_some()
}

/// The raw form values, path → values in posting order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RawAnswers(pub BTreeMap<String, Vec<String>>);

impl RawAnswers {
    /// At most this many values are kept from one post.
    pub const MAX_PAIRS: usize = 2000;
    /// Longer values are cut to one character more than this (so "too long" is still reported).
    pub const MAX_VALUE_CHARS: usize = 20_000;

    pub fn new() -> Self {
        Self::default()
    }

    /// The answers among posted name/value pairs; other names (`csrf_token`, `action`,
    /// `idempotency_key`, anything that is not a path) are ignored. Memory is bounded by
    /// [`Self::MAX_PAIRS`] and [`Self::MAX_VALUE_CHARS`].
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut answers = Self::default();
        let mut kept = 0;
        for (name, mut value) in pairs {
            if kept >= Self::MAX_PAIRS {
                break;
            }
            if !is_answer_path(&name) {
                continue;
            }
            if let Some((cut, _)) = value.char_indices().nth(Self::MAX_VALUE_CHARS + 1) {
                value.truncate(cut);
            }
            answers.0.entry(name).or_default().push(value);
            kept += 1;
        }
        answers
    }

    /// The first value at `path`, or `""`.
    pub fn get(&self, path: &str) -> &str {
        self.all(path)
            .first()
            .map(String::as_str)
            .unwrap_or_default()
    }

    /// Every value at `path`.
    pub fn all(&self, path: &str) -> &[String] {
        self.0.get(path).map(Vec::as_slice).unwrap_or_default()
    }

    /// Replaces the values at `path`.
    pub fn set(&mut self, path: &str, values: Vec<String>) {
        self.0.insert(path.to_string(), values);
    }

    /// Adds a value at `path` (a multi-choice option, a file reference).
    pub fn push(&mut self, path: &str, value: impl Into<String>) {
        self.0
            .entry(path.to_string())
            .or_default()
            .push(value.into());
    }

    /// Whether `path` has a value that is not blank.
    pub fn is_answered(&self, path: &str) -> bool {
        self.all(path).iter().any(|v| !v.trim().is_empty())
    }

    /// Rows posted for a group: one more than the highest row index present, 0 if none.
    pub fn rows(&self, group_key: &str) -> usize {
        let prefix = format!("{group_key}.");
        self.0
            .range(prefix.clone()..)
            .take_while(|(path, _)| path.starts_with(&prefix))
            .filter_map(|(path, _)| parse_path(path)?.row.map(|(index, _)| index + 1))
            .max()
            .unwrap_or_default()
    }

    /// Every (path, value) pair, e.g. to re-render a form or post it again.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0
            .iter()
            .flat_map(|(path, values)| values.iter().map(move |v| (path.as_str(), v.as_str())))
    }
}

/// The answer of an address field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddressAnswer {
    /// A code from [`regions`].
    pub district: String,
    pub detail: String,
}

impl AddressAnswer {
    /// The full address, e.g. 福建省福州市鼓楼区五一北路 1 号.
    pub fn full_text(&self) -> Text {
        match district(&self.district) {
            Some(d) => {
                let name = d.full_name();
                Text::new(
                    format!("{}{}", name.zh, self.detail),
                    format!("{}, {}", self.detail, name.en),
                )
            }
            None => Text::new(self.detail.clone(), self.detail.clone()),
        }
    }
}

/// One validated answer. JSON: a string (text, number, date, single choice, ID, code, phone,
/// e-mail), an array of strings (multi-choice values in option order, file references), an
/// object `{"district", "detail"}` (address) or an array of objects (group rows).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CleanValue {
    Text(String),
    List(Vec<String>),
    Address(AddressAnswer),
    Rows(Vec<BTreeMap<String, CleanValue>>),
}

impl CleanValue {
    pub fn as_text(&self) -> Option<&str> {
        match self {
            CleanValue::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[String]> {
        match self {
            CleanValue::List(values) => Some(values),
            _ => None,
        }
    }

    pub fn as_address(&self) -> Option<&AddressAnswer> {
        match self {
            CleanValue::Address(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_rows(&self) -> Option<&[BTreeMap<String, CleanValue>]> {
        match self {
            CleanValue::Rows(rows) => Some(rows),
            _ => None,
        }
    }
}

/// The validated, normalised answers of the visible fields that were answered, keyed by field
/// key (group rows nest). This is what a submitted case stores.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CleanAnswers(pub BTreeMap<String, CleanValue>);

/// A file reference in the clean answers, with the rules of its field.
#[derive(Clone, Debug, PartialEq)]
pub struct FileAnswer<'d> {
    /// Path with the clean (renumbered) row index, e.g. `shareholders.1.id_copy`.
    pub path: String,
    pub rules: FileRules<'d>,
    pub reference: FileRef,
}

impl CleanAnswers {
    pub fn get(&self, key: &str) -> Option<&CleanValue> {
        self.0.get(key)
    }

    pub fn text(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(CleanValue::as_text)
    }

    /// The answers as form values again (to re-open a case for a supplement, or as a draft).
    pub fn to_raw(&self) -> RawAnswers {
        fn flatten(prefix: &str, values: &BTreeMap<String, CleanValue>, out: &mut RawAnswers) {
            for (key, value) in values {
                let path = format!("{prefix}{key}");
                match value {
                    CleanValue::Text(s) => out.push(&path, s.clone()),
                    CleanValue::List(list) => list.iter().for_each(|v| out.push(&path, v.clone())),
                    CleanValue::Address(a) => {
                        out.push(&format!("{path}.district"), a.district.clone());
                        out.push(&format!("{path}.detail"), a.detail.clone());
                    }
                    CleanValue::Rows(rows) => {
                        for (i, row) in rows.iter().enumerate() {
                            flatten(&format!("{path}.{i}."), row, out);
                        }
                    }
                }
            }
        }
        let mut out = RawAnswers::new();
        flatten("", &self.0, &mut out);
        out
    }

    /// Every file reference, in form order, with its field's rules (material position,
    /// certificate type) — to link attachments and certificates to the case.
    pub fn files<'d>(&self, def: &'d FormDefinition) -> Vec<FileAnswer<'d>> {
        fn collect<'d>(
            fields: &'d [FieldDef],
            values: &BTreeMap<String, CleanValue>,
            prefix: &str,
            out: &mut Vec<FileAnswer<'d>>,
        ) {
            for field in fields {
                let path = format!("{prefix}{}", field.key);
                match (field.kind.file_rules(), &field.kind, values.get(&field.key)) {
                    (Some(rules), _, Some(CleanValue::List(refs))) => {
                        out.extend(refs.iter().filter_map(|r| {
                            Some(FileAnswer {
                                path: path.clone(),
                                rules,
                                reference: FileRef::parse(r)?,
                            })
                        }));
                    }
                    (_, FieldKind::Group { fields, .. }, Some(CleanValue::Rows(rows))) => {
                        for (i, row) in rows.iter().enumerate() {
                            collect(fields, row, &format!("{path}.{i}."), out);
                        }
                    }
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        collect(&def.fields, &self.0, "", &mut out);
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Visibility and completeness
// ---------------------------------------------------------------------------------------------

/// Visibility of each of `fields`, in order. `prefix` is `""` at the top level or `group.N.`
/// in a row; `outer` gives the top-level fields and their visibility inside a row.
fn visibility(
    fields: &[FieldDef],
    prefix: &str,
    answers: &RawAnswers,
    outer: Option<(&[FieldDef], &[bool])>,
) -> Vec<bool> {
    let mut shown: Vec<bool> = Vec::with_capacity(fields.len());
    for (i, field) in fields.iter().enumerate() {
        let visible = match &field.visible_when {
            None => true,
            Some(condition) => {
                if let Some(j) = fields[..i].iter().position(|f| f.key == condition.field) {
                    shown.get(j).copied().unwrap_or(false)
                        && condition.holds(answers.all(&format!("{prefix}{}", condition.field)))
                } else if let Some((outer_fields, outer_shown)) = outer {
                    outer_fields
                        .iter()
                        .position(|f| f.key == condition.field)
                        .is_some_and(|j| {
                            outer_shown.get(j).copied().unwrap_or(false)
                                && condition.holds(answers.all(&condition.field))
                        })
                } else {
                    false
                }
            }
        };
        shown.push(visible);
    }
    shown
}

/// Whether the field at `path` is shown with these answers (a member only if its group is).
/// Unknown paths are not visible.
pub fn is_visible(def: &FormDefinition, path: &str, answers: &RawAnswers) -> bool {
    if def.field_at(path).is_none() {
        return false;
    }
    let Some(parsed) = parse_path(path) else {
        return false;
    };
    let top = visibility(&def.fields, "", answers, None);
    let Some(i) = def.fields.iter().position(|f| f.key == parsed.key) else {
        return false;
    };
    if !top.get(i).copied().unwrap_or(false) {
        return false;
    }
    match (parsed.row, def.fields.get(i).map(|f| &f.kind)) {
        (None, _) => true,
        (Some((row, member)), Some(FieldKind::Group { fields, .. })) => {
            let prefix = format!("{}.{row}.", parsed.key);
            let shown = visibility(
                fields,
                &prefix,
                answers,
                Some((def.fields.as_slice(), top.as_slice())),
            );
            fields
                .iter()
                .position(|f| f.key == member)
                .and_then(|j| shown.get(j).copied())
                .unwrap_or(false)
        }
        (Some(_), _) => false,
    }
}

/// How much of a form is filled in: visible required top-level fields, and how many of them
/// have an answer (not necessarily a valid one). Shown on the drafts list as "4/6".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completeness {
    pub answered: u32,
    pub required: u32,
}

impl Completeness {
    pub fn is_complete(&self) -> bool {
        self.answered >= self.required
    }
}

impl fmt::Display for Completeness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.answered, self.required)
    }
}

fn is_required(field: &FieldDef) -> bool {
    field.required || min_rows(field) > 0
}

/// Whether any of the paths of a field (both halves of an address) has a non-blank value.
fn any_value(field: &FieldDef, path: &str, answers: &RawAnswers) -> bool {
    match field.kind {
        FieldKind::Address => {
            answers.is_answered(&format!("{path}.district"))
                || answers.is_answered(&format!("{path}.detail"))
        }
        _ => answers.is_answered(path),
    }
}

fn row_is_empty(members: &[FieldDef], prefix: &str, answers: &RawAnswers) -> bool {
    !members
        .iter()
        .any(|m| any_value(m, &format!("{prefix}{}", m.key), answers))
}

fn has_answer(field: &FieldDef, answers: &RawAnswers) -> bool {
    let key = &field.key;
    match &field.kind {
        FieldKind::Address => {
            answers.is_answered(&format!("{key}.district"))
                && answers.is_answered(&format!("{key}.detail"))
        }
        FieldKind::Group { fields, .. } => {
            let filled = (0..answers.rows(key))
                .filter(|i| !row_is_empty(fields, &format!("{key}.{i}."), answers))
                .count();
            filled >= min_rows(field).max(1)
        }
        _ => answers.is_answered(key),
    }
}

pub fn completeness(def: &FormDefinition, answers: &RawAnswers) -> Completeness {
    let shown = visibility(&def.fields, "", answers, None);
    let mut result = Completeness::default();
    for (field, _) in def.fields.iter().zip(shown).filter(|(_, s)| *s) {
        if is_required(field) {
            result.required += 1;
            if has_answer(field, answers) {
                result.answered += 1;
            }
        }
    }
    result
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

/// An error before it is tied to a path.
struct Problem {
    code: &'static str,
    arg: Option<(&'static str, String)>,
}

impl Problem {
    fn new(code: &'static str) -> Self {
        Self { code, arg: None }
    }

    fn with(code: &'static str, name: &'static str, value: impl ToString) -> Self {
        Self {
            code,
            arg: Some((name, value.to_string())),
        }
    }

    fn at(self, path: &str) -> FieldError {
        let error = FieldError::new(path, self.code);
        match self.arg {
            Some((name, value)) => error.with_arg(name, value),
            None => error,
        }
    }
}

/// A number as people write it: `12`, `3.5`, `0.25`; never `12.0`, `1e3` or `inf`.
fn plain_number(x: f64) -> String {
    if x == 0.0 {
        "0".to_string()
    } else {
        // `Display` for floats prints the shortest round-tripping decimal, never an exponent.
        format!("{x}")
    }
}

/// Full-width ASCII (typed with a Chinese IME) to ASCII, ideographic space to space.
fn halfwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

fn clean_line(s: &str) -> String {
    let line: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    line.trim().to_string()
}

fn clean_multiline(s: &str) -> String {
    let text: String = s
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|&c| c == '\n' || c == '\t' || !c.is_control())
        .collect();
    text.trim().to_string()
}

fn clean_structured(s: &str) -> String {
    halfwidth(s).trim().to_string()
}

fn check_number(
    value: &str,
    min: Option<f64>,
    max: Option<f64>,
    integer: bool,
) -> Result<String, Problem> {
    let (sign, body) = match value.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", value.strip_prefix('+').unwrap_or(value)),
    };
    let well_formed = body.len() <= MAX_NUMBER_CHARS
        && body.bytes().any(|b| b.is_ascii_digit())
        && body.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && body.bytes().filter(|&b| b == b'.').count() <= 1;
    if !well_formed {
        return Err(Problem::new(code::NUMBER_INVALID));
    }
    let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
    let whole = if whole.is_empty() { "0" } else { whole };
    let text = if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    };
    let x: f64 = text
        .parse()
        .ok()
        .filter(|x: &f64| x.is_finite())
        .ok_or(Problem::new(code::NUMBER_INVALID))?;
    if integer && x.fract() != 0.0 {
        return Err(Problem::new(code::NUMBER_NOT_INTEGER));
    }
    if let Some(min) = min.filter(|&min| x < min) {
        return Err(Problem::with(
            code::NUMBER_BELOW_MIN,
            "min",
            plain_number(min),
        ));
    }
    if let Some(max) = max.filter(|&max| x > max) {
        return Err(Problem::with(
            code::NUMBER_ABOVE_MAX,
            "max",
            plain_number(max),
        ));
    }
    Ok(text)
}

/// `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D` or `YYYY年M月D日`.
fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.strip_suffix('日').unwrap_or(s);
    let parts: Vec<&str> = s.split(['-', '/', '.', '年', '月']).collect();
    let [year, month, day] = *parts.as_slice() else {
        return None;
    };
    let digits = |p: &str, lengths: std::ops::RangeInclusive<usize>| {
        lengths.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if !(digits(year, 4..=4) && digits(month, 1..=2) && digits(day, 1..=2)) {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

fn check_date(
    value: &str,
    min: Option<DateRule>,
    max: Option<DateRule>,
    today: NaiveDate,
) -> Result<String, Problem> {
    let date = parse_date(value).ok_or(Problem::new(code::DATE_INVALID))?;
    if let Some(min) = min.and_then(|r| r.resolve(today)).filter(|&m| date < m) {
        return Err(Problem::with(code::DATE_BEFORE_MIN, "date", min));
    }
    if let Some(max) = max.and_then(|r| r.resolve(today)).filter(|&m| date > m) {
        return Err(Problem::with(code::DATE_AFTER_MAX, "date", max));
    }
    Ok(date.format("%Y-%m-%d").to_string())
}

/// A landline: area code (`010`, `02x`: three digits; other `0xxx`: four) and a 7–8 digit
/// subscriber number starting 2–9, with optional spaces, hyphens or parentheses.
/// Normalised to `0591-87654321`.
fn parse_landline(s: &str) -> Option<String> {
    let digits: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
        .collect();
    if digits.len() > 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let area_len = if digits.starts_with("010") || digits.starts_with("02") {
        3
    } else if digits.starts_with('0') && !digits.starts_with("00") && !digits.starts_with("01") {
        4
    } else {
        return None;
    };
    let (area, local) = (digits.get(..area_len)?, digits.get(area_len..)?);
    let local_ok = (7..=8).contains(&local.len()) && !local.starts_with(['0', '1']);
    local_ok.then(|| format!("{area}-{local}"))
}

fn parse_phone(s: &str) -> Option<String> {
    match MobileNumber::parse(s) {
        Ok(mobile) => Some(mobile.into_inner()),
        Err(_) => parse_landline(s),
    }
}

/// A sane address: one `@`, a non-empty local part without spaces or special characters, a
/// dotted domain of letters, digits and hyphens. The domain is lower-cased.
fn parse_email(s: &str) -> Option<String> {
    if s.chars().count() > MAX_EMAIL_CHARS || s.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return None;
    }
    let (local, domain) = s.split_once('@')?;
    let local_ok = !local.is_empty()
        && local.chars().count() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && !local.contains(['@', '<', '>', '(', ')', '[', ']', '\\', ',', ';', ':', '"']);
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.chars().count() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    (local_ok && domain_ok).then(|| format!("{local}@{}", domain.to_lowercase()))
}

fn required_code(kind: &FieldKind) -> &'static str {
    match kind {
        FieldKind::SingleChoice { .. } | FieldKind::MultiChoice { .. } => code::CHOICE_REQUIRED,
        FieldKind::File { .. } => code::FILE_REQUIRED,
        FieldKind::Address => code::ADDRESS_DISTRICT_REQUIRED,
        _ => code::REQUIRED,
    }
}

/// A field with a single value (everything but multi-choice, file, address and group):
/// `Ok(None)` when it is empty and may be.
fn check_scalar(
    kind: &FieldKind,
    required: bool,
    raw: &str,
    today: NaiveDate,
) -> Result<Option<String>, Problem> {
    let value = match kind {
        FieldKind::ShortText { .. } | FieldKind::SingleChoice { .. } => clean_line(raw),
        FieldKind::LongText { .. } => clean_multiline(raw),
        _ => clean_structured(raw),
    };
    if value.is_empty() {
        return if required {
            Err(Problem::new(required_code(kind)))
        } else {
            Ok(None)
        };
    }
    let clean = match kind {
        FieldKind::ShortText { max_chars } | FieldKind::LongText { max_chars } => {
            if value.chars().count() > *max_chars as usize {
                return Err(Problem::with(code::TOO_LONG, "max", max_chars));
            }
            value
        }
        FieldKind::Number { min, max, integer } => check_number(&value, *min, *max, *integer)?,
        FieldKind::Date { min, max } => check_date(&value, *min, *max, today)?,
        FieldKind::SingleChoice { options } => {
            if !options.iter().any(|o| o.value == value) {
                return Err(Problem::new(code::CHOICE_INVALID));
            }
            value
        }
        FieldKind::ResidentId => ResidentId::parse_on(&value, today)
            .map_err(|e| Problem::new(e.code()))?
            .into_inner(),
        FieldKind::CreditCode => CreditCode::parse(&value)
            .map_err(|e| Problem::new(e.code()))?
            .into_inner(),
        FieldKind::Phone => parse_phone(&value).ok_or(Problem::new(code::PHONE_INVALID))?,
        FieldKind::Email => parse_email(&value).ok_or(Problem::new(code::EMAIL_INVALID))?,
        FieldKind::MultiChoice { .. }
        | FieldKind::Address
        | FieldKind::File { .. }
        | FieldKind::Group { .. } => return Ok(None),
    };
    Ok(Some(clean))
}

fn check_district(needed: bool, raw: &str) -> Result<Option<String>, Problem> {
    let code = clean_structured(raw);
    if code.is_empty() {
        return if needed {
            Err(Problem::new(code::ADDRESS_DISTRICT_REQUIRED))
        } else {
            Ok(None)
        };
    }
    match district(&code) {
        Some(d) => Ok(Some(d.code.to_string())),
        None => Err(Problem::new(code::ADDRESS_DISTRICT_INVALID)),
    }
}

fn check_detail(needed: bool, raw: &str) -> Result<Option<String>, Problem> {
    let detail = clean_line(raw);
    if detail.is_empty() {
        return if needed {
            Err(Problem::new(code::ADDRESS_DETAIL_REQUIRED))
        } else {
            Ok(None)
        };
    }
    if detail.chars().count() > MAX_ADDRESS_DETAIL_CHARS {
        return Err(Problem::with(
            code::TOO_LONG,
            "max",
            MAX_ADDRESS_DETAIL_CHARS,
        ));
    }
    Ok(Some(detail))
}

/// The non-blank, trimmed values at `path`, without repeats, in posting order.
fn distinct_values<'a>(answers: &'a RawAnswers, path: &str) -> Vec<&'a str> {
    let mut values: Vec<&str> = Vec::new();
    for value in answers.all(path).iter().map(|v| v.trim()) {
        if !value.is_empty() && !values.contains(&value) {
            values.push(value);
        }
    }
    values
}

/// Collects every error of a form and builds the clean answers.
struct Validator<'a> {
    answers: &'a RawAnswers,
    today: NaiveDate,
    errors: Vec<FieldError>,
}

impl Validator<'_> {
    fn report<T>(&mut self, path: &str, result: Result<Option<T>, Problem>) -> Option<T> {
        result.unwrap_or_else(|problem| {
            self.errors.push(problem.at(path));
            None
        })
    }

    fn fields(
        &mut self,
        fields: &[FieldDef],
        prefix: &str,
        outer: Option<(&[FieldDef], &[bool])>,
    ) -> BTreeMap<String, CleanValue> {
        let shown = visibility(fields, prefix, self.answers, outer);
        let mut clean = BTreeMap::new();
        for (field, _) in fields.iter().zip(&shown).filter(|(_, s)| **s) {
            let path = format!("{prefix}{}", field.key);
            let value = match &field.kind {
                FieldKind::Group {
                    fields: members,
                    max_rows,
                    ..
                } => self.group(field, members, *max_rows, &path, (fields, shown.as_slice())),
                _ => self.field(field, &path),
            };
            if let Some(value) = value {
                clean.insert(field.key.clone(), value);
            }
        }
        clean
    }

    fn field(&mut self, field: &FieldDef, path: &str) -> Option<CleanValue> {
        match &field.kind {
            FieldKind::MultiChoice {
                options,
                min_selected,
                max_selected,
            } => {
                let result = multi_choice(
                    options,
                    field.required,
                    *min_selected,
                    *max_selected,
                    distinct_values(self.answers, path),
                );
                self.report(path, result).map(CleanValue::List)
            }
            FieldKind::File {
                max_count,
                ecert_type,
                ..
            } => {
                let result = files(
                    *max_count,
                    ecert_type.is_some(),
                    field.required,
                    distinct_values(self.answers, path),
                );
                self.report(path, result).map(CleanValue::List)
            }
            FieldKind::Address => {
                let district_path = format!("{path}.district");
                let detail_path = format!("{path}.detail");
                let raw_district = self.answers.get(&district_path);
                let raw_detail = self.answers.get(&detail_path);
                let district = check_district(
                    field.required || !clean_line(raw_detail).is_empty(),
                    raw_district,
                );
                let detail = check_detail(
                    field.required || !clean_structured(raw_district).is_empty(),
                    raw_detail,
                );
                let district = self.report(&district_path, district);
                let detail = self.report(&detail_path, detail);
                Some(CleanValue::Address(AddressAnswer {
                    district: district?,
                    detail: detail?,
                }))
            }
            FieldKind::Group { .. } => None,
            kind => {
                let result = check_scalar(kind, field.required, self.answers.get(path), self.today);
                self.report(path, result).map(CleanValue::Text)
            }
        }
    }

    fn group(
        &mut self,
        field: &FieldDef,
        members: &[FieldDef],
        max_rows: u32,
        path: &str,
        outer: (&[FieldDef], &[bool]),
    ) -> Option<CleanValue> {
        let min = min_rows(field);
        let kept: Vec<usize> = (0..self.answers.rows(path))
            .filter(|&i| i < min || !row_is_empty(members, &format!("{path}.{i}."), self.answers))
            .collect();
        if kept.len() < min {
            self.errors
                .push(Problem::with(code::TOO_FEW_ROWS, "min", min).at(path));
        } else if kept.len() > max_rows as usize {
            self.errors
                .push(Problem::with(code::TOO_MANY_ROWS, "max", max_rows).at(path));
        }
        let rows: Vec<BTreeMap<String, CleanValue>> = kept
            .into_iter()
            .map(|i| self.fields(members, &format!("{path}.{i}."), Some(outer)))
            .collect();
        (!rows.is_empty()).then_some(CleanValue::Rows(rows))
    }
}

fn multi_choice(
    options: &[ChoiceOption],
    required: bool,
    min_selected: Option<u32>,
    max_selected: Option<u32>,
    chosen: Vec<&str>,
) -> Result<Option<Vec<String>>, Problem> {
    if chosen
        .iter()
        .any(|v| !options.iter().any(|o| o.value == *v))
    {
        return Err(Problem::new(code::CHOICE_INVALID));
    }
    let selected: Vec<String> = options
        .iter()
        .filter(|o| chosen.contains(&o.value.as_str()))
        .map(|o| o.value.clone())
        .collect();
    let count = selected.len();
    if count == 0 {
        return if required {
            Err(Problem::new(code::CHOICE_REQUIRED))
        } else {
            Ok(None)
        };
    }
    if let Some(min) = min_selected.filter(|&min| count < min as usize) {
        return Err(Problem::with(code::TOO_FEW_SELECTED, "min", min));
    }
    if let Some(max) = max_selected.filter(|&max| count > max as usize) {
        return Err(Problem::with(code::TOO_MANY_SELECTED, "max", max));
    }
    Ok(Some(selected))
}

fn files(
    max_count: u32,
    certificates_allowed: bool,
    required: bool,
    values: Vec<&str>,
) -> Result<Option<Vec<String>>, Problem> {
    let mut refs: Vec<String> = Vec::new();
    for value in values {
        match FileRef::parse(value) {
            Some(r) if !r.is_certificate() || certificates_allowed => {
                let canonical = r.to_string();
                if !refs.contains(&canonical) {
                    refs.push(canonical);
                }
            }
            _ => return Err(Problem::new(code::FILE_REFERENCE_INVALID)),
        }
    }
    if refs.is_empty() {
        return if required {
            Err(Problem::new(code::FILE_REQUIRED))
        } else {
            Ok(None)
        };
    }
    if refs.len() > max_count as usize {
        return Err(Problem::with(code::TOO_MANY_FILES, "max", max_count));
    }
    Ok(Some(refs))
}

/// Validates every answer of a form: all errors at once (each on the exact path of the input,
/// or on a group's key for row counts), or the clean answers of the visible fields.
/// `today` is the applicant's calendar day (China Standard Time on the server).
pub fn validate(
    def: &FormDefinition,
    answers: &RawAnswers,
    today: NaiveDate,
) -> Result<CleanAnswers, Vec<FieldError>> {
    let mut validator = Validator {
        answers,
        today,
        errors: Vec::new(),
    };
    let clean = validator.fields(&def.fields, "", None);
    if validator.errors.is_empty() {
        Ok(CleanAnswers(clean))
    } else {
        Err(validator.errors)
    }
}

/// Checks one value on its own (the browser's on-blur check), assuming the field is shown.
/// Counts (selected options, files, rows) need the whole form and are left to [`validate`];
/// for a multi-choice or file path `value` is one of its values. Unknown paths give `None`.
pub fn check_answer(
    def: &FormDefinition,
    path: &str,
    value: &str,
    today: NaiveDate,
) -> Option<FieldError> {
    let field = def.field_at(path)?;
    let part = parse_path(path)?.part;
    let problem = match (&field.kind, part) {
        (FieldKind::Address, Some(Part::District)) => check_district(field.required, value).err(),
        (FieldKind::Address, Some(Part::Detail)) => check_detail(field.required, value).err(),
        (FieldKind::Address, None) | (FieldKind::Group { .. }, _) => None,
        (FieldKind::MultiChoice { options, .. }, _) => {
            let value = value.trim();
            (!value.is_empty() && !options.iter().any(|o| o.value == value))
                .then(|| Problem::new(code::CHOICE_INVALID))
        }
        (FieldKind::File { ecert_type, .. }, _) => {
            let value = value.trim();
            let valid = match FileRef::parse(value) {
                Some(r) => !r.is_certificate() || ecert_type.is_some(),
                None => value.is_empty(),
            };
            (!valid).then(|| Problem::new(code::FILE_REFERENCE_INVALID))
        }
        (kind, _) => check_scalar(kind, field.required, value, today).err(),
    };
    problem.map(|p| p.at(path))
}

#[cfg(test)]
mod tests;
