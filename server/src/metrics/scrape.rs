//! The scrape: the process's counters plus gauges read from the database now, rendered as
//! Prometheus text. Outside the session and CSRF layers: a scraper has no cookie.
use super::{Metrics, MetricsSettings};
use crate::web::client_address::client_ip;
use axum::extract::{ConnectInfo, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use http::{header, HeaderMap, StatusCode};
use prometheus::{Encoder, GaugeVec, IntGaugeVec, Opts, Registry, TextEncoder};
use sqlx::PgPool;
use std::net::SocketAddr;
use std::sync::Arc;
use subtle::ConstantTimeEq;

#[derive(Clone)]
pub struct ScrapeState {
    pub pool: PgPool,
    pub metrics: Arc<Metrics>,
    pub settings: MetricsSettings,
    /// The trusted proxy header the client's address comes from, if any.
    pub client_ip_header: Option<String>,
}

pub fn router(state: ScrapeState) -> Router {
    Router::new()
        .route("/metrics", get(scrape))
        .with_state(state)
}

fn allowed(state: &ScrapeState, headers: &HeaderMap, peer: SocketAddr) -> bool {
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if let (Some(token), Some(presented)) = (&state.settings.token, presented) {
        return token.as_bytes().ct_eq(presented.as_bytes()).into();
    }
    let address = client_ip(state.client_ip_header.as_deref(), headers, peer);
    state.settings.allow.contains(&address)
}

async fn scrape(
    State(state): State<ScrapeState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    if !allowed(&state, &headers, peer) {
        let body = serde_json::json!({
            "code": "metrics_forbidden",
            "message": "metrics are served to the configured addresses or with the token",
        });
        return (StatusCode::FORBIDDEN, Json(body)).into_response();
    }
    let registry = Registry::new();
    if let Err(error) = database_gauges(&state.pool, &registry).await {
        // The process's own numbers still tell something while the database does not answer.
        tracing::warn!(%error, "metrics: the database gauges could not be read");
    }
    let mut families = state.metrics.registry.gather();
    families.extend(registry.gather());
    let mut body = Vec::new();
    if let Err(error) = TextEncoder::new().encode(&families, &mut body) {
        tracing::error!(%error, "metrics: encoding failed");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    (
        [
            (header::CONTENT_TYPE, prometheus::TEXT_FORMAT),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

fn gauge(registry: &Registry, name: &str, help: &str, labels: &[&str]) -> anyhow::Result<GaugeVec> {
    let gauge = GaugeVec::new(Opts::new(name, help), labels)?;
    registry.register(Box::new(gauge.clone()))?;
    Ok(gauge)
}

fn int_gauge(
    registry: &Registry,
    name: &str,
    help: &str,
    labels: &[&str],
) -> anyhow::Result<IntGaugeVec> {
    let gauge = IntGaugeVec::new(Opts::new(name, help), labels)?;
    registry.register(Box::new(gauge.clone()))?;
    Ok(gauge)
}

/// (destination, waiting, oldest waiting age in seconds, dead letters)
type OutboxRow = (String, i64, f64, i64);

async fn database_gauges(pool: &PgPool, registry: &Registry) -> anyhow::Result<()> {
    let depth = int_gauge(
        registry,
        "portal_outbox_depth",
        "Messages waiting for delivery, by destination (department:<code> or vendor:<id>).",
        &["destination"],
    )?;
    let oldest = gauge(
        registry,
        "portal_outbox_oldest_age_seconds",
        "Age of the oldest message waiting for delivery, by destination.",
        &["destination"],
    )?;
    let dead = int_gauge(
        registry,
        "portal_outbox_dead_letters",
        "Messages given up on and not yet retried or abandoned by the operator, by destination.",
        &["destination"],
    )?;
    // Pending and dead rows only: both outboxes have partial indexes for these.
    let rows: Vec<OutboxRow> = sqlx::query_as(
        "select 'department:' || department_code,
                count(*) filter (where dead_at is null),
                coalesce(extract(epoch from now() - min(created_at) filter (where dead_at is null)), 0)::float8,
                count(*) filter (where dead_at is not null)
         from delivery_outbox
         where delivered_at is null and abandoned_at is null
         group by department_code
         union all
         select 'vendor:' || vendor_id::text,
                count(*) filter (where dead_at is null),
                coalesce(extract(epoch from now() - min(created_at) filter (where dead_at is null)), 0)::float8,
                count(*) filter (where dead_at is not null)
         from vendor_operations
         where delivered_at is null and abandoned_at is null
         group by vendor_id",
    )
    .fetch_all(pool)
    .await?;
    for (destination, waiting, age, dead_letters) in rows {
        depth.with_label_values(&[&destination]).set(waiting);
        oldest.with_label_values(&[&destination]).set(age);
        dead.with_label_values(&[&destination]).set(dead_letters);
    }

    let open = int_gauge(
        registry,
        "portal_circuit_breaker_open",
        "1 while the destination's circuit breaker is open (deliveries paused), else 0.",
        &["destination"],
    )?;
    let failures = int_gauge(
        registry,
        "portal_circuit_breaker_consecutive_failures",
        "Failed deliveries in a row to the destination's system.",
        &["destination"],
    )?;
    let breakers: Vec<(String, i32, bool)> = sqlx::query_as(
        "select 'department:' || department_code, consecutive_failures,
                coalesce(breaker_open_until > now(), false)
         from department_backends where kind = 'http'
         union all
         select 'vendor:' || vendor_id::text, consecutive_failures,
                coalesce(breaker_open_until > now(), false)
         from vendor_systems",
    )
    .fetch_all(pool)
    .await?;
    for (destination, in_a_row, is_open) in breakers {
        open.with_label_values(&[&destination])
            .set(i64::from(is_open));
        failures
            .with_label_values(&[&destination])
            .set(i64::from(in_a_row));
    }

    let queue = int_gauge(
        registry,
        "portal_message_queue",
        "E-mails and text messages by state: waiting to be sent, or abandoned after their retries.",
        &["channel", "state"],
    )?;
    let queue_age = gauge(
        registry,
        "portal_message_queue_oldest_age_seconds",
        "Age of the oldest e-mail or text message waiting to be sent.",
        &["channel"],
    )?;
    let messages: Vec<(String, i64, i64, f64)> = sqlx::query_as(
        "select 'email', count(*) filter (where sent_at is null and abandoned_at is null),
                count(*) filter (where abandoned_at is not null),
                coalesce(extract(epoch from now() - min(created_at)
                    filter (where sent_at is null and abandoned_at is null)), 0)::float8
         from email_outbox
         union all
         select 'sms', count(*) filter (where sent_at is null and abandoned_at is null),
                count(*) filter (where abandoned_at is not null),
                coalesce(extract(epoch from now() - min(created_at)
                    filter (where sent_at is null and abandoned_at is null)), 0)::float8
         from sms_outbox",
    )
    .fetch_all(pool)
    .await?;
    for (channel, waiting, abandoned, age) in messages {
        queue.with_label_values(&[&channel, "waiting"]).set(waiting);
        queue
            .with_label_values(&[&channel, "abandoned"])
            .set(abandoned);
        queue_age.with_label_values(&[&channel]).set(age);
    }

    let connections = int_gauge(
        registry,
        "portal_db_pool_connections",
        "The database pool's connections: open ones in use or idle, and the most it opens.",
        &["state"],
    )?;
    let size = i64::from(pool.size());
    let idle = i64::try_from(pool.num_idle()).unwrap_or(i64::MAX);
    connections.with_label_values(&["idle"]).set(idle);
    connections
        .with_label_values(&["in_use"])
        .set((size - idle).max(0));
    connections
        .with_label_values(&["max"])
        .set(i64::from(pool.options().get_max_connections()));
    Ok(())
}
