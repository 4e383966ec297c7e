//! Tests of the checks a definition passes before it is stored.
use super::*;

fn check(fields: Vec<FieldDef>) -> Result<(), DefinitionError> {
    FormDefinition { fields }.check()
}

#[test]
fn a_form_needs_fields_with_valid_unique_keys() {
    assert_eq!(check(vec![]), Err(DefinitionError::NoFields));
    for bad in [
        "",
        "Name",
        "1st",
        "_a",
        "a-b",
        "a.b",
        "名字",
        &"a".repeat(MAX_KEY_CHARS + 1),
    ] {
        assert_eq!(
            check(vec![optional(bad, short(10))]),
            Err(DefinitionError::InvalidKey(bad.to_string())),
            "{bad}"
        );
    }
    assert!(check(vec![optional(&"a".repeat(MAX_KEY_CHARS), short(10))]).is_ok());
    assert_eq!(
        check(vec![
            optional("a", short(10)),
            optional("a", FieldKind::Phone)
        ]),
        Err(DefinitionError::DuplicateKey("a".into()))
    );
    assert_eq!(
        check(vec![optional("csrf_token", short(10))]),
        Err(DefinitionError::ReservedKey("csrf_token".into()))
    );
    assert_eq!(
        check(vec![optional(
            "g",
            group(vec![optional("x", short(1)), optional("x", short(1))], 0, 1)
        )]),
        Err(DefinitionError::DuplicateKey("g.x".into()))
    );
    let too_many: Vec<FieldDef> = (0..=MAX_FIELDS)
        .map(|i| optional(&format!("f{i}"), short(1)))
        .collect();
    assert_eq!(
        check(too_many),
        Err(DefinitionError::TooManyFields(String::new()))
    );
}

#[test]
fn labels_and_help_need_both_languages() {
    let mut f = optional("a", short(10));
    f.label.en = " ".into();
    assert_eq!(
        check(vec![f]),
        Err(DefinitionError::MissingText("a".into()))
    );
    let mut f = optional("a", short(10));
    f.help = Some(Text::new("帮助", ""));
    assert_eq!(
        check(vec![f]),
        Err(DefinitionError::MissingText("a".into()))
    );
    let mut kind = single(&["x"]);
    if let FieldKind::SingleChoice { options } = &mut kind {
        options[0].label.zh.clear();
    }
    assert_eq!(
        check(vec![optional("a", kind)]),
        Err(DefinitionError::MissingText("a[x]".into()))
    );
}

#[test]
fn limits_must_make_sense() {
    let invalid = |kind: FieldKind| {
        matches!(
            check(vec![optional("a", kind)]),
            Err(DefinitionError::InvalidLimits { .. })
        )
    };
    assert!(invalid(short(0)));
    assert!(invalid(FieldKind::LongText { max_chars: 20_001 }));
    assert!(invalid(number(Some(5.0), Some(4.0), false)));
    assert!(invalid(number(Some(f64::NAN), None, false)));
    assert!(invalid(number(None, Some(f64::INFINITY), false)));
    assert!(invalid(date(
        Some(DateRule::OffsetDays(1)),
        Some(DateRule::Today)
    )));
    let day = |d| DateRule::Fixed(NaiveDate::from_ymd_opt(2026, 1, d).unwrap());
    assert!(invalid(date(Some(day(2)), Some(day(1)))));
    assert!(
        !invalid(date(Some(day(2)), Some(DateRule::Today))),
        "only comparable on a given day"
    );
    assert!(!invalid(date(
        Some(DateRule::OffsetDays(-7)),
        Some(DateRule::Today)
    )));
    assert!(invalid(multi(&["a", "b"], Some(2), Some(1))));
    assert!(invalid(multi(&["a", "b"], Some(3), None)));
    assert!(invalid(multi(&["a", "b"], None, Some(0))));
    assert!(invalid(group(vec![optional("x", short(1))], 3, 2)));
    assert!(invalid(group(vec![optional("x", short(1))], 0, 0)));
    assert!(invalid(group(
        vec![optional("x", short(1))],
        0,
        MAX_ROWS + 1
    )));
    assert!(!invalid(group(vec![optional("x", short(1))], 2, 2)));
}

