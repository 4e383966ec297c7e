//! Tests of single- and multi-choice answers.
use super::*;

#[test]
fn single_choice_must_be_one_of_the_options() {
    let def = form(vec![required("t", single(&["llc", "partnership"]))]);
    assert_eq!(text_of(&clean(&def, &[("t", " llc ")]), "t"), "llc");
    assert_eq!(
        errors(&def, &[("t", "LLC")]),
        error_list(&[("t", "form-choice-invalid")])
    );
    assert_eq!(
        errors(&def, &[("t", "<script>")]),
        error_list(&[("t", "form-choice-invalid")])
    );
    assert_eq!(
        errors(&def, &[]),
        error_list(&[("t", "form-choice-required")])
    );
}

#[test]
fn multi_choice_is_deduplicated_and_kept_in_option_order() {
    let def = form(vec![required("s", multi(&["a", "b", "c"], None, None))]);
    let result = clean(&def, &[("s", "c"), ("s", "a"), ("s", "c"), ("s", "")]);
    assert_eq!(
        result.get("s"),
        Some(&CleanValue::List(vec!["a".into(), "c".into()]))
    );
}

#[test]
fn multi_choice_refuses_tampered_values_and_checks_counts() {
    let def = form(vec![required(
        "s",
        multi(&["a", "b", "c", "d"], Some(2), Some(3)),
    )]);
    assert_eq!(
        errors(&def, &[("s", "a"), ("s", "z")]),
        error_list(&[("s", "form-choice-invalid")])
    );
    assert_eq!(
        errors(&def, &[]),
        error_list(&[("s", "form-choice-required")])
    );
    let few = only_error(&def, &[("s", "a")]);
    assert_eq!(
        (few.code.as_str(), few.args["min"].as_str()),
        ("form-too-few-selected", "2")
    );
    let many = only_error(&def, &[("s", "a"), ("s", "b"), ("s", "c"), ("s", "d")]);
    assert_eq!(
        (many.code.as_str(), many.args["max"].as_str()),
        ("form-too-many-selected", "3")
    );
    assert!(validate(&def, &answers(&[("s", "a"), ("s", "b")]), today()).is_ok());
}

#[test]
fn optional_multi_choice_with_a_minimum_may_be_left_empty() {
    let def = form(vec![optional("s", multi(&["a", "b"], Some(2), None))]);
    assert!(validate(&def, &answers(&[]), today()).is_ok());
    assert_eq!(
        errors(&def, &[("s", "a")]),
        error_list(&[("s", "form-too-few-selected")])
    );
}
