-- Catalogue seed (事项清单 / 办事指南): departments, topics, services with their topics, materials and steps.
-- Time limits are working days: statutory_days = 法定办结时限, promised_days = 承诺办结时限.
-- Each service is one block: the service row, its topics, its materials (申请材料) and its steps (办理流程).

insert into departments (code, name_zh, name_en, description_zh, description_en, sort_order) values
('SCJG', '市场监督管理局', 'Administration for Market Regulation',
 '负责市场主体登记注册、食品安全和产品质量监管、知识产权保护和价格监督检查等工作。',
 'Registers businesses and supervises food safety, product quality, intellectual property and prices.', 10),
('GA', '公安局', 'Public Security Bureau',
 '负责户籍管理、居民身份证和居住证管理、犯罪记录查询及治安管理等公安行政事务。',
 'Handles household registration, resident ID cards, residence permits, criminal record checks and public order administration.', 20),
('RSJ', '人力资源和社会保障局', 'Human Resources and Social Security Bureau',
 '负责就业创业服务、社会保险登记与待遇经办、社会保障卡发行和职业技能培训。',
 'Provides employment services, registers social insurance and pays its benefits, issues social security cards and funds vocational training.', 30),
('YB', '医疗保障局', 'Healthcare Security Administration',
 '负责基本医疗保险和生育保险的参保登记、待遇支付、异地就医管理和医保基金监管。',
 'Administers basic medical and maternity insurance enrolment, benefit payments, out-of-area medical care and fund supervision.', 40),
('JY', '教育局', 'Education Bureau',
 '负责义务教育招生入学、学籍管理、教师资格认定和各类学校的教育行政管理。',
 'Manages compulsory-education admissions, student records, teacher certification and the administration of schools.', 50),
('MZ', '民政局', 'Civil Affairs Bureau',
 '负责婚姻登记、社会救助、养老服务、老年福利和社会组织登记管理。',
 'Handles marriage registration, social assistance, elderly care services, old-age allowances and registration of social organisations.', 60),
('ZJ', '住房和城乡建设局', 'Housing and Urban-Rural Development Bureau',
 '负责建筑工程施工许可、房地产市场监管、保障性住房和建筑市场管理。',
 'Issues construction permits and oversees the property market, affordable housing and the construction industry.', 70),
('ZRZY', '自然资源和规划局', 'Natural Resources and Planning Bureau',
 '负责国土空间规划、建设用地和建设工程规划许可以及自然资源管理。',
 'Responsible for spatial planning, land-use and construction-project planning permits, and natural resource management.', 80),
('SW', '税务局', 'Tax Service',
 '负责税费征收管理、纳税人信息确认、发票管理和纳税服务。',
 'Collects taxes and fees, confirms taxpayer information, manages invoices and provides taxpayer services.', 90),
('WJW', '卫生健康委员会', 'Health Commission',
 '负责医疗卫生服务管理、妇幼保健、出生医学证明管理、生育登记和公共卫生监督。',
 'Oversees health services, maternal and child health, birth medical certificates, birth registration and public health supervision.', 100),
('BDC', '不动产登记中心', 'Real Estate Registration Centre',
 '负责土地、房屋等不动产的统一登记、登记资料查询和不动产权证书核发。',
 'Carries out unified registration of land and buildings, answers record inquiries and issues real estate title certificates.', 110),
('GJJ', '住房公积金管理中心', 'Housing Provident Fund Management Centre',
 '负责住房公积金的缴存登记、提取、个人住房贷款和资金管理。',
 'Manages housing provident fund deposit registration, withdrawals, home loans and fund administration.', 120);

insert into topics (code, audience, name_zh, name_en, sort_order) values
('shengyu',   'citizen',    '生育',     'Having a baby',                 10),
('ruxue',     'citizen',    '入学',     'Starting school',               20),
('jiuye',     'citizen',    '就业',     'Employment',                    30),
('hunyin',    'citizen',    '婚姻',     'Marriage',                      40),
('zhufang',   'citizen',    '住房',     'Housing',                       50),
('yanglao',   'citizen',    '养老',     'Retirement and elderly care',   60),
('yiliao',    'citizen',    '医疗',     'Medical care',                  70),
('hukou',     'citizen',    '户籍',     'Household registration',        80),
('kaiban',    'enterprise', '开办企业', 'Starting a business',           110),
('jingying',  'enterprise', '经营许可', 'Business permits',              120),
('nashui',    'enterprise', '纳税',     'Taxes',                         130),
('gongcheng', 'enterprise', '工程建设', 'Construction projects',         140),
('yonggong',  'enterprise', '用工',     'Hiring staff',                  150);

-- ============================================================================
-- 市场监督管理局 (SCJG)
-- ============================================================================

-- SCJG-001 企业设立登记 (bundle child: business licence)
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('SCJG-001', 'SCJG', 'enterprise', '企业设立登记', 'Enterprise establishment registration (business licence)',
 '新设立公司、合伙企业等市场主体申请设立登记并领取营业执照。',
 'Register a new company or partnership and obtain its business licence.',
 '申请人在企业开办“一网通办”平台自主申报名称，填报住所、经营范围、注册资本、股东及高级管理人员等信息并上传章程。登记机关对材料齐全、符合法定形式的申请予以登记，同时核发纸质营业执照和电子营业执照。可在同一次申报中一并申领公章、发票，办理社保和公积金登记。',
 'The applicant reserves a name on the one-stop business start-up platform, enters the domicile, business scope, registered capital, shareholders and officers, and uploads the articles of association. Where the materials are complete and in statutory form, the registration authority registers the enterprise and issues both a paper and an electronic business licence. Company seals, invoices, social insurance and housing provident fund registration can be requested in the same submission.',
 '《中华人民共和国公司法》《中华人民共和国市场主体登记管理条例》《中华人民共和国市场主体登记管理条例实施细则》',
 'Company Law of the People''s Republic of China; Regulations of the PRC on the Administration of Market Entity Registration and their Implementing Rules',
 3, 1, 0, '营业执照（含电子营业执照）免费发放。', 'Paper and electronic business licences are issued free of charge.', false, 10);
insert into service_topics (service_code, topic_code) values ('SCJG-001', 'kaiban');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('SCJG-001', 1, '公司登记（备案）申请书', 'Company registration (filing) application form', 'electronic', 1, false,
 '在线填报生成，由全体股东或其委托人电子签名。', 'Generated online and e-signed by all shareholders or their authorised agent.'),
('SCJG-001', 2, '公司章程', 'Articles of association', 'electronic', 1, false,
 '可选用平台提供的章程范本。', 'The platform''s model articles may be used.'),
('SCJG-001', 3, '股东、法定代表人身份证明', 'Identity documents of shareholders and legal representative', 'copy', 1, true,
 '自然人股东可用电子身份证照代替；法人股东提交营业执照。', 'Natural persons may use their electronic ID card; corporate shareholders provide their business licence.'),
('SCJG-001', 4, '住所使用证明', 'Proof of right to use the domicile', 'copy', 1, false,
 '产权证明或租赁合同；实行住所申报承诺制的地区可免交。', 'Title certificate or lease; not needed where the domicile declaration-and-commitment system applies.'),
('SCJG-001', 5, '董事、监事、经理任职文件', 'Appointment documents of directors, supervisors and manager', 'electronic', 1, false, '', '');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('SCJG-001', 1, '名称自主申报', 'Name reservation', '通过企业名称自主申报系统查重并申报企业名称。', 'Check the name database and declare the enterprise name online.'),
('SCJG-001', 2, '网上申请', 'Online application', '填报登记信息、上传材料，全体股东完成实名认证和电子签名。', 'Enter the registration data, upload the materials; all shareholders verify their identity and e-sign.'),
('SCJG-001', 3, '受理审核', 'Acceptance and review', '登记机关核对材料是否齐全、符合法定形式。', 'The registration authority checks that the materials are complete and in statutory form.'),
('SCJG-001', 4, '核准登记', 'Registration approved', '准予登记，生成统一社会信用代码和电子营业执照。', 'Registration is granted; the unified social credit code and electronic licence are generated.'),
('SCJG-001', 5, '领取结果', 'Collect the result', '纸质营业执照可邮寄送达或在政务服务中心窗口领取。', 'The paper licence is posted or collected at the government service centre.');

-- SCJG-002 食品经营许可 (bundle child: food business permit)
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('SCJG-002', 'SCJG', 'enterprise', '食品经营许可', 'Food business permit',
 '从事食品销售和餐饮服务的经营者申请取得食品经营许可证。',
 'Businesses that sell food or provide catering apply for a food business permit.',
 '在本市从事食品销售、餐饮服务的市场主体，应当在取得营业执照后、开展经营前申请食品经营许可。申请人需具备与经营项目相适应的场所、设施设备、食品安全管理人员和管理制度。市场监管部门对材料进行审查，必要时进行现场核查，符合条件的核发食品经营许可证（含电子证书）。',
 'Businesses selling food or providing catering in the city must obtain a food business permit after receiving their business licence and before starting to trade. The applicant needs premises, equipment, food safety staff and procedures suited to the planned business. The market regulation authority reviews the materials, inspects the premises where necessary, and issues the permit (including an electronic certificate) if the conditions are met.',
 '《中华人民共和国食品安全法》《中华人民共和国食品安全法实施条例》《食品经营许可和备案管理办法》',
 'Food Safety Law of the People''s Republic of China and its Implementing Regulations; Administrative Measures for Food Business Licensing and Filing',
 10, 5, 0, '不收费。', 'Free of charge.', false, 20);
insert into service_topics (service_code, topic_code) values ('SCJG-002', 'jingying'), ('SCJG-002', 'kaiban');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('SCJG-002', 1, '食品经营许可申请书', 'Food business permit application form', 'electronic', 1, false, '', ''),
('SCJG-002', 2, '营业执照', 'Business licence', 'copy', 1, true,
 '可用电子营业执照代替。', 'The electronic business licence may be used instead.'),
('SCJG-002', 3, '经营场所平面布局图和设备布局、操作流程说明', 'Floor plan, equipment layout and process description of the premises', 'electronic', 1, false,
 '餐饮服务需标明加工制作区域和人流物流走向。', 'For catering, mark the food preparation areas and the flow of people and goods.'),
('SCJG-002', 4, '食品安全管理制度文本', 'Food safety management procedures', 'electronic', 1, false, '', ''),
('SCJG-002', 5, '食品安全管理人员名单及培训考核证明', 'List of food safety managers and their training certificates', 'copy', 1, false, '', '');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('SCJG-002', 1, '网上申请', 'Online application', '登录政务服务网填报许可申请并上传材料。', 'File the application and upload the materials on the service portal.'),
('SCJG-002', 2, '受理', 'Acceptance', '材料齐全的当场受理；需补正的一次性告知。', 'Complete applications are accepted at once; missing items are listed in a single notice.'),
('SCJG-002', 3, '现场核查', 'On-site inspection', '根据需要对经营场所进行现场核查，承诺制申请可在发证后核查。', 'The premises are inspected where needed; under the commitment scheme the inspection may follow issuance.'),
('SCJG-002', 4, '审批决定', 'Decision', '作出准予或不予许可的决定。', 'The authority grants or refuses the permit.'),
('SCJG-002', 5, '发证', 'Certificate issued', '核发食品经营许可证，电子证书同步推送至企业证照库。', 'The permit is issued and the e-certificate is pushed to the enterprise''s certificate wallet.');

-- SCJG-003 个体工商户登记
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('SCJG-003', 'SCJG', 'both', '个体工商户设立登记', 'Sole trader (individual business) registration',
 '有经营能力的自然人或家庭申请登记为个体工商户并领取营业执照。',
 'A person or family with the capacity to trade registers as an individual business and obtains a licence.',
 '自然人或家庭从事工商业经营，可以申请登记为个体工商户。申请人在线填报经营者信息、经营场所和经营范围，登记机关对符合条件的当场或在规定时限内予以登记。个体工商户登记实行“全程网办”，可同步领取电子营业执照。',
 'A person or family engaged in trade may register as an individual business. The applicant enters the operator''s details, premises and business scope online, and the registration authority registers eligible applicants on the spot or within the time limit. The procedure is fully online and an electronic business licence is issued at the same time.',
 '《促进个体工商户发展条例》《中华人民共和国市场主体登记管理条例》',
 'Regulations on Promoting the Development of Individual Industrial and Commercial Households; Regulations of the PRC on the Administration of Market Entity Registration',
 3, 1, 0, '不收费。', 'Free of charge.', false, 30);
insert into service_topics (service_code, topic_code) values ('SCJG-003', 'kaiban'), ('SCJG-003', 'jiuye');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('SCJG-003', 1, '个体工商户登记（备案）申请书', 'Individual business registration application form', 'electronic', 1, false, '', ''),
('SCJG-003', 2, '经营者身份证明', 'Operator''s identity document', 'copy', 1, true,
 '可用电子身份证照代替。', 'The electronic ID card may be used instead.'),
