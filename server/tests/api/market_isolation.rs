//! Isolation in the marketplace, route by route: vendor B and the admin of another enterprise
//! try every marketplace page, form post and server function against vendor A's listing (with
//! a draft under review) and enterprise E's subscription, order page, statements and voucher.
//! Each is refused or shows nothing of A's draft or of E, and nothing of theirs changes. The
//! sweep is checked against the routes the portal declares, so a new route cannot be left out.
use crate::market_support::*;
use portal_test_support::{spawn_app, TestApp, ID_A, ID_C};
use reqwest::StatusCode;
use std::collections::BTreeSet;
use uuid::Uuid;

/// What an outsider may get from a route.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Answer {
    /// A 4xx: the object is someone else's (or the route is not theirs at all).
    Refused,
    /// A page of their own or a public one; it must still hold nothing of A's draft or of E.
    Shown,
    /// Either, by who asks (a vendor's console refuses a citizen and shows a vendor its own).
    Either,
}

struct Probe {
    /// The route as the portal declares it (`{id}` for every parameter).
    route: &'static str,
    method: &'static str,
    /// The concrete path, with the victims' ids and any query.
    path: String,
    form: Vec<(String, String)>,
    answer: Answer,
}

fn probe(route: &'static str, method: &'static str, path: String, answer: Answer) -> Probe {
    Probe {
        route,
        method,
        path,
        form: Vec::new(),
        answer,
    }
}

fn with_form(mut p: Probe, form: &[(&str, &str)]) -> Probe {
    p.form = form
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    p
}

/// Every marketplace route of the web front (pages, posts, statements) and every marketplace
/// server function, aimed at the victims' objects.
fn sweep(
    listing: Uuid,
    subscription: Uuid,
    enterprise: Uuid,
    programme: Uuid,
    vendor_a: Uuid,
) -> Vec<Probe> {
    use Answer::*;
    let e = enterprise.to_string();
    let order_form = [
        ("enterprise_id", e.as_str()),
        ("plan", "basic"),
        ("quantity", "1"),
        ("listing_version", "1"),
        ("expected_sme_fen", "8910"),
        ("expected_subsidy_fen", "0"),
        ("idempotency_key", "isolation-probe-0001"),
    ];
    let enrol_form = [
        ("enterprise_id", e.as_str()),
        ("industry", "catering"),
        ("employees", "12"),
        ("revenue", "300"),
        ("total_assets", "200"),
    ];
    vec![
        // Pages.
        probe("/market", "GET", "/market?q=账房".into(), Shown),
        probe("/market/compare", "GET", format!("/market/compare?ids={listing}"), Shown),
        probe("/market/mine", "GET", "/market/mine".into(), Either),
        probe("/market/products/{id}", "GET", format!("/market/products/{listing}"), Shown),
        probe(
            "/market/products/{id}/order",
            "GET",
            format!("/market/products/{listing}/order?enterprise={enterprise}&plan=basic&quantity=1&voucher=1"),
            Either,
        ),
        probe("/market/subscriptions/{id}", "GET", format!("/market/subscriptions/{subscription}"), Refused),
        probe("/vendor", "GET", "/vendor".into(), Either),
        probe("/vendor/apply", "GET", "/vendor/apply".into(), Shown),
        probe("/vendor/listings/new", "GET", "/vendor/listings/new".into(), Either),
        probe("/vendor/listings", "GET", "/vendor/listings".into(), Either),
        probe("/vendor/listings/{id}", "GET", format!("/vendor/listings/{listing}"), Refused),
        probe("/admin/market", "GET", "/admin/market".into(), Refused),
        probe(
            "/admin/market/listings/{id}/versions/{id}",
            "GET",
            format!("/admin/market/listings/{listing}/versions/2"),
            Refused,
        ),
        // Statements.
        probe("/market/statements", "GET", format!("/market/statements?enterprise={enterprise}"), Refused),
        probe(
            "/market/statements",
            "GET",
            format!("/market/statements?enterprise={enterprise}&format=csv"),
            Refused,
        ),
        probe("/market/vendor/statements", "GET", "/market/vendor/statements".into(), Either),
        probe("/admin/market/subsidy", "GET", format!("/admin/market/subsidy?programme={programme}"), Refused),
        // Form posts.
        with_form(
            probe("/vendor/apply", "POST", "/vendor/apply".into(), Refused),
            &[
                ("name", "福州云启信息技术有限公司"),
                ("credit_code", VENDOR_A),
                ("legal_rep", "陈建国"),
                ("contact_name", "冒名"),
                ("contact_mobile", "13905910009"),
                ("contact_email", "x@vendor.example.com"),
                ("mlps_level", "3"),
                ("username", "vendor.a2"),
                ("password", portal_test_support::PASSWORD),
            ],
        ),
        with_form(
            probe("/vendor/staff", "POST", "/vendor/staff".into(), Refused),
            &[("vendor_id", &vendor_a.to_string()), ("display_name", "内鬼"), ("username", "")],
        ),
        with_form(probe("/vendor/listings", "POST", "/vendor/listings".into(), Refused), &[("listing_id", &listing.to_string())]),
        {
            let mut p = probe("/vendor/listings/{id}", "POST", format!("/vendor/listings/{listing}"), Refused);
            p.form = listing_fields("改名", "Renamed", "1");
            p
        },
        probe("/vendor/listings/{id}/submit", "POST", format!("/vendor/listings/{listing}/submit"), Refused),
        with_form(
            probe("/admin/market/vendors/{id}", "POST", format!("/admin/market/vendors/{vendor_a}"), Refused),
            &[("decision", "no"), ("reason", "冒名")],
        ),
        with_form(
            probe(
                "/admin/market/listings/{id}/versions/{id}",
                "POST",
                format!("/admin/market/listings/{listing}/versions/2"),
                Refused,
            ),
            &[("decision", "yes"), ("reason", "")],
        ),
        with_form(
            probe(
                "/admin/market/listings/{id}/suspension",
                "POST",
                format!("/admin/market/listings/{listing}/suspension"),
                Refused,
            ),
            &[("suspend", "yes"), ("reason", "冒名")],
        ),
        with_form(
            probe("/admin/market/programmes", "POST", "/admin/market/programmes".into(), Refused),
            &[("name_zh", "冒名券"), ("budget", "1")],
        ),
        with_form(
            probe("/market/products/{id}/order", "POST", format!("/market/products/{listing}/order"), Refused),
            &order_form,
        ),
        with_form(
            probe("/market/subscriptions/{id}", "POST", format!("/market/subscriptions/{subscription}"), Refused),
            &[("move", "cancel_now"), ("generation", "1"), ("reason", "冒名")],
        ),
        with_form(
            probe(
                "/market/subscriptions/{id}/change",
                "POST",
                format!("/market/subscriptions/{subscription}/change"),
                Refused,
            ),
            &[("plan", "pro"), ("quantity", "2"), ("generation", "1")],
        ),
        probe("/market/subscriptions/{id}/open", "POST", format!("/market/subscriptions/{subscription}/open"), Refused),
        with_form(
            probe(
                "/market/subscriptions/{id}/rating",
                "POST",
                format!("/market/subscriptions/{subscription}/rating"),
                Refused,
            ),
            &[("score", "1"), ("comment", "冒名差评")],
        ),
        with_form(
            probe("/market/vouchers/{id}/enrol", "POST", format!("/market/vouchers/{programme}/enrol"), Refused),
            &enrol_form,
        ),
        // Server functions.
        probe("/api/market/catalogue", "GET", "/api/market/catalogue?q=账房".into(), Shown),
        probe("/api/market/product", "GET", format!("/api/market/product?id={listing}"), Shown),
        probe("/api/market/compare", "GET", format!("/api/market/compare?ids[0]={listing}"), Either),
        probe(
            "/api/market/order",
            "GET",
            format!("/api/market/order?id={listing}&enterprise={enterprise}&plan=basic&quantity=1&voucher=1"),
            Either,
        ),
        probe("/api/market/mine", "GET", "/api/market/mine".into(), Either),
        probe("/api/market/subscription", "GET", format!("/api/market/subscription?id={subscription}"), Refused),
        probe("/api/market/vendor", "GET", "/api/market/vendor".into(), Either),
        probe("/api/market/vendor/listing", "GET", format!("/api/market/vendor/listing?id={listing}"), Refused),
        probe("/api/market/admin", "GET", "/api/market/admin".into(), Refused),
        probe(
            "/api/market/admin/review",
            "GET",
            format!("/api/market/admin/review?id={listing}&version=2"),
            Refused,
        ),
    ]
}

