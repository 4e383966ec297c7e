//! The background loop over the backend's own store (so it picks up where it left off after a
//! restart): download attachments, move due cases by their rule, deliver callbacks signed.
use super::config::Config;
use super::outbox::{self, DueCallback};
use super::rules::decide;
use super::store::{self, DueAttachment};
use chrono::Utc;
use portal_protocol::signing::{
    Direction, Signable, SignedHeaders, HEADER_IDEMPOTENCY_KEY, WINDOW_SECS,
};
use portal_protocol::{ErrorBody, ErrorCode};
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// Downloads failing this often (network, 5xx, wrong hash) are given up.
const MAX_DOWNLOAD_ATTEMPTS: i32 = 5;
/// Larger attachments are refused rather than held in memory.
const MAX_ATTACHMENT_BYTES: usize = 50 * 1024 * 1024;
/// The most of an error answer that is read (its code and message are at the start).
const MAX_ERROR_BYTES: usize = 64 * 1024;

/// The body, read piece by piece; `None` once it passes `limit` (the rest is not read).
async fn read_at_most(mut response: reqwest::Response, limit: usize) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        if body.len() + chunk.len() > limit {
            return None;
        }
        body.extend_from_slice(&chunk);
    }
    Some(body)
}

pub struct Processor {
    pub(super) pool: PgPool,
    pub(super) config: Arc<Config>,
    pub(super) client: reqwest::Client,
    pub(super) wake: Arc<Notify>,
}

/// Why an outbound call failed, and whether trying again may help.
struct Failure {
    status: Option<u16>,
    message: String,
    permanent: bool,
}

impl Failure {
    fn permanent(message: impl Into<String>) -> Self {
        Self {
            status: None,
            message: message.into(),
            permanent: true,
        }
    }
    fn from_status(status: u16, message: String) -> Self {
        // The protocol's retryable answers; any other 4xx will not get better by repeating.
        let retry = matches!(status, 408 | 425 | 429) || status >= 500;
        Self {
            status: Some(status),
            message,
            permanent: !retry,
        }
    }
}

