//! E-mail notifications. The core writes rows to `email_outbox` in the same transaction as each
//! case state change; the mail worker ([`mail_worker`]) sends them over SMTP, with retries, and
//! marks them sent — at least once, never twice for one successful SMTP transaction unless the
//! database fails between the SMTP answer and the commit. Text messages (one-time codes) go
//! the same way through `sms_outbox` to an SMS gateway ([`sms`]).
pub mod email;
pub mod mail_worker;
pub mod sms;

pub use mail_worker::{run_mail_worker, try_send_next, Mailer, SendOutcome, OUTBOX_CHANNEL};

/// Mail configuration (see `config.rs` for the environment variables).
#[derive(Clone, PartialEq, Eq)]
pub struct MailSettings {
    /// `smtp://host:port` (plain), `smtp://host:port?tls=required` (STARTTLS) or
    /// `smtps://user:password@host:port`; `None`: mail disabled, no worker started.
    pub smtp_url: Option<String>,
    /// The `From` mailbox, e.g. `一网通办 <noreply@portal.example.gov.cn>`.
    pub from: String,
    /// Base of the links in the mails, e.g. `https://portal.example.gov.cn`.
    pub site_url: String,
    /// Failed sends are retried with backoff; after this many attempts the mail is abandoned.
    pub max_attempts: u32,
}

impl MailSettings {
    /// Mail disabled (no SMTP server), with the defaults for everything else.
    pub fn disabled(site_url: impl Into<String>) -> Self {
        Self {
            smtp_url: None,
            from: DEFAULT_FROM.to_string(),
            site_url: site_url.into(),
            max_attempts: DEFAULT_MAX_ATTEMPTS,
        }
    }

    /// Checks every value (the SMTP URL, the sender, the site URL) without connecting.
    pub fn validate(&self) -> anyhow::Result<()> {
        Mailer::new(self).map(|_| ())
    }
}

pub const DEFAULT_FROM: &str = "一网通办 <noreply@localhost>";
pub const DEFAULT_MAX_ATTEMPTS: u32 = 8;

impl std::fmt::Debug for MailSettings {
    // The SMTP URL may carry a password: show it without.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailSettings")
            .field("smtp_url", &self.smtp_url.as_deref().map(redact_url))
            .field("from", &self.from)
            .field("site_url", &self.site_url)
            .field("max_attempts", &self.max_attempts)
            .finish()
    }
}

/// The URL with any `user:password@` replaced by `***@`, for logs and errors.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return "***".to_string();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rfind('@') {
        Some(at) => format!("{scheme}://***@{}{tail}", &authority[at + 1..]),
        None => url.to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn redacts_credentials() {
        assert_eq!(
            redact_url("smtps://user:s3cr%40t@mail.example:465"),
            "smtps://***@mail.example:465"
        );
        assert_eq!(
            redact_url("smtp://127.0.0.1:2525?tls=required"),
            "smtp://127.0.0.1:2525?tls=required"
        );
        assert_eq!(redact_url("nonsense"), "***");
        let settings = MailSettings {
            smtp_url: Some("smtp://u:hunter2@h:25".into()),
            ..MailSettings::disabled("http://x")
        };
        assert!(!format!("{settings:?}").contains("hunter2"));
    }

    #[test]
    fn validates_urls_and_sender() {
        let ok = MailSettings {
            smtp_url: Some("smtp://127.0.0.1:2525".into()),
            ..MailSettings::disabled("http://127.0.0.1:3000")
        };
        assert!(ok.validate().is_ok());
        assert!(MailSettings::disabled("http://127.0.0.1:3000")
            .validate()
            .is_ok());
        for bad in [
            "127.0.0.1:25",
            "http://mail.example",
            "smtp://",
            "smtp://h:25?tls=maybe",
        ] {
            let settings = MailSettings {
                smtp_url: Some(bad.into()),
                ..ok.clone()
            };
            assert!(settings.validate().is_err(), "{bad}");
        }
        let secret = MailSettings {
            smtp_url: Some("ftp://user:hunter2@h".into()),
            ..ok.clone()
        };
        let message = format!("{:#}", secret.validate().expect_err("bad scheme"));
        assert!(!message.contains("hunter2"), "{message}");
        let bad_from = MailSettings {
            from: "not an address".into(),
            ..ok.clone()
        };
        assert!(bad_from.validate().is_err());
        let bad_site = MailSettings {
            site_url: "portal.example".into(),
            ..ok.clone()
        };
        assert!(bad_site.validate().is_err());
        let zero = MailSettings {
            max_attempts: 0,
            ..ok
        };
        assert!(zero.validate().is_err());
    }
}
