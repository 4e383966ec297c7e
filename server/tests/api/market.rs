//! The marketplace over HTTP, as its users and the operator see it: the review of listings,
//! ordering with a voucher and the admin's approval, isolation between vendors and between
//! enterprises, and the refusals of bad or stale orders.
use crate::market_support::*;
use portal_test_support::{spawn_app, ID_A, ID_B};
use reqwest::StatusCode;
use uuid::Uuid;

#[tokio::test]
async fn a_listing_goes_live_only_after_review_and_keeps_serving_its_published_version() {
    let app = spawn_app().await;
    let operator = app.operator().await;
    let vendor = approved_vendor(
        &app,
        &operator,
        "福州云启信息技术有限公司",
        VENDOR_A,
        "vendor.a",
        "陈建国",
    )
    .await;
    let id = submitted_listing(&app, &vendor, "云账房记账", "Cloud Ledger", "99").await;

    // Submitted, not yet approved: nobody finds it.
    let (_, catalogue) = app.get_html("/market?q=云账房").await;
    assert!(
        !catalogue.contains("云账房记账"),
        "unreviewed listing is not listed"
    );
    let (_, admin) = operator.get_html("/admin/market").await;
    assert!(
        admin.contains(&format!("/admin/market/listings/{id}/versions/1")),
        "operator sees the review"
    );

    let approved = operator
        .post_form(
            &format!("/admin/market/listings/{id}/versions/1"),
            &[("decision", "yes"), ("reason", "")],
        )
        .await;
    assert_eq!(approved.status(), StatusCode::SEE_OTHER);
    // Found in both languages, with its price.
    for q in ["云账房", "cloud%20ledger"] {
        let (_, page) = app.get_html(&format!("/market?q={q}")).await;
        assert!(page.contains("云账房记账"), "search {q}");
    }

    // A new version with a higher price: under review, the live page keeps the old price.
    let changed = post_owned(
        &vendor,
        &format!("/vendor/listings/{id}"),
        &listing_fields("云账房记账", "Cloud Ledger", "129"),
    )
    .await;
    assert_eq!(changed.status(), StatusCode::SEE_OTHER);
    let submitted = vendor
        .post_form(&format!("/vendor/listings/{id}/submit"), &[])
        .await;
    assert_eq!(submitted.status(), StatusCode::SEE_OTHER);
    let (_, product) = app.get_html(&format!("/market/products/{id}")).await;
    assert!(
        product.contains("¥99") && !product.contains("¥129"),
        "published version still served"
    );

    // The operator sees exactly what changed, and sends it back with a reason.
    let (_, review) = operator
        .get_html(&format!("/admin/market/listings/{id}/versions/2"))
        .await;
    assert!(
        review.contains("plans.basic.seat_price"),
        "diff names the changed field"
    );
    assert!(
        review.contains("¥99") && review.contains("¥129"),
        "diff shows before and after"
    );
    let refused_without_reason = operator
        .post_form(
            &format!("/admin/market/listings/{id}/versions/2"),
            &[("decision", "no"), ("reason", " ")],
        )
        .await;
    assert_eq!(
        refused_without_reason.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a return needs a reason"
    );
    let returned = operator
        .post_form(
            &format!("/admin/market/listings/{id}/versions/2"),
            &[("decision", "no"), ("reason", "涨价须说明理由")],
        )
        .await;
    assert_eq!(returned.status(), StatusCode::SEE_OTHER);
    let (_, console) = vendor.get_html("/vendor").await;
    assert!(console.contains("涨价须说明理由"), "vendor sees the reason");
    let (_, product) = app.get_html(&format!("/market/products/{id}")).await;
    assert!(product.contains("¥99"), "still the published version");
}

