//! The per-destination circuit breaker (a department's system or a vendor's), kept in the
//! registry rows so every instance sees the same state: `breaker_failures` consecutive failures
//! open it for a cooldown (the destination's rows are not claimed meanwhile); after it one instance probes (half-open) and a success
//! closes it. The first opening of an outage alerts the operators, once, whatever the number
//! of instances (`failing_since` is set only when null).
use super::DeliverySettings;
use app::core::delivery::{breaker, Destination};
use app::core::notifications::{self, CaseNotice};
use sqlx::{PgConnection, PgPool};

/// Notification template of the operators' alert.
pub const ALERT_TEMPLATE: &str = "delivery-backend-failing";

/// Before sending to a destination whose breaker has opened before: lets exactly one instance
/// probe by pushing the cooldown forward. `false`: the breaker is closed or another instance
/// is probing. Committed at once (on the pool) so other instances see it.
pub async fn take_probe(
    pool: &PgPool,
    destination: &Destination,
    settings: &DeliverySettings,
) -> Result<bool, sqlx::Error> {
    breaker::take_probe(
        pool,
        destination,
        threshold(settings),
        settings.breaker_cooldown.as_secs_f64(),
    )
    .await
}

/// A success closes the breaker and ends the outage.
pub async fn record_success(
    conn: &mut PgConnection,
    destination: &Destination,
) -> Result<(), sqlx::Error> {
    breaker::record_success(conn, destination).await
}

/// A failure that says the system is unwell (timeout, refused connection, 5xx, 429…). Opens
/// the breaker at the threshold; the first opening of an outage alerts the operators.
/// Returns whether the breaker is open now.
pub async fn record_failure(
    conn: &mut PgConnection,
    destination: &Destination,
    error: &str,
    settings: &DeliverySettings,
) -> Result<bool, sqlx::Error> {
    let failures = breaker::count_failure(
        conn,
        destination,
        threshold(settings),
        settings.breaker_cooldown.as_secs_f64(),
    )
    .await?;
    let open =
        failures.is_some_and(|f| u32::try_from(f).unwrap_or(0) >= settings.breaker_failures.max(1));
    if !open {
        return Ok(false);
    }
    if let Some((name_zh, name_en)) = breaker::start_outage(conn, destination).await? {
        tracing::error!(destination = destination.key(), %error, "destination system failing; breaker open");
        alert_operators(conn, destination, &name_zh, &name_en, error).await?;
    }
    Ok(true)
}

fn threshold(settings: &DeliverySettings) -> i32 {
    i32::try_from(settings.breaker_failures).unwrap_or(i32::MAX)
}

/// One in-app notification (and e-mail, where they have an address) per active operator.
async fn alert_operators(
    conn: &mut PgConnection,
    destination: &Destination,
    name_zh: &str,
    name_en: &str,
    error: &str,
) -> Result<(), sqlx::Error> {
    let notice = CaseNotice {
        case_number: match destination {
            Destination::Department(code) => code.clone(),
            Destination::Vendor(_) => name_zh.to_string(),
        },
        service_zh: name_zh.to_string(),
        service_en: name_en.to_string(),
        reason: error.chars().take(200).collect(),
        case_path: "/admin/deliveries".into(),
    };
    notifications::notify_operators(conn, ALERT_TEMPLATE, &notice).await
}
