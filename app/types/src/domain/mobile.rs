//! Mainland China mobile phone number (11 digits, `^1[3-9]\d{9}$`).
//!
//! Input is normalised before checking: surrounding whitespace is trimmed,
//! spaces and hyphens are removed (so `138 1234 5678` and `138-1234-5678`
//! work), and an optional country prefix `+86`, `0086` or `86` is dropped.
//! The stored value is always the bare 11 digits.
//!
//! The number is personal data: `Debug` prints the masked form
//! (`138****5678`); `Display` prints the full number.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Number of digits in a mainland mobile number.
pub const LENGTH: usize = 11;

/// A validated mainland mobile number, stored as 11 ASCII digits.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct MobileNumber(String);

/// Why a string is not a valid mainland mobile number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MobileNumberError {
    /// Nothing (or only whitespace) was entered.
    Empty,
    /// Not a mainland mobile number.
    Invalid,
}

impl MobileNumberError {
    /// Every variant, e.g. for checking that all message ids are translated.
    pub const ALL: [MobileNumberError; 2] = [MobileNumberError::Empty, MobileNumberError::Invalid];

    /// Stable Fluent message id describing the error.
    pub fn code(&self) -> &'static str {
        match self {
            MobileNumberError::Empty => "mobile-empty",
            MobileNumberError::Invalid => "mobile-invalid",
        }
    }
}

impl fmt::Display for MobileNumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MobileNumberError::Empty => "the mobile number is empty",
            MobileNumberError::Invalid => "not a valid mainland China mobile number",
        })
    }
}

impl std::error::Error for MobileNumberError {}

impl MobileNumber {
    /// Parses and normalises a mainland mobile number.
    pub fn parse(input: &str) -> Result<Self, MobileNumberError> {
        let compact: String = input
            .chars()
            .filter(|&c| !c.is_whitespace() && c != '-')
            .collect();
        if compact.is_empty() {
            return Err(MobileNumberError::Empty);
        }
        let national = if let Some(rest) = compact.strip_prefix("+86") {
            rest
        } else if let Some(rest) = compact.strip_prefix("0086") {
            rest
        } else if compact.len() == LENGTH + 2 {
            compact.strip_prefix("86").unwrap_or(&compact)
        } else {
            &compact
        };
        let bytes = national.as_bytes();
        let valid = bytes.len() == LENGTH
            && bytes.iter().all(u8::is_ascii_digit)
            && bytes.first() == Some(&b'1')
            && matches!(bytes.get(1), Some(b'3'..=b'9'));
        if !valid {
            return Err(MobileNumberError::Invalid);
        }
        Ok(MobileNumber(national.to_owned()))
    }

    /// The 11 digits, without country prefix or separators.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Consumes the value, returning the 11 digits.
    pub fn into_inner(self) -> String {
        self.0
    }

    /// The number with the middle four digits hidden, e.g. `138****5678`.
    pub fn masked(&self) -> String {
        let count = self.0.chars().count();
        self.0
            .chars()
            .enumerate()
            .map(|(i, c)| if i < 3 || i + 4 >= count { c } else { '*' })
            .collect()
    }
}

impl fmt::Display for MobileNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for MobileNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("MobileNumber").field(&self.masked()).finish()
    }
}

