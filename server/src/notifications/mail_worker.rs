//! The mail worker: takes due rows from `email_outbox`, renders and sends them over SMTP,
//! and records the outcome. Several server instances may run it at once: each row is claimed
//! with `for update skip locked` inside the transaction that also marks it sent, so two workers
//! never send the same row.
use super::email::{self, EmailParams};
use super::{redact_url, MailSettings};
use crate::listener::{wake_on_notify, Wake};
use anyhow::{anyhow, bail, Context};
use app::core::mail_outbox::{self, QueuedMail};
use app::i18n::Locale;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use rand::Rng;
use sqlx::PgPool;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// `pg_notify` channel: a notification on it wakes the worker at once instead of at the next poll.
pub const OUTBOX_CHANNEL: &str = "email_outbox";
/// How often the worker looks for due rows when nothing woke it.
const POLL_INTERVAL: Duration = Duration::from_secs(2);
/// Each SMTP command (connect, EHLO, DATA, …) gives up after this long.
const SMTP_COMMAND_TIMEOUT: Duration = Duration::from_secs(10);
/// A whole SMTP transaction gives up after this long (the row stays locked meanwhile).
const SEND_TIMEOUT: Duration = Duration::from_secs(20);
/// Retry delays: full jitter over `BASE · 2^(attempt-1)`, at most `CAP`, at least `FLOOR`.
const BACKOFF_BASE: Duration = Duration::from_secs(5);
const BACKOFF_CAP: Duration = Duration::from_secs(600);
const BACKOFF_FLOOR: Duration = Duration::from_secs(1);
/// Stored errors are cut to this many characters.
const MAX_ERROR_CHARS: usize = 500;

/// An SMTP connection recipe plus what every mail shares.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    site_url: String,
    max_attempts: u32,
    /// The SMTP URL without credentials, for logs.
    server: String,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("server", &self.server)
            .field("from", &self.from.to_string())
            .field("site_url", &self.site_url)
            .field("max_attempts", &self.max_attempts)
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// Checks the settings and prepares the SMTP transport (no connection is made).
    /// `Ok(None)`: mail is disabled (`smtp_url` is `None`).
    pub fn new(settings: &MailSettings) -> anyhow::Result<Option<Self>> {
        let from: Mailbox = settings.from.parse().map_err(|error| {
            anyhow!(
                "invalid sender {:?} ({error}); expected e.g. 一网通办 <noreply@portal.example.gov.cn>",
                settings.from
            )
        })?;
        let site_url = settings.site_url.trim().trim_end_matches('/').to_string();
        let host = site_url
            .strip_prefix("https://")
            .or_else(|| site_url.strip_prefix("http://"));
        if host.is_none_or(|host| host.is_empty() || host.contains(char::is_whitespace)) {
            bail!("invalid site URL {site_url:?}; expected e.g. https://portal.example.gov.cn");
        }
        if settings.max_attempts == 0 {
            bail!("the maximum number of mail attempts must be at least 1");
        }
        let Some(url) = settings.smtp_url.as_deref() else {
            return Ok(None);
        };
        let server = redact_url(url);
        let invalid = |why: String| {
            anyhow!(
                "invalid SMTP URL {server} ({why}); expected smtp://host:port, \
                 smtp://user:password@host:port?tls=required or smtps://user:password@host:port"
            )
        };
        if !has_host(url) {
            return Err(invalid("no host".into()));
        }
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|error| invalid(error.to_string()))?
            .timeout(Some(SMTP_COMMAND_TIMEOUT))
            .build();
        Ok(Some(Self {
            transport,
            from,
            site_url,
            max_attempts: settings.max_attempts,
            server,
        }))
    }

    /// The SMTP server, without credentials.
    pub fn server(&self) -> &str {
        &self.server
    }
}

fn has_host(url: &str) -> bool {
    let Some((_, rest)) = url.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let host = host_port.split(':').next().unwrap_or_default();
    !host.is_empty()
}

/// What one [`try_send_next`] call did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SendOutcome {
    /// The row with this id was sent and marked sent.
    Sent(i64),
    /// Sending failed; the row will be tried again later.
    Retried(i64),
    /// Sending failed for the last time (or can never succeed); the row is marked abandoned.
    Abandoned(i64),
    /// No row was due.
    Empty,
}

