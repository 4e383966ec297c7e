#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;
use std::collections::BTreeSet;

const VALID_ID: &str = "11010519491231002X";
const VALID_ID_2: &str = "110101200001011232";
const VALID_CODE: &str = "91350100M000100Y43";
const UUID_A: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";
const UUID_B: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
const UUID_C: &str = "16fd2706-8baf-433b-82eb-8c7fada847da";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 15).unwrap()
}

fn label(key: &str) -> Text {
    Text::new(format!("{key}（中）"), key)
}

fn optional(key: &str, kind: FieldKind) -> FieldDef {
    FieldDef {
        key: key.to_string(),
        label: label(key),
        help: None,
        required: false,
        kind,
        visible_when: None,
        prefill: None,
    }
}

fn required(key: &str, kind: FieldKind) -> FieldDef {
    FieldDef {
        required: true,
        ..optional(key, kind)
    }
}

fn when(mut field: FieldDef, target: &str, any_of: &[&str]) -> FieldDef {
    field.visible_when = Some(Condition {
        field: target.to_string(),
        any_of: any_of.iter().map(|v| v.to_string()).collect(),
    });
    field
}

fn form(fields: Vec<FieldDef>) -> FormDefinition {
    let def = FormDefinition { fields };
    def.check().expect("test definitions are valid");
    def
}

fn options(values: &[&str]) -> Vec<ChoiceOption> {
    values
        .iter()
        .map(|v| ChoiceOption {
            value: v.to_string(),
            label: label(v),
        })
        .collect()
}

fn short(max_chars: u32) -> FieldKind {
    FieldKind::ShortText { max_chars }
}

fn single(values: &[&str]) -> FieldKind {
    FieldKind::SingleChoice {
        options: options(values),
    }
}

fn multi(values: &[&str], min: Option<u32>, max: Option<u32>) -> FieldKind {
    FieldKind::MultiChoice {
        options: options(values),
        min_selected: min,
        max_selected: max,
    }
}

fn number(min: Option<f64>, max: Option<f64>, integer: bool) -> FieldKind {
    FieldKind::Number { min, max, integer }
}

fn date(min: Option<DateRule>, max: Option<DateRule>) -> FieldKind {
    FieldKind::Date { min, max }
}

fn file(max_count: u32, ecert_type: Option<&str>) -> FieldKind {
    FieldKind::File {
        accept: vec!["application/pdf".into(), "image/jpeg".into()],
        max_bytes: 5 * 1024 * 1024,
        max_count,
        material: Some(1),
        ecert_type: ecert_type.map(str::to_string),
    }
}

fn group(fields: Vec<FieldDef>, min_rows: u32, max_rows: u32) -> FieldKind {
    FieldKind::Group {
        fields,
        min_rows,
        max_rows,
        add_label: None,
    }
}

fn answers(pairs: &[(&str, &str)]) -> RawAnswers {
    RawAnswers::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
}

fn errors(def: &FormDefinition, pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    validate(def, &answers(pairs), today())
        .expect_err("should be refused")
        .into_iter()
        .map(|e| (e.field, e.code))
        .collect()
}

fn error_list(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(f, c)| (f.to_string(), c.to_string()))
        .collect()
}

fn clean(def: &FormDefinition, pairs: &[(&str, &str)]) -> CleanAnswers {
    validate(def, &answers(pairs), today()).expect("should be accepted")
}

/// The only error of a one-field form, with its arguments.
fn only_error(def: &FormDefinition, pairs: &[(&str, &str)]) -> FieldError {
    let mut errors = validate(def, &answers(pairs), today()).expect_err("should be refused");
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors.remove(0)
}

fn text_of(clean: &CleanAnswers, key: &str) -> String {
    clean.text(key).expect("a text answer").to_string()
}

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Numbers and dates
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Choices
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Identity numbers, codes, phone, e-mail
// ---------------------------------------------------------------------------------------------

#[test]
fn resident_ids_are_normalised_and_reuse_their_error_codes() {
    let def = form(vec![required("id", FieldKind::ResidentId)]);
    assert_eq!(
        text_of(&clean(&def, &[("id", " 11010519491231002x ")]), "id"),
        VALID_ID
    );
    assert_eq!(
        text_of(
            &clean(&def, &[("id", "１１０１０５１９４９１２３１００２ｘ")]),
            "id"
        ),
        VALID_ID
    );
    assert_eq!(
        errors(&def, &[("id", "110105194912310021")]),
        error_list(&[("id", "resident-id-wrong-check-digit")])
    );
    assert_eq!(
        errors(&def, &[("id", "12345")]),
        error_list(&[("id", "resident-id-wrong-length")])
    );
    // Born after the given today.
    assert_eq!(
        errors(&def, &[("id", "110105203001010010")]),
        error_list(&[("id", "resident-id-future-birth-date")])
    );
    assert_eq!(errors(&def, &[]), error_list(&[("id", "form-required")]));
}

