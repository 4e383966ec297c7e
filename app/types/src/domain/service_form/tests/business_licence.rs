//! The business licence form (SCJG-001), as JSON and built in Rust, for the whole-form tests.
use super::*;

/// The business licence form (SCJG-001 企业设立登记) as it would be seeded.
pub(super) const BUSINESS_LICENCE_JSON: &str = r#"{"fields": [
  {"key": "company_name", "label": {"zh": "企业名称", "en": "Company name"}, "required": true,
   "help": {"zh": "与名称自主申报结果一致", "en": "As reserved in the name declaration"},
   "kind": {"type": "short_text", "max_chars": 50}},
  {"key": "entity_type", "label": {"zh": "企业类型", "en": "Type of company"}, "required": true,
   "kind": {"type": "single_choice", "options": [
     {"value": "llc", "label": {"zh": "有限责任公司", "en": "Limited liability company"}},
     {"value": "joint_stock", "label": {"zh": "股份有限公司", "en": "Company limited by shares"}}]}},
  {"key": "registered_capital", "label": {"zh": "注册资本（万元）", "en": "Registered capital (10,000 yuan)"},
   "required": true, "kind": {"type": "number", "min": 0.01, "max": 1000000}},
  {"key": "domicile", "label": {"zh": "住所", "en": "Registered address"}, "required": true,
   "kind": {"type": "address"}},
  {"key": "domicile_basis", "label": {"zh": "住所使用方式", "en": "Right to use the address"}, "required": true,
   "kind": {"type": "single_choice", "options": [
     {"value": "owned", "label": {"zh": "自有产权", "en": "Owned"}},
     {"value": "leased", "label": {"zh": "租赁", "en": "Leased"}},
     {"value": "declared", "label": {"zh": "住所申报承诺", "en": "Declaration and commitment"}}]}},
  {"key": "domicile_proof", "label": {"zh": "住所使用证明", "en": "Proof of right to use the address"},
   "required": true, "visible_when": {"field": "domicile_basis", "any_of": ["owned", "leased"]},
   "kind": {"type": "file", "accept": ["application/pdf", "image/jpeg", "image/png"],
            "max_bytes": 10485760, "max_count": 3, "material": 4}},
  {"key": "business_scope", "label": {"zh": "经营范围", "en": "Business activities"}, "required": true,
   "kind": {"type": "multi_choice", "min_selected": 1, "max_selected": 5, "options": [
     {"value": "software", "label": {"zh": "软件开发", "en": "Software development"}},
     {"value": "consulting", "label": {"zh": "信息咨询服务", "en": "Information consulting"}},
     {"value": "retail", "label": {"zh": "日用百货零售", "en": "Retail of daily goods"}},
     {"value": "catering", "label": {"zh": "餐饮服务", "en": "Catering"}}]}},
  {"key": "opening_date", "label": {"zh": "拟开业日期", "en": "Planned opening date"},
   "kind": {"type": "date", "min": "today", "max": {"offset_days": 180}}},
  {"key": "shareholders", "label": {"zh": "股东", "en": "Shareholders"}, "required": true,
   "kind": {"type": "group", "min_rows": 1, "max_rows": 50,
            "add_label": {"zh": "添加股东", "en": "Add a shareholder"}, "fields": [
     {"key": "name", "label": {"zh": "姓名", "en": "Name"}, "required": true,
      "kind": {"type": "short_text", "max_chars": 30}},
     {"key": "id_number", "label": {"zh": "身份证号码", "en": "Resident ID number"}, "required": true,
      "kind": {"type": "resident_id"}},
     {"key": "contribution", "label": {"zh": "认缴出资额（万元）", "en": "Subscribed capital (10,000 yuan)"},
      "required": true, "kind": {"type": "number", "min": 0.01}},
     {"key": "id_copy", "label": {"zh": "身份证明", "en": "Identity document"}, "required": true,
      "kind": {"type": "file", "accept": ["image/jpeg", "image/png", "application/pdf"],
               "max_bytes": 5242880, "max_count": 2, "material": 3, "ecert_type": "resident_id_card"}}]}},
  {"key": "articles", "label": {"zh": "公司章程", "en": "Articles of association"}, "required": true,
   "kind": {"type": "file", "accept": ["application/pdf"], "max_bytes": 10485760, "max_count": 1, "material": 2}},
  {"key": "contact_name", "label": {"zh": "联系人", "en": "Contact person"}, "required": true,
   "kind": {"type": "short_text", "max_chars": 30}, "prefill": "applicant_name"},
  {"key": "contact_phone", "label": {"zh": "联系电话", "en": "Contact phone"}, "required": true,
   "kind": {"type": "phone"}, "prefill": "applicant_mobile"},
  {"key": "contact_email", "label": {"zh": "电子邮箱", "en": "Email address"},
   "kind": {"type": "email"}, "prefill": "applicant_email"},
  {"key": "remarks", "label": {"zh": "备注", "en": "Remarks"}, "kind": {"type": "long_text"}}
]}"#;

fn t(zh: &str, en: &str) -> Text {
    Text::new(zh, en)
}

