//! Configuration of the reference department backend: a JSON file named by `REFBACKEND_CONFIG`
//! (optional), then `REFBACKEND_*` environment variables, which win over the file.
use super::faults::Faults;
use anyhow::{bail, Context};
use portal_protocol::signing::SigningKey;
use portal_protocol::SupplementItem;
use serde::Deserialize;
use std::collections::HashMap;
use std::net::SocketAddr;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default = "default_addr")]
    pub addr: SocketAddr,
    /// Its own database; unset → a private embedded cluster under `data_dir` (like the portal's).
    #[serde(default)]
    pub database_url: Option<String>,
    /// Directory of the embedded cluster; unset → `refdept-pg` next to the portal's.
    #[serde(default)]
    pub data_dir: Option<std::path::PathBuf>,
    /// The portal's base URL; callbacks go to `{portal_url}/api/v1/cases/{id}/status`.
    #[serde(default = "default_portal_url")]
    pub portal_url: String,
    /// Bearer token of the `/_admin/*` endpoints; unset → they answer 404.
    #[serde(default)]
    pub admin_token: Option<String>,
    pub departments: Vec<Department>,
    #[serde(default)]
    pub rules: RuleSet,
    #[serde(default)]
    pub faults: Faults,
    /// How often the processor looks for due work (it is also woken by each new case).
    #[serde(default = "default_poll_ms")]
    pub poll_interval_ms: u64,
    /// Timeout of each callback and each attachment download.
    #[serde(default = "default_http_timeout_ms")]
    pub http_timeout_ms: u64,
    /// First retry delay of a failed callback/download; doubles up to `retry_max_ms`.
    #[serde(default = "default_retry_base_ms")]
    pub retry_base_ms: u64,
    #[serde(default = "default_retry_max_ms")]
    pub retry_max_ms: u64,
}

/// A department this backend plays, with the key it shares with the portal.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Department {
    pub code: String,
    pub signing_key_hex: String,
}

impl std::fmt::Debug for Department {
    // The key is a secret: never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Department")
            .field("code", &self.code)
            .finish_non_exhaustive()
    }
}

/// The rule for a case: the service's, else the department's, else the default.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RuleSet {
    pub default: Rule,
    pub departments: HashMap<String, Rule>,
    pub services: HashMap<String, Rule>,
}