('SCJG-003', 3, '经营场所使用证明', 'Proof of right to use the business premises', 'copy', 1, false,
 '租赁合同或产权证明。', 'Lease or title certificate.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('SCJG-003', 1, '网上申请', 'Online application', '实名登录后填报经营者、名称、经营场所和经营范围。', 'Log in with verified identity and enter the operator, name, premises and business scope.'),
('SCJG-003', 2, '受理审核', 'Acceptance and review', '登记机关审查材料，符合条件的当场登记。', 'The registration authority reviews the materials and registers eligible applications on the spot.'),
('SCJG-003', 3, '办结', 'Completed', '生成电子营业执照，需要纸质执照的可选择邮寄。', 'The electronic licence is issued; a paper licence can be posted on request.');

-- SCJG-004 企业变更登记
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('SCJG-004', 'SCJG', 'enterprise', '企业变更登记', 'Enterprise change registration',
 '企业名称、住所、法定代表人、经营范围、注册资本等登记事项发生变化时申请变更登记。',
 'Register a change of an enterprise''s name, domicile, legal representative, business scope or registered capital.',
 '企业登记事项发生变更的，应当自作出变更决议、决定或者法定变更事项发生之日起30日内申请变更登记。变更经营范围涉及许可项目的，应在取得许可后开展经营。变更完成后换发营业执照，电子营业执照信息同步更新。',
 'An enterprise must apply within 30 days of the resolution or event that changes a registered particular. Where a new business scope requires a permit, trading may begin only once the permit is granted. After the change the licence is reissued and the electronic licence is updated.',
 '《中华人民共和国公司法》《中华人民共和国市场主体登记管理条例》',
 'Company Law of the People''s Republic of China; Regulations of the PRC on the Administration of Market Entity Registration',
 3, 1, 0, '不收费。', 'Free of charge.', false, 40);
insert into service_topics (service_code, topic_code) values ('SCJG-004', 'jingying');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('SCJG-004', 1, '公司变更登记申请书', 'Change registration application form', 'electronic', 1, false, '', ''),
('SCJG-004', 2, '股东会决议或股东决定', 'Shareholders'' resolution or decision', 'electronic', 1, false,
 '由股东电子签名。', 'E-signed by the shareholders.'),
('SCJG-004', 3, '章程修正案', 'Amendment to the articles of association', 'electronic', 1, false,
 '变更事项涉及章程的提交。', 'Required where the change affects the articles.'),
('SCJG-004', 4, '营业执照', 'Business licence', 'original', 1, true,
 '可用电子营业执照代替，换发时交回纸质正副本。', 'The electronic licence may be used; return the paper licence when the new one is issued.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('SCJG-004', 1, '网上申请', 'Online application', '选择变更事项并上传决议、章程修正案。', 'Choose the particulars to change and upload the resolution and amendment.'),
('SCJG-004', 2, '受理审核', 'Acceptance and review', '登记机关核对材料。', 'The registration authority checks the materials.'),
('SCJG-004', 3, '核准变更', 'Change approved', '准予变更登记并更新企业信用信息公示系统。', 'The change is registered and the credit information publicity system is updated.'),
('SCJG-004', 4, '领取结果', 'Collect the result', '换发的营业执照邮寄送达或窗口领取。', 'The reissued licence is posted or collected at the counter.');

-- SCJG-005 企业简易注销登记
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('SCJG-005', 'SCJG', 'enterprise', '企业简易注销登记', 'Simplified deregistration of an enterprise',
 '未发生债权债务或已清偿完毕的企业通过简易程序申请注销登记。',
 'Enterprises with no outstanding debts or claims close down through the simplified procedure.',
 '未发生债权债务或者已将债权债务清偿完结的企业，经全体投资人书面承诺，可以申请简易注销。企业须先通过国家企业信用信息公示系统公示20日，公示期内无异议的，登记机关在3个工作日内作出准予注销的决定。税务、社保等部门通过信息共享同步办理相关手续。',
 'An enterprise with no debts or claims, or whose debts have been settled, may use the simplified procedure on the written commitment of all investors. The intention is first published on the National Enterprise Credit Information Publicity System for 20 days; if nobody objects, the registration authority approves deregistration within 3 working days. Tax and social insurance formalities follow through data sharing.',
 '《中华人民共和国公司法》《中华人民共和国市场主体登记管理条例》',
 'Company Law of the People''s Republic of China; Regulations of the PRC on the Administration of Market Entity Registration',
 3, 1, 0, '不收费。', 'Free of charge.', false, 50);
insert into service_topics (service_code, topic_code) values ('SCJG-005', 'jingying');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('SCJG-005', 1, '注销登记申请书', 'Deregistration application form', 'electronic', 1, false, '', ''),
('SCJG-005', 2, '全体投资人承诺书', 'Commitment letter signed by all investors', 'electronic', 1, false,
 '承诺不存在未结清的债权债务。', 'States that no debts or claims remain outstanding.'),
('SCJG-005', 3, '营业执照', 'Business licence', 'original', 1, true,
 '电子营业执照可代替；纸质执照正副本需交回。', 'The electronic licence may be used; return the paper licence.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('SCJG-005', 1, '简易注销公示', 'Public notice', '在国家企业信用信息公示系统公示20日。', 'Publish the notice on the national credit publicity system for 20 days.'),
('SCJG-005', 2, '网上申请', 'Online application', '公示期满无异议后提交注销申请。', 'Apply once the notice period has passed without objection.'),
('SCJG-005', 3, '审核', 'Review', '登记机关核查公示结果和部门共享信息。', 'The authority checks the notice result and data shared by other departments.'),
('SCJG-005', 4, '办结', 'Completed', '作出准予注销决定，企业信用信息同步更新。', 'Deregistration is approved and the credit records are updated.');

-- ============================================================================
-- 公安局 (GA)
-- ============================================================================

-- GA-001 出生登记 (bundle child: household registration of a newborn)
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('GA-001', 'GA', 'citizen', '出生登记（新生儿户口登记）', 'Birth registration (household registration of a newborn)',
 '为新出生的婴儿申报户口，登记在父亲或母亲的户口内。',
 'Register a newborn''s residence and enter the baby in the father''s or mother''s household register.',
 '婴儿出生后一个月以内，由户主、亲属、抚养人或者邻居向婴儿常住地户口登记机关申报出生登记。本市支持通过“出生一件事”在线办理，公安机关通过数据共享核验电子出生医学证明和父母户籍信息。办结后在居民户口簿上增加新生儿户口页，可邮寄送达。',
 'Within one month of birth, the head of household, a relative or a carer registers the baby with the household registration office where the baby will live. The city supports online filing through the "Newborn one-stop service", with the electronic birth medical certificate and the parents'' household data verified by data sharing. When completed, a page for the baby is added to the household register and can be posted.',
 '《中华人民共和国户口登记条例》',
 'Regulations of the People''s Republic of China on Household Registration',
 20, 1, 0, '不收费。', 'Free of charge.', false, 110);
insert into service_topics (service_code, topic_code) values ('GA-001', 'shengyu'), ('GA-001', 'hukou');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('GA-001', 1, '出生医学证明', 'Birth medical certificate', 'original', 1, true,
 '可用电子出生医学证明代替。', 'The electronic birth medical certificate may be used instead.'),
('GA-001', 2, '父母双方居民户口簿', 'Household registers of both parents', 'original', 1, true,
 '本市户籍可通过数据共享核验，免交纸质户口簿。', 'Registers held in this city are checked by data sharing; no paper copy needed.'),
('GA-001', 3, '父母双方居民身份证', 'Resident ID cards of both parents', 'original', 1, true,
 '可用电子身份证照代替。', 'Electronic ID cards may be used instead.'),
('GA-001', 4, '父母结婚证', 'Parents'' marriage certificate', 'original', 1, true,
 '可用电子婚姻登记证照代替；非婚生育的按规定提供其他材料。', 'The electronic marriage certificate may be used; unmarried parents provide other documents as required.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('GA-001', 1, '网上申请', 'Online application', '在“出生一件事”中选择随父或随母落户并填写新生儿姓名。', 'In the Newborn one-stop service choose the father''s or mother''s household and enter the baby''s name.'),
('GA-001', 2, '受理', 'Acceptance', '户籍民警核对申报信息和共享证照。', 'The household registration officer checks the declared data and shared certificates.'),
('GA-001', 3, '审核', 'Review', '核验出生医学证明真实性和父母户籍信息。', 'The birth certificate and the parents'' household data are verified.'),
('GA-001', 4, '办结', 'Completed', '录入常住人口信息，生成公民身份号码。', 'The baby is entered in the population register and receives a citizen ID number.'),
('GA-001', 5, '领取结果', 'Collect the result', '新增的户口簿页邮寄送达或到派出所领取。', 'The new household register page is posted or collected at the police station.');

-- GA-002 居民身份证换领
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('GA-002', 'GA', 'citizen', '居民身份证换领', 'Renewal of the resident ID card',
 '居民身份证有效期满、登记项目变更或证件严重损坏的，申请换领新证。',
 'Renew a resident ID card that has expired, whose particulars have changed, or that is badly damaged.',
 '居民身份证有效期满前三个月可申请换领，换领时需现场采集人像和指纹信息。本市实行身份证跨省通办，可在任一户政窗口申请，制证完成后选择邮寄或窗口领取。换领新证时交回原证。',
 'A card can be renewed from three months before it expires; the applicant''s photo and fingerprints are captured in person. Renewals can be handled at any household registration counter, including for residents of other provinces, and the new card is posted or collected. The old card is surrendered when the new one is issued.',
 '《中华人民共和国居民身份证法》',
 'Resident Identity Card Law of the People''s Republic of China',
 60, 15, 20.00, '换领、补领工本费20元；临时居民身份证10元。', 'Production fee of 20 yuan for renewal or replacement; 10 yuan for a temporary ID card.', false, 120);
insert into service_topics (service_code, topic_code) values ('GA-002', 'hukou');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('GA-002', 1, '原居民身份证', 'Current resident ID card', 'original', 1, false,
 '换领时交回。', 'Surrendered when the new card is issued.'),
('GA-002', 2, '居民户口簿', 'Household register', 'original', 1, true,
 '本市户籍可通过数据共享核验。', 'Checked by data sharing for residents registered in this city.'),
('GA-002', 3, '数码相片回执', 'Digital photo receipt', 'electronic', 1, false,
 '可现场免费采集，或使用合规照相馆出具的回执。', 'Taken free on site, or a receipt from an approved photo studio.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('GA-002', 1, '网上预约', 'Book an appointment', '预约户政窗口办理时间。', 'Book a time at a household registration counter.'),
('GA-002', 2, '现场采集', 'Capture in person', '采集人像、指纹信息并核对登记项目。', 'Photo and fingerprints are captured and particulars checked.'),
('GA-002', 3, '受理审核', 'Acceptance and review', '户籍民警审核申领信息并收取工本费。', 'The officer reviews the application and collects the fee.'),
('GA-002', 4, '制证', 'Card production', '证件由制证中心统一制作。', 'The card is made by the central production centre.'),
('GA-002', 5, '领取结果', 'Collect the result', '邮寄送达或凭受理回执到窗口领取。', 'Posted, or collected at the counter with the receipt.');

-- GA-003 居住证办理
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('GA-003', 'GA', 'citizen', '居住证办理', 'Residence permit application',
 '离开常住户口所在地在本市居住半年以上的人员申领居住证。',
 'People living in the city for at least six months without local household registration apply for a residence permit.',
 '在本市居住半年以上，且有合法稳定就业、合法稳定住所或连续就读条件之一的，可以申领居住证。居住证持有人可按规定享受子女义务教育入学、基本公共就业服务、公积金缴存等公共服务和便利。申请前需先申报居住登记。',
 'Anyone who has lived in the city for six months and has stable employment, a stable home or continuous enrolment in study may apply. Holders are entitled to public services such as compulsory schooling for their children, public employment services and housing provident fund deposits. Residence must first be registered with the police.',
 '《居住证暂行条例》',
 'Interim Regulations on Residence Permits',
 15, 7, 0, '首次申领免费；换领、补领按规定收取工本费。', 'The first permit is free; renewals and replacements carry a production fee.', false, 130);
insert into service_topics (service_code, topic_code) values ('GA-003', 'hukou'), ('GA-003', 'ruxue'), ('GA-003', 'jiuye');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('GA-003', 1, '居民身份证', 'Resident ID card', 'original', 1, true,
 '可用电子身份证照代替。', 'The electronic ID card may be used instead.'),
('GA-003', 2, '居住证明', 'Proof of residence', 'copy', 1, false,
 '房屋租赁合同、不动产权证书或单位、学校出具的住宿证明之一。', 'A lease, a title certificate, or a housing certificate from an employer or school.'),
('GA-003', 3, '就业或就读证明', 'Proof of employment or study', 'copy', 1, false,
 '劳动合同、营业执照或学籍证明之一；社保参保记录可通过共享核验。', 'Labour contract, business licence or enrolment certificate; social insurance records are checked by data sharing.'),
('GA-003', 4, '数码相片回执', 'Digital photo receipt', 'electronic', 1, false, '', '');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('GA-003', 1, '居住登记', 'Register residence', '到居住地派出所或网上申报居住登记。', 'Register your address online or at the local police station.'),
('GA-003', 2, '网上申请', 'Online application', '满半年后在线提交居住证申请。', 'After six months, apply for the permit online.'),
('GA-003', 3, '受理审核', 'Acceptance and review', '派出所核查居住、就业或就读情况。', 'The police station checks residence, employment or study.'),
('GA-003', 4, '制证', 'Card production', '审核通过后制作居住证。', 'The permit is produced once approved.'),
('GA-003', 5, '领取结果', 'Collect the result', '邮寄送达或窗口领取，电子居住证同步生成。', 'Posted or collected; an electronic permit is issued at the same time.');

-- GA-004 无犯罪记录证明
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('GA-004', 'GA', 'citizen', '无犯罪记录证明开具', 'Certificate of no criminal record',
 '个人因就业、入学等需要，申请开具本人无犯罪记录证明。',
 'Request a certificate that you have no criminal record, for example for a job or school application.',
 '个人可以查询本人犯罪记录，公安机关经查询未发现犯罪记录的，出具无犯罪记录证明。本市提供电子证明，用人单位可通过验证码在线核验真伪。委托他人代办的，需提交委托书和受托人身份证明。',
 'Individuals may ask for a check of their own criminal record; where none is found, the police issue a certificate of no criminal record. An electronic certificate is available, and employers can verify it online with its verification code. An agent may apply with a power of attorney and their own ID.',
 '《公安机关办理犯罪记录查询工作规定》',
 'Provisions on the Handling of Criminal Record Inquiries by Public Security Organs',
 3, 1, 0, '不收费。', 'Free of charge.', false, 140);
insert into service_topics (service_code, topic_code) values ('GA-004', 'jiuye');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('GA-004', 1, '犯罪记录查询申请表', 'Criminal record inquiry application form', 'electronic', 1, false,
 '在线填写查询用途。', 'State the purpose of the inquiry online.'),
('GA-004', 2, '居民身份证', 'Resident ID card', 'original', 1, true,
 '可用电子身份证照代替。', 'The electronic ID card may be used instead.'),
('GA-004', 3, '委托书及受托人身份证明', 'Power of attorney and the agent''s ID', 'original_and_copy', 1, false,
 '仅委托代办时提交。', 'Only when an agent applies.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('GA-004', 1, '网上申请', 'Online application', '实名认证后提交查询申请。', 'Submit the inquiry after verifying your identity.'),
('GA-004', 2, '受理', 'Acceptance', '公安机关受理查询申请。', 'The police accept the request.'),
('GA-004', 3, '查询核实', 'Record check', '查询全国违法犯罪人员信息资源库。', 'The national criminal records database is searched.'),
('GA-004', 4, '办结', 'Completed', '出具电子证明，可下载并扫码验证。', 'An electronic certificate is issued for download and QR verification.');

-- GA-005 人才引进落户
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('GA-005', 'GA', 'citizen', '人才引进落户', 'Household registration for recruited talent',
 '符合本市人才引进条件的高校毕业生和专业技术人员申请将户口迁入本市。',
 'Graduates and skilled professionals who meet the city''s talent criteria move their household registration here.',
 '具有全日制大专以上学历或中级以上专业技术职称、职业资格的人员，在本市就业创业的，可申请人才落户。本市已实行户口迁移“跨省通办”，申请人无需回迁出地办理迁移证。落户地址可为本人合法产权住房、单位集体户或人才集体户。',
 'People with a full-time college degree or a mid-level professional title or qualification who work or run a business in the city may apply. Household transfers are handled across provinces, so the applicant does not need a transfer certificate from the place of origin. The new address may be one''s own home, an employer''s collective household or the talent collective household.',
 '《中华人民共和国户口登记条例》《国务院关于进一步推进户籍制度改革的意见》',
 'Regulations of the People''s Republic of China on Household Registration; Opinions of the State Council on Further Promoting Reform of the Household Registration System',
 20, 5, 0, '不收费。', 'Free of charge.', false, 150);
insert into service_topics (service_code, topic_code) values ('GA-005', 'hukou'), ('GA-005', 'jiuye');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('GA-005', 1, '居民身份证和居民户口簿', 'Resident ID card and household register', 'original', 1, true,
 '可用电子证照代替。', 'Electronic versions may be used instead.'),
('GA-005', 2, '学历学位证书或职称、职业资格证书', 'Degree certificate or professional title / qualification certificate', 'copy', 1, false,
 '学历可通过学信网在线核验。', 'Degrees are verified online through the national higher-education database.'),
('GA-005', 3, '劳动合同或营业执照', 'Labour contract or business licence', 'copy', 1, true,
 '创业人员可用电子营业执照。', 'Entrepreneurs may use the electronic business licence.'),
('GA-005', 4, '落户地址证明', 'Proof of the registration address', 'copy', 1, true,
 '不动产权证书（可用电子证照）或集体户同意接收证明。', 'Title certificate (electronic accepted) or consent from a collective household.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('GA-005', 1, '网上申请', 'Online application', '在线填报落户申请并上传材料。', 'File the application and upload the materials online.'),
('GA-005', 2, '人才资格审核', 'Talent eligibility check', '人社部门核验学历、职称和就业参保情况。', 'The human resources bureau checks degrees, titles and social insurance records.'),
('GA-005', 3, '户籍审批', 'Household registration approval', '公安机关审批准予迁入。', 'The police approve the transfer.'),
('GA-005', 4, '办结', 'Completed', '迁入地直接办理落户，迁出地信息同步注销。', 'Registration is completed here and the old record is closed automatically.');

-- ============================================================================
-- 人力资源和社会保障局 (RSJ)
-- ============================================================================

-- RSJ-001 单位社会保险登记 (bundle child: employer social insurance registration)
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('RSJ-001', 'RSJ', 'enterprise', '单位社会保险登记', 'Employer social insurance registration',
 '新成立的用人单位办理社会保险登记，取得单位社保编号。',
 'A newly established employer registers for social insurance and receives its employer number.',
 '用人单位应当自成立之日起30日内办理社会保险登记。本市企业开办时可一并勾选社保登记，系统根据营业执照信息自动完成登记，无需另行提交材料。登记完成后，单位可为职工办理参保增员，社会保险费由税务部门征收。',
 'An employer must register for social insurance within 30 days of its establishment. In this city the registration can be ticked when starting a business and is completed automatically from the business licence data, with no separate filing. Once registered, the employer can enrol its staff; contributions are collected by the tax service.',
 '《中华人民共和国社会保险法》《社会保险费征缴暂行条例》',
 'Social Insurance Law of the People''s Republic of China; Interim Regulations on the Collection and Payment of Social Insurance Premiums',
 15, 1, 0, '不收费。', 'Free of charge.', false, 210);
insert into service_topics (service_code, topic_code) values ('RSJ-001', 'kaiban'), ('RSJ-001', 'yonggong');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('RSJ-001', 1, '社会保险登记表', 'Social insurance registration form', 'electronic', 1, false,
 '由系统根据营业执照信息预填。', 'Prefilled from the business licence data.'),
('RSJ-001', 2, '营业执照', 'Business licence', 'copy', 1, true,
 '可用电子营业执照代替。', 'The electronic business licence may be used instead.'),
('RSJ-001', 3, '法定代表人身份证明', 'Legal representative''s identity document', 'copy', 1, true,
 '可用电子身份证照代替。', 'The electronic ID card may be used instead.'),
('RSJ-001', 4, '单位银行账户信息', 'Employer''s bank account details', 'electronic', 1, false,
 '用于社保费缴纳和待遇发放。', 'Used for contributions and benefit payments.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('RSJ-001', 1, '网上申请', 'Online application', '随企业开办一并申请，或单独登录社保网上服务平台申请。', 'Apply together with business registration or separately on the social insurance portal.'),
('RSJ-001', 2, '受理', 'Acceptance', '社保经办机构接收共享的登记信息。', 'The social insurance agency receives the shared registration data.'),
('RSJ-001', 3, '审核', 'Review', '核验单位信息和银行账户。', 'Employer data and bank account are verified.'),
('RSJ-001', 4, '办结', 'Completed', '生成单位社保编号，推送税务部门核定缴费。', 'The employer number is issued and passed to the tax service for contributions.');

-- RSJ-002 社会保障卡申领 (bundle child)
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('RSJ-002', 'RSJ', 'citizen', '社会保障卡申领', 'Social security card application',
 '参保人员（含新生儿）申领实体社会保障卡并同步开通电子社保卡。',
 'Insured persons, newborns included, apply for a social security card and activate the electronic card.',
 '社会保障卡是持卡人享受社会保障和公共服务的电子凭证，可用于医保结算、待遇领取和就业服务。新生儿可通过“出生一件事”由监护人代为申领，16周岁以下人员可免交照片。卡片制作完成后可邮寄到家或到合作银行网点领取并激活金融功能。',
 'The social security card is the holder''s credential for social insurance and public services, used for medical insurance settlement, benefit payments and employment services. A guardian can apply for a newborn through the Newborn one-stop service; no photo is needed for children under 16. The card is posted home or collected at a partner bank branch, where its banking function is activated.',
 '《中华人民共和国社会保险法》',
 'Social Insurance Law of the People''s Republic of China',
 20, 10, 0, '首次申领免费。', 'The first card is free.', false, 220);
insert into service_topics (service_code, topic_code) values ('RSJ-002', 'shengyu'), ('RSJ-002', 'yiliao'), ('RSJ-002', 'jiuye');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('RSJ-002', 1, '居民身份证或居民户口簿', 'Resident ID card or household register', 'original', 1, true,
 '新生儿提供户口簿；可用电子证照代替。', 'A newborn''s household register page; electronic versions accepted.'),
('RSJ-002', 2, '数码相片', 'Digital photo', 'electronic', 1, false,
 '16周岁以下可不提供。', 'Not needed for children under 16.'),
('RSJ-002', 3, '监护人或代办人身份证明', 'Guardian''s or agent''s identity document', 'copy', 1, true,
 '代为申领时提供。', 'When applying on someone else''s behalf.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('RSJ-002', 1, '网上申请', 'Online application', '选择合作银行和领卡方式。', 'Choose the partner bank and how to receive the card.'),
('RSJ-002', 2, '信息核验', 'Data verification', '核验参保信息和身份信息。', 'Insurance and identity data are verified.'),
('RSJ-002', 3, '制卡', 'Card production', '省级制卡中心统一制卡。', 'The provincial centre produces the card.'),
('RSJ-002', 4, '领取结果', 'Collect the result', '邮寄送达或到银行网点领取，并激活金融功能。', 'Posted or collected at the bank, where the banking function is activated.');

-- RSJ-003 就业失业登记
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('RSJ-003', 'RSJ', 'citizen', '失业登记', 'Unemployment registration',
 '劳动年龄内有就业能力和就业要求的失业人员办理失业登记。',
 'People of working age who are able and willing to work register as unemployed.',
 '在法定劳动年龄内、有劳动能力和就业要求、处于无业状态的人员，可在常住地办理失业登记。登记后可享受职业介绍、职业指导、职业技能培训等公共就业服务，符合条件的可申领失业保险金和就业补贴。登记信息记入就业创业证（电子证）。',
 'People of working age who can work, want a job and are currently without one may register where they live. Registration gives access to job placement, career guidance and vocational training, and eligible people may claim unemployment insurance and employment subsidies. The registration is recorded on the (electronic) employment and entrepreneurship certificate.',
 '《中华人民共和国就业促进法》《就业服务与就业管理规定》',
 'Employment Promotion Law of the People''s Republic of China; Provisions on Employment Services and Employment Management',
 5, 1, 0, '不收费。', 'Free of charge.', false, 230);
insert into service_topics (service_code, topic_code) values ('RSJ-003', 'jiuye');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('RSJ-003', 1, '居民身份证', 'Resident ID card', 'original', 1, true,
 '可用电子身份证照代替。', 'The electronic ID card may be used instead.'),
('RSJ-003', 2, '解除或终止劳动关系证明', 'Certificate of termination of employment', 'copy', 1, false,
 '曾就业的提供；参保记录可通过共享核验。', 'For people previously employed; insurance records are checked by data sharing.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('RSJ-003', 1, '网上申请', 'Online application', '填写求职意向和个人情况。', 'Enter your job preferences and personal details.'),
('RSJ-003', 2, '受理', 'Acceptance', '街道（乡镇）公共就业服务机构受理。', 'The local public employment service accepts the request.'),
('RSJ-003', 3, '审核', 'Review', '核查就业和参保状态。', 'Employment and insurance status are checked.'),
('RSJ-003', 4, '办结', 'Completed', '完成失业登记并推送就业服务信息。', 'Registration is completed and job services are offered.');

-- RSJ-004 失业保险金申领
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('RSJ-004', 'RSJ', 'citizen', '失业保险金申领', 'Unemployment insurance benefit claim',
 '非因本人意愿中断就业且缴费满一年的失业人员申领失业保险金。',
 'People who lost their job involuntarily after at least one year of contributions claim unemployment benefit.',
 '失业前用人单位和本人已缴纳失业保险费满一年、非因本人意愿中断就业并已办理失业登记的，可以申领失业保险金。领取期限根据累计缴费年限确定，最长不超过24个月，领取期间由失业保险基金代缴基本医疗保险费。本市实行“畅通领、安全办”，可全程网上申领。',
 'Those who contributed to unemployment insurance for at least a year, lost their job involuntarily and have registered as unemployed may claim. The benefit period depends on the contribution record, up to 24 months, and the fund pays the claimant''s basic medical insurance meanwhile. Claims can be made entirely online.',
 '《中华人民共和国社会保险法》《失业保险条例》',
 'Social Insurance Law of the People''s Republic of China; Regulations on Unemployment Insurance',
 10, 3, 0, '不收费。', 'Free of charge.', false, 240);
insert into service_topics (service_code, topic_code) values ('RSJ-004', 'jiuye');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('RSJ-004', 1, '居民身份证', 'Resident ID card', 'original', 1, true,
 '可用电子身份证照代替。', 'The electronic ID card may be used instead.'),
('RSJ-004', 2, '解除或终止劳动关系证明', 'Certificate of termination of employment', 'copy', 1, false, '', ''),
('RSJ-004', 3, '社会保障卡', 'Social security card', 'original', 1, true,
 '用于发放失业保险金，可用电子社保卡。', 'Used for payments; the electronic card may be used.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('RSJ-004', 1, '网上申请', 'Online application', '通过社保网上服务平台或手机端提交申领。', 'Claim on the social insurance portal or mobile app.'),
('RSJ-004', 2, '受理', 'Acceptance', '经办机构核对失业登记和缴费记录。', 'The agency checks the unemployment registration and contributions.'),
('RSJ-004', 3, '审核', 'Review', '核定领取期限和标准。', 'The benefit period and amount are set.'),
('RSJ-004', 4, '办结', 'Completed', '按月发放至本人社会保障卡。', 'Benefit is paid monthly to the claimant''s social security card.');

-- RSJ-005 养老保险待遇领取资格认证
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('RSJ-005', 'RSJ', 'citizen', '养老保险待遇领取资格认证', 'Pension eligibility confirmation',
 '领取养老金的人员每年通过人脸识别等方式确认待遇领取资格。',
 'Pensioners confirm each year, for example by face recognition, that they remain eligible for their pension.',
 '为确保养老保险待遇准确发放，领取待遇人员需在规定周期内完成资格认证。多数人员通过部门数据比对实现“静默认证”，无需本人操作；未能静默认证的，可通过手机人脸识别自助认证，行动不便的可申请上门服务。',
 'To keep pension payments accurate, recipients must confirm their eligibility once per cycle. Most are confirmed silently by cross-checking departmental data and need do nothing; the rest can confirm themselves by face recognition on a phone, and home visits are available for people with limited mobility.',
 '《中华人民共和国社会保险法》',
 'Social Insurance Law of the People''s Republic of China',
 1, 1, 0, '不收费。', 'Free of charge.', true, 250);
insert into service_topics (service_code, topic_code) values ('RSJ-005', 'yanglao');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('RSJ-005', 1, '居民身份证', 'Resident ID card', 'electronic', 1, true,
 '登录时核验，无需上传。', 'Checked at login; nothing to upload.'),
('RSJ-005', 2, '本人人脸图像', 'Live facial image', 'electronic', 1, false,
 '通过手机端活体检测现场采集。', 'Captured live on the phone.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('RSJ-005', 1, '登录', 'Log in', '实名登录政务服务网或手机端。', 'Log in with verified identity on the portal or app.'),
('RSJ-005', 2, '人脸识别', 'Face recognition', '按提示完成活体检测。', 'Complete the liveness check as prompted.'),
('RSJ-005', 3, '比对核验', 'Verification', '与公安人像库比对确认本人。', 'The image is matched against the police photo database.'),
('RSJ-005', 4, '办结', 'Completed', '显示认证结果，下一认证周期自动提醒。', 'The result is shown; a reminder follows before the next cycle.');

-- RSJ-006 职业技能培训补贴申领
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('RSJ-006', 'RSJ', 'both', '职业技能培训补贴申领', 'Vocational training subsidy claim',
 '参加职业技能培训并取得证书的个人或组织职工培训的企业申领培训补贴。',
 'Individuals who complete vocational training and earn a certificate, or employers who train staff, claim a training subsidy.',
 '参保职工、失业人员、农村转移劳动力等参加职业技能培训并取得职业资格证书、职业技能等级证书或专项职业能力证书的，可按规定申领培训补贴。企业组织职工参加岗位技能培训的，由企业统一申领。补贴标准按本市职业技能培训补贴目录执行。',
 'Insured workers, unemployed people and rural migrant workers who complete training and obtain a professional qualification, skill-level or special-ability certificate may claim the subsidy. Where an employer organises on-the-job training, the employer claims on behalf of its staff. Amounts follow the city''s training subsidy catalogue.',
 '《中华人民共和国就业促进法》《国务院办公厅关于印发职业技能提升行动方案（2019—2021年）的通知》',
 'Employment Promotion Law of the People''s Republic of China; Notice of the General Office of the State Council on the Vocational Skills Improvement Action Plan (2019–2021)',
 20, 10, 0, '不收费。', 'Free of charge.', false, 260);
insert into service_topics (service_code, topic_code) values ('RSJ-006', 'jiuye'), ('RSJ-006', 'yonggong');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('RSJ-006', 1, '培训补贴申请表', 'Training subsidy application form', 'electronic', 1, false, '', ''),
('RSJ-006', 2, '居民身份证或营业执照', 'Resident ID card or business licence', 'copy', 1, true,
 '个人提供身份证，企业提供营业执照；均可用电子证照。', 'Individuals give their ID, employers their business licence; electronic versions accepted.'),
('RSJ-006', 3, '职业资格或职业技能等级证书', 'Professional qualification or skill-level certificate', 'copy', 1, true,
 '已纳入全国联网查询的证书无需上传。', 'Certificates in the national online registry need not be uploaded.'),
('RSJ-006', 4, '社会保障卡或银行账户信息', 'Social security card or bank account details', 'electronic', 1, false,
 '用于补贴发放。', 'For payment of the subsidy.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('RSJ-006', 1, '网上申请', 'Online application', '取得证书后12个月内提交申请。', 'Apply within 12 months of obtaining the certificate.'),
('RSJ-006', 2, '受理', 'Acceptance', '就业服务机构受理申请。', 'The employment service accepts the claim.'),
('RSJ-006', 3, '审核', 'Review', '核验证书、参保状态和补贴目录。', 'Certificate, insurance status and subsidy catalogue are checked.'),
('RSJ-006', 4, '公示', 'Public notice', '补贴名单公示5个工作日。', 'The recipients are published for 5 working days.'),
('RSJ-006', 5, '发放', 'Payment', '补贴资金拨付至申请人账户。', 'The subsidy is paid to the applicant''s account.');

-- RSJ-007 企业职工退休待遇核准
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('RSJ-007', 'RSJ', 'both', '企业职工退休申请及养老金核定', 'Retirement and pension assessment for employees',
 '达到法定退休年龄且缴费满规定年限的参保人员申请办理退休并核定基本养老金。',
 'Insured people who reach statutory retirement age with enough contribution years apply to retire and have their pension assessed.',
 '参保人员达到法定退休年龄、累计缴费达到最低缴费年限的，可由单位或本人申请办理退休。社保经办机构核定出生日期、视同缴费年限和实际缴费年限，计算基本养老金并从次月起按月发放。本市已推行退休“一件事”，退休后医保待遇、公积金提取可一并办理。',
 'Once an insured person reaches statutory retirement age with the minimum contribution years, the employer or the person applies to retire. The social insurance agency confirms the date of birth and contribution record, calculates the basic pension and pays it monthly from the following month. The retirement one-stop service also arranges retiree medical insurance and provident fund withdrawal.',
 '《中华人民共和国社会保险法》《国务院关于工人退休、退职的暂行办法》《全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定》',
 'Social Insurance Law of the People''s Republic of China; State Council Interim Measures on the Retirement and Resignation of Workers; Decision of the NPC Standing Committee on Gradually Raising the Statutory Retirement Age',
 20, 10, 0, '不收费。', 'Free of charge.', false, 270);
insert into service_topics (service_code, topic_code) values ('RSJ-007', 'yanglao');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('RSJ-007', 1, '退休申请表', 'Retirement application form', 'electronic', 1, false, '', ''),
('RSJ-007', 2, '居民身份证', 'Resident ID card', 'original', 1, true,
 '可用电子身份证照代替。', 'The electronic ID card may be used instead.'),
('RSJ-007', 3, '职工档案', 'Personnel file', 'original', 1, false,
 '由存档机构调阅，用于核定出生日期和视同缴费年限。', 'Retrieved from the archive holder to confirm date of birth and deemed contribution years.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('RSJ-007', 1, '申请', 'Application', '单位或本人在线提交退休申请。', 'The employer or the person applies online.'),
('RSJ-007', 2, '受理', 'Acceptance', '经办机构受理并调阅档案。', 'The agency accepts and retrieves the personnel file.'),
('RSJ-007', 3, '审核', 'Review', '核定退休时间、缴费年限和养老金标准。', 'Retirement date, contribution years and pension amount are assessed.'),
('RSJ-007', 4, '办结', 'Completed', '出具待遇核定表，次月起按月发放。', 'A pension assessment is issued and payments begin next month.');

-- RSJ-008 单位用工备案（就业登记）
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('RSJ-008', 'RSJ', 'enterprise', '单位招用人员就业登记', 'Employment registration of new hires',
 '用人单位招用人员后为其办理就业登记（用工备案）。',
 'Employers register each new hire''s employment.',
 '用人单位招用人员后，应当在30日内为其办理就业登记；与职工终止或解除劳动关系的，应当在30日内办理登记手续。本市就业登记与社保参保增员“一表申报”，提交一次即可同时完成两项业务。',
 'Employers must register a new hire''s employment within 30 days, and register the end of an employment relationship within 30 days as well. In this city employment registration and social insurance enrolment are filed on one form, completing both at once.',
 '《中华人民共和国就业促进法》《中华人民共和国劳动合同法》《就业服务与就业管理规定》',
 'Employment Promotion Law of the People''s Republic of China; Labour Contract Law of the People''s Republic of China; Provisions on Employment Services and Employment Management',
 5, 1, 0, '不收费。', 'Free of charge.', true, 280);
insert into service_topics (service_code, topic_code) values ('RSJ-008', 'yonggong');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('RSJ-008', 1, '新招用人员花名册', 'Roster of new hires', 'electronic', 1, false,
 '可下载模板批量导入。', 'A template is available for bulk upload.'),
('RSJ-008', 2, '劳动合同', 'Labour contracts', 'electronic', 1, false,
 '电子劳动合同可直接关联。', 'Electronic labour contracts can be linked directly.'),
('RSJ-008', 3, '营业执照', 'Business licence', 'electronic', 1, true,
 '通过电子营业执照登录即可，无需上传。', 'Logging in with the electronic licence suffices.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('RSJ-008', 1, '网上申报', 'Online filing', '填写或导入新招用人员信息。', 'Enter or import the new hires.'),
('RSJ-008', 2, '系统校验', 'Automatic checks', '自动校验身份信息和参保状态。', 'Identity and insurance status are checked automatically.'),
('RSJ-008', 3, '办结', 'Completed', '就业登记和参保增员同步完成。', 'Employment registration and insurance enrolment are completed together.');

-- ============================================================================
-- 医疗保障局 (YB)
-- ============================================================================

-- YB-001 新生儿城乡居民医保参保登记 (bundle child: newborn medical insurance enrolment)
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('YB-001', 'YB', 'citizen', '新生儿城乡居民医保参保登记', 'Newborn enrolment in resident medical insurance',
 '为新生儿办理城乡居民基本医疗保险参保登记并缴费。',
 'Enrol a newborn in basic medical insurance for urban and rural residents and pay the contribution.',
 '新生儿可凭出生医学证明办理城乡居民基本医疗保险参保登记，在出生后90日内参保缴费的，自出生之日起享受医保待遇。本市通过“出生一件事”与出生登记、社保卡申领一并办理，无需重复提交材料。',
 'A newborn can be enrolled in resident medical insurance on the strength of the birth medical certificate; if enrolled and paid within 90 days of birth, cover runs from the date of birth. The city handles this together with birth registration and the social security card in the Newborn one-stop service, without submitting documents twice.',
 '《中华人民共和国社会保险法》《国务院关于整合城乡居民基本医疗保险制度的意见》',
 'Social Insurance Law of the People''s Republic of China; Opinions of the State Council on Integrating the Basic Medical Insurance Systems for Urban and Rural Residents',
 5, 1, 0, '参保登记不收费；个人缴费按当年度城乡居民医保个人缴费标准另行缴纳。', 'Enrolment is free; the personal contribution is paid separately at the current year''s resident rate.', false, 310);
insert into service_topics (service_code, topic_code) values ('YB-001', 'shengyu'), ('YB-001', 'yiliao');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('YB-001', 1, '出生医学证明', 'Birth medical certificate', 'original', 1, true,
 '可用电子出生医学证明代替。', 'The electronic birth medical certificate may be used instead.'),
('YB-001', 2, '新生儿居民户口簿', 'Newborn''s household register page', 'original', 1, true,
 '已办理出生登记的提供；可用电子户口簿。', 'If birth registration is done; the electronic register is accepted.'),
('YB-001', 3, '监护人居民身份证', 'Guardian''s resident ID card', 'original', 1, true,
 '可用电子身份证照代替。', 'The electronic ID card may be used instead.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('YB-001', 1, '网上申请', 'Online application', '在“出生一件事”或医保服务平台提交参保登记。', 'Enrol through the Newborn one-stop service or the medical insurance portal.'),
('YB-001', 2, '信息核验', 'Data verification', '核验出生医学证明和户籍信息。', 'The birth certificate and household data are verified.'),
('YB-001', 3, '参保登记', 'Enrolment', '完成参保登记并生成缴费信息。', 'The child is enrolled and a contribution notice is created.'),
('YB-001', 4, '缴费', 'Pay the contribution', '通过税务缴费渠道在线缴纳个人缴费。', 'Pay the personal contribution online through the tax payment channel.'),
('YB-001', 5, '办结', 'Completed', '待遇自出生之日起生效，电子医保凭证可由监护人代为激活。', 'Cover starts from birth; the guardian can activate the electronic medical insurance code.');

-- YB-002 生育津贴申领
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('YB-002', 'YB', 'both', '生育津贴申领', 'Maternity allowance claim',
 '参加生育保险的职工生育或实施计划生育手术后申领生育津贴。',
 'Employees covered by maternity insurance claim the maternity allowance after childbirth or family-planning surgery.',
 '参加生育保险的女职工生育享受产假期间，按照用人单位上年度职工月平均工资计发生育津贴。可由用人单位统一申报，也可由职工本人申报；本市已实现生育津贴直接发放至个人账户。',
 'Female employees covered by maternity insurance receive the allowance during maternity leave, calculated from the employer''s average monthly wage for the previous year. The employer or the employee may file the claim, and the allowance is paid directly into the employee''s own account.',
 '《中华人民共和国社会保险法》《女职工劳动保护特别规定》',
 'Social Insurance Law of the People''s Republic of China; Special Provisions on Labour Protection of Female Employees',
 20, 10, 0, '不收费。', 'Free of charge.', false, 320);
insert into service_topics (service_code, topic_code) values ('YB-002', 'shengyu'), ('YB-002', 'yonggong');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('YB-002', 1, '生育津贴申领表', 'Maternity allowance claim form', 'electronic', 1, false, '', ''),
('YB-002', 2, '居民身份证', 'Resident ID card', 'copy', 1, true,
 '可用电子身份证照代替。', 'The electronic ID card may be used instead.'),
('YB-002', 3, '出生医学证明', 'Birth medical certificate', 'copy', 1, true,
 '可用电子出生医学证明代替。', 'The electronic birth medical certificate may be used instead.'),
('YB-002', 4, '医疗机构出具的生育诊断证明', 'Medical certificate of childbirth from the hospital', 'copy', 1, false,
 '联网定点医疗机构住院分娩的可免交。', 'Not needed if the birth took place at a networked designated hospital.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('YB-002', 1, '网上申请', 'Online application', '单位或本人在线提交申领。', 'The employer or the employee files online.'),
('YB-002', 2, '受理', 'Acceptance', '医保经办机构受理。', 'The medical insurance agency accepts the claim.'),
('YB-002', 3, '审核', 'Review', '核验参保缴费记录和生育信息。', 'Contribution records and birth data are checked.'),
('YB-002', 4, '发放', 'Payment', '津贴发放至职工本人银行账户。', 'The allowance is paid to the employee''s bank account.');

-- YB-003 异地就医备案
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('YB-003', 'YB', 'citizen', '跨省异地就医备案', 'Registration for medical treatment in another province',
 '长期在外省居住工作或需转外就医的参保人员办理异地就医备案，实现直接结算。',
 'Insured people living or working in another province, or referred there for treatment, register so that bills are settled directly.',
 '异地长期居住人员、常驻异地工作人员、异地转诊人员等可以办理跨省异地就医备案，备案后在就医地联网定点医疗机构就医可直接结算。备案可通过国家医保服务平台或本市医保服务平台线上即时办理，采用个人承诺制，无需提交证明材料。',
 'People living long-term or stationed in another province, and patients referred elsewhere, can register for out-of-province treatment and then settle bills directly at networked designated hospitals there. Registration is instant online through the national or city medical insurance platform, on the basis of a personal commitment with no supporting documents.',
 '《中华人民共和国社会保险法》《国家医疗保障局 财政部关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》',
 'Social Insurance Law of the People''s Republic of China; Notice of the National Healthcare Security Administration and the Ministry of Finance on Further Improving Direct Settlement of Cross-Provincial Medical Treatment under Basic Medical Insurance',
 5, 1, 0, '不收费。', 'Free of charge.', true, 330);
insert into service_topics (service_code, topic_code) values ('YB-003', 'yiliao'), ('YB-003', 'yanglao');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('YB-003', 1, '医保电子凭证或社会保障卡', 'Electronic medical insurance code or social security card', 'electronic', 1, true, '', ''),
('YB-003', 2, '跨省异地就医备案个人承诺书', 'Personal commitment for out-of-province treatment', 'electronic', 1, false,
 '在线勾选签署。', 'Signed online by ticking a box.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('YB-003', 1, '网上申请', 'Online application', '选择备案类型、就医地和备案期限。', 'Choose the registration type, destination and period.'),
('YB-003', 2, '系统核验', 'Automatic checks', '核验参保状态。', 'Insurance status is verified.'),
('YB-003', 3, '办结', 'Completed', '即时生效，可在就医地联网医院直接结算。', 'Effective immediately; bills are settled directly at networked hospitals.');

-- ============================================================================
-- 教育局 (JY)
-- ============================================================================

-- JY-001 义务教育入学登记
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('JY-001', 'JY', 'citizen', '义务教育入学登记', 'Compulsory education school enrolment',
 '适龄儿童的监护人为孩子办理小学一年级或初中一年级入学登记。',
 'Parents of school-age children register them for the first year of primary or junior secondary school.',
 '凡年满六周岁的适龄儿童，其父母或者其他法定监护人应当送其入学接受并完成义务教育。本市实行免试就近入学，监护人在规定时间内通过招生平台登记，户籍、房产、居住证和社保信息由相关部门共享核验。随迁子女凭居住证等材料按规定入学。',
 'Parents or guardians must send children aged six to school to complete compulsory education. The city admits pupils without exams to nearby schools; parents register on the admissions platform within the set period, and household, property, residence permit and social insurance data are verified by data sharing. Children of migrant families enrol with a residence permit and other documents as required.',
 '《中华人民共和国义务教育法》',
 'Compulsory Education Law of the People''s Republic of China',
 20, 10, 0, '义务教育阶段免收学费、杂费。', 'No tuition or miscellaneous fees in compulsory education.', false, 410);
insert into service_topics (service_code, topic_code) values ('JY-001', 'ruxue');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('JY-001', 1, '居民户口簿', 'Household register', 'original', 1, true,
 '可用电子户口簿代替。', 'The electronic household register may be used instead.'),
('JY-001', 2, '监护人居民身份证', 'Guardian''s resident ID card', 'original', 1, true,
 '可用电子身份证照代替。', 'The electronic ID card may be used instead.'),
('JY-001', 3, '房屋产权证明或租赁凭证', 'Title certificate or registered lease', 'copy', 1, true,
 '不动产权证书可用电子证照；租房的提供备案租赁合同。', 'Electronic title certificates accepted; tenants provide a registered lease.'),
('JY-001', 4, '居住证', 'Residence permit', 'copy', 1, true,
 '非本市户籍的随迁子女提供。', 'For children without local household registration.'),
('JY-001', 5, '预防接种证查验证明', 'Vaccination record check certificate', 'copy', 1, false,
 '由社区卫生服务中心出具。', 'Issued by the community health centre.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('JY-001', 1, '网上报名', 'Online registration', '在招生平台填报学生和监护人信息。', 'Enter the pupil''s and guardian''s details on the admissions platform.'),
('JY-001', 2, '信息核验', 'Data verification', '共享核验户籍、房产和居住证信息。', 'Household, property and residence permit data are verified.'),
('JY-001', 3, '学区审核', 'School zone review', '教育局按学区划分确定就读学校。', 'The education bureau assigns a school by catchment area.'),
('JY-001', 4, '公布结果', 'Results', '在线公布录取结果并发送通知。', 'Admission results are published and notified online.'),
('JY-001', 5, '报到注册', 'Enrolment', '按通知时间到校报到并建立学籍。', 'Report to the school on the notified date; a student record is created.');

-- JY-002 义务教育阶段转学
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('JY-002', 'JY', 'citizen', '义务教育阶段转学', 'School transfer in compulsory education',
 '因家庭搬迁等原因，为中小学生办理转入或转出学校手续。',
 'Transfer a primary or junior secondary pupil to another school, for example after moving home.',
 '学生因户籍迁移、家庭住址变动等原因需要转学的，由监护人提出申请，经转入学校同意后通过全国中小学生学籍信息管理系统办理学籍转接。跨区转学的，由转入地教育行政部门统筹安排学位。',
 'When a pupil must change school because of a household transfer or a move, the guardian applies and, once the receiving school agrees, the record is transferred in the national student record system. For moves between districts, the receiving district''s education authority allocates a place.',
 '《中华人民共和国义务教育法》《中小学生学籍管理办法》',
 'Compulsory Education Law of the People''s Republic of China; Measures for the Administration of Primary and Secondary School Student Records',
 10, 5, 0, '不收费。', 'Free of charge.', false, 420);
insert into service_topics (service_code, topic_code) values ('JY-002', 'ruxue'), ('JY-002', 'zhufang');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('JY-002', 1, '转学申请表', 'School transfer application form', 'electronic', 1, false, '', ''),
('JY-002', 2, '居民户口簿或居住证', 'Household register or residence permit', 'copy', 1, true,
 '可用电子证照代替。', 'Electronic versions may be used instead.'),
('JY-002', 3, '新住址证明', 'Proof of the new address', 'copy', 1, true,
 '不动产权证书（可用电子证照）或备案租赁合同。', 'Title certificate (electronic accepted) or a registered lease.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('JY-002', 1, '网上申请', 'Online application', '监护人提交转学申请。', 'The guardian applies online.'),
('JY-002', 2, '转入学校审核', 'Receiving school review', '转入学校确认学位。', 'The receiving school confirms a place.'),
('JY-002', 3, '教育局审核', 'Education bureau review', '核准转学并办理学籍转接。', 'The transfer is approved and the record moved.'),
('JY-002', 4, '办结', 'Completed', '学生到转入学校报到。', 'The pupil reports to the new school.');

-- JY-003 教师资格认定
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('JY-003', 'JY', 'citizen', '教师资格认定', 'Teacher qualification certification',
 '通过教师资格考试并符合条件的人员申请认定幼儿园、中小学教师资格。',
 'People who have passed the teacher qualification exam and meet the requirements apply for kindergarten or school teacher certification.',
 '中国公民具备规定学历、通过国家教师资格考试、普通话水平达到要求并体检合格的，可申请认定教师资格。申请人在中国教师资格网网上报名，按通知参加现场确认或全程网办，认定机构在规定时限内作出认定决定并颁发教师资格证书。',
 'Chinese citizens with the required education who have passed the national teacher exam, meet the Mandarin standard and pass a medical check may apply. Applicants register on the national teacher qualification website, confirm in person or fully online as notified, and the certifying body decides within the time limit and issues the certificate.',
 '《中华人民共和国教师法》《教师资格条例》',
 'Teachers Law of the People''s Republic of China; Regulations on Teacher Qualifications',
 30, 20, 0, '认定不收费；体检费用由申请人自理。', 'Certification is free; the applicant pays for the medical check.', false, 430);
insert into service_topics (service_code, topic_code) values ('JY-003', 'jiuye');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('JY-003', 1, '居民身份证', 'Resident ID card', 'original', 1, true,
 '可用电子身份证照代替。', 'The electronic ID card may be used instead.'),
('JY-003', 2, '学历证书', 'Degree certificate', 'electronic', 1, false,
 '通过学信网在线核验，无法核验的提交学历认证报告。', 'Verified online through the national higher-education database; otherwise provide a verification report.'),
('JY-003', 3, '普通话水平测试等级证书', 'Mandarin proficiency certificate', 'copy', 1, true,
 '可用电子证书代替。', 'The electronic certificate may be used instead.'),
('JY-003', 4, '教师资格考试合格证明', 'Teacher exam pass certificate', 'electronic', 1, false,
 '系统自动调取。', 'Retrieved automatically.'),
('JY-003', 5, '体检合格证明', 'Medical examination certificate', 'original', 1, false,
 '在指定医院按申请认定教师资格人员体检标准体检。', 'From a designated hospital, using the teacher certification medical standard.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('JY-003', 1, '网上报名', 'Online registration', '在中国教师资格网提交认定申请。', 'Apply on the national teacher qualification website.'),
('JY-003', 2, '受理', 'Acceptance', '认定机构核对材料并受理。', 'The certifying body checks the materials and accepts.'),
('JY-003', 3, '审核', 'Review', '审查学历、考试、普通话和体检结果。', 'Education, exam, Mandarin and medical results are reviewed.'),
('JY-003', 4, '认定决定', 'Decision', '作出认定决定。', 'The certification decision is made.'),
('JY-003', 5, '领取结果', 'Collect the result', '邮寄教师资格证书，电子证书同步发放。', 'The certificate is posted and an electronic certificate is issued.');

-- ============================================================================
-- 民政局 (MZ)
-- ============================================================================

-- MZ-001 结婚登记
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('MZ-001', 'MZ', 'citizen', '结婚登记', 'Marriage registration',
 '要求结婚的男女双方共同到婚姻登记机关申请结婚登记，领取结婚证。',
 'A couple who wish to marry apply together at a marriage registry and receive their marriage certificates.',
 '男女双方须亲自到婚姻登记机关申请结婚登记，男不得早于二十二周岁、女不得早于二十周岁，双方均无配偶且不属于禁止结婚的情形。婚姻登记机关对符合条件的当场予以登记并发给结婚证。本市已实行婚姻登记“全国通办”，可在任一婚姻登记机关办理，建议提前网上预约。',
 'Both parties must appear in person; the man must be at least 22 and the woman at least 20, neither may have a spouse, and no legal impediment may apply. The registry registers eligible couples on the spot and issues marriage certificates. Registration is available at any registry nationwide; booking online in advance is recommended.',
 '《中华人民共和国民法典》《婚姻登记条例》',
 'Civil Code of the People''s Republic of China; Regulations on Marriage Registration',
 1, 1, 0, '', '', false, 510);
insert into service_topics (service_code, topic_code) values ('MZ-001', 'hunyin');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('MZ-001', 1, '本人有效居民身份证', 'Both parties'' valid resident ID cards', 'original', 1, false,
 '须携带实体证件现场核验。', 'The physical cards must be shown in person.'),
('MZ-001', 2, '双方近期半身免冠合影照片', 'Recent bare-headed half-length joint photos', 'original', 3, false,
 '2寸彩色合影照片3张，也可现场拍摄。', 'Three 2-inch colour joint photos, or taken on site.'),
('MZ-001', 3, '申请结婚登记声明书', 'Marriage registration declaration', 'original', 1, false,
 '在登记员面前现场签署。', 'Signed in front of the registrar.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('MZ-001', 1, '网上预约', 'Book an appointment', '选择婚姻登记机关和办理日期。', 'Choose a registry and a date.'),
('MZ-001', 2, '现场受理', 'Acceptance in person', '双方共同到场提交证件和照片。', 'Both parties appear with their ID cards and photos.'),
('MZ-001', 3, '审查', 'Examination', '登记员核实身份和婚姻状况，双方签署声明书。', 'The registrar checks identity and marital status; the declaration is signed.'),
('MZ-001', 4, '登记颁证', 'Registration and certificates', '当场登记并颁发结婚证，电子婚姻登记证照同步生成。', 'The marriage is registered and certificates issued on the spot, with electronic certificates.');

-- MZ-002 高龄津贴申领
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('MZ-002', 'MZ', 'citizen', '高龄津贴申领', 'Old-age allowance for the very elderly',
 '本市户籍80周岁以上老年人申领高龄津贴。',
 'Residents aged 80 and over with local household registration claim the old-age allowance.',
 '年满80周岁的本市户籍老年人可按月领取高龄津贴，标准按年龄段分档发放。本市推行“免申即享”，老年人年满80周岁时系统自动比对并发放提醒，确认后按月发放至本人社会保障卡；无法自动办理的可由本人或家属在线申请。',
 'Residents registered in the city receive a monthly allowance from age 80, at rates that rise with age. Under the "benefit without application" scheme the system identifies people turning 80 and sends a reminder; after confirmation the allowance is paid monthly to their social security card. Where automatic handling is not possible, the person or a relative can apply online.',
 '《中华人民共和国老年人权益保障法》',
 'Law of the People''s Republic of China on the Protection of the Rights and Interests of the Elderly',
 20, 10, 0, '不收费。', 'Free of charge.', false, 520);
insert into service_topics (service_code, topic_code) values ('MZ-002', 'yanglao');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('MZ-002', 1, '居民身份证', 'Resident ID card', 'original', 1, true,
 '可用电子身份证照代替。', 'The electronic ID card may be used instead.'),
('MZ-002', 2, '居民户口簿', 'Household register', 'original', 1, true,
 '通过数据共享核验。', 'Checked by data sharing.'),
('MZ-002', 3, '社会保障卡或银行账户信息', 'Social security card or bank account details', 'electronic', 1, false,
 '用于津贴发放。', 'For payment of the allowance.'),
('MZ-002', 4, '代办人身份证明及委托书', 'Agent''s ID and power of attorney', 'copy', 1, true,
 '家属代办时提供。', 'When a relative applies on the person''s behalf.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('MZ-002', 1, '申请', 'Application', '确认系统推送的提醒或在线提交申请。', 'Confirm the system''s reminder or apply online.'),
('MZ-002', 2, '受理', 'Acceptance', '街道（乡镇）民政服务站受理。', 'The sub-district civil affairs office accepts.'),
('MZ-002', 3, '审核', 'Review', '区民政局核对年龄、户籍和生存状态。', 'The district bureau checks age, registration and survival status.'),
('MZ-002', 4, '发放', 'Payment', '次月起按月发放至社会保障卡。', 'Paid monthly to the social security card from the next month.');

-- MZ-003 养老机构备案
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('MZ-003', 'MZ', 'enterprise', '养老机构备案', 'Filing of an elderly care institution',
 '依法登记的养老机构在收住老年人后向民政部门办理备案。',
 'A registered elderly care institution files with the civil affairs bureau once it starts taking in residents.',
 '设立营利性养老机构应当在市场监管部门办理登记，非营利性养老机构在民政部门或编制部门办理登记，登记后即可开展服务活动，并应当在收住老年人后10个工作日内向民政部门备案。民政部门对备案信息进行核对，并纳入养老服务综合监管。',
 'For-profit elderly care institutions register with market regulation, non-profit ones with civil affairs or the staffing authority, and may start operating once registered; they must then file with the civil affairs bureau within 10 working days of admitting their first residents. The bureau checks the filing and includes the institution in elderly care supervision.',
 '《中华人民共和国老年人权益保障法》《养老机构管理办法》',
 'Law of the People''s Republic of China on the Protection of the Rights and Interests of the Elderly; Measures for the Administration of Elderly Care Institutions',
 5, 1, 0, '不收费。', 'Free of charge.', false, 530);
insert into service_topics (service_code, topic_code) values ('MZ-003', 'jingying'), ('MZ-003', 'yanglao');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('MZ-003', 1, '养老机构备案书', 'Elderly care institution filing form', 'electronic', 1, false, '', ''),
('MZ-003', 2, '营业执照或法人登记证书', 'Business licence or legal person registration certificate', 'copy', 1, true,
 '可用电子证照代替。', 'Electronic versions may be used instead.'),
('MZ-003', 3, '服务场所权属或使用证明', 'Proof of ownership or right to use the premises', 'copy', 1, false, '', ''),
('MZ-003', 4, '养老机构备案承诺书', 'Commitment letter on standards compliance', 'electronic', 1, false,
 '承诺符合消防、建筑、卫生和食品安全等要求。', 'Commits to fire, building, health and food safety requirements.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('MZ-003', 1, '网上申请', 'Online filing', '在线填写备案书并上传材料。', 'Complete the filing form and upload the materials.'),
('MZ-003', 2, '受理', 'Acceptance', '民政部门受理备案。', 'The civil affairs bureau accepts the filing.'),
('MZ-003', 3, '核对', 'Check', '核对备案信息，必要时现场查看。', 'The filing is checked, with a site visit if necessary.'),
('MZ-003', 4, '办结', 'Completed', '出具备案回执，纳入监管名录。', 'A filing receipt is issued and the institution is listed for supervision.');

-- MZ-004 补领婚姻登记证
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('MZ-004', 'MZ', 'citizen', '补领婚姻登记证', 'Replacement of a marriage certificate',
 '结婚证遗失或损毁的当事人申请补领婚姻登记证。',
 'Apply for a replacement marriage certificate that has been lost or damaged.',
 '当事人遗失或损毁结婚证的，可以持身份证件向原办理婚姻登记的机关或者本市婚姻登记机关申请补领。婚姻登记机关对当事人的婚姻登记档案进行查证，确认属实的，为当事人补发婚姻登记证。档案可在线调取的当场补发。',
 'A person whose marriage certificate has been lost or damaged may apply with their ID to the registry that registered the marriage or to any registry in the city. The registry checks the marriage record and, once confirmed, issues a replacement. Where the record can be retrieved online, the replacement is issued on the spot.',
 '《中华人民共和国民法典》《婚姻登记条例》',
 'Civil Code of the People''s Republic of China; Regulations on Marriage Registration',
 20, 1, 0, '', '', false, 540);
insert into service_topics (service_code, topic_code) values ('MZ-004', 'hunyin');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('MZ-004', 1, '本人有效居民身份证', 'Valid resident ID card', 'original', 1, false, '', ''),
('MZ-004', 2, '近期半身免冠照片', 'Recent bare-headed half-length photos', 'original', 3, false,
 '双方合影或单人照片，2寸3张。', 'Three 2-inch joint or individual photos.'),
('MZ-004', 3, '补领婚姻登记证申请书', 'Application for a replacement certificate', 'original', 1, false,
 '现场签署。', 'Signed on site.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('MZ-004', 1, '网上预约', 'Book an appointment', '预约婚姻登记机关办理时间。', 'Book a time at a marriage registry.'),
('MZ-004', 2, '受理', 'Acceptance', '提交证件、照片和申请书。', 'Submit ID, photos and the application.'),
('MZ-004', 3, '档案查证', 'Record check', '调取并核对婚姻登记档案。', 'The marriage record is retrieved and checked.'),
('MZ-004', 4, '办结', 'Completed', '补发婚姻登记证。', 'The replacement certificate is issued.');

-- ============================================================================
-- 卫生健康委员会 (WJW)
-- ============================================================================

-- WJW-001 出生医学证明签发 (bundle child: birth registration / 出生医学证明)
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('WJW-001', 'WJW', 'citizen', '出生医学证明首次签发', 'First issuance of the birth medical certificate',
 '在本市助产机构出生的新生儿由父母申请首次签发《出生医学证明》。',
 'Parents of a baby born at a midwifery institution in the city apply for the first issuance of the birth medical certificate.',
 '《出生医学证明》是新生儿申报户口、参加医保和申领社保卡的法定医学证明。新生儿在医疗机构出生的，由父母填写出生医学证明自填单，经助产机构核对后签发，同时生成电子出生医学证明并共享给公安、医保和人社部门，作为“出生一件事”的第一步。',
 'The birth medical certificate is the statutory medical proof used to register the baby''s household, join medical insurance and apply for a social security card. For a baby born in a hospital, the parents complete the self-report form and the midwifery institution checks and issues the certificate; an electronic certificate is created and shared with the police, medical insurance and human resources departments as the first step of the Newborn one-stop service.',
 '《中华人民共和国母婴保健法》《中华人民共和国母婴保健法实施办法》',
 'Law of the People''s Republic of China on Maternal and Infant Health Care and its Implementing Measures',
 20, 1, 0, '首次签发不收费。', 'The first issuance is free.', false, 610);
insert into service_topics (service_code, topic_code) values ('WJW-001', 'shengyu');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('WJW-001', 1, '父母双方居民身份证', 'Resident ID cards of both parents', 'original', 1, true,
 '可用电子身份证照代替。', 'Electronic ID cards may be used instead.'),
('WJW-001', 2, '出生医学证明自填单', 'Birth medical certificate self-report form', 'original', 1, false,
 '由助产机构提供，父母填写新生儿姓名并签字确认。', 'Provided by the hospital; the parents enter the baby''s name and sign.'),
('WJW-001', 3, '委托书及受托人身份证明', 'Power of attorney and the agent''s ID', 'original_and_copy', 1, false,
 '父母委托他人代领时提供。', 'When the parents send someone else to collect.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('WJW-001', 1, '填写自填单', 'Complete the self-report form', '父母在线或在助产机构填写新生儿和父母信息。', 'The parents enter the baby''s and their own details online or at the hospital.'),
('WJW-001', 2, '核对', 'Check', '助产机构核对分娩记录和父母身份。', 'The hospital checks the delivery record and the parents'' identity.'),
('WJW-001', 3, '签发', 'Issuance', '签发纸质证明，同步生成电子出生医学证明。', 'The paper certificate and an electronic certificate are issued.'),
('WJW-001', 4, '领取结果', 'Collect the result', '出院前领取，电子证明推送至父母证照夹。', 'Collected before discharge; the e-certificate goes to the parents'' wallet.');

-- WJW-002 生育登记
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('WJW-002', 'WJW', 'citizen', '生育登记', 'Birth planning registration',
 '计划生育或已生育子女的家庭在线办理生育登记。',
 'Families expecting or having a child complete the birth registration online.',
 '生育登记用于提供孕产期保健、生育支持和育儿补贴等服务，不作为生育的前置条件。登记实行全程网办，夫妻一方在线填写即可，系统通过共享核验身份和婚姻信息，当场生成生育登记服务凭证。',
 'Birth registration gives access to antenatal care, childbirth support and childcare subsidies; it is not a precondition for having a child. It is fully online: either parent fills in the form, identity and marriage data are verified by data sharing, and a registration receipt is issued immediately.',
 '《中华人民共和国人口与计划生育法》',
 'Population and Family Planning Law of the People''s Republic of China',
 5, 1, 0, '不收费。', 'Free of charge.', true, 620);
insert into service_topics (service_code, topic_code) values ('WJW-002', 'shengyu'), ('WJW-002', 'hunyin');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('WJW-002', 1, '夫妻双方居民身份证', 'Resident ID cards of both parents', 'electronic', 1, true,
 '实名登录后自动核验。', 'Verified automatically after login.'),
('WJW-002', 2, '结婚证', 'Marriage certificate', 'electronic', 1, true,
 '按本省人口与计划生育条例规定提供，可用电子婚姻登记证照。', 'As required by the provincial regulations; the electronic marriage certificate is accepted.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('WJW-002', 1, '网上登记', 'Online registration', '填写夫妻双方和子女信息。', 'Enter the parents'' and children''s details.'),
('WJW-002', 2, '信息核验', 'Data verification', '共享核验身份和婚姻信息。', 'Identity and marriage data are verified.'),
('WJW-002', 3, '办结', 'Completed', '生成生育登记服务凭证。', 'A registration receipt is issued.');

-- WJW-003 公共场所卫生许可
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('WJW-003', 'WJW', 'enterprise', '公共场所卫生许可', 'Public place hygiene permit',
 '宾馆、游泳场所、美容美发等公共场所经营者申请卫生许可证。',
 'Hotels, swimming pools, hair and beauty salons and other public venues apply for a hygiene permit.',
 '宾馆、旅店、公共浴室、游泳场所、美容美发等公共场所经营者，应当在开业前取得卫生许可证。本市对部分公共场所实行告知承诺制，申请人承诺符合卫生要求后可当场取得许可，卫生监督机构事后核查。',
 'Operators of hotels, guesthouses, public baths, swimming pools, hair and beauty salons and similar venues need a hygiene permit before opening. For some venues the city uses a notification-and-commitment scheme: once the applicant commits to meeting the hygiene requirements the permit is granted on the spot and checked afterwards.',
 '《公共场所卫生管理条例》《公共场所卫生管理条例实施细则》',
 'Regulations on Hygiene Administration in Public Places and their Implementing Rules',
 20, 5, 0, '不收费。', 'Free of charge.', false, 630);
insert into service_topics (service_code, topic_code) values ('WJW-003', 'jingying');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('WJW-003', 1, '公共场所卫生许可申请表', 'Hygiene permit application form', 'electronic', 1, false, '', ''),
('WJW-003', 2, '营业执照', 'Business licence', 'copy', 1, true,
 '可用电子营业执照代替。', 'The electronic business licence may be used instead.'),
('WJW-003', 3, '经营场所平面布局图', 'Floor plan of the premises', 'electronic', 1, false, '', ''),
('WJW-003', 4, '卫生管理制度', 'Hygiene management procedures', 'electronic', 1, false, '', ''),
('WJW-003', 5, '卫生检测报告', 'Hygiene test report', 'copy', 1, false,
 '实行告知承诺的可在开业后补交。', 'Under the commitment scheme it may be submitted after opening.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('WJW-003', 1, '网上申请', 'Online application', '选择审批或告知承诺方式并上传材料。', 'Choose standard review or the commitment scheme and upload the materials.'),
('WJW-003', 2, '受理', 'Acceptance', '卫生监督机构受理申请。', 'The health inspectorate accepts the application.'),
('WJW-003', 3, '现场审查', 'On-site review', '对经营场所进行卫生学评价。', 'The premises are assessed for hygiene.'),
('WJW-003', 4, '审批决定', 'Decision', '作出准予或不予许可决定。', 'The permit is granted or refused.'),
('WJW-003', 5, '发证', 'Certificate issued', '核发卫生许可证（含电子证照）。', 'The permit, with an electronic certificate, is issued.');

-- ============================================================================
-- 住房和城乡建设局 (ZJ)
-- ============================================================================

-- ZJ-001 建筑工程施工许可证核发
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('ZJ-001', 'ZJ', 'enterprise', '建筑工程施工许可证核发', 'Construction permit for building works',
 '建设单位在建筑工程开工前申请领取施工许可证。',
 'The developer applies for a construction permit before building works start.',
 '在本市从事各类房屋建筑及其附属设施的建造、装修装饰和市政基础设施工程施工，建设单位应当在开工前申请领取施工许可证。申请通过工程建设项目审批管理系统提交，建设工程规划许可证等前置证照由系统共享调取。工程投资额在30万元以下或建筑面积在300平方米以下的建筑工程可以不申请办理施工许可证。',
 'Before starting construction, decoration or municipal infrastructure works in the city, the developer must obtain a construction permit. Applications go through the construction project approval system, which retrieves earlier permits such as the planning permit. Works under 300,000 yuan or 300 square metres do not need a permit.',
 '《中华人民共和国建筑法》《建筑工程施工许可管理办法》',
 'Construction Law of the People''s Republic of China; Administrative Measures for Construction Permits of Building Works',
 7, 3, 0, '不收费。', 'Free of charge.', false, 710);
insert into service_topics (service_code, topic_code) values ('ZJ-001', 'gongcheng');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('ZJ-001', 1, '建筑工程施工许可申请表', 'Construction permit application form', 'electronic', 1, false, '', ''),
('ZJ-001', 2, '建设工程规划许可证', 'Construction project planning permit', 'electronic', 1, true,
 '系统共享调取电子证照，无需上传。', 'Retrieved from the shared e-certificate store; no upload needed.'),
('ZJ-001', 3, '施工合同及中标通知书', 'Construction contract and notice of award', 'copy', 1, false,
 '依法必须招标的工程提供中标通知书。', 'The notice of award is required for works that must be tendered.'),
('ZJ-001', 4, '施工图设计文件审查合格书', 'Construction drawing review certificate', 'electronic', 1, false,
 '实行告知承诺的可在开工前补交。', 'Under the commitment scheme it may be submitted before works start.'),
('ZJ-001', 5, '建设资金已经落实承诺书', 'Commitment that construction funds are in place', 'electronic', 1, false, '', '');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('ZJ-001', 1, '网上申报', 'Online application', '通过工程建设项目审批管理系统提交申请。', 'Apply through the construction project approval system.'),
('ZJ-001', 2, '受理', 'Acceptance', '住建部门核对材料。', 'The housing and construction bureau checks the materials.'),
('ZJ-001', 3, '审查', 'Review', '审查开工条件是否具备。', 'The conditions for starting works are reviewed.'),
('ZJ-001', 4, '审批决定', 'Decision', '作出准予或不予许可决定。', 'The permit is granted or refused.'),
('ZJ-001', 5, '发证', 'Certificate issued', '核发电子施工许可证，现场公示二维码。', 'An electronic permit is issued; its QR code is displayed on site.');

-- ZJ-002 商品房预售许可
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('ZJ-002', 'ZJ', 'enterprise', '商品房预售许可', 'Pre-sale permit for commodity housing',
 '房地产开发企业在商品房竣工前预售房屋，需取得商品房预售许可证。',
 'Property developers need a pre-sale permit to sell housing before completion.',
 '房地产开发企业预售商品房，应当已交付全部土地使用权出让金并取得不动产权证书，持有建设工程规划许可证和施工许可证，且按提供预售的商品房计算投入开发建设的资金达到工程建设总投资的25%以上并已确定施工进度和竣工交付日期。预售资金应纳入监管账户。',
 'To pre-sell housing, the developer must have paid the full land-use fee and hold the land title certificate, the planning permit and the construction permit, must have invested at least 25% of total construction investment in the units offered, and must have fixed the construction schedule and handover date. Pre-sale proceeds go into a supervised account.',
 '《中华人民共和国城市房地产管理法》《城市商品房预售管理办法》',
 'Urban Real Estate Administration Law of the People''s Republic of China; Measures for the Administration of Pre-sale of Urban Commodity Housing',
 10, 5, 0, '不收费。', 'Free of charge.', false, 720);
insert into service_topics (service_code, topic_code) values ('ZJ-002', 'gongcheng'), ('ZJ-002', 'zhufang');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('ZJ-002', 1, '商品房预售许可申请表', 'Pre-sale permit application form', 'electronic', 1, false, '', ''),
('ZJ-002', 2, '营业执照和房地产开发企业资质证书', 'Business licence and property developer qualification certificate', 'copy', 1, true,
 '可用电子证照代替。', 'Electronic versions may be used instead.'),
('ZJ-002', 3, '不动产权证书（土地）', 'Land title certificate', 'copy', 1, true,
 '可用电子证照代替。', 'The electronic certificate may be used instead.'),
('ZJ-002', 4, '工程施工合同及投资进度证明', 'Construction contract and proof of investment progress', 'copy', 1, false,
 '证明投入资金达到总投资25%以上。', 'Showing at least 25% of total investment has been made.'),
('ZJ-002', 5, '商品房预售方案', 'Pre-sale plan', 'electronic', 1, false,
 '含房屋分层平面图、预售资金监管协议。', 'Including floor plans and the escrow agreement for pre-sale funds.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('ZJ-002', 1, '网上申请', 'Online application', '提交预售许可申请。', 'Submit the pre-sale application.'),
('ZJ-002', 2, '受理', 'Acceptance', '房地产管理部门受理。', 'The property authority accepts.'),
('ZJ-002', 3, '现场查勘', 'Site inspection', '核查工程形象进度。', 'Construction progress is inspected on site.'),
('ZJ-002', 4, '审批决定', 'Decision', '作出许可决定并公布预售房源。', 'The permit is decided and the units for sale are published.'),
('ZJ-002', 5, '发证', 'Certificate issued', '核发商品房预售许可证。', 'The pre-sale permit is issued.');

-- ZJ-003 公共租赁住房申请
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('ZJ-003', 'ZJ', 'citizen', '公共租赁住房申请', 'Public rental housing application',
 '住房和收入符合条件的家庭或新就业无房职工申请公共租赁住房。',
 'Families with low income and no adequate housing, or newly employed workers without a home, apply for public rental housing.',
 '在本市无住房或住房面积低于规定标准、收入和财产低于规定标准的家庭，以及在本市稳定就业的新就业无房职工和外来务工人员，可以申请公共租赁住房。申请经街道初审、住建部门会同民政等部门联合核查和公示后进入轮候，按轮候顺序配租。',
 'Families with no home or less than the set living space, and with income and assets below the thresholds, as well as newly employed workers and migrant workers in stable jobs without a home, may apply. After a first review by the sub-district, a joint check with civil affairs and other departments, and public notice, applicants join the waiting list and are allocated homes in order.',
 '《公共租赁住房管理办法》',
 'Administrative Measures for Public Rental Housing',
 20, 15, 0, '申请不收费；租金按本市公共租赁住房租金标准缴纳。', 'Applying is free; rent is paid at the city''s public rental housing rate.', false, 730);
insert into service_topics (service_code, topic_code) values ('ZJ-003', 'zhufang');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('ZJ-003', 1, '公共租赁住房申请表', 'Public rental housing application form', 'electronic', 1, false, '', ''),
('ZJ-003', 2, '家庭成员居民身份证和户口簿', 'ID cards and household register of family members', 'copy', 1, true,
 '可用电子证照代替。', 'Electronic versions may be used instead.'),
('ZJ-003', 3, '婚姻状况证明', 'Proof of marital status', 'copy', 1, true,
 '已婚的可用电子结婚证。', 'Married applicants may use the electronic marriage certificate.'),
('ZJ-003', 4, '家庭经济状况核对授权书', 'Authorisation to check household finances', 'electronic', 1, false,
 '授权相关部门核对收入、房产和车辆等信息。', 'Authorises checks on income, property and vehicles.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('ZJ-003', 1, '网上申请', 'Online application', '填写家庭成员、收入和住房情况。', 'Enter family members, income and housing.'),
('ZJ-003', 2, '街道初审', 'Sub-district review', '街道（乡镇）受理并初审。', 'The sub-district accepts and reviews.'),
('ZJ-003', 3, '联合核查', 'Joint check', '住建部门会同民政等部门核查经济和住房状况。', 'Housing, civil affairs and other departments check finances and housing.'),
('ZJ-003', 4, '公示', 'Public notice', '审核结果公示。', 'The result is published.'),
('ZJ-003', 5, '轮候配租', 'Waiting list and allocation', '进入轮候库，按顺序选房签约。', 'Applicants join the waiting list and choose a home in order.');

-- ============================================================================
-- 自然资源和规划局 (ZRZY)
-- ============================================================================

-- ZRZY-001 建设工程规划许可证核发
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('ZRZY-001', 'ZRZY', 'enterprise', '建设工程规划许可证核发', 'Construction project planning permit',
 '在城市规划区内进行建筑物、构筑物和其他工程建设的，申请建设工程规划许可证。',
 'Builders of buildings, structures and other works in the urban planning area apply for a planning permit.',
 '在城市、镇规划区内进行建筑物、构筑物、道路、管线和其他工程建设的，建设单位或者个人应当申请办理建设工程规划许可证。规划部门依据控制性详细规划和规划条件审查建设工程设计方案，对符合要求的核发建设工程规划许可证，并在施工现场公示。',
 'Anyone building structures, roads, pipelines or other works within a city or town planning area must obtain a construction project planning permit. The planning authority reviews the design scheme against the regulatory detailed plan and the planning conditions, issues the permit if compliant, and the permit is displayed on site.',
 '《中华人民共和国城乡规划法》',
 'Urban and Rural Planning Law of the People''s Republic of China',
 20, 5, 0, '不收费。', 'Free of charge.', false, 810);
insert into service_topics (service_code, topic_code) values ('ZRZY-001', 'gongcheng');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('ZRZY-001', 1, '建设工程规划许可申请表', 'Planning permit application form', 'electronic', 1, false, '', ''),
('ZRZY-001', 2, '不动产权证书或土地出让合同', 'Land title certificate or land transfer contract', 'copy', 1, true,
 '不动产权证书可用电子证照。', 'The electronic title certificate is accepted.'),
('ZRZY-001', 3, '建设工程设计方案', 'Construction design scheme', 'electronic', 1, false,
 '含总平面图和建筑单体方案，按规划条件编制。', 'Including the site plan and building designs, prepared to the planning conditions.'),
('ZRZY-001', 4, '建设用地规划许可证', 'Land-use planning permit', 'electronic', 1, true,
 '以划拨方式取得土地的提供；系统共享调取。', 'For allocated land; retrieved from the shared store.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('ZRZY-001', 1, '网上申报', 'Online application', '通过工程建设项目审批管理系统提交。', 'Apply through the construction project approval system.'),
('ZRZY-001', 2, '受理', 'Acceptance', '规划部门核对材料。', 'The planning authority checks the materials.'),
('ZRZY-001', 3, '方案审查', 'Design review', '审查设计方案并进行批前公示。', 'The design is reviewed and published for comment before approval.'),
('ZRZY-001', 4, '审批决定', 'Decision', '作出准予或不予许可决定。', 'The permit is granted or refused.'),
('ZRZY-001', 5, '发证', 'Certificate issued', '核发建设工程规划许可证（电子证照）。', 'The planning permit is issued as an e-certificate.');

-- ============================================================================
-- 税务局 (SW)
-- ============================================================================

-- SW-001 新办纳税人套餐 (bundle child: tax registration for new taxpayers)
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('SW-001', 'SW', 'enterprise', '新办纳税人“套餐式”服务（税务登记信息确认）', 'New taxpayer package (tax registration confirmation)',
 '新设立企业一次性完成税务登记信息确认、税费种认定和发票票种核定等涉税事项。',
 'A new enterprise confirms its tax registration, tax types and invoice types in one go.',
 '实行“多证合一”后，营业执照即具有税务登记证的作用，新办企业首次办理涉税事项时通过电子税务局确认登记信息。“套餐式”服务将信息确认、财务会计制度备案、税费种认定、发票票种核定、数电发票开票额度确定和实名办税等事项整合为一次申请。',
 'Since the multi-certificate merger the business licence doubles as the tax registration certificate, and a new enterprise confirms its registration data on the electronic tax service when it first deals with tax. The package combines data confirmation, accounting system filing, tax type determination, invoice type approval, the digital invoice limit and real-name tax agent registration in a single application.',
 '《中华人民共和国税收征收管理法》《中华人民共和国税收征收管理法实施细则》《税务登记管理办法》',
 'Law of the People''s Republic of China on the Administration of Tax Collection and its Detailed Implementing Rules; Administrative Measures for Tax Registration',
 1, 1, 0, '不收费。', 'Free of charge.', true, 910);
insert into service_topics (service_code, topic_code) values ('SW-001', 'kaiban'), ('SW-001', 'nashui');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('SW-001', 1, '营业执照', 'Business licence', 'electronic', 1, true,
 '市场监管部门共享，无需上传。', 'Shared by market regulation; no upload needed.'),
('SW-001', 2, '法定代表人、财务负责人和办税人员身份证明', 'IDs of the legal representative, finance manager and tax agents', 'electronic', 1, true,
 '各人通过个人所得税App或电子税务局完成实名认证。', 'Each verifies their identity through the tax app or electronic tax service.'),
('SW-001', 3, '存款账户账号报告', 'Bank account report', 'electronic', 1, false,
 '银行开户信息可由银行共享。', 'Bank account details may be shared by the bank.'),
('SW-001', 4, '财务会计制度及核算软件备案报告', 'Accounting system filing', 'electronic', 1, false, '', '');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('SW-001', 1, '登录电子税务局', 'Log in to the e-tax service', '使用电子营业执照或法定代表人实名身份登录。', 'Log in with the electronic business licence or the legal representative''s verified identity.'),
('SW-001', 2, '信息确认', 'Confirm registration data', '核对共享的登记信息并补充财务、办税人员信息。', 'Check the shared data and add finance and tax staff.'),
('SW-001', 3, '税费种认定', 'Tax type determination', '系统根据经营范围推荐税费种。', 'Tax types are proposed from the business scope.'),
('SW-001', 4, '发票核定', 'Invoice approval', '核定发票票种并确定数电发票开票额度。', 'Invoice types and the digital invoice limit are set.'),
('SW-001', 5, '办结', 'Completed', '即时办结，可开具数电发票。', 'Completed immediately; digital invoices can be issued.');

-- SW-002 发票申领
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('SW-002', 'SW', 'enterprise', '发票申领（数电发票开票额度调整）', 'Invoice application (digital invoice limit adjustment)',
 '纳税人申请领用发票或调整全面数字化电子发票的开票额度。',
 'Taxpayers apply for invoices or for a higher limit on fully digitalised e-invoices.',
 '纳税人办理税务信息确认后，可在电子税务局申请领用发票。推行全面数字化的电子发票后，纳税人无需领用税控设备，由税务机关根据纳税人信用和经营情况赋予开票总额度；经营需要调整额度的可在线申请。确有需要的纳税人仍可申领纸质发票并选择邮寄。',
 'After confirming its tax registration a taxpayer can apply for invoices on the electronic tax service. With fully digitalised e-invoices no tax control device is needed: the tax service grants a total invoicing limit based on credit rating and business, and the limit can be raised online when needed. Taxpayers who genuinely need paper invoices can still request them by post.',
 '《中华人民共和国发票管理办法》《中华人民共和国发票管理办法实施细则》',
 'Measures of the People''s Republic of China for the Administration of Invoices and their Implementing Rules',
 5, 1, 0, '发票工本费由税务机关承担。', 'Invoice production costs are borne by the tax service.', true, 920);
insert into service_topics (service_code, topic_code) values ('SW-002', 'nashui'), ('SW-002', 'kaiban');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('SW-002', 1, '发票领用或额度调整申请', 'Invoice or limit adjustment request', 'electronic', 1, false, '', ''),
('SW-002', 2, '经办人身份证明', 'Agent''s identity document', 'electronic', 1, true,
 '实名办税人员登录即可。', 'Logging in as a registered tax agent suffices.'),
('SW-002', 3, '经营情况说明', 'Statement of business needs', 'electronic', 1, false,
 '申请调增额度时提供合同等佐证。', 'When raising the limit, attach contracts or other evidence.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('SW-002', 1, '网上申请', 'Online application', '在电子税务局提交申请。', 'Apply on the electronic tax service.'),
('SW-002', 2, '审核', 'Review', '税务机关根据风险和信用情况审核。', 'The tax service reviews risk and credit.'),
('SW-002', 3, '办结', 'Completed', '额度即时生效或纸质发票邮寄送达。', 'The limit takes effect at once, or paper invoices are posted.');

-- SW-003 增值税一般纳税人登记
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('SW-003', 'SW', 'enterprise', '增值税一般纳税人登记', 'General VAT taxpayer registration',
 '年应税销售额超过小规模纳税人标准或会计核算健全的纳税人登记为增值税一般纳税人。',
 'Taxpayers whose annual taxable sales exceed the small-scale threshold, or who keep sound accounts, register as general VAT taxpayers.',
 '增值税纳税人年应征增值税销售额超过规定标准的，应当办理一般纳税人登记；未超过标准但会计核算健全、能够提供准确税务资料的，也可以申请登记。登记在电子税务局即时办结，自登记当月1日或次月1日起按一般计税方法计税。',
 'VAT taxpayers whose annual taxable sales exceed the threshold must register as general taxpayers; those below it may register if their accounts are sound and they can provide accurate tax records. Registration is completed immediately on the electronic tax service, and the general method applies from the first day of the current or next month.',
 '《中华人民共和国增值税法》《增值税一般纳税人登记管理办法》',
 'Value-Added Tax Law of the People''s Republic of China; Administrative Measures for the Registration of General VAT Taxpayers',
 1, 1, 0, '不收费。', 'Free of charge.', true, 930);
insert into service_topics (service_code, topic_code) values ('SW-003', 'nashui'), ('SW-003', 'jingying');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('SW-003', 1, '增值税一般纳税人登记表', 'General VAT taxpayer registration form', 'electronic', 1, false, '', ''),
('SW-003', 2, '经办人身份证明', 'Agent''s identity document', 'electronic', 1, true,
 '实名办税人员登录即可。', 'Logging in as a registered tax agent suffices.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('SW-003', 1, '网上申请', 'Online application', '在电子税务局填写登记表并选择生效日期。', 'Complete the form and choose the effective date.'),
('SW-003', 2, '系统校验', 'Automatic checks', '校验纳税人状态和填报信息。', 'Taxpayer status and entries are checked.'),
('SW-003', 3, '办结', 'Completed', '即时办结，税费种认定自动调整。', 'Completed immediately; tax types are adjusted automatically.');

-- SW-004 个人住房交易契税申报
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('SW-004', 'SW', 'both', '房屋交易契税申报', 'Deed tax return on a property purchase',
 '购买房屋、受让土地使用权的承受方申报缴纳契税。',
 'Buyers of a home or of land-use rights file and pay deed tax.',
 '在境内转移土地、房屋权属的，承受的单位和个人应当在依法办理土地、房屋权属登记手续前申报缴纳契税。本市实行不动产交易、缴税和登记“一窗受理”，税务部门根据共享的网签合同和家庭住房信息计算税额，符合条件的可享受家庭首套、第二套住房契税优惠。',
 'When title to land or buildings is transferred, the acquiring entity or individual must file and pay deed tax before registering the title. The city handles transaction, tax and registration at a single window: the tax service calculates the tax from the shared contract and household housing data, and eligible buyers receive the first-home or second-home reduction.',
 '《中华人民共和国契税法》',
 'Deed Tax Law of the People''s Republic of China',
 1, 1, 0, '契税按成交价格和适用税率计算缴纳，不属于行政事业性收费。', 'Deed tax is computed from the price and the applicable rate; it is a tax, not an administrative fee.', false, 940);
insert into service_topics (service_code, topic_code) values ('SW-004', 'zhufang'), ('SW-004', 'nashui');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('SW-004', 1, '承受方居民身份证或营业执照', 'Buyer''s ID card or business licence', 'copy', 1, true,
 '可用电子证照代替。', 'Electronic versions may be used instead.'),
('SW-004', 2, '房屋买卖合同', 'Property purchase contract', 'electronic', 1, false,
 '网签备案合同由住建部门共享。', 'The registered online contract is shared by the housing bureau.'),
('SW-004', 3, '家庭成员户口簿和结婚证', 'Household register and marriage certificate', 'copy', 1, true,
 '申请家庭住房契税优惠时提供；可用电子证照。', 'When claiming the family home reduction; electronic versions accepted.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('SW-004', 1, '网上申报', 'Online filing', '在不动产“一窗受理”平台申报契税。', 'File on the real estate single-window platform.'),
('SW-004', 2, '税额计算', 'Tax assessment', '根据成交价格和优惠条件计算应纳税额。', 'The tax is computed from the price and eligible reductions.'),
('SW-004', 3, '缴纳', 'Payment', '在线缴纳税款。', 'Pay online.'),
('SW-004', 4, '办结', 'Completed', '完税信息推送不动产登记机构。', 'The tax receipt is sent to the real estate registry.');

-- ============================================================================
-- 不动产登记中心 (BDC)
-- ============================================================================

-- BDC-001 不动产转移登记
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('BDC-001', 'BDC', 'both', '不动产转移登记（房屋买卖）', 'Real estate transfer registration (property sale)',
 '房屋买卖后买卖双方申请办理不动产转移登记，买方取得不动产权证书。',
 'After a property sale, buyer and seller register the transfer and the buyer receives the title certificate.',
 '因买卖、赠与、继承等导致不动产权利转移的，当事人应当申请转移登记。本市实行交易、缴税、登记“一窗受理、并行办理”，买卖双方可在线签署申请并完成缴税缴费，登记机构审核后记载于不动产登记簿，核发纸质和电子不动产权证书。水电气过户可一并申请。',
 'When title passes by sale, gift or inheritance, the parties must register the transfer. The city processes the transaction, tax and registration in parallel at a single window; both parties can sign online and pay taxes and fees, and after review the registry records the transfer in the register and issues paper and electronic title certificates. Water, power and gas accounts can be transferred at the same time.',
 '《中华人民共和国民法典》《不动产登记暂行条例》《不动产登记暂行条例实施细则》',
 'Civil Code of the People''s Republic of China; Interim Regulations on Real Estate Registration and their Implementing Rules',
 30, 5, 80.00, '住宅每件80元，非住宅每件550元；每增加一本证书加收工本费10元。', '80 yuan per residential case, 550 yuan per non-residential case; 10 yuan for each extra certificate.', false, 1110);
insert into service_topics (service_code, topic_code) values ('BDC-001', 'zhufang');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('BDC-001', 1, '不动产登记申请书', 'Real estate registration application form', 'electronic', 1, false,
 '买卖双方在线电子签名。', 'E-signed online by buyer and seller.'),
('BDC-001', 2, '买卖双方身份证明', 'Identity documents of buyer and seller', 'copy', 1, true,
 '个人可用电子身份证，企业可用电子营业执照。', 'Electronic ID cards or electronic business licences accepted.'),
('BDC-001', 3, '不动产权证书', 'Real estate title certificate', 'original', 1, true,
 '卖方提供；可用电子证照核验，纸质证书办结时收回。', 'From the seller; verified electronically, the paper certificate is returned on completion.'),
('BDC-001', 4, '房屋买卖合同', 'Property purchase contract', 'original', 1, false,
 '网签备案合同可共享调取。', 'The registered online contract can be retrieved by sharing.'),
('BDC-001', 5, '完税凭证', 'Tax payment certificate', 'electronic', 1, false,
 '由税务部门共享，无需提交。', 'Shared by the tax service; nothing to submit.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('BDC-001', 1, '一窗受理', 'Single-window application', '线上或综合窗口一次提交交易、缴税、登记申请。', 'Submit transaction, tax and registration once, online or at the counter.'),
('BDC-001', 2, '审核', 'Review', '登记机构审查权属和材料。', 'The registry reviews title and materials.'),
('BDC-001', 3, '缴费', 'Pay fees', '在线缴纳登记费。', 'Pay the registration fee online.'),
('BDC-001', 4, '登簿', 'Entry in the register', '转移登记记载于不动产登记簿。', 'The transfer is recorded in the register.'),
('BDC-001', 5, '发证', 'Certificate issued', '核发纸质和电子不动产权证书，可邮寄送达。', 'Paper and electronic title certificates are issued and can be posted.');

-- BDC-002 不动产抵押权登记
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('BDC-002', 'BDC', 'both', '不动产抵押权首次登记', 'Registration of a mortgage on real estate',
 '以房屋、土地设定抵押的，抵押人和抵押权人申请抵押权登记。',
 'When a home or land is mortgaged, the mortgagor and mortgagee register the mortgage.',
 '以不动产设定抵押的，抵押权自登记时设立。本市推行“不动产登记+金融服务”，贷款银行可在网点直接受理抵押登记申请并在线推送，登记机构审核后颁发电子不动产登记证明，抵押注销登记可全程网办。',
 'A mortgage on real estate takes effect on registration. Through the real estate registration plus finance service, lending banks accept mortgage registrations at their branches and submit them online; after review the registry issues an electronic registration certificate, and discharge of the mortgage can be done entirely online.',
 '《中华人民共和国民法典》《不动产登记暂行条例》《不动产登记暂行条例实施细则》',
 'Civil Code of the People''s Republic of China; Interim Regulations on Real Estate Registration and their Implementing Rules',
 30, 3, 80.00, '住宅每件80元，非住宅每件550元；小微企业申请抵押登记免收登记费。', '80 yuan per residential case, 550 yuan per non-residential case; free for small and micro enterprises.', false, 1120);
insert into service_topics (service_code, topic_code) values ('BDC-002', 'zhufang');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('BDC-002', 1, '不动产登记申请书', 'Real estate registration application form', 'electronic', 1, false, '', ''),
('BDC-002', 2, '抵押人和抵押权人身份证明', 'Identity documents of mortgagor and mortgagee', 'copy', 1, true,
 '可用电子身份证或电子营业执照。', 'Electronic ID cards or business licences accepted.'),
('BDC-002', 3, '不动产权证书', 'Real estate title certificate', 'original', 1, true,
 '可用电子证照代替。', 'The electronic certificate may be used instead.'),
('BDC-002', 4, '主债权合同和抵押合同', 'Loan contract and mortgage contract', 'original', 1, false,
 '由贷款银行在线推送。', 'Sent online by the lending bank.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('BDC-002', 1, '网上申请', 'Online application', '在贷款银行网点或线上提交申请。', 'Apply at the lending bank or online.'),
('BDC-002', 2, '受理', 'Acceptance', '登记机构接收银行推送的申请。', 'The registry receives the bank''s submission.'),
('BDC-002', 3, '审核登簿', 'Review and entry', '审核后记载于不动产登记簿。', 'After review the mortgage is entered in the register.'),
('BDC-002', 4, '办结', 'Completed', '颁发电子不动产登记证明，推送至抵押权人。', 'An electronic registration certificate is sent to the mortgagee.');

-- BDC-003 不动产登记资料查询
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('BDC-003', 'BDC', 'both', '不动产登记资料查询', 'Real estate register inquiry',
 '权利人、利害关系人查询不动产登记资料，打印不动产登记信息证明。',
 'Right holders and interested parties look up real estate records and print a certificate of registered information.',
 '不动产权利人可以查询、复制其全部的不动产登记资料；利害关系人可以查询、复制与其有利害关系的不动产登记结果。本市提供“以人查房”在线查询，查询结果证明带有验证码，可用于入学、落户、公积金提取等事项。',
 'Right holders may inspect and copy all of their records; interested parties may inspect and copy the registration results that concern them. Online "search by person" inquiries are available, and the resulting certificate carries a verification code for use in school enrolment, household registration and provident fund withdrawals.',
 '《不动产登记暂行条例》《不动产登记资料查询暂行办法》',
 'Interim Regulations on Real Estate Registration; Interim Measures for Inquiries into Real Estate Registration Records',
 5, 1, 0, '不收费。', 'Free of charge.', false, 1130);
insert into service_topics (service_code, topic_code) values ('BDC-003', 'zhufang'), ('BDC-003', 'ruxue');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('BDC-003', 1, '不动产登记资料查询申请书', 'Register inquiry application form', 'electronic', 1, false, '', ''),
('BDC-003', 2, '查询人身份证明', 'Requester''s identity document', 'original', 1, true,
 '可用电子身份证照代替。', 'The electronic ID card may be used instead.'),
('BDC-003', 3, '利害关系证明材料', 'Proof of legitimate interest', 'copy', 1, false,
 '利害关系人查询时提供，如买卖合同或法律文书。', 'For interested parties, e.g. a sale contract or court document.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('BDC-003', 1, '网上申请', 'Online application', '实名登录后选择查询类型。', 'Log in with verified identity and choose the inquiry type.'),
('BDC-003', 2, '受理审核', 'Acceptance and review', '核验查询人身份和查询权限。', 'Identity and entitlement are checked.'),
('BDC-003', 3, '办结', 'Completed', '出具带验证码的查询结果证明。', 'A result certificate with a verification code is issued.');

-- ============================================================================
-- 住房公积金管理中心 (GJJ)
-- ============================================================================

-- GJJ-001 住房公积金提取
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('GJJ-001', 'GJJ', 'citizen', '住房公积金提取', 'Housing provident fund withdrawal',
 '缴存职工因购房、租房、退休等原因提取住房公积金账户余额。',
 'Contributing employees withdraw their provident fund balance to buy or rent a home, on retirement, or for other permitted reasons.',
 '职工购买、建造、翻建、大修自住住房，偿还购房贷款本息，租房自住，或者离休、退休等情形，可以申请提取住房公积金。本市租房和偿还贷款提取可全程网办，购房信息、不动产登记和婚姻信息通过部门共享核验。',
 'Employees may withdraw their provident fund to buy, build or substantially repair their own home, repay a mortgage, pay rent, or on retirement. Rent and mortgage withdrawals can be handled fully online, with purchase, real estate and marriage data verified by data sharing.',
 '《住房公积金管理条例》',
 'Regulations on the Administration of Housing Provident Funds',
 3, 1, 0, '不收费。', 'Free of charge.', false, 1210);
insert into service_topics (service_code, topic_code) values ('GJJ-001', 'zhufang'), ('GJJ-001', 'yanglao');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('GJJ-001', 1, '居民身份证', 'Resident ID card', 'original', 1, true,
 '可用电子身份证照代替。', 'The electronic ID card may be used instead.'),
('GJJ-001', 2, '提取原因证明材料', 'Proof of the reason for withdrawal', 'copy', 1, true,
 '购房合同、不动产权证书、租赁备案或退休证明等；不动产权证书可用电子证照。', 'Purchase contract, title certificate, registered lease or retirement proof; electronic title certificates accepted.'),
('GJJ-001', 3, '本人银行卡', 'Own bank card', 'electronic', 1, false,
 '须为本人名下一类银行账户。', 'Must be a Class I account in the employee''s own name.'),
('GJJ-001', 4, '结婚证', 'Marriage certificate', 'copy', 1, true,
 '提取配偶公积金时提供；可用电子证照。', 'When drawing on the spouse''s fund; electronic version accepted.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('GJJ-001', 1, '网上申请', 'Online application', '选择提取类型并上传或授权调取材料。', 'Choose the withdrawal type and upload or authorise retrieval of documents.'),
('GJJ-001', 2, '受理', 'Acceptance', '管理中心受理申请。', 'The centre accepts the application.'),
('GJJ-001', 3, '审核', 'Review', '核验提取条件和额度。', 'Eligibility and amount are checked.'),
('GJJ-001', 4, '办结', 'Completed', '提取资金划转至本人银行账户。', 'The funds are transferred to the employee''s account.');

-- GJJ-002 单位住房公积金缴存登记
insert into services (code, department_code, audience, name_zh, name_en, summary_zh, summary_en,
    description_zh, description_en, legal_basis_zh, legal_basis_en,
    statutory_days, promised_days, fee_yuan, fee_note_zh, fee_note_en, online_only, sort_order) values
('GJJ-002', 'GJJ', 'enterprise', '单位住房公积金缴存登记', 'Employer housing provident fund registration',
 '新设立单位办理住房公积金缴存登记并为职工设立个人账户。',
 'A new employer registers for the housing provident fund and opens accounts for its staff.',
 '新设立的单位应当自设立之日起30日内到住房公积金管理中心办理缴存登记，并自登记之日起20日内为本单位职工办理住房公积金账户设立手续。本市企业开办时可一并勾选公积金缴存登记，信息由市场监管部门共享，无需另行提交营业执照。',
 'A new employer must register with the provident fund centre within 30 days of its establishment and open accounts for its employees within 20 days of registering. Registration can be ticked when starting a business, with the data shared by market regulation so the business licence need not be submitted again.',
 '《住房公积金管理条例》',
 'Regulations on the Administration of Housing Provident Funds',
 5, 1, 0, '不收费。', 'Free of charge.', false, 1220);
insert into service_topics (service_code, topic_code) values ('GJJ-002', 'kaiban'), ('GJJ-002', 'yonggong');
insert into service_materials (service_code, position, name_zh, name_en, form, copies, ecert_substitutes, note_zh, note_en) values
('GJJ-002', 1, '单位缴存登记表', 'Employer registration form', 'electronic', 1, false, '', ''),
('GJJ-002', 2, '营业执照', 'Business licence', 'electronic', 1, true,
 '可用电子营业执照代替。', 'The electronic business licence may be used instead.'),
('GJJ-002', 3, '经办人身份证明及授权委托书', 'Agent''s ID and letter of authorisation', 'copy', 1, true,
 '经办人身份证可用电子证照。', 'The agent''s electronic ID card is accepted.');
insert into service_steps (service_code, position, title_zh, title_en, detail_zh, detail_en) values
('GJJ-002', 1, '网上申请', 'Online application', '随企业开办一并申请或登录公积金单位网厅申请。', 'Apply with business registration or on the employer provident fund portal.'),
('GJJ-002', 2, '受理审核', 'Acceptance and review', '管理中心核对单位信息。', 'The centre checks the employer data.'),
('GJJ-002', 3, '办结', 'Completed', '生成单位公积金账号，可为职工办理开户。', 'An employer account number is issued; staff accounts can be opened.');
