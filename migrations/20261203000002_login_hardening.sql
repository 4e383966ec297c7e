-- Old login attempts are pruned by age on every reservation: without an index on the age
-- alone, each prune would read the whole table.
create index login_failures_age_idx on login_failures (failed_at);

-- Registrations per client address, for rate limiting (each one costs a password hash).
create table registration_attempts (
    id            bigserial primary key,
    address       text not null,
    attempted_at  timestamptz not null default now()
);
create index registration_attempts_address_idx on registration_attempts (address, attempted_at);
create index registration_attempts_age_idx on registration_attempts (attempted_at);
