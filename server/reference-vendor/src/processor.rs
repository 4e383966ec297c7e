//! The background loop over the vendor's own store (so it picks up where it left off after a
//! restart): carry out due operations by the rules, deliver their reports signed, and report
//! scheduled usage.
use super::apply;
use super::config::Config;
use super::outbox::{self, DueReport};
use super::store;
use chrono::Utc;
use portal_protocol::signing::{
    Direction, Signable, SignedHeaders, HEADER_IDEMPOTENCY_KEY, WINDOW_SECS,
};
use sqlx::PgPool;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

pub struct Processor {
    pub(super) pool: PgPool,
    pub(super) config: Arc<Config>,
    /// Where the tool links of reports point (the configured or the bound address).
    pub(super) public_url: String,
    pub(super) client: reqwest::Client,
    pub(super) wake: Arc<Notify>,
}

/// Why a delivery failed, and whether trying again may help.
struct Failure {
    status: Option<u16>,
    message: String,
    permanent: bool,
}

impl Processor {
    /// Runs until dropped (the caller selects it against the server).
    pub async fn run(self) {
        let poll = Duration::from_millis(self.config.poll_interval_ms.max(10));
        let mut ticks: u64 = 0;
        loop {
            if let Err(e) = self.tick().await {
                tracing::warn!(error = %e, "reference vendor: processing round failed");
            }
            ticks += 1;
            if ticks.is_multiple_of(256) {
                if let Err(e) = store::prune_nonces(&self.pool, WINDOW_SECS).await {
                    tracing::warn!(error = %e, "pruning nonces failed");
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(poll) => {}
                _ = self.wake.notified() => {}
            }
        }
    }

    async fn tick(&self) -> anyhow::Result<()> {
        let moved = apply::advance_due(&self.pool, &self.config.rules, &self.public_url).await?;
        if moved > 0 {
            tracing::debug!(moved, "operations advanced");
        }
        // Longer than one request may take; a crashed worker's lease runs out and another retries.
        let lease = Duration::from_millis(self.config.http_timeout_ms) + Duration::from_secs(1);
        let reports = outbox::claim(&self.pool, lease).await?;
        futures_util::future::join_all(reports.iter().map(|r| self.deliver(r))).await;
        if let Some(rule) = &self.config.rules.usage {
            super::metering::accrue(&self.pool, rule, Utc::now()).await?;
            super::metering::send_due(&self.pool, &self.client, &self.config).await?;
        }
        Ok(())
    }

    fn backoff(&self, attempts: i32) -> Duration {
        let exp = u32::try_from(attempts.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
        let full = self
            .config
            .retry_base_ms
            .saturating_mul(1u64 << exp)
            .min(self.config.retry_max_ms);
        // Half fixed, half jitter: spread out, but never immediately again.
        Duration::from_millis(full / 2 + rand::random::<u64>() % (full / 2 + 1))
    }

    /// `POST {callback_url}` signed as the vendor, with a fresh nonce on every attempt.
    async fn send(&self, r: &DueReport) -> Result<u16, Failure> {
        let permanent = |message: String| Failure {
            status: None,
            message,
            permanent: true,
        };
        let key = self
            .config
            .key_of(r.vendor_id)
            .ok_or_else(|| permanent(format!("no key for vendor {}", r.vendor_id)))?;
        let url = reqwest::Url::parse(&r.url).map_err(|e| permanent(format!("bad URL: {e}")))?;
        let path_and_query = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        };
        let body = serde_json::to_vec(&r.body).map_err(|e| permanent(e.to_string()))?;
        let signed = SignedHeaders::sign(
            &key.toward(Direction::SystemToPortal),
            &r.vendor_id.to_string(),
            &Signable {
                method: "POST",
                path_and_query: &path_and_query,
                idempotency_key: Some(&r.report_id),
                body: &body,
            },
            Utc::now().timestamp(),
        );
        let mut request = self
            .client
            .post(url)
            .header(HEADER_IDEMPOTENCY_KEY, &r.report_id)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
        for (name, value) in signed.pairs() {
            request = request.header(name, value);
        }
        let response = request.send().await.map_err(|e| Failure {
            status: None,
            message: format!("request failed: {e}"),
            permanent: false,
        })?;
        let status = response.status().as_u16();
        if response.status().is_success() {
            return Ok(status);
        }
        let text: String = response
            .text()
            .await
            .unwrap_or_default()
            .chars()
            .take(300)
            .collect();
        // Overloaded or failing portals get the report again; any other 4xx will not get
        // better by repeating (its answer is kept for whoever looks).
        let retry = matches!(status, 408 | 425 | 429) || status >= 500;
        Err(Failure {
            status: Some(status),
            message: format!("HTTP {status}: {text}"),
            permanent: !retry,
        })
    }

    async fn deliver(&self, r: &DueReport) {
        let recorded = match self.send(r).await {
            Ok(status) => {
                tracing::info!(report_id = %r.report_id, "report delivered");
                outbox::delivered(&self.pool, &r.report_id, status).await
            }
            Err(f) => {
                let retry = (!f.permanent).then(|| self.backoff(r.attempts));
                tracing::warn!(report_id = %r.report_id, error = %f.message, permanent = f.permanent, "report failed");
                outbox::failed(&self.pool, &r.report_id, f.status, &f.message, retry).await
            }
        };
        if let Err(e) = recorded {
            tracing::warn!(error = %e, "recording a report attempt failed");
        }
    }
}
