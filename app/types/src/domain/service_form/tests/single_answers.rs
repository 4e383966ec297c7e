//! Tests of checking one answer at a time, and of completeness.
use super::*;

#[test]
fn check_answer_checks_one_value() {
    let def = form(vec![
        required("name", short(3)),
        required("n", number(Some(1.0), None, false)),
        required("home", FieldKind::Address),
        optional("scope", multi(&["a", "b"], Some(2), None)),
        optional("docs", file(1, None)),
        optional(
            "members",
            group(vec![required("id_number", FieldKind::ResidentId)], 0, 3),
        ),
    ]);
    let check = |path: &str, value: &str| check_answer(&def, path, value, today()).map(|e| e.code);
    assert_eq!(check("name", "张三"), None);
    assert_eq!(check("name", "张三丰丰"), Some("form-too-long".into()));
    assert_eq!(check("name", " "), Some("form-required".into()));
    assert_eq!(check("n", "0"), Some("form-number-below-min".into()));
    assert_eq!(
        check_answer(&def, "n", "0", today()).unwrap().args["min"],
        "1"
    );
    assert_eq!(check("home.district", "350104"), None);
    assert_eq!(
        check("home.district", "123456"),
        Some("form-address-district-invalid".into())
    );
    assert_eq!(
        check("home.district", ""),
        Some("form-address-district-required".into())
    );
    assert_eq!(
        check("home.detail", ""),
        Some("form-address-detail-required".into())
    );
    assert_eq!(check("home", "x"), None);
    assert_eq!(check("scope", "a"), None, "counts are left to validate");
    assert_eq!(check("scope", "z"), Some("form-choice-invalid".into()));
    assert_eq!(check("docs", UUID_A), None);
    assert_eq!(
        check("docs", "cert:x"),
        Some("form-file-reference-invalid".into())
    );
    assert_eq!(
        check("members.2.id_number", "110105194912310021"),
        Some("resident-id-wrong-check-digit".into())
    );
    let error = check_answer(&def, "members.2.id_number", "", today()).unwrap();
    assert_eq!(error.field, "members.2.id_number");
    assert_eq!(check("members", ""), None);
    assert_eq!(check("unknown", ""), None);
    assert_eq!(check("csrf_token", ""), None);
}

#[test]
fn completeness_counts_visible_required_top_level_fields() {
    let def = form(vec![
        required("entity_type", single(&["llc", "partnership"])),
        when(
            required("partners", number(None, None, true)),
            "entity_type",
            &["partnership"],
        ),
        required("home", FieldKind::Address),
        optional("remarks", short(100)),
        required("docs", file(2, None)),
        optional("members", group(vec![required("name", short(10))], 1, 3)),
    ]);
    assert_eq!(
        completeness(&def, &answers(&[])),
        Completeness {
            answered: 0,
            required: 4
        }
    );
    let c = completeness(
        &def,
        &answers(&[
            ("entity_type", "partnership"),
            ("home.district", "350102"),
            ("remarks", "x"),
            ("docs", UUID_A),
            ("members.0.name", ""),
            ("members.1.name", "张三"),
        ]),
    );
    // partners shown and missing, home missing its detail.
    assert_eq!(
        c,
        Completeness {
            answered: 3,
            required: 5
        }
    );
    assert_eq!(c.to_string(), "3/5");
    assert!(!c.is_complete());
    let done = completeness(
        &def,
        &answers(&[
            ("entity_type", "llc"),
            ("home.district", "350102"),
            ("home.detail", "x"),
            ("docs", UUID_A),
            ("members.0.name", "张三"),
        ]),
    );
    assert_eq!(
        done,
        Completeness {
            answered: 4,
            required: 4
        }
    );
    assert!(done.is_complete());
}
