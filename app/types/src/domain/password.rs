//! A new password chosen by a user (registration, password change).
//!
//! Rules, in the order they are checked:
//!
//! 1. at least [`MIN_LENGTH`] and at most [`MAX_LENGTH`] characters
//!    (Unicode scalar values, not bytes); the upper bound keeps hashing cheap;
//! 2. not one of the common passwords in `common_passwords.txt`, compared
//!    case-insensitively, and not a short pattern repeated over and over
//!    (`aaaaaaaaaa`, `abcabcabca`, `1212121212`);
//! 3. does not contain any of the caller's `context` strings (the user's
//!    mobile number, resident ID number, name, …) that are at least
//!    [`MIN_CONTEXT_LENGTH`] characters long, compared case-insensitively.
//!
//! The password is kept exactly as typed (no trimming, no case folding):
//! hash the result of [`NewPassword::expose`]. It never appears in `Debug`
//! output, has no `Display`, and is deliberately not `Serialize`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Minimum number of characters.
pub const MIN_LENGTH: usize = 10;
/// Maximum number of characters.
pub const MAX_LENGTH: usize = 128;
/// Context strings shorter than this (in characters) are ignored.
pub const MIN_CONTEXT_LENGTH: usize = 4;
/// Longest unit whose plain repetition counts as a common password.
const MAX_REPEATED_UNIT: usize = 4;

/// Lower-case common passwords of at least [`MIN_LENGTH`] characters, one a line.
const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

/// A password that satisfies the password policy.
pub struct NewPassword(String);

/// Why a password is not acceptable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NewPasswordError {
    /// Fewer than [`MIN_LENGTH`] characters.
    TooShort,
    /// More than [`MAX_LENGTH`] characters.
    TooLong,
    /// A well-known or trivially repetitive password.
    TooCommon,
    /// Contains one of the user's own details (mobile, ID number, …).
    ContainsPersonalData,
}

impl NewPasswordError {
    /// Every variant, e.g. for checking that all message ids are translated.
    pub const ALL: [NewPasswordError; 4] = [
        NewPasswordError::TooShort,
        NewPasswordError::TooLong,
        NewPasswordError::TooCommon,
        NewPasswordError::ContainsPersonalData,
    ];

    /// Stable Fluent message id describing the error.
    pub fn code(&self) -> &'static str {
        match self {
            NewPasswordError::TooShort => "password-too-short",
            NewPasswordError::TooLong => "password-too-long",
            NewPasswordError::TooCommon => "password-too-common",
            NewPasswordError::ContainsPersonalData => "password-contains-personal-data",
        }
    }
}

impl fmt::Display for NewPasswordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NewPasswordError::TooShort => "the password must have at least 10 characters",
            NewPasswordError::TooLong => "the password must have at most 128 characters",
            NewPasswordError::TooCommon => "the password is too common",
            NewPasswordError::ContainsPersonalData => {
                "the password must not contain your personal details"
            }
        })
    }
}

impl std::error::Error for NewPasswordError {}

/// Whether `lowercase` is on the common-password list.
fn is_listed(lowercase: &str) -> bool {
    COMMON_PASSWORDS
        .lines()
        .map(str::trim)
        .any(|entry| !entry.is_empty() && entry == lowercase)
}

/// Whether the characters are one short unit repeated (the last repetition
/// may be cut short), e.g. `aaaaaaaaaa` or `abcabcabca`.
fn is_repetitive(chars: &[char]) -> bool {
    (1..=MAX_REPEATED_UNIT).any(|unit| {
        chars.len() > unit
            && chars
                .iter()
                .zip(chars.iter().skip(unit))
                .all(|(a, b)| a == b)
    })
}

impl NewPassword {
    /// Checks `input` against the password policy.
    ///
    /// `context` holds the user's own details (mobile number, resident ID
    /// number, user name, …); surrounding whitespace of each is ignored and
    /// those shorter than four characters are skipped.
    pub fn parse(input: &str, context: &[&str]) -> Result<Self, NewPasswordError> {
        let chars: Vec<char> = input.chars().collect();
        if chars.len() < MIN_LENGTH {
            return Err(NewPasswordError::TooShort);
        }
        if chars.len() > MAX_LENGTH {
            return Err(NewPasswordError::TooLong);
        }
        let lowercase = input.to_lowercase();
        if is_listed(&lowercase) || is_repetitive(&chars) {
            return Err(NewPasswordError::TooCommon);
        }
        let contains_personal = context
            .iter()
            .map(|item| item.trim())
            .filter(|item| item.chars().count() >= MIN_CONTEXT_LENGTH)
            .any(|item| lowercase.contains(&item.to_lowercase()));
        if contains_personal {
            return Err(NewPasswordError::ContainsPersonalData);
        }
        Ok(NewPassword(input.to_owned()))
    }

