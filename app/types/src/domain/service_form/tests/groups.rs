//! Tests of groups: repeatable rows of fields.
use super::*;

#[test]
fn group_rows_are_validated_with_exact_paths() {
    let def = members_form(1, 5);
    let errors = errors(
        &def,
        &[
            ("applicant", "王五"),
            ("members.0.name", "张三"),
            ("members.0.id_number", VALID_ID),
            ("members.1.name", ""),
            ("members.1.id_number", "110105194912310021"),
            ("members.1.relation", "cousin"),
        ],
    );
    assert_eq!(
        errors,
        error_list(&[
            ("members.1.name", "form-required"),
            ("members.1.id_number", "resident-id-wrong-check-digit"),
            ("members.1.relation", "form-choice-invalid"),
        ])
    );
}

#[test]
fn group_rows_are_cleaned_into_a_list() {
    let def = members_form(1, 5);
    let result = clean(
        &def,
        &[
            ("applicant", "王五"),
            ("members.0.name", " 张三 "),
            ("members.0.id_number", "11010519491231002x"),
            ("members.0.relation", "spouse"),
            ("members.1.name", "李四"),
            ("members.1.id_number", VALID_ID_2),
        ],
    );
    let rows = result.get("members").and_then(CleanValue::as_rows).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["name"], CleanValue::Text("张三".into()));
    assert_eq!(rows[0]["id_number"], CleanValue::Text(VALID_ID.into()));
    assert_eq!(rows[1].get("relation"), None);
}

#[test]
fn too_few_and_too_many_rows_are_reported_on_the_group() {
    let def = members_form(2, 3);
    let row = |i: usize| {
        vec![
            (format!("members.{i}.name"), "张三".to_string()),
            (format!("members.{i}.id_number"), VALID_ID.to_string()),
        ]
    };
    let post = |rows: usize| {
        let mut pairs = vec![("applicant".to_string(), "王五".to_string())];
        pairs.extend((0..rows).flat_map(row));
        validate(&def, &RawAnswers::from_pairs(pairs), today())
    };
    let few = post(1).unwrap_err();
    assert_eq!(few.len(), 1);
    assert_eq!(
        (
            few[0].field.as_str(),
            few[0].code.as_str(),
            few[0].args["min"].as_str()
        ),
        ("members", "form-too-few-rows", "2")
    );
    let many = post(4).unwrap_err();
    assert_eq!(
        (
            many[0].field.as_str(),
            many[0].code.as_str(),
            many[0].args["max"].as_str()
        ),
        ("members", "form-too-many-rows", "3")
    );
    assert!(post(2).is_ok());
    assert!(post(3).is_ok());
}

#[test]
fn empty_rows_beyond_the_minimum_are_dropped_and_rows_renumbered() {
    let def = members_form(1, 2);
    let result = clean(
        &def,
        &[
            ("applicant", "王五"),
            ("members.0.name", "张三"),
            ("members.0.id_number", VALID_ID),
            // A cleared middle row and an untouched trailing row: neither counts against max_rows.
            ("members.1.name", " "),
            ("members.1.id_number", ""),
            ("members.2.name", "李四"),
            ("members.2.id_number", VALID_ID_2),
            ("members.3.name", ""),
            ("members.3.relation", ""),
        ],
    );
    let rows = result.get("members").and_then(CleanValue::as_rows).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["name"], CleanValue::Text("李四".into()));
    let raw = result.to_raw();
    assert_eq!(raw.get("members.1.id_number"), VALID_ID_2);
    assert_eq!(raw.rows("members"), 2);
}

#[test]
fn an_empty_row_below_the_minimum_gets_field_errors() {
    let def = members_form(1, 2);
    assert_eq!(
        errors(
            &def,
            &[
                ("applicant", "王五"),
                ("members.0.name", ""),
                ("members.0.id_number", "")
            ]
        ),
        error_list(&[
            ("members.0.name", "form-required"),
            ("members.0.id_number", "form-required")
        ])
    );
    // Nothing posted at all (e.g. JavaScript removed the row): the group reports it.
    assert_eq!(
        errors(&def, &[("applicant", "王五")]),
        error_list(&[("members", "form-too-few-rows")])
    );
}

#[test]
fn an_optional_group_may_be_empty_and_a_required_one_needs_a_row() {
    let def = members_form(0, 2);
    let result = clean(
        &def,
        &[
            ("applicant", "王五"),
            ("members.0.name", ""),
            ("members.0.id_number", ""),
        ],
    );
    assert_eq!(result.get("members"), None);

    let mut required_group = members_form(0, 2);
    required_group.fields[1].required = true;
    assert_eq!(
        errors(&required_group, &[("applicant", "王五")]),
        error_list(&[("members", "form-too-few-rows")])
    );
    assert_eq!(required_group.row_count("members", &answers(&[])), 1);
}

#[test]
fn group_members_can_depend_on_siblings_and_top_level_fields() {
    let def = form(vec![
        required("household", single(&["urban", "rural"])),
        required(
            "members",
            group(
                vec![
                    required("relation", single(&["spouse", "child"])),
                    when(required("school", short(50)), "relation", &["child"]),
                    when(
                        required("land_contract", short(50)),
                        "household",
                        &["rural"],
                    ),
                ],
                1,
                5,
            ),
        ),
    ]);
    assert_eq!(
        errors(
            &def,
            &[
                ("household", "rural"),
                ("members.0.relation", "spouse"),
                ("members.0.school", "ignored while hidden"),
                ("members.1.relation", "child"),
            ]
        ),
        error_list(&[
            ("members.0.land_contract", "form-required"),
            ("members.1.school", "form-required"),
            ("members.1.land_contract", "form-required"),
        ])
    );
    let result = clean(
        &def,
        &[
            ("household", "urban"),
            ("members.0.relation", "spouse"),
            ("members.0.school", "dropped"),
            ("members.0.land_contract", "dropped"),
        ],
    );
    let rows = result.get("members").and_then(CleanValue::as_rows).unwrap();
    assert_eq!(rows[0].keys().collect::<Vec<_>>(), vec!["relation"]);
}

#[test]
fn a_hidden_group_drops_all_its_rows() {
    let def = form(vec![
        required("has_members", single(&["yes", "no"])),
        when(
            required("members", group(vec![required("name", short(10))], 1, 3)),
            "has_members",
            &["yes"],
        ),
    ]);
    let result = clean(
        &def,
        &[
            ("has_members", "no"),
            ("members.0.name", "张三"),
            ("members.1.name", ""),
        ],
    );
    assert_eq!(result.get("members"), None);
    assert_eq!(
        errors(&def, &[("has_members", "yes")]),
        error_list(&[("members", "form-too-few-rows")])
    );
}

#[test]
fn a_tampered_row_index_is_bounded() {
    let def = members_form(0, 3);
    let errors = errors(&def, &[("applicant", "王五"), ("members.999.name", "x")]);
    assert_eq!(
        errors,
        error_list(&[("members.999.id_number", "form-required")])
    );
    assert_eq!(answers(&[("members.1000.name", "x")]).rows("members"), 0);
}
