//! The SMS adapter: takes due rows from `sms_outbox`, renders their text in the recipient's
//! language and posts them to the configured gateway ([`portal_protocol::sms`]), with the row
//! as idempotency key so a retry is one message. Like the mail worker, each row is claimed with
//! `for update skip locked` in the transaction that records the outcome. A message whose code
//! has expired is given up, not sent.
use super::mail_worker::{backoff, drain_until_stopped};
use anyhow::Context;
use app::core::sms_outbox::{self, QueuedSms, CHANNEL};
use app::i18n::Locale;
use portal_protocol::sms::{SmsRequest, MESSAGES_PATH};
use sqlx::PgPool;
use std::future::Future;
use std::time::Duration;

const POLL_INTERVAL: Duration = Duration::from_secs(2);
/// One post to the gateway gives up after this long.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);
const MAX_ERROR_CHARS: usize = 500;

/// Where text messages go: `PORTAL_SMS_URL` and `PORTAL_SMS_TOKEN` (a secret: never logged).
#[derive(Clone, PartialEq, Eq)]
pub struct SmsSettings {
    pub url: Option<String>,
    pub token: String,
    pub max_attempts: u32,
}

impl std::fmt::Debug for SmsSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmsSettings")
            .field("url", &self.url)
            .field("max_attempts", &self.max_attempts)
            .finish_non_exhaustive()
    }
}

impl SmsSettings {
    pub fn disabled() -> Self {
        Self {
            url: None,
            token: String::new(),
            max_attempts: 5,
        }
    }

    /// An https URL, or http on loopback (the reference gateway); a token with it.
    pub fn validate(&self) -> anyhow::Result<()> {
        let Some(url) = &self.url else {
            return Ok(());
        };
        let loopback = ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"]
            .iter()
            .any(|prefix| url.starts_with(prefix));
        if !(url.starts_with("https://") || loopback) {
            anyhow::bail!("PORTAL_SMS_URL must be https:// (or http:// on loopback)");
        }
        if self.token.is_empty() {
            anyhow::bail!("PORTAL_SMS_TOKEN must be set with PORTAL_SMS_URL");
        }
        if self.max_attempts == 0 {
            anyhow::bail!("PORTAL_SMS_MAX_ATTEMPTS must be at least 1");
        }
        Ok(())
    }
}

/// A configured gateway.
#[derive(Clone)]
pub struct SmsGateway {
    client: reqwest::Client,
    endpoint: String,
    token: String,
    max_attempts: u32,
}

impl SmsGateway {
    /// `Ok(None)`: SMS disabled (no URL); codes are then written but wait unsent.
    pub fn new(settings: &SmsSettings) -> anyhow::Result<Option<Self>> {
        settings.validate()?;
        let Some(url) = &settings.url else {
            return Ok(None);
        };
        let client = reqwest::Client::builder()
            .timeout(SEND_TIMEOUT)
            // A gateway that redirects is misconfigured: the token must not follow.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .context("building the SMS client")?;
        Ok(Some(Self {
            client,
            endpoint: format!("{}{MESSAGES_PATH}", url.trim_end_matches('/')),
            token: settings.token.clone(),
            max_attempts: settings.max_attempts,
        }))
    }
}

/// The text of a queued message, in its language.
pub fn render(row: &QueuedSms) -> String {
    let locale = Locale::from_tag(&row.locale).unwrap_or_default();
    let code = row
        .params
        .get("code")
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string();
    locale.t_args(
        &format!("sms-{}", row.template.replace('_', "-")),
        &[
            ("code", code),
            (
                "minutes",
                (app::core::identity::one_time_code::VALID_FOR_SECS / 60).to_string(),
            ),
        ],
    )
}

enum Failure {
    Temporary(String),
    Permanent(String),
}

/// What one [`try_send_next`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmsOutcome {
    Sent(i64),
    Retried(i64),
    Abandoned(i64),
    Empty,
}