#[test]
fn credit_codes_are_upper_cased_and_reuse_their_error_codes() {
    let def = form(vec![required("code", FieldKind::CreditCode)]);
    assert_eq!(
        text_of(&clean(&def, &[("code", "91350100m000100y43")]), "code"),
        VALID_CODE
    );
    assert_eq!(
        errors(&def, &[("code", "91350100M000100Y44")]),
        error_list(&[("code", "credit-code-wrong-check-character")])
    );
    assert_eq!(
        errors(&def, &[("code", "913501")]),
        error_list(&[("code", "credit-code-wrong-length")])
    );
}

#[test]
fn phones_accept_mobiles_and_landlines() {
    let def = form(vec![required("p", FieldKind::Phone)]);
    for (input, stored) in [
        ("138 0013 8000", "13800138000"),
        ("+86 138-0013-8000", "13800138000"),
        ("0591-87654321", "0591-87654321"),
        ("059187654321", "0591-87654321"),
        ("(0591) 8765432", "0591-8765432"),
        ("010-62345678", "010-62345678"),
        ("02162345678", "021-62345678"),
        ("０５９１－８７６５４３２１", "0591-87654321"),
    ] {
        assert_eq!(
            text_of(&clean(&def, &[("p", input)]), "p"),
            stored,
            "{input}"
        );
    }
    for bad in [
        "12345",
        "0591-123",
        "0591-12345678",
        "011-62345678",
        "0591-876543210",
        "abc",
        "1380013800",
    ] {
        assert_eq!(
            errors(&def, &[("p", bad)]),
            error_list(&[("p", "form-phone-invalid")]),
            "{bad}"
        );
    }
}

