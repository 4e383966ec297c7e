//! pgbench executing the SQL of one submit without attachments (`POST /cases/{id}/edit` with
//! action=submit), as the portal runs it, traced with `log_statement = all`: the session and
//! the account (the request's middleware), the draft's form version (`drafts::form_of`; the
//! definition of a version is cached by the process, `forms::load`), the save transaction
//! (`drafts::save`, `record_progress`), then the submit transaction (`drafts::submit`,
//! `transition::apply` with its outbox row, deadlines, auto-assignment, and last the case number
//! and the notification). The statements the portal runs on other pool connections than the
//! transaction's come here in the same order on the one connection. What the portal computes in
//! Rust (the answers after prefill, the progress counts, the case number's format, the
//! notification's text) comes in as variables or is built in SQL. The draft is the next one in
//! `bench_drafts` (the portal's clients pop theirs from a list).

pub const SUBMIT: &str = r#"select nextval('bench_drafts_n_seq') - :drafts_before as n \gset
select case_id as cid, account_id as acc from bench_drafts where n = :n \gset
-- the request: its session and its account
select data from "tower_sessions"."session" where id = :sid and expiry_date > now();
select a.id, a.display_name, a.role, a.department_code, a.vendor_id,
       (select count(*) from notifications n where n.account_id = a.id and n.read_at is null)
from accounts a where a.id = :acc and not a.disabled
  and (a.sessions_valid_from is null
       or (extract(epoch from a.sessions_valid_from) * 1000000)::bigint <= :issued_us);
-- drafts::form_of
select c.service_code, c.form_version from cases c where c.id = :cid and ((:who::text = 'applicant' and (c.applicant_account_id = :acc
    or exists (select 1 from enterprise_agents ea
               where ea.enterprise_id = c.enterprise_id and ea.account_id = :acc
                 and ea.status = 'active')))
 or (:who::text in ('clerk', 'department_system') and c.department_code = null::text
     and c.state <> 'draft'));
-- drafts::save, record_progress
begin;
select c.id, c.state, c.service_code, c.form_version, c.enterprise_id from cases c
where c.id = :cid and ((:who::text = 'applicant' and (c.applicant_account_id = :acc
    or exists (select 1 from enterprise_agents ea
               where ea.enterprise_id = c.enterprise_id and ea.account_id = :acc
                 and ea.status = 'active')))
 or (:who::text in ('clerk', 'department_system') and c.department_code = null::text
     and c.state <> 'draft')) for update of c;
select p.real_name, p.id_number, p.mobile, a.email, p.address_district, p.address_detail
from accounts a join people p on p.id = a.person_id where a.id = :acc;
update cases set answers = :answers, saved_at = now(), version = version + 1 where id = :cid;
select answers from cases where id = :cid and state = 'draft';
select field_key, id::text from attachments where case_id = :cid
union all
select field_key, 'cert:' || certificate_id::text from case_certificates where case_id = :cid
order by 1, 2;
update cases set answered_count = :answered, required_count = :answered where id = :cid;
commit;
-- drafts::submit
begin;
select c.id, c.state, c.service_code, c.form_version, c.enterprise_id from cases c
where c.id = :cid and ((:who::text = 'applicant' and (c.applicant_account_id = :acc
    or exists (select 1 from enterprise_agents ea
               where ea.enterprise_id = c.enterprise_id and ea.account_id = :acc
                 and ea.status = 'active')))
 or (:who::text in ('clerk', 'department_system') and c.department_code = null::text
     and c.state <> 'draft')) for update of c;
select coalesce((select p.real_name_level from accounts a
                  join people p on p.id = a.person_id where a.id = :acc), 1::smallint),
       (select required_level from services where code = :service);
select answers from cases where id = :cid;
select field_key, id::text from attachments where case_id = :cid
union all
select field_key, 'cert:' || certificate_id::text from case_certificates where case_id = :cid
order by 1, 2;
select (now() at time zone 'Asia/Shanghai')::date;
update cases set answers = :answers, saved_at = now() where id = :cid;
-- transition::apply
select c.state, c.version, c.department_code, c.applicant_account_id, c.case_number,
       s.name_zh, s.name_en,
       exists (select 1 from bundle_services b where b.bundle_code = c.service_code)
           as is_bundle,
       c.accepted_on is not null as accepted, c.assigned_clerk_id
from cases c join services s on s.code = c.service_code
where c.id = :cid and ((:who::text = 'applicant' and (c.applicant_account_id = :acc
    or exists (select 1 from enterprise_agents ea
               where ea.enterprise_id = c.enterprise_id and ea.account_id = :acc
                 and ea.status = 'active')))
 or (:who::text in ('clerk', 'department_system') and c.department_code = null::text
     and c.state <> 'draft'))
