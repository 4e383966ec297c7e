//! Configuration of the reference vendor system: a JSON file named by `REFVENDOR_CONFIG`
//! (optional), then `REFVENDOR_*` environment variables, which win over the file.
use anyhow::{bail, Context};
use portal_protocol::signing::SigningKey;
use reference_department::Faults;
use serde::Deserialize;
use std::collections::HashMap;
use std::net::SocketAddr;
use uuid::Uuid;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default = "default_addr")]
    pub addr: SocketAddr,
    /// Its own database; unset → a private embedded cluster under `data_dir` (like the portal's).
    #[serde(default)]
    pub database_url: Option<String>,
    /// Directory of the embedded cluster; unset → `refvendor-pg` next to the portal's.
    #[serde(default)]
    pub data_dir: Option<std::path::PathBuf>,
    /// Its own base URL, for the tool links it reports; unset → `http://{bound address}`.
    #[serde(default)]
    pub public_url: Option<String>,
    /// The portal's JWKS, for single sign-on tokens; unset → derived from the callback address
    /// in the subscription's operations (`{origin}/.well-known/jwks.json`).
    #[serde(default)]
    pub portal_jwks_url: Option<String>,
    /// Bearer token of the `/_admin/*` endpoints; unset → they answer 404.
    #[serde(default)]
    pub admin_token: Option<String>,
    pub vendors: Vec<Vendor>,
    #[serde(default)]
    pub rules: Rules,
    #[serde(default)]
    pub faults: Faults,
    /// How often the processor looks for due work (it is also woken by each new operation).
    #[serde(default = "default_poll_ms")]
    pub poll_interval_ms: u64,
    /// Timeout of each callback.
    #[serde(default = "default_http_timeout_ms")]
    pub http_timeout_ms: u64,
    /// First retry delay of a failed callback; doubles up to `retry_max_ms`.
    #[serde(default = "default_retry_base_ms")]
    pub retry_base_ms: u64,
    #[serde(default = "default_retry_max_ms")]
    pub retry_max_ms: u64,
}

/// A vendor this system plays (by its portal id), with the key it shares with the portal.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vendor {
    pub id: Uuid,
    pub signing_key_hex: String,
}

impl std::fmt::Debug for Vendor {
    // The key is a secret: never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vendor")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// How operations turn out.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Rules {
    /// From receipt to the outcome.
    pub succeed_after_ms: u64,
    /// Set → an `in_progress` report with this message comes first.
    pub progress_message: Option<String>,
    /// Operations for these product slugs fail.
    pub fail_products: Vec<String>,
    /// Operations whose desired plan is one of these codes fail.
    pub fail_plans: Vec<String>,
    /// The reason of a failed report; unset → one naming the product and plan.
    pub fail_reason: Option<String>,
    /// Per product slug, what differs from the above.
    pub products: HashMap<String, ProductRule>,
    /// Set → usage of this dimension is reported for every active subscription on a schedule.
    pub usage: Option<UsageRule>,
}

/// Scheduled usage: `quantity` of `dimension` per active subscription every `every_ms`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsageRule {
    pub dimension: String,
    #[serde(default = "default_usage_quantity")]
    pub quantity: i64,
    #[serde(default = "default_usage_every_ms")]
    pub every_ms: u64,
}

fn default_usage_quantity() -> i64 {
    1
}
fn default_usage_every_ms() -> u64 {
    60_000
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            succeed_after_ms: 300,
            progress_message: None,
            fail_products: Vec::new(),
            fail_plans: Vec::new(),
            fail_reason: None,
            products: HashMap::new(),
            usage: None,
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProductRule {
    pub succeed_after_ms: Option<u64>,
}

impl Rules {
    pub fn succeed_after_ms(&self, product: &str) -> u64 {
        self.products
            .get(product)
            .and_then(|p| p.succeed_after_ms)
            .unwrap_or(self.succeed_after_ms)
    }

    /// `Some(reason)` when an operation for this product and plan is to fail.
    pub fn failure(&self, product: &str, plan: &str) -> Option<String> {
        let fails = self.fail_products.iter().any(|p| p == product)
            || self.fail_plans.iter().any(|p| p == plan);
        fails.then(|| {
            self.fail_reason.clone().unwrap_or_else(|| {
                format!("the reference vendor cannot set up {product} on plan {plan}")
            })
        })
    }
}

fn default_addr() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 8082))
}
fn default_poll_ms() -> u64 {
    500
}
fn default_http_timeout_ms() -> u64 {
    10_000
}
fn default_retry_base_ms() -> u64 {
    1_000
}
fn default_retry_max_ms() -> u64 {
    60_000
}

