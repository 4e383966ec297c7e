//! Fault injection: what a misbehaving department system does, set by configuration and
//! changeable at runtime through `POST /_admin/faults`.
use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::RwLock;
use std::time::Duration;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    /// 503 for every protocol request (a system that is down for maintenance).
    pub refuse_all: bool,
    /// This fraction (0.0–1.0) of protocol requests fails with 500 before anything is stored.
    pub fail_fraction: f64,
    /// Added before each protocol request is handled.
    pub latency_ms: u64,
    /// After storing, wait this long before answering: past the portal's timeout, so the
    /// portal retries something the backend already has (exercises the idempotency key).
    pub timeout_ms: u64,
    /// Exit the process right after storing the n-th new case of this run, before answering.
    pub crash_after_n: Option<u64>,
}

impl Faults {
    pub fn check(&self) -> anyhow::Result<()> {
        if !(0.0..=1.0).contains(&self.fail_fraction) {
            bail!("fail_fraction must be between 0.0 and 1.0");
        }
        if self.crash_after_n == Some(0) {
            bail!("crash_after_n counts from 1");
        }
        Ok(())
    }

    /// Reads the `REFBACKEND_*` fault variables through `get` (another system built on these
    /// faults maps its own prefix onto these names).
    pub fn apply_env(&mut self, get: &dyn Fn(&str) -> Option<String>) -> anyhow::Result<()> {
        if let Some(v) = get("REFBACKEND_REFUSE_ALL") {
            self.refuse_all = matches!(v.as_str(), "1" | "true" | "yes" | "on");
        }
        if let Some(v) = get("REFBACKEND_FAIL_FRACTION") {
            self.fail_fraction = v
                .parse()
                .context("REFBACKEND_FAIL_FRACTION must be a number 0.0–1.0")?;
        }
        if let Some(v) = get("REFBACKEND_LATENCY_MS") {
            self.latency_ms = v.parse().context("REFBACKEND_LATENCY_MS must be ms")?;
        }
        if let Some(v) = get("REFBACKEND_TIMEOUT_MS") {
            self.timeout_ms = v.parse().context("REFBACKEND_TIMEOUT_MS must be ms")?;
        }
        if let Some(v) = get("REFBACKEND_CRASH_AFTER_N") {
            self.crash_after_n = Some(v.parse().context("REFBACKEND_CRASH_AFTER_N must be n")?);
        }
        Ok(())
    }
}

/// What the handlers should do before touching the store.
pub enum Before {
    Proceed,
    Refuse,
    Fail,
}

/// The live faults plus the count of cases stored by this process (for `crash_after_n`).
#[derive(Debug, Default)]
pub struct FaultState {
    faults: RwLock<Faults>,
    stored_cases: AtomicU64,
}

impl FaultState {
    pub fn new(faults: Faults) -> Self {
        Self {
            faults: RwLock::new(faults),
            stored_cases: AtomicU64::new(0),
        }
    }

    pub fn get(&self) -> Faults {
        // A poisoned lock still holds a valid value (it is only ever replaced whole).
        self.faults
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn set(&self, faults: Faults) {
        *self.faults.write().unwrap_or_else(|e| e.into_inner()) = faults;
    }

    /// Latency first (a slow system is slow for every request), then refuse or fail.
    pub async fn before(&self) -> Before {
        let faults = self.get();
        if faults.latency_ms > 0 {
            tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
        }
        if faults.refuse_all {
            Before::Refuse
        } else if faults.fail_fraction > 0.0 && rand::random::<f64>() < faults.fail_fraction {
            Before::Fail
        } else {
            Before::Proceed
        }
    }

    /// After a new case is committed: crash if this is the n-th, else maybe hang.
    pub async fn after_store(&self, new_case: bool) {
        let faults = self.get();
        if new_case {
            let n = self.stored_cases.fetch_add(1, Ordering::SeqCst) + 1;
            if faults.crash_after_n == Some(n) {
                tracing::error!(n, "fault injection: crashing after storing case {n}");
                // Deliberately abrupt: no answer, no flush, like a power cut after the commit.
                std::process::exit(70);
            }
        }
        if faults.timeout_ms > 0 {
            tokio::time::sleep(Duration::from_millis(faults.timeout_ms)).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn faults_decide_before_storing_and_bad_values_are_refused() {
        let state = FaultState::new(Faults::default());
        assert!(matches!(state.before().await, Before::Proceed));
        state.set(Faults {
            fail_fraction: 1.0,
            ..Faults::default()
        });
        assert!(matches!(state.before().await, Before::Fail));
        // Refusing wins over failing: a system that is down answers 503, not 500.
        state.set(Faults {
            refuse_all: true,
            fail_fraction: 1.0,
            ..Faults::default()
        });
        assert!(matches!(state.before().await, Before::Refuse));
        for bad in [
            Faults {
                fail_fraction: 1.5,
                ..Faults::default()
            },
            Faults {
                fail_fraction: -0.1,
                ..Faults::default()
            },
            Faults {
                crash_after_n: Some(0),
                ..Faults::default()
            },
        ] {
            assert!(bad.check().is_err(), "{bad:?}");
        }
        let parsed: Faults = serde_json::from_str(r#"{"latency_ms": 5}"#).unwrap_or_default();
        assert_eq!(parsed.latency_ms, 5);
        assert!(
            serde_json::from_str::<Faults>(r#"{"latency": 5}"#).is_err(),
            "typos are refused"
        );
    }
}