    /// The password as typed, for hashing. Never log or store it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(<redacted>)")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    const GOOD: &str = "Tianjin-Harbour-42";

    #[test]
    fn accepts_a_reasonable_password() {
        let p = NewPassword::parse(GOOD, &[]).unwrap();
        assert_eq!(p.expose(), GOOD);
        assert!(NewPassword::parse("correct horse battery staple", &[]).is_ok());
        assert!(NewPassword::parse("海河边的小红房子2024", &[]).is_ok());
    }

    #[test]
    fn password_is_kept_exactly_as_typed() {
        let typed = "  Spaces Matter Here  ";
        assert_eq!(NewPassword::parse(typed, &[]).unwrap().expose(), typed);
    }

    #[test]
    fn length_is_counted_in_characters() {
        assert_eq!(
            NewPassword::parse("", &[]).unwrap_err(),
            NewPasswordError::TooShort
        );
        assert_eq!(
            NewPassword::parse("Xk7#pQ2!m", &[]).unwrap_err(),
            NewPasswordError::TooShort
        );
        assert!(NewPassword::parse("Xk7#pQ2!mZ", &[]).is_ok());
        // 9 Chinese characters are 27 bytes but still too short.
        let nine = "长城长江黄河泰山华";
        assert_eq!(nine.chars().count(), 9);
        assert_eq!(
            NewPassword::parse(nine, &[]).unwrap_err(),
            NewPasswordError::TooShort
        );
        let ten = "长城长江黄河泰山华山";
        assert!(NewPassword::parse(ten, &[]).is_ok());
    }

    #[test]
    fn maximum_length() {
        let max: String = ('!'..='~').cycle().take(MAX_LENGTH).collect();
        assert_eq!(max.chars().count(), MAX_LENGTH);
        assert!(NewPassword::parse(&max, &[]).is_ok());
        let too_long = format!("{max}x");
        assert_eq!(
            NewPassword::parse(&too_long, &[]).unwrap_err(),
            NewPasswordError::TooLong
        );
        // 128 multibyte characters are fine, 129 are not.
        let cjk: String = ('一'..).take(MAX_LENGTH).collect();
        assert!(NewPassword::parse(&cjk, &[]).is_ok());
        let cjk_long: String = ('一'..).take(MAX_LENGTH + 1).collect();
        assert_eq!(
            NewPassword::parse(&cjk_long, &[]).unwrap_err(),
            NewPasswordError::TooLong
        );
    }

    #[test]
    fn common_passwords_are_rejected_case_insensitively() {
        for p in [
            "1234567890",
            "qwertyuiop",
            "QwertyUIOP",
            "1q2w3e4r5t",
            "1Q2W3E4R5T",
            "password123",
            "Password123",
            "PASSWORD123",
            "iloveyou123",
            "woaini1314",
            "WoAiNi1314",
            "5201314520",
            "a123456789",
            "A123456789",
            "123456789a",
            "qwe123456789",
            "1qaz2wsx3edc",
            "1QAZ2WSX3EDC",
        ] {
            assert_eq!(
                NewPassword::parse(p, &[]).unwrap_err(),
                NewPasswordError::TooCommon,
                "{p}"
            );
        }
    }

    #[test]
    fn repetitive_passwords_are_rejected() {
        for p in [
            "zzzzzzzzzz",
            "ZZZZZZZZZZZZ",
            "xyxyxyxyxy",
            "kqmkqmkqmk",
            "9876987698",
            "哈哈哈哈哈哈哈哈哈哈",
        ] {
            assert_eq!(
                NewPassword::parse(p, &[]).unwrap_err(),
                NewPasswordError::TooCommon,
                "{p}"
            );
        }
        // A unit of five repeated twice is not caught by this rule.
        assert!(NewPassword::parse("k3#Lmk3#Lm", &[]).is_ok());
        assert!(!is_repetitive(&['a']));
        assert!(!is_repetitive(&[]));
    }