#[test]
fn emails_get_a_simple_sane_check() {
    let def = form(vec![required("e", FieldKind::Email)]);
    assert_eq!(
        text_of(&clean(&def, &[("e", " Zhang.San@Example.COM ")]), "e"),
        "Zhang.San@example.com"
    );
    assert!(validate(&def, &answers(&[("e", "a+b@mail.fz.gov.cn")]), today()).is_ok());
    let long = format!("{}@example.com", "a".repeat(64));
    assert!(validate(&def, &answers(&[("e", &long)]), today()).is_ok());
    let too_long = format!("a@{}.com", "b".repeat(250));
    for bad in [
        "a@b",
        "a b@c.com",
        "a@@b.com",
        "@b.com",
        "a@b..com",
        ".a@b.com",
        "a.@b.com",
        "a@-b.com",
        "a@b.com.",
        "a@b,c.com",
        "a<b>@c.com",
        &too_long,
        "a@.com",
    ] {
        assert_eq!(
            errors(&def, &[("e", bad)]),
            error_list(&[("e", "form-email-invalid")]),
            "{bad}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Address
// ---------------------------------------------------------------------------------------------

#[test]
fn an_address_is_a_known_district_and_a_street_detail() {
    let def = form(vec![required("home", FieldKind::Address)]);
    let result = clean(
        &def,
        &[
            ("home.district", "350102"),
            ("home.detail", " 五一北路 1 号 "),
        ],
    );
    let address = result.get("home").and_then(CleanValue::as_address).unwrap();
    assert_eq!(
        address,
        &AddressAnswer {
            district: "350102".into(),
            detail: "五一北路 1 号".into()
        }
    );
    assert_eq!(address.full_text().zh, "福建省福州市鼓楼区五一北路 1 号");
    assert_eq!(
        address.full_text().en,
        "五一北路 1 号, Gulou District, Fuzhou, Fujian"
    );
}

#[test]
fn address_errors_name_the_half_that_is_wrong() {
    let def = form(vec![required("home", FieldKind::Address)]);
    assert_eq!(
        errors(&def, &[]),
        error_list(&[
            ("home.district", "form-address-district-required"),
            ("home.detail", "form-address-detail-required"),
        ])
    );
    assert_eq!(
        errors(&def, &[("home.district", "999999"), ("home.detail", "x")]),
        error_list(&[("home.district", "form-address-district-invalid")])
    );
    // A province or city code is not a district.
    assert_eq!(
        errors(&def, &[("home.district", "350100"), ("home.detail", "x")]),
        error_list(&[("home.district", "form-address-district-invalid")])
    );
    let long = "路".repeat(MAX_ADDRESS_DETAIL_CHARS + 1);
    let error = only_error(&def, &[("home.district", "350102"), ("home.detail", &long)]);
    assert_eq!(
        (error.field.as_str(), error.code.as_str()),
        ("home.detail", "form-too-long")
    );
    assert_eq!(error.args["max"], "200");
}

#[test]
fn an_optional_address_half_filled_in_needs_the_other_half() {
    let def = form(vec![optional("home", FieldKind::Address)]);
    assert_eq!(
        errors(&def, &[("home.detail", "五一北路 1 号")]),
        error_list(&[("home.district", "form-address-district-required")])
    );
    assert_eq!(
        errors(&def, &[("home.district", "110105")]),
        error_list(&[("home.detail", "form-address-detail-required")])
    );
}

// ---------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Conditions
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Groups
// ---------------------------------------------------------------------------------------------

fn members_form(min_rows: u32, max_rows: u32) -> FormDefinition {
    form(vec![
        required("applicant", short(30)),
        optional(
            "members",
            group(
                vec![
                    required("name", short(30)),
                    required("id_number", FieldKind::ResidentId),
                    optional("relation", single(&["spouse", "child", "parent"])),
                ],
                min_rows,
                max_rows,
            ),
        ),
    ])
}

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

// ---------------------------------------------------------------------------------------------
// One field at a time, completeness
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Raw answers
// ---------------------------------------------------------------------------------------------

#[test]
fn from_pairs_keeps_only_answer_paths() {
    let raw = answers(&[
        ("csrf_token", "t"),
        ("idempotency_key", "k"),
        ("action", "submit"),
        ("wallet_fields", "id_card"),
        ("name", "张三"),
        ("scope", "a"),
        ("scope", "b"),
        ("home.district", "350102"),
        ("members.0.name", "李四"),
        ("members.10.home.detail", "x"),
        ("Name", "x"),
        ("name ", "x"),
        ("a..b", "x"),
        (".a", "x"),
        ("members.01.name", "x"),
        ("members.1000.name", "x"),
        ("members.-1.name", "x"),
        ("home.street", "x"),
        ("wallet.id_card", UUID_A),
        ("a.0.b.c.d", "x"),
        ("名字", "x"),
        ("", "x"),
    ]);
    assert_eq!(
        raw.0.keys().map(String::as_str).collect::<Vec<_>>(),
        vec![
            "home.district",
            "members.0.name",
            "members.10.home.detail",
            "name",
            "scope"
        ]
    );
    assert_eq!(raw.get("scope"), "a");
    assert_eq!(raw.all("scope"), ["a", "b"]);
    assert_eq!(raw.get("missing"), "");
    assert!(raw.all("missing").is_empty());
    assert_eq!(raw.rows("members"), 11);
    assert_eq!(raw.rows("name"), 0);
    assert_eq!(raw.pairs().count(), 6);
}

#[test]
fn from_pairs_bounds_memory() {
    let many = (0..RawAnswers::MAX_PAIRS + 50).map(|i| ("scope".to_string(), i.to_string()));
    assert_eq!(
        RawAnswers::from_pairs(many).all("scope").len(),
        RawAnswers::MAX_PAIRS
    );
    // Ignored names do not count against the limit.
    let noise = (0..5000).map(|_| ("csrf_token".to_string(), "x".to_string()));
    let raw = RawAnswers::from_pairs(noise.chain([("name".to_string(), "张三".to_string())]));
    assert_eq!(raw.get("name"), "张三");

    let huge = "字".repeat(RawAnswers::MAX_VALUE_CHARS + 500);
    let raw = RawAnswers::from_pairs([("story".to_string(), huge)]);
    assert_eq!(
        raw.get("story").chars().count(),
        RawAnswers::MAX_VALUE_CHARS + 1
    );
    // So the longest allowed text still gets "too long" rather than being silently cut.
    let def = form(vec![required(
        "story",
        FieldKind::LongText { max_chars: 20_000 },
    )]);
    assert_eq!(
        validate(&def, &raw, today()).unwrap_err()[0].code,
        "form-too-long"
    );
}

#[test]
fn raw_answers_serialise_as_a_plain_map() {
    let raw = answers(&[("name", "张三"), ("scope", "a"), ("scope", "b")]);
    let json = serde_json::to_string(&raw).unwrap();
    assert_eq!(json, r#"{"name":["张三"],"scope":["a","b"]}"#);
    assert_eq!(serde_json::from_str::<RawAnswers>(&json).unwrap(), raw);
}

#[test]
fn known_answers_drop_paths_the_form_does_not_have() {
    let def = members_form(0, 3);
    let raw = answers(&[
        ("applicant", "王五"),
        ("members.0.name", "张三"),
        ("members.0.age", "3"),
        ("other", "x"),
        ("applicant.detail", "x"),
    ]);
    let known = def.known_answers(&raw);
    assert_eq!(
        known.0.keys().map(String::as_str).collect::<Vec<_>>(),
        vec!["applicant", "members.0.name"]
    );
}

#[test]
fn field_at_resolves_paths() {
    let def = form(vec![
        required("home", FieldKind::Address),
        optional(
            "members",
            group(
                vec![
                    required("name", short(10)),
                    optional("addr", FieldKind::Address),
                ],
                0,
                3,
            ),
        ),
    ]);
    assert_eq!(
        def.field_at("home.detail").map(|f| f.key.as_str()),
        Some("home")
    );
    assert_eq!(
        def.field_at("members.3.name").map(|f| f.key.as_str()),
        Some("name")
    );
    assert_eq!(
        def.field_at("members.3.addr.district")
            .map(|f| f.key.as_str()),
        Some("addr")
    );
    assert!(def.field_at("members.3.name.detail").is_none());
    assert!(def.field_at("home.0.name").is_none());
    assert!(def.field_at("members.name").is_none());
}

// ---------------------------------------------------------------------------------------------
// Whole forms
// ---------------------------------------------------------------------------------------------

#[test]
fn every_error_is_reported_at_once_in_form_order() {
    let def = form(vec![
        required("name", short(10)),
        required("id", FieldKind::ResidentId),
        required("email", FieldKind::Email),
        required("members", group(vec![required("name", short(10))], 1, 3)),
        required("docs", file(1, None)),
    ]);
    let fields: Vec<String> = errors(&def, &[("id", "x"), ("email", "x"), ("members.0.name", "")])
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    assert_eq!(
        fields,
        vec!["name", "id", "email", "members.0.name", "docs"]
    );
}

/// The business licence form (SCJG-001 企业设立登记) as it would be seeded.
const BUSINESS_LICENCE_JSON: &str = r#"{"fields": [
  {"key": "company_name", "label": {"zh": "企业名称", "en": "Company name"}, "required": true,
   "help": {"zh": "与名称自主申报结果一致", "en": "As reserved in the name declaration"},
   "kind": {"type": "short_text", "max_chars": 50}},
  {"key": "entity_type", "label": {"zh": "企业类型", "en": "Type of company"}, "required": true,
   "kind": {"type": "single_choice", "options": [
     {"value": "llc", "label": {"zh": "有限责任公司", "en": "Limited liability company"}},
     {"value": "joint_stock", "label": {"zh": "股份有限公司", "en": "Company limited by shares"}}]}},
  {"key": "registered_capital", "label": {"zh": "注册资本（万元）", "en": "Registered capital (10,000 yuan)"},
   "required": true, "kind": {"type": "number", "min": 0.01, "max": 1000000}},
  {"key": "domicile", "label": {"zh": "住所", "en": "Registered address"}, "required": true,
   "kind": {"type": "address"}},
  {"key": "domicile_basis", "label": {"zh": "住所使用方式", "en": "Right to use the address"}, "required": true,
   "kind": {"type": "single_choice", "options": [
     {"value": "owned", "label": {"zh": "自有产权", "en": "Owned"}},
     {"value": "leased", "label": {"zh": "租赁", "en": "Leased"}},
     {"value": "declared", "label": {"zh": "住所申报承诺", "en": "Declaration and commitment"}}]}},
  {"key": "domicile_proof", "label": {"zh": "住所使用证明", "en": "Proof of right to use the address"},
   "required": true, "visible_when": {"field": "domicile_basis", "any_of": ["owned", "leased"]},
   "kind": {"type": "file", "accept": ["application/pdf", "image/jpeg", "image/png"],
            "max_bytes": 10485760, "max_count": 3, "material": 4}},
  {"key": "business_scope", "label": {"zh": "经营范围", "en": "Business activities"}, "required": true,
   "kind": {"type": "multi_choice", "min_selected": 1, "max_selected": 5, "options": [
     {"value": "software", "label": {"zh": "软件开发", "en": "Software development"}},
     {"value": "consulting", "label": {"zh": "信息咨询服务", "en": "Information consulting"}},
     {"value": "retail", "label": {"zh": "日用百货零售", "en": "Retail of daily goods"}},
     {"value": "catering", "label": {"zh": "餐饮服务", "en": "Catering"}}]}},
  {"key": "opening_date", "label": {"zh": "拟开业日期", "en": "Planned opening date"},
   "kind": {"type": "date", "min": "today", "max": {"offset_days": 180}}},
  {"key": "shareholders", "label": {"zh": "股东", "en": "Shareholders"}, "required": true,
   "kind": {"type": "group", "min_rows": 1, "max_rows": 50,
            "add_label": {"zh": "添加股东", "en": "Add a shareholder"}, "fields": [
     {"key": "name", "label": {"zh": "姓名", "en": "Name"}, "required": true,
      "kind": {"type": "short_text", "max_chars": 30}},
     {"key": "id_number", "label": {"zh": "身份证号码", "en": "Resident ID number"}, "required": true,
      "kind": {"type": "resident_id"}},
     {"key": "contribution", "label": {"zh": "认缴出资额（万元）", "en": "Subscribed capital (10,000 yuan)"},
      "required": true, "kind": {"type": "number", "min": 0.01}},
     {"key": "id_copy", "label": {"zh": "身份证明", "en": "Identity document"}, "required": true,
      "kind": {"type": "file", "accept": ["image/jpeg", "image/png", "application/pdf"],
               "max_bytes": 5242880, "max_count": 2, "material": 3, "ecert_type": "resident_id_card"}}]}},
  {"key": "articles", "label": {"zh": "公司章程", "en": "Articles of association"}, "required": true,
   "kind": {"type": "file", "accept": ["application/pdf"], "max_bytes": 10485760, "max_count": 1, "material": 2}},
  {"key": "contact_name", "label": {"zh": "联系人", "en": "Contact person"}, "required": true,
   "kind": {"type": "short_text", "max_chars": 30}, "prefill": "applicant_name"},
  {"key": "contact_phone", "label": {"zh": "联系电话", "en": "Contact phone"}, "required": true,
   "kind": {"type": "phone"}, "prefill": "applicant_mobile"},
  {"key": "contact_email", "label": {"zh": "电子邮箱", "en": "Email address"},
   "kind": {"type": "email"}, "prefill": "applicant_email"},
  {"key": "remarks", "label": {"zh": "备注", "en": "Remarks"}, "kind": {"type": "long_text"}}
]}"#;

fn t(zh: &str, en: &str) -> Text {
    Text::new(zh, en)
}

fn choice(value: &str, zh: &str, en: &str) -> ChoiceOption {
    ChoiceOption {
        value: value.into(),
        label: t(zh, en),
    }
}

fn field(key: &str, zh: &str, en: &str, required: bool, kind: FieldKind) -> FieldDef {
    FieldDef {
        key: key.into(),
        label: t(zh, en),
        help: None,
        required,
        kind,
        visible_when: None,
        prefill: None,
    }
}

fn business_licence_form() -> FormDefinition {
    FormDefinition {
        fields: vec![
            FieldDef {
                help: Some(t(
                    "与名称自主申报结果一致",
                    "As reserved in the name declaration",
                )),
                ..field("company_name", "企业名称", "Company name", true, short(50))
            },
            field(
                "entity_type",
                "企业类型",
                "Type of company",
                true,
                FieldKind::SingleChoice {
                    options: vec![
                        choice("llc", "有限责任公司", "Limited liability company"),
                        choice("joint_stock", "股份有限公司", "Company limited by shares"),
                    ],
                },
            ),
            field(
                "registered_capital",
                "注册资本（万元）",
                "Registered capital (10,000 yuan)",
                true,
                number(Some(0.01), Some(1_000_000.0), false),
            ),
            field(
                "domicile",
                "住所",
                "Registered address",
                true,
                FieldKind::Address,
            ),
            field(
                "domicile_basis",
                "住所使用方式",
                "Right to use the address",
                true,
                FieldKind::SingleChoice {
                    options: vec![
                        choice("owned", "自有产权", "Owned"),
                        choice("leased", "租赁", "Leased"),
                        choice("declared", "住所申报承诺", "Declaration and commitment"),
                    ],
                },
            ),
            when(
                field(
                    "domicile_proof",
                    "住所使用证明",
                    "Proof of right to use the address",
                    true,
                    FieldKind::File {
                        accept: vec![
                            "application/pdf".into(),
                            "image/jpeg".into(),
                            "image/png".into(),
                        ],
                        max_bytes: 10_485_760,
                        max_count: 3,
                        material: Some(4),
                        ecert_type: None,
                    },
                ),
                "domicile_basis",
                &["owned", "leased"],
            ),
            field(
                "business_scope",
                "经营范围",
                "Business activities",
                true,
                FieldKind::MultiChoice {
                    options: vec![
                        choice("software", "软件开发", "Software development"),
                        choice("consulting", "信息咨询服务", "Information consulting"),
                        choice("retail", "日用百货零售", "Retail of daily goods"),
                        choice("catering", "餐饮服务", "Catering"),
                    ],
                    min_selected: Some(1),
                    max_selected: Some(5),
                },
            ),
            field(
                "opening_date",
                "拟开业日期",
                "Planned opening date",
                false,
                date(Some(DateRule::Today), Some(DateRule::OffsetDays(180))),
            ),
            field(
                "shareholders",
                "股东",
                "Shareholders",
                true,
                FieldKind::Group {
                    fields: vec![
                        field("name", "姓名", "Name", true, short(30)),
                        field(
                            "id_number",
                            "身份证号码",
                            "Resident ID number",
                            true,
                            FieldKind::ResidentId,
                        ),
                        field(
                            "contribution",
                            "认缴出资额（万元）",
                            "Subscribed capital (10,000 yuan)",
                            true,
                            number(Some(0.01), None, false),
                        ),
                        field(
                            "id_copy",
                            "身份证明",
                            "Identity document",
                            true,
                            FieldKind::File {
                                accept: vec![
                                    "image/jpeg".into(),
                                    "image/png".into(),
                                    "application/pdf".into(),
                                ],
                                max_bytes: 5_242_880,
                                max_count: 2,
                                material: Some(3),
                                ecert_type: Some("resident_id_card".into()),
                            },
                        ),
                    ],
                    min_rows: 1,
                    max_rows: 50,
                    add_label: Some(t("添加股东", "Add a shareholder")),
                },
            ),
            field(
                "articles",
                "公司章程",
                "Articles of association",
                true,
                FieldKind::File {
                    accept: vec!["application/pdf".into()],
                    max_bytes: 10_485_760,
                    max_count: 1,
                    material: Some(2),
                    ecert_type: None,
                },
            ),
            FieldDef {
                prefill: Some(Prefill::ApplicantName),
                ..field("contact_name", "联系人", "Contact person", true, short(30))
            },
            FieldDef {
                prefill: Some(Prefill::ApplicantMobile),
                ..field(
                    "contact_phone",
                    "联系电话",
                    "Contact phone",
                    true,
                    FieldKind::Phone,
                )
            },
            FieldDef {
                prefill: Some(Prefill::ApplicantEmail),
                ..field(
                    "contact_email",
                    "电子邮箱",
                    "Email address",
                    false,
                    FieldKind::Email,
                )
            },
            field(
                "remarks",
                "备注",
                "Remarks",
                false,
                FieldKind::LongText { max_chars: 2000 },
            ),
        ],
    }
}

#[test]
fn the_business_licence_example_round_trips_through_json() {
    let built = business_licence_form();
    built.check().unwrap();
    let parsed = FormDefinition::from_json(BUSINESS_LICENCE_JSON).unwrap();
    assert_eq!(parsed, built);
    let json = serde_json::to_string(&built).unwrap();
    assert_eq!(FormDefinition::from_json(&json).unwrap(), built);
    let value = serde_json::to_value(&built).unwrap();
    assert_eq!(
        serde_json::from_value::<FormDefinition>(value).unwrap(),
        built
    );
}

#[test]
fn a_business_licence_application_validates_and_its_clean_answers_round_trip() {
    let def = business_licence_form();
    let cert = format!("cert:{UUID_C}");
    let raw = answers(&[
        ("csrf_token", "ignored"),
        ("company_name", "福州榕树软件有限公司"),
        ("entity_type", "llc"),
        ("registered_capital", "100"),
        ("domicile.district", "350102"),
        ("domicile.detail", "五一北路 1 号 801 室"),
        ("domicile_basis", "declared"),
        ("domicile_proof", UUID_B),
        ("business_scope", "consulting"),
        ("business_scope", "software"),
        ("opening_date", "2026-04-01"),
        ("shareholders.0.name", "张三"),
        ("shareholders.0.id_number", VALID_ID),
        ("shareholders.0.contribution", "60"),
        ("shareholders.0.id_copy", &cert),
        ("shareholders.1.name", "李四"),
        ("shareholders.1.id_number", VALID_ID_2),
        ("shareholders.1.contribution", "40"),
        ("shareholders.1.id_copy", UUID_A),
        ("shareholders.2.name", ""),
        ("articles", UUID_B),
        ("contact_name", "张三"),
        ("contact_phone", "0591-87654321"),
        ("contact_email", ""),
        ("remarks", ""),
    ]);
    assert_eq!(
        completeness(&def, &raw),
        Completeness {
            answered: 10,
            required: 10
        }
    );
    let result = validate(&def, &raw, today()).unwrap();
    // The proof is hidden for a declared address, so the posted reference is not kept.
    assert_eq!(result.get("domicile_proof"), None);
    assert_eq!(
        result.get("business_scope"),
        Some(&CleanValue::List(vec![
            "software".into(),
            "consulting".into()
        ]))
    );
    let json = serde_json::to_value(&result).unwrap();
    assert_eq!(
        json["domicile"],
        serde_json::json!({"district": "350102", "detail": "五一北路 1 号 801 室"})
    );
    assert_eq!(
        json["shareholders"][0]["id_copy"],
        serde_json::json!([cert])
    );
    assert_eq!(json["shareholders"].as_array().unwrap().len(), 2);
    assert_eq!(
        serde_json::from_value::<CleanAnswers>(json).unwrap(),
        result
    );
    // Validating the clean answers again changes nothing.
    assert_eq!(validate(&def, &result.to_raw(), today()).unwrap(), result);
}

#[test]
fn the_module_documentation_example_is_a_valid_form_with_every_kind() {
    let source = include_str!("../service_form.rs");
    let json: String = source
        .lines()
        .skip_while(|l| l.trim() != "//! ```json")
        .skip(1)
        .take_while(|l| l.trim() != "//! ```")
        .map(|l| l.trim_start_matches("//!"))
        .collect::<Vec<_>>()
        .join("\n");
    let def = FormDefinition::from_json(&json).unwrap();
    let mut kinds: BTreeSet<String> = BTreeSet::new();
    let mut collect = |fields: &[FieldDef]| {
        for f in fields {
            let value = serde_json::to_value(&f.kind).unwrap();
            kinds.insert(value["type"].as_str().unwrap().to_string());
        }
    };
    collect(&def.fields);
    for f in &def.fields {
        if let FieldKind::Group { fields, .. } = &f.kind {
            collect(fields);
        }
    }
    let expected: BTreeSet<String> = [
        "short_text",
        "long_text",
        "number",
        "date",
        "single_choice",
        "multi_choice",
        "resident_id",
        "credit_code",
        "phone",
        "email",
        "address",
        "file",
        "group",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(kinds, expected);
    assert!(json.contains(r#""fixed": "1949-10-01""#) && json.contains(r#""offset_days": 90"#));
}

// ---------------------------------------------------------------------------------------------
// Definition JSON
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Definition checks
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Regions
// ---------------------------------------------------------------------------------------------

#[test]
fn districts_have_full_names() {
    let gulou = district("350102").unwrap();
    assert_eq!((gulou.province_code, gulou.city_code), ("350000", "350100"));
    assert_eq!(
        gulou.full_name(),
        Text::new("福建省福州市鼓楼区", "Gulou District, Fuzhou, Fujian")
    );
    assert_eq!(
        gulou.group_label(),
        Text::new("福建省 福州市", "Fuzhou, Fujian")
    );
    let chaoyang = district("110105").unwrap();
    assert_eq!(
        chaoyang.full_name(),
        Text::new("北京市朝阳区", "Chaoyang District, Beijing")
    );
    assert_eq!(chaoyang.group_label(), Text::new("北京市", "Beijing"));
    assert_eq!(
        district("310115").unwrap().name,
        Text::new("浦东新区", "Pudong New Area")
    );
    assert!(district("350100").is_none());
    assert!(district("350000").is_none());
    assert!(district("").is_none());
}

#[test]
fn the_region_table_is_consistent_and_grouped() {
    let all: Vec<District> = districts().collect();
    assert!(all.len() >= 15);
    let codes: BTreeSet<&str> = all.iter().map(|d| d.code).collect();
    assert_eq!(codes.len(), all.len(), "codes are unique");
    for d in &all {
        assert!(
            d.code.len() == 6 && d.code.bytes().all(|b| b.is_ascii_digit()),
            "{}",
            d.code
        );
        assert!(!d.code.ends_with("00"), "{} is not a district", d.code);
        assert_eq!(&d.code[..2], &d.province_code[..2]);
        assert_eq!(&d.code[..4], &d.city_code[..4]);
        assert_eq!(district(d.code).as_ref(), Some(d));
    }
    // Each city's districts come together, so one <optgroup> per city suffices.
    let mut seen: Vec<&str> = Vec::new();
    for d in &all {
        if seen.last() != Some(&d.city_code) {
            assert!(!seen.contains(&d.city_code), "{} is split", d.city_code);
            seen.push(d.city_code);
        }
    }
    for code in [
        "350102", "350103", "350104", "350111", "350203", "350206", "110101", "110102", "110105",
        "310101", "310104", "310115",
    ] {
        assert!(codes.contains(code), "{code}");
    }
}

// ---------------------------------------------------------------------------------------------
// Translations
// ---------------------------------------------------------------------------------------------

fn ftl_ids(ftl: &str) -> BTreeSet<&str> {
    ftl.lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim()))
        .collect()
}

#[test]
fn every_error_code_is_translated_in_both_languages() {
    let zh = ftl_ids(include_str!("../../../locales/zh-CN/forms.ftl"));
    let en = ftl_ids(include_str!("../../../locales/en/forms.ftl"));
    assert_eq!(
        zh.symmetric_difference(&en).collect::<Vec<_>>(),
        Vec::<&&str>::new()
    );
    let codes: BTreeSet<&str> = ERROR_CODES.iter().copied().collect();
    assert_eq!(codes.len(), ERROR_CODES.len(), "codes are listed once");
    for code in ERROR_CODES {
        assert!(code.starts_with("form-"), "{code}");
        assert!(zh.contains(code), "zh-CN lacks {code}");
        assert!(en.contains(code), "en lacks {code}");
    }
    // The messages with arguments use them in both languages.
    for (code, arg) in [
        (code::TOO_LONG, "max"),
        (code::NUMBER_BELOW_MIN, "min"),
        (code::NUMBER_ABOVE_MAX, "max"),
        (code::DATE_BEFORE_MIN, "date"),
        (code::DATE_AFTER_MAX, "date"),
        (code::TOO_FEW_SELECTED, "min"),
        (code::TOO_MANY_SELECTED, "max"),
        (code::TOO_MANY_FILES, "max"),
        (code::TOO_FEW_ROWS, "min"),
        (code::TOO_MANY_ROWS, "max"),
    ] {
        for ftl in [
            include_str!("../../../locales/zh-CN/forms.ftl"),
            include_str!("../../../locales/en/forms.ftl"),
        ] {
            let line = ftl
                .lines()
                .find(|l| l.starts_with(&format!("{code} =")))
                .unwrap();
            assert!(line.contains(&format!("{{ ${arg} }}")), "{line}");
        }
    }
}

/// The loader merges every `.ftl` file of a language, so an id defined twice would clash.
#[test]
fn form_messages_do_not_clash_with_other_translation_files() {
    for locale in ["zh-CN", "en"] {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(locale);
        let forms = std::fs::read_to_string(dir.join("forms.ftl")).unwrap();
        let ours = ftl_ids(&forms);
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let is_other_ftl = path.extension().is_some_and(|e| e == "ftl")
                && path.file_name().is_some_and(|n| n != "forms.ftl");
            if is_other_ftl {
                let other = std::fs::read_to_string(&path).unwrap();
                let theirs = ftl_ids(&other);
                let clash: Vec<&&str> = ours.intersection(&theirs).collect();
                assert!(
                    clash.is_empty(),
                    "{} also defines {clash:?}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn errors_read_as_sentences_in_both_languages() {
    use crate::i18n::Locale;
    let def = form(vec![required("name", short(5))]);
    let error = only_error(&def, &[("name", "abcdef")]);
    assert_eq!(error.message(Locale::En), "Enter 5 characters or fewer.");
    assert_eq!(error.message(Locale::ZhCn), "最多 5 个字。");
    let def = form(vec![required("d", date(Some(DateRule::Today), None))]);
    let error = only_error(&def, &[("d", "2026-03-01")]);
    assert_eq!(
        error.message(Locale::En),
        "Enter a date on or after 2026-03-15."
    );
}
