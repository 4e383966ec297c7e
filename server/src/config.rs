//! Configuration from the environment, optionally preceded by a file of `KEY=VALUE` lines
//! named by `PORTAL_CONFIG` (the environment wins over the file).
use crate::notifications::{MailSettings, DEFAULT_FROM, DEFAULT_MAX_ATTEMPTS};
use anyhow::{bail, Context};
use app::core::throttle::{RegistrationPolicy, ThrottlePolicy};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Connections the portal's pool holds by default (`DATABASE_POOL_SIZE`; the order benchmark's
/// default too). PostgreSQL does the most with a few busy connections per core: on the 2-core
/// reference machine 16 placed more orders than 12 (too few to keep both cores busy while
/// answers travel) or 20 (orders queue inside the database, where a backend holding a row lock
/// can be descheduled, instead of in the pool's fair queue). A bigger server takes more.
pub const POOL_CONNECTIONS: u32 = 16;

#[derive(Clone, Debug)]
pub enum DatabaseSettings {
    /// `DATABASE_URL` is set: use that server.
    Url(String),
    /// No `DATABASE_URL`: a private cluster under this directory (see `embedded_pg`).
    Embedded { base_dir: PathBuf, database: String },
}

#[derive(Clone)]
pub struct Settings {
    pub addr: SocketAddr,
    pub database: DatabaseSettings,
    /// `DATABASE_POOL_SIZE`: connections the portal's pool holds (see [`POOL_CONNECTIONS`]).
    pub pool_connections: u32,
    /// Where cargo-leptos put the compiled site (`pkg/`, CSS, public assets).
    pub site_root: String,
    /// The build's asset hashes (`cargo leptos build` with `hash-files` writes `hash.txt`
    /// beside the binary): `PORTAL_HASH_FILE`, else that file when it exists. `None`: the
    /// assets keep their plain names.
    pub hash_file: Option<PathBuf>,
    pub csrf_key: Vec<u8>,
    /// PORTAL_SECRET was given: `serve` refuses to start without it (a random key per start
    /// breaks open forms at every restart, and instances would refuse each other's).
    pub secret_configured: bool,
    /// Cookies only over HTTPS: on by default when the site URL is https.
    pub secure_cookies: bool,
    /// Send Strict-Transport-Security: when the site URL is https.
    pub hsts: bool,
    pub body_limit_bytes: usize,
    pub session_idle_minutes: i64,
    /// How stale a session's last write may get before a request writes it again (a sixth of
    /// the idle time: a session expires between 25 and 30 idle minutes by default).
    pub session_touch_after: std::time::Duration,
    pub throttle: ThrottlePolicy,
    pub registration: RegistrationPolicy,
    /// Concurrent password hashes for requests (default: one per core), and how long a request
    /// waits for one before it is answered "busy".
    pub hashing_permits: Option<usize>,
    pub hashing_wait: std::time::Duration,
    /// `PORTAL_CLIENT_IP_HEADER`: set only behind a reverse proxy that sets this header (e.g.
    /// `x-real-ip`, or `x-forwarded-for`, whose last entry is then used). Off by default.
    pub client_ip_header: Option<String>,
    /// E-mail notifications (SMTP server, sender, link base, retries).
    pub mail: MailSettings,
    /// Text messages (one-time codes) through an SMS gateway: `PORTAL_SMS_URL`,
    /// `PORTAL_SMS_TOKEN`, `PORTAL_SMS_MAX_ATTEMPTS`.
    pub sms: crate::notifications::sms::SmsSettings,
    /// Uploaded files: an `s3://bucket/prefix` URL, or (unset) this local directory.
    pub files_url: Option<String>,
    pub files_dir: PathBuf,
    /// The largest application form post (answers and all its files together).
    pub upload_limit_bytes: usize,
    /// Deliveries to department systems (retries, dead letters, breaker); `PORTAL_DELIVERY_*`.
    pub delivery: crate::routing::DeliverySettings,
    /// A running case with at most this many working days left is "near its deadline".
    pub near_deadline_working_days: u32,
    /// How long a request body may take to arrive and an answer to be ready.
    pub deadlines: crate::web::deadlines::Deadlines,
    /// `PORTAL_AUDIT_CHECKPOINT`: a file outside the database where `verify-audit` keeps the
    /// chain's head, to find rows cut from its end.
    pub audit_checkpoint: Option<PathBuf>,
    /// `PORTAL_SECRET_PREVIOUS`: secrets this one replaced (hex, comma-separated): keys sealed
    /// under them still open, and are sealed again under the current one at start.
    pub previous_secrets: Vec<Vec<u8>>,
    /// `/metrics`: `PORTAL_METRICS_ALLOW` (addresses) and `PORTAL_METRICS_TOKEN`.
    pub metrics: crate::metrics::MetricsSettings,
}

