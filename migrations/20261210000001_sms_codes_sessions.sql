-- Text messages to mobiles go out through this outbox (drained by the SMS worker with
-- `for update skip locked`), written in the transaction that caused them.
create table sms_outbox (
    id bigserial primary key,
    to_mobile text not null check (length(to_mobile) <= 20),
    locale text not null,
    template text not null,
    -- May carry a one-time code: emptied once the message is sent or given up.
    params jsonb not null default '{}',
    -- A message past this time is worthless (its code has expired): it is given up, not sent.
    expires_at timestamptz not null,
    attempts int not null default 0,
    available_at timestamptz not null default now(),
    created_at timestamptz not null default now(),
    sent_at timestamptz,
    abandoned_at timestamptz,
    last_error text
);
create index sms_outbox_due on sms_outbox (available_at, id)
    where sent_at is null and abandoned_at is null;

-- One-time codes proving a mobile (only a keyed hash is kept). A row is written for every
-- request, also when no account uses the mobile (then nothing is sent and no code can match),
-- so that the answers and the resend timing say nothing about which mobiles have accounts.
create table one_time_codes (
    id bigserial primary key,
    purpose text not null check (purpose in ('registration', 'password_reset', 'mobile_change')),
    mobile text not null check (length(mobile) <= 20),
    account_id uuid references accounts (id),
    code_hash text not null,
    issued_at timestamptz not null default now(),
    tries int not null default 0,
    used_at timestamptz
);
create index one_time_codes_latest on one_time_codes (purpose, mobile, issued_at desc);

-- Sessions signed in before this time are over (a password change or reset ends the others).
alter table accounts add column sessions_valid_from timestamptz;
