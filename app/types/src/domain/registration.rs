//! Parsing of the account forms, shared by the server (authoritative) and the browser.
//! Each parser takes the raw answers and returns typed values or every field error at once.
use super::credit_code::CreditCode;
use super::mobile::MobileNumber;
use super::password::NewPassword;
use super::resident_id::ResidentId;
use super::roles::Role;
use crate::domain::forms::FieldError;
use std::collections::BTreeMap;

pub type Answers = BTreeMap<String, String>;

pub mod counter_form;
pub mod entity_check;
pub mod password_forms;

pub(crate) fn answer<'a>(answers: &'a Answers, field: &str) -> &'a str {
    answers.get(field).map(|v| v.trim()).unwrap_or("")
}

/// A person's or legal representative's name: 2–30 characters, letters (any script),
/// spaces and the middle dot used in transliterated names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let name = input.trim();
        let count = name.chars().count();
        if count == 0 {
            return Err("name-empty");
        }
        if !(2..=30).contains(&count) {
            return Err("name-length");
        }
        if !name
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '·' || c == '•')
        {
            return Err("name-invalid-character");
        }
        Ok(Self(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An enterprise's registered name: 2–100 characters, no control characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnterpriseName(String);

impl EnterpriseName {
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let name = input.trim();
        let count = name.chars().count();
        if count == 0 {
            return Err("enterprise-name-empty");
        }
        if !(2..=100).contains(&count) || name.chars().any(char::is_control) {
            return Err("enterprise-name-invalid");
        }
        Ok(Self(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Collects errors field by field so the user sees all of them at once.
#[derive(Default)]
pub(crate) struct Errors(pub(crate) Vec<FieldError>);

impl Errors {
    pub(crate) fn check<T>(&mut self, field: &str, result: Result<T, &'static str>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(code) => {
                self.0.push(FieldError::new(field, code));
                None
            }
        }
    }

    pub(crate) fn finish<T>(self, value: Option<T>) -> Result<T, Vec<FieldError>> {
        match value {
            Some(value) if self.0.is_empty() => Ok(value),
            _ => Err(self.0),
        }
    }
}

/// The identity and password of a new citizen account.
#[derive(Debug)]
pub struct CitizenRegistration {
    pub real_name: PersonName,
    pub id_number: ResidentId,
    pub mobile: MobileNumber,
    pub password: NewPassword,
}

impl CitizenRegistration {
    pub fn parse(answers: &Answers) -> Result<Self, Vec<FieldError>> {
        let mut errors = Errors::default();
        let real_name = errors.check("real_name", PersonName::parse(answer(answers, "real_name")));
        let id_number = errors.check(
            "id_number",
            ResidentId::parse(answer(answers, "id_number")).map_err(|e| e.code()),
        );
        let mobile = errors.check(
            "mobile",
            MobileNumber::parse(answer(answers, "mobile")).map_err(|e| e.code()),
        );
        let raw_password = answers.get("password").map(String::as_str).unwrap_or("");
        let personal: Vec<&str> = [answer(answers, "mobile"), answer(answers, "id_number")]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        let password = errors.check(
            "password",
            NewPassword::parse(raw_password, &personal).map_err(|e| e.code()),
        );
        if password.is_some()
            && answers.get("password_confirm").map(String::as_str) != Some(raw_password)
        {
            errors
                .0
                .push(FieldError::new("password_confirm", "password-mismatch"));
        }
        let value = match (real_name, id_number, mobile, password) {
            (Some(real_name), Some(id_number), Some(mobile), Some(password)) => Some(Self {
                real_name,
                id_number,
                mobile,
                password,
            }),
            _ => None,
        };
        errors.finish(value)
    }
}

/// A new citizen account as the registration form posts it: the account, and the code sent
/// to its mobile (which proves the mobile is the registrant's).
#[derive(Debug)]
pub struct CitizenRegistrationForm {
    pub registration: CitizenRegistration,
    pub code: String,
}

impl CitizenRegistrationForm {
    pub fn parse(answers: &Answers) -> Result<Self, Vec<FieldError>> {
        let code = password_forms::code(answers);
        match (CitizenRegistration::parse(answers), code) {
            (Ok(registration), Ok(code)) => Ok(Self { registration, code }),
            (Ok(_), Err(code_error)) => Err(vec![FieldError::new("code", code_error)]),
            (Err(mut errors), code) => {
                if let Err(code_error) = code {
                    // After the mobile, where the form puts the code.
                    let at = errors
                        .iter()
                        .position(|e| e.field == "mobile")
                        .map_or(0, |i| i + 1);
                    errors.insert(at, FieldError::new("code", code_error));
                }
                Err(errors)
            }
        }
    }
}

/// A new enterprise, registered by the signed-in citizen who becomes its admin agent.
#[derive(Debug)]
pub struct EnterpriseRegistration {
    pub name: EnterpriseName,
    pub credit_code: CreditCode,
    pub legal_rep: PersonName,
}

impl EnterpriseRegistration {
    pub fn parse(answers: &Answers) -> Result<Self, Vec<FieldError>> {
        let mut errors = Errors::default();
        let name = errors.check(
            "enterprise_name",
            EnterpriseName::parse(answer(answers, "enterprise_name")),
        );
        let credit_code = errors.check(
            "credit_code",
            CreditCode::parse(answer(answers, "credit_code")).map_err(|e| e.code()),
        );
        let legal_rep = errors.check("legal_rep", PersonName::parse(answer(answers, "legal_rep")));
        let value = match (name, credit_code, legal_rep) {
            (Some(name), Some(credit_code), Some(legal_rep)) => Some(Self {
                name,
                credit_code,
                legal_rep,
            }),
            _ => None,
        };
        errors.finish(value)
    }
}

/// A staff account created by the operator.
#[derive(Debug)]
pub struct StaffAccountForm {
    pub username: String,
    pub display_name: PersonName,
    pub role: Role,
    pub department_code: Option<String>,
    /// Set only by the command line and the demo; an account created on the operator's page
    /// gets a one-time enrolment link instead, with which its holder chooses the password.
    pub password: Option<NewPassword>,
}

impl StaffAccountForm {
    pub fn parse(answers: &Answers) -> Result<Self, Vec<FieldError>> {
        let mut errors = Errors::default();
        let username = answer(answers, "username").to_ascii_lowercase();
        let username_ok = username.len() >= 3
            && username.len() <= 32
            && username.starts_with(|c: char| c.is_ascii_lowercase())
            && username
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.-".contains(c));
        let username = errors.check(
            "username",
            if username_ok {
                Ok(username)
            } else {
                Err("username-invalid")
            },
        );
        let display_name = errors.check(
            "display_name",
            PersonName::parse(answer(answers, "display_name")),
        );
        let role = errors.check(
            "role",
            match Role::parse(answer(answers, "role")) {
                Some(role) if role.is_staff() => Ok(role),
                _ => Err("role-invalid"),
            },
        );
        let department = answer(answers, "department_code");
        let department_code = match role {
            Some(role) if role.needs_department() && department.is_empty() => {
                errors
                    .0
                    .push(FieldError::new("department_code", "department-required"));
                None
            }
            Some(role) if role.needs_department() => Some(department.to_string()),
            _ => None,
        };
        let password = match answers.get("password").map(String::as_str) {
            None | Some("") => Some(None),
            Some(given) => errors
                .check(
                    "password",
                    NewPassword::parse(given, &[]).map_err(|e| e.code()),
                )
                .map(Some),
        };
        let value = match (username, display_name, role, password) {
            (Some(username), Some(display_name), Some(role), Some(password)) => Some(Self {
                username,
                display_name,
                role,
                department_code,
                password,
            }),
            _ => None,
        };
        errors.finish(value)
    }
}

/// An enterprise admin invites an existing citizen as agent (经办人) by mobile and ID number;
/// both must belong to the same verified person.
#[derive(Debug)]
pub struct AgentInvitation {
    pub mobile: MobileNumber,
    pub id_number: ResidentId,
}

impl AgentInvitation {
    pub fn parse(answers: &Answers) -> Result<Self, Vec<FieldError>> {
        let mut errors = Errors::default();
        let mobile = errors.check(
            "mobile",
            MobileNumber::parse(answer(answers, "mobile")).map_err(|e| e.code()),
        );
        let id_number = errors.check(
            "id_number",
            ResidentId::parse(answer(answers, "id_number")).map_err(|e| e.code()),
        );
        let value = match (mobile, id_number) {
            (Some(mobile), Some(id_number)) => Some(Self { mobile, id_number }),
            _ => None,
        };
        errors.finish(value)
    }
}

/// Login only checks presence and length: the same refusal for unknown accounts and wrong passwords
/// comes from the server.
#[derive(Debug)]
pub struct LoginForm {
    pub account: String,
    pub password: String,
}

/// The longest account a login form accepts, in characters: above the longest username,
/// mobile number or ID number, and short enough to be stored when the attempt fails.
pub const LOGIN_ACCOUNT_MAX: usize = 64;
/// The longest password a login form accepts: no account can have a longer one, and a long
/// input would only make the hashing slower.
pub const LOGIN_PASSWORD_MAX: usize = super::password::MAX_LENGTH;

impl LoginForm {
    pub fn parse(answers: &Answers) -> Result<Self, Vec<FieldError>> {
        let mut errors = Errors::default();
        let account = answer(answers, "account").to_string();
        let password = answers.get("password").cloned().unwrap_or_default();
        if account.is_empty() {
            errors
                .0
                .push(FieldError::new("account", "login-account-empty"));
        } else if account.chars().count() > LOGIN_ACCOUNT_MAX {
            errors.0.push(
                FieldError::new("account", "login-account-too-long")
                    .with_arg("max", LOGIN_ACCOUNT_MAX),
            );
        }
        if password.is_empty() {
            errors
                .0
                .push(FieldError::new("password", "login-password-empty"));
        } else if password.chars().count() > LOGIN_PASSWORD_MAX {
            errors.0.push(
                FieldError::new("password", "login-password-too-long")
                    .with_arg("max", LOGIN_PASSWORD_MAX),
            );
        }
        errors.finish(Some(Self { account, password }))
    }
}

/// Validates one field of a form on its own, for the browser's as-you-type checks.
/// Returns the error key, if any. Cross-field checks stay with the full parsers.
pub fn check_field(field: &str, value: &str) -> Option<&'static str> {
    let value = value.trim();
    let result: Result<(), &'static str> = match field {
        "real_name" | "legal_rep" | "display_name" => PersonName::parse(value).map(|_| ()),
        "id_number" => ResidentId::parse(value).map(|_| ()).map_err(|e| e.code()),
        "mobile" => MobileNumber::parse(value).map(|_| ()).map_err(|e| e.code()),
        "credit_code" => CreditCode::parse(value).map(|_| ()).map_err(|e| e.code()),
        "enterprise_name" => EnterpriseName::parse(value).map(|_| ()),
        _ => Ok(()),
    };
    result.err()
}

#[cfg(test)]
mod tests;
