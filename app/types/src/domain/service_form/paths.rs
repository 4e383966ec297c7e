//! Answer paths (`key`, `key.district`, `group.N.member`) and how a definition resolves them.
use super::definition_check::is_key;
use super::{
    FieldDef, FieldKind, FileRules, FormDefinition, RawAnswers, MAX_ADDRESS_DETAIL_CHARS,
    MAX_EMAIL_CHARS, MAX_KEY_CHARS, MAX_OPTION_CHARS, MAX_ROW_INDEX, RESERVED_NAMES,
};

/// Which half of an address a path names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Part {
    District,
    Detail,
}

/// A syntactically valid answer path, not yet resolved against a definition.
pub(super) struct Path<'a> {
    pub(super) key: &'a str,
    pub(super) row: Option<(usize, &'a str)>,
    pub(super) part: Option<Part>,
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

pub(super) fn parse_path(path: &str) -> Option<Path<'_>> {
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

impl FormDefinition {
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
                .filter_map(|(path, values)| {
                    let field = self.field_at(path)?;
                    if let Some((row, _)) = parse_path(path)?.row {
                        // One row past the group's maximum is kept, so "too many rows" is
                        // still reported; further rows are only memory.
                        let group = self.field(parse_path(path)?.key)?;
                        if let FieldKind::Group { max_rows, .. } = group.kind {
                            if row > max_rows as usize {
                                return None;
                            }
                        }
                    }
                    Some((path.clone(), kept_values(field, values)))
                })
                .collect(),
        )
    }
}

/// The values worth keeping at one path: one for a scalar field (a repeated name keeps its
/// first value), distinct options for a multiple choice, each cut one character past the
/// field's own limit so that "too long" is still reported.
fn kept_values(field: &FieldDef, values: &[String]) -> Vec<String> {
    let (most, chars) = match &field.kind {
        FieldKind::MultiChoice { options, .. } => (options.len() + 1, MAX_OPTION_CHARS),
        FieldKind::File { max_count, .. } => (*max_count as usize + 1, MAX_OPTION_CHARS),
        FieldKind::ShortText { max_chars } | FieldKind::LongText { max_chars } => {
            (1, *max_chars as usize)
        }
        FieldKind::Address => (1, MAX_ADDRESS_DETAIL_CHARS),
        FieldKind::Email => (1, MAX_EMAIL_CHARS),
        _ => (1, MAX_OPTION_CHARS),
    };
    let mut kept: Vec<String> = Vec::new();
    for value in values {
        if kept.len() >= most {
            break;
        }
        let mut value = value.clone();
        if let Some((cut, _)) = value.char_indices().nth(chars + 1) {
            value.truncate(cut);
        }
        if !kept.contains(&value) {
            kept.push(value);
        }
    }
    kept
}

/// The effective minimum number of rows of a group (`required` means at least one).
pub(super) fn min_rows(field: &FieldDef) -> usize {
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
