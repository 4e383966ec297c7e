//! The backend's durable store (schema `refdept` in its own database): what it received (keyed
//! by idempotency key, so a repeat has no second effect), its cases, downloaded attachments and
//! an outbox of signed callbacks (so a crash between receiving and calling back loses nothing).
use super::config::RuleSet;
use portal_protocol::{AttachmentRef, CaseEvent, EventName, NewCase};
use serde_json::{json, Value};
use sqlx::{PgPool, Postgres, Transaction};
use std::time::Duration;
use uuid::Uuid;

const SCHEMA: &str = r#"
create schema if not exists refdept;
create table if not exists refdept.received (
    department      text not null,
    idempotency_key text not null,
    kind            text not null,
    case_id         uuid not null,
    body            jsonb not null,
    response        jsonb not null,
    hits            integer not null default 1,
    first_at        timestamptz not null default now(),
    last_at         timestamptz not null default now(),
    primary key (department, idempotency_key)
);
create table if not exists refdept.nonces (
    department text not null,
    nonce      text not null,
    seen_at    timestamptz not null default now(),
    primary key (department, nonce)
);
create table if not exists refdept.cases (
    case_id      uuid primary key,
    reference    text not null unique,
    department   text not null,
    case_number  text not null,
    service_code text not null,
    state        text not null,
    answers      jsonb not null,
    payload      jsonb not null,
    supplements  integer not null default 0,
    steps        integer not null default 0,
    next_step_at timestamptz,
    received_at  timestamptz not null default now(),
    updated_at   timestamptz not null default now()
);
create table if not exists refdept.attachments (
    case_id         uuid not null references refdept.cases (case_id),
    attachment_id   uuid not null,
    field           text not null,
    name            text not null,
    content_type    text not null,
    url             text not null,
    expected_sha256 text not null,
    expected_size   bigint not null,
    state           text not null default 'pending' check (state in ('pending', 'downloaded', 'failed')),
    attempts        integer not null default 0,
    next_attempt_at timestamptz not null default now(),
    sha256          text,
    size_bytes      bigint,
    bytes           bytea,
    last_error      text,
    primary key (case_id, attachment_id)
);
create table if not exists refdept.outbox (
    event_id        text primary key,
    seq             bigserial,
    case_id         uuid not null references refdept.cases (case_id),
    department      text not null,
    status          text not null,
    body            jsonb not null,
    state           text not null default 'pending' check (state in ('pending', 'delivered', 'dead', 'cancelled')),
    attempts        integer not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_status     integer,
    last_error      text,
    created_at      timestamptz not null default now(),
    delivered_at    timestamptz
);
"#;

/// Creates the schema if missing; an advisory lock keeps two starting processes from racing.
pub async fn init_schema(pool: &PgPool) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("select pg_advisory_xact_lock(72451)")
        .execute(&mut *tx)
        .await?;
    sqlx::raw_sql(SCHEMA).execute(&mut *tx).await?;
    tx.commit().await
}

/// The department's own id for a case: stable, so a repeat gets the same answer.
pub fn reference_of(department: &str, case_id: Uuid) -> String {
    let hex = case_id.simple().to_string().to_uppercase();
    format!("{department}-R{}", &hex[..12])
}

