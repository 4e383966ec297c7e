-- Where each department's cases go: the portal's own workbench, or the department's own system
-- over HTTP (routing layer). Changed by the operator without a redeploy (`portal backend …`).
create table department_backends (
    department_code text primary key references departments (code),
    kind            text not null check (kind in ('workbench', 'http')),
    base_url        text,
    -- HMAC-SHA256 key shared with the department's system, hex.
    signing_key_hex text check (signing_key_hex is null or signing_key_hex ~ '^([0-9a-f]{2}){32,}$'),
    timeout_ms      integer not null default 5000 check (timeout_ms between 100 and 120000),
    max_concurrency integer not null default 4 check (max_concurrency between 1 and 256),
    updated_at      timestamptz not null default now(),
    check ((kind = 'http') = (base_url is not null and signing_key_hex is not null))
);
insert into department_backends (department_code, kind) select code, 'workbench' from departments;
