//! The password forms: asking for a reset code, resetting with it, and changing the password
//! while signed in. Checked as the registration form checks a new password.
use super::{answer, Answers, Errors};
use crate::domain::forms::FieldError;
use crate::domain::mobile::MobileNumber;
use crate::domain::password::NewPassword;

/// Digits in a code sent by SMS.
pub const CODE_DIGITS: usize = 6;

/// "Send me a code": the mobile it goes to (to reset the password of the account that uses
/// it, or to register with it).
#[derive(Debug)]
pub struct CodeRequest {
    pub mobile: MobileNumber,
}

impl CodeRequest {
    pub fn parse(answers: &Answers) -> Result<Self, Vec<FieldError>> {
        let mut errors = Errors::default();
        let mobile = errors.check(
            "mobile",
            MobileNumber::parse(answer(answers, "mobile")).map_err(|e| e.code()),
        );
        errors.finish(mobile.map(|mobile| Self { mobile }))
    }
}

/// The code as typed: six digits, spaces between them forgiven.
pub fn code(answers: &Answers) -> Result<String, &'static str> {
    let code: String = answer(answers, "code")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if code.is_empty() {
        Err("code-empty")
    } else if code.len() != CODE_DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        Err("code-format")
    } else {
        Ok(code)
    }
}

/// The current password as typed (checked for presence and length only; the account decides).
fn current_password(answers: &Answers, errors: &mut Errors) -> String {
    let current = answers.get("current_password").cloned().unwrap_or_default();
    if current.is_empty() {
        errors
            .0
            .push(FieldError::new("current_password", "login-password-empty"));
    } else if current.chars().count() > super::LOGIN_PASSWORD_MAX {
        errors.0.push(
            FieldError::new("current_password", "login-password-too-long")
                .with_arg("max", super::LOGIN_PASSWORD_MAX),
        );
    }
    current
}

/// A new password and its repetition, checked against the personal data in `context`.
fn new_password(answers: &Answers, context: &[&str], errors: &mut Errors) -> Option<NewPassword> {
    let raw = answers.get("password").map(String::as_str).unwrap_or("");
    let password = errors.check(
        "password",
        NewPassword::parse(raw, context).map_err(|e| e.code()),
    );
    if password.is_some() && answers.get("password_confirm").map(String::as_str) != Some(raw) {
        errors
            .0
            .push(FieldError::new("password_confirm", "password-mismatch"));
        return None;
    }
    password
}

/// The password a new member of staff chooses through their enrolment link.
#[derive(Debug)]
pub struct EnrolmentPassword {
    pub password: NewPassword,
}

impl EnrolmentPassword {
    /// `personal`: the username, which the password must not contain.
    pub fn parse(answers: &Answers, personal: &[&str]) -> Result<Self, Vec<FieldError>> {
        let mut errors = Errors::default();
        let password = new_password(answers, personal, &mut errors);
        errors.finish(password.map(|password| Self { password }))
    }
}

/// A second-factor code as typed: the six digits of the authenticator app, or a recovery code
/// (`XXXX-XXXX-XXXX-XXXX`); anything longer than a recovery code is not looked at.
pub fn second_factor_code(answers: &Answers) -> Result<String, &'static str> {
    let typed = answer(answers, "code");
    if typed.is_empty() {
        Err("second-factor-empty")
    } else if typed.chars().count() > 24 {
        Err("second-factor-format")
    } else {
        Ok(typed.to_string())
    }
}

/// Moving the account to a new mobile: the number, the code sent to it and the current
/// password.
#[derive(Debug)]
pub struct MobileChange {
    pub mobile: MobileNumber,
    pub code: String,
    pub current: String,
}

impl MobileChange {
    pub fn parse(answers: &Answers) -> Result<Self, Vec<FieldError>> {
        let mut errors = Errors::default();
        let mobile = errors.check(
            "mobile",
            MobileNumber::parse(answer(answers, "mobile")).map_err(|e| e.code()),
        );
        let code = errors.check("code", code(answers));
        let current = current_password(answers, &mut errors);
        let value = match (mobile, code) {
            (Some(mobile), Some(code)) if errors.0.is_empty() => Some(Self {
                mobile,
                code,
                current,
            }),
            _ => None,
        };
        errors.finish(value)
    }
}