    #[test]
    fn personal_data_is_rejected() {
        let mobile = "13812345678";
        let id = "11010519491231002X";
        let ctx = [mobile, id];
        assert_eq!(
            NewPassword::parse("my13812345678pw", &ctx).unwrap_err(),
            NewPasswordError::ContainsPersonalData
        );
        assert_eq!(
            NewPassword::parse("id11010519491231002x!", &ctx).unwrap_err(),
            NewPasswordError::ContainsPersonalData
        );
        assert_eq!(
            NewPassword::parse("ZhangSanFeng-2024", &["zhangsan"]).unwrap_err(),
            NewPasswordError::ContainsPersonalData
        );
        assert_eq!(
            NewPassword::parse("我叫张三丰今年八十岁", &["张三丰今"]).unwrap_err(),
            NewPasswordError::ContainsPersonalData
        );
        // Surrounding whitespace of a context item is ignored.
        assert_eq!(
            NewPassword::parse("my13812345678pw", &["  13812345678 "]).unwrap_err(),
            NewPasswordError::ContainsPersonalData
        );
    }

    #[test]
    fn short_or_absent_context_is_ignored() {
        // Three-character context items (and empty ones) do not count.
        assert!(NewPassword::parse(GOOD, &["Tia", "", "   ", "42"]).is_ok());
        // Four characters do.
        assert_eq!(
            NewPassword::parse(GOOD, &["tian"]).unwrap_err(),
            NewPasswordError::ContainsPersonalData
        );
        assert!(NewPassword::parse(GOOD, &["13812345678", "11010519491231002X"]).is_ok());
        // Three CJK characters are 9 bytes but only 3 characters.
        assert!(NewPassword::parse("我叫张三丰今年八十岁", &["张三丰"]).is_ok());
    }

    #[test]
    fn checks_apply_in_order() {
        assert_eq!(
            NewPassword::parse("1381234", &["1381234"]).unwrap_err(),
            NewPasswordError::TooShort
        );
        assert_eq!(
            NewPassword::parse("1234567890", &["1234567890"]).unwrap_err(),
            NewPasswordError::TooCommon
        );
    }

    #[test]
    fn odd_unicode_does_not_panic() {
        for p in [
            "🦀🦀🦀🦀🦀🦀🦀🦀🦀🦀",
            "İİİİİİİİİİ1a",
            "ß\u{301}ẞ\u{0}\u{10FFFF}abcdefgh",
            "\u{202E}reverse-me-now",
        ] {
            let _ = NewPassword::parse(p, &["İİİİ", "ẞ\u{0}"]);
        }
        // Upper-case sharp s folds to ß; a context item matches regardless of case.
        assert_eq!(
            NewPassword::parse("StraẞeNummer-9", &["straße"]).unwrap_err(),
            NewPasswordError::ContainsPersonalData
        );
    }

    #[test]
    fn debug_is_redacted() {
        let p = NewPassword::parse(GOOD, &[]).unwrap();
        assert_eq!(format!("{p:?}"), "NewPassword(<redacted>)");
        assert!(!format!("{:#?}", Some(&p)).contains("Harbour"));
    }

    #[test]
    fn common_password_list_is_well_formed() {
        let entries: Vec<&str> = COMMON_PASSWORDS.lines().collect();
        assert!(entries.len() >= 250, "only {} entries", entries.len());
        for (i, entry) in entries.iter().enumerate() {
            assert_eq!(*entry, entry.trim(), "whitespace around {entry:?}");
            assert!(!entry.is_empty(), "empty line {i}");
            assert_eq!(*entry, entry.to_lowercase(), "{entry} is not lower case");
            assert!(
                entry.chars().count() >= MIN_LENGTH,
                "{entry} is shorter than the minimum"
            );
            assert!(!entries[i + 1..].contains(entry), "duplicate {entry}");
            assert_eq!(
                NewPassword::parse(entry, &[]).unwrap_err(),
                NewPasswordError::TooCommon,
                "{entry}"
            );
        }
    }

    #[test]
    fn error_codes_are_unique_kebab_case_and_prefixed() {
        let codes: Vec<&str> = NewPasswordError::ALL.iter().map(|e| e.code()).collect();
        for (i, code) in codes.iter().enumerate() {
            assert!(code.starts_with("password-"), "{code}");
            assert!(
                code.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{code}"
            );
            assert!(!codes[i + 1..].contains(code), "duplicate {code}");
        }
        for e in NewPasswordError::ALL {
            assert!(!e.to_string().is_empty());
        }
    }
}
