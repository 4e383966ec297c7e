-- Recovery of lost deliveries: globally unique delivery ids, deliveries a department asks for
-- again, files replaced in a supplement kept until the URLs given out for them expire.

-- The Idempotency-Key and event_id of a delivery: unique across databases, stable across its
-- retries (it was evt-<case_event_id>, a small sequence number that a reset reuses).
alter table delivery_outbox add column delivery_id uuid not null default gen_random_uuid();
create unique index delivery_outbox_delivery_id_idx on delivery_outbox (delivery_id);

-- A department system asked for one of its cases again (append-only, like case_events).
create table redelivery_requests (
    id              bigserial primary key,
    case_id         uuid not null references cases (id),
    department_code text not null references departments (code),
    outbox_id       bigint not null references delivery_outbox (id),
    reason          text not null default '',
    requested_at    timestamptz not null default now()
);
create index redelivery_requests_case_idx on redelivery_requests (case_id, requested_at);
create trigger redelivery_requests_append_only before update or delete on redelivery_requests
    for each row execute function refuse_change();

-- A file replaced or removed after submission (in a supplement): no longer the case's, but a
-- department may hold a signed URL for it, which must work until it expires. Written by the
-- trigger below in the transaction of the removal; pruned (row and stored object) once every URL
-- given out for it has expired.
create table retired_attachments (
    id              uuid primary key,
    case_id         uuid not null references cases (id),
    department_code text not null references departments (code),
    content_type    text not null,
    size_bytes      bigint not null,
    storage_key     text not null,
    retired_at      timestamptz not null default now()
);
create index retired_attachments_retired_idx on retired_attachments (retired_at);

create function retire_attachment() returns trigger language plpgsql as $$
begin
    -- Files of drafts were never sent anywhere: they simply go.
    insert into retired_attachments (id, case_id, department_code, content_type, size_bytes, storage_key)
    select old.id, old.case_id, c.department_code, old.content_type, old.size_bytes, old.storage_key
    from cases c where c.id = old.case_id and c.state <> 'draft'
    on conflict (id) do nothing;
    return old;
end
$$;
create trigger attachments_retire after delete on attachments
    for each row execute function retire_attachment();
