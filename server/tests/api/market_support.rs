//! The marketplace's actors and data for tests: a vendor that applied and was approved, a
//! published listing, a voucher programme, enterprises with an admin and an agent.
use portal_test_support::{TestApp, PASSWORD};
use reqwest::StatusCode;
use uuid::Uuid;

/// Valid unified social credit codes for vendors in tests.
pub const VENDOR_A: &str = "91350102526907886J";
pub const VENDOR_B: &str = "91350105310499363F";

/// A valid credit code for the `n`th test enterprise.
pub fn enterprise_code(n: u32) -> String {
    app::domain::credit_code::CreditCode::complete(&format!("91350100{n:09}"))
        .expect("valid prefix")
}

/// The value of `<input ... name="{name}" value="...">` in a page.
pub fn hidden(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\""))?;
    let tag_start = html[..at].rfind('<')?;
    let tag_end = at + html[at..].find('>')?;
    let tag = &html[tag_start..tag_end];
    let value = tag.split("value=\"").nth(1)?;
    Some(value.split('"').next()?.to_string())
}

/// A vendor organisation that applied through the form (its admin logged in in a browser of
/// its own) and that the operator approved.
pub async fn approved_vendor(
    app: &TestApp,
    operator: &TestApp,
    name: &str,
    code: &str,
    username: &str,
    legal_rep: &str,
) -> TestApp {
    let vendor = app.other_browser();
    let applied = vendor
        .post_form(
            "/vendor/apply",
            &[
                ("name", name),
                ("credit_code", code),
                ("legal_rep", legal_rep),
                ("contact_name", "林晓"),
                ("contact_mobile", "13905910001"),
                ("contact_email", "sales@vendor.example.com"),
                ("mlps_level", "3"),
                ("data_in_mainland", "on"),
                ("crypto_assessed", "on"),
                ("username", username),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(applied.status(), StatusCode::SEE_OTHER, "{name} applies");
    vendor.enrol_second_factor().await;
    let id: Uuid = sqlx::query_scalar("select id from vendors where credit_code = $1")
        .bind(code)
        .fetch_one(&app.pool)
        .await
        .expect("vendor row");
    let decided = operator
        .post_form(
            &format!("/admin/market/vendors/{id}"),
            &[("decision", "yes"), ("reason", "")],
        )
        .await;
    assert_eq!(
        decided.status(),
        StatusCode::SEE_OTHER,
        "operator approves {name}"
    );
    vendor
}

/// The listing form's fields for a product with a monthly and a yearly plan.
pub fn listing_fields(name_zh: &str, name_en: &str, monthly_yuan: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = [
        ("category", "accounting"),
        ("name_zh", name_zh),
        ("name_en", name_en),
        ("summary_zh", "小微企业在线记账报税"),
        (
            "summary_en",
            "Online bookkeeping and tax filing for small firms",
        ),
        ("description_zh", "自动生成凭证和报表，一键申报。"),
        (
            "description_en",
            "Vouchers and reports made for you; file taxes in one click.",
        ),
        ("availability", "99.9"),
        ("provisioning_hours", "4"),
        ("support_response_hours", "8"),
        ("labels", "等保三级, 数据境内存储"),
        ("vendor_discount", "10"),
        ("plans.0.code", "basic"),
        ("plans.0.name_zh", "基础版"),
        ("plans.0.name_en", "Basic"),
        ("plans.0.term", "month"),
        ("plans.0.seat_price", monthly_yuan),
        ("plans.0.min_seats", "1"),
        ("plans.0.max_seats", "20"),
        ("plans.0.trial_days", "14"),
        ("plans.0.cancel_anytime", "on"),
        ("plans.1.code", "pro"),
        ("plans.1.name_zh", "专业版"),
        ("plans.1.name_en", "Professional"),
        ("plans.1.term", "year"),
        ("plans.1.seat_price", "1990"),
        ("plans.1.min_seats", "1"),
        ("plans.1.max_seats", "50"),
        ("plans.1.trial_days", "0"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    fields.sort();
    fields
}

pub async fn post_owned(
    browser: &TestApp,
    path: &str,
    fields: &[(String, String)],
) -> reqwest::Response {
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    browser.post_form(path, &borrowed).await
}

/// The vendor saves a new listing and submits it; returns its id.
pub async fn submitted_listing(
    app: &TestApp,
    vendor: &TestApp,
    name_zh: &str,
    name_en: &str,
    monthly_yuan: &str,
) -> Uuid {
    let saved = post_owned(
        vendor,
        "/vendor/listings",
        &listing_fields(name_zh, name_en, monthly_yuan),
    )
    .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER, "listing saved");
    let id: Uuid = sqlx::query_scalar(
        "select listing_id from listing_versions where name_zh = $1 order by created_at desc limit 1",
    )
    .bind(name_zh)
    .fetch_one(&app.pool)
    .await
    .expect("listing row");
    let submitted = vendor
        .post_form(&format!("/vendor/listings/{id}/submit"), &[])
        .await;
    assert_eq!(
        submitted.status(),
        StatusCode::SEE_OTHER,
        "listing submitted"
    );
    id
}

/// A listing that went through review and is live.
pub async fn published_listing(
    app: &TestApp,
    vendor: &TestApp,
    operator: &TestApp,
    name_zh: &str,
    name_en: &str,
) -> Uuid {
    let id = submitted_listing(app, vendor, name_zh, name_en, "99").await;
    let approved = operator
        .post_form(
            &format!("/admin/market/listings/{id}/versions/1"),
            &[("decision", "yes"), ("reason", "")],
        )
        .await;
    assert_eq!(approved.status(), StatusCode::SEE_OTHER, "listing approved");
    id
}

/// A programme covering accounting at 50 %, `budget_yuan` in all, `cap_yuan` per enterprise.
pub async fn programme(operator: &TestApp, budget_yuan: &str, cap_yuan: &str) {
    let year = chrono::Utc::now().format("%Y").to_string();
    let (from, until) = (format!("{year}-01-01"), format!("{year}-12-31"));
    let created = operator
        .post_form(
            "/admin/market/programmes",
            &[
                ("name_zh", "云服务券试点"),
                ("name_en", "Cloud voucher pilot"),
                ("budget", budget_yuan),
                ("enterprise_cap", cap_yuan),
                ("valid_from", &from),
                ("valid_until", &until),
                ("holding_days", "90"),
                ("subsidy.accounting", "50"),
            ],
        )
        .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER, "programme created");
}

/// The app's browser: 张三, admin of 示例餐饮有限公司 (catering), admitted to every open
/// programme as a small enterprise. Returns the enterprise id.
pub async fn enrolled_enterprise(app: &TestApp) -> Uuid {
    app.enterprise_agent().await;
    let enterprise: Uuid =
        sqlx::query_scalar("select id from enterprises where credit_code = '91350100M000100Y43'")
            .fetch_one(&app.pool)
            .await
            .expect("enterprise");
    let programmes: Vec<Uuid> = sqlx::query_scalar("select id from voucher_programmes")
        .fetch_all(&app.pool)
        .await
        .expect("programmes");
    for p in programmes {
        let enrolled = app
            .post_form(
                &format!("/market/vouchers/{p}/enrol"),
                &[
                    ("enterprise_id", &enterprise.to_string()),
                    ("industry", "catering"),
                    ("employees", "25"),
                    ("revenue", "800"),
                    ("total_assets", "300"),
                ],
            )
            .await;
        assert_eq!(enrolled.status(), StatusCode::SEE_OTHER, "enrolled");
    }
    enterprise
}

/// A second citizen made an active (non-admin) agent of `enterprise`, logged in in a browser
/// of their own.
pub async fn agent_of(app: &TestApp, enterprise: Uuid) -> TestApp {
    let agent = app.other_browser();
    portal_test_support::citizen(&agent, "李四", portal_test_support::ID_B, "13900139000").await;
    sqlx::query(
        "insert into enterprise_agents (enterprise_id, account_id, is_admin, status)
         select $1, a.id, false, 'active' from accounts a join people p on p.id = a.person_id
         where p.mobile = '13900139000'",
    )
    .bind(enterprise)
    .execute(&app.pool)
    .await
    .expect("agent");
    agent
}

/// Asks for the price of `quantity` seats of `plan` and confirms it; returns the response.
pub async fn order(
    browser: &TestApp,
    listing: Uuid,
    enterprise: Uuid,
    plan: &str,
    quantity: &str,
    voucher: bool,
) -> reqwest::Response {
    let path = format!(
        "/market/products/{listing}/order?enterprise={enterprise}&plan={plan}&quantity={quantity}{}",
        if voucher { "&voucher=1" } else { "" }
    );
    let (status, html) = browser.get_html(&path).await;
    assert_eq!(status, StatusCode::OK, "order page");
    let mut fields = vec![
        ("enterprise_id".to_string(), enterprise.to_string()),
        ("plan".to_string(), plan.to_string()),
        ("quantity".to_string(), quantity.to_string()),
    ];
    for name in [
        "listing_version",
        "expected_sme_fen",
        "expected_subsidy_fen",
        "idempotency_key",
    ] {
        fields.push((name.to_string(), hidden(&html, name).unwrap_or_default()));
    }
    if voucher {
        fields.push(("use_voucher".into(), "on".into()));
    }
    post_owned(
        browser,
        &format!("/market/products/{listing}/order"),
        &fields,
    )
    .await
}

/// The subscription a 303 after an order points to.
pub fn subscription_of(response: &reqwest::Response) -> Uuid {
    let location = response
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .expect("redirect");
    location
        .trim_start_matches("/market/subscriptions/")
        .split('?')
        .next()
        .and_then(|id| id.parse().ok())
        .expect("subscription id")
}