impl Processor {
    /// Runs until dropped (the caller selects it against the server).
    pub async fn run(self) {
        let poll = Duration::from_millis(self.config.poll_interval_ms.max(10));
        let mut ticks: u64 = 0;
        loop {
            if let Err(e) = self.tick().await {
                tracing::warn!(error = %e, "reference backend: processing round failed");
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
        // Longer than one request may take; a crashed worker's lease runs out and another retries.
        let lease = Duration::from_millis(self.config.http_timeout_ms) + Duration::from_secs(1);
        let due = store::claim_attachments(&self.pool, lease).await?;
        futures_util::future::join_all(due.iter().map(|a| self.fetch_attachment(a))).await;
        let today = Utc::now().date_naive();
        let moved = outbox::advance_due(&self.pool, |c| {
            decide(
                self.config.rules.for_case(&c.department, &c.service_code),
                c,
                today,
            )
        })
        .await?;
        if moved > 0 {
            tracing::debug!(moved, "cases advanced");
        }
        let callbacks = outbox::claim_callbacks(&self.pool, lease).await?;
        futures_util::future::join_all(callbacks.iter().map(|c| self.deliver(c))).await;
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

    /// A signed request as the department (`body` empty for GET).
    async fn send(
        &self,
        department: &str,
        method: reqwest::Method,
        url: &str,
        body: Vec<u8>,
        idempotency_key: Option<&str>,
    ) -> Result<reqwest::Response, Failure> {
        let key = self
            .config
            .key_of(department)
            .ok_or_else(|| Failure::permanent(format!("no key for department {department}")))?;
        let parsed =
            reqwest::Url::parse(url).map_err(|e| Failure::permanent(format!("bad URL: {e}")))?;
        let path_and_query = match parsed.query() {
            Some(q) => format!("{}?{q}", parsed.path()),
            None => parsed.path().to_string(),
        };
        let signed = SignedHeaders::sign(
            &key.toward(Direction::SystemToPortal),
            department,
            &Signable {
                method: method.as_str(),
                path_and_query: &path_and_query,
                idempotency_key,
                body: &body,
            },
            Utc::now().timestamp(),
        );
        let mut request = self.client.request(method, parsed);
        for (name, value) in signed.pairs() {
            request = request.header(name, value);
        }
        if let Some(k) = idempotency_key {
            request = request
                .header(HEADER_IDEMPOTENCY_KEY, k)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body);
        }
        let response = request.send().await.map_err(|e| Failure {
            status: None,
            message: format!("request failed: {e}"),
            permanent: false,
        })?;
        let status = response.status().as_u16();
        if response.status().is_success() {
            return Ok(response);
        }
        let text = String::from_utf8_lossy(
            &read_at_most(response, MAX_ERROR_BYTES)
                .await
                .unwrap_or_default(),
        )
        .into_owned();
        let mut failure =
            Failure::from_status(status, format!("HTTP {status}: {}", truncate(&text)));
        // The portal has not yet seen our answer to its delivery of the case (it will deliver
        // again): the same callback is worth sending later.
        if serde_json::from_str::<ErrorBody>(&text)
            .is_ok_and(|body| body.error.code == ErrorCode::CaseNotDelivered)
        {
            failure.permanent = false;
        }
        Err(failure)
    }

    async fn fetch_attachment(&self, a: &DueAttachment) {
        let result = self.download(a).await;
        let outcome = match result {
            Ok((sha, bytes)) => store::attachment_downloaded(&self.pool, a, &sha, &bytes).await,
            Err(f) => {
                let retry = (!f.permanent && a.attempts < MAX_DOWNLOAD_ATTEMPTS)
                    .then(|| self.backoff(a.attempts));
                tracing::warn!(attachment = %a.attachment_id, error = %f.message, "attachment download failed");
                store::attachment_failed(&self.pool, a, &f.message, retry).await
            }
        };
        if let Err(e) = outcome {
            tracing::warn!(error = %e, "recording an attachment download failed");
        }
    }

    async fn download(&self, a: &DueAttachment) -> Result<(String, Vec<u8>), Failure> {
        if usize::try_from(a.expected_size).map_or(true, |n| n > MAX_ATTACHMENT_BYTES) {
            return Err(Failure::permanent("attachment too large"));
        }
        // Only the portal's own address is asked, whatever host the link names: a link is a
        // path on the portal, not a licence to fetch from anywhere.
        let link = reqwest::Url::parse(&a.url)
            .map_err(|e| Failure::permanent(format!("bad attachment link: {e}")))?;
        if !link.path().starts_with("/api/v1/attachments/") {
            return Err(Failure::permanent("not a portal attachment link"));
        }
        let url = match link.query() {
            Some(q) => format!(
                "{}{}?{q}",
                self.config.portal_url.trim_end_matches('/'),
                link.path()
            ),
            None => format!(
                "{}{}",
                self.config.portal_url.trim_end_matches('/'),
                link.path()
            ),
        };
        let response = self
            .send(&a.department, reqwest::Method::GET, &url, Vec::new(), None)
            .await?;
        let bytes = read_at_most(response, MAX_ATTACHMENT_BYTES)
            .await
            .ok_or_else(|| Failure::permanent("attachment larger than allowed"))?;
        let sha = hex::encode(Sha256::digest(&bytes));
        if sha != a.expected_sha256 {
            // Possibly a truncated transfer: retried, then given up.
            return Err(Failure {
                status: Some(200),
                message: format!("sha256 {sha} does not match {}", a.expected_sha256),
                permanent: false,
            });
        }
        Ok((sha, bytes))
    }

    async fn deliver(&self, c: &DueCallback) {
        let url = format!(
            "{}/api/v1/cases/{}/status",
            self.config.portal_url.trim_end_matches('/'),
            c.case_id
        );
        let body = serde_json::to_vec(&c.body).unwrap_or_default();
        let result = self
            .send(
                &c.department,
                reqwest::Method::POST,
                &url,
                body,
                Some(&c.event_id),
            )
            .await;
        let recorded = match result {
            Ok(response) => {
                tracing::info!(event_id = %c.event_id, "callback delivered");
                outbox::callback_delivered(&self.pool, &c.event_id, response.status().as_u16())
                    .await
            }
            Err(f) => {
                let retry = (!f.permanent).then(|| self.backoff(c.attempts));
                tracing::warn!(event_id = %c.event_id, error = %f.message, permanent = f.permanent, "callback failed");
                outbox::callback_failed(&self.pool, &c.event_id, f.status, &f.message, retry).await
            }
        };
        if let Err(e) = recorded {
            tracing::warn!(error = %e, "recording a callback attempt failed");
        }
    }
}

fn truncate(text: &str) -> String {
    text.chars().take(300).collect()
}
