#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;

/// The well-known example code.
const VALID: &str = "91350100M000100Y43";
/// Other real-world-shaped valid codes (check characters computed).
const MORE_VALID: [&str; 6] = [
    "91110000100006485K", // enterprise (9 1)
    "31110000E00017891P", // law firm (3 1), authority added by amendment
    "12100000400000624D", // public institution (1 2)
    "51110000500000446Q", // social organisation (5 1)
    "914403000000000250", // check value 0
    "91440300000000015Y", // check value 30
];

/// Appends the right check character to 17 symbols.
fn with_check(first17: &str) -> String {
    let c = check_char(first17.as_bytes()).unwrap();
    format!("{first17}{}", char::from(c))
}

#[test]
fn alphabet_and_weights() {
    assert_eq!(ALPHABET.len(), 31);
    for excluded in [b'I', b'O', b'Z', b'S', b'V'] {
        assert!(!ALPHABET.contains(&excluded));
    }
    // Weights are 3^i mod 31.
    let mut w = 1u32;
    for &weight in &WEIGHTS {
        assert_eq!(weight, w);
        w = w * 3 % 31;
    }
    assert_eq!(value_of(b'0'), Some(0));
    assert_eq!(value_of(b'A'), Some(10));
    assert_eq!(value_of(b'Y'), Some(30));
    assert_eq!(value_of(b'I'), None);
}

#[test]
fn check_char_matches_known_examples() {
    assert_eq!(with_check("91350100M000100Y4"), VALID);
    for code in MORE_VALID {
        assert_eq!(with_check(&code[..17]), code);
    }
    assert_eq!(check_char(b"9135"), None);
}

#[test]
fn accepts_valid_codes() {
    let code = CreditCode::parse(VALID).unwrap();
    assert_eq!(code.as_str(), VALID);
    for s in MORE_VALID {
        assert_eq!(CreditCode::parse(s).unwrap().as_str(), s);
    }
}

#[test]
fn parts() {
    let code = CreditCode::parse(VALID).unwrap();
    assert_eq!(code.registration_authority(), '9');
    assert_eq!(code.organisation_type(), '1');
    assert_eq!(code.region_code(), "350100");
    assert_eq!(code.organisation_code(), "M000100Y4");
}

#[test]
fn lowercase_is_normalised_and_whitespace_trimmed() {
    let code = CreditCode::parse("  91350100m000100y43 \n").unwrap();
    assert_eq!(code.as_str(), VALID);
    assert_eq!(
        CreditCode::parse("\u{3000}31110000e00017891p")
            .unwrap()
            .as_str(),
        "31110000E00017891P"
    );
}

#[test]
fn empty_input() {
    assert_eq!(CreditCode::parse(""), Err(CreditCodeError::Empty));
    assert_eq!(CreditCode::parse(" \t\r\n "), Err(CreditCodeError::Empty));
}

#[test]
fn wrong_length() {
    assert_eq!(
        CreditCode::parse("91350100M000100Y4"),
        Err(CreditCodeError::WrongLength)
    );
    assert_eq!(
        CreditCode::parse("91350100M000100Y433"),
        Err(CreditCodeError::WrongLength)
    );
    assert_eq!(CreditCode::parse("9"), Err(CreditCodeError::WrongLength));
    // Old 9-character organisation codes are not credit codes.
    assert_eq!(
        CreditCode::parse("M000100Y4"),
        Err(CreditCodeError::WrongLength)
    );
}

#[test]
fn excluded_letters_are_invalid_characters() {
    for letter in ['I', 'O', 'Z', 'S', 'V', 'i', 'o', 'z', 's', 'v'] {
        let s = format!("91350100M000100{letter}43");
        assert_eq!(
            CreditCode::parse(&s),
            Err(CreditCodeError::InvalidCharacter),
            "{s}"
        );
    }
    assert_eq!(
        CreditCode::parse("91350100M000100-43"),
        Err(CreditCodeError::InvalidCharacter)
    );
    assert_eq!(
        CreditCode::parse("9135 0100M000100Y43"),
        Err(CreditCodeError::InvalidCharacter)
    );
}

#[test]
fn multibyte_input_is_rejected_without_panicking() {
    for s in [
        "１１０",
        "身份证号码",
        "统一社会信用代码",
        "９１３５０１００Ｍ０００１００Ｙ４３", // full-width, 18 chars
        "91350100M000100Y4３",
        "91350100M000100Y43码",
        "ß1350100M000100Y43", // uppercases to two letters under Unicode rules
        "🦀🦀🦀🦀🦀🦀🦀🦀🦀🦀🦀🦀🦀🦀🦀🦀🦀🦀",
    ] {
        assert_eq!(
            CreditCode::parse(s),
            Err(CreditCodeError::InvalidCharacter),
            "{s:?}"
        );
    }
}