impl AsRef<str> for MobileNumber {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for MobileNumber {
    type Err = MobileNumberError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<&str> for MobileNumber {
    type Error = MobileNumberError;

    fn try_from(value: &str) -> Result<Self, Self::Error> {
        Self::parse(value)
    }
}

impl TryFrom<String> for MobileNumber {
    type Error = MobileNumberError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<MobileNumber> for String {
    fn from(value: MobileNumber) -> Self {
        value.0
    }
}

impl Serialize for MobileNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for MobileNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        MobileNumber::parse(&raw).map_err(|e| serde::de::Error::custom(e.code()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn ok(s: &str) -> String {
        MobileNumber::parse(s)
            .unwrap_or_else(|e| panic!("{s:?} should parse: {e:?}"))
            .into_inner()
    }

    #[test]
    fn accepts_every_valid_second_digit() {
        for second in '3'..='9' {
            let s = format!("1{second}812345678");
            assert_eq!(ok(&s), s);
        }
    }

    #[test]
    fn normalises_separators_and_prefixes() {
        for s in [
            "13812345678",
            "  13812345678 ",
            "138 1234 5678",
            "138-1234-5678",
            "+8613812345678",
            "+86 138 1234 5678",
            "+86-138-1234-5678",
            "8613812345678",
            "86 13812345678",
            "008613812345678",
            "\u{3000}138\u{3000}1234\u{3000}5678\u{3000}",
            "\t13812345678\n",
        ] {
            assert_eq!(ok(s), "13812345678", "{s:?}");
        }
    }

    #[test]
    fn empty_input() {
        assert_eq!(MobileNumber::parse(""), Err(MobileNumberError::Empty));
        assert_eq!(MobileNumber::parse("   "), Err(MobileNumberError::Empty));
        assert_eq!(MobileNumber::parse(" - - "), Err(MobileNumberError::Empty));
    }

    #[test]
    fn rejects_invalid_numbers() {
        for s in [
            "1381234567",   // 10 digits
            "138123456789", // 12 digits
            "12812345678",  // second digit 2
            "10812345678",  // second digit 0
            "11812345678",  // second digit 1
            "23812345678",  // does not start with 1
            "03812345678",
            "1381234567a",
            "138.1234.5678",
            "(138)12345678",
            "+8513812345678", // other country code
            "+86",
            "86",
            "+",
            "861381234567", // 86 + 10 digits
            "+1 13812345678",
            "+8612812345678",
            "010-12345678", // landline
            "+13812345678",
        ] {
            assert_eq!(
                MobileNumber::parse(s),
                Err(MobileNumberError::Invalid),
                "{s:?}"
            );
        }
    }

    #[test]
    fn multibyte_input_is_rejected_without_panicking() {
        for s in [
            "１３８１２３４５６７８", // full-width digits
            "１１０",
            "身份证号码",
            "手机13812345678",
            "13812345678号",
            "+８６13812345678",
            "1381234567８",
            "🦀",
            "８６13812345678",
        ] {
            assert_eq!(
                MobileNumber::parse(s),
                Err(MobileNumberError::Invalid),
                "{s:?}"
            );
        }
    }

    #[test]
    fn masking_display_and_debug() {
        let m = MobileNumber::parse("+86 138-1234-5678").unwrap();
        assert_eq!(m.masked(), "138****5678");
        assert_eq!(m.to_string(), "13812345678");
        assert_eq!(format!("{m:?}"), "MobileNumber(\"138****5678\")");
        assert!(!format!("{:?}", Some(&m)).contains("1234"));
        assert_eq!(m.as_str(), "13812345678");
        assert_eq!(m.as_ref(), "13812345678");
    }

    #[test]
    fn conversions() {
        let m: MobileNumber = "138 1234 5678".parse().unwrap();
        assert_eq!(m, MobileNumber::try_from("13812345678").unwrap());
        assert_eq!(
            m,
            MobileNumber::try_from(String::from("+8613812345678")).unwrap()
        );
        assert_eq!(String::from(m), "13812345678");
    }

    #[test]
    fn serde_round_trip_goes_through_parse() {
        let m = MobileNumber::parse("13812345678").unwrap();
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, "\"13812345678\"");
        let back: MobileNumber = serde_json::from_str("\"+86 138-1234-5678\"").unwrap();
        assert_eq!(back, m);
        let err = serde_json::from_str::<MobileNumber>("\"12345\"").unwrap_err();
        assert!(err.to_string().contains("mobile-invalid"), "{err}");
    }

    #[test]
    fn error_codes() {
        assert_eq!(MobileNumberError::Empty.code(), "mobile-empty");
        assert_eq!(MobileNumberError::Invalid.code(), "mobile-invalid");
        for e in MobileNumberError::ALL {
            assert!(e.code().starts_with("mobile-"));
            assert!(!e.to_string().is_empty());
        }
    }
}
