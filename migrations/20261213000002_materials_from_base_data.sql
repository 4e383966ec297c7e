-- Materials the shared base data stands in for (免证办): the household register is the
-- population register's record of the applicant, a business licence the legal-entity
-- register's record of the enterprise. The form no longer asks for them; the case says they
-- are provided from base data, which the department's system reads through the signed API.
alter table service_materials add column from_base_data text
    check (from_base_data in ('population', 'legal_entity'));

update service_materials set from_base_data = 'population'
where (service_code, position) in (('GA-002', 2), ('JY-001', 1), ('MZ-002', 2));

update service_materials set from_base_data = 'legal_entity'
where (service_code, position) in (('SCJG-004', 4), ('SCJG-005', 3));

-- The department reads what stands in for the material: its service declares those fields.
update services set base_data_fields = array['name', 'sex', 'birth_date', 'household_address', 'status']
where code in ('GA-002', 'JY-001', 'MZ-002') and base_data_fields = '{}';
update services set base_data_fields = array['entity_name', 'entity_type', 'industry', 'legal_rep_name', 'registered_address', 'entity_status']
where code in ('SCJG-004', 'SCJG-005') and base_data_fields = '{}';
