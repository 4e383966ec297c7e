use super::*;

fn answers(pairs: &[(&str, &str)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn codes(errors: &[FieldError]) -> Vec<(&str, &str)> {
    errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect()
}

const VALID_ID: &str = "11010519491231002X";

#[test]
fn a_complete_citizen_registration_parses() {
    let form = answers(&[
        ("real_name", " 张三 "),
        ("id_number", "11010519491231002x"),
        ("mobile", "138 0013 8000"),
        ("password", "Lantern-river-42"),
        ("password_confirm", "Lantern-river-42"),
    ]);
    let reg = CitizenRegistration::parse(&form).expect("valid registration");
    assert_eq!(reg.real_name.as_str(), "张三");
    assert_eq!(reg.id_number.as_str(), VALID_ID);
    assert_eq!(reg.mobile.as_str(), "13800138000");
}

#[test]
fn every_bad_field_is_reported_at_once() {
    let form = answers(&[
        ("real_name", "张"),
        ("id_number", "110105194912310021"),
        ("mobile", "12345"),
        ("password", "short"),
        ("password_confirm", "short"),
    ]);
    let errors = CitizenRegistration::parse(&form).expect_err("invalid");
    let fields: Vec<&str> = codes(&errors).iter().map(|(f, _)| *f).collect();
    assert_eq!(fields, vec!["real_name", "id_number", "mobile", "password"]);
}

#[test]
fn password_confirmation_must_match() {
    let form = answers(&[
        ("real_name", "李四"),
        ("id_number", VALID_ID),
        ("mobile", "13800138000"),
        ("password", "Lantern-river-42"),
        ("password_confirm", "Lantern-river-43"),
    ]);
    let errors = CitizenRegistration::parse(&form).expect_err("mismatch");
    assert_eq!(
        codes(&errors),
        vec![("password_confirm", "password-mismatch")]
    );
}

#[test]
fn enterprise_registration_checks_the_enterprise_fields() {
    let enterprise = [
        ("enterprise_name", "示例餐饮有限公司"),
        ("credit_code", "91350100M000100Y43"),
        ("legal_rep", "王五"),
    ];
    assert!(EnterpriseRegistration::parse(&answers(&enterprise)).is_ok());
    let bad = answers(&[
        ("enterprise_name", "示例餐饮有限公司"),
        ("credit_code", "91350100M000100Y44"),
        ("legal_rep", "王五"),
    ]);
    let errors = EnterpriseRegistration::parse(&bad).expect_err("check char");
    assert_eq!(codes(&errors)[0].0, "credit_code");
}

#[test]
fn the_registration_form_needs_the_code_sent_to_the_mobile() {
    let mut form = answers(&[
        ("real_name", "张三"),
        ("id_number", "11010519491231002X"),
        ("mobile", "13800138000"),
        ("password", "Lantern-river-42"),
        ("password_confirm", "Lantern-river-42"),
    ]);
    let errors = CitizenRegistrationForm::parse(&form).expect_err("no code");
    assert_eq!(codes(&errors), vec![("code", "code-empty")]);
    form.insert("code".into(), "042 517".into());
    let parsed = CitizenRegistrationForm::parse(&form).expect("valid");
    assert_eq!(parsed.code, "042517");
    assert_eq!(parsed.registration.mobile.as_str(), "13800138000");
    // Every error at once, the code's after the mobile's (the order of the form).
    form.insert("code".into(), "12".into());
    form.insert("mobile".into(), "1380013800".into());
    form.insert("real_name".into(), "".into());
    let errors = CitizenRegistrationForm::parse(&form).expect_err("invalid");
    let fields: Vec<&str> = codes(&errors).iter().map(|(f, _)| *f).collect();
    assert_eq!(fields, vec!["real_name", "mobile", "code"]);
}

#[test]
fn staff_forms_require_a_department_for_department_roles() {
    let mut form = answers(&[
        ("username", "clerk.li"),
        ("display_name", "李窗口"),
        ("role", "clerk"),
        ("password", "Window-clerk-2026"),
    ]);
    let errors = StaffAccountForm::parse(&form).expect_err("department");
    assert_eq!(
        codes(&errors),
        vec![("department_code", "department-required")]
    );
    form.insert("department_code".into(), "SCJG".into());
    assert!(StaffAccountForm::parse(&form).is_ok());
    form.insert("role".into(), "citizen".into());
    assert!(StaffAccountForm::parse(&form).is_err());
}

#[test]
fn names_reject_digits_and_markup() {
    assert!(PersonName::parse("阿依古丽·买买提").is_ok());
    assert_eq!(PersonName::parse("<b>x</b>"), Err("name-invalid-character"));
    assert_eq!(PersonName::parse("张3"), Err("name-invalid-character"));
    assert_eq!(check_field("mobile", "1380013800"), Some("mobile-invalid"));
    assert_eq!(check_field("unknown", "anything"), None);
}

#[test]
fn login_inputs_have_a_length_cap() {
    let long_account = "1".repeat(LOGIN_ACCOUNT_MAX + 1);
    let long_password = "p".repeat(LOGIN_PASSWORD_MAX + 1);
    let errors = LoginForm::parse(&answers(&[
        ("account", &long_account),
        ("password", &long_password),
    ]))
    .expect_err("too long");
    assert_eq!(
        codes(&errors),
        vec![
            ("account", "login-account-too-long"),
            ("password", "login-password-too-long")
        ]
    );
    let at_cap = LoginForm::parse(&answers(&[
        ("account", &"1".repeat(LOGIN_ACCOUNT_MAX)),
        ("password", &"p".repeat(LOGIN_PASSWORD_MAX)),
    ]));
    assert!(at_cap.is_ok());
}
