//! [`DefinitionError`] and the checks a form definition passes before it is stored.
use super::{
    ChoiceOption, Condition, DateRule, FieldDef, FieldKind, FormDefinition, RawAnswers, MAX_FIELDS,
    MAX_FILES, MAX_GROUP_FIELDS, MAX_KEY_CHARS, MAX_OPTIONS, MAX_OPTION_CHARS, MAX_ROWS,
    RESERVED_NAMES,
};
use crate::Text;

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

pub(super) fn is_key(s: &str) -> bool {
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
}
