-- Which e-certificate (电子证照) a service issues on approval, if any.
alter table services add column issues_cert_type text;
update services set issues_cert_type = c.cert_type
from (values
    ('SCJG-001', 'business_licence'),
    ('SCJG-002', 'food_business_permit'),
    ('SCJG-003', 'business_licence'),
    ('WJW-001', 'birth_certificate'),
    ('RSJ-002', 'social_security_card'),
    ('GA-002', 'resident_id_card'),
    ('MZ-001', 'marriage_certificate'),
    ('GA-004', 'no_criminal_record'),
    ('WJW-003', 'public_place_hygiene_permit'),
    ('ZJ-001', 'construction_permit')
) as c(code, cert_type)
where services.code = c.code;

-- Forms, version 1 of every service: the applicant's (or the enterprise's) verified data,
-- prefilled and locked; a description; one upload per required material. Materials that an
-- e-certificate covers can be attached from the wallet instead.
create function pg_temp.text_of(zh text, en text) returns jsonb language sql immutable
    as $$ select jsonb_build_object('zh', zh, 'en', en) $$;

create function pg_temp.field(key text, label jsonb, required boolean, kind jsonb,
                              prefill text default null, help jsonb default null) returns jsonb
    language sql immutable as $$
    select jsonb_strip_nulls(jsonb_build_object(
        'key', key, 'label', label, 'required', required, 'kind', kind,
        'prefill', prefill, 'help', help))
$$;

create function pg_temp.material_fields(service text) returns jsonb language sql stable as $$
    select coalesce(jsonb_agg(pg_temp.field(
        'material_' || m.position,
        pg_temp.text_of(m.name_zh, m.name_en),
        true,
        jsonb_strip_nulls(jsonb_build_object(
            'type', 'file',
            'accept', jsonb_build_array('application/pdf', 'image/jpeg', 'image/png'),
            'max_bytes', 10485760,
            'max_count', 5,
            'material', m.position,
            'ecert_type', case
                when not m.ecert_substitutes then null
                when m.name_zh like '%营业执照%' then 'business_licence'
                when m.name_zh like '%出生医学证明%' then 'birth_certificate'
                when m.name_zh like '%身份证%' then 'resident_id_card'
                when m.name_zh like '%户口簿%' then 'household_register'
                when m.name_zh like '%社会保障卡%' then 'social_security_card'
                else null end)),
        null,
        case when m.note_zh <> '' then pg_temp.text_of(m.note_zh, m.note_en) end)
        order by m.position), '[]'::jsonb)
    from service_materials m where m.service_code = service
$$;

create function pg_temp.applicant_fields(audience text) returns jsonb language sql immutable as $$
    select case when audience = 'enterprise' then jsonb_build_array(
        pg_temp.field('enterprise_name', pg_temp.text_of('单位名称', 'Enterprise name'), true,
                      '{"type": "short_text", "max_chars": 100}', 'enterprise_name'),
        pg_temp.field('credit_code', pg_temp.text_of('统一社会信用代码', 'Unified social credit code'), true,
                      '{"type": "credit_code"}', 'enterprise_credit_code'),
        pg_temp.field('legal_rep', pg_temp.text_of('法定代表人', 'Legal representative'), true,
                      '{"type": "short_text", "max_chars": 50}', 'enterprise_legal_rep'),
        pg_temp.field('contact_name', pg_temp.text_of('经办人', 'Agent'), true,
                      '{"type": "short_text", "max_chars": 50}', 'applicant_name'),
        pg_temp.field('contact_mobile', pg_temp.text_of('经办人联系电话', 'Agent''s phone'), true,
                      '{"type": "phone"}', 'applicant_mobile'))
    else jsonb_build_array(
        pg_temp.field('applicant_name', pg_temp.text_of('申请人姓名', 'Applicant''s name'), true,
                      '{"type": "short_text", "max_chars": 50}', 'applicant_name'),
        pg_temp.field('applicant_id_number', pg_temp.text_of('公民身份号码', 'Resident ID number'), true,
                      '{"type": "resident_id"}', 'applicant_id_number'),
        pg_temp.field('applicant_mobile', pg_temp.text_of('联系电话', 'Phone'), true,
                      '{"type": "phone"}', 'applicant_mobile'),
        pg_temp.field('applicant_email', pg_temp.text_of('电子邮箱', 'E-mail'), false,
                      '{"type": "email"}', 'applicant_email',
                      pg_temp.text_of('办理进度会同时发送到此邮箱。', 'We also send progress updates to this address.')),
        pg_temp.field('applicant_address', pg_temp.text_of('联系地址', 'Address'), true,
                      '{"type": "address"}', 'applicant_address'))
    end
$$;

-- Generic forms for every service that has no specific form below.
insert into service_forms (service_code, version, definition)
select s.code, 1, jsonb_build_object('fields',
    pg_temp.applicant_fields(s.audience)
    || jsonb_build_array(pg_temp.field('details',
        pg_temp.text_of('申请事项说明', 'What you are applying for'), true,
        '{"type": "long_text", "max_chars": 2000}', null,
        pg_temp.text_of('简要说明申请的具体事项和理由。', 'Briefly describe what you are applying for and why.')))
    || pg_temp.material_fields(s.code))
from services s
where s.code not in ('SCJG-001', 'WJW-001');