/// Sends the oldest due message, if any, and records the outcome in the same transaction.
pub async fn try_send_next(pool: &PgPool, gateway: &SmsGateway) -> anyhow::Result<SmsOutcome> {
    let mut tx = pool.begin().await.context("starting an SMS transaction")?;
    let Some(row) = sms_outbox::claim_next(&mut tx)
        .await
        .context("claiming an SMS row")?
    else {
        tx.rollback().await.context("ending an SMS transaction")?;
        return Ok(SmsOutcome::Empty);
    };
    let attempts = row.attempts.saturating_add(1);
    let result = if row.now >= row.expires_at {
        Err(Failure::Permanent("expired before it could be sent".into()))
    } else {
        post(gateway, &row).await
    };
    let outcome = match result {
        Ok(()) => {
            sms_outbox::mark_sent(&mut tx, row.id, attempts).await?;
            tracing::info!(sms_id = row.id, template = %row.template, "text message sent");
            SmsOutcome::Sent(row.id)
        }
        Err(failure) => {
            let (error, permanent) = match failure {
                Failure::Temporary(error) => (error, false),
                Failure::Permanent(error) => (error, true),
            };
            let error: String = error.chars().take(MAX_ERROR_CHARS).collect();
            let exhausted = u32::try_from(attempts).unwrap_or(u32::MAX) >= gateway.max_attempts;
            if permanent || exhausted {
                sms_outbox::abandon(&mut tx, row.id, attempts, &error).await?;
                tracing::error!(sms_id = row.id, attempts, %error, "text message abandoned");
                SmsOutcome::Abandoned(row.id)
            } else {
                // Codes live minutes: retry within seconds, not the mail's minutes.
                let delay = backoff(u32::try_from(attempts).unwrap_or(1)).min(SEND_TIMEOUT);
                sms_outbox::schedule_retry(&mut tx, row.id, attempts, &error, delay.as_secs_f64())
                    .await?;
                tracing::warn!(sms_id = row.id, attempts, %error, "text message not sent; will retry");
                SmsOutcome::Retried(row.id)
            }
        }
    };
    tx.commit().await.context("committing an SMS row")?;
    Ok(outcome)
}

async fn post(gateway: &SmsGateway, row: &QueuedSms) -> Result<(), Failure> {
    let body = SmsRequest {
        to: row.to_mobile.clone(),
        text: render(row),
    };
    let response = gateway
        .client
        .post(&gateway.endpoint)
        .bearer_auth(&gateway.token)
        .header("Idempotency-Key", format!("sms-outbox-{}", row.id))
        .json(&body)
        .send()
        .await
        .map_err(|error| Failure::Temporary(format!("gateway unreachable: {error}")))?;
    let status = response.status();
    if status.is_success() {
        return Ok(());
    }
    // The gateway's own words (a machine-readable code), bounded.
    let detail: String = response
        .text()
        .await
        .unwrap_or_default()
        .chars()
        .take(200)
        .collect();
    let error = format!("gateway answered {status}: {detail}");
    if status.is_client_error() && status != reqwest::StatusCode::TOO_MANY_REQUESTS {
        Err(Failure::Permanent(error))
    } else {
        Err(Failure::Temporary(error))
    }
}

/// Sends due messages until `shutdown` completes; woken by `pg_notify('sms_outbox')`.
pub async fn run_sms_worker<S>(pool: PgPool, gateway: SmsGateway, shutdown: S)
where
    S: Future<Output = ()> + Send,
{
    tracing::info!("SMS worker started");
    drain_until_stopped(&pool, CHANNEL, POLL_INTERVAL, shutdown, || async {
        try_send_next(&pool, &gateway)
            .await
            .map(|outcome| outcome != SmsOutcome::Empty)
    })
    .await;
    tracing::info!("SMS worker stopped");
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn settings(url: &str, token: &str) -> SmsSettings {
        SmsSettings {
            url: Some(url.into()),
            token: token.into(),
            max_attempts: 5,
        }
    }

    #[test]
    fn gateways_are_https_or_loopback_with_a_token() {
        assert!(settings("https://sms.example.gov.cn", "t")
            .validate()
            .is_ok());
        assert!(settings("http://127.0.0.1:8083", "t").validate().is_ok());
        assert!(settings("http://sms.example.gov.cn", "t")
            .validate()
            .is_err());
        assert!(settings("https://sms.example.gov.cn", "")
            .validate()
            .is_err());
        assert!(SmsSettings::disabled().validate().is_ok());
        let shown = format!(
            "{:?}",
            settings("https://sms.example.gov.cn", "s3cret-token")
        );
        assert!(!shown.contains("s3cret"), "{shown}");
    }

    #[test]
    fn texts_are_in_the_recipients_language_with_the_code() {
        let row = |locale: &str| QueuedSms {
            id: 1,
            to_mobile: "13800138000".into(),
            locale: locale.into(),
            template: "password_reset".into(),
            params: serde_json::json!({ "code": "042517" }),
            attempts: 0,
            expires_at: chrono::Utc::now(),
            now: chrono::Utc::now(),
        };
        let zh = render(&row("zh-CN"));
        assert!(
            zh.contains("042517") && zh.contains("验证码") && zh.contains('5'),
            "{zh}"
        );
        let en = render(&row("en"));
        assert!(en.contains("042517") && en.contains("code"), "{en}");
    }
}
