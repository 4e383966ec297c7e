//! The background loop over the backend's own store (so it picks up where it left off after a
//! restart): download attachments, move due cases by their rule, deliver callbacks signed.
use super::config::{Config, Outcome, Rule};
use super::outbox::{self, DueCallback, DueCase, Step};
use super::store::{self, DueAttachment};
use crate::routing::protocol::{
    ApprovalResult, CallbackStatus, StatusCallback, SupplementItem, PROTOCOL,
};
use crate::routing::signing::{SignedHeaders, HEADER_IDEMPOTENCY_KEY, WINDOW_SECS};
use chrono::{NaiveDate, Utc};
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// Downloads failing this often (network, 5xx, wrong hash) are given up.
const MAX_DOWNLOAD_ATTEMPTS: i32 = 5;
/// Larger attachments are refused rather than held in memory.
const MAX_ATTACHMENT_BYTES: usize = 50 * 1024 * 1024;

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
            if ticks % 256 == 0 {
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
            &key,
            department,
            method.as_str(),
            &path_and_query,
            &body,
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
        let text = response.text().await.unwrap_or_default();
        Err(Failure::from_status(
            status,
            format!("HTTP {status}: {}", truncate(&text)),
        ))
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
        let response = self
            .send(
                &a.department,
                reqwest::Method::GET,
                &a.url,
                Vec::new(),
                None,
            )
            .await?;
        let bytes = response.bytes().await.map_err(|e| Failure {
            status: None,
            message: format!("reading the body: {e}"),
            permanent: false,
        })?;
        let sha = hex::encode(Sha256::digest(&bytes));
        if sha != a.expected_sha256 {
            // Possibly a truncated transfer: retried, then given up.
            return Err(Failure {
                status: Some(200),
                message: format!("sha256 {sha} does not match {}", a.expected_sha256),
                permanent: false,
            });
        }
        Ok((sha, bytes.to_vec()))
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

/// The next step of a due case under its rule (pure, so it is unit-tested).
pub fn decide(rule: &Rule, case: &DueCase, today: NaiveDate) -> Option<Step> {
    let callback = |status: CallbackStatus, name: &str| StatusCallback {
        protocol: PROTOCOL.into(),
        // Stable across retries and restarts: the portal dedupes on it.
        event_id: format!("{}-{}-{name}", case.reference, case.steps + 1),
        status,
        reason: None,
        items: Vec::new(),
        denial_ground: None,
        result: None,
    };
    let step = |state: &'static str, cb: StatusCallback, next: Option<u64>| Step {
        state,
        callback: Some(cb),
        next_after_secs: next,
        supplement: false,
    };
    let approve = || {
        let result = ApprovalResult {
            note: Some(rule.note.clone().unwrap_or_else(|| "准予许可".into())),
            valid_until: rule
                .valid_days
                .and_then(|d| today.checked_add_days(chrono::Days::new(d.max(0) as u64))),
        };
        step(
            "approved",
            StatusCallback {
                result: Some(result),
                ..callback(CallbackStatus::Approved, "approved")
            },
            None,
        )
    };
    match (case.state.as_str(), rule.outcome) {
        ("received", Outcome::Refuse) => Some(step(
            "refused",
            StatusCallback {
                reason: Some(
                    rule.reason
                        .clone()
                        .unwrap_or_else(|| "申请材料不符合受理条件".into()),
                ),
                ..callback(CallbackStatus::Refused, "refused")
            },
            None,
        )),
        ("received", _) => Some(step(
            "accepted",
            callback(CallbackStatus::Accepted, "accepted"),
            Some(rule.review_after_secs),
        )),
        ("accepted" | "resubmitted", _) => Some(step(
            "in_review",
            callback(CallbackStatus::InReview, "in_review"),
            Some(rule.decide_after_secs),
        )),
        ("in_review", Outcome::Hold) => None,
        ("in_review", Outcome::Supplement) if case.supplements == 0 => Some(Step {
            supplement: true,
            ..step(
                "supplement_requested",
                StatusCallback {
                    reason: Some(rule.reason.clone().unwrap_or_else(|| "材料需要补正".into())),
                    items: supplement_items(rule, case),
                    ..callback(CallbackStatus::SupplementRequested, "supplement_requested")
                },
                None,
            )
        }),
        ("in_review", Outcome::Deny) => Some(step(
            "denied",
            StatusCallback {
                reason: Some(
                    rule.reason
                        .clone()
                        .unwrap_or_else(|| "不符合法定条件".into()),
                ),
                denial_ground: Some(
                    rule.denial_ground
                        .clone()
                        .unwrap_or_else(|| "statutory_conditions".into()),
                ),
                ..callback(CallbackStatus::Denied, "denied")
            },
            None,
        )),
        ("in_review", _) => Some(approve()),
        _ => None,
    }
}

/// The configured items, else the first attachment's field, else the first answer.
fn supplement_items(rule: &Rule, case: &DueCase) -> Vec<SupplementItem> {
    if !rule.supplement_items.is_empty() {
        return rule.supplement_items.clone();
    }
    let body = &case.payload["case"];
    let path = body["attachments"][0]["field"]
        .as_str()
        .map(str::to_string)
        .or_else(|| {
            body["answers"]
                .as_object()
                .and_then(|m| m.keys().next().cloned())
        })
        .unwrap_or_else(|| "materials".into());
    vec![SupplementItem {
        path,
        reason: "请重新提交清晰、完整的材料".into(),
    }]
}
