#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;

const VALID: &str = "11010519491231002X";
const VALID_DIGIT_CHECK: &str = "110101200001011232";
const LEAP_DAY: &str = "320106202002297770";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 6, 1).unwrap()
}

fn parse(s: &str) -> Result<ResidentId, ResidentIdError> {
    ResidentId::parse_on(s, today())
}

/// Builds a full number from 17 digits by appending the right check char.
fn with_check(first17: &str) -> String {
    let c = check_char(first17.as_bytes()).unwrap();
    format!("{first17}{}", char::from(c))
}

#[test]
fn check_char_matches_known_examples() {
    assert_eq!(with_check("11010519491231002"), VALID);
    assert_eq!(with_check("11010120000101123"), VALID_DIGIT_CHECK);
    assert_eq!(with_check("32010620200229777"), LEAP_DAY);
    assert_eq!(with_check("44030019900307651"), "440300199003076510");
    assert_eq!(check_char(b"1234"), None);
    assert_eq!(check_char(b"1101051949123100A"), None);
}

#[test]
fn accepts_valid_numbers() {
    for s in [VALID, VALID_DIGIT_CHECK, LEAP_DAY, "440300199003076510"] {
        let id = parse(s).unwrap();
        assert_eq!(id.as_str(), s);
    }
}

#[test]
fn birth_date_is_extracted() {
    assert_eq!(
        parse(VALID).unwrap().birth_date(),
        NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()
    );
    assert_eq!(
        parse(LEAP_DAY).unwrap().birth_date(),
        NaiveDate::from_ymd_opt(2020, 2, 29).unwrap()
    );
}

#[test]
fn lowercase_x_is_normalised() {
    let id = parse("11010519491231002x").unwrap();
    assert_eq!(id.as_str(), VALID);
    assert_eq!(id, parse(VALID).unwrap());
}

#[test]
fn whitespace_is_trimmed() {
    assert_eq!(parse("  11010519491231002X\n").unwrap().as_str(), VALID);
    assert_eq!(parse("\t11010519491231002x ").unwrap().as_str(), VALID);
    // Ideographic space (U+3000) is whitespace too.
    assert_eq!(
        parse("\u{3000}11010519491231002X\u{3000}")
            .unwrap()
            .as_str(),
        VALID
    );
}

#[test]
fn empty_input() {
    assert_eq!(parse(""), Err(ResidentIdError::Empty));
    assert_eq!(parse("   \t\n"), Err(ResidentIdError::Empty));
}

#[test]
fn wrong_length() {
    assert_eq!(parse("1101051949123100"), Err(ResidentIdError::WrongLength));
    assert_eq!(
        parse("11010519491231002"),
        Err(ResidentIdError::WrongLength)
    );
    assert_eq!(
        parse("11010519491231002X1"),
        Err(ResidentIdError::WrongLength)
    );
    // 15-digit first-generation numbers are not accepted.
    assert_eq!(parse("110105491231002"), Err(ResidentIdError::WrongLength));
    assert_eq!(parse("1"), Err(ResidentIdError::WrongLength));
    assert_eq!(parse("X"), Err(ResidentIdError::WrongLength));
}

#[test]
fn invalid_characters() {
    assert_eq!(
        parse("1101051949123100AX"),
        Err(ResidentIdError::InvalidCharacter)
    );
    assert_eq!(
        parse("110105 19491231002X"),
        Err(ResidentIdError::InvalidCharacter)
    );
    assert_eq!(
        parse("110105-19491231-002X"),
        Err(ResidentIdError::InvalidCharacter)
    );
    // X only allowed in the last position.
    assert_eq!(
        parse("X1010519491231002X"),
        Err(ResidentIdError::InvalidCharacter)
    );
    assert_eq!(
        parse("1101051949123100X2"),
        Err(ResidentIdError::InvalidCharacter)
    );
}

#[test]
fn multibyte_input_is_rejected_without_panicking() {
    for s in [
        "１１０",
        "身份证号码",
        "１１０１０５１９４９１２３１００２Ｘ", // full-width digits, 18 chars
        "11010519491231002Ｘ",
        "11010519491231002X身",
        "身11010519491231002X",
        "11010519491231002\u{301}",
        "🦀🦀🦀🦀🦀🦀🦀🦀🦀🦀🦀🦀🦀🦀🦀🦀🦀🦀",
        "\u{0}",
    ] {
        assert_eq!(parse(s), Err(ResidentIdError::InvalidCharacter), "{s:?}");
    }
}

#[test]
fn invalid_region() {
    for first in ['0', '9'] {
        let s = with_check(&format!("{first}1010519491231002"));
        assert_eq!(parse(&s), Err(ResidentIdError::InvalidRegion), "{s}");
    }
    for first in '1'..='8' {
        let s = with_check(&format!("{first}1010519491231002"));
        assert!(parse(&s).is_ok(), "{s}");
    }
}

#[test]
fn invalid_birth_dates() {
    for date in [
        "20230230", // Feb 30
        "20230229", // not a leap year
        "19000229", // 1900 is not a leap year
        "20231301", // month 13
        "20230001", // month 0
        "20230100", // day 0
        "20230431", // April 31
        "18991231", // before 1900
        "00000000",
    ] {
        let s = with_check(&format!("110105{date}002"));
        assert_eq!(parse(&s), Err(ResidentIdError::InvalidBirthDate), "{s}");
    }
}

