//! The vendor's durable store (schema `refvendor` in its own database): the operations it
//! received with the answer each got (keyed by vendor and operation id, so a repeat has no
//! second effect), the subscriptions they built, seen nonces and an outbox of signed reports.
use portal_protocol::market::{
    codes, OperationAnswer, OperationRequest, ProtocolRefusal, VendorView,
};
use serde_json::{json, Value};
use sqlx::PgPool;
use uuid::Uuid;

const SCHEMA: &str = r#"
create schema if not exists refvendor;
create table if not exists refvendor.nonces (
    vendor_id uuid not null,
    nonce     text not null,
    seen_at   timestamptz not null default now(),
    primary key (vendor_id, nonce)
);
create table if not exists refvendor.operations (
    vendor_id       uuid not null,
    operation_id    uuid not null,
    subscription_id uuid not null,
    operation_type  text not null,
    generation      integer not null,
    body            jsonb not null,
    answer_status   integer not null,
    answer          jsonb not null,
    state           text not null check (state in ('pending', 'done', 'refused')),
    outcome         text,
    progress_sent   boolean not null default false,
    due_at          timestamptz,
    hits            integer not null default 1,
    first_at        timestamptz not null default now(),
    last_at         timestamptz not null default now(),
    primary key (vendor_id, operation_id)
);
create index if not exists operations_due on refvendor.operations (due_at) where state = 'pending';
create table if not exists refvendor.subscriptions (
    subscription_id    uuid primary key,
    vendor_id          uuid not null,
    product            text not null,
    plan               text not null,
    quantity           integer not null,
    term               text not null,
    status             text not null,
    generation         integer not null,
    tenant_id          text unique,
    enterprise_name    text not null,
    credit_code        text not null,
    provisions         integer not null default 0,
    operations_applied integer not null default 0,
    updated_at         timestamptz not null default now()
);
create table if not exists refvendor.outbox (
    report_id       text primary key,
    seq             bigserial,
    vendor_id       uuid not null,
    operation_id    uuid not null,
    subscription_id uuid not null,
    url             text not null,
    status          text not null,
    body            jsonb not null,
    state           text not null default 'pending' check (state in ('pending', 'delivered', 'dead')),
    attempts        integer not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_status     integer,
    last_error      text,
    created_at      timestamptz not null default now(),
    delivered_at    timestamptz
);
create table if not exists refvendor.usage (
    record_id       text primary key,
    vendor_id       uuid not null,
    subscription_id uuid not null,
    dimension       text not null,
    quantity        bigint not null,
    used_at         timestamptz not null,
    callback_url    text,
    result          text,
    answered_at     timestamptz
);
create table if not exists refvendor.sso_uses (
    vendor_id       uuid not null,
    jti             uuid not null,
    subscription_id uuid not null,
    agent           text not null,
    used_at         timestamptz not null default now(),
    primary key (vendor_id, jti)
);
"#;

/// Creates the schema if missing; an advisory lock keeps two starting processes from racing.
pub async fn init_schema(pool: &PgPool) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("select pg_advisory_xact_lock(72452)")
        .execute(&mut *tx)
        .await?;
    sqlx::raw_sql(SCHEMA).execute(&mut *tx).await?;
    tx.commit().await
}