fn choice(value: &str, zh: &str, en: &str) -> ChoiceOption {
    ChoiceOption {
        value: value.into(),
        label: t(zh, en),
    }
}

fn field(key: &str, zh: &str, en: &str, required: bool, kind: FieldKind) -> FieldDef {
    FieldDef {
        key: key.into(),
        label: t(zh, en),
        help: None,
        required,
        kind,
        visible_when: None,
        prefill: None,
    }
}

pub(super) fn business_licence_form() -> FormDefinition {
    FormDefinition {
        fields: vec![
            FieldDef {
                help: Some(t(
                    "与名称自主申报结果一致",
                    "As reserved in the name declaration",
                )),
                ..field("company_name", "企业名称", "Company name", true, short(50))
            },
            field(
                "entity_type",
                "企业类型",
                "Type of company",
                true,
                FieldKind::SingleChoice {
                    options: vec![
                        choice("llc", "有限责任公司", "Limited liability company"),
                        choice("joint_stock", "股份有限公司", "Company limited by shares"),
                    ],
                },
            ),
            field(
                "registered_capital",
                "注册资本（万元）",
                "Registered capital (10,000 yuan)",
                true,
                number(Some(0.01), Some(1_000_000.0), false),
            ),
            field(
                "domicile",
                "住所",
                "Registered address",
                true,
                FieldKind::Address,
            ),
            field(
                "domicile_basis",
                "住所使用方式",
                "Right to use the address",
                true,
                FieldKind::SingleChoice {
                    options: vec![
                        choice("owned", "自有产权", "Owned"),
                        choice("leased", "租赁", "Leased"),
                        choice("declared", "住所申报承诺", "Declaration and commitment"),
                    ],
                },
            ),
            when(
                field(
                    "domicile_proof",
                    "住所使用证明",
                    "Proof of right to use the address",
                    true,
                    FieldKind::File {
                        accept: vec![
                            "application/pdf".into(),
                            "image/jpeg".into(),
                            "image/png".into(),
                        ],
                        max_bytes: 10_485_760,
                        max_count: 3,
                        material: Some(4),
                        ecert_type: None,
                    },
                ),
                "domicile_basis",
                &["owned", "leased"],
            ),
            field(
                "business_scope",
                "经营范围",
                "Business activities",
                true,
                FieldKind::MultiChoice {
                    options: vec![
                        choice("software", "软件开发", "Software development"),
                        choice("consulting", "信息咨询服务", "Information consulting"),
                        choice("retail", "日用百货零售", "Retail of daily goods"),
                        choice("catering", "餐饮服务", "Catering"),
                    ],
                    min_selected: Some(1),
                    max_selected: Some(5),
                },
            ),
            field(
                "opening_date",
                "拟开业日期",
                "Planned opening date",
                false,
                date(Some(DateRule::Today), Some(DateRule::OffsetDays(180))),
            ),
            field(
                "shareholders",
                "股东",
                "Shareholders",
                true,
                FieldKind::Group {
                    fields: vec![
                        field("name", "姓名", "Name", true, short(30)),
                        field(
                            "id_number",
                            "身份证号码",
                            "Resident ID number",
                            true,
                            FieldKind::ResidentId,
                        ),
                        field(
                            "contribution",
                            "认缴出资额（万元）",
                            "Subscribed capital (10,000 yuan)",
                            true,
                            number(Some(0.01), None, false),
                        ),
                        field(
                            "id_copy",
                            "身份证明",
                            "Identity document",
                            true,
                            FieldKind::File {
                                accept: vec![
                                    "image/jpeg".into(),
                                    "image/png".into(),
                                    "application/pdf".into(),
                                ],
                                max_bytes: 5_242_880,
                                max_count: 2,
                                material: Some(3),
                                ecert_type: Some("resident_id_card".into()),
                            },
                        ),
                    ],
                    min_rows: 1,
                    max_rows: 50,
                    add_label: Some(t("添加股东", "Add a shareholder")),
                },
            ),
            field(
                "articles",
                "公司章程",
                "Articles of association",
                true,
                FieldKind::File {
                    accept: vec!["application/pdf".into()],
                    max_bytes: 10_485_760,
                    max_count: 1,
                    material: Some(2),
                    ecert_type: None,
                },
            ),
            FieldDef {
                prefill: Some(Prefill::ApplicantName),
                ..field("contact_name", "联系人", "Contact person", true, short(30))
            },
            FieldDef {
                prefill: Some(Prefill::ApplicantMobile),
                ..field(
                    "contact_phone",
                    "联系电话",
                    "Contact phone",
                    true,
                    FieldKind::Phone,
                )
            },
            FieldDef {
                prefill: Some(Prefill::ApplicantEmail),
                ..field(
                    "contact_email",
                    "电子邮箱",
                    "Email address",
                    false,
                    FieldKind::Email,
                )
            },
            field(
                "remarks",
                "备注",
                "Remarks",
                false,
                FieldKind::LongText { max_chars: 2000 },
            ),
        ],
    }
}