impl std::fmt::Debug for Settings {
    // The key is a secret: never print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("addr", &self.addr)
            .field("site_root", &self.site_root)
            .field("secure_cookies", &self.secure_cookies)
            .field("body_limit_bytes", &self.body_limit_bytes)
            .field("mail", &self.mail)
            .field("sms", &self.sms)
            .finish_non_exhaustive()
    }
}

impl Settings {
    pub fn from_env() -> anyhow::Result<Self> {
        let mut values: HashMap<String, String> = HashMap::new();
        if let Ok(path) = std::env::var("PORTAL_CONFIG") {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading config file {path}"))?;
            values.extend(parse_config_file(&text));
        }
        values.extend(std::env::vars());
        Self::from_values(&values)
    }

    pub fn from_values(values: &HashMap<String, String>) -> anyhow::Result<Self> {
        let get = |key: &str| {
            values
                .get(key)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let addr = get("PORTAL_ADDR")
            .unwrap_or_else(|| "127.0.0.1:3000".into())
            .parse()
            .context("PORTAL_ADDR must be host:port")?;
        let database = match get("DATABASE_URL") {
            Some(url) => DatabaseSettings::Url(url),
            None => DatabaseSettings::Embedded {
                base_dir: get("PORTAL_DATA_DIR")
                    .map(PathBuf::from)
                    .unwrap_or_else(embedded_pg::default_base_dir),
                database: get("PORTAL_DATABASE").unwrap_or_else(|| "portal".into()),
            },
        };
        let site_root = get("PORTAL_SITE_ROOT")
            .or_else(|| get("LEPTOS_SITE_ROOT"))
            .unwrap_or_else(|| "target/site".into());
        let hash_file = get("PORTAL_HASH_FILE").map(PathBuf::from).or_else(|| {
            let beside_binary = std::env::current_exe().ok()?.parent()?.join("hash.txt");
            beside_binary.is_file().then_some(beside_binary)
        });
        let secret_configured = get("PORTAL_SECRET").is_some();
        let csrf_key = match get("PORTAL_SECRET") {
            Some(hex_key) => {
                let key = hex::decode(&hex_key).context("PORTAL_SECRET must be hex")?;
                if key.len() < 32 {
                    bail!("PORTAL_SECRET must be at least 32 bytes (64 hex characters)");
                }
                key
            }
            None => {
                tracing::warn!(
                    "PORTAL_SECRET is not set: using a random key; open forms will expire at restart"
                );
                rand::random::<[u8; 32]>().to_vec()
            }
        };
        let number = |key: &str, default: i64| -> anyhow::Result<i64> {
            get(key)
                .map(|v| {
                    v.parse::<i64>()
                        .with_context(|| format!("{key} must be a number"))
                })
                .unwrap_or(Ok(default))
        };
        let throttle = ThrottlePolicy {
            window_minutes: i32::try_from(number("PORTAL_LOGIN_WINDOW_MINUTES", 15)?)
                .context("window")?,
            max_per_account: number("PORTAL_LOGIN_MAX_PER_ACCOUNT", 5)?,
            max_per_address: number("PORTAL_LOGIN_MAX_PER_ADDRESS", 30)?,
        };
        let registration = RegistrationPolicy {
            window_minutes: i32::try_from(number("PORTAL_REGISTER_WINDOW_MINUTES", 60)?)
                .context("PORTAL_REGISTER_WINDOW_MINUTES")?,
            max_per_address: number("PORTAL_REGISTER_MAX_PER_ADDRESS", 20)?,
        };
        let hashing_permits = get("PORTAL_HASHING_PERMITS")
            .map(|v| v.parse::<usize>())
            .transpose()
            .context("PORTAL_HASHING_PERMITS must be a number")?;
        let hashing_wait = std::time::Duration::from_millis(
            u64::try_from(number("PORTAL_HASHING_WAIT_MS", 5000)?)
                .context("PORTAL_HASHING_WAIT_MS must not be negative")?,
        );
        let client_ip_header = get("PORTAL_CLIENT_IP_HEADER").map(|h| h.to_ascii_lowercase());
        if let Some(header) = &client_ip_header {
            http::HeaderName::try_from(header.as_str())
                .context("PORTAL_CLIENT_IP_HEADER must be a header name")?;
        }
        let mail = MailSettings {
            smtp_url: get("PORTAL_SMTP_URL"),
            from: get("PORTAL_MAIL_FROM").unwrap_or_else(|| DEFAULT_FROM.into()),
            site_url: get("PORTAL_SITE_URL").unwrap_or_else(|| format!("http://{addr}")),
            max_attempts: u32::try_from(number(
                "PORTAL_MAIL_MAX_ATTEMPTS",
                i64::from(DEFAULT_MAX_ATTEMPTS),
            )?)
            .context("PORTAL_MAIL_MAX_ATTEMPTS must be a positive number")?,
        };
        mail.validate()
            .context("mail settings (PORTAL_SMTP_URL, PORTAL_MAIL_FROM, PORTAL_SITE_URL, PORTAL_MAIL_MAX_ATTEMPTS)")?;
        let sms = crate::notifications::sms::SmsSettings {
            url: get("PORTAL_SMS_URL"),
            token: get("PORTAL_SMS_TOKEN").unwrap_or_default(),
            max_attempts: u32::try_from(number("PORTAL_SMS_MAX_ATTEMPTS", 5)?)
                .context("PORTAL_SMS_MAX_ATTEMPTS must be a positive number")?,
        };
        sms.validate()
            .context("SMS settings (PORTAL_SMS_URL, PORTAL_SMS_TOKEN, PORTAL_SMS_MAX_ATTEMPTS)")?;
        let files_dir = get("PORTAL_FILES_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                get("PORTAL_DATA_DIR")
                    .map(PathBuf::from)
                    .unwrap_or_else(embedded_pg::default_base_dir)
                    .join("files")
            });
        let seconds = |key: &str, default: u64| -> anyhow::Result<std::time::Duration> {
            let value = number(key, i64::try_from(default).unwrap_or(i64::MAX))?;
            let value =
                u64::try_from(value).with_context(|| format!("{key} must not be negative"))?;
            Ok(std::time::Duration::from_secs(value))
        };
        let defaults = crate::routing::DeliverySettings::default();
        let delivery = crate::routing::DeliverySettings {
            max_age: seconds("PORTAL_DELIVERY_MAX_AGE_SECS", defaults.max_age.as_secs())?,
            backoff_base: std::time::Duration::from_millis(
                u64::try_from(number("PORTAL_DELIVERY_BACKOFF_BASE_MS", 2000)?)
                    .context("PORTAL_DELIVERY_BACKOFF_BASE_MS must not be negative")?,
            ),
            backoff_cap: seconds(
                "PORTAL_DELIVERY_BACKOFF_CAP_SECS",
                defaults.backoff_cap.as_secs(),
            )?,
            breaker_failures: u32::try_from(number("PORTAL_DELIVERY_BREAKER_FAILURES", 5)?)
                .ok()
                .filter(|n| *n > 0)
                .context("PORTAL_DELIVERY_BREAKER_FAILURES must be a positive number")?,
            breaker_cooldown: seconds(
                "PORTAL_DELIVERY_BREAKER_COOLDOWN_SECS",
                defaults.breaker_cooldown.as_secs(),
            )?,
            attachment_ttl: seconds(
                "PORTAL_ATTACHMENT_URL_TTL_SECS",
                defaults.attachment_ttl.as_secs(),
            )?,
            poll_interval: defaults.poll_interval,
            workers: u32::try_from(number("PORTAL_DELIVERY_WORKERS", 4)?)
                .context("PORTAL_DELIVERY_WORKERS must not be negative")?,
        };
        let near_deadline_working_days = u32::try_from(number(
            "PORTAL_NEAR_DEADLINE_DAYS",
            i64::from(app::core::cases::calendar::NEAR_DEADLINE_WORKING_DAYS),
        )?)
        .ok()
        .filter(|days| *days <= 60)
        .context("PORTAL_NEAR_DEADLINE_DAYS must be between 0 and 60")?;
        let https = mail.site_url.starts_with("https://");
        let seconds =
            |key: &str, default: std::time::Duration| -> anyhow::Result<std::time::Duration> {
                let secs = number(key, i64::try_from(default.as_secs()).unwrap_or(60))?;
                u64::try_from(secs)
                    .ok()
                    .filter(|s| (1..=3600).contains(s))
                    .map(std::time::Duration::from_secs)
                    .with_context(|| format!("{key} must be between 1 and 3600 seconds"))
            };
        let session_idle_minutes = number("PORTAL_SESSION_IDLE_MINUTES", 30)?;
        anyhow::ensure!(
            (1..=24 * 60).contains(&session_idle_minutes),
            "PORTAL_SESSION_IDLE_MINUTES must be between 1 and 1440"
        );
        let usual = crate::web::deadlines::Deadlines::default();
        let deadlines = crate::web::deadlines::Deadlines {
            form_body: seconds("PORTAL_BODY_TIMEOUT_SECS", usual.form_body)?,
            upload_body: seconds("PORTAL_UPLOAD_TIMEOUT_SECS", usual.upload_body)?,
            body_idle: seconds("PORTAL_BODY_IDLE_SECS", usual.body_idle)?,
            answer: seconds("PORTAL_REQUEST_TIMEOUT_SECS", usual.answer)?,
        };
        let previous_secrets = get("PORTAL_SECRET_PREVIOUS")
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| hex::decode(s).context("PORTAL_SECRET_PREVIOUS must be hex, comma-separated"))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let metrics = crate::metrics::MetricsSettings::parse(
            get("PORTAL_METRICS_ALLOW").as_deref(),
            get("PORTAL_METRICS_TOKEN"),
        )?;
        Ok(Self {
            metrics,
            previous_secrets,
            audit_checkpoint: get("PORTAL_AUDIT_CHECKPOINT").map(PathBuf::from),
            deadlines,
            near_deadline_working_days,
            delivery,
            files_url: get("PORTAL_FILES_URL"),
            files_dir,
            upload_limit_bytes: usize::try_from(number(
                "PORTAL_UPLOAD_LIMIT_BYTES",
                64 * 1024 * 1024,
            )?)
            .context("PORTAL_UPLOAD_LIMIT_BYTES must be a positive number")?,
            addr,
            database,
            pool_connections: u32::try_from(number(
                "DATABASE_POOL_SIZE",
                i64::from(POOL_CONNECTIONS),
            )?)
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .context("DATABASE_POOL_SIZE must be a number from 1 to 1000")?,
            site_root,
            hash_file,
            csrf_key,
            secret_configured,
            secure_cookies: match get("PORTAL_SECURE_COOKIES").as_deref() {
                Some("1" | "true" | "yes") => true,
                Some("0" | "false" | "no") => false,
                _ => https,
            },
            hsts: https,
            body_limit_bytes: usize::try_from(number("PORTAL_BODY_LIMIT_BYTES", 1024 * 1024)?)
                .context("body limit")?,
            session_idle_minutes,
            session_touch_after: std::time::Duration::from_secs(
                u64::try_from(session_idle_minutes * 10).unwrap_or(300),
            ),
            throttle,
            registration,
            hashing_permits,
            hashing_wait,
            client_ip_header,
            mail,
            sms,
        })
    }
}

