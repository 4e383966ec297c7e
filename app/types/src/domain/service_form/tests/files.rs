//! Tests of file answers, file rules and file references.
use super::*;

#[test]
fn file_fields_count_references() {
    let def = form(vec![required("docs", file(2, None))]);
    assert_eq!(
        errors(&def, &[("docs", "")]),
        error_list(&[("docs", "form-file-required")])
    );
    let many = only_error(
        &def,
        &[("docs", UUID_A), ("docs", UUID_B), ("docs", UUID_C)],
    );
    assert_eq!(
        (many.code.as_str(), many.args["max"].as_str()),
        ("form-too-many-files", "2")
    );
    // A repeated reference is one file.
    let result = clean(
        &def,
        &[
            ("docs", UUID_A),
            ("docs", &UUID_A.to_uppercase()),
            ("docs", UUID_B),
        ],
    );
    assert_eq!(
        result.get("docs"),
        Some(&CleanValue::List(vec![UUID_A.into(), UUID_B.into()]))
    );
}

#[test]
fn file_references_must_be_uuids_or_allowed_certificates() {
    let plain = form(vec![required("docs", file(3, None))]);
    for bad in [
        "../etc/passwd",
        "123",
        &format!("cert:{UUID_A}"),
        &format!("{UUID_A}x"),
        "cert:",
        "0f8fad5bd9cb469fa16570867728950e",
    ] {
        assert_eq!(
            errors(&plain, &[("docs", UUID_B), ("docs", bad)]),
            error_list(&[("docs", "form-file-reference-invalid")]),
            "{bad}"
        );
    }
    let wallet = form(vec![required("id_card", file(1, Some("resident_id_card")))]);
    let cert = format!("cert:{}", UUID_A.to_uppercase());
    let result = clean(&wallet, &[("id_card", &cert)]);
    assert_eq!(
        result.get("id_card"),
        Some(&CleanValue::List(vec![format!("cert:{UUID_A}")]))
    );
}

#[test]
fn file_rules_tell_the_upload_code_what_to_accept() {
    let def = form(vec![
        required("docs", file(2, None)),
        optional(
            "photos",
            FieldKind::File {
                accept: vec!["image/*".into()],
                max_bytes: 1024,
                max_count: 5,
                material: None,
                ecert_type: None,
            },
        ),
        optional(
            "members",
            group(
                vec![optional("scan", file(1, Some("resident_id_card")))],
                0,
                3,
            ),
        ),
    ]);
    let rules = def.file_rules("docs").unwrap();
    assert_eq!(rules.max_bytes(), 5 * 1024 * 1024);
    assert_eq!(rules.max_count(), 2);
    assert_eq!(rules.accept(), ["application/pdf", "image/jpeg"]);
    assert_eq!(rules.material(), Some(1));
    assert!(rules.accepts_mime("application/pdf"));
    assert!(rules.accepts_mime("Application/PDF; charset=binary"));
    assert!(!rules.accepts_mime("image/png"));
    assert!(!rules.accepts_mime("text/html"));
    assert!(!rules.accepts_mime(""));
    assert!(!rules.accepts_reference(&format!("cert:{UUID_A}")));
    let photos = def.file_rules("photos").unwrap();
    assert!(photos.accepts_mime("image/png"));
    assert!(!photos.accepts_mime("image/"));
    assert!(!photos.accepts_mime("application/pdf"));
    let scan = def.file_rules("members.2.scan").unwrap();
    assert_eq!(scan.ecert_type(), Some("resident_id_card"));
    assert!(scan.accepts_reference(&format!("cert:{UUID_A}")));
    assert!(def.file_rules("members").is_none());
    assert!(def.file_rules("nope").is_none());
}

#[test]
fn clean_answers_list_their_files_with_the_fields_rules() {
    let def = form(vec![
        required("docs", file(2, None)),
        required(
            "members",
            group(
                vec![
                    required("name", short(20)),
                    optional("scan", file(1, Some("resident_id_card"))),
                ],
                1,
                5,
            ),
        ),
    ]);
    let cert = format!("cert:{UUID_C}");
    let result = clean(
        &def,
        &[
            ("docs", UUID_A),
            ("members.0.name", "张三"),
            ("members.1.name", ""),
            ("members.2.name", "李四"),
            ("members.2.scan", &cert),
        ],
    );
    let files: Vec<(String, Option<u32>, FileRef)> = result
        .files(&def)
        .into_iter()
        .map(|f| (f.path, f.rules.material(), f.reference))
        .collect();
    assert_eq!(
        files,
        vec![
            ("docs".to_string(), Some(1), FileRef::Upload(UUID_A.into())),
            // The empty row 1 was dropped: 李四 is row 1 of the clean answers.
            (
                "members.1.scan".to_string(),
                Some(1),
                FileRef::Certificate(UUID_C.into())
            ),
        ]
    );
}

#[test]
fn file_refs_parse_and_print() {
    assert_eq!(FileRef::parse(UUID_A), Some(FileRef::Upload(UUID_A.into())));
    let cert = FileRef::parse(&format!(" cert:{} ", UUID_B.to_uppercase())).unwrap();
    assert_eq!(cert.id(), UUID_B);
    assert!(cert.is_certificate());
    assert_eq!(cert.to_string(), format!("cert:{UUID_B}"));
    assert_eq!(FileRef::parse("cert:cert:x"), None);
    assert_eq!(FileRef::parse("g0000000-0000-0000-0000-000000000000"), None);
}

fn form_with_both() -> FormDefinition {
    FormDefinition::from_json(
        r#"{"fields": [
          {"key": "details", "label": {"zh": "说明", "en": "Details"},
           "kind": {"type": "long_text", "max_chars": 100}},
          {"key": "material_1", "label": {"zh": "身份证", "en": "ID card"}, "required": true,
           "kind": {"type": "file", "accept": ["application/pdf"], "max_bytes": 1000,
                    "max_count": 1, "material": 1}},
          {"key": "material_2", "label": {"zh": "户口簿", "en": "Household register"},
           "required": true,
           "kind": {"type": "file", "accept": ["application/pdf"], "max_bytes": 1000,
                    "max_count": 1, "material": 2}}
        ]}"#,
    )
    .unwrap()
}

#[test]
fn materials_the_base_data_stands_in_for_leave_the_form() {
    let form = form_with_both();
    let keys = |form: &FormDefinition| -> Vec<String> {
        form.fields.iter().map(|f| f.key.clone()).collect()
    };
    assert_eq!(
        keys(&form.clone().without_materials(&[])),
        ["details", "material_1", "material_2"]
    );
    let without = form.without_materials(&[2]);
    assert_eq!(keys(&without), ["details", "material_1"]);
    // The required upload it was is no longer asked for.
    let answers = answers(&[("material_1", UUID_A), ("details", "x")]);
    assert!(validate(&without, &answers, today()).is_ok());
    assert!(validate(&form_with_both(), &answers, today()).is_err());
}
