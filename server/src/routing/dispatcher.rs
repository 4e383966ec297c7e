//! The dispatcher: takes due outbox rows and delivers them to their destination's system: cases
//! (`delivery_outbox`) to departments, marketplace operations (`vendor_operations`, see
//! [`super::vendor_dispatch`]) to vendors.
//!
//! Safe with any number of instances: a row is claimed `for update skip locked` and stays locked
//! while it is sent, in the transaction that records the outcome. A crash rolls the claim back
//! and the row is sent again with the same `Idempotency-Key`, which the receiver dedupes. Rows of
//! one case go out in order: a row is not due while an earlier row of its case is pending.
use super::attempt::{classify, error_text, read_limited, Sent};
use super::breaker;
use super::ledger::{self, Attempt, Outcome};
use super::payload::{self, UrlSigner};
use super::DeliverySettings;
use anyhow::Context;
use app::core::delivery::outbox::{self, Backend, Claimed};
use app::core::delivery::{recovery, Destination};
use portal_protocol::signing::{
    Direction, Signable, SignedHeaders, SigningKey, HEADER_IDEMPOTENCY_KEY,
};
use sqlx::PgPool;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// `pg_notify` channel written by `transition::apply` with each new row.
pub const OUTBOX_CHANNEL: &str = "delivery_outbox";

/// One signed POST to a destination's system.
pub(super) struct SignedPost<'a> {
    pub url: &'a str,
    pub path_and_query: &'a str,
    /// The party header: the department's code or the vendor's id.
    pub party: &'a str,
    pub key: &'a SigningKey,
    pub idempotency_key: &'a str,
    pub body: Vec<u8>,
    pub timeout_ms: i32,
    pub limiter: Destination,
    pub max_concurrency: i32,
}

/// What one [`Dispatcher::try_dispatch_once`] call did, with the outbox row's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DispatchOutcome {
    Delivered(i64),
    Retried(i64),
    Dead(i64),
    /// The department's breaker is half-open and another instance is probing it.
    Skipped(i64),
    /// A vendor operation: accepted by the vendor's system, retried later, dead-lettered,
    /// or skipped (half-open breaker).
    OperationAccepted(uuid::Uuid),
    OperationRetried(uuid::Uuid),
    OperationDead(uuid::Uuid),
    OperationSkipped(uuid::Uuid),
    /// Nothing is due.
    Empty,
}

pub struct Dispatcher {
    pool: PgPool,
    client: reqwest::Client,
    settings: DeliverySettings,
    /// Base of attachment URLs (the portal's public address).
    site_url: String,
    /// Per destination: its configured limit and the permits of this instance.
    limits: Mutex<HashMap<String, (u32, Arc<Semaphore>)>>,
    /// Which kind of destination this instance tries first next time.
    turn: AtomicBool,
}

