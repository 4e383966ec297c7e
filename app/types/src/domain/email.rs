//! A contact e-mail address on the account, for notification mails.
//!
//! A plain, deliberately simple check (no attempt at the full RFC 5322 grammar): one `@`, a
//! local part of the usual ASCII characters with dots only between them, and a dotted domain
//! of ASCII letters, digits and hyphens whose last label is not all digits. ASCII only, so
//! every accepted address can be handed to an ordinary SMTP server. Surrounding whitespace
//! is trimmed and the domain is lower-cased (the local part keeps its case: it may matter).
use crate::domain::forms::FieldError;
use std::collections::BTreeMap;
use std::fmt;

/// The longest address SMTP can carry (RFC 5321 path limit); also the database's limit.
pub const MAX_CHARS: usize = 254;
const MAX_LOCAL_CHARS: usize = 64;
const MAX_LABEL_CHARS: usize = 63;

/// The form field and the form's echo key on the account page.
pub const FIELD: &str = "email";
pub const FORM: &str = "email";

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EmailError {
    TooLong,
    Invalid,
}

impl EmailError {
    pub const ALL: [EmailError; 2] = [EmailError::TooLong, EmailError::Invalid];

    /// Stable Fluent message id.
    pub fn code(self) -> &'static str {
        match self {
            EmailError::TooLong => "email-too-long",
            EmailError::Invalid => "email-invalid",
        }
    }
}

impl fmt::Display for EmailError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EmailError::TooLong => "the e-mail address is too long",
            EmailError::Invalid => "not a valid e-mail address",
        })
    }
}

impl std::error::Error for EmailError {}

/// Characters allowed in the local part besides letters and digits (RFC 5322 `atext`).
const LOCAL_SPECIALS: &str = "!#$%&'*+/=?^_`{|}~-";

fn local_ok(local: &str) -> bool {
    !local.is_empty()
        && local.len() <= MAX_LOCAL_CHARS
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || LOCAL_SPECIALS.contains(c))
}

fn domain_ok(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let top_level_ok = labels
        .last()
        .is_some_and(|tld| !tld.chars().all(|c| c.is_ascii_digit()));
    labels.len() >= 2
        && top_level_ok
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= MAX_LABEL_CHARS
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

impl EmailAddress {
    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let input = input.trim();
        if input.chars().count() > MAX_CHARS {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = input.split_once('@').ok_or(EmailError::Invalid)?;
        if local_ok(local) && domain_ok(domain) {
            Ok(Self(format!("{local}@{}", domain.to_ascii_lowercase())))
        } else {
            Err(EmailError::Invalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Personal data: logs show only the domain.
impl fmt::Debug for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let domain = self.0.split_once('@').map(|(_, d)| d).unwrap_or_default();
        write!(f, "EmailAddress(***@{domain})")
    }
}

/// The account page's e-mail form: `Ok(None)` when the field is blank (the address is
/// removed), else the address or the field's error.
pub fn parse_contact_form(
    answers: &BTreeMap<String, String>,
) -> Result<Option<EmailAddress>, Vec<FieldError>> {
    let value = answers.get(FIELD).map(|v| v.trim()).unwrap_or("");
    if value.is_empty() {
        return Ok(None);
    }
    EmailAddress::parse(value)
        .map(Some)
        .map_err(|e| vec![FieldError::new(FIELD, e.code())])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_addresses_are_accepted_and_the_domain_lower_cased() {
        for (input, stored) in [
            ("zhangsan@example.com", "zhangsan@example.com"),
            (" Zhang.San@Example.COM ", "Zhang.San@example.com"),
            ("a+tag@mail.fz.gov.cn", "a+tag@mail.fz.gov.cn"),
            (
                "o'brien_1@sub-domain.example.org",
                "o'brien_1@sub-domain.example.org",
            ),
            ("12345@qq.com", "12345@qq.com"),
        ] {
            assert_eq!(
                EmailAddress::parse(input).map(|e| e.into_inner()),
                Ok(stored.to_string()),
                "{input}"
            );
        }
        let longest_local = format!("{}@example.com", "a".repeat(64));
        assert!(EmailAddress::parse(&longest_local).is_ok());
    }

    #[test]
    fn malformed_addresses_are_refused() {
        let long_local = format!("{}@example.com", "a".repeat(65));
        let long_label = format!("a@{}.com", "b".repeat(64));
        for bad in [
            "",
            "zhangsan",
            "a@b",
            "a b@c.com",
            "a@@b.com",
            "a@b@c.com",
            "@b.com",
            "a@",
            "a@b..com",
            ".a@b.com",
            "a.@b.com",
            "a..b@c.com",
            "a@-b.com",
            "a@b-.com",
            "a@b.com.",
            "a@.com",
            "a@b,c.com",
            "a<b>@c.com",
            "\"a\"@c.com",
            "a@[127.0.0.1]",
            "a@1.2.3.4",
            "张三@example.com",
            "a@例子.中国",
            "a@b.com\r\nBcc: x@y.com",
            "a\u{0}@b.com",
            &long_local,
            &long_label,
        ] {
            assert_eq!(
                EmailAddress::parse(bad),
                Err(EmailError::Invalid),
                "{bad:?}"
            );
        }
        let too_long = format!("a@{}.com", "b".repeat(250));
        assert_eq!(EmailAddress::parse(&too_long), Err(EmailError::TooLong));
    }

    #[test]
    fn every_accepted_address_fits_the_database_check() {
        // accounts.email: length ≤ 254 and '^[^@\s]+@[^@\s]+\.[^@\s]+$'
        let longest = format!(
            "{}@{}.{}.{}.com",
            "a".repeat(64),
            "b".repeat(63),
            "c".repeat(63),
            "d".repeat(57)
        );
        let parsed = EmailAddress::parse(&longest).map(|e| e.into_inner());
        assert_eq!(parsed.as_ref().map(String::len), Ok(254));
        for address in ["x@y.cn", "a.b-c+d@e-f.g.hk"] {
            let stored = EmailAddress::parse(address).map(|e| e.into_inner());
            let Ok(stored) = stored else {
                panic!("{address} refused")
            };
            let (local, domain) = stored.split_once('@').unwrap_or_default();
            assert!(!local.is_empty() && !domain.contains('@'));
            assert!(domain
                .split_once('.')
                .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty()));
            assert!(!stored.chars().any(char::is_whitespace));
        }
    }

    #[test]
    fn the_form_treats_a_blank_field_as_removal() {
        let answers = |v: &str| BTreeMap::from([(FIELD.to_string(), v.to_string())]);
        assert_eq!(parse_contact_form(&answers("  ")), Ok(None));
        assert_eq!(parse_contact_form(&BTreeMap::new()), Ok(None));
        assert_eq!(
            parse_contact_form(&answers("Li@Example.com")).map(|e| e.map(EmailAddress::into_inner)),
            Ok(Some("Li@example.com".to_string()))
        );
        assert_eq!(
            parse_contact_form(&answers("not-an-address")),
            Err(vec![FieldError::new(FIELD, "email-invalid")])
        );
    }

    #[test]
    fn debug_output_hides_the_local_part() {
        let Ok(address) = EmailAddress::parse("zhangsan@example.com") else {
            panic!("valid")
        };
        let debug = format!("{address:?}");
        assert!(!debug.contains("zhangsan"), "{debug}");
        assert!(debug.contains("example.com"));
    }
}
