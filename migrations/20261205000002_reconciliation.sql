-- The daily reconciliation of settled subscriptions against their vendors' systems: every
-- difference found, for the operator (append-only apart from its resolution).
create table reconciliation_findings (
    id              bigserial primary key,
    subscription_id uuid not null references subscriptions (id),
    vendor_id       uuid not null references vendors (id),
    checked_at      timestamptz not null default now(),
    -- Each side's {generation, plan, quantity, status}; the vendor's is null when it does not
    -- know the subscription.
    portal          jsonb not null,
    vendor          jsonb,
    differences     text[] not null check (cardinality(differences) > 0)
);
create index reconciliation_findings_recent_idx on reconciliation_findings (checked_at desc);
