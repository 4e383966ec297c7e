-- Routing layer: dead letters on the delivery outbox, the delivery ledger, the per-department
-- circuit breaker and outage alert, and what inbound callbacks need (nonces, receipts).

alter table delivery_outbox
    -- Given up on (max age reached, or a permanent refusal); the operator may retry or abandon.
    add column dead_at      timestamptz,
    add column dead_reason  text,
    -- The operator decided it will never be delivered (it stays dead, off the list).
    add column abandoned_at timestamptz,
    -- An operator retry restarts the maximum-age clock from here.
    add column retried_at   timestamptz,
    add column last_error   text,
    -- The department system's own id for the case, from its 2xx answer.
    add column reference    text;
create index delivery_outbox_pending_idx on delivery_outbox (case_id, id)
    where delivered_at is null and dead_at is null;
create index delivery_outbox_dead_idx on delivery_outbox (dead_at)
    where dead_at is not null and abandoned_at is null;

-- Shared by every instance, so the breaker and the alert hold across a cluster.
alter table department_backends
    add column consecutive_failures integer not null default 0,
    -- While in the future, the department's rows are not attempted; a probe re-opens it.
    add column breaker_open_until   timestamptz,
    -- Set once per outage (the operators are alerted then), cleared by the next success.
    add column failing_since        timestamptz;

-- Every delivery attempt (the ledger): applicants and clerks see where a case is.
create table delivery_attempts (
    id              bigserial primary key,
    outbox_id       bigint not null references delivery_outbox (id),
    case_id         uuid not null references cases (id),
    department_code text not null references departments (code),
    backend_kind    text not null check (backend_kind in ('workbench', 'http')),
    url             text,
    status_code     integer,
    latency_ms      integer not null default 0,
    error           text,
    outcome         text not null check (outcome in ('delivered', 'retry', 'dead')),
    attempted_at    timestamptz not null default clock_timestamp()
);
create index delivery_attempts_case_idx on delivery_attempts (case_id, attempted_at);

-- Nonces of signed requests seen within the replay window (pruned after it).
create table callback_nonces (
    department_code text not null,
    nonce           text not null,
    seen_at         timestamptz not null default now(),
    primary key (department_code, nonce)
);
create index callback_nonces_seen_idx on callback_nonces (seen_at);

-- The answer given to each accepted callback: the same event id gets the same answer again.
create table callback_receipts (
    department_code text not null references departments (code),
    event_id        text not null,
    case_id         uuid not null references cases (id),
    response        jsonb not null,
    received_at     timestamptz not null default now(),
    primary key (department_code, event_id)
);