/// Remembers a nonce; false when it was already seen (a replay).
pub async fn fresh_nonce(pool: &PgPool, vendor: Uuid, nonce: &str) -> sqlx::Result<bool> {
    let inserted = sqlx::query(
        "insert into refvendor.nonces (vendor_id, nonce) values ($1, $2) on conflict do nothing",
    )
    .bind(vendor)
    .bind(nonce)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

/// Nonces older than twice the window cannot be replayed (their timestamp is stale anyway).
pub async fn prune_nonces(pool: &PgPool, window_secs: i64) -> sqlx::Result<()> {
    sqlx::query("delete from refvendor.nonces where seen_at < now() - make_interval(secs => $1)")
        .bind((window_secs * 2) as f64)
        .execute(pool)
        .await?;
    Ok(())
}

/// The answer to a received operation, as stored (a repeat gets exactly this again).
#[derive(Clone, Debug)]
pub struct Receipt {
    pub status: u16,
    pub body: Value,
    /// First time this operation id was seen and it was accepted: there is work to do.
    pub accepted_now: bool,
}

pub enum ReceiveError {
    /// The subscription id is another vendor's (nothing stored).
    ForeignSubscription,
    Db(sqlx::Error),
}

impl From<sqlx::Error> for ReceiveError {
    fn from(e: sqlx::Error) -> Self {
        Self::Db(e)
    }
}

/// Stores the operation with its answer (202 accepted, or 409 for a stale generation), in one
/// transaction; a repeated id only counts a hit and returns the first answer.
pub async fn receive_operation(
    pool: &PgPool,
    vendor: Uuid,
    op: &OperationRequest,
    body: &Value,
    succeed_after_ms: u64,
    progress_first: bool,
) -> Result<Receipt, ReceiveError> {
    let mut tx = pool.begin().await?;
    // One subscription's operations are judged one at a time (the generation check reads what
    // a concurrent one may be writing).
    sqlx::query("select pg_advisory_xact_lock(hashtextextended($1::text, 72453))")
        .bind(op.subscription_id)
        .execute(&mut *tx)
        .await?;
    let stored: Option<(i32, Value)> = sqlx::query_as(
        "update refvendor.operations set hits = hits + 1, last_at = now()
         where vendor_id = $1 and operation_id = $2 returning answer_status, answer",
    )
    .bind(vendor)
    .bind(op.operation_id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((status, body)) = stored {
        tx.commit().await?;
        return Ok(Receipt {
            status: u16::try_from(status).unwrap_or(500),
            body,
            accepted_now: false,
        });
    }
    let owner: Option<(Uuid,)> =
        sqlx::query_as("select vendor_id from refvendor.subscriptions where subscription_id = $1")
            .bind(op.subscription_id)
            .fetch_optional(&mut *tx)
            .await?;
    if owner.is_some_and(|(v,)| v != vendor) {
        return Err(ReceiveError::ForeignSubscription);
    }
    // The highest generation applied or already accepted (so an older operation can never be
    // applied after a newer one).
    let (highest,): (Option<i32>,) = sqlx::query_as(
        "select greatest(
           (select generation from refvendor.subscriptions where subscription_id = $1),
           (select max(generation) from refvendor.operations
            where subscription_id = $1 and vendor_id = $2 and state <> 'refused'))",
    )
    .bind(op.subscription_id)
    .bind(vendor)
    .fetch_one(&mut *tx)
    .await?;
    let stale = highest.is_some_and(|h| op.generation < h);
    let (status, answer, state) = if stale {
        let refusal = ProtocolRefusal {
            code: codes::STALE_GENERATION.into(),
            message: format!(
                "generation {} is older than {} already applied or accepted",
                op.generation,
                highest.unwrap_or_default()
            ),
        };
        (409, json!(refusal), "refused")
    } else {
        let answer = OperationAnswer {
            status: "accepted".into(),
            operation_id: op.operation_id,
        };
        (202, json!(answer), "pending")
    };
    // With a progress message the first step (the in_progress report) is due at once.
    let due_ms = if progress_first { 0 } else { succeed_after_ms };
    sqlx::query(
        "insert into refvendor.operations
           (vendor_id, operation_id, subscription_id, operation_type, generation, body,
            answer_status, answer, state, due_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9,
                 case when $9 = 'pending' then now() + make_interval(secs => $10) end)",
    )
    .bind(vendor)
    .bind(op.operation_id)
    .bind(op.subscription_id)
    .bind(op.operation_type.as_str())
    .bind(op.generation)
    .bind(body)
    .bind(status)
    .bind(&answer)
    .bind(state)
    .bind(due_ms as f64 / 1000.0)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Receipt {
        status: u16::try_from(status).unwrap_or(500),
        body: answer,
        accepted_now: !stale,
    })
}

