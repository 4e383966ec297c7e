//! Tests of the JSON form of a definition: defaults and spellings.
use super::*;

#[test]
fn omitted_settings_take_their_defaults() {
    let def = FormDefinition::from_json(
        r#"{"fields": [
            {"key": "a", "label": {"zh": "甲", "en": "A"}, "kind": {"type": "short_text"}},
            {"key": "b", "label": {"zh": "乙", "en": "B"}, "kind": {"type": "long_text"}},
            {"key": "c", "label": {"zh": "丙", "en": "C"}, "kind": {"type": "number"}},
            {"key": "d", "label": {"zh": "丁", "en": "D"}, "kind": {"type": "date"}}
        ]}"#,
    )
    .unwrap();
    assert_eq!(def.fields[0].kind, FieldKind::ShortText { max_chars: 100 });
    assert_eq!(def.fields[1].kind, FieldKind::LongText { max_chars: 2000 });
    assert_eq!(def.fields[2].kind, number(None, None, false));
    assert_eq!(def.fields[3].kind, date(None, None));
    assert!(!def.fields[0].required);
    // Absent options are not written out again.
    let json = serde_json::to_string(&def.fields[2]).unwrap();
    assert_eq!(
        json,
        r#"{"key":"c","label":{"zh":"丙","en":"C"},"required":false,"kind":{"type":"number","integer":false}}"#
    );
}

#[test]
fn misspelt_settings_are_refused() {
    for json in [
        r#"{"fields": [{"key": "a", "label": {"zh": "甲", "en": "A"}, "requird": true, "kind": {"type": "phone"}}]}"#,
        r#"{"fields": [{"key": "a", "label": {"zh": "甲", "en": "A"}, "kind": {"type": "short_text", "max_char": 5}}]}"#,
        r#"{"fields": [{"key": "a", "label": {"zh": "甲", "en": "A"}, "kind": {"type": "telephone"}}]}"#,
        r#"{"fields": [{"key": "a", "label": {"zh": "甲", "en": "A"}, "kind": {"type": "date", "min": "yesterday"}}]}"#,
        r#"{"fields": [{"key": "a", "label": {"zh": "甲", "en": "A"}, "kind": {"type": "phone"}, "prefill": "applicant_phone"}]}"#,
        r#"{"fields": [{"key": "a", "label": {"zh": "甲", "en": "A"}, "kind": {"type": "file", "accept": ["application/pdf"], "max_bytes": 1}}]}"#,
        r#"{"field": []}"#,
    ] {
        assert!(
            matches!(
                FormDefinition::from_json(json),
                Err(DefinitionError::Json(_))
            ),
            "{json}"
        );
    }
}

#[test]
fn date_rules_have_a_readable_json_form() {
    let rules = vec![
        DateRule::Today,
        DateRule::OffsetDays(-30),
        DateRule::Fixed(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()),
    ];
    let json = serde_json::to_string(&rules).unwrap();
    assert_eq!(
        json,
        r#"["today",{"offset_days":-30},{"fixed":"2026-01-01"}]"#
    );
    assert_eq!(serde_json::from_str::<Vec<DateRule>>(&json).unwrap(), rules);
}

#[test]
fn prefill_sources_have_snake_case_names() {
    for source in Prefill::ALL {
        let json = serde_json::to_string(&source).unwrap();
        assert_eq!(json, format!("\"{}\"", source.as_str()));
        assert_eq!(serde_json::from_str::<Prefill>(&json).unwrap(), source);
    }
}
