-- Who looked at or acted on a case, append-only and hash-chained (issue "Clerk workbench", 6).
-- Each row's hash is sha256(prev_hash || canonical serialisation of its fields), computed by
-- `app::domain::audit_chain`; appends are serialised with an advisory lock, so the chain never
-- forks. `portal verify-audit` walks the chain. No foreign keys: the log outlives what it names.
create table audit_log (
    id               bigserial primary key,
    at               timestamptz not null,
    actor_account_id uuid not null,
    actor_role       text not null,
    department_code  text,
    action           text not null,  -- case.view, file.download, case.claim, case.decide.accept…
    case_id          uuid,
    detail           jsonb not null default '{}',
    prev_hash        text not null,
    hash             text not null unique
);
create index audit_log_case_idx on audit_log (case_id, action, at) where case_id is not null;

create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function refuse_change();
create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function refuse_change();