impl Config {
    /// A configuration for tests and embedding: vendors are added afterwards.
    pub fn new(database_url: impl Into<String>) -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            database_url: Some(database_url.into()),
            data_dir: None,
            public_url: None,
            admin_token: None,
            portal_jwks_url: None,
            vendors: Vec::new(),
            rules: Rules::default(),
            faults: Faults::default(),
            poll_interval_ms: default_poll_ms(),
            http_timeout_ms: default_http_timeout_ms(),
            retry_base_ms: default_retry_base_ms(),
            retry_max_ms: default_retry_max_ms(),
        }
    }

    pub fn from_env() -> anyhow::Result<Self> {
        let file = match std::env::var("REFVENDOR_CONFIG") {
            Ok(path) => Some(
                std::fs::read_to_string(&path)
                    .with_context(|| format!("reading config file {path}"))?,
            ),
            Err(_) => None,
        };
        Self::from_sources(file.as_deref(), &std::env::vars().collect())
    }

    /// The JSON file (if any) overlaid with the `REFVENDOR_*` variables.
    pub fn from_sources(file: Option<&str>, env: &HashMap<String, String>) -> anyhow::Result<Self> {
        let get = |key: &str| {
            env.get(key)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let mut value: serde_json::Value = match file {
            Some(text) => {
                serde_json::from_str(text).context("the config file is not valid JSON")?
            }
            None => serde_json::json!({}),
        };
        let Some(object) = value.as_object_mut() else {
            bail!("the config file must be a JSON object");
        };
        let mut set = |key: &str, v: serde_json::Value| {
            object.insert(key.to_string(), v);
        };
        for (key, field) in [
            ("REFVENDOR_ADDR", "addr"),
            ("REFVENDOR_DATABASE_URL", "database_url"),
            ("REFVENDOR_DATA_DIR", "data_dir"),
            ("REFVENDOR_PUBLIC_URL", "public_url"),
            ("REFVENDOR_ADMIN_TOKEN", "admin_token"),
            ("REFVENDOR_PORTAL_JWKS_URL", "portal_jwks_url"),
        ] {
            if let Some(v) = get(key) {
                set(field, v.into());
            }
        }
        for (key, field) in [
            ("REFVENDOR_POLL_MS", "poll_interval_ms"),
            ("REFVENDOR_HTTP_TIMEOUT_MS", "http_timeout_ms"),
            ("REFVENDOR_RETRY_BASE_MS", "retry_base_ms"),
            ("REFVENDOR_RETRY_MAX_MS", "retry_max_ms"),
        ] {
            if let Some(v) = get(key) {
                set(field, number(&v, key)?.into());
            }
        }
        if let Some(v) = get("REFVENDOR_VENDORS") {
            // UUID=hexkey,UUID=hexkey
            let mut list = Vec::new();
            for entry in v.split(',').map(str::trim).filter(|e| !e.is_empty()) {
                let Some((id, key)) = entry.split_once('=') else {
                    bail!("REFVENDOR_VENDORS entries are UUID=hexkey");
                };
                list.push(serde_json::json!({"id": id.trim(), "signing_key_hex": key.trim()}));
            }
            set("vendors", list.into());
        }
        let mut config: Config =
            serde_json::from_value(value).context("invalid reference vendor configuration")?;
        config.apply_rule_env(&get)?;
        // The department's fault variables, under this system's prefix.
        config
            .faults
            .apply_env(&|key| get(&key.replacen("REFBACKEND_", "REFVENDOR_", 1)))?;
        config.check()?;
        Ok(config)
    }

    fn apply_rule_env(&mut self, get: &dyn Fn(&str) -> Option<String>) -> anyhow::Result<()> {
        let rules = &mut self.rules;
        if let Some(v) = get("REFVENDOR_SUCCEED_AFTER_MS") {
            rules.succeed_after_ms = number(&v, "REFVENDOR_SUCCEED_AFTER_MS")?;
        }
        if let Some(v) = get("REFVENDOR_PROGRESS_MESSAGE") {
            rules.progress_message = Some(v);
        }
        if let Some(v) = get("REFVENDOR_FAIL_REASON") {
            rules.fail_reason = Some(v);
        }
        let list = |v: String| -> Vec<String> {
            v.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        };
        if let Some(dimension) = get("REFVENDOR_USAGE_DIMENSION") {
            rules.usage = Some(UsageRule {
                dimension,
                quantity: match get("REFVENDOR_USAGE_QUANTITY") {
                    Some(v) => i64::try_from(number(&v, "REFVENDOR_USAGE_QUANTITY")?)
                        .context("REFVENDOR_USAGE_QUANTITY is too large")?,
                    None => default_usage_quantity(),
                },
                every_ms: match get("REFVENDOR_USAGE_EVERY_MS") {
                    Some(v) => number(&v, "REFVENDOR_USAGE_EVERY_MS")?,
                    None => default_usage_every_ms(),
                },
            });
        }
        if let Some(v) = get("REFVENDOR_FAIL_PRODUCTS") {
            rules.fail_products = list(v);
        }
        if let Some(v) = get("REFVENDOR_FAIL_PLANS") {
            rules.fail_plans = list(v);
        }
        Ok(())
    }

    fn check(&self) -> anyhow::Result<()> {
        if self.vendors.is_empty() {
            bail!("no vendors configured (REFVENDOR_VENDORS=UUID=hexkey,…)");
        }
        for v in &self.vendors {
            if SigningKey::from_hex(&v.signing_key_hex).is_none() {
                bail!("vendor {}: the signing key must be hex, ≥ 32 bytes", v.id);
            }
        }
        if let Some(url) = &self.public_url {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                bail!("public_url must be an http(s) URL");
            }
        }
        self.faults.check()?;
        Ok(())
    }

    /// The key of a configured vendor.
    pub fn key_of(&self, vendor: Uuid) -> Option<SigningKey> {
        self.vendors
            .iter()
            .find(|v| v.id == vendor)
            .and_then(|v| SigningKey::from_hex(&v.signing_key_hex))
    }
}