#[test]
fn choices_need_distinct_options() {
    assert_eq!(
        check(vec![optional("a", single(&[]))]),
        Err(DefinitionError::NoOptions("a".into()))
    );
    assert_eq!(
        check(vec![optional("a", multi(&[], None, None))]),
        Err(DefinitionError::NoOptions("a".into()))
    );
    for (values, bad) in [
        (&["x", "x"][..], "x"),
        (&[""][..], ""),
        (&[" x"][..], " x"),
        (&["a\nb"][..], "a\nb"),
    ] {
        assert_eq!(
            check(vec![optional("a", single(values))]),
            Err(DefinitionError::InvalidOption {
                field: "a".into(),
                value: bad.into()
            })
        );
    }
}

#[test]
fn conditions_refer_to_earlier_choice_fields_and_their_options() {
    let target = |field: &str| DefinitionError::ConditionTarget {
        field: "b".into(),
        target: field.into(),
    };
    // Later field.
    assert_eq!(
        check(vec![
            when(optional("b", short(1)), "a", &["x"]),
            optional("a", single(&["x"]))
        ]),
        Err(target("a"))
    );
    // Unknown field, itself, non-choice field.
    assert_eq!(
        check(vec![
            optional("a", single(&["x"])),
            when(optional("b", short(1)), "z", &["x"])
        ]),
        Err(target("z"))
    );
    assert_eq!(
        check(vec![when(optional("b", single(&["x"])), "b", &["x"])]),
        Err(target("b"))
    );
    assert_eq!(
        check(vec![
            optional("a", short(1)),
            when(optional("b", short(1)), "a", &["x"])
        ]),
        Err(target("a"))
    );
    assert_eq!(
        check(vec![
            optional("a", single(&["x"])),
            when(optional("b", short(1)), "a", &["y"])
        ]),
        Err(DefinitionError::ConditionValue {
            field: "b".into(),
            target: "a".into(),
            value: "y".into()
        })
    );
    assert_eq!(
        check(vec![
            optional("a", single(&["x"])),
            when(optional("b", short(1)), "a", &[])
        ]),
        Err(DefinitionError::EmptyCondition("b".into()))
    );
    // A top-level field cannot depend on a group member.
    assert_eq!(
        check(vec![
            optional("g", group(vec![optional("m", single(&["x"]))], 0, 2)),
            when(optional("b", short(1)), "m", &["x"]),
        ]),
        Err(target("m"))
    );
}

#[test]
fn group_members_may_depend_on_earlier_siblings_or_earlier_top_level_fields() {
    let ok = check(vec![
        optional("a", single(&["x"])),
        optional(
            "g",
            group(
                vec![
                    optional("m", multi(&["y"], None, None)),
                    when(optional("n", short(1)), "m", &["y"]),
                    when(optional("o", short(1)), "a", &["x"]),
                ],
                0,
                2,
            ),
        ),
    ]);
    assert_eq!(ok, Ok(()));
    let later_top = check(vec![
        optional(
            "g",
            group(vec![when(optional("n", short(1)), "a", &["x"])], 0, 2),
        ),
        optional("a", single(&["x"])),
    ]);
    assert_eq!(
        later_top,
        Err(DefinitionError::ConditionTarget {
            field: "g.n".into(),
            target: "a".into()
        })
    );
}

#[test]
fn groups_are_flat_and_not_empty() {
    assert_eq!(
        check(vec![optional(
            "g",
            group(
                vec![optional("h", group(vec![optional("x", short(1))], 0, 1))],
                0,
                1
            )
        )]),
        Err(DefinitionError::NestedGroup("g.h".into()))
    );
    assert_eq!(
        check(vec![optional("g", group(vec![], 0, 1))]),
        Err(DefinitionError::EmptyGroup("g".into()))
    );
    let mut kind = group(vec![optional("x", short(1))], 0, 1);
    if let FieldKind::Group { add_label, .. } = &mut kind {
        *add_label = Some(Text::new("添加", ""));
    }
    assert_eq!(
        check(vec![optional("g", kind)]),
        Err(DefinitionError::MissingText("g".into()))
    );
}

