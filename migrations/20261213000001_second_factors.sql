-- Staff second factors (TOTP, RFC 6238): a secret per account, sealed under a key derived from
-- PORTAL_SECRET (never stored readable), the last time step accepted (a code is never accepted
-- twice), single-use recovery codes (SHA-256 of 80 random bits each), and one-time enrolment
-- links with which a new member of staff chooses their own password.
create table second_factors (
    account_id      uuid primary key references accounts (id),
    secret_sealed   bytea not null,
    -- Null while the holder has not yet proven their app with a first code.
    enrolled_at     timestamptz,
    last_used_step  bigint,
    created_at      timestamptz not null default now()
);

create table recovery_codes (
    account_id  uuid not null references accounts (id),
    code_hash   bytea not null,
    used_at     timestamptz,
    primary key (account_id, code_hash)
);

create table enrolment_links (
    token_hash  bytea primary key,
    account_id  uuid not null references accounts (id),
    created_by  uuid references accounts (id),
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null,
    used_at     timestamptz
);
create index enrolment_links_account on enrolment_links (account_id);