enum Failure {
    /// Worth retrying (network, timeout, SMTP 4xx/5xx answers).
    Temporary(String),
    /// Can never succeed (e.g. the recipient is not an e-mail address).
    Permanent(String),
}

/// Sends the oldest due mail, if any: claims it, renders it, sends it over SMTP and records the
/// outcome, all in one transaction. An `Err` means the database could not be used.
pub async fn try_send_next(pool: &PgPool, mailer: &Mailer) -> anyhow::Result<SendOutcome> {
    let mut tx = pool
        .begin()
        .await
        .context("starting an outbox transaction")?;
    let row = mail_outbox::claim_next(&mut tx)
        .await
        .context("claiming an outbox row")?;
    let Some(row) = row else {
        tx.rollback()
            .await
            .context("ending an outbox transaction")?;
        return Ok(SendOutcome::Empty);
    };
    let attempts = row.attempts.saturating_add(1);
    let result = match compose(mailer, &row) {
        Err(error) => Err(Failure::Permanent(format!("{error:#}"))),
        Ok(message) => {
            match tokio::time::timeout(SEND_TIMEOUT, mailer.transport.send(message)).await {
                Ok(Ok(_response)) => Ok(()),
                Ok(Err(error)) => Err(Failure::Temporary(error.to_string())),
                Err(_) => Err(Failure::Temporary(format!(
                    "SMTP transaction timed out after {} s",
                    SEND_TIMEOUT.as_secs()
                ))),
            }
        }
    };
    let outcome = match result {
        Ok(()) => {
            mail_outbox::mark_sent(&mut tx, row.id, attempts)
                .await
                .context("marking a mail sent")?;
            tracing::info!(outbox_id = row.id, template = %row.template, "e-mail sent");
            SendOutcome::Sent(row.id)
        }
        Err(failure) => {
            let (error, permanent) = match failure {
                Failure::Temporary(error) => (error, false),
                Failure::Permanent(error) => (error, true),
            };
            let error: String = error.chars().take(MAX_ERROR_CHARS).collect();
            let exhausted = u32::try_from(attempts).unwrap_or(u32::MAX) >= mailer.max_attempts;
            if permanent || exhausted {
                mail_outbox::abandon(&mut tx, row.id, attempts, &error)
                    .await
                    .context("marking a mail abandoned")?;
                tracing::error!(outbox_id = row.id, attempts, %error, "e-mail abandoned");
                SendOutcome::Abandoned(row.id)
            } else {
                let delay = backoff(u32::try_from(attempts).unwrap_or(1));
                mail_outbox::schedule_retry(&mut tx, row.id, attempts, &error, delay.as_secs_f64())
                    .await
                    .context("scheduling a mail retry")?;
                tracing::warn!(
                    outbox_id = row.id,
                    attempts,
                    retry_in_s = delay.as_secs(),
                    %error,
                    "e-mail not sent; will retry"
                );
                SendOutcome::Retried(row.id)
            }
        }
    };
    tx.commit().await.context("committing an outbox row")?;
    Ok(outcome)
}

/// The delay before retry number `attempt` (1 after the first failure): uniformly random between
/// zero and `min(cap, base · 2^(attempt-1))` ("full jitter"), but never under a second.
pub fn backoff(attempt: u32) -> Duration {
    let exponent = attempt.saturating_sub(1).min(20);
    let ceiling = BACKOFF_BASE
        .saturating_mul(1u32 << exponent)
        .min(BACKOFF_CAP);
    let millis = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
    let jittered = Duration::from_millis(rand::thread_rng().gen_range(0..=millis));
    jittered.max(BACKOFF_FLOOR)
}