impl Dispatcher {
    pub fn new(pool: PgPool, settings: DeliverySettings, site_url: &str) -> anyhow::Result<Self> {
        // Redirects are never followed: a signed request goes only where the operator said.
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(5))
            .user_agent("yiwang-portal-dispatcher/1")
            .build()
            .context("building the delivery HTTP client")?;
        Ok(Self {
            pool,
            client,
            settings,
            site_url: site_url.trim().trim_end_matches('/').to_string(),
            limits: Mutex::new(HashMap::new()),
            turn: AtomicBool::new(false),
        })
    }

    pub fn settings(&self) -> &DeliverySettings {
        &self.settings
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// The portal's public address (attachment URLs, callback URLs).
    pub fn site_url(&self) -> &str {
        &self.site_url
    }

    fn semaphore(&self, destination: &str, max: u32) -> Arc<Semaphore> {
        let mut limits = self
            .limits
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let entry = limits
            .entry(destination.to_string())
            .or_insert_with(|| (max, Arc::new(Semaphore::new(max as usize))));
        if entry.0 != max {
            // The operator changed the limit: new sends use the new one.
            *entry = (max, Arc::new(Semaphore::new(max as usize)));
        }
        entry.1.clone()
    }

    /// Claims the oldest due row of either kind of destination, delivers it and records the
    /// outcome, in one transaction. An `Err` means the database could not be used (the row, if
    /// any, stays as it was).
    pub async fn try_dispatch_once(&self) -> anyhow::Result<DispatchOutcome> {
        // The kinds take turns going first, so a long queue of one never starves the other.
        let operations_first = self.turn.fetch_xor(true, Ordering::Relaxed);
        let first = if operations_first {
            self.dispatch_operation().await?
        } else {
            self.dispatch_case().await?
        };
        if first != DispatchOutcome::Empty {
            return Ok(first);
        }
        if operations_first {
            self.dispatch_case().await
        } else {
            self.dispatch_operation().await
        }
    }

    /// A case for a department's system.
    async fn dispatch_case(&self) -> anyhow::Result<DispatchOutcome> {
        let mut tx = self.pool.begin().await.context("starting a delivery")?;
        let claimed = outbox::claim_next(&mut tx)
            .await
            .context("claiming an outbox row")?;
        let Some(row) = claimed else {
            tx.rollback().await.context("ending a delivery")?;
            return Ok(DispatchOutcome::Empty);
        };
        let backend = outbox::backend_of(&mut tx, &row.department_code)
            .await
            .context("reading the department's backend")?;
        let backend = match backend {
            Some(b) if b.kind == "http" => b,
            // The portal's own workbench: the clerks' queue reads the case itself.
            _ => {
                self.finish(&mut tx, &row, "workbench", None, None, 0, Ok(None))
                    .await?;
                tx.commit().await.context("committing a delivery")?;
                return Ok(DispatchOutcome::Delivered(row.id));
            }
        };
        let threshold = i32::try_from(self.settings.breaker_failures).unwrap_or(i32::MAX);
        if backend.consecutive_failures >= threshold
            && !breaker::take_probe(
                &self.pool,
                &Destination::Department(row.department_code.clone()),
                &self.settings,
            )
            .await?
        {
            tx.rollback().await.context("ending a delivery")?;
            return Ok(DispatchOutcome::Skipped(row.id));
        }
        let (url, sent, latency, reference) = self.send(&mut tx, &row, &backend).await?;
        let outcome = match sent {
            Sent::Ok { status } => {
                breaker::record_success(
                    &mut tx,
                    &Destination::Department(row.department_code.clone()),
                )
                .await?;
                self.finish(
                    &mut tx,
                    &row,
                    "http",
                    Some(&url),
                    Some(status),
                    latency,
                    Ok(reference),
                )
                .await?
            }
            Sent::Transient { status, error } => {
                breaker::record_failure(
                    &mut tx,
                    &Destination::Department(row.department_code.clone()),
                    &error,
                    &self.settings,
                )
                .await?;
                self.finish(
                    &mut tx,
                    &row,
                    "http",
                    Some(&url),
                    status,
                    latency,
                    Err((error, false)),
                )
                .await?
            }
            Sent::Permanent { status, error } => {
                self.finish(
                    &mut tx,
                    &row,
                    "http",
                    Some(&url),
                    status,
                    latency,
                    Err((error, true)),
                )
                .await?
            }
        };
        tx.commit().await.context("committing a delivery")?;
        Ok(outcome)
    }

    /// Builds, signs and sends the row's request (the row stays locked meanwhile).
    async fn send(
        &self,
        tx: &mut sqlx::PgConnection,
        row: &Claimed,
        backend: &Backend,
    ) -> anyhow::Result<(String, Sent, u128, Option<String>)> {
        let base = backend.base_url.clone().unwrap_or_default();
        let Some(key) = backend
            .signing_key_hex
            .as_deref()
            .and_then(SigningKey::from_hex)
        else {
            let error = "the backend has no usable signing key".to_string();
            return Ok((
                base,
                Sent::Permanent {
                    status: None,
                    error,
                },
                0,
                None,
            ));
        };
        let signer = UrlSigner {
            site_url: &self.site_url,
            key: &key,
            ttl_secs: i64::try_from(self.settings.attachment_ttl.as_secs()).unwrap_or(900),
        };
        let built = match payload::build(
            tx,
            row.case_id,
            row.case_event_id,
            row.delivery_id,
            &row.event,
            &signer,
        )
        .await
        {
            Ok(built) => built,
            // The row points at nothing: it can never be sent, so it must not block its case.
            Err(sqlx::Error::RowNotFound) => {
                let error = "the case or its event no longer exists".to_string();
                return Ok((
                    base,
                    Sent::Permanent {
                        status: None,
                        error,
                    },
                    0,
                    None,
                ));
            }
            Err(error) => return Err(error).context("building the payload"),
        };
        let Some(outbound) = built else {
            let error = format!("unknown event {:?}", row.event);
            return Ok((
                base,
                Sent::Permanent {
                    status: None,
                    error,
                },
                0,
                None,
            ));
        };
        let url = format!("{base}{}", outbound.path);
        let path_and_query = match reqwest::Url::parse(&url) {
            Ok(parsed) => match parsed.query() {
                Some(q) => format!("{}?{q}", parsed.path()),
                None => parsed.path().to_string(),
            },
            Err(error) => {
                let error = format!("invalid backend URL: {error}");
                return Ok((
                    url,
                    Sent::Permanent {
                        status: None,
                        error,
                    },
                    0,
                    None,
                ));
            }
        };
        let (sent, latency, reference) = self
            .post_signed(SignedPost {
                url: &url,
                path_and_query: &path_and_query,
                party: &row.department_code,
                key: &key,
                idempotency_key: &outbound.idempotency_key,
                body: outbound.body,
                timeout_ms: backend.timeout_ms,
                limiter: Destination::Department(row.department_code.clone()),
                max_concurrency: backend.max_concurrency,
            })
            .await?;
        Ok((url, sent, latency, reference))
    }

    /// Signs and sends one POST, within the destination's concurrency limit, and classifies
    /// the answer: the part both kinds of destination share.
    pub(super) async fn post_signed(
        &self,
        post: SignedPost<'_>,
    ) -> anyhow::Result<(Sent, u128, Option<String>)> {
        let signed = SignedHeaders::sign(
            &post.key.toward(Direction::PortalToSystem),
            post.party,
            &Signable {
                method: "POST",
                path_and_query: post.path_and_query,
                idempotency_key: Some(post.idempotency_key),
                body: &post.body,
            },
            super::now_unix(),
        );
        let mut request = self
            .client
            .post(post.url)
            .timeout(Duration::from_millis(
                u64::try_from(post.timeout_ms).unwrap_or(5000),
            ))
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(HEADER_IDEMPOTENCY_KEY, post.idempotency_key)
            .body(post.body);
        for (name, value) in signed.pairs() {
            request = request.header(name, value);
        }
        let permits = self.semaphore(
            &post.limiter.key(),
            u32::try_from(post.max_concurrency).unwrap_or(1).max(1),
        );
        let _permit = permits.acquire_owned().await.context("delivery limiter")?;
        let started = Instant::now();
        let result = request.send().await;
        let (sent, reference) = match result {
            Err(error) => (
                Sent::Transient {
                    status: None,
                    error: error_text(&error),
                },
                None,
            ),
            Ok(response) => {
                let status = response.status().as_u16();
                let body = read_limited(response).await;
                classify(status, &body)
            }
        };
        Ok((sent, started.elapsed().as_millis(), reference))
    }

    /// Records the attempt: delivered, retried later, or dead-lettered.
    #[allow(clippy::too_many_arguments)]
    async fn finish(
        &self,
        tx: &mut sqlx::PgConnection,
        row: &Claimed,
        kind: &str,
        url: Option<&str>,
        status_code: Option<u16>,
        latency_ms: u128,
        result: Result<Option<String>, (String, bool)>,
    ) -> anyhow::Result<DispatchOutcome> {
        let attempts = row.attempts.saturating_add(1);
        let (outcome, error, reported) = match result {
            Ok(reference) => {
                outbox::mark_delivered(&mut *tx, row.id, attempts, reference)
                    .await
                    .context("marking a delivery done")?;
                (Outcome::Delivered, None, DispatchOutcome::Delivered(row.id))
            }
            Err((error, permanent)) => {
                let error: String = error.chars().take(ledger::MAX_ERROR_CHARS).collect();
                let too_old = row.age_secs >= self.settings.max_age.as_secs_f64();
                if permanent || too_old {
                    let reason = if permanent {
                        error.clone()
                    } else {
                        format!("gave up after {attempts} attempts: {error}")
                    };
                    outbox::dead_letter(&mut *tx, row.id, attempts, &reason, &error)
                        .await
                        .context("dead-lettering a delivery")?;
                    tracing::error!(outbox_id = row.id, %reason, "delivery dead-lettered");
                    // Nothing retries it now: somebody must know (the applicant's page says it
                    // too, from the dead row itself).
                    recovery::alert_dead_letter(&mut *tx, row.case_id, &reason)
                        .await
                        .context("alerting the operators to a dead letter")?;
                    (Outcome::Dead, Some(error), DispatchOutcome::Dead(row.id))
                } else {
                    let delay = self
                        .settings
                        .backoff(u32::try_from(attempts).unwrap_or(u32::MAX));
                    outbox::schedule_retry(&mut *tx, row.id, attempts, delay.as_secs_f64(), &error)
                        .await
                        .context("scheduling a delivery retry")?;
                    tracing::warn!(outbox_id = row.id, attempts, %error, "delivery failed; will retry");
                    (
                        Outcome::Retry,
                        Some(error),
                        DispatchOutcome::Retried(row.id),
                    )
                }
            }
        };
        ledger::record(
            tx,
            &Attempt {
                outbox_id: row.id,
                case_id: row.case_id,
                department_code: &row.department_code,
                backend_kind: kind,
                url,
                status_code,
                latency_ms,
                error: error.as_deref(),
                outcome,
            },
        )
        .await
        .context("writing the delivery ledger")?;
        Ok(reported)
    }
}
