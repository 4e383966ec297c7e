//! PRC resident identity number (居民身份证号码), GB 11643-1999.
//!
//! Layout of the 18 characters:
//!
//! | positions | meaning                                   |
//! |-----------|-------------------------------------------|
//! | 1–6       | administrative region code (GB/T 2260)    |
//! | 7–14      | date of birth, `YYYYMMDD`                 |
//! | 15–17     | sequence number (17th: odd male, even female) |
//! | 18        | check character, ISO 7064 MOD 11-2 (`0`–`9` or `X`) |
//!
//! A [`ResidentId`] can only be obtained through [`ResidentId::parse`] /
//! [`ResidentId::parse_on`] (or deserialisation, which goes through `parse`),
//! so holding one proves the number is well-formed.
//!
//! The number is personal data: `Debug` prints the masked form, so it never
//! ends up in logs by accident. `Display` prints the full number (for forms
//! and storage), so use [`ResidentId::masked`] when showing it back to users.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Number of characters in a resident identity number.
pub const LENGTH: usize = 18;

/// ISO 7064 MOD 11-2 weights for positions 1–17.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// Check character for each value of `sum mod 11`.
const CHECK_CHARS: [u8; 11] = *b"10X98765432";

/// A validated, normalised (upper-case `X`, no surrounding whitespace)
/// 18-character resident identity number.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ResidentId(String);

/// Why a string is not a valid resident identity number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ResidentIdError {
    /// Nothing (or only whitespace) was entered.
    Empty,
    /// Not exactly 18 characters.
    WrongLength,
    /// A character other than a digit (or `X`/`x` in the last position).
    InvalidCharacter,
    /// The region code does not start with 1–8.
    InvalidRegion,
    /// Positions 7–14 are not a real calendar date on or after 1900-01-01.
    InvalidBirthDate,
    /// The birth date lies after today.
    FutureBirthDate,
    /// The check character does not match the first 17 digits.
    WrongCheckDigit,
}

impl ResidentIdError {
    /// Every variant, e.g. for checking that all message ids are translated.
    pub const ALL: [ResidentIdError; 7] = [
        ResidentIdError::Empty,
        ResidentIdError::WrongLength,
        ResidentIdError::InvalidCharacter,
        ResidentIdError::InvalidRegion,
        ResidentIdError::InvalidBirthDate,
        ResidentIdError::FutureBirthDate,
        ResidentIdError::WrongCheckDigit,
    ];

    /// Stable Fluent message id describing the error.
    pub fn code(&self) -> &'static str {
        match self {
            ResidentIdError::Empty => "resident-id-empty",
            ResidentIdError::WrongLength => "resident-id-wrong-length",
            ResidentIdError::InvalidCharacter => "resident-id-invalid-character",
            ResidentIdError::InvalidRegion => "resident-id-invalid-region",
            ResidentIdError::InvalidBirthDate => "resident-id-invalid-birth-date",
            ResidentIdError::FutureBirthDate => "resident-id-future-birth-date",
            ResidentIdError::WrongCheckDigit => "resident-id-wrong-check-digit",
        }
    }
}

impl fmt::Display for ResidentIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let msg = match self {
            ResidentIdError::Empty => "the resident identity number is empty",
            ResidentIdError::WrongLength => "a resident identity number has 18 characters",
            ResidentIdError::InvalidCharacter => {
                "a resident identity number contains only digits and a final X"
            }
            ResidentIdError::InvalidRegion => {
                "the region code of the resident identity number is invalid"
            }
            ResidentIdError::InvalidBirthDate => {
                "the birth date in the resident identity number is invalid"
            }
            ResidentIdError::FutureBirthDate => {
                "the birth date in the resident identity number is in the future"
            }
            ResidentIdError::WrongCheckDigit => {
                "the check digit of the resident identity number does not match"
            }
        };
        f.write_str(msg)
    }
}

impl std::error::Error for ResidentIdError {}

/// Earliest birth date accepted.
fn earliest_birth_date() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1900, 1, 1)
}

/// Today's date in China Standard Time (UTC+8, no daylight saving), which is
/// the calendar the birth dates are written in, independent of the server's
/// time zone.
///
/// `None` on `wasm32-unknown-unknown`: there `std::time::SystemTime::now()`
/// (and therefore chrono's clock without its `wasmbind` feature) panics, so
/// the browser skips the future-date check; the server repeats it.
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
fn today_in_china() -> Option<NaiveDate> {
    let now = chrono::Utc::now();
    match chrono::FixedOffset::east_opt(8 * 3600) {
        Some(cst) => Some(now.with_timezone(&cst).date_naive()),
        None => Some(now.date_naive()),
    }
}

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
fn today_in_china() -> Option<NaiveDate> {
    None
}