#[test]
fn invalid_registration_authority() {
    for authority in ['0', 'B', 'C', 'M', 'X'] {
        let s = with_check(&format!("{authority}1350100M000100Y4"));
        assert_eq!(
            CreditCode::parse(&s),
            Err(CreditCodeError::InvalidStructure),
            "{s}"
        );
    }
    for authority in "123456789ANY".chars() {
        let s = with_check(&format!("{authority}1350100M000100Y4"));
        assert!(CreditCode::parse(&s).is_ok(), "{s}");
    }
}

#[test]
fn region_code_must_be_digits() {
    for region in ["A50100", "35010A", "3501Y0"] {
        let s = with_check(&format!("91{region}M000100Y4"));
        assert_eq!(
            CreditCode::parse(&s),
            Err(CreditCodeError::InvalidStructure),
            "{s}"
        );
    }
}

#[test]
fn wrong_check_character() {
    for last in "0123456789ABCDEFGHJKLMNPQRTUWXY"
        .chars()
        .filter(|&c| c != '3')
    {
        let s = format!("91350100M000100Y4{last}");
        assert_eq!(
            CreditCode::parse(&s),
            Err(CreditCodeError::WrongCheckCharacter),
            "{s}"
        );
    }
}

#[test]
fn every_single_character_change_is_rejected() {
    for valid in std::iter::once(VALID).chain(MORE_VALID) {
        let chars: Vec<u8> = valid.bytes().collect();
        for pos in 0..chars.len() {
            for &replacement in ALPHABET.iter() {
                if replacement == chars[pos] {
                    continue;
                }
                let mut changed = chars.clone();
                changed[pos] = replacement;
                let s = String::from_utf8(changed).unwrap();
                assert!(CreditCode::parse(&s).is_err(), "{s} should be rejected");
            }
        }
    }
}

#[test]
fn adjacent_transpositions_are_rejected() {
    let chars: Vec<u8> = VALID.bytes().collect();
    for pos in 0..chars.len() - 1 {
        if chars[pos] == chars[pos + 1] {
            continue;
        }
        let mut changed = chars.clone();
        changed.swap(pos, pos + 1);
        let s = String::from_utf8(changed).unwrap();
        assert!(CreditCode::parse(&s).is_err(), "{s} should be rejected");
    }
}

#[test]
fn display_debug_and_conversions() {
    let code = CreditCode::parse(VALID).unwrap();
    assert_eq!(code.to_string(), VALID);
    assert_eq!(format!("{code:?}"), format!("CreditCode(\"{VALID}\")"));
    assert_eq!(code.as_ref(), VALID);
    assert_eq!(VALID.parse::<CreditCode>().unwrap(), code);
    assert_eq!(CreditCode::try_from(VALID).unwrap(), code);
    assert_eq!(
        CreditCode::try_from(String::from("91350100m000100y43")).unwrap(),
        code
    );
    assert_eq!(String::from(code.clone()), VALID);
    assert_eq!(code.into_inner(), VALID);
}

#[test]
fn serde_round_trip_goes_through_parse() {
    let code = CreditCode::parse(VALID).unwrap();
    let json = serde_json::to_string(&code).unwrap();
    assert_eq!(json, format!("\"{VALID}\""));
    let back: CreditCode = serde_json::from_str(&json).unwrap();
    assert_eq!(back, code);
    let lower: CreditCode = serde_json::from_str("\"91350100m000100y43\"").unwrap();
    assert_eq!(lower, code);
    let err = serde_json::from_str::<CreditCode>("\"91350100M000100Y44\"").unwrap_err();
    assert!(
        err.to_string()
            .contains("credit-code-wrong-check-character"),
        "{err}"
    );
}

#[test]
fn error_codes_are_unique_kebab_case_and_prefixed() {
    let codes: Vec<&str> = CreditCodeError::ALL.iter().map(|e| e.code()).collect();
    for (i, code) in codes.iter().enumerate() {
        assert!(code.starts_with("credit-code-"), "{code}");
        assert!(
            code.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{code}"
        );
        assert!(!codes[i + 1..].contains(code), "duplicate {code}");
    }
    assert_eq!(
        CreditCodeError::WrongLength.code(),
        "credit-code-wrong-length"
    );
    for e in CreditCodeError::ALL {
        assert!(!e.to_string().is_empty());
    }
}
