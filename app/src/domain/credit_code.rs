//! Unified social credit code (统一社会信用代码), GB 32100-2015.
//!
//! Layout of the 18 characters:
//!
//! | positions | meaning                                                  |
//! |-----------|----------------------------------------------------------|
//! | 1         | registration authority (登记管理部门代码)                 |
//! | 2         | organisation type (机构类别代码)                          |
//! | 3–8       | administrative region code (digits, GB/T 2260)           |
//! | 9–17      | organisation code (GB 11714)                             |
//! | 18        | check character                                           |
//!
//! Every character comes from the 31-symbol alphabet
//! `0123456789ABCDEFGHJKLMNPQRTUWXY` (no I, O, Z, S, V), whose symbols have
//! the values 0–30 in that order.
//!
//! Registration authorities: the original standard defines `1` (机构编制),
//! `5` (民政), `9` (工商/市场监管) and `Y` (其他); later amendments added
//! `2` (外交), `3` (司法行政, e.g. law firms `31…`), `4` (文化), `6` (旅游),
//! `7` (宗教), `8` (工会), `A` (中央军委改革和编制办公室) and `N` (农业).
//! Real codes with those prefixes are in circulation, so all of them are
//! accepted.
//!
//! The code identifies an organisation and is public information, so `Debug`
//! prints it in full.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Number of characters in a unified social credit code.
pub const LENGTH: usize = 18;

/// The code alphabet; a symbol's value is its index.
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weights for positions 1–17 (3^i mod 31).
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Registration authority codes accepted in position 1 (see module docs).
const AUTHORITIES: &[u8] = b"123456789ANY";

/// A validated, normalised (upper-case, no surrounding whitespace)
/// 18-character unified social credit code.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CreditCode(String);

/// Why a string is not a valid unified social credit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CreditCodeError {
    /// Nothing (or only whitespace) was entered.
    Empty,
    /// Not exactly 18 characters.
    WrongLength,
    /// A character outside the code alphabet (e.g. I, O, Z, S, V, or non-ASCII).
    InvalidCharacter,
    /// Unknown registration authority, or positions 3–8 are not digits.
    InvalidStructure,
    /// The check character does not match the first 17 characters.
    WrongCheckCharacter,
}

impl CreditCodeError {
    /// Every variant, e.g. for checking that all message ids are translated.
    pub const ALL: [CreditCodeError; 5] = [
        CreditCodeError::Empty,
        CreditCodeError::WrongLength,
        CreditCodeError::InvalidCharacter,
        CreditCodeError::InvalidStructure,
        CreditCodeError::WrongCheckCharacter,
    ];

    /// Stable Fluent message id describing the error.
    pub fn code(&self) -> &'static str {
        match self {
            CreditCodeError::Empty => "credit-code-empty",
            CreditCodeError::WrongLength => "credit-code-wrong-length",
            CreditCodeError::InvalidCharacter => "credit-code-invalid-character",
            CreditCodeError::InvalidStructure => "credit-code-invalid-structure",
            CreditCodeError::WrongCheckCharacter => "credit-code-wrong-check-character",
        }
    }
}

impl fmt::Display for CreditCodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let msg = match self {
            CreditCodeError::Empty => "the unified social credit code is empty",
            CreditCodeError::WrongLength => "a unified social credit code has 18 characters",
            CreditCodeError::InvalidCharacter => {
                "the unified social credit code contains a character outside 0-9 and A-Y without I, O, S, V, Z"
            }
            CreditCodeError::InvalidStructure => {
                "the unified social credit code has an unknown registration authority or region code"
            }
            CreditCodeError::WrongCheckCharacter => {
                "the check character of the unified social credit code does not match"
            }
        };
        f.write_str(msg)
    }
}

impl std::error::Error for CreditCodeError {}

/// Value (0–30) of an upper-case alphabet symbol.
fn value_of(symbol: u8) -> Option<u32> {
    ALPHABET
        .iter()
        .position(|&a| a == symbol)
        .and_then(|i| u32::try_from(i).ok())
}

/// Check character for the first 17 symbols, or `None` if one of them is
/// not in the alphabet or the length is wrong.
fn check_char(first17: &[u8]) -> Option<u8> {
    if first17.len() != WEIGHTS.len() {
        return None;
    }
    let mut sum: u32 = 0;
    for (&b, &w) in first17.iter().zip(WEIGHTS.iter()) {
        sum += value_of(b)? * w;
    }
    let check = (31 - sum % 31) % 31;
    ALPHABET.get(check as usize).copied()
}

impl CreditCode {
    /// Parses and normalises a unified social credit code.
    ///
    /// Surrounding whitespace is ignored and lower-case letters are
    /// upper-cased before checking.
    pub fn parse(input: &str) -> Result<Self, CreditCodeError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(CreditCodeError::Empty);
        }
        // `to_ascii_uppercase` leaves non-ASCII characters untouched, and
        // those are then rejected as not in the alphabet.
        let normalised = trimmed.to_ascii_uppercase();
        if !normalised.bytes().all(|b| ALPHABET.contains(&b)) {
            return Err(CreditCodeError::InvalidCharacter);
        }
        // From here on the string is pure ASCII, so bytes are characters.
        let bytes = normalised.as_bytes();
        if bytes.len() != LENGTH {
            return Err(CreditCodeError::WrongLength);
        }
        let authority_ok = bytes.first().is_some_and(|b| AUTHORITIES.contains(b));
        let region_ok = bytes
            .get(2..8)
            .is_some_and(|region| region.iter().all(u8::is_ascii_digit));
        if !authority_ok || !region_ok {
            return Err(CreditCodeError::InvalidStructure);
        }
        let (first17, last) = bytes.split_at(LENGTH - 1);
        let expected = check_char(first17).ok_or(CreditCodeError::InvalidCharacter)?;
        if last.first() != Some(&expected) {
            return Err(CreditCodeError::WrongCheckCharacter);
        }
        Ok(CreditCode(normalised))
    }

    /// The full, normalised code.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Consumes the value, returning the normalised code.
    pub fn into_inner(self) -> String {
        self.0
    }

    /// Registration authority code (position 1), e.g. `'9'` for market regulation.
    pub fn registration_authority(&self) -> char {
        self.0.chars().next().unwrap_or('0')
    }

    /// Organisation type code (position 2), e.g. `'1'` for an enterprise under authority `9`.
    pub fn organisation_type(&self) -> char {
        self.0.chars().nth(1).unwrap_or('0')
    }

    /// Administrative region code of the registering office (positions 3–8).
    pub fn region_code(&self) -> &str {
        self.0.get(2..8).unwrap_or("")
    }

    /// Organisation code (positions 9–17, GB 11714).
    pub fn organisation_code(&self) -> &str {
        self.0.get(8..17).unwrap_or("")
    }
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("CreditCode").field(&self.0).finish()
    }
}

impl AsRef<str> for CreditCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for CreditCode {
    type Err = CreditCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<&str> for CreditCode {
    type Error = CreditCodeError;

    fn try_from(value: &str) -> Result<Self, Self::Error> {
        Self::parse(value)
    }
}

impl TryFrom<String> for CreditCode {
    type Error = CreditCodeError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<CreditCode> for String {
    fn from(value: CreditCode) -> Self {
        value.0
    }
}

impl Serialize for CreditCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for CreditCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        CreditCode::parse(&raw).map_err(|e| serde::de::Error::custom(e.code()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
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
}
