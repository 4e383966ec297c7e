-- An e-certificate is issued only to a person at real-name level 2 or more. The approval of a
-- lower-level applicant's case keeps its certificate here (with the validity the approval
-- gave) until the person's level rises; then it is issued and the row marked released.
create table withheld_certificates (
    case_id     uuid primary key references cases (id),
    valid_until date,
    withheld_at timestamptz not null default now(),
    released_at timestamptz
);
create index withheld_certificates_waiting on withheld_certificates (case_id)
    where released_at is null;
