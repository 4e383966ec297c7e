//! Validation of a whole form ([`validate`]) and of one answer on its own ([`check_answer`]).
use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::paths::{min_rows, parse_path, Part};
use super::problem::Problem;
use super::scalars::{check_detail, check_district, check_scalar, clean_line, clean_structured};
use super::visibility::{row_is_empty, visibility};
use super::{
    code, AddressAnswer, ChoiceOption, CleanAnswers, CleanValue, FieldDef, FieldKind, FileRef,
    FormDefinition, RawAnswers,
};
use crate::domain::forms::FieldError;

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
