//! The dispatcher's second kind of destination: marketplace operations (`market.v1`) to
//! vendors' systems. Claimed, signed, limited, retried, dead-lettered, broken-circuited and
//! written to the ledger by the same machinery as case deliveries; only the payload, the
//! registry row and what a permanent refusal means differ.
use super::attempt::Sent;
use super::breaker;
use super::dispatcher::{DispatchOutcome, Dispatcher, SignedPost};
use super::ledger;
use anyhow::Context;
use app::core::delivery::ledger::{OperationAttempt, Outcome};
use app::core::delivery::vendor_outbox::{self, ClaimedOperation};
use app::core::delivery::Destination;
use app::core::market::provisioning;
use portal_protocol::market::{
    DesiredState, EnterpriseRef, OperationRequest, OperationType, PriceBreakdown, MARKET_PROTOCOL,
};
use portal_protocol::signing::SigningKey;
use serde_json::Value;

/// The portal's path for a vendor's reports on one operation.
pub fn callback_path(operation_id: uuid::Uuid) -> String {
    format!("/api/market/v1/operations/{operation_id}/outcome")
}

/// The protocol body of a claimed operation (its `desired` column holds the subscription's
/// whole state as written in the transaction of the move).
pub fn request_of(op: &ClaimedOperation, site_url: &str) -> Option<OperationRequest> {
    let d = &op.desired;
    let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_string);
    let int = |v: &Value, key: &str| v.get(key).and_then(Value::as_i64);
    let enterprise = d.get("enterprise")?;
    let price = d.get("price")?;
    // What the vendor must make of the subscription's state.
    let status = match d.get("state").and_then(Value::as_str)? {
        "suspended" => "suspended",
        "terminated" | "expired" | "closed" | "provisioning_failed" => "cancelled",
        _ => "active",
    };
    Some(OperationRequest {
        protocol: MARKET_PROTOCOL.into(),
        operation_id: op.id,
        operation_type: OperationType::parse(&op.operation)?,
        subscription_id: op.subscription_id,
        generation: op.generation,
        desired: DesiredState {
            product: text(d, "product")?,
            plan: text(d, "plan")?,
            quantity: i32::try_from(int(d, "quantity")?).ok()?,
            term: text(d, "term")?,
            status: status.into(),
        },
        enterprise: EnterpriseRef {
            name: text(enterprise, "name")?,
            credit_code: text(enterprise, "credit_code")?,
            contact_name: text(enterprise, "contact_name").unwrap_or_default(),
        },
        price: PriceBreakdown {
            list_fen: int(price, "list_fen")?,
            vendor_discount_fen: int(price, "vendor_discount_fen")?,
            subsidy_fen: int(price, "subsidy_fen")?,
            sme_fen: int(price, "sme_fen")?,
        },
        deadline: op.deadline_at,
        callback_url: format!("{site_url}{}", callback_path(op.id)),
    })
}

