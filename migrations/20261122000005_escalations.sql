-- An overdue case is escalated to its department's supervisors once (the row makes it once).
create table case_escalations (
    case_id      uuid primary key references cases (id),
    escalated_at timestamptz not null default now(),
    due_on       date not null
);