for update of c;
update cases set
   state = :to_state,
   version = version + 1,
   case_number = coalesce(null::text, 'pending-' || id::text),
   submitted_at = case when :to_state = 'submitted' and submitted_at is null then now()
                       else submitted_at end,
   accepted_on = case when :to_state = 'accepted'
       then (now() at time zone 'Asia/Shanghai')::date else accepted_on end,
   supplement_items = case when :to_state = 'supplement_requested' then null::jsonb
                           when state = 'supplement_requested'
                               and :to_state <> 'withdrawn' then null
                           else supplement_items end,
   decided_at = case when false then now() else decided_at end
where id = :cid returning version;
insert into case_events
   (case_id, seq, action, from_state, to_state, actor_kind, actor_account_id, reason, payload)
values (:cid, (select coalesce(max(seq), 0) + 1 from case_events where case_id = :cid),
        'submit', 'draft', :to_state, :who, :acc, '', '{"action": "submit"}')
returning id as ev \gset
insert into delivery_outbox (case_id, case_event_id, department_code, event)
values (:cid, :ev, :department, 'case.submitted');
select pg_notify('delivery_outbox', '');
select day, kind from calendar_days;
select c.id, c.state, c.accepted_on, s.promised_days, s.statutory_days
from cases c join services s on s.code = c.service_code
where c.id = any(array[:cid::uuid]);
select case_id, to_state, (occurred_at at time zone 'Asia/Shanghai')::date
from case_events
where case_id = any(array[:cid::uuid])
  and ((to_state = 'supplement_requested' and from_state <> 'submitted')
       or from_state = 'supplement_requested')
order by case_id, seq;
update cases c set due_on = d.due_on, statutory_due_on = d.statutory_due_on
from unnest(array[:cid::uuid], array[null]::date[], array[null]::date[]) as d(id, due_on, statutory_due_on)
where c.id = d.id
  and (c.due_on, c.statutory_due_on) is distinct from (d.due_on, d.statutory_due_on);
select last_clerk_id from auto_assignment a
where department_code = :department and enabled
  and not exists (select 1 from department_backends b
                  where b.department_code = a.department_code and b.kind = 'http')
for update;
-- transition::number_case, last: the day's counter row stays locked until commit
with counter as (
     insert into case_number_counters (department_code, day, last_value)
     values (:department, (now() at time zone 'Asia/Shanghai')::date, 1)
     on conflict (department_code, day)
         do update set last_value = case_number_counters.last_value + 1
     returning to_char(day, 'YYYYMMDD') as day, last_value::text as seq)
update cases c
set case_number = :department::text || counter.day || lpad(counter.seq, greatest(5, length(counter.seq)), '0')
from counter where c.id = :cid
returning c.case_number as number \gset
with revoked as (
    select c.enterprise_id from cases c
    where c.id = :cid and c.enterprise_id is not null and c.applicant_account_id = :acc
      and not exists (select 1 from enterprise_agents g
                      where g.enterprise_id = c.enterprise_id and g.account_id = :acc
                        and g.status = 'active'))
  select a.id as "id!" from accounts a
  where a.id = :acc and not a.disabled and not exists (select 1 from revoked)
  union
  select g.account_id from revoked r
  join enterprise_agents g on g.enterprise_id = r.enterprise_id
  join accounts a on a.id = g.account_id
  where g.is_admin and g.status = 'active' and not a.disabled;
insert into notifications (account_id, case_id, template, params)
values (:acc, :cid, 'case-submitted',
        jsonb_build_object('reason', '', 'case_path', '/cases/' || :cid::text, 'service_en', :service_en::text,
                           'service_zh', :service_zh::text, 'case_number', :number::text))
returning id as note \gset
insert into email_outbox (notification_id, to_address, locale, template, params)
select :note::bigint, email, coalesce(locale, 'zh-CN'), 'case-submitted', '{}'::jsonb
from accounts where id = :acc and email is not null;
select exists (select 1 from bundle_services where bundle_code = :service);
commit;
"#;

/// The variables of `SUBMIT`: what the portal's request carries or computes (`answers`: the
/// stored answers after prefill, taken from a draft the portal saved), and `drafts_before`, the
/// sequence's value before the run (the warm-up's drafts are taken already).
pub struct Values {
    pub session_id: String,
    pub answers: String,
    pub answered: i32,
    pub drafts_before: i64,
}

pub fn defines(values: &Values) -> Vec<(&'static str, String)> {
    vec![
        ("drafts_before", values.drafts_before.to_string()),
        ("sid", values.session_id.clone()),
        // Far in the future: the account's sessions are valid from before it.
        ("issued_us", "9000000000000000".into()),
        ("who", "applicant".into()),
        ("service", super::browser::SERVICE.into()),
        ("form_version", "1".into()),
        ("department", "GA".into()),
        ("to_state", "submitted".into()),
        ("answers", values.answers.clone()),
        ("answered", values.answered.to_string()),
        ("service_zh", "无犯罪记录证明开具".into()),
        ("service_en", "Certificate of no criminal record".into()),
    ]
}