#[test]
fn boundary_birth_dates() {
    let earliest = with_check("11010519000101002");
    assert!(parse(&earliest).is_ok());
    let leap_2000 = with_check("11010520000229002");
    assert!(parse(&leap_2000).is_ok());
    let born_today = with_check("11010520240601002");
    assert!(parse(&born_today).is_ok());
}

#[test]
fn future_birth_date() {
    let tomorrow = with_check("11010520240602002");
    assert_eq!(parse(&tomorrow), Err(ResidentIdError::FutureBirthDate));
    let far = with_check("11010529991231002");
    assert_eq!(parse(&far), Err(ResidentIdError::FutureBirthDate));
    // The same number is fine once the date has come.
    let later = NaiveDate::from_ymd_opt(2024, 6, 2).unwrap();
    assert!(ResidentId::parse_on(&tomorrow, later).is_ok());
}

#[test]
fn parse_uses_the_current_date() {
    // Valid in the past, and the far-future one is rejected on the host.
    assert!(ResidentId::parse(VALID).is_ok());
    let far = with_check("11010529991231002");
    assert_eq!(
        ResidentId::parse(&far),
        Err(ResidentIdError::FutureBirthDate)
    );
}

#[test]
fn wrong_check_digit() {
    for last in ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] {
        let s = format!("11010519491231002{last}");
        assert_eq!(parse(&s), Err(ResidentIdError::WrongCheckDigit), "{s}");
    }
    assert_eq!(
        parse("11010120000101123X"),
        Err(ResidentIdError::WrongCheckDigit)
    );
    assert_eq!(
        parse("11010120000101123x"),
        Err(ResidentIdError::WrongCheckDigit)
    );
}

#[test]
fn every_single_digit_change_is_rejected() {
    for valid in [VALID, VALID_DIGIT_CHECK, LEAP_DAY] {
        let chars: Vec<char> = valid.chars().collect();
        for pos in 0..chars.len() {
            for replacement in "0123456789X".chars() {
                if replacement == chars[pos] {
                    continue;
                }
                let mut changed = chars.clone();
                changed[pos] = replacement;
                let s: String = changed.into_iter().collect();
                assert!(parse(&s).is_err(), "{s} should be rejected");
            }
        }
    }
}

#[test]
fn adjacent_transpositions_are_rejected() {
    let chars: Vec<char> = VALID_DIGIT_CHECK.chars().collect();
    for pos in 0..chars.len() - 1 {
        if chars[pos] == chars[pos + 1] {
            continue;
        }
        let mut changed = chars.clone();
        changed.swap(pos, pos + 1);
        let s: String = changed.into_iter().collect();
        assert!(parse(&s).is_err(), "{s} should be rejected");
    }
}

#[test]
fn masking() {
    let id = parse(VALID).unwrap();
    assert_eq!(id.masked(), "110***********002X");
    assert_eq!(id.masked().chars().count(), LENGTH);
    assert_eq!(
        parse(VALID_DIGIT_CHECK).unwrap().masked(),
        "110***********1232"
    );
}

#[test]
fn display_is_full_and_debug_is_masked() {
    let id = parse(VALID).unwrap();
    assert_eq!(id.to_string(), VALID);
    assert_eq!(format!("{id:?}"), "ResidentId(\"110***********002X\")");
    assert!(!format!("{id:?}").contains("19491231"));
    assert!(!format!("{:#?}", Some(&id)).contains("19491231"));
    assert_eq!(id.as_ref(), VALID);
    assert_eq!(String::from(id.clone()), VALID);
    assert_eq!(id.into_inner(), VALID);
}

#[test]
fn conversions() {
    assert_eq!(VALID.parse::<ResidentId>().unwrap().as_str(), VALID);
    assert!(ResidentId::try_from(VALID).is_ok());
    assert!(ResidentId::try_from(String::from("11010519491231002x")).is_ok());
    assert_eq!(
        "bad".parse::<ResidentId>(),
        Err(ResidentIdError::InvalidCharacter)
    );
}

#[test]
fn serde_round_trip_goes_through_parse() {
    let id = parse(VALID).unwrap();
    let json = serde_json::to_string(&id).unwrap();
    assert_eq!(json, format!("\"{VALID}\""));
    let back: ResidentId = serde_json::from_str(&json).unwrap();
    assert_eq!(back, id);
    let lower: ResidentId = serde_json::from_str("\" 11010519491231002x \"").unwrap();
    assert_eq!(lower, id);
    let err = serde_json::from_str::<ResidentId>("\"11010519491231002\"").unwrap_err();
    assert!(
        err.to_string().contains("resident-id-wrong-length"),
        "{err}"
    );
    assert!(serde_json::from_str::<ResidentId>("\"110105194912310021\"").is_err());
    assert!(serde_json::from_str::<ResidentId>("12").is_err());
}

#[test]
fn error_codes_are_unique_kebab_case_and_prefixed() {
    let codes: Vec<&str> = ResidentIdError::ALL.iter().map(|e| e.code()).collect();
    for (i, code) in codes.iter().enumerate() {
        assert!(code.starts_with("resident-id-"), "{code}");
        assert!(
            code.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{code}"
        );
        assert!(!codes[i + 1..].contains(code), "duplicate {code}");
    }
    assert_eq!(
        ResidentIdError::WrongLength.code(),
        "resident-id-wrong-length"
    );
    for e in ResidentIdError::ALL {
        assert!(!e.to_string().is_empty());
    }
}