#[tokio::test]
async fn an_agents_order_with_a_voucher_waits_for_the_admin_and_reserves_then_commits_the_subsidy()
{
    let app = spawn_app().await;
    let operator = app.operator().await;
    programme(&operator, "100000", "20000").await;
    let vendor = approved_vendor(
        &app,
        &operator,
        "福州云启信息技术有限公司",
        VENDOR_A,
        "vendor.a",
        "陈建国",
    )
    .await;
    let listing = published_listing(&app, &vendor, &operator, "云账房记账", "Cloud Ledger").await;
    let enterprise = enrolled_enterprise(&app).await;
    let agent = agent_of(&app, enterprise).await;

    // 3 seats × ¥99 = ¥297; vendor discount 10 % (¥29.70); subsidy 50 % of ¥267.30 = ¥133.65.
    let ordered = order(&agent, listing, enterprise, "basic", "3", true).await;
    assert_eq!(ordered.status(), StatusCode::SEE_OTHER, "order placed");
    let id = subscription_of(&ordered);
    let (state, list, discount, subsidy, sme): (String, i64, i64, i64, i64) = sqlx::query_as(
        "select state, list_fen, vendor_discount_fen, subsidy_fen, sme_fen from subscriptions where id = $1",
    )
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        (state.as_str(), list, discount, subsidy, sme),
        ("awaiting_approval", 29700, 2970, 13365, 13365)
    );
    let reserved: i64 = sqlx::query_scalar("select reserved_fen from voucher_programme_totals")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(reserved, 13365, "subsidy reserved at order");

    // The admin is told, and approves; the vendor's system gets a provision operation.
    let (_, notifications) = app.get_html("/notifications").await;
    assert!(
        notifications.contains(&format!("/market/subscriptions/{id}")),
        "admin notified"
    );
    let generation = hidden(
        &app.get_html(&format!("/market/subscriptions/{id}")).await.1,
        "generation",
    )
    .unwrap();
    let approved = app
        .post_form(
            &format!("/market/subscriptions/{id}"),
            &[
                ("move", "approve"),
                ("generation", &generation),
                ("reason", ""),
            ],
        )
        .await;
    assert_eq!(approved.status(), StatusCode::SEE_OTHER);
    let operations: Vec<String> =
        sqlx::query_scalar("select operation from vendor_operations where subscription_id = $1")
            .bind(id)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(operations, vec!["provision"]);

    // The vendor reports it provisioned (a 14-day trial): the subsidy is committed.
    let provisioned = vendor
        .post_form(
            &format!("/market/subscriptions/{id}"),
            &[("move", "provisioned"), ("reason", "")],
        )
        .await;
    assert_eq!(provisioned.status(), StatusCode::SEE_OTHER);
    let (reserved, committed): (i64, i64) =
        sqlx::query_as("select reserved_fen, committed_fen from voucher_programme_totals")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((reserved, committed), (0, 13365));
    let ledger: Vec<(String, i64)> =
        sqlx::query_as("select movement, amount_fen from voucher_ledger order by id")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        ledger,
        vec![("reserve".into(), 13365), ("commit".into(), 13365)]
    );

    // "My cloud services" shows it, trialing, with the split.
    let (_, mine) = agent.get_html("/market/mine").await;
    assert!(
        mine.contains("云账房记账") && mine.contains("¥133.65"),
        "listed with the subsidy"
    );
    assert_eq!(
        sqlx::query_scalar::<_, String>("select state from subscriptions where id = $1")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .unwrap(),
        "trialing"
    );

    // Rating waits for 30 days of use; then the agent rates it once, and the product page
    // shows the average and the comment.
    let early = agent
        .post_form(
            &format!("/market/subscriptions/{id}/rating"),
            &[("score", "5"), ("comment", "")],
        )
        .await;
    assert_eq!(early.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let early_page = early.text().await.unwrap_or_default();
    assert!(early_page.contains("使用满 30 天后"), "{early_page}");
    let (_, page) = agent.get_html(&format!("/market/subscriptions/{id}")).await;
    assert!(!page.contains("/rating"), "no rating form yet");
    sqlx::query("update subscriptions set started_on = started_on - 30 where id = $1")
        .bind(id)
        .execute(&app.pool)
        .await
        .unwrap();
    let (_, page) = agent.get_html(&format!("/market/subscriptions/{id}")).await;
    assert!(page.contains("/rating"), "the rating form once due");
    let rated = agent
        .post_form(
            &format!("/market/subscriptions/{id}/rating"),
            &[("score", "4"), ("comment", "上手快，客服及时")],
        )
        .await;
    assert_eq!(rated.status(), StatusCode::SEE_OTHER);
    let again = agent
        .post_form(
            &format!("/market/subscriptions/{id}/rating"),
            &[("score", "1"), ("comment", "")],
        )
        .await;
    assert_eq!(
        again.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "once only"
    );
    let (_, product) = app.get_html(&format!("/market/products/{listing}")).await;
    assert!(product.contains("4.0") && product.contains("上手快，客服及时"));
    // The vendor cannot rate its own product.
    let by_vendor = vendor
        .post_form(
            &format!("/market/subscriptions/{id}/rating"),
            &[("score", "5")],
        )
        .await;
    assert_eq!(by_vendor.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_declined_order_releases_its_reservation_and_a_changed_price_is_refused() {
    let app = spawn_app().await;
    let operator = app.operator().await;
    programme(&operator, "100000", "20000").await;
    let vendor = approved_vendor(
        &app,
        &operator,
        "福州云启信息技术有限公司",
        VENDOR_A,
        "vendor.a",
        "陈建国",
    )
    .await;
    let listing = published_listing(&app, &vendor, &operator, "云账房记账", "Cloud Ledger").await;
    let enterprise = enrolled_enterprise(&app).await;
    let agent = agent_of(&app, enterprise).await;
    let id = subscription_of(&order(&agent, listing, enterprise, "basic", "3", true).await);

    let declined_without_reason = app
        .post_form(
            &format!("/market/subscriptions/{id}"),
            &[("move", "decline"), ("reason", "")],
        )
        .await;
    assert_eq!(
        declined_without_reason.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let declined = app
        .post_form(
            &format!("/market/subscriptions/{id}"),
            &[("move", "decline"), ("reason", "预算不足")],
        )
        .await;
    assert_eq!(declined.status(), StatusCode::SEE_OTHER);
    let (reserved, committed): (i64, i64) =
        sqlx::query_as("select reserved_fen, committed_fen from voucher_programme_totals")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((reserved, committed), (0, 0), "released");
    let (_, notifications) = agent.get_html("/notifications").await;
    assert!(
        notifications.contains(&format!("/market/subscriptions/{id}")),
        "orderer told of the decline"
    );

    // A confirmation whose price no longer holds is refused, nothing written.
    let path = format!(
        "/market/products/{listing}/order?enterprise={enterprise}&plan=basic&quantity=2&voucher=1"
    );
    let html = agent.get_html(&path).await.1;
    let before: i64 = sqlx::query_scalar("select count(*) from subscriptions")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let mut fields: Vec<(String, String)> = vec![
        ("enterprise_id".into(), enterprise.to_string()),
        ("plan".into(), "basic".into()),
        ("quantity".into(), "2".into()),
        ("use_voucher".into(), "on".into()),
        (
            "listing_version".into(),
            hidden(&html, "listing_version").unwrap(),
        ),
        ("expected_sme_fen".into(), "1".into()),
        (
            "expected_subsidy_fen".into(),
            hidden(&html, "expected_subsidy_fen").unwrap(),
        ),
        (
            "idempotency_key".into(),
            hidden(&html, "idempotency_key").unwrap(),
        ),
    ];
    let refused = post_owned(
        &agent,
        &format!("/market/products/{listing}/order"),
        &fields,
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = refused.text().await.unwrap();
    assert!(page.contains("error-summary"), "a localised refusal");
    // Seats outside the plan's bounds: refused with its own message.
    fields[2].1 = "21".into();
    let out_of_bounds = post_owned(
        &agent,
        &format!("/market/products/{listing}/order"),
        &fields,
    )
    .await;
    assert_eq!(out_of_bounds.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let after: i64 = sqlx::query_scalar("select count(*) from subscriptions")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(before, after, "nothing half-written");
}

#[tokio::test]
async fn a_double_click_makes_one_order_and_a_suspended_listing_takes_none() {
    let app = spawn_app().await;
    let operator = app.operator().await;
    let vendor = approved_vendor(
        &app,
        &operator,
        "福州云启信息技术有限公司",
        VENDOR_A,
        "vendor.a",
        "陈建国",
    )
    .await;
    let listing = published_listing(&app, &vendor, &operator, "云账房记账", "Cloud Ledger").await;
    app.enterprise_agent().await;
    let enterprise: Uuid = sqlx::query_scalar("select id from enterprises")
        .fetch_one(&app.pool)
        .await
        .unwrap();

    let path =
        format!("/market/products/{listing}/order?enterprise={enterprise}&plan=basic&quantity=1");
    let html = app.get_html(&path).await.1;
    let fields: Vec<(String, String)> = [
        ("enterprise_id", enterprise.to_string()),
        ("plan", "basic".into()),
        ("quantity", "1".into()),
        ("listing_version", hidden(&html, "listing_version").unwrap()),
        (
            "expected_sme_fen",
            hidden(&html, "expected_sme_fen").unwrap(),
        ),
        (
            "expected_subsidy_fen",
            hidden(&html, "expected_subsidy_fen").unwrap(),
        ),
        ("idempotency_key", hidden(&html, "idempotency_key").unwrap()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let path = format!("/market/products/{listing}/order");
    let (first, second) = tokio::join!(
        post_owned(&app, &path, &fields),
        post_owned(&app, &path, &fields)
    );
    assert_eq!(
        subscription_of(&first),
        subscription_of(&second),
        "one order"
    );
    let count: i64 = sqlx::query_scalar("select count(*) from subscriptions")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(count, 1);
    // The admin ordered: no approval needed.
    let state: String = sqlx::query_scalar("select state from subscriptions")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(state, "awaiting_provisioning");

    let suspended = operator
        .post_form(
            &format!("/admin/market/listings/{listing}/suspension"),
            &[("suspend", "yes"), ("reason", "投诉核查中")],
        )
        .await;
    assert_eq!(suspended.status(), StatusCode::SEE_OTHER);
    let (_, catalogue) = app.get_html("/market").await;
    assert!(
        !catalogue.contains("云账房记账"),
        "a suspended listing is not offered"
    );
    let mut again = fields.clone();
    again[6].1 = "another-key-123".into();
    let refused = post_owned(&app, &path, &again).await;
    assert_eq!(
        refused.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "no new orders"
    );
    let state: String = sqlx::query_scalar("select state from subscriptions")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        state, "awaiting_provisioning",
        "existing subscription continues"
    );
}

#[tokio::test]
async fn a_related_party_gets_no_subsidy() {
    let app = spawn_app().await;
    let operator = app.operator().await;
    programme(&operator, "100000", "20000").await;
    // The vendor's legal representative is the enterprise's (张三).
    let vendor = approved_vendor(
        &app,
        &operator,
        "张三软件有限公司",
        VENDOR_A,
        "vendor.a",
        "张三",
    )
    .await;
    let listing = published_listing(&app, &vendor, &operator, "云账房记账", "Cloud Ledger").await;
    let enterprise = enrolled_enterprise(&app).await;
    let (_, quote) = app
        .get_html(&format!("/market/products/{listing}/order?enterprise={enterprise}&plan=basic&quantity=3&voucher=1"))
        .await;
    assert_eq!(hidden(&quote, "expected_subsidy_fen").as_deref(), Some("0"));
    let ordered = order(&app, listing, enterprise, "basic", "3", true).await;
    assert_eq!(ordered.status(), StatusCode::SEE_OTHER);
    let subsidy: i64 = sqlx::query_scalar("select subsidy_fen from subscriptions")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(subsidy, 0);
    let ledger: i64 = sqlx::query_scalar("select count(*) from voucher_ledger")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(ledger, 0);
}

/// The legal representative is a person, not a name: where the legal-entity register knows
/// both businesses, their representatives' ID numbers decide. A namesake is no relation; the
/// same person declared under another spelling is.
#[tokio::test]
async fn related_parties_are_found_by_the_representatives_id_number() {
    let app = spawn_app().await;
    let operator = app.operator().await;
    programme(&operator, "100000", "20000").await;
    // Vendor A: another 张三 (ID_B). Vendor B: the enterprise's own 张三 (ID_A), who declared
    // himself to the marketplace as 张叁.
    app.in_entity_register(VENDOR_A, "张三软件有限公司", "张三", ID_B)
        .await;
    app.in_entity_register(VENDOR_B, "福建闽数云计算有限公司", "张三", ID_A)
        .await;
    let namesake = approved_vendor(
        &app,
        &operator,
        "张三软件有限公司",
        VENDOR_A,
        "vendor.a",
        "张三",
    )
    .await;
    let same_person = approved_vendor(
        &app,
        &operator,
        "福建闽数云计算有限公司",
        VENDOR_B,
        "vendor.b",
        "张叁",
    )
    .await;
    let unrelated =
        published_listing(&app, &namesake, &operator, "云账房记账", "Cloud Ledger").await;
    let related =
        published_listing(&app, &same_person, &operator, "闽数财务", "Minshu Books").await;
    let enterprise = enrolled_enterprise(&app).await;
    let subsidy_quoted = |listing: Uuid| {
        let path = format!(
            "/market/products/{listing}/order?enterprise={enterprise}&plan=basic&quantity=3&voucher=1"
        );
        let app = &app;
        async move { hidden(&app.get_html(&path).await.1, "expected_subsidy_fen") }
    };
    assert_eq!(
        subsidy_quoted(unrelated).await.as_deref(),
        Some("13365"),
        "a namesake's product is subsidised"
    );
    assert_eq!(
        subsidy_quoted(related).await.as_deref(),
        Some("0"),
        "the representative's own vendor is not"
    );
    let ordered = order(&app, related, enterprise, "basic", "3", true).await;
    assert_eq!(ordered.status(), StatusCode::SEE_OTHER);
    let subsidy: i64 = sqlx::query_scalar("select subsidy_fen from subscriptions")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(subsidy, 0, "and the order carries none");
}

/// "My cloud services" shows what a subscription costs a month, split between the business
/// and the voucher: a yearly plan's price over twelve (the subsidy rounded down).
#[tokio::test]
async fn my_cloud_services_shows_a_yearly_plan_by_the_month() {
    let app = spawn_app().await;
    let operator = app.operator().await;
    programme(&operator, "100000", "20000").await;
    let vendor = approved_vendor(
        &app,
        &operator,
        "福州云启信息技术有限公司",
        VENDOR_A,
        "vendor.a",
        "陈建国",
    )
    .await;
    let listing = published_listing(&app, &vendor, &operator, "云账房记账", "Cloud Ledger").await;
    let enterprise = enrolled_enterprise(&app).await;
    // Professional: ¥1,990 a seat a year, 10 % vendor discount, half of the rest subsidised.
    let ordered = order(&app, listing, enterprise, "pro", "1", true).await;
    assert_eq!(ordered.status(), StatusCode::SEE_OTHER);
    let (subsidy, sme): (i64, i64) =
        sqlx::query_as("select subsidy_fen, sme_fen from subscriptions")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((subsidy, sme), (89550, 89550), "the year's split");
    let (_, mine) = app.get_html("/market/mine").await;
    // The subscriptions and orders, before the vouchers (which show the year's reservation).
    let lists = mine
        .split("id=\"mine-vouchers\"")
        .next()
        .unwrap_or_default();
    assert!(
        lists.contains("¥74.63") && lists.contains("¥74.62"),
        "a month of the year: the business ¥74.63, the voucher ¥74.62"
    );
    assert!(
        !lists.contains("¥895.50"),
        "the list shows the month, not the year"
    );
    let id: Uuid = sqlx::query_scalar("select id from subscriptions")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let (_, detail) = app.get_html(&format!("/market/subscriptions/{id}")).await;
    assert!(
        detail.contains("¥895.50"),
        "the subscription's page keeps the year's price"
    );
}

#[tokio::test]
async fn vendors_and_enterprises_never_reach_each_others_business() {
    let app = spawn_app().await;
    let operator = app.operator().await;
    let vendor_a = approved_vendor(
        &app,
        &operator,
        "福州云启信息技术有限公司",
        VENDOR_A,
        "vendor.a",
        "陈建国",
    )
    .await;
    let vendor_b = approved_vendor(
        &app,
        &operator,
        "福建闽数云计算有限公司",
        VENDOR_B,
        "vendor.b",
        "王海",
    )
    .await;
    let listing = published_listing(&app, &vendor_a, &operator, "云账房记账", "Cloud Ledger").await;
    app.enterprise_agent().await;
    let enterprise: Uuid = sqlx::query_scalar("select id from enterprises")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let id = subscription_of(&order(&app, listing, enterprise, "basic", "1", false).await);

    // Vendor B: A's listing, its edit and submit, A's subscription and its moves.
    assert_eq!(
        vendor_b
            .get(&format!("/vendor/listings/{listing}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let edit = post_owned(
        &vendor_b,
        &format!("/vendor/listings/{listing}"),
        &listing_fields("改名", "Renamed", "1"),
    )
    .await;
    assert_eq!(edit.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        vendor_b
            .post_form(&format!("/vendor/listings/{listing}/submit"), &[])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        vendor_b
            .get(&format!("/market/subscriptions/{id}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let moved = vendor_b
        .post_form(
            &format!("/market/subscriptions/{id}"),
            &[("move", "provisioned"), ("reason", "")],
        )
        .await;
    assert_eq!(moved.status(), StatusCode::NOT_FOUND);
    let (_, console_b) = vendor_b.get_html("/vendor").await;
    assert!(
        !console_b.contains("云账房记账"),
        "B's console lists nothing of A"
    );
    // Vendor A sees its order with the enterprise's name, never a personal ID number.
    let (_, console_a) = vendor_a.get_html("/vendor").await;
    assert!(console_a.contains("示例餐饮有限公司") && !console_a.contains("11010519491231002X"));
    // Server functions answer the same.
    let sf = vendor_b
        .get(&format!("/api/market/subscription?id={id}"))
        .await;
    assert!(
        sf.status().is_client_error() || sf.status().is_server_error(),
        "server function refuses: {}",
        sf.status()
    );

    // Another enterprise's agent: not their subscription, and cannot order for this one.
    let other = app.other_browser();
    portal_test_support::citizen(&other, "王五", portal_test_support::ID_C, "13700137000").await;
    assert_eq!(
        other
            .get(&format!("/market/subscriptions/{id}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let approve = other
        .post_form(
            &format!("/market/subscriptions/{id}"),
            &[("move", "approve"), ("reason", "")],
        )
        .await;
    assert_eq!(approve.status(), StatusCode::NOT_FOUND);
    let (_, mine) = other.get_html("/market/mine").await;
    assert!(!mine.contains("云账房记账"));
    let foreign_order = order(&other, listing, enterprise, "basic", "1", false).await;
    assert_eq!(
        foreign_order.status(),
        StatusCode::FORBIDDEN,
        "no ordering for someone else's enterprise"
    );

    // Vendors, staff and the operator cannot order at all.
    for browser in [&vendor_a, &operator.browser] {
        let response = browser
            .post_form(
                &format!("/market/products/{listing}/order"),
                &[("plan", "basic")],
            )
            .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn a_vendor_application_is_checked_and_refusal_needs_a_reason() {
    let app = spawn_app().await;
    let operator = app.operator().await;
    let vendor = app.other_browser();
    let bad = vendor
        .post_form(
            "/vendor/apply",
            &[
                ("name", "x"),
                ("credit_code", "91350102526907886K"),
                ("mlps_level", "9"),
            ],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = bad.text().await.unwrap();
    assert!(
        page.contains("vendor-apply-credit_code"),
        "error summary links the field"
    );

    let applied = approved_vendor_pending(&app).await;
    let refused = operator
        .post_form(
            &format!("/admin/market/vendors/{applied}"),
            &[("decision", "no"), ("reason", "")],
        )
        .await;
    assert_eq!(
        refused.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "refusal needs a reason"
    );
    let refused = operator
        .post_form(
            &format!("/admin/market/vendors/{applied}"),
            &[("decision", "no"), ("reason", "等保证明过期")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::SEE_OTHER);
    let events: Vec<String> =
        sqlx::query_scalar("select kind from vendor_events where vendor_id = $1 order by id")
            .bind(applied)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(events, vec!["applied", "refused"]);
}

async fn approved_vendor_pending(app: &portal_test_support::TestApp) -> Uuid {
    let vendor = app.other_browser();
    let applied = vendor
        .post_form(
            "/vendor/apply",
            &[
                ("name", "福建闽数云计算有限公司"),
                ("credit_code", VENDOR_B),
                ("legal_rep", "王海"),
                ("contact_name", "林晓"),
                ("contact_mobile", "13905910002"),
                ("contact_email", "b@vendor.example.com"),
                ("mlps_level", "2"),
                ("username", "vendor.b"),
                ("password", portal_test_support::PASSWORD),
            ],
        )
        .await;
    assert_eq!(applied.status(), StatusCode::SEE_OTHER);
    vendor.enrol_second_factor().await;
    // A pending vendor cannot list anything yet.
    let early = post_owned(
        &vendor,
        "/vendor/listings",
        &listing_fields("早", "Early", "1"),
    )
    .await;
    assert_eq!(early.status(), StatusCode::UNPROCESSABLE_ENTITY);
    sqlx::query_scalar("select id from vendors where credit_code = $1")
        .bind(VENDOR_B)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}
