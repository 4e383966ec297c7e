-- Vendor systems: the routing layer's second kind of destination. Their operations travel
-- through the same dispatcher, signing, retries, dead letters, breaker and ledger as cases to
-- department systems; only the registry row and the outbox row differ in shape.

-- The registry, like department_backends: set by the operator without a redeploy.
create table vendor_systems (
    vendor_id            uuid primary key references vendors (id),
    base_url             text not null,
    -- HMAC-SHA256 key shared with the vendor's system, hex.
    signing_key_hex      text not null check (signing_key_hex ~ '^([0-9a-f]{2}){32,}$'),
    timeout_ms           integer not null default 5000 check (timeout_ms between 100 and 120000),
    max_concurrency      integer not null default 4 check (max_concurrency between 1 and 256),
    consecutive_failures integer not null default 0,
    breaker_open_until   timestamptz,
    failing_since        timestamptz,
    updated_at           timestamptz not null default now()
);

-- vendor_operations becomes a full outbox (the columns delivery_outbox has), plus what the
-- vendor reported. `delivered_at`: the vendor accepted it (202); `outcome`: it reported the end.
alter table vendor_operations
    add column available_at     timestamptz not null default now(),
    add column attempts         integer not null default 0,
    add column dead_at          timestamptz,
    add column dead_reason      text,
    add column abandoned_at     timestamptz,
    add column retried_at       timestamptz,
    add column last_error       text,
    -- The listing's declared provisioning time after creation.
    add column deadline_at      timestamptz not null default now() + interval '24 hours',
    add column overdue_at       timestamptz,
    add column progress_message text,
    add column expected_at      timestamptz,
    add column outcome          text check (outcome in ('succeeded', 'failed')),
    add column outcome_at       timestamptz;
create index vendor_operations_due_idx on vendor_operations (available_at, created_at)
    where delivered_at is null and dead_at is null;
create index vendor_operations_open_idx on vendor_operations (subscription_id, generation)
    where outcome is null and dead_at is null;

-- One ledger for both kinds of destination: a row names a case delivery or a vendor operation.
alter table delivery_attempts
    alter column outbox_id drop not null,
    alter column case_id drop not null,
    alter column department_code drop not null,
    add column operation_id uuid references vendor_operations (id),
    add column vendor_id    uuid references vendors (id),
    drop constraint delivery_attempts_backend_kind_check,
    add constraint delivery_attempts_backend_kind_check
        check (backend_kind in ('workbench', 'http', 'vendor')),
    add constraint delivery_attempts_subject_check check (
        (case_id is not null and outbox_id is not null and department_code is not null
         and operation_id is null)
        or (operation_id is not null and vendor_id is not null and case_id is null));
create index delivery_attempts_operation_idx on delivery_attempts (operation_id, attempted_at)
    where operation_id is not null;

-- Every report a vendor's system sent about an operation (append-only): the progress the SME
-- sees, the outcome, and the answer a repeated report id gets again.
create table operation_reports (
    id             bigserial primary key,
    vendor_id      uuid not null references vendors (id),
    report_id      text not null check (char_length(report_id) between 1 and 100),
    operation_id   uuid not null references vendor_operations (id),
    status         text not null check (status in ('in_progress', 'succeeded', 'failed')),
    message        text,
    expected_at    timestamptz,
    reason         text,
    access         jsonb,
    request_sha256 text not null,
    answer         jsonb not null,
    received_at    timestamptz not null default now(),
    unique (vendor_id, report_id)
);
create index operation_reports_operation_idx on operation_reports (operation_id, id);
create trigger operation_reports_append_only before update or delete on operation_reports
    for each row execute function market_history_is_append_only();

-- How the enterprise reaches its tool, from the vendor's success report (never a password).
alter table subscriptions
    add column access_url text,
    add column tenant_id  text;
