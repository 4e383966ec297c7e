//! Configuration from the environment, optionally preceded by a file of `KEY=VALUE` lines
//! named by `PORTAL_CONFIG` (the environment wins over the file).
use anyhow::{bail, Context};
use app::core::throttle::ThrottlePolicy;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;

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
    /// Where cargo-leptos put the compiled site (`pkg/`, CSS, public assets).
    pub site_root: String,
    pub csrf_key: Vec<u8>,
    pub secure_cookies: bool,
    pub body_limit_bytes: usize,
    pub session_idle_minutes: i64,
    pub throttle: ThrottlePolicy,
}

impl std::fmt::Debug for Settings {
    // The key is a secret: never print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("addr", &self.addr)
            .field("site_root", &self.site_root)
            .field("secure_cookies", &self.secure_cookies)
            .field("body_limit_bytes", &self.body_limit_bytes)
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
                    .unwrap_or_else(crate::embedded_pg::default_base_dir),
                database: get("PORTAL_DATABASE").unwrap_or_else(|| "portal".into()),
            },
        };
        let site_root = get("PORTAL_SITE_ROOT")
            .or_else(|| get("LEPTOS_SITE_ROOT"))
            .unwrap_or_else(|| "target/site".into());
        let csrf_key = match get("PORTAL_SECRET") {
            Some(hex_key) => {
                let key = hex::decode(&hex_key).context("PORTAL_SECRET must be hex")?;
                if key.len() < 32 {
                    bail!("PORTAL_SECRET must be at least 32 bytes (64 hex characters)");
                }
                key
            }
            None => {
                tracing::warn!("PORTAL_SECRET is not set: using a random key; open forms will expire at restart");
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
        Ok(Self {
            addr,
            database,
            site_root,
            csrf_key,
            secure_cookies: matches!(
                get("PORTAL_SECURE_COOKIES").as_deref(),
                Some("1" | "true" | "yes")
            ),
            body_limit_bytes: usize::try_from(number("PORTAL_BODY_LIMIT_BYTES", 1024 * 1024)?)
                .context("body limit")?,
            session_idle_minutes: number("PORTAL_SESSION_IDLE_MINUTES", 30)?,
            throttle,
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