-- 企业设立登记: the full business-licence form (choice, number, address, shareholders).
insert into service_forms (service_code, version, definition)
select 'SCJG-001', 1, jsonb_build_object('fields', jsonb_build_array(
    pg_temp.field('contact_name', pg_temp.text_of('经办人', 'Agent'), true,
                  '{"type": "short_text", "max_chars": 50}', 'applicant_name'),
    pg_temp.field('contact_mobile', pg_temp.text_of('经办人联系电话', 'Agent''s phone'), true,
                  '{"type": "phone"}', 'applicant_mobile'),
    pg_temp.field('company_name', pg_temp.text_of('拟设立企业名称', 'Proposed company name'), true,
                  '{"type": "short_text", "max_chars": 100}', null,
                  pg_temp.text_of('须与名称自主申报结果一致。', 'Must match the name you reserved.')),
    pg_temp.field('company_type', pg_temp.text_of('企业类型', 'Company type'), true,
                  jsonb_build_object('type', 'single_choice', 'options', jsonb_build_array(
                      jsonb_build_object('value', 'llc', 'label', pg_temp.text_of('有限责任公司', 'Limited liability company')),
                      jsonb_build_object('value', 'sole_llc', 'label', pg_temp.text_of('一人有限责任公司', 'Single-shareholder LLC')),
                      jsonb_build_object('value', 'partnership', 'label', pg_temp.text_of('合伙企业', 'Partnership'))))),
    pg_temp.field('registered_capital', pg_temp.text_of('注册资本（万元）', 'Registered capital (10,000 yuan)'), true,
                  '{"type": "number", "min": 1, "max": 1000000, "integer": false}'),
    pg_temp.field('business_scope', pg_temp.text_of('经营范围', 'Business scope'), true,
                  jsonb_build_object('type', 'multi_choice', 'min_selected', 1, 'options', jsonb_build_array(
                      jsonb_build_object('value', 'catering', 'label', pg_temp.text_of('餐饮服务', 'Catering')),
                      jsonb_build_object('value', 'retail', 'label', pg_temp.text_of('食品零售', 'Food retail')),
                      jsonb_build_object('value', 'software', 'label', pg_temp.text_of('软件开发', 'Software development')),
                      jsonb_build_object('value', 'consulting', 'label', pg_temp.text_of('咨询服务', 'Consulting'))))),
    pg_temp.field('premises', pg_temp.text_of('住所（经营场所）', 'Registered address'), true, '{"type": "address"}'),
    pg_temp.field('start_date', pg_temp.text_of('计划开业日期', 'Planned opening date'), false,
                  '{"type": "date", "min": {"offset_days": 0}, "max": {"offset_days": 365}}'),
    pg_temp.field('shareholders', pg_temp.text_of('股东', 'Shareholders'), true,
                  jsonb_build_object('type', 'group', 'min_rows', 1, 'max_rows', 10,
                      'add_label', pg_temp.text_of('添加股东', 'Add a shareholder'),
                      'fields', jsonb_build_array(
                          pg_temp.field('name', pg_temp.text_of('股东姓名', 'Name'), true, '{"type": "short_text", "max_chars": 50}'),
                          pg_temp.field('id_number', pg_temp.text_of('公民身份号码', 'Resident ID number'), true, '{"type": "resident_id"}'),
                          pg_temp.field('share', pg_temp.text_of('出资比例（%）', 'Share (%)'), true,
                                        '{"type": "number", "min": 0.01, "max": 100, "integer": false}'))))
    ) || pg_temp.material_fields('SCJG-001'));

-- 出生医学证明首次签发: dates with rules, a conditional field.
insert into service_forms (service_code, version, definition)
select 'WJW-001', 1, jsonb_build_object('fields', jsonb_build_array(
    pg_temp.field('applicant_name', pg_temp.text_of('申请人（父/母）姓名', 'Applicant (parent)'), true,
                  '{"type": "short_text", "max_chars": 50}', 'applicant_name'),
    pg_temp.field('applicant_id_number', pg_temp.text_of('申请人公民身份号码', 'Applicant''s resident ID number'), true,
                  '{"type": "resident_id"}', 'applicant_id_number'),
    pg_temp.field('applicant_mobile', pg_temp.text_of('联系电话', 'Phone'), true, '{"type": "phone"}', 'applicant_mobile'),
    pg_temp.field('baby_name', pg_temp.text_of('新生儿姓名', 'Baby''s name'), true, '{"type": "short_text", "max_chars": 50}'),
    pg_temp.field('baby_sex', pg_temp.text_of('新生儿性别', 'Baby''s sex'), true,
                  jsonb_build_object('type', 'single_choice', 'options', jsonb_build_array(
                      jsonb_build_object('value', 'female', 'label', pg_temp.text_of('女', 'Female')),
                      jsonb_build_object('value', 'male', 'label', pg_temp.text_of('男', 'Male'))))),
    pg_temp.field('birth_date', pg_temp.text_of('出生日期', 'Date of birth'), true,
                  '{"type": "date", "min": {"offset_days": -365}, "max": "today"}',
                  null, pg_temp.text_of('不能晚于今天。', 'Cannot be in the future.')),
    pg_temp.field('birth_place', pg_temp.text_of('出生地点', 'Place of birth'), true,
                  jsonb_build_object('type', 'single_choice', 'options', jsonb_build_array(
                      jsonb_build_object('value', 'hospital', 'label', pg_temp.text_of('医疗机构内', 'In a hospital')),
                      jsonb_build_object('value', 'elsewhere', 'label', pg_temp.text_of('医疗机构外', 'Outside a hospital'))))),
    pg_temp.field('hospital_name', pg_temp.text_of('助产机构名称', 'Name of the hospital'), true,
                  '{"type": "short_text", "max_chars": 100}') || '{"visible_when": {"field": "birth_place", "any_of": ["hospital"]}}',
    pg_temp.field('birth_weight', pg_temp.text_of('出生体重（克）', 'Birth weight (g)'), true,
                  '{"type": "number", "min": 300, "max": 8000, "integer": true}')
    ) || pg_temp.material_fields('WJW-001'));
