-- An enterprise's invitation to a (mobile, ID number) pair that no account holds yet. The
-- admin is told "invitation sent" either way, so inviting never reveals whether a person has
-- an account; the invitation reaches the person when they register with that pair.
create table waiting_invitations (
    id            uuid primary key default gen_random_uuid(),
    enterprise_id uuid not null references enterprises (id),
    mobile        text not null,
    id_number     text not null,
    invited_by    uuid not null references accounts (id),
    created_at    timestamptz not null default now(),
    unique (enterprise_id, mobile, id_number)
);
-- Registration looks up the invitations waiting for its mobile.
create index waiting_invitations_mobile on waiting_invitations (mobile);

-- The admin's list names an agent only once they accepted (an invitation alone must not tell
-- whose the pair is).
alter table enterprise_agents add column accepted_at timestamptz;
update enterprise_agents set accepted_at = changed_at where status = 'active';
