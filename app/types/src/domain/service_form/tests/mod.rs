//! Unit tests of the service form, one file per topic; shared helpers here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod address;
mod business_licence;
mod choices;
mod conditions;
mod definition_checks;
mod definition_json;
mod files;
mod groups;
mod identifiers;
mod numbers_and_dates;
mod raw_answers;
mod regions;
mod single_answers;
mod supplement_paths;
mod text;
mod translations;
mod whole_forms;

use super::*;
use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::scalars::plain_number;
use crate::domain::forms::FieldError;
use crate::Text;

const VALID_ID: &str = "11010519491231002X";
const VALID_ID_2: &str = "110101200001011232";
const VALID_CODE: &str = "91350100M000100Y43";
const UUID_A: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";
const UUID_B: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
const UUID_C: &str = "16fd2706-8baf-433b-82eb-8c7fada847da";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 15).unwrap()
}

fn label(key: &str) -> Text {
    Text::new(format!("{key}（中）"), key)
}

fn optional(key: &str, kind: FieldKind) -> FieldDef {
    FieldDef {
        key: key.to_string(),
        label: label(key),
        help: None,
        required: false,
        kind,
        visible_when: None,
        prefill: None,
    }
}

fn required(key: &str, kind: FieldKind) -> FieldDef {
    FieldDef {
        required: true,
        ..optional(key, kind)
    }
}

fn when(mut field: FieldDef, target: &str, any_of: &[&str]) -> FieldDef {
    field.visible_when = Some(Condition {
        field: target.to_string(),
        any_of: any_of.iter().map(|v| v.to_string()).collect(),
    });
    field
}

fn form(fields: Vec<FieldDef>) -> FormDefinition {
    let def = FormDefinition { fields };
    def.check().expect("test definitions are valid");
    def
}

fn options(values: &[&str]) -> Vec<ChoiceOption> {
    values
        .iter()
        .map(|v| ChoiceOption {
            value: v.to_string(),
            label: label(v),
        })
        .collect()
}

fn short(max_chars: u32) -> FieldKind {
    FieldKind::ShortText { max_chars }
}

fn single(values: &[&str]) -> FieldKind {
    FieldKind::SingleChoice {
        options: options(values),
    }
}

fn multi(values: &[&str], min: Option<u32>, max: Option<u32>) -> FieldKind {
    FieldKind::MultiChoice {
        options: options(values),
        min_selected: min,
        max_selected: max,
    }
}

fn number(min: Option<f64>, max: Option<f64>, integer: bool) -> FieldKind {
    FieldKind::Number { min, max, integer }
}

fn date(min: Option<DateRule>, max: Option<DateRule>) -> FieldKind {
    FieldKind::Date { min, max }
}

fn file(max_count: u32, ecert_type: Option<&str>) -> FieldKind {
    FieldKind::File {
        accept: vec!["application/pdf".into(), "image/jpeg".into()],
        max_bytes: 5 * 1024 * 1024,
        max_count,
        material: Some(1),
        ecert_type: ecert_type.map(str::to_string),
    }
}

fn group(fields: Vec<FieldDef>, min_rows: u32, max_rows: u32) -> FieldKind {
    FieldKind::Group {
        fields,
        min_rows,
        max_rows,
        add_label: None,
    }
}

fn answers(pairs: &[(&str, &str)]) -> RawAnswers {
    RawAnswers::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
}

fn errors(def: &FormDefinition, pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    validate(def, &answers(pairs), today())
        .expect_err("should be refused")
        .into_iter()
        .map(|e| (e.field, e.code))
        .collect()
}

fn error_list(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(f, c)| (f.to_string(), c.to_string()))
        .collect()
}

fn clean(def: &FormDefinition, pairs: &[(&str, &str)]) -> CleanAnswers {
    validate(def, &answers(pairs), today()).expect("should be accepted")
}

/// The only error of a one-field form, with its arguments.
fn only_error(def: &FormDefinition, pairs: &[(&str, &str)]) -> FieldError {
    let mut errors = validate(def, &answers(pairs), today()).expect_err("should be refused");
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors.remove(0)
}

fn text_of(clean: &CleanAnswers, key: &str) -> String {
    clean.text(key).expect("a text answer").to_string()
}

fn members_form(min_rows: u32, max_rows: u32) -> FormDefinition {
    form(vec![
        required("applicant", short(30)),
        optional(
            "members",
            group(
                vec![
                    required("name", short(30)),
                    required("id_number", FieldKind::ResidentId),
                    optional("relation", single(&["spouse", "child", "parent"])),
                ],
                min_rows,
                max_rows,
            ),
        ),
    ])
}