/// Resetting: the mobile, the code sent to it and the new password.
#[derive(Debug)]
pub struct ResetConfirm {
    pub mobile: MobileNumber,
    pub code: String,
    pub password: NewPassword,
}

impl ResetConfirm {
    pub fn parse(answers: &Answers) -> Result<Self, Vec<FieldError>> {
        let mut errors = Errors::default();
        let mobile = errors.check(
            "mobile",
            MobileNumber::parse(answer(answers, "mobile")).map_err(|e| e.code()),
        );
        let code = errors.check("code", code(answers));
        let personal: Vec<&str> = [answer(answers, "mobile")]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        let password = new_password(answers, &personal, &mut errors);
        let value = match (mobile, code, password) {
            (Some(mobile), Some(code), Some(password)) => Some(Self {
                mobile,
                code,
                password,
            }),
            _ => None,
        };
        errors.finish(value)
    }
}

/// Changing while signed in: the current password and the new one.
#[derive(Debug)]
pub struct PasswordChange {
    pub current: String,
    pub password: NewPassword,
}

impl PasswordChange {
    /// `personal`: the account's own data a password must not contain.
    pub fn parse(answers: &Answers, personal: &[&str]) -> Result<Self, Vec<FieldError>> {
        let mut errors = Errors::default();
        let current = current_password(answers, &mut errors);
        let password = new_password(answers, personal, &mut errors);
        if let Some(new) = &password {
            if !current.is_empty() && new.expose() == current {
                errors
                    .0
                    .push(FieldError::new("password", "password-unchanged"));
            }
        }
        let value = match password {
            Some(password) if errors.0.is_empty() => Some(Self { current, password }),
            _ => None,
        };
        errors.finish(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn codes(errors: &[FieldError]) -> Vec<(&str, &str)> {
        errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect()
    }

    #[test]
    fn codes_are_six_digits_with_spaces_forgiven() {
        assert_eq!(
            code(&answers(&[("code", " 042 517 ")])),
            Ok("042517".into())
        );
        assert_eq!(code(&answers(&[("code", "")])), Err("code-empty"));
        assert_eq!(code(&answers(&[("code", "42517")])), Err("code-format"));
        assert_eq!(code(&answers(&[("code", "04251a")])), Err("code-format"));
        assert_eq!(
            code(&answers(&[("code", "０４２５１７")])),
            Err("code-format")
        );
    }

    #[test]
    fn a_reset_needs_a_mobile_a_code_and_a_good_new_password_twice() {
        let ok = ResetConfirm::parse(&answers(&[
            ("mobile", "13800138000"),
            ("code", "042517"),
            ("password", "Harbour-Lantern-71"),
            ("password_confirm", "Harbour-Lantern-71"),
        ]))
        .expect("valid");
        assert_eq!(ok.mobile.as_str(), "13800138000");
        let refused = ResetConfirm::parse(&answers(&[
            ("mobile", "1380013800"),
            ("code", "0425"),
            ("password", "x13800138000yz-Long"),
            ("password_confirm", "other"),
        ]))
        .expect_err("invalid");
        let found = codes(&refused);
        assert!(found.iter().any(|(f, _)| *f == "mobile"), "{found:?}");
        assert!(found.contains(&("code", "code-format")), "{found:?}");
    }

    #[test]
    fn a_change_needs_the_current_password_and_a_different_new_one() {
        let same = PasswordChange::parse(
            &answers(&[
                ("current_password", "Harbour-Lantern-71"),
                ("password", "Harbour-Lantern-71"),
                ("password_confirm", "Harbour-Lantern-71"),
            ]),
            &[],
        )
        .expect_err("unchanged");
        assert_eq!(codes(&same), vec![("password", "password-unchanged")]);
        let missing = PasswordChange::parse(
            &answers(&[
                ("password", "Harbour-Lantern-71"),
                ("password_confirm", "Harbour-Lantern-72"),
            ]),
            &[],
        )
        .expect_err("missing");
        assert_eq!(
            codes(&missing),
            vec![
                ("current_password", "login-password-empty"),
                ("password_confirm", "password-mismatch")
            ]
        );
        assert!(PasswordChange::parse(
            &answers(&[
                ("current_password", "Old-Password-2026"),
                ("password", "Harbour-Lantern-71"),
                ("password_confirm", "Harbour-Lantern-71"),
            ]),
            &[],
        )
        .is_ok());
    }
}
