-- An audit append in one statement (and so one round trip, committed on its own), for an
-- appender that already knows the head: it chained the rows after (after_id, after_hash),
-- with the ids that follow after_id. Under the append lock the head is read again; if
-- anyone appended since, nothing is written and false comes back (the appender then takes
-- the long way, `audit_lock_head`). The sequence is moved to the last id used, so the long
-- way's next ids follow on (ids above the head were never used: the head is the highest).
create function audit_append_after(lock_key bigint, after_id bigint, after_hash text,
                                   ids bigint[], ats timestamptz[], actors uuid[],
                                   roles text[], departments text[], actions text[],
                                   cases uuid[], details jsonb[], prevs text[],
                                   hashes text[])
returns boolean
language plpgsql volatile as $$
declare
    head_id bigint;
    head_hash text;
begin
    perform pg_advisory_xact_lock(lock_key);
    execute 'select id, hash from audit_log order by id desc limit 1' into head_id, head_hash;
    if head_id is distinct from after_id or head_hash is distinct from after_hash then
        return false;
    end if;
    insert into audit_log (id, at, actor_account_id, actor_role, department_code, action,
                           case_id, detail, prev_hash, hash)
    select * from unnest(ids, ats, actors, roles, departments, actions, cases, details,
                         prevs, hashes);
    perform setval(pg_get_serial_sequence('audit_log', 'id'), ids[cardinality(ids)]);
    return true;
end
$$;
