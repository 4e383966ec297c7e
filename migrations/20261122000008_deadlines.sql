-- Stored due dates, so queues can sort and page by deadline with an index at any size.
-- They are a cache of the calendar arithmetic (app/src/core/cases/deadlines.rs), rewritten in the
-- same transaction as every transition and for every running case when the operator edits the
-- calendar. "Near deadline" and "overdue" are never stored: they compare these dates with
-- thresholds computed from today and the calendar at read time.
alter table cases
    add column due_on           date,  -- promised deadline (承诺办结期限), null unless the clock runs
    add column statutory_due_on date;  -- statutory deadline (法定办结期限)

-- The queues of a department, each read in its own order through one index.
create index cases_queue_submitted_idx on cases (department_code, submitted_at, id)
    where state in ('submitted', 'supplement_requested');
create index cases_queue_due_idx on cases (department_code, due_on, id)
    where state in ('accepted', 'in_review', 'resubmitted');
create index cases_queue_mine_idx on cases (department_code, assigned_clerk_id, due_on, id)
    where state in ('accepted', 'in_review', 'resubmitted');
create index cases_queue_finished_idx on cases (department_code, decided_at desc, id desc)
    where state in ('refused_at_intake', 'approved', 'denied', 'withdrawn');

-- Round-robin assignment of new cases among a department's clerks, when the supervisor turns it on.
create table auto_assignment (
    department_code  text primary key references departments (code),
    enabled          boolean not null default false,
    last_clerk_id    uuid references accounts (id),
    updated_at       timestamptz not null default now()
);

-- The legal grounds a service's denials may cite (codes translated in the workbench locale);
-- a service without rows falls back to the general grounds of the Administrative Licensing Law.
create table service_denial_grounds (
    service_code text not null references services (code),
    ground_code  text not null check (ground_code ~ '^[a-z0-9-]+$'),
    position     integer not null default 0,
    primary key (service_code, ground_code)
);
insert into service_denial_grounds (service_code, ground_code, position)
select code, g.ground, g.position
from services,
     (values ('xzxk-38-2', 1), ('xzxk-12', 2), ('xzxk-78', 3)) as g(ground, position);
-- The food business permit's own ground (食品安全法 第三十五条), listed first.
insert into service_denial_grounds (service_code, ground_code, position) values
    ('SCJG-002', 'spaqf-35', 0);

-- 2027: the statutory holidays of 全国年节及纪念日放假办法 (2024 revision) on their 2027 dates.
-- The State Council's notice with the 调休 arrangement for 2027 could not be verified when this
-- was written; the operator adds it at /admin/calendar when it is published.
insert into calendar_days (day, kind, note) values
    ('2027-01-01', 'holiday', '元旦（法定）'),
    ('2027-02-05', 'holiday', '春节（法定，除夕）'),
    ('2027-02-06', 'holiday', '春节（法定）'),
    ('2027-02-07', 'holiday', '春节（法定）'),
    ('2027-02-08', 'holiday', '春节（法定）'),
    ('2027-04-05', 'holiday', '清明节（法定）'),
    ('2027-05-01', 'holiday', '劳动节（法定）'),
    ('2027-05-02', 'holiday', '劳动节（法定）'),
    ('2027-06-09', 'holiday', '端午节（法定）'),
    ('2027-09-15', 'holiday', '中秋节（法定）'),
    ('2027-10-01', 'holiday', '国庆节（法定）'),
    ('2027-10-02', 'holiday', '国庆节（法定）'),
    ('2027-10-03', 'holiday', '国庆节（法定）')
on conflict (day) do nothing;