/// The MIME message for a row (multipart/alternative: plain text and HTML).
fn compose(mailer: &Mailer, row: &QueuedMail) -> anyhow::Result<Message> {
    let to: Mailbox = row
        .to_address
        .trim()
        .parse()
        .map_err(|error| anyhow!("invalid recipient address: {error}"))?;
    let locale = Locale::from_tag(&row.locale).unwrap_or_default();
    let params = EmailParams::from_json(&row.params);
    let rendered = email::render(locale, &row.template, &params, &mailer.site_url)
        .context("rendering the mail")?;
    // Stable across retries, so a receiving server can drop a duplicate.
    let message_id = format!(
        "<outbox.{}.{}@{}>",
        row.id,
        row.created_at.timestamp_micros(),
        mailer.from.email.domain()
    );
    Message::builder()
        .from(mailer.from.clone())
        .to(to)
        .subject(rendered.subject)
        .message_id(Some(message_id))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("Content-Language"),
            locale.tag().to_string(),
        ))
        // RFC 3834: no auto-replies (vacation notices) to this mail, please.
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("Auto-Submitted"),
            "auto-generated".to_string(),
        ))
        .multipart(MultiPart::alternative_plain_html(
            rendered.text,
            rendered.html,
        ))
        .context("building the mail")
}

/// Sends due mails until `shutdown` completes: drains every due row, then waits for a
/// `pg_notify('email_outbox', …)` or the next poll. A mail being sent when `shutdown` completes
/// is finished (at most [`SEND_TIMEOUT`]) before the worker returns.
pub async fn run_mail_worker<S>(pool: PgPool, mailer: Mailer, shutdown: S)
where
    S: Future<Output = ()> + Send,
{
    tracing::info!(server = %mailer.server, "mail worker started");
    drain_until_stopped(&pool, OUTBOX_CHANNEL, POLL_INTERVAL, shutdown, || async {
        try_send_next(&pool, &mailer)
            .await
            .map(|outcome| outcome != SendOutcome::Empty)
    })
    .await;
    tracing::info!("mail worker stopped");
}

/// The loop every outbox worker runs until `shutdown` completes: `send_next` until it says
/// nothing was due (`Ok(false)`) or fails, then wait for a notification on `channel` or the
/// next poll. Shutdown is looked at between messages only, never during one.
pub(crate) async fn drain_until_stopped<S, F, Fut>(
    pool: &PgPool,
    channel: &'static str,
    poll: Duration,
    shutdown: S,
    mut send_next: F,
) where
    S: Future<Output = ()> + Send,
    F: FnMut() -> Fut,
    Fut: Future<Output = anyhow::Result<bool>>,
{
    let wake = Arc::new(Notify::new());
    let _listener = AbortOnDrop(tokio::spawn(wake_on_notify(
        pool.clone(),
        channel,
        wake.clone(),
        Wake::One,
    )));
    tokio::pin!(shutdown);
    'running: loop {
        loop {
            let stop = tokio::select! {
                biased;
                () = &mut shutdown => true,
                () = std::future::ready(()) => false,
            };
            if stop {
                break 'running;
            }
            match send_next().await {
                Ok(true) => {}
                Ok(false) => break,
                Err(error) => {
                    tracing::warn!(
                        error = format!("{error:#}"),
                        channel,
                        "outbox worker cannot reach the outbox"
                    );
                    break;
                }
            }
        }
        tokio::select! {
            () = &mut shutdown => break 'running,
            () = tokio::time::sleep(poll) => {}
            () = wake.notified() => {}
        }
    }
}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_with_jitter_and_is_capped() {
        for _ in 0..200 {
            let first = backoff(1);
            assert!(first >= BACKOFF_FLOOR && first <= BACKOFF_BASE, "{first:?}");
            let fourth = backoff(4);
            assert!(fourth <= Duration::from_secs(40), "{fourth:?}");
            assert!(backoff(30) <= BACKOFF_CAP);
            assert!(backoff(u32::MAX) <= BACKOFF_CAP);
        }
        // Jitter: not every draw the same.
        let draws: std::collections::BTreeSet<_> = (0..50).map(|_| backoff(8)).collect();
        assert!(draws.len() > 1);
    }

    #[test]
    fn hosts_are_required() {
        assert!(has_host("smtp://127.0.0.1:2525"));
        assert!(has_host("smtps://u:p@mail.example"));
        assert!(!has_host("smtp://"));
        assert!(!has_host("smtp://u:p@:25"));
        assert!(!has_host("mail.example"));
    }
}