impl Dispatcher {
    /// A marketplace operation for a vendor's system.
    pub(super) async fn dispatch_operation(&self) -> anyhow::Result<DispatchOutcome> {
        let mut tx = self.pool().begin().await.context("starting a delivery")?;
        let claimed = vendor_outbox::claim_next(&mut tx)
            .await
            .context("claiming a vendor operation")?;
        let Some(op) = claimed else {
            tx.rollback().await.context("ending a delivery")?;
            return Ok(DispatchOutcome::Empty);
        };
        let system = vendor_outbox::system_of(&mut tx, op.vendor_id)
            .await
            .context("reading the vendor's system")?;
        let Some(system) = system else {
            // Claimed only with a system; removed meanwhile: it waits for the next one.
            tx.rollback().await.context("ending a delivery")?;
            return Ok(DispatchOutcome::OperationSkipped(op.id));
        };
        let destination = Destination::Vendor(op.vendor_id);
        let settings = self.settings().clone();
        let threshold = i32::try_from(settings.breaker_failures).unwrap_or(i32::MAX);
        if system.consecutive_failures >= threshold
            && !breaker::take_probe(self.pool(), &destination, &settings).await?
        {
            tx.rollback().await.context("ending a delivery")?;
            return Ok(DispatchOutcome::OperationSkipped(op.id));
        }
        let base = system.base_url.trim_end_matches('/').to_string();
        let url = format!("{base}/operations");
        let key = SigningKey::from_hex(&system.signing_key_hex);
        let request = request_of(&op, self.site_url());
        let path = reqwest::Url::parse(&url).map(|u| u.path().to_string());
        let (sent, latency) = match (key, request, path) {
            (Some(key), Some(request), Ok(path)) => {
                let body = serde_json::to_vec(&request).context("encoding an operation")?;
                let (sent, latency, _) = self
                    .post_signed(SignedPost {
                        url: &url,
                        path_and_query: &path,
                        party: &op.vendor_id.to_string(),
                        key: &key,
                        idempotency_key: &op.id.to_string(),
                        body,
                        timeout_ms: system.timeout_ms,
                        limiter: destination.clone(),
                        max_concurrency: system.max_concurrency,
                    })
                    .await?;
                (sent, latency)
            }
            (None, _, _) => (permanent("the vendor system has no usable signing key"), 0),
            (_, None, _) => (permanent("the operation's stored state is incomplete"), 0),
            (_, _, Err(_)) => (permanent("the vendor system's URL is invalid"), 0),
        };
        let attempts = op.attempts.saturating_add(1);
        let (outcome, status, error, reported) = match sent {
            Sent::Ok { status } => {
                breaker::record_success(&mut tx, &destination).await?;
                vendor_outbox::mark_accepted(&mut tx, op.id, attempts).await?;
                (
                    Outcome::Delivered,
                    Some(status),
                    None,
                    DispatchOutcome::OperationAccepted(op.id),
                )
            }
            Sent::Transient { status, error } => {
                breaker::record_failure(&mut tx, &destination, &error, &settings).await?;
                let error: String = error.chars().take(ledger::MAX_ERROR_CHARS).collect();
                if op.age_secs >= settings.max_age.as_secs_f64() {
                    let reason = format!("gave up after {attempts} attempts: {error}");
                    self.give_up(&mut tx, &op, attempts, &reason, &error)
                        .await?;
                    (
                        Outcome::Dead,
                        status,
                        Some(error),
                        DispatchOutcome::OperationDead(op.id),
                    )
                } else {
                    let delay = settings.backoff(u32::try_from(attempts).unwrap_or(u32::MAX));
                    vendor_outbox::schedule_retry(
                        &mut tx,
                        op.id,
                        attempts,
                        delay.as_secs_f64(),
                        &error,
                    )
                    .await?;
                    tracing::warn!(operation_id = %op.id, attempts, %error, "vendor operation failed; will retry");
                    (
                        Outcome::Retry,
                        status,
                        Some(error),
                        DispatchOutcome::OperationRetried(op.id),
                    )
                }
            }
            Sent::Permanent { status, error } => {
                let error: String = error.chars().take(ledger::MAX_ERROR_CHARS).collect();
                self.give_up(&mut tx, &op, attempts, &error, &error).await?;
                (
                    Outcome::Dead,
                    status,
                    Some(error),
                    DispatchOutcome::OperationDead(op.id),
                )
            }
        };
        app::core::delivery::ledger::record_operation(
            &mut tx,
            &OperationAttempt {
                operation_id: op.id,
                vendor_id: op.vendor_id,
                url: &url,
                status_code: status,
                latency_ms: latency,
                error: error.as_deref(),
                outcome,
            },
        )
        .await
        .context("writing the delivery ledger")?;
        tx.commit().await.context("committing a delivery")?;
        Ok(reported)
    }

    async fn give_up(
        &self,
        tx: &mut sqlx::PgConnection,
        op: &ClaimedOperation,
        attempts: i32,
        reason: &str,
        error: &str,
    ) -> anyhow::Result<()> {
        vendor_outbox::dead_letter(&mut *tx, op.id, attempts, reason, error)
            .await
            .context("dead-lettering an operation")?;
        tracing::error!(operation_id = %op.id, %reason, "vendor operation dead-lettered");
        provisioning::refused_at_delivery(&mut *tx, op.id, reason)
            .await
            .context("recording the vendor's refusal")?;
        Ok(())
    }
}

fn permanent(error: &str) -> Sent {
    Sent::Permanent {
        status: None,
        error: error.to_string(),
    }
}
