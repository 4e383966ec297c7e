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
    /// The whole code for its first 17 symbols (test data and demo data generators), or
    /// `None` when one is outside the alphabet or the length is wrong.
    pub fn complete(first17: &str) -> Option<String> {
        let check = check_char(first17.as_bytes())?;
        let code = format!("{first17}{}", char::from(check));
        Self::parse(&code).ok().map(Self::into_inner)
    }

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
mod tests;
