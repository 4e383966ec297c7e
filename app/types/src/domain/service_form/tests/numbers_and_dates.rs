//! Tests of number and date answers.
use super::*;

#[test]
fn numbers_must_be_plain_decimals() {
    let def = form(vec![required("n", number(None, None, false))]);
    for bad in [
        "abc", "1e3", "1,000", "--1", "1.2.3", "inf", "NaN", ".", "-", "1 000", "0x10",
    ] {
        assert_eq!(
            errors(&def, &[("n", bad)]),
            error_list(&[("n", "form-number-invalid")]),
            "{bad}"
        );
    }
    let too_long = "1".repeat(MAX_NUMBER_CHARS + 1);
    assert_eq!(
        errors(&def, &[("n", &too_long)]),
        error_list(&[("n", "form-number-invalid")])
    );
}

#[test]
fn numbers_keep_their_digits_and_fold_full_width_input() {
    let def = form(vec![required("n", number(None, None, false))]);
    for (input, stored) in [
        ("12", "12"),
        (" 3.50 ", "3.50"),
        ("+5", "5"),
        (".5", "0.5"),
        ("5.", "5"),
        ("-.25", "-0.25"),
        ("１２．５", "12.5"),
        ("12345678901234567890", "12345678901234567890"),
    ] {
        assert_eq!(
            text_of(&clean(&def, &[("n", input)]), "n"),
            stored,
            "{input}"
        );
    }
}

#[test]
fn number_ranges_name_the_limit_plainly() {
    let def = form(vec![required("n", number(Some(2.0), Some(10.5), false))]);
    let below = only_error(&def, &[("n", "1.99")]);
    assert_eq!(below.code, "form-number-below-min");
    assert_eq!(below.args["min"], "2");
    let above = only_error(&def, &[("n", "10.51")]);
    assert_eq!(above.code, "form-number-above-max");
    assert_eq!(above.args["max"], "10.5");
    assert!(validate(&def, &answers(&[("n", "2")]), today()).is_ok());
    assert!(validate(&def, &answers(&[("n", "10.5")]), today()).is_ok());

    let zero = form(vec![required("n", number(Some(-0.0), None, false))]);
    assert_eq!(only_error(&zero, &[("n", "-1")]).args["min"], "0");
    assert_eq!(plain_number(1_000_000.0), "1000000");
    assert_eq!(plain_number(0.1), "0.1");
}

#[test]
fn integer_fields_refuse_fractions() {
    let def = form(vec![required("n", number(Some(1.0), None, true))]);
    assert_eq!(
        errors(&def, &[("n", "2.5")]),
        error_list(&[("n", "form-number-not-integer")])
    );
    assert_eq!(text_of(&clean(&def, &[("n", "3")]), "n"), "3");
    assert_eq!(text_of(&clean(&def, &[("n", "3.0")]), "n"), "3.0");
}

#[test]
fn dates_accept_common_spellings_and_are_stored_iso() {
    let def = form(vec![required("d", date(None, None))]);
    for input in [
        "2026-01-05",
        "2026/1/5",
        "2026.01.05",
        "2026年1月5日",
        "２０２６－０１－０５",
    ] {
        assert_eq!(
            text_of(&clean(&def, &[("d", input)]), "d"),
            "2026-01-05",
            "{input}"
        );
    }
    for bad in [
        "2026-02-30",
        "tomorrow",
        "26-01-05",
        "2026-001-05",
        "2026-01",
        "2026-01-05-01",
        "2026-1-5x",
    ] {
        assert_eq!(
            errors(&def, &[("d", bad)]),
            error_list(&[("d", "form-date-invalid")]),
            "{bad}"
        );
    }
}

#[test]
fn date_limits_are_relative_to_the_given_today_and_inclusive() {
    // today() is 2026-03-15.
    let def = form(vec![required(
        "start",
        date(Some(DateRule::Today), Some(DateRule::OffsetDays(90))),
    )]);
    let early = only_error(&def, &[("start", "2026-03-14")]);
    assert_eq!(
        (early.code.as_str(), early.args["date"].as_str()),
        ("form-date-before-min", "2026-03-15")
    );
    let late = only_error(&def, &[("start", "2026-06-14")]);
    assert_eq!(
        (late.code.as_str(), late.args["date"].as_str()),
        ("form-date-after-max", "2026-06-13")
    );
    assert!(validate(&def, &answers(&[("start", "2026-03-15")]), today()).is_ok());
    assert!(validate(&def, &answers(&[("start", "2026-06-13")]), today()).is_ok());

    let past = form(vec![required(
        "d",
        date(
            Some(DateRule::Fixed(
                NaiveDate::from_ymd_opt(1949, 10, 1).unwrap(),
            )),
            Some(DateRule::OffsetDays(-1)),
        ),
    )]);
    assert_eq!(
        only_error(&past, &[("d", "1949-09-30")]).args["date"],
        "1949-10-01"
    );
    assert_eq!(
        only_error(&past, &[("d", "2026-03-15")]).args["date"],
        "2026-03-14"
    );
    assert!(validate(&past, &answers(&[("d", "2026-03-14")]), today()).is_ok());
}

#[test]
fn a_date_limit_out_of_range_is_ignored_not_a_panic() {
    assert_eq!(DateRule::OffsetDays(i32::MAX).resolve(today()), None);
    assert_eq!(DateRule::OffsetDays(i32::MIN).resolve(today()), None);
    let def = form(vec![required(
        "d",
        date(
            Some(DateRule::OffsetDays(i32::MIN)),
            Some(DateRule::OffsetDays(i32::MAX)),
        ),
    )]);
    assert!(validate(&def, &answers(&[("d", "2026-03-15")]), today()).is_ok());
}