fn number(v: &str, key: &str) -> anyhow::Result<u64> {
    v.parse()
        .with_context(|| format!("{key} must be a whole number"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const VENDOR: &str = "2f1d0b8e-9a57-4c43-8f7e-1c2b3a4d5e6f";

    #[test]
    fn environment_overrides_the_file_and_product_rules_win() {
        let key = "ab".repeat(32);
        let file = format!(
            r#"{{"database_url":"postgres://x/y","vendors":[{{"id":"{VENDOR}","signing_key_hex":"{key}"}}],
               "rules":{{"fail_plans":["gold"],"products":{{"crm":{{"succeed_after_ms":5}}}}}}}}"#
        );
        let env = HashMap::from([
            ("REFVENDOR_ADDR".to_string(), "127.0.0.1:0".to_string()),
            ("REFVENDOR_FAIL_FRACTION".to_string(), "0.25".to_string()),
            ("REFVENDOR_FAIL_PRODUCTS".to_string(), "erp, hr".to_string()),
            ("REFVENDOR_SUCCEED_AFTER_MS".to_string(), "40".to_string()),
        ]);
        let config = Config::from_sources(Some(&file), &env).unwrap_or_else(|e| panic!("{e:#}"));
        assert_eq!(config.addr.port(), 0);
        assert_eq!(config.faults.fail_fraction, 0.25);
        assert_eq!(config.rules.succeed_after_ms("crm"), 5);
        assert_eq!(config.rules.succeed_after_ms("erp"), 40);
        assert!(config.rules.failure("hr", "basic").is_some());
        assert!(config.rules.failure("crm", "gold").is_some());
        assert_eq!(config.rules.failure("crm", "basic"), None);
        let id: Uuid = VENDOR.parse().unwrap_or_else(|e| panic!("{e}"));
        assert!(config.key_of(id).is_some());
        assert!(
            !format!("{config:?}").contains(&key),
            "Debug never prints keys"
        );
    }

    #[test]
    fn short_keys_bad_ids_and_missing_vendors_are_refused() {
        let with = |vendors: &str| {
            HashMap::from([
                (
                    "REFVENDOR_DATABASE_URL".to_string(),
                    "postgres://x/y".to_string(),
                ),
                ("REFVENDOR_VENDORS".to_string(), vendors.to_string()),
            ])
        };
        assert!(Config::from_sources(None, &with(&format!("{VENDOR}=abcd"))).is_err());
        assert!(Config::from_sources(None, &with(&format!("acme={}", "ab".repeat(32)))).is_err());
        assert!(Config::from_sources(None, &with("")).is_err());
        assert!(
            Config::from_sources(None, &with(&format!("{VENDOR}={}", "ab".repeat(32)))).is_ok()
        );
    }
}
