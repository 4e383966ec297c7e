//! Tests of short and long text answers.
use super::*;

#[test]
fn short_text_is_trimmed_and_limited_in_characters() {
    let def = form(vec![required("name", short(5))]);
    assert_eq!(
        text_of(&clean(&def, &[("name", "  张三丰  ")]), "name"),
        "张三丰"
    );
    // Five Chinese characters are fifteen bytes but five characters.
    assert!(validate(&def, &answers(&[("name", "欧阳某某某")]), today()).is_ok());
    let error = only_error(&def, &[("name", "欧阳某某某某")]);
    assert_eq!(error.code, "form-too-long");
    assert_eq!(error.args.get("max").map(String::as_str), Some("5"));
}

#[test]
fn short_text_replaces_control_characters() {
    let def = form(vec![required("name", short(100))]);
    assert_eq!(
        text_of(&clean(&def, &[("name", "a\tb\nc")]), "name"),
        "a b c"
    );
}

#[test]
fn required_text_must_not_be_blank() {
    let def = form(vec![required("name", short(100))]);
    assert_eq!(errors(&def, &[]), error_list(&[("name", "form-required")]));
    assert_eq!(
        errors(&def, &[("name", " \u{3000} ")]),
        error_list(&[("name", "form-required")])
    );
}

#[test]
fn optional_fields_may_be_left_empty_and_are_then_absent() {
    let def = form(vec![
        optional("a", short(10)),
        optional("b", FieldKind::LongText { max_chars: 10 }),
        optional("c", number(None, None, false)),
        optional("d", date(None, None)),
        optional("e", single(&["x"])),
        optional("f", multi(&["x"], Some(1), None)),
        optional("g", FieldKind::ResidentId),
        optional("h", FieldKind::CreditCode),
        optional("i", FieldKind::Phone),
        optional("j", FieldKind::Email),
        optional("k", FieldKind::Address),
        optional("l", file(1, None)),
    ]);
    let result = clean(
        &def,
        &[("a", ""), ("c", " "), ("f", ""), ("k.district", "")],
    );
    assert_eq!(result, CleanAnswers::default());
}

#[test]
fn long_text_counts_a_line_break_as_one_character() {
    let def = form(vec![required(
        "story",
        FieldKind::LongText { max_chars: 5 },
    )]);
    let result = clean(&def, &[("story", " ab\r\ncd\r\n ")]);
    assert_eq!(text_of(&result, "story"), "ab\ncd");
    let error = only_error(&def, &[("story", "abc\r\ndef")]);
    assert_eq!(
        (error.code.as_str(), error.args["max"].as_str()),
        ("form-too-long", "5")
    );
}
