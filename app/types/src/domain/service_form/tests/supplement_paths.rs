use super::*;

fn form() -> FormDefinition {
    FormDefinition::from_json(
        r#"{"fields": [
          {"key": "applicant_name", "label": {"zh": "姓名", "en": "Name"}, "required": true,
           "kind": {"type": "short_text", "max_chars": 30}, "prefill": "applicant_name"},
          {"key": "home", "label": {"zh": "住址", "en": "Home"}, "kind": {"type": "address"}},
          {"key": "material_1", "label": {"zh": "材料", "en": "Material"}, "required": true,
           "kind": {"type": "file", "accept": ["application/pdf"], "max_bytes": 1000,
                    "max_count": 1, "material": 1}},
          {"key": "members", "label": {"zh": "成员", "en": "Members"},
           "kind": {"type": "group", "min_rows": 0, "max_rows": 5,
                    "add_label": {"zh": "添加", "en": "Add"}, "fields": [
             {"key": "name", "label": {"zh": "姓名", "en": "Name"},
              "kind": {"type": "short_text", "max_chars": 30}}]}}
        ]}"#,
    )
    .unwrap()
}

#[test]
fn supplement_paths_must_name_fields_of_the_form() {
    let form = form();
    let locked = vec!["applicant_name".to_string()];
    for path in [
        "home",
        "home.district",
        "material_1",
        "members",
        "members.0.name",
    ] {
        assert_eq!(form.check_supplement_path(path, &locked), Ok(()), "{path}");
    }
    for path in [
        "no_such_field",
        "material_9",
        "home.street",
        "members.0.age",
        "material_1.0",
        "",
    ] {
        let error = form.check_supplement_path(path, &locked).unwrap_err();
        assert_eq!(error.code(), "unknown_supplement_path", "{path}");
        assert_eq!(error.path(), path);
    }
}

#[test]
fn verified_prefilled_fields_cannot_be_asked_for_again() {
    let form = form();
    let locked = vec!["applicant_name".to_string()];
    let error = form
        .check_supplement_path("applicant_name", &locked)
        .unwrap_err();
    assert_eq!(
        error,
        SupplementPathError::NotChangeable("applicant_name".into())
    );
    assert_eq!(error.code(), "supplement_path_not_changeable");
    // Not prefilled for this applicant (no verified value): the applicant answered it.
    assert_eq!(form.check_supplement_path("applicant_name", &[]), Ok(()));
}
