-- The city's shared base data (基础信息库): people and legal entities, fed through the signed
-- machine API by the departments that keep them (公安局, 市场监管局). A record changes only for a
-- higher source version; every applied change is kept, with its source and time, append-only.
create table base_people (
    id_number text primary key,
    name text not null,
    sex text not null check (sex in ('male', 'female')),
    birth_date date not null,
    household_address text not null,
    status text not null check (status in ('live', 'deceased', 'cancelled')),
    source text not null,
    source_version bigint not null check (source_version > 0),
    updated_at timestamptz not null default now()
);

create table base_entities (
    credit_code text primary key,
    name text not null,
    entity_type text not null,
    industry text not null,
    legal_rep_id_number text not null,
    legal_rep_name text not null,
    registered_address text not null,
    status text not null check (status in ('active', 'deregistered', 'revoked')),
    source text not null,
    source_version bigint not null check (source_version > 0),
    updated_at timestamptz not null default now()
);
-- Registration looks up the entities a person represents.
create index base_entities_legal_rep on base_entities (legal_rep_id_number);

create table base_data_changes (
    id bigserial primary key,
    kind text not null check (kind in ('person', 'entity')),
    record_key text not null,
    source text not null,
    source_version bigint not null,
    record jsonb not null,
    at timestamptz not null default now()
);
create index base_data_changes_record on base_data_changes (kind, record_key, id);

create trigger base_data_changes_append_only before update or delete on base_data_changes
    for each row execute function refuse_change();
create trigger base_data_changes_no_truncate before truncate on base_data_changes
    for each statement execute function refuse_change();
