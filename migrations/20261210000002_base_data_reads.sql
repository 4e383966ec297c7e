-- The base data fields a service's department may read about the applicant of one of its
-- cases (once-only, 免证办): the department reads them instead of asking for papers.
alter table services add column base_data_fields text[] not null default '{}'
    check (base_data_fields <@ array[
        'name', 'sex', 'birth_date', 'household_address', 'status',
        'entity_name', 'entity_type', 'industry', 'legal_rep_name', 'legal_rep_id_number',
        'registered_address', 'entity_status']::text[]);

-- 公安局's services read the applicant's population record; 市场监管局's the enterprise's.
update services set base_data_fields = array['name', 'sex', 'birth_date', 'household_address', 'status']
where department_code = 'GA';
update services set base_data_fields = array['entity_name', 'entity_type', 'industry',
    'legal_rep_name', 'registered_address', 'entity_status']
where department_code = 'SCJG';
