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

use crate::domain::forms::CSRF_FIELD;

mod answers;
mod definition;
mod definition_check;
mod paths;
mod problem;
pub mod regions;
mod scalars;
mod supplement_paths;
mod validation;
mod visibility;

pub use answers::{AddressAnswer, CleanAnswers, CleanValue, FileAnswer, RawAnswers};
pub use definition::{
    ChoiceOption, Condition, DateRule, FieldDef, FieldKind, FileRef, FileRules, FormDefinition,
    Prefill,
};
pub use definition_check::DefinitionError;
pub use paths::is_answer_path;
pub use regions::{district, districts, District};
pub use supplement_paths::SupplementPathError;
pub use validation::{check_answer, validate};
pub use visibility::{completeness, is_visible, Completeness};

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

#[cfg(test)]
mod tests;
