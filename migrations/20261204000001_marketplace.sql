-- The SME cloud marketplace (云市场): vendors and their staff, listings reviewed version by
-- version, voucher programmes with their ledger, and subscriptions with their events and the
-- operations their vendor's system must be told (delivered by the routing layer, part 2).
-- Money is integer fen; percentages are basis points (10000 = 100 %).

create table vendors (
    id               uuid primary key default gen_random_uuid(),
    name             text not null check (char_length(name) between 2 and 100),
    credit_code      text not null unique check (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
    -- Compared with enterprises' legal representatives: a related party gets no subsidy.
    legal_rep        text not null check (char_length(legal_rep) between 1 and 50),
    contact_name     text not null check (char_length(contact_name) between 1 and 50),
    contact_mobile   text not null check (contact_mobile ~ '^1[3-9][0-9]{9}$'),
    contact_email    text not null check (char_length(contact_email) between 3 and 254),
    -- Declarations: 等保 level (1–4), data kept in mainland China, 商用密码 assessment passed.
    mlps_level       smallint not null check (mlps_level between 1 and 4),
    data_in_mainland boolean not null,
    crypto_assessed  boolean not null,
    status           text not null default 'pending'
                     check (status in ('pending', 'approved', 'refused')),
    decision_reason  text,
    decided_by       uuid,
    decided_at       timestamptz,
    created_at       timestamptz not null default now(),
    check ((status = 'pending') = (decided_at is null))
);

alter table accounts drop constraint accounts_role_check;
alter table accounts add constraint accounts_role_check check (
    role in ('citizen', 'clerk', 'supervisor', 'operator', 'vendor_admin', 'vendor_staff'));
alter table accounts add column vendor_id uuid references vendors (id);
alter table accounts add constraint accounts_vendor_check check (
    (role in ('vendor_admin', 'vendor_staff')) = (vendor_id is not null));
alter table vendors add constraint vendors_decided_by_fkey
    foreign key (decided_by) references accounts (id);
create index accounts_vendor_idx on accounts (vendor_id) where vendor_id is not null;

-- Append-only: what happened to a vendor organisation, by whom, why.
create table vendor_events (
    id         bigserial primary key,
    vendor_id  uuid not null references vendors (id),
    kind       text not null,
    actor_id   uuid references accounts (id),
    reason     text,
    at         timestamptz not null default now()
);
create index vendor_events_vendor_idx on vendor_events (vendor_id, id);

create table listings (
    id                uuid primary key default gen_random_uuid(),
    vendor_id         uuid not null references vendors (id),
    -- The version SMEs see and order; null until the operator first approves one.
    published_version integer,
    -- Suspended by the operator: no new orders; existing subscriptions continue.
    suspended_at      timestamptz,
    suspended_reason  text,
    created_at        timestamptz not null default now()
);
create index listings_vendor_idx on listings (vendor_id);

-- Every change to a listing is a new version. At most one is open (being edited, under
-- review or sent back); approved ones stay, the newest approved one is published.
create table listing_versions (
    listing_id      uuid not null references listings (id),
    version         integer not null check (version > 0),
    -- The whole listing (portal_types::domain::market::listing::ListingContent), checked by
    -- the domain before every write; the columns below are copies for search and filters.
    content         jsonb not null,
    category        text not null,
    name_zh         text not null,
    name_en         text not null,
    -- Lower-cased names, summaries and labels in both languages (the catalogue's search).
    search_text     text not null,
    -- The cheapest plan's price per seat per month (yearly terms divided by 12, rounded down).
    min_month_fen   bigint not null check (min_month_fen >= 0),
    has_trial       boolean not null,
    review_state    text not null default 'draft'
                    check (review_state in ('draft', 'submitted', 'returned', 'approved', 'superseded')),
    review_reason   text,
    created_by      uuid not null references accounts (id),
    created_at      timestamptz not null default now(),
    submitted_at    timestamptz,
    reviewed_by     uuid references accounts (id),
    reviewed_at     timestamptz,
    primary key (listing_id, version)
);
create unique index listing_versions_one_open_idx on listing_versions (listing_id)
    where review_state in ('draft', 'submitted', 'returned');
create index listing_versions_review_idx on listing_versions (submitted_at)
    where review_state = 'submitted';
alter table listings add constraint listings_published_fkey
    foreign key (id, published_version) references listing_versions (listing_id, version);

-- Append-only: who did what to a listing (edited, submitted, approved, returned, suspended...).
create table listing_events (
    id         bigserial primary key,
    listing_id uuid not null references listings (id),
    version    integer,
    kind       text not null,
    actor_id   uuid references accounts (id),
    reason     text,
    at         timestamptz not null default now()
);
create index listing_events_listing_idx on listing_events (listing_id, id);

-- Cloud service voucher programmes (云服务券).
create table voucher_programmes (
    id                 uuid primary key default gen_random_uuid(),
    name_zh            text not null check (char_length(name_zh) between 2 and 100),
    name_en            text not null check (char_length(name_en) between 2 and 100),
    budget_fen         bigint not null check (budget_fen > 0),
    reserved_fen       bigint not null default 0 check (reserved_fen >= 0),
    committed_fen      bigint not null default 0 check (committed_fen >= 0),
    valid_from         date not null,
    valid_until        date not null,
    -- Per enterprise per calendar year.
    enterprise_cap_fen bigint not null check (enterprise_cap_fen > 0),
    -- Cancelled within this many days of starting, the subsidy is clawed back.
    holding_days       integer not null default 90 check (holding_days between 0 and 366),
    created_by         uuid references accounts (id),
    created_at         timestamptz not null default now(),
    check (valid_from <= valid_until),
    check (reserved_fen + committed_fen <= budget_fen)
);

create table programme_categories (
    programme_id uuid not null references voucher_programmes (id),
    category     text not null,
    subsidy_bp   integer not null check (subsidy_bp between 1 and 10000),
    primary key (programme_id, category)
);

-- An enterprise's application to a programme, with the figures it declared and the size
-- class the national SME rules gave them (only SMEs are admitted).
create table voucher_enrolments (
    programme_id     uuid not null references voucher_programmes (id),
    enterprise_id    uuid not null references enterprises (id),
    industry         text not null,
    employees        bigint not null check (employees >= 0),
    revenue_fen      bigint not null check (revenue_fen >= 0),
    total_assets_fen bigint not null check (total_assets_fen >= 0),
    size_class       text not null check (size_class in ('medium', 'small', 'micro', 'large')),
    admitted         boolean not null,
    applied_by       uuid not null references accounts (id),
    applied_at       timestamptz not null default now(),
    primary key (programme_id, enterprise_id)
);

-- What an enterprise has reserved and committed in a programme in one calendar year (the cap).
create table voucher_usage (
    programme_id  uuid not null references voucher_programmes (id),
    enterprise_id uuid not null references enterprises (id),
    year          integer not null,
    reserved_fen  bigint not null default 0 check (reserved_fen >= 0),
    committed_fen bigint not null default 0 check (committed_fen >= 0),
    primary key (programme_id, enterprise_id, year)
);

create table subscriptions (
    id                  uuid primary key default gen_random_uuid(),
    enterprise_id       uuid not null references enterprises (id),
    vendor_id           uuid not null references vendors (id),
    listing_id          uuid not null references listings (id),
    listing_version     integer not null,
    plan_code           text not null,
    quantity            integer not null check (quantity > 0),
    term                text not null check (term in ('month', 'year')),
    state               text not null,
    -- Rises with every change the vendor's system must apply (part 2's operations carry it).
    generation          integer not null default 1,
    ordered_by          uuid not null references accounts (id),
    idempotency_key     text not null check (char_length(idempotency_key) between 8 and 100),
    -- The price breakdown shown when ordering, frozen: list = discount + subsidy + SME share.
    list_fen            bigint not null check (list_fen >= 0),
    vendor_discount_fen bigint not null check (vendor_discount_fen >= 0),
    subsidy_fen         bigint not null check (subsidy_fen >= 0),
    sme_fen             bigint not null check (sme_fen >= 0),
    programme_id        uuid references voucher_programmes (id),
    voucher_year        integer,
    -- A downgrade (or fewer seats) waits for the next renewal.
    pending_plan_code   text,
    pending_quantity    integer check (pending_quantity > 0),
    started_on          date,
    trial_ends_on       date,
    term_ends_on        date,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    unique (ordered_by, idempotency_key),
    foreign key (listing_id, listing_version) references listing_versions (listing_id, version),
    -- The current term's price: the order's as shown when ordering, then each renewal's.
    check (list_fen = vendor_discount_fen + subsidy_fen + sme_fen),
    -- The programme stays named after the first term (its ledger rows, a claw-back).
    check (subsidy_fen = 0 or programme_id is not null)
);
create index subscriptions_enterprise_idx on subscriptions (enterprise_id, created_at desc);
create index subscriptions_vendor_idx on subscriptions (vendor_id, created_at desc);

-- Append-only: every move of a subscription, with actor, time and reason.
create table subscription_events (
    id              bigserial primary key,
    subscription_id uuid not null references subscriptions (id),
    kind            text not null,
    from_state      text,
    to_state        text not null,
    mover           text not null,
    actor_id        uuid references accounts (id),
    reason          text,
    detail          jsonb not null default '{}',
    at              timestamptz not null default now()
);
create index subscription_events_subscription_idx on subscription_events (subscription_id, id);

-- Append-only: every voucher movement, in the transaction of the change it records.
create table voucher_ledger (
    id              bigserial primary key,
    programme_id    uuid not null references voucher_programmes (id),
    enterprise_id   uuid not null references enterprises (id),
    subscription_id uuid references subscriptions (id),
    movement        text not null check (movement in ('reserve', 'commit', 'release', 'clawback')),
    amount_fen      bigint not null check (amount_fen > 0),
    reason          text not null,
    actor_id        uuid references accounts (id),
    at              timestamptz not null default now()
);
create index voucher_ledger_programme_idx on voucher_ledger (programme_id, enterprise_id);

-- What the vendor's system must be told, written in the transaction of the subscription's
-- move (the outbox for vendor destinations; the routing layer delivers it in part 2).
create table vendor_operations (
    id                    uuid primary key default gen_random_uuid(),
    subscription_id       uuid not null references subscriptions (id),
    subscription_event_id bigint not null references subscription_events (id),
    vendor_id             uuid not null references vendors (id),
    operation             text not null,
    generation            integer not null,
    desired               jsonb not null,
    created_at            timestamptz not null default now(),
    delivered_at          timestamptz
);
create index vendor_operations_pending_idx on vendor_operations (subscription_id, created_at)
    where delivered_at is null;

alter table notifications add column subscription_id uuid references subscriptions (id);

-- Nobody rewrites history.
create function market_history_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only', tg_table_name;
end $$;
create trigger vendor_events_append_only before update or delete on vendor_events
    for each row execute function market_history_is_append_only();
create trigger listing_events_append_only before update or delete on listing_events
    for each row execute function market_history_is_append_only();
create trigger subscription_events_append_only before update or delete on subscription_events
    for each row execute function market_history_is_append_only();
create trigger voucher_ledger_append_only before update or delete on voucher_ledger
    for each row execute function market_history_is_append_only();
