//! Tests of whole forms: all errors at once, the business licence form, the doc example.
use super::business_licence::{business_licence_form, BUSINESS_LICENCE_JSON};
use super::*;

#[test]
fn every_error_is_reported_at_once_in_form_order() {
    let def = form(vec![
        required("name", short(10)),
        required("id", FieldKind::ResidentId),
        required("email", FieldKind::Email),
        required("members", group(vec![required("name", short(10))], 1, 3)),
        required("docs", file(1, None)),
    ]);
    let fields: Vec<String> = errors(&def, &[("id", "x"), ("email", "x"), ("members.0.name", "")])
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    assert_eq!(
        fields,
        vec!["name", "id", "email", "members.0.name", "docs"]
    );
}

#[test]
fn the_business_licence_example_round_trips_through_json() {
    let built = business_licence_form();
    built.check().unwrap();
    let parsed = FormDefinition::from_json(BUSINESS_LICENCE_JSON).unwrap();
    assert_eq!(parsed, built);
    let json = serde_json::to_string(&built).unwrap();
    assert_eq!(FormDefinition::from_json(&json).unwrap(), built);
    let value = serde_json::to_value(&built).unwrap();
    assert_eq!(
        serde_json::from_value::<FormDefinition>(value).unwrap(),
        built
    );
}

#[test]
fn a_business_licence_application_validates_and_its_clean_answers_round_trip() {
    let def = business_licence_form();
    let cert = format!("cert:{UUID_C}");
    let raw = answers(&[
        ("csrf_token", "ignored"),
        ("company_name", "福州榕树软件有限公司"),
        ("entity_type", "llc"),
        ("registered_capital", "100"),
        ("domicile.district", "350102"),
        ("domicile.detail", "五一北路 1 号 801 室"),
        ("domicile_basis", "declared"),
        ("domicile_proof", UUID_B),
        ("business_scope", "consulting"),
        ("business_scope", "software"),
        ("opening_date", "2026-04-01"),
        ("shareholders.0.name", "张三"),
        ("shareholders.0.id_number", VALID_ID),
        ("shareholders.0.contribution", "60"),
        ("shareholders.0.id_copy", &cert),
        ("shareholders.1.name", "李四"),
        ("shareholders.1.id_number", VALID_ID_2),
        ("shareholders.1.contribution", "40"),
        ("shareholders.1.id_copy", UUID_A),
        ("shareholders.2.name", ""),
        ("articles", UUID_B),
        ("contact_name", "张三"),
        ("contact_phone", "0591-87654321"),
        ("contact_email", ""),
        ("remarks", ""),
    ]);
    assert_eq!(
        completeness(&def, &raw),
        Completeness {
            answered: 10,
            required: 10
        }
    );
    let result = validate(&def, &raw, today()).unwrap();
    // The proof is hidden for a declared address, so the posted reference is not kept.
    assert_eq!(result.get("domicile_proof"), None);
    assert_eq!(
        result.get("business_scope"),
        Some(&CleanValue::List(vec![
            "software".into(),
            "consulting".into()
        ]))
    );
    let json = serde_json::to_value(&result).unwrap();
    assert_eq!(
        json["domicile"],
        serde_json::json!({"district": "350102", "detail": "五一北路 1 号 801 室"})
    );
    assert_eq!(
        json["shareholders"][0]["id_copy"],
        serde_json::json!([cert])
    );
    assert_eq!(json["shareholders"].as_array().unwrap().len(), 2);
    assert_eq!(
        serde_json::from_value::<CleanAnswers>(json).unwrap(),
        result
    );
    // Validating the clean answers again changes nothing.
    assert_eq!(validate(&def, &result.to_raw(), today()).unwrap(), result);
}

#[test]
fn the_module_documentation_example_is_a_valid_form_with_every_kind() {
    let source = include_str!("../../service_form.rs");
    let json: String = source
        .lines()
        .skip_while(|l| l.trim() != "//! ```json")
        .skip(1)
        .take_while(|l| l.trim() != "//! ```")
        .map(|l| l.trim_start_matches("//!"))
        .collect::<Vec<_>>()
        .join("\n");
    let def = FormDefinition::from_json(&json).unwrap();
    let mut kinds: BTreeSet<String> = BTreeSet::new();
    let mut collect = |fields: &[FieldDef]| {
        for f in fields {
            let value = serde_json::to_value(&f.kind).unwrap();
            kinds.insert(value["type"].as_str().unwrap().to_string());
        }
    };
    collect(&def.fields);
    for f in &def.fields {
        if let FieldKind::Group { fields, .. } = &f.kind {
            collect(fields);
        }
    }
    let expected: BTreeSet<String> = [
        "short_text",
        "long_text",
        "number",
        "date",
        "single_choice",
        "multi_choice",
        "resident_id",
        "credit_code",
        "phone",
        "email",
        "address",
        "file",
        "group",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(kinds, expected);
    assert!(json.contains(r#""fixed": "1949-10-01""#) && json.contains(r#""offset_days": 90"#));
}