/// The marketplace routes the portal declares: the web front's posts and statements, the
/// pages of the app and its server functions (the vendors' signed machine API has its own
/// tests), with every parameter written `{id}`.
fn declared_routes() -> BTreeSet<String> {
    let sources = [
        include_str!("../../src/web/mod.rs"),
        include_str!("../../../app/src/lib.rs"),
    ];
    let mut routes = BTreeSet::new();
    for source in sources {
        for quoted in source.split('"').skip(1).step_by(2) {
            let marketplace = ["/market", "/vendor", "/admin/market"]
                .iter()
                .any(|p| quoted == *p || quoted.starts_with(&format!("{p}/")));
            if marketplace && !quoted.contains(' ') {
                routes.insert(normalise(quoted));
            }
        }
    }
    let api = include_str!("../../../app/src/api/market.rs");
    for endpoint in api.split("endpoint = \"").skip(1) {
        if let Some(name) = endpoint.split('"').next() {
            routes.insert(format!("/api/{name}"));
        }
    }
    routes
}

/// `{id}`, `{version}` and `:id` all become `{id}`.
fn normalise(route: &str) -> String {
    route
        .split('/')
        .map(|part| {
            if part.starts_with(':') || (part.starts_with('{') && part.ends_with('}')) {
                "{id}"
            } else {
                part
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// A snapshot of everything of A's and E's an outsider could try to change.
async fn victims_state(
    app: &TestApp,
    listing: Uuid,
    subscription: Uuid,
    enterprise: Uuid,
) -> Vec<String> {
    let row: (String, i64, String, i64, i64, String, i64) = sqlx::query_as(
        "select (select state || '/' || quantity || '/' || plan_code from subscriptions where id = $2),
                (select count(*) from subscription_events where subscription_id = $2),
                (select string_agg(version || ':' || review_state || ':' || name_zh, ',' order by version)
                   from listing_versions where listing_id = $1),
                (select count(*) from voucher_enrolments where enterprise_id = $3),
                (select count(*) from subscription_ratings),
                (select coalesce(published_version::text, '') || '/' || coalesce(suspended_at::text, '')
                   from listings where id = $1),
                (select count(*) from vendors)",
    )
    .bind(listing)
    .bind(subscription)
    .bind(enterprise)
    .fetch_one(&app.pool)
    .await
    .expect("the victims' state");
    vec![
        row.0,
        row.1.to_string(),
        row.2,
        row.3.to_string(),
        row.4.to_string(),
        row.5,
        row.6.to_string(),
    ]
}

#[tokio::test]
async fn every_marketplace_route_keeps_vendors_and_enterprises_apart() {
    let app = spawn_app().await;
    let operator = app.operator().await;
    programme(&operator, "100000", "20000").await;
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
    // A's next version, under review: only A and the operator may see it.
    let edited = post_owned(
        &vendor_a,
        &format!("/vendor/listings/{listing}"),
        &listing_fields("账房草稿版", "Ledger Draft", "88"),
    )
    .await;
    assert!(edited.status().is_redirection(), "A edits its draft");
    let submitted = vendor_a
        .post_form(&format!("/vendor/listings/{listing}/submit"), &[])
        .await;
    assert!(submitted.status().is_redirection(), "A submits it");
    // E (示例餐饮有限公司, 张三) orders A's product with a voucher.
    let enterprise = enrolled_enterprise(&app).await;
    let subscription = subscription_of(&order(&app, listing, enterprise, "basic", "1", true).await);
    let programme: Uuid = sqlx::query_scalar("select id from voucher_programmes")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let vendor_a_id: Uuid = sqlx::query_scalar("select id from vendors where credit_code = $1")
        .bind(VENDOR_A)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    // The admin of another enterprise (王五's own business).
    let other = app.other_browser();
    let other_code = enterprise_code(2);
    other
        .in_entity_register(&other_code, "福州王五商贸有限公司", "王五", ID_C)
        .await;
    portal_test_support::citizen(&other, "王五", ID_C, "13700137000").await;
    let registered = other
        .post_form(
            "/register/enterprise",
            &[
                ("enterprise_name", "福州王五商贸有限公司"),
                ("credit_code", &other_code),
                ("legal_rep", "王五"),
            ],
        )
        .await;
    assert_eq!(
        registered.status(),
        StatusCode::SEE_OTHER,
        "王五's enterprise"
    );

    let probes = sweep(listing, subscription, enterprise, programme, vendor_a_id);
    let swept: BTreeSet<String> = probes.iter().map(|p| p.route.to_string()).collect();
    let declared = declared_routes();
    assert!(declared.len() >= 30, "the routes were read: {declared:?}");
    let missing: Vec<_> = declared.difference(&swept).cloned().collect();
    assert!(
        missing.is_empty(),
        "routes the sweep leaves out: {missing:?}"
    );

    // What neither outsider may ever read: E's name, credit code and representative's ID
    // number, E's subscription, and A's unpublished draft.
    let secrets = [
        "示例餐饮有限公司".to_string(),
        "91350100M000100Y43".to_string(),
        ID_A.to_string(),
        subscription.to_string(),
        "账房草稿版".to_string(),
        "Ledger Draft".to_string(),
    ];
    let before = victims_state(&app, listing, subscription, enterprise).await;
    for (who, browser) in [("vendor B", &vendor_b), ("王五", &other)] {
        for p in &probes {
            let response = match p.method {
                "GET" => browser.get(&p.path).await,
                _ => post_owned(browser, &p.path, &p.form).await,
            };
            let status = response.status();
            let body = response.text().await.unwrap_or_default();
            let what = format!("{who}: {} {}", p.method, p.path);
            assert!(!status.is_server_error(), "{what}: {status}");
            match p.answer {
                Answer::Refused => {
                    assert!(status.is_client_error(), "{what}: refused, got {status}")
                }
                Answer::Shown => assert!(status.is_success(), "{what}: shown, got {status}"),
                Answer::Either => {}
            }
            // (A page may echo its own address, e.g. in its language links.)
            for secret in secrets.iter().filter(|s| !p.path.contains(s.as_str())) {
                assert!(
                    !body.contains(secret.as_str()),
                    "{what}: answers with {secret}"
                );
            }
        }
    }
    assert_eq!(
        victims_state(&app, listing, subscription, enterprise).await,
        before,
        "nothing of A's or E's changed"
    );
    // The victims themselves still see their own.
    let (_, console_a) = vendor_a.get_html("/vendor").await;
    assert!(console_a.contains("示例餐饮有限公司"), "A sees its order");
    let (_, mine) = app.get_html("/market/mine").await;
    assert!(
        mine.contains(&subscription.to_string()),
        "E sees its subscription"
    );
}
