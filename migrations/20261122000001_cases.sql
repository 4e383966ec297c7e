-- Applications (cases): forms, drafts, the case lifecycle, events, outboxes, attachments,
-- certificates, notifications and the working-day calendar.

-- Contact and verified base data used to prefill forms (once-only).
alter table accounts add column email text
    check (email is null or (length(email) <= 254 and email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'));
alter table people add column address_district text, add column address_detail text;
alter table enterprises add column address_district text, add column address_detail text;

-- Form definitions, versioned: a case keeps the version it was filed under.
create table service_forms (
    service_code text not null references services (code),
    version      integer not null check (version > 0),
    definition   jsonb not null,
    published_at timestamptz not null default now(),
    primary key (service_code, version)
);

-- Human-readable case numbers: department code + date + sequence of the day.
create table case_number_counters (
    department_code text not null references departments (code),
    day             date not null,
    last_value      integer not null,
    primary key (department_code, day)
);

create table cases (
    id                   uuid primary key default gen_random_uuid(),
    case_number          text unique,
    service_code         text not null,
    form_version         integer not null,
    department_code      text not null references departments (code),
    applicant_account_id uuid not null references accounts (id),
    -- Filed on behalf of an enterprise: every active agent of it may see and act on the case.
    enterprise_id        uuid references enterprises (id),
    state                text not null check (state in (
        'draft', 'submitted', 'accepted', 'refused_at_intake', 'in_review',
        'supplement_requested', 'resubmitted', 'approved', 'denied', 'withdrawn')),
    -- Raw answers as posted (path → values), normalised by the form's validation at submit.
    answers              jsonb not null default '{}',
    -- The open supplement request's items (kind, key, reason); null when none is open.
    supplement_items     jsonb,
    -- Bumped by every change; stale writers are refused.
    version              integer not null default 0,
    -- The idempotency key of the submit form: a retried submit finds the case it made.
    submit_key           uuid unique,
    assigned_clerk_id    uuid references accounts (id),
    created_at           timestamptz not null default now(),
    saved_at             timestamptz not null default now(),
    submitted_at         timestamptz,
    -- The legal clock starts the day after acceptance (see domain::working_days).
    accepted_on          date,
    decided_at           timestamptz,
    foreign key (service_code, form_version) references service_forms (service_code, version),
    check ((state = 'draft') = (case_number is null))
);
create index cases_applicant_idx on cases (applicant_account_id, saved_at desc, id);
create index cases_enterprise_idx on cases (enterprise_id, saved_at desc, id) where enterprise_id is not null;
create index cases_department_idx on cases (department_code, state);

-- Append-only history of every state change, written in the same transaction as the change.
create table case_events (
    id               bigserial primary key,
    case_id          uuid not null references cases (id),
    seq              integer not null,
    action           text not null,
    from_state       text not null,
    to_state         text not null,
    actor_kind       text not null check (actor_kind in ('applicant', 'clerk', 'department_system', 'clock')),
    actor_account_id uuid references accounts (id),
    reason           text not null default '',
    payload          jsonb not null default '{}',
    occurred_at      timestamptz not null default now(),
    unique (case_id, seq)
);

create function refuse_change() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only', tg_table_name;
end
$$;
create trigger case_events_append_only before update or delete on case_events
    for each row execute function refuse_change();

-- What the department's system must be told (consumed by the routing layer's dispatcher).
create table delivery_outbox (
    id              bigserial primary key,
    case_id         uuid not null references cases (id),
    case_event_id   bigint not null references case_events (id),
    department_code text not null references departments (code),
    event           text not null,
    created_at      timestamptz not null default now(),
    available_at    timestamptz not null default now(),
    attempts        integer not null default 0,
    delivered_at    timestamptz
);
create index delivery_outbox_due_idx on delivery_outbox (available_at) where delivered_at is null;

-- Uploaded files. The original name is for display only; the bytes live under storage_key.
create table attachments (
    id            uuid primary key,
    case_id       uuid not null references cases (id),
    field_key     text not null,
    original_name text not null,
    content_type  text not null,
    size_bytes    bigint not null check (size_bytes > 0),
    sha256        text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    storage_key   text not null unique,
    uploaded_by   uuid not null references accounts (id),
    uploaded_at   timestamptz not null default now()
);
create index attachments_case_idx on attachments (case_id, field_key);

-- Issued e-certificates (电子证照): verified publicly by code, kept in the holder's wallet.
create table certificates (
    id                   uuid primary key default gen_random_uuid(),
    verification_code    text not null unique,
    cert_type            text not null,
    name_zh              text not null,
    name_en              text not null,
    holder_person_id     uuid references people (id),
    holder_enterprise_id uuid references enterprises (id),
    holder_name          text not null,
    holder_id_number     text not null,
    case_id              uuid references cases (id),
    issued_on            date not null,
    valid_until          date,
    revoked_at           timestamptz,
    check (num_nonnulls(holder_person_id, holder_enterprise_id) = 1)
);
create index certificates_person_idx on certificates (holder_person_id);
create index certificates_enterprise_idx on certificates (holder_enterprise_id);

-- A wallet certificate attached to a case instead of an upload.
create table case_certificates (
    case_id        uuid not null references cases (id),
    field_key      text not null,
    certificate_id uuid not null references certificates (id),
    primary key (case_id, field_key, certificate_id)
);

-- In-app notifications; the header shows the unread count.
create table notifications (
    id         bigserial primary key,
    account_id uuid not null references accounts (id),
    case_id    uuid references cases (id),
    template   text not null,
    params     jsonb not null default '{}',
    created_at timestamptz not null default now(),
    read_at    timestamptz
);
create index notifications_account_idx on notifications (account_id, created_at desc);
create index notifications_unread_idx on notifications (account_id) where read_at is null;

-- E-mails waiting for the mail worker (SMTP), with retries.
create table email_outbox (
    id              bigserial primary key,
    notification_id bigint references notifications (id),
    to_address      text not null,
    locale          text not null check (locale in ('zh-CN', 'en')),
    template        text not null,
    params          jsonb not null default '{}',
    created_at      timestamptz not null default now(),
    available_at    timestamptz not null default now(),
    attempts        integer not null default 0,
    last_error      text,
    sent_at         timestamptz,
    abandoned_at    timestamptz
);
create index email_outbox_due_idx on email_outbox (available_at)
    where sent_at is null and abandoned_at is null;

-- Exceptions to the Monday–Friday week: public holidays and adjusted working days (调休).
create table calendar_days (
    day  date primary key,
    kind text not null check (kind in ('holiday', 'adjusted_workday')),
    note text not null default ''
);

-- 2026 (国务院办公厅关于2026年部分节假日安排的通知). 2027 is added by the operator once published.
insert into calendar_days (day, kind, note)
select d::date, 'holiday', note
from (values
    ('2026-01-01', '2026-01-03', '元旦'),
    ('2026-02-15', '2026-02-23', '春节'),
    ('2026-04-04', '2026-04-06', '清明节'),
    ('2026-05-01', '2026-05-05', '劳动节'),
    ('2026-06-19', '2026-06-21', '端午节'),
    ('2026-09-25', '2026-09-27', '中秋节'),
    ('2026-10-01', '2026-10-07', '国庆节')
) as h(first_day, last_day, note),
generate_series(first_day::date, last_day::date, interval '1 day') as d;

insert into calendar_days (day, kind, note) values
    ('2026-01-04', 'adjusted_workday', '元旦调休'),
    ('2026-02-14', 'adjusted_workday', '春节调休'),
    ('2026-02-28', 'adjusted_workday', '春节调休'),
    ('2026-05-09', 'adjusted_workday', '劳动节调休'),
    ('2026-09-20', 'adjusted_workday', '国庆节调休'),
    ('2026-10-10', 'adjusted_workday', '国庆节调休');
