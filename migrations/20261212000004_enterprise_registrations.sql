-- An enterprise registered by someone other than its legal representative waits here until
-- the representative confirms it from their own account (real-name level 2 or more), which
-- creates the enterprise with the registrant as its admin, or declines it. Nothing of the
-- enterprise exists while it waits.
create table enterprise_registrations (
    id                    uuid primary key default gen_random_uuid(),
    credit_code           text not null,
    enterprise_name       text not null,
    registrant_account_id uuid not null references accounts (id),
    status                text not null default 'waiting'
                          check (status in ('waiting', 'confirmed', 'declined')),
    created_at            timestamptz not null default now(),
    decided_at            timestamptz,
    decided_by            uuid references accounts (id),
    reason                text not null default '' check (char_length(reason) <= 500)
);
-- The representative's account page looks up what waits for their entities.
create index enterprise_registrations_waiting on enterprise_registrations (credit_code)
    where status = 'waiting';
-- One waiting registration per registrant and credit code.
create unique index enterprise_registrations_once
    on enterprise_registrations (credit_code, registrant_account_id) where status = 'waiting';