/// Check character (`b'0'..=b'9'` or `b'X'`) for 17 ASCII digits.
/// Returns `None` if any of the bytes is not an ASCII digit.
fn check_char(first17: &[u8]) -> Option<u8> {
    if first17.len() != WEIGHTS.len() {
        return None;
    }
    let mut sum: u32 = 0;
    for (&b, &w) in first17.iter().zip(WEIGHTS.iter()) {
        let d = char::from(b).to_digit(10)?;
        sum += d * w;
    }
    CHECK_CHARS.get((sum % 11) as usize).copied()
}

/// Value of a run of ASCII digits (callers pass at most 4 digits).
fn number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |acc, &b| {
        char::from(b).to_digit(10).map(|d| acc * 10 + d)
    })
}

/// Birth date encoded in positions 7–14, if it is a real calendar date.
fn birth_date_of(bytes: &[u8]) -> Option<NaiveDate> {
    let year = number(bytes.get(6..10)?)?;
    let month = number(bytes.get(10..12)?)?;
    let day = number(bytes.get(12..14)?)?;
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

impl ResidentId {
    /// Parses and normalises a resident identity number, checking that the
    /// birth date is not after today's date (China Standard Time).
    ///
    /// Surrounding whitespace is ignored and a lower-case `x` check
    /// character is accepted (stored as `X`).
    ///
    /// In the browser (`wasm32-unknown-unknown`) no clock is available
    /// without extra dependencies, so the future-date check is skipped there;
    /// use [`ResidentId::parse_on`] with a date from the browser if needed.
    /// The server always applies it.
    pub fn parse(input: &str) -> Result<Self, ResidentIdError> {
        Self::parse_inner(input, today_in_china())
    }

    /// Like [`ResidentId::parse`], but with an explicit "today" for the
    /// future-birth-date check (deterministic, for tests and for callers
    /// that know the date).
    pub fn parse_on(input: &str, today: NaiveDate) -> Result<Self, ResidentIdError> {
        Self::parse_inner(input, Some(today))
    }

    fn parse_inner(input: &str, today: Option<NaiveDate>) -> Result<Self, ResidentIdError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(ResidentIdError::Empty);
        }
        // Only ASCII digits and X/x may appear at all; reject anything else
        // (letters, full-width digits, Chinese text) before looking at the
        // length, which makes the message more helpful.
        if !trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || c == 'x' || c == 'X')
        {
            return Err(ResidentIdError::InvalidCharacter);
        }
        // From here on the string is pure ASCII, so bytes are characters.
        let normalised = trimmed.to_ascii_uppercase();
        let bytes = normalised.as_bytes();
        if bytes.len() != LENGTH {
            return Err(ResidentIdError::WrongLength);
        }
        let (first17, last) = bytes.split_at(LENGTH - 1);
        if !first17.iter().all(u8::is_ascii_digit) {
            return Err(ResidentIdError::InvalidCharacter);
        }
        if !matches!(first17.first(), Some(b'1'..=b'8')) {
            return Err(ResidentIdError::InvalidRegion);
        }
        let birth = birth_date_of(bytes).ok_or(ResidentIdError::InvalidBirthDate)?;
        match earliest_birth_date() {
            Some(earliest) if birth >= earliest => {}
            _ => return Err(ResidentIdError::InvalidBirthDate),
        }
        if let Some(today) = today {
            if birth > today {
                return Err(ResidentIdError::FutureBirthDate);
            }
        }
        let expected = check_char(first17).ok_or(ResidentIdError::InvalidCharacter)?;
        if last.first() != Some(&expected) {
            return Err(ResidentIdError::WrongCheckDigit);
        }
        Ok(ResidentId(normalised))
    }

    /// The full, normalised number.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Consumes the value, returning the normalised number.
    pub fn into_inner(self) -> String {
        self.0
    }

    /// Date of birth encoded in positions 7–14.
    pub fn birth_date(&self) -> NaiveDate {
        // Always `Some` for a parsed value; the fallback is unreachable and
        // only there to avoid a panic path.
        birth_date_of(self.0.as_bytes()).unwrap_or(NaiveDate::MIN)
    }

    /// The number with everything but the first 3 and last 4 characters
    /// replaced by `*`, e.g. `110***********002X`.
    pub fn masked(&self) -> String {
        let count = self.0.chars().count();
        self.0
            .chars()
            .enumerate()
            .map(|(i, c)| if i < 3 || i + 4 >= count { c } else { '*' })
            .collect()
    }
}

impl fmt::Display for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ResidentId").field(&self.masked()).finish()
    }
}

impl AsRef<str> for ResidentId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for ResidentId {
    type Err = ResidentIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<&str> for ResidentId {
    type Error = ResidentIdError;

    fn try_from(value: &str) -> Result<Self, Self::Error> {
        Self::parse(value)
    }
}

impl TryFrom<String> for ResidentId {
    type Error = ResidentIdError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<ResidentId> for String {
    fn from(value: ResidentId) -> Self {
        value.0
    }
}

impl Serialize for ResidentId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ResidentId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        ResidentId::parse(&raw).map_err(|e| serde::de::Error::custom(e.code()))
    }
}

#[cfg(test)]
mod tests;
