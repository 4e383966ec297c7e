-- Metered usage vendors report (market.v1), one row per accepted record: a record id is
-- counted once per vendor. Priced when accepted, from the plan the subscription had then.
create table usage_records (
    id              bigserial primary key,
    vendor_id       uuid not null references vendors (id),
    record_id       text not null check (char_length(record_id) between 1 and 100),
    subscription_id uuid not null references subscriptions (id),
    dimension       text not null,
    quantity        bigint not null check (quantity > 0),
    unit_price_fen  bigint not null check (unit_price_fen >= 0),
    amount_fen      bigint not null check (amount_fen = quantity * unit_price_fen),
    used_at         timestamptz not null,
    received_at     timestamptz not null default now(),
    unique (vendor_id, record_id)
);
create index usage_records_subscription_idx on usage_records (subscription_id, used_at);
create trigger usage_records_append_only before update or delete on usage_records
    for each row execute function market_history_is_append_only();
