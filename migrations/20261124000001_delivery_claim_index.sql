-- The dispatcher claims the oldest due row with `order by available_at, id limit 1 for update
-- skip locked`. The old index (available_at, pending by delivered_at only) could not give that
-- order, so every claim sorted all pending rows and anti-joined each against its case's earlier
-- rows: about 15 ms of database CPU per delivery with a few hundred queued, the bottleneck of
-- delivery throughput. With this index the claim walks the due rows in order and stops at the
-- first one it can lock.
drop index delivery_outbox_due_idx;
create index delivery_outbox_due_idx on delivery_outbox (available_at, id)
    where delivered_at is null and dead_at is null;
