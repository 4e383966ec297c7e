-- 好差评: the applicant rates a decided case once; a bad rating (1–2) opens a follow-up that the
-- department's supervisor must close with a response the applicant sees.
create table ratings (
    case_id    uuid primary key references cases (id),
    account_id uuid not null references accounts (id),
    score      integer not null check (score between 1 and 5),
    comment    text not null default '' check (length(comment) <= 1000),
    created_at timestamptz not null default now()
);

create table rating_followups (
    case_id         uuid primary key references ratings (case_id),
    department_code text not null references departments (code),
    opened_at       timestamptz not null default now(),
    response        text,
    closed_by       uuid references accounts (id),
    closed_at       timestamptz,
    check ((closed_at is null) = (response is null))
);
create index rating_followups_open_idx on rating_followups (department_code) where closed_at is null;