#[test]
fn file_rules_must_be_usable() {
    let with = |change: &dyn Fn(&mut FieldKind)| {
        let mut kind = file(1, None);
        change(&mut kind);
        check(vec![optional("f", kind)])
    };
    let refused = |change: &dyn Fn(&mut FieldKind)| {
        matches!(with(change), Err(DefinitionError::InvalidFileRules { .. }))
    };
    assert_eq!(with(&|_| {}), Ok(()));
    assert!(refused(&|k| if let FieldKind::File { accept, .. } = k {
        accept.clear()
    }));
    assert!(refused(&|k| if let FieldKind::File { accept, .. } = k {
        *accept = vec!["pdf".into()]
    }));
    assert!(refused(&|k| if let FieldKind::File { accept, .. } = k {
        *accept = vec!["Application/PDF".into()]
    }));
    assert!(refused(&|k| if let FieldKind::File { accept, .. } = k {
        *accept = vec!["*/*".into()]
    }));
    assert!(!refused(&|k| if let FieldKind::File { accept, .. } = k {
        *accept = vec!["image/*".into()]
    }));
    assert!(refused(&|k| if let FieldKind::File { max_bytes, .. } = k {
        *max_bytes = 0
    }));
    assert!(refused(&|k| if let FieldKind::File { max_count, .. } = k {
        *max_count = 0
    }));
    assert!(refused(&|k| if let FieldKind::File { max_count, .. } = k {
        *max_count = MAX_FILES + 1
    }));
    assert!(refused(&|k| if let FieldKind::File { material, .. } = k {
        *material = Some(0)
    }));
    assert!(refused(
        &|k| if let FieldKind::File { ecert_type, .. } = k {
            *ecert_type = Some(" ".into())
        }
    ));
}

#[test]
fn prefill_sources_must_fit_the_field() {
    let with = |prefill: Prefill, kind: FieldKind| {
        let mut f = optional("a", kind);
        f.prefill = Some(prefill);
        check(vec![f])
    };
    assert_eq!(with(Prefill::ApplicantName, short(30)), Ok(()));
    assert_eq!(
        with(Prefill::ApplicantIdNumber, FieldKind::ResidentId),
        Ok(())
    );
    assert_eq!(
        with(Prefill::EnterpriseCreditCode, FieldKind::CreditCode),
        Ok(())
    );
    assert_eq!(with(Prefill::ApplicantMobile, FieldKind::Phone), Ok(()));
    assert_eq!(with(Prefill::ApplicantEmail, FieldKind::Email), Ok(()));
    assert_eq!(with(Prefill::EnterpriseAddress, FieldKind::Address), Ok(()));
    let mismatch = |p: Prefill| {
        Err(DefinitionError::PrefillMismatch {
            field: "a".into(),
            prefill: p.as_str(),
        })
    };
    assert_eq!(
        with(Prefill::ApplicantName, FieldKind::ResidentId),
        mismatch(Prefill::ApplicantName)
    );
    assert_eq!(
        with(Prefill::ApplicantAddress, short(30)),
        mismatch(Prefill::ApplicantAddress)
    );
    assert_eq!(
        with(Prefill::ApplicantName, file(1, None)),
        mismatch(Prefill::ApplicantName)
    );
    let mut member = optional("name", short(10));
    member.prefill = Some(Prefill::ApplicantName);
    assert_eq!(
        check(vec![optional("g", group(vec![member], 0, 1))]),
        Err(DefinitionError::PrefillMismatch {
            field: "g.name".into(),
            prefill: "applicant_name"
        })
    );
}

#[test]
fn definition_errors_say_what_is_wrong() {
    let error = check(vec![
        optional("a", single(&["x"])),
        when(optional("b", short(1)), "a", &["y"]),
    ])
    .unwrap_err();
    assert_eq!(error.to_string(), "`b`: `y` is not an option of `a`");
}
