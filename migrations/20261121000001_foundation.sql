-- Foundation: catalogue (事项清单), people and enterprises (verified base data), accounts, login throttling.
create extension if not exists pg_trgm;

-- Departments (委办局). `code` is short, upper-case, and appears in case numbers.
create table departments (
    code           text primary key check (code ~ '^[A-Z]{2,8}$'),
    name_zh        text not null,
    name_en        text not null,
    description_zh text not null default '',
    description_en text not null default '',
    sort_order     integer not null default 0
);

-- Life-event / business topics (主题): 生育, 入学, 开办企业 …
create table topics (
    code       text primary key check (code ~ '^[a-z][a-z0-9_]*$'),
    audience   text not null check (audience in ('citizen', 'enterprise')),
    name_zh    text not null,
    name_en    text not null,
    sort_order integer not null default 0
);

create table services (
    code            text primary key check (code ~ '^[A-Z]{2,8}-[0-9]{3}$'),
    department_code text not null references departments (code),
    audience        text not null check (audience in ('citizen', 'enterprise', 'both')),
    name_zh         text not null,
    name_en         text not null,
    summary_zh      text not null,
    summary_en      text not null,
    description_zh  text not null,
    description_en  text not null,
    legal_basis_zh  text not null,
    legal_basis_en  text not null,
    -- Time limits are in working days (法定时限 / 承诺时限).
    statutory_days  integer not null check (statutory_days > 0),
    promised_days   integer not null check (promised_days > 0),
    fee_yuan        numeric(12, 2) not null default 0 check (fee_yuan >= 0),
    fee_note_zh     text not null default '',
    fee_note_en     text not null default '',
    online_only     boolean not null default false,
    sort_order      integer not null default 0,
    -- One document for trigram search: the default parser does not segment Chinese,
    -- so search is substring/trigram matching over both languages.
    search_doc      text generated always as (
        lower(code || ' ' || name_zh || ' ' || name_en || ' ' || summary_zh || ' ' || summary_en)
    ) stored,
    check (promised_days <= statutory_days)
);
create index services_department_idx on services (department_code);
create index services_search_idx on services using gin (search_doc gin_trgm_ops);

create table service_topics (
    service_code text not null references services (code) on delete cascade,
    topic_code   text not null references topics (code) on delete cascade,
    primary key (service_code, topic_code)
);
create index service_topics_topic_idx on service_topics (topic_code);

-- Required materials (申请材料).
create table service_materials (
    service_code      text not null references services (code) on delete cascade,
    position          integer not null,
    name_zh           text not null,
    name_en           text not null,
    form              text not null check (form in ('original', 'copy', 'original_and_copy', 'electronic')),
    copies            integer not null default 1 check (copies >= 0),
    ecert_substitutes boolean not null default false,
    note_zh           text not null default '',
    note_en           text not null default '',
    primary key (service_code, position)
);

-- Steps (办理流程).
create table service_steps (
    service_code text not null references services (code) on delete cascade,
    position     integer not null,
    title_zh     text not null,
    title_en     text not null,
    detail_zh    text not null default '',
    detail_en    text not null default '',
    primary key (service_code, position)
);

-- Verified base data for a natural person. One row per resident ID number.
create table people (
    id          uuid primary key default gen_random_uuid(),
    real_name   text not null,
    id_number   text not null unique check (id_number ~ '^[0-9]{17}[0-9X]$'),
    mobile      text not null unique check (mobile ~ '^1[3-9][0-9]{9}$'),
    created_at  timestamptz not null default now()
);

-- Login accounts. Citizens log in with their mobile number or ID number; staff with a username.
create table accounts (
    id              uuid primary key default gen_random_uuid(),
    role            text not null check (role in ('citizen', 'clerk', 'supervisor', 'operator')),
    username        text unique check (username ~ '^[a-z][a-z0-9_.-]{2,31}$'),
    display_name    text not null,
    person_id       uuid unique references people (id),
    department_code text references departments (code),
    password_hash   text not null,
    locale          text check (locale in ('zh-CN', 'en')),
    disabled        boolean not null default false,
    created_at      timestamptz not null default now(),
    created_by      uuid references accounts (id),
    check ((role = 'citizen') = (person_id is not null)),
    check ((role = 'citizen') = (username is null)),
    check ((role in ('clerk', 'supervisor')) = (department_code is not null))
);

create table enterprises (
    id            uuid primary key default gen_random_uuid(),
    name          text not null,
    credit_code   text not null unique check (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
    legal_rep     text not null,
    created_at    timestamptz not null default now()
);

-- Agents (经办人) who act for an enterprise. The registering agent is its admin.
create table enterprise_agents (
    enterprise_id uuid not null references enterprises (id),
    account_id    uuid not null references accounts (id),
    is_admin      boolean not null default false,
    status        text not null check (status in ('invited', 'active', 'revoked')),
    invited_by    uuid references accounts (id),
    created_at    timestamptz not null default now(),
    changed_at    timestamptz not null default now(),
    primary key (enterprise_id, account_id)
);
create index enterprise_agents_account_idx on enterprise_agents (account_id);

-- Failed logins, by account key and by client address, for throttling.
create table login_failures (
    id          bigserial primary key,
    scope       text not null check (scope in ('account', 'address')),
    key         text not null,
    failed_at   timestamptz not null default now()
);
create index login_failures_lookup_idx on login_failures (scope, key, failed_at);
