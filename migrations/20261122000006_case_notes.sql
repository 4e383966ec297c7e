-- Notes on a case by department staff (issue "Clerk workbench", 3): internal notes, never shown
-- to the applicant, and messages to the applicant. Append-only, like case_events.
create table case_notes (
    id                bigserial primary key,
    case_id           uuid not null references cases (id),
    author_account_id uuid not null references accounts (id),
    visibility        text not null check (visibility in ('internal', 'applicant')),
    body              text not null check (length(body) between 1 and 2000),
    created_at        timestamptz not null default now()
);
create index case_notes_case_idx on case_notes (case_id, created_at, id);

create trigger case_notes_append_only before update or delete on case_notes
    for each row execute function refuse_change();
