//! Which fields a set of answers shows, and how much of a form is filled in.
use std::fmt;

use serde::{Deserialize, Serialize};

use super::paths::{min_rows, parse_path};
use super::{FieldDef, FieldKind, FormDefinition, RawAnswers};

/// Visibility of each of `fields`, in order. `prefix` is `""` at the top level or `group.N.`
/// in a row; `outer` gives the top-level fields and their visibility inside a row.
pub(super) fn visibility(
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

pub(super) fn row_is_empty(members: &[FieldDef], prefix: &str, answers: &RawAnswers) -> bool {
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
