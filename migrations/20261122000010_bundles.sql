-- Bundles (一件事一次办): one application that fans out into a case per owning department.
-- A bundle is a service of the government services administration (政务服务管理局), which
-- coordinates them; its combined form is built from its children's forms at start-up
-- (server: db::migrate → app::core::bundles::refresh_forms), so it follows their changes.
insert into departments (code, name_zh, name_en, description_zh, description_en, sort_order) values
('ZWFW', '政务服务管理局', 'Government Services Administration',
 '统筹“一网通办”和“一件事一次办”：一次申请、一套材料，分送各部门并行办理。',
 'Coordinates the single window and the "one thing, done once" bundles: one application and one set of materials, sent to every department concerned to be handled in parallel.', 5);
insert into department_backends (department_code, kind) values ('ZWFW', 'workbench');

insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('YJS-001', 'ZWFW', 'enterprise', '开办餐饮店（一件事）', 'Open a restaurant (one application)',
 '一次申请同时办理营业执照、食品经营许可、税务登记和社会保险登记。',
 'Apply once for business registration, the food business permit, tax registration and social insurance registration.',
 '填写一张合并表单，共同信息只填一次。提交后分别送市场监督管理局、税务局和人力资源和社会保障局并行办理，每个事项有自己的办件编号和进度；某一事项需要补正或未获批准，不影响其他事项。',
 'Fill in one combined form; shared details are asked once. On submission each part goes to its own department (market regulation, taxation, human resources and social security) and is handled in parallel with its own case number and progress; a supplement or a denial of one part does not stop the others.',
 '《国务院关于加快推进政务服务“一网通办”的指导意见》《国务院办公厅关于扎实推进高效办成一件事的意见》',
 'State Council guidance on the single window for government services; General Office of the State Council on getting "one thing" done efficiently',
 20, 10, 0, '各事项均免费。', 'Every part is free of charge.', true, 1),
('YJS-002', 'ZWFW', 'citizen', '新生儿出生（一件事）', 'A baby is born (one application)',
 '一次申请同时办理出生医学证明、户口登记、医保参保和社会保障卡。',
 'Apply once for the birth certificate, household registration, medical insurance and the social security card.',
 '填写一张合并表单，父母信息只填一次。提交后分别送卫生健康委员会、公安局、医疗保障局和人力资源和社会保障局并行办理，每个事项有自己的办件编号和进度。',
 'Fill in one combined form; the parents'' details are asked once. On submission each part goes to its own department (health, public security, healthcare security, human resources and social security) and is handled in parallel with its own case number and progress.',
 '《国务院办公厅关于扎实推进高效办成一件事的意见》',
 'General Office of the State Council on getting "one thing" done efficiently',
 20, 10, 0, '各事项均免费。', 'Every part is free of charge.', true, 2);
insert into service_topics (service_code, topic_code) values
    ('YJS-001', 'kaiban'), ('YJS-001', 'jingying'), ('YJS-002', 'shengyu'), ('YJS-002', 'hukou');

create table bundle_services (
    bundle_code  text not null references services (code),
    service_code text not null references services (code),
    position     integer not null,
    primary key (bundle_code, service_code),
    unique (bundle_code, position),
    check (bundle_code <> service_code)
);
insert into bundle_services (bundle_code, service_code, position) values
    ('YJS-001', 'SCJG-001', 1), ('YJS-001', 'SCJG-002', 2), ('YJS-001', 'SW-001', 3), ('YJS-001', 'RSJ-001', 4),
    ('YJS-002', 'WJW-001', 1), ('YJS-002', 'GA-001', 2), ('YJS-002', 'YB-001', 3), ('YJS-002', 'RSJ-002', 4);

-- A child case points at the bundle's case it came from.
alter table cases add column bundle_case_id uuid references cases (id);
create index cases_bundle_idx on cases (bundle_case_id) where bundle_case_id is not null;

-- A file uploaded once on the combined form is the same stored object for every child case
-- that asks for it, so storage keys are no longer one per row.
alter table attachments drop constraint attachments_storage_key_key;
create index attachments_storage_key_idx on attachments (storage_key);