/// Remembers a nonce; false when it was already seen (a replay).
pub async fn fresh_nonce(pool: &PgPool, department: &str, nonce: &str) -> sqlx::Result<bool> {
    let inserted = sqlx::query(
        "insert into refdept.nonces (department, nonce) values ($1, $2) on conflict do nothing",
    )
    .bind(department)
    .bind(nonce)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

/// Nonces older than twice the window cannot be replayed (their timestamp is stale anyway).
pub async fn prune_nonces(pool: &PgPool, window_secs: i64) -> sqlx::Result<()> {
    sqlx::query("delete from refdept.nonces where seen_at < now() - make_interval(secs => $1)")
        .bind((window_secs * 2) as f64)
        .execute(pool)
        .await?;
    Ok(())
}

pub enum Receipt {
    /// First time this key was seen; `new_case` when it created a case.
    Fresh { response: Value, new_case: bool },
    /// A repeated key: the stored answer, nothing else done.
    Repeat { response: Value },
}

impl Receipt {
    pub fn response(&self) -> &Value {
        match self {
            Self::Fresh { response, .. } | Self::Repeat { response } => response,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EventError {
    #[error("unknown case")]
    UnknownCase,
    #[error("illegal transition from {0}")]
    Illegal(String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Records the key; `Some(stored answer)` when it was already there (its hit count goes up).
async fn claim_key(
    tx: &mut Transaction<'_, Postgres>,
    department: &str,
    key: &str,
    kind: &str,
    case_id: Uuid,
    body: &Value,
    response: &Value,
) -> sqlx::Result<Option<Value>> {
    // A concurrent twin blocks on the primary key until the first commits, then counts as a repeat.
    let (inserted, stored): (bool, Value) = sqlx::query_as(
        "insert into refdept.received (department, idempotency_key, kind, case_id, body, response)
         values ($1, $2, $3, $4, $5, $6)
         on conflict (department, idempotency_key)
           do update set hits = refdept.received.hits + 1, last_at = now()
         returning (xmax = 0), response",
    )
    .bind(department)
    .bind(key)
    .bind(kind)
    .bind(case_id)
    .bind(body)
    .bind(response)
    .fetch_one(&mut **tx)
    .await?;
    Ok((!inserted).then_some(stored))
}

async fn insert_attachments(
    tx: &mut Transaction<'_, Postgres>,
    case_id: Uuid,
    attachments: &[AttachmentRef],
) -> sqlx::Result<()> {
    for a in attachments {
        sqlx::query(
            "insert into refdept.attachments
               (case_id, attachment_id, field, name, content_type, url, expected_sha256, expected_size)
             values ($1, $2, $3, $4, $5, $6, $7, $8)
             on conflict (case_id, attachment_id)
               do update set url = excluded.url, state = 'pending', attempts = 0, next_attempt_at = now()
               where refdept.attachments.state <> 'downloaded'",
        )
        .bind(case_id)
        .bind(a.id)
        .bind(&a.field)
        .bind(&a.name)
        .bind(&a.content_type)
        .bind(&a.url)
        .bind(a.sha256.to_ascii_lowercase())
        .bind(a.size_bytes)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Stores a new case (once per key, and once per case even under another key).
pub async fn receive_case(
    pool: &PgPool,
    rules: &RuleSet,
    department: &str,
    key: &str,
    new_case: &NewCase,
    body: &Value,
) -> sqlx::Result<Receipt> {
    let case = &new_case.case;
    let reference = reference_of(department, case.id);
    let response = json!({"received": true, "reference": reference});
    let mut tx = pool.begin().await?;
    if let Some(stored) =
        claim_key(&mut tx, department, key, "case", case.id, body, &response).await?
    {
        tx.commit().await?;
        return Ok(Receipt::Repeat { response: stored });
    }
    let rule = rules.for_case(department, &case.service_code);
    let created = sqlx::query(
        "insert into refdept.cases
           (case_id, reference, department, case_number, service_code, state, answers, payload, next_step_at)
         values ($1, $2, $3, $4, $5, 'received', $6, $7, now() + make_interval(secs => $8))
         on conflict (case_id) do nothing",
    )
    .bind(case.id)
    .bind(&reference)
    .bind(department)
    .bind(&case.case_number)
    .bind(&case.service_code)
    .bind(&case.answers)
    .bind(body)
    .bind(rule.accept_after_secs as f64)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if created {
        insert_attachments(&mut tx, case.id, &case.attachments).await?;
    }
    tx.commit().await?;
    Ok(Receipt::Fresh {
        response,
        new_case: created,
    })
}

/// Applies `case.resubmitted` or `case.withdrawn` (once per key).
pub async fn receive_event(
    pool: &PgPool,
    rules: &RuleSet,
    department: &str,
    key: &str,
    event: &CaseEvent,
    body: &Value,
) -> Result<Receipt, EventError> {
    let mut tx = pool.begin().await?;
    let row: Option<(String, String, String)> = sqlx::query_as(
        "select reference, state, service_code from refdept.cases
         where case_id = $1 and department = $2 for update",
    )
    .bind(event.case_id)
    .bind(department)
    .fetch_optional(&mut *tx)
    .await?;
    // Another department's case is as unknown as a missing one.
    let Some((reference, state, service_code)) = row else {
        return Err(EventError::UnknownCase);
    };
    let response = json!({"received": true, "reference": reference});
    let kind = event.event.as_str();
    if let Some(stored) = claim_key(
        &mut tx,
        department,
        key,
        kind,
        event.case_id,
        body,
        &response,
    )
    .await?
    {
        tx.commit().await?;
        return Ok(Receipt::Repeat { response: stored });
    }
    let rule = rules.for_case(department, &service_code);
    match (event.event, state.as_str()) {
        (EventName::Resubmitted, "supplement_requested") => {
            sqlx::query(
                "update refdept.cases set state = 'resubmitted', answers = coalesce($2, answers),
                   next_step_at = now() + make_interval(secs => $3), updated_at = now()
                 where case_id = $1",
            )
            .bind(event.case_id)
            .bind(&event.answers)
            .bind(rule.review_after_secs as f64)
            .execute(&mut *tx)
            .await?;
            insert_attachments(
                &mut tx,
                event.case_id,
                event.attachments.as_deref().unwrap_or(&[]),
            )
            .await?;
        }
        (
            EventName::Withdrawn,
            "received" | "accepted" | "in_review" | "supplement_requested" | "resubmitted",
        ) => {
            sqlx::query(
                "update refdept.cases set state = 'withdrawn', next_step_at = null, updated_at = now()
                 where case_id = $1",
            )
            .bind(event.case_id)
            .execute(&mut *tx)
            .await?;
            // Stop: what was not yet called back no longer matters.
            sqlx::query(
                "update refdept.outbox set state = 'cancelled' where case_id = $1 and state = 'pending'",
            )
            .bind(event.case_id)
            .execute(&mut *tx)
            .await?;
        }
        _ => return Err(EventError::Illegal(state)),
    }
    tx.commit().await?;
    Ok(Receipt::Fresh {
        response,
        new_case: false,
    })
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DueAttachment {
    pub case_id: Uuid,
    pub attachment_id: Uuid,
    pub department: String,
    pub url: String,
    pub expected_sha256: String,
    pub expected_size: i64,
    pub attempts: i32,
}

/// Leases due downloads (a crashed worker's lease simply runs out).
pub async fn claim_attachments(pool: &PgPool, lease: Duration) -> sqlx::Result<Vec<DueAttachment>> {
    sqlx::query_as(
        "update refdept.attachments a set attempts = a.attempts + 1,
           next_attempt_at = now() + make_interval(secs => $1)
         from refdept.cases c
         where c.case_id = a.case_id and (a.case_id, a.attachment_id) in (
           select case_id, attachment_id from refdept.attachments
           where state = 'pending' and next_attempt_at <= now()
           order by next_attempt_at limit 8 for update skip locked)
         returning a.case_id, a.attachment_id, c.department, a.url, a.expected_sha256,
                   a.expected_size, a.attempts",
    )
    .bind(lease.as_secs_f64())
    .fetch_all(pool)
    .await
}

pub async fn attachment_downloaded(
    pool: &PgPool,
    a: &DueAttachment,
    sha256: &str,
    bytes: &[u8],
) -> sqlx::Result<()> {
    sqlx::query(
        "update refdept.attachments set state = 'downloaded', sha256 = $3, size_bytes = $4,
           bytes = $5, last_error = null where case_id = $1 and attachment_id = $2",
    )
    .bind(a.case_id)
    .bind(a.attachment_id)
    .bind(sha256)
    .bind(bytes.len() as i64)
    .bind(bytes)
    .execute(pool)
    .await?;
    Ok(())
}

/// `retry_after: None` gives up on the attachment.
pub async fn attachment_failed(
    pool: &PgPool,
    a: &DueAttachment,
    error: &str,
    retry_after: Option<Duration>,
) -> sqlx::Result<()> {
    sqlx::query(
        "update refdept.attachments set last_error = $3,
           state = case when $4::float8 is null then 'failed' else 'pending' end,
           next_attempt_at = now() + make_interval(secs => coalesce($4, 0))
         where case_id = $1 and attachment_id = $2",
    )
    .bind(a.case_id)
    .bind(a.attachment_id)
    .bind(error)
    .bind(retry_after.map(|d| d.as_secs_f64()))
    .execute(pool)
    .await?;
    Ok(())
}