/// The vendor's view of its subscription: applied state, or `provisioning` while its provision
/// is still pending; `None` when unknown (or another vendor's).
pub async fn view(
    pool: &PgPool,
    vendor: Uuid,
    subscription_id: Uuid,
) -> sqlx::Result<Option<VendorView>> {
    let row: Option<(i32, String, i32, String, Option<String>)> = sqlx::query_as(
        "select generation, plan, quantity, status, tenant_id from refvendor.subscriptions
         where subscription_id = $1 and vendor_id = $2",
    )
    .bind(subscription_id)
    .bind(vendor)
    .fetch_optional(pool)
    .await?;
    if let Some((generation, plan, quantity, status, tenant_id)) = row {
        return Ok(Some(VendorView {
            subscription_id,
            generation,
            plan,
            quantity,
            status,
            tenant_id,
        }));
    }
    let pending: Option<(Value,)> = sqlx::query_as(
        "select body->'desired' from refvendor.operations
         where subscription_id = $1 and vendor_id = $2 and state = 'pending'
           and operation_type = 'provision'
         order by generation limit 1",
    )
    .bind(subscription_id)
    .bind(vendor)
    .fetch_optional(pool)
    .await?;
    Ok(pending.map(|(desired,)| VendorView {
        subscription_id,
        // Nothing applied yet.
        generation: 0,
        plan: desired["plan"].as_str().unwrap_or_default().to_string(),
        quantity: desired["quantity"]
            .as_i64()
            .and_then(|q| i32::try_from(q).ok())
            .unwrap_or(0),
        status: "provisioning".into(),
        tenant_id: None,
    }))
}

/// `(product, enterprise name, status)` of a tenant, for its landing page.
pub async fn tenant(
    pool: &PgPool,
    tenant_id: &str,
) -> sqlx::Result<Option<(String, String, String)>> {
    sqlx::query_as(
        "select product, enterprise_name, status from refvendor.subscriptions where tenant_id = $1",
    )
    .bind(tenant_id)
    .fetch_optional(pool)
    .await
}

/// The subscription behind a tenant, and where its portal's keys are published: the origin of
/// the callback address its (signed, hence trusted) operations carry.
pub async fn tenant_owner(
    pool: &PgPool,
    tenant_id: &str,
) -> sqlx::Result<Option<(Uuid, Uuid, Option<String>)>> {
    sqlx::query_as(
        "select s.vendor_id, s.subscription_id,
                (select o.body->>'callback_url' from refvendor.operations o
                 where o.subscription_id = s.subscription_id and o.vendor_id = s.vendor_id
                 order by o.last_at desc limit 1)
         from refvendor.subscriptions s where s.tenant_id = $1",
    )
    .bind(tenant_id)
    .fetch_optional(pool)
    .await
}

/// Records a token as used; false when it was used before (single use).
pub async fn use_token(
    pool: &PgPool,
    vendor_id: Uuid,
    jti: Uuid,
    subscription_id: Uuid,
    agent: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "insert into refvendor.sso_uses (vendor_id, jti, subscription_id, agent)
         values ($1, $2, $3, $4) on conflict do nothing",
    )
    .bind(vendor_id)
    .bind(jti)
    .bind(subscription_id)
    .bind(agent)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Every subscription, for `GET /_admin/subscriptions`.
pub async fn subscriptions_snapshot(pool: &PgPool) -> sqlx::Result<Value> {
    let (value,): (Value,) = sqlx::query_as(
        "select coalesce(jsonb_agg(to_jsonb(s) order by s.updated_at), '[]') from (
           select subscription_id, vendor_id, product, plan, quantity, term, status, generation,
                  tenant_id, enterprise_name, provisions, operations_applied, updated_at
           from refvendor.subscriptions) s",
    )
    .fetch_one(pool)
    .await?;
    Ok(value)
}

/// What was received and what was reported, for `GET /_admin/received`.
pub async fn received_snapshot(pool: &PgPool) -> sqlx::Result<Value> {
    let (value,): (Value,) = sqlx::query_as(
        r#"select jsonb_build_object(
          'operations', (select coalesce(jsonb_agg(to_jsonb(o) order by o.first_at), '[]') from (
             select vendor_id, operation_id, subscription_id, operation_type, generation,
                    answer_status, answer, state, outcome, hits, first_at
             from refvendor.operations) o),
          'outbox', (select coalesce(jsonb_agg(to_jsonb(r) order by r.seq), '[]') from (
             select seq, report_id, vendor_id, operation_id, subscription_id, status, state,
                    attempts, last_status, last_error, body from refvendor.outbox) r))"#,
    )
    .fetch_one(pool)
    .await?;
    Ok(value)
}
