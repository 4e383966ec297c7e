//! Tests of conditional fields (`visible_when`) and visibility.
use super::*;

fn conditional_form() -> FormDefinition {
    form(vec![
        required("entity_type", single(&["llc", "partnership"])),
        when(
            required("partners", number(Some(2.0), None, true)),
            "entity_type",
            &["partnership"],
        ),
        when(
            required("has_agreement", single(&["yes", "no"])),
            "entity_type",
            &["partnership"],
        ),
        when(
            required("agreement", file(1, None)),
            "has_agreement",
            &["yes"],
        ),
    ])
}

#[test]
fn hidden_fields_are_not_required_and_never_stored() {
    let def = conditional_form();
    let result = clean(
        &def,
        &[
            ("entity_type", "llc"),
            ("partners", "not a number"),
            ("has_agreement", "yes"),
            ("agreement", "whatever"),
        ],
    );
    assert_eq!(result.0.keys().collect::<Vec<_>>(), vec!["entity_type"]);
}

#[test]
fn shown_fields_are_validated_including_chains() {
    let def = conditional_form();
    assert_eq!(
        errors(
            &def,
            &[("entity_type", "partnership"), ("has_agreement", "yes")]
        ),
        error_list(&[
            ("partners", "form-required"),
            ("agreement", "form-file-required")
        ])
    );
    // The agreement depends on has_agreement, which is hidden for an llc: hidden too.
    assert!(validate(
        &def,
        &answers(&[("entity_type", "llc"), ("has_agreement", "yes")]),
        today()
    )
    .is_ok());
    let result = clean(
        &def,
        &[
            ("entity_type", "partnership"),
            ("partners", "3"),
            ("has_agreement", "no"),
        ],
    );
    assert_eq!(
        result.0.keys().collect::<Vec<_>>(),
        vec!["entity_type", "has_agreement", "partners"]
    );
}

#[test]
fn a_tampered_value_does_not_reveal_a_field() {
    let def = conditional_form();
    assert!(is_visible(
        &def,
        "partners",
        &answers(&[("entity_type", " partnership ")])
    ));
    assert!(!is_visible(
        &def,
        "partners",
        &answers(&[("entity_type", "PARTNERSHIP")])
    ));
    assert_eq!(
        errors(&def, &[("entity_type", "PARTNERSHIP"), ("partners", "x")]),
        error_list(&[("entity_type", "form-choice-invalid")])
    );
}

#[test]
fn conditions_on_multi_choice_match_any_selected_value() {
    let def = form(vec![
        required(
            "scope",
            multi(&["retail", "food", "consulting"], None, None),
        ),
        when(required("food_permit", file(1, None)), "scope", &["food"]),
    ]);
    assert!(!is_visible(
        &def,
        "food_permit",
        &answers(&[("scope", "retail")])
    ));
    assert!(is_visible(
        &def,
        "food_permit",
        &answers(&[("scope", "retail"), ("scope", "food")])
    ));
    assert_eq!(
        errors(&def, &[("scope", "retail"), ("scope", "food")]),
        error_list(&[("food_permit", "form-file-required")])
    );
}

#[test]
fn visibility_of_paths() {
    let def = form(vec![
        required("kind", single(&["person", "company"])),
        when(required("home", FieldKind::Address), "kind", &["person"]),
        required(
            "members",
            group(
                vec![
                    required("role", single(&["director", "supervisor"])),
                    when(optional("since", date(None, None)), "role", &["director"]),
                    when(
                        optional("id_number", FieldKind::ResidentId),
                        "kind",
                        &["person"],
                    ),
                ],
                0,
                5,
            ),
        ),
    ]);
    let a = answers(&[
        ("kind", "person"),
        ("members.0.role", "director"),
        ("members.1.role", "supervisor"),
    ]);
    assert!(is_visible(&def, "kind", &a));
    assert!(is_visible(&def, "home", &a));
    assert!(is_visible(&def, "home.district", &a));
    assert!(is_visible(&def, "members", &a));
    assert!(is_visible(&def, "members.0.since", &a));
    assert!(!is_visible(&def, "members.1.since", &a));
    assert!(is_visible(&def, "members.1.id_number", &a));
    assert!(!is_visible(&def, "members.4.since", &a));
    let b = answers(&[("kind", "company")]);
    assert!(!is_visible(&def, "home.detail", &b));
    assert!(!is_visible(&def, "members.0.id_number", &b));
    for unknown in [
        "nope",
        "kind.district",
        "members.0.nope",
        "members.x.role",
        "home.street",
        "",
    ] {
        assert!(!is_visible(&def, unknown, &a), "{unknown}");
    }
}
