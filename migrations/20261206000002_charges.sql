-- The charge ledger statements are computed from: a term's base fee when the paid term starts
-- (the order's first term, the end of a trial, each renewal) and the rest of a term at a
-- dearer plan or more seats. Written in the transaction of the subscription's move, with the
-- event it follows; never edited (metered usage is in usage_records).
create table subscription_charges (
    id                    bigserial primary key,
    subscription_id       uuid not null references subscriptions (id),
    subscription_event_id bigint not null references subscription_events (id),
    enterprise_id         uuid not null references enterprises (id),
    vendor_id             uuid not null references vendors (id),
    programme_id          uuid references voucher_programmes (id),
    kind                  text not null check (kind in ('term', 'proration')),
    plan_code             text not null,
    quantity              integer not null check (quantity > 0),
    period_start          date not null,
    period_end            date not null check (period_end > period_start),
    -- The day it falls in a statement (Asia/Shanghai).
    charged_on            date not null,
    list_fen              bigint not null,
    vendor_discount_fen   bigint not null,
    subsidy_fen           bigint not null,
    sme_fen               bigint not null,
    at                    timestamptz not null default now(),
    check (list_fen = vendor_discount_fen + subsidy_fen + sme_fen),
    check (subsidy_fen = 0 or programme_id is not null)
);
create index subscription_charges_enterprise_idx on subscription_charges (enterprise_id, charged_on);
create index subscription_charges_vendor_idx on subscription_charges (vendor_id, charged_on);
create index subscription_charges_programme_idx on subscription_charges (programme_id, charged_on);
create index subscription_charges_subscription_idx on subscription_charges (subscription_id, id);
create trigger subscription_charges_append_only before update or delete on subscription_charges
    for each row execute function market_history_is_append_only();
