-- One round trip to start an audit append of `n` rows: take the append lock, then (with a
-- snapshot taken after the lock, so no other instance's row can be missed) draw the rows' ids
-- and read the head hash. The head is read with dynamic SQL, planned on each call: a plan
-- cached while the log was a page long would scan the whole table once it has grown.
create function audit_lock_head(lock_key bigint, n integer, out ids bigint[],
                                out at timestamptz, out last_hash text)
language plpgsql volatile as $$
begin
    perform pg_advisory_xact_lock(lock_key);
    select array_agg(v order by v) into ids
      from (select nextval(pg_get_serial_sequence('audit_log', 'id')) as v
              from generate_series(1, greatest(n, 1))) drawn;
    at := clock_timestamp();
    execute 'select hash from audit_log order by id desc limit 1' into last_hash;
end
$$;