fn parse_config_file(text: &str) -> impl Iterator<Item = (String, String)> + '_ {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| line.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().trim_matches('"').to_string()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn defaults_to_embedded_database_and_rejects_short_secrets() {
        let settings = Settings::from_values(&HashMap::new()).expect("defaults");
        assert!(matches!(
            settings.database,
            DatabaseSettings::Embedded { .. }
        ));
        assert_eq!(settings.addr.port(), 3000);
        let mut values = HashMap::new();
        values.insert("PORTAL_SECRET".to_string(), "abcd".to_string());
        assert!(Settings::from_values(&values).is_err());
    }

    #[test]
    fn the_pool_size_is_sixteen_unless_told_and_must_be_a_sensible_number() {
        let size = |value: &str| {
            let values = HashMap::from([("DATABASE_POOL_SIZE".to_string(), value.to_string())]);
            Settings::from_values(&values).map(|s| s.pool_connections)
        };
        let defaults = Settings::from_values(&HashMap::new()).expect("defaults");
        assert_eq!(defaults.pool_connections, 16);
        assert_eq!(size("40").expect("40"), 40);
        for wrong in ["0", "-3", "1001", "many"] {
            assert!(size(wrong).is_err(), "{wrong} accepted");
        }
    }

    #[test]
    fn an_https_site_gets_secure_cookies_and_hsts_unless_told_otherwise() {
        let plain = Settings::from_values(&HashMap::new()).expect("defaults");
        assert!(!plain.secure_cookies && !plain.hsts && !plain.secret_configured);
        let mut values: HashMap<String, String> = HashMap::new();
        values.insert(
            "PORTAL_SITE_URL".into(),
            "https://portal.example.gov.cn".into(),
        );
        values.insert("PORTAL_SECRET".into(), "ab".repeat(32));
        let https = Settings::from_values(&values).expect("https");
        assert!(https.secure_cookies && https.hsts && https.secret_configured);
        values.insert("PORTAL_SECURE_COOKIES".into(), "false".into());
        assert!(
            !Settings::from_values(&values)
                .expect("override")
                .secure_cookies
        );
    }

    #[test]
    fn delivery_settings_have_defaults_and_refuse_nonsense() {
        let settings = Settings::from_values(&HashMap::new()).expect("defaults");
        assert_eq!(
            settings.delivery,
            crate::routing::DeliverySettings::default()
        );
        let values: HashMap<String, String> = [
            ("PORTAL_DELIVERY_MAX_AGE_SECS", "3600"),
            ("PORTAL_DELIVERY_BACKOFF_BASE_MS", "500"),
            ("PORTAL_DELIVERY_WORKERS", "0"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let settings = Settings::from_values(&values).expect("valid");
        assert_eq!(settings.delivery.max_age.as_secs(), 3600);
        assert_eq!(settings.delivery.backoff_base.as_millis(), 500);
        assert_eq!(settings.delivery.workers, 0);
        for (key, bad) in [
            ("PORTAL_DELIVERY_MAX_AGE_SECS", "-1"),
            ("PORTAL_DELIVERY_BREAKER_FAILURES", "0"),
            ("PORTAL_DELIVERY_WORKERS", "many"),
        ] {
            let values = HashMap::from([(key.to_string(), bad.to_string())]);
            assert!(Settings::from_values(&values).is_err(), "{key}={bad}");
        }
    }

    #[test]
    fn mail_settings_default_to_disabled_and_bad_smtp_urls_are_refused() {
        let settings = Settings::from_values(&HashMap::new()).expect("defaults");
        assert_eq!(settings.mail.smtp_url, None);
        assert_eq!(settings.mail.site_url, "http://127.0.0.1:3000");
        assert_eq!(settings.mail.max_attempts, 8);
        let values: HashMap<String, String> = [
            ("PORTAL_SMTP_URL", "smtp://127.0.0.1:2525"),
            ("PORTAL_MAIL_FROM", "Portal <noreply@portal.example>"),
            ("PORTAL_SITE_URL", "https://portal.example/"),
            ("PORTAL_MAIL_MAX_ATTEMPTS", "3"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let settings = Settings::from_values(&values).expect("mail settings");
        assert_eq!(
            settings.mail.smtp_url.as_deref(),
            Some("smtp://127.0.0.1:2525")
        );
        assert_eq!(settings.mail.max_attempts, 3);
        for (key, bad) in [
            ("PORTAL_SMTP_URL", "smtp//user:hunter2@mail.example"),
            ("PORTAL_SMTP_URL", "imap://user:hunter2@mail.example"),
            ("PORTAL_MAIL_FROM", "nobody"),
            ("PORTAL_MAIL_MAX_ATTEMPTS", "0"),
            ("PORTAL_MAIL_MAX_ATTEMPTS", "-1"),
        ] {
            let mut values = values.clone();
            values.insert(key.to_string(), bad.to_string());
            let error = format!("{:#}", Settings::from_values(&values).expect_err(bad));
            assert!(error.contains(key), "{error}");
            assert!(!error.contains("hunter2"), "{error}");
        }
    }

    #[test]
    fn the_proxy_header_is_off_by_default_and_hashing_is_bounded() {
        let settings = Settings::from_values(&HashMap::new()).expect("defaults");
        assert_eq!(settings.client_ip_header, None);
        assert_eq!(settings.hashing_permits, None);
        assert_eq!(settings.registration.max_per_address, 20);
        let values: HashMap<String, String> = [
            ("PORTAL_CLIENT_IP_HEADER", "X-Real-IP"),
            ("PORTAL_HASHING_PERMITS", "2"),
            ("PORTAL_HASHING_WAIT_MS", "250"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let settings = Settings::from_values(&values).expect("valid");
        assert_eq!(settings.client_ip_header.as_deref(), Some("x-real-ip"));
        assert_eq!(settings.hashing_permits, Some(2));
        assert_eq!(settings.hashing_wait.as_millis(), 250);
        for (key, bad) in [
            ("PORTAL_CLIENT_IP_HEADER", "not a header"),
            ("PORTAL_HASHING_PERMITS", "-1"),
            ("PORTAL_HASHING_WAIT_MS", "-5"),
        ] {
            let values = HashMap::from([(key.to_string(), bad.to_string())]);
            assert!(Settings::from_values(&values).is_err(), "{key}={bad}");
        }
    }

    #[test]
    fn config_file_lines() {
        let parsed: Vec<_> =
            parse_config_file("# c\nPORTAL_ADDR = 0.0.0.0:80\n\nX=\"y\"\n").collect();
        assert_eq!(
            parsed,
            vec![
                ("PORTAL_ADDR".into(), "0.0.0.0:80".into()),
                ("X".into(), "y".into())
            ]
        );
    }
}