impl RuleSet {
    pub fn for_case(&self, department: &str, service_code: &str) -> &Rule {
        self.services
            .get(service_code)
            .or_else(|| self.departments.get(department))
            .unwrap_or(&self.default)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Approve,
    Deny,
    /// Request a supplement once, then approve after the resubmission.
    Supplement,
    /// Refuse at intake (不予受理) instead of accepting.
    Refuse,
    /// Accept and review, then decide nothing (a clerk would).
    Hold,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Rule {
    /// Seconds from receipt (or resubmission) to `accepted` (or `refused`).
    pub accept_after_secs: u64,
    /// Seconds from `accepted` (or resubmission) to `in_review`.
    pub review_after_secs: u64,
    /// Seconds from `in_review` to the decision.
    pub decide_after_secs: u64,
    pub outcome: Outcome,
    /// approved: the result note; refused/denied/supplement: the reason.
    pub note: Option<String>,
    pub reason: Option<String>,
    /// approved: `valid_until` = decision day + this many days (none → no expiry).
    pub valid_days: Option<i64>,
    pub denial_ground: Option<String>,
    /// supplement: the items; empty → the first attachment field (or the first answer).
    pub supplement_items: Vec<SupplementItem>,
}

impl Default for Rule {
    fn default() -> Self {
        Self {
            accept_after_secs: 3,
            review_after_secs: 2,
            decide_after_secs: 10,
            outcome: Outcome::Approve,
            note: None,
            reason: None,
            valid_days: Some(3 * 365),
            denial_ground: None,
            supplement_items: Vec::new(),
        }
    }
}

fn default_addr() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 8081))
}
fn default_portal_url() -> String {
    "http://127.0.0.1:3000".into()
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
    /// A configuration for tests and embedding: one call per department added later.
    pub fn new(database_url: impl Into<String>, portal_url: impl Into<String>) -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            database_url: Some(database_url.into()),
            data_dir: None,
            portal_url: portal_url.into(),
            admin_token: None,
            departments: Vec::new(),
            rules: RuleSet::default(),
            faults: Faults::default(),
            poll_interval_ms: default_poll_ms(),
            http_timeout_ms: default_http_timeout_ms(),
            retry_base_ms: default_retry_base_ms(),
            retry_max_ms: default_retry_max_ms(),
        }
    }

    pub fn from_env() -> anyhow::Result<Self> {
        let file = match std::env::var("REFBACKEND_CONFIG") {
            Ok(path) => Some(
                std::fs::read_to_string(&path)
                    .with_context(|| format!("reading config file {path}"))?,
            ),
            Err(_) => None,
        };
        Self::from_sources(file.as_deref(), &std::env::vars().collect())
    }

    /// The JSON file (if any) overlaid with the `REFBACKEND_*` variables.
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
        if let Some(v) = get("REFBACKEND_ADDR") {
            set("addr", v.into());
        }
        if let Some(v) = get("REFBACKEND_DATABASE_URL") {
            set("database_url", v.into());
        }
        if let Some(v) = get("REFBACKEND_DATA_DIR") {
            set("data_dir", v.into());
        }
        if let Some(v) = get("REFBACKEND_PORTAL_URL") {
            set("portal_url", v.into());
        }
        if let Some(v) = get("REFBACKEND_ADMIN_TOKEN") {
            set("admin_token", v.into());
        }
        for (key, field) in [
            ("REFBACKEND_POLL_MS", "poll_interval_ms"),
            ("REFBACKEND_HTTP_TIMEOUT_MS", "http_timeout_ms"),
            ("REFBACKEND_RETRY_BASE_MS", "retry_base_ms"),
            ("REFBACKEND_RETRY_MAX_MS", "retry_max_ms"),
        ] {
            if let Some(v) = get(key) {
                set(field, number(&v, key)?);
            }
        }
        if let Some(v) = get("REFBACKEND_DEPARTMENTS") {
            // CODE=hexkey,CODE=hexkey
            let mut list = Vec::new();
            for entry in v.split(',').map(str::trim).filter(|e| !e.is_empty()) {
                let Some((code, key)) = entry.split_once('=') else {
                    bail!("REFBACKEND_DEPARTMENTS entries are CODE=hexkey");
                };
                list.push(serde_json::json!({"code": code.trim(), "signing_key_hex": key.trim()}));
            }
            set("departments", list.into());
        }
        let mut config: Config =
            serde_json::from_value(value).context("invalid reference backend configuration")?;
        config.apply_rule_env(&get)?;
        config.faults.apply_env(&get)?;
        config.check()?;
        Ok(config)
    }

    fn apply_rule_env(&mut self, get: &dyn Fn(&str) -> Option<String>) -> anyhow::Result<()> {
        let rule = &mut self.rules.default;
        if let Some(v) = get("REFBACKEND_OUTCOME") {
            rule.outcome = serde_json::from_value(v.clone().into()).with_context(|| {
                format!("REFBACKEND_OUTCOME {v:?}: approve, deny, supplement, refuse or hold")
            })?;
        }
        for (key, field) in [
            ("REFBACKEND_ACCEPT_AFTER_SECS", &mut rule.accept_after_secs),
            ("REFBACKEND_REVIEW_AFTER_SECS", &mut rule.review_after_secs),
            ("REFBACKEND_DECIDE_AFTER_SECS", &mut rule.decide_after_secs),
        ] {
            if let Some(v) = get(key) {
                *field = v
                    .parse()
                    .with_context(|| format!("{key} must be whole seconds"))?;
            }
        }
        // Services that get a supplement request first (the rest follow the default rule).
        if let Some(v) = get("REFBACKEND_SUPPLEMENT_SERVICES") {
            let template = Rule {
                outcome: Outcome::Supplement,
                ..self.rules.default.clone()
            };
            for code in v.split(',').map(str::trim).filter(|c| !c.is_empty()) {
                self.rules
                    .services
                    .insert(code.to_string(), template.clone());
            }
        }
        Ok(())
    }

    fn check(&self) -> anyhow::Result<()> {
        if self.departments.is_empty() {
            bail!("no departments configured (REFBACKEND_DEPARTMENTS=CODE=hexkey,…)");
        }
        for d in &self.departments {
            if SigningKey::from_hex(&d.signing_key_hex).is_none() {
                bail!(
                    "department {}: the signing key must be hex, ≥ 32 bytes",
                    d.code
                );
            }
        }
        self.faults.check()?;
        Ok(())
    }

    /// The key of a configured department.
    pub fn key_of(&self, department: &str) -> Option<SigningKey> {
        self.departments
            .iter()
            .find(|d| d.code == department)
            .and_then(|d| SigningKey::from_hex(&d.signing_key_hex))
    }
}

fn number(v: &str, key: &str) -> anyhow::Result<serde_json::Value> {
    let n: u64 = v
        .parse()
        .with_context(|| format!("{key} must be a number"))?;
    Ok(n.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_overrides_the_file_and_rules_resolve_by_service_then_department() {
        let key = "ab".repeat(32);
        let file = format!(
            r#"{{"database_url":"postgres://x/y","departments":[{{"code":"SCJG","signing_key_hex":"{key}"}}],
               "rules":{{"departments":{{"SCJG":{{"outcome":"deny","denial_ground":"g1"}}}},
                         "services":{{"SCJG-002":{{"outcome":"supplement"}}}}}}}}"#
        );
        let env = HashMap::from([
            ("REFBACKEND_ADDR".to_string(), "127.0.0.1:0".to_string()),
            ("REFBACKEND_FAIL_FRACTION".to_string(), "0.25".to_string()),
        ]);
        let config = Config::from_sources(Some(&file), &env).expect("valid");
        assert_eq!(config.addr.port(), 0);
        assert_eq!(config.faults.fail_fraction, 0.25);
        assert_eq!(
            config.rules.for_case("SCJG", "SCJG-001").outcome,
            Outcome::Deny
        );
        assert_eq!(
            config.rules.for_case("SCJG", "SCJG-002").outcome,
            Outcome::Supplement
        );
        assert_eq!(
            config.rules.for_case("GAJ", "GAJ-001").outcome,
            Outcome::Approve
        );
    }

    #[test]
    fn short_keys_and_missing_departments_are_refused() {
        let env = HashMap::from([
            (
                "REFBACKEND_DATABASE_URL".to_string(),
                "postgres://x/y".to_string(),
            ),
            (
                "REFBACKEND_DEPARTMENTS".to_string(),
                "SCJG=abcd".to_string(),
            ),
        ]);
        assert!(Config::from_sources(None, &env).is_err());
        let env = HashMap::from([(
            "REFBACKEND_DATABASE_URL".to_string(),
            "postgres://x/y".to_string(),
        )]);
        assert!(Config::from_sources(None, &env).is_err());
    }
}
