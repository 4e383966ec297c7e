//! Answers: the form values as posted ([`RawAnswers`]) and validated ([`CleanAnswers`]).
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::paths::parse_path;
use super::{district, is_answer_path, FieldDef, FieldKind, FileRef, FileRules, FormDefinition};
use crate::Text;

/// The raw form values, path → values in posting order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RawAnswers(pub BTreeMap<String, Vec<String>>);

impl RawAnswers {
    /// At most this many values are kept from one post.
    pub const MAX_PAIRS: usize = 2000;
    /// Longer values are cut to one character more than this (so "too long" is still reported).
    pub const MAX_VALUE_CHARS: usize = 20_000;
    /// The most a draft's answers may weigh (paths and values, in bytes). The form's own limits
    /// keep real applications far below it; it bounds what one case row can cost.
    pub const MAX_TOTAL_BYTES: usize = 512 * 1024;

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
            answers
                .0
                .entry(name)
                .or_default()
                .push(crate::domain::forms::storable(value));
            kept += 1;
        }
        answers
    }

    /// Bytes of paths and values together (what [`Self::MAX_TOTAL_BYTES`] limits).
    pub fn total_bytes(&self) -> usize {
        self.0
            .iter()
            .map(|(path, values)| path.len() + values.iter().map(String::len).sum::<usize>())
            .sum()
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
    /// A code from [`regions`](super::regions).
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
