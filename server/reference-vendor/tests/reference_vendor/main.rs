//! The reference vendor system against protocol market.v1, over real HTTP and a real database:
//! signatures, idempotency, generations, rules with signed reports, the vendor's view.
mod delivery;
mod helpers;
mod process;

use helpers::*;
use portal_protocol::signing::{Direction, Signable, SignedHeaders};
use serde_json::{json, Value};
use std::sync::atomic::Ordering;
use uuid::Uuid;

/// The subscription's row in `/_admin/subscriptions`.
async fn subscription_row(base: &str, subscription: Uuid) -> Value {
    let all = admin_get(base, "subscriptions").await;
    all.as_array()
        .and_then(|list| {
            list.iter()
                .find(|s| s["subscription_id"] == json!(subscription))
        })
        .cloned()
        .unwrap_or(Value::Null)
}

#[tokio::test]
async fn a_provision_is_reported_signed_with_access_and_a_repeat_has_no_second_effect() {
    let portal = FakePortal::default();
    let portal_url = portal.start().await;
    let vendor = start(config(&fresh_database().await)).await;
    let subscription = Uuid::new_v4();
    let provision = operation("provision", subscription, 1, &portal_url);

    let response = post_operation(&vendor.base, &provision, &signer(VENDOR_A)).await;
    assert_eq!(response.status(), 202);
    let first = json_of(response).await;
    assert_eq!(
        first,
        json!({"status": "accepted", "operation_id": provision["operation_id"]})
    );
    let reports = portal.outcome_of(&provision).await;
    assert_eq!(reports.len(), 1);
    let report = &reports[0];
    assert_eq!(report.vendor, VENDOR_A.to_string(), "party header = vendor");
    assert_eq!(report.report["protocol"], "market.v1");
    assert_eq!(report.report["status"], "succeeded");
    assert_eq!(report.report["generation"], 1);
    assert_eq!(report.idempotency_key, report.report["report_id"]);
    let tenant = report.report["access"]["tenant_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(!tenant.is_empty());
    assert_eq!(
        report.report["access"]["url"],
        format!("{}/tenants/{tenant}", vendor.base)
    );
    let row = subscription_row(&vendor.base, subscription).await;
    assert_eq!(row["provisions"], 1);
    assert_eq!(row["status"], "active");
    assert_eq!(row["tenant_id"], tenant.as_str());

    // The portal retries (fresh signature, same operation): the first answer, nothing more.
    let again = post_operation(&vendor.base, &provision, &signer(VENDOR_A)).await;
    assert_eq!(again.status(), 202);
    assert_eq!(json_of(again).await, first);
    // A later operation's report arrives after anything the repeat could have queued.
    let suspend = operation("suspend", subscription, 2, &portal_url);
    let response = post_operation(&vendor.base, &suspend, &signer(VENDOR_A)).await;
    assert_eq!(response.status(), 202);
    portal.outcome_of(&suspend).await;
    assert_eq!(
        portal.statuses(&provision),
        ["succeeded"],
        "no second report"
    );
    assert_eq!(portal.all().len(), 2);
    assert_eq!(portal.rejected.load(Ordering::SeqCst), 0, "all verified");
    let row = subscription_row(&vendor.base, subscription).await;
    assert_eq!(row["provisions"], 1);
    assert_eq!(row["operations_applied"], 2);
    assert_eq!(row["status"], "suspended");
    assert_eq!(row["generation"], 2);
    let received = admin_get(&vendor.base, "received").await;
    assert_eq!(received["operations"][0]["hits"], 2);
    assert_eq!(received["outbox"].as_array().map(Vec::len), Some(2));

    // The tool link alone signs nobody in: the portal's single sign-on token is required.
    let page = client()
        .get(format!("{}/tenants/{tenant}", vendor.base))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(page.status(), 401);
    let html = page.text().await.unwrap_or_default();
    assert!(html.contains(r#"data-code="sso_missing""#), "{html}");
    assert!(!html.contains("示例科技有限公司"), "{html}");
    vendor.stop().await;
}

#[tokio::test]
async fn bad_signatures_get_401_with_their_code_and_store_nothing() {
    let vendor = start(config(&fresh_database().await)).await;
    let body = operation("provision", Uuid::new_v4(), 1, "http://127.0.0.1:9");
    let now = chrono::Utc::now().timestamp();
    let to_vendor = move || key(VENDOR_A).toward(Direction::PortalToSystem);
    let forged = move |request: &Signable<'_>| {
        let other = portal_protocol::signing::SigningKey::from_hex(&"77".repeat(32))
            .unwrap_or_else(|| panic!("key"));
        let other = other.toward(Direction::PortalToSystem);
        SignedHeaders::sign(&other, &VENDOR_A.to_string(), request, now)
    };
    let stale = move |request: &Signable<'_>| {
        SignedHeaders::sign(&to_vendor(), &VENDOR_A.to_string(), request, now - 301)
    };
    let stranger = Uuid::new_v4();
    let unknown = move |request: &Signable<'_>| {
        SignedHeaders::sign(&to_vendor(), &stranger.to_string(), request, now)
    };
    let other_path = |request: &Signable<'_>| {
        signer(VENDOR_A)(&Signable {
            path_and_query: "/x",
            ..*request
        })
    };
    // The vendor's own direction key: what it signs for the portal, sent back to it.
    let reflected = move |request: &Signable<'_>| {
        let to_portal = key(VENDOR_A).toward(Direction::SystemToPortal);
        SignedHeaders::sign(&to_portal, &VENDOR_A.to_string(), request, now)
    };
    // Signed for another Idempotency-Key than the one sent.
    let rekeyed = |request: &Signable<'_>| {
        signer(VENDOR_A)(&Signable {
            idempotency_key: Some("another-operation"),
            ..*request
        })
    };
    let cases: [(&Signer, &str); 6] = [
        (&forged, "bad_signature"),
        (&stale, "stale_timestamp"),
        (&unknown, "unknown_vendor"),
        (&other_path, "bad_signature"),
        (&reflected, "bad_signature"),
        (&rekeyed, "bad_signature"),
    ];
    for (sign, code) in cases {
        let response = post_operation(&vendor.base, &body, sign).await;
        assert_eq!(response.status(), 401, "{code}");
        assert_eq!(json_of(response).await["code"], code);
    }
    let unsigned = client()
        .post(format!("{}/operations", vendor.base))
        .json(&body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(unsigned.status(), 401);
    assert_eq!(json_of(unsigned).await["code"], "missing_signature");
    let received = admin_get(&vendor.base, "received").await;
    assert_eq!(received["operations"], json!([]));
    assert_eq!(admin_get(&vendor.base, "subscriptions").await, json!([]));

    // A captured request replayed as is: the nonce is spent.
    let bytes = serde_json::to_vec(&body).unwrap_or_else(|e| panic!("{e}"));
    let operation_id = body["operation_id"].as_str().unwrap_or_default();
    let captured = signer(VENDOR_A)(&signable("POST", "/operations", Some(operation_id), &bytes));
    let replay = move |_: &Signable<'_>| captured.clone();
    assert_eq!(
        post_operation(&vendor.base, &body, &replay).await.status(),
        202
    );
    let response = post_operation(&vendor.base, &body, &replay).await;
    assert_eq!(response.status(), 401);
    assert_eq!(json_of(response).await["code"], "replayed_nonce");
    let received = admin_get(&vendor.base, "received").await;
    assert_eq!(
        received["operations"][0]["hits"], 1,
        "the replay did nothing"
    );
    vendor.stop().await;
}

#[tokio::test]
async fn a_stale_generation_is_refused_and_bad_bodies_get_422() {
    let portal = FakePortal::default();
    let portal_url = portal.start().await;
    let vendor = start(config(&fresh_database().await)).await;
    let subscription = Uuid::new_v4();
    let provision = operation("provision", subscription, 3, &portal_url);
    assert_eq!(
        post_operation(&vendor.base, &provision, &signer(VENDOR_A))
            .await
            .status(),
        202
    );
    portal.outcome_of(&provision).await;
    let mut old = operation("change_plan", subscription, 2, &portal_url);
    old["desired"]["plan"] = "pro".into();
    let response = post_operation(&vendor.base, &old, &signer(VENDOR_A)).await;
    assert_eq!(response.status(), 409);
    let refusal = json_of(response).await;
    assert_eq!(refusal["code"], "stale_generation");
    // Its repeat gets the same answer; the plan never changed.
    let again = post_operation(&vendor.base, &old, &signer(VENDOR_A)).await;
    assert_eq!(again.status(), 409);
    assert_eq!(json_of(again).await, refusal);
    assert_eq!(
        subscription_row(&vendor.base, subscription).await["plan"],
        "basic"
    );

    let mut wrong = operation("renew", subscription, 4, &portal_url);
    wrong["protocol"] = "market.v9".into();
    let response = post_operation(&vendor.base, &wrong, &signer(VENDOR_A)).await;
    assert_eq!(response.status(), 422);
    assert_eq!(json_of(response).await["code"], "wrong_protocol");
    let mut shapeless = operation("renew", subscription, 4, &portal_url);
    shapeless["type"] = "delete".into();
    let response = post_operation(&vendor.base, &shapeless, &signer(VENDOR_A)).await;
    assert_eq!(response.status(), 422);
    assert_eq!(json_of(response).await["code"], "invalid_body");
    // The Idempotency-Key must be the operation id.
    let renew = operation("renew", subscription, 4, &portal_url);
    let bytes = serde_json::to_vec(&renew).unwrap_or_else(|e| panic!("{e}"));
    let other_key = Uuid::new_v4().to_string();
    let mut request = client()
        .post(format!("{}/operations", vendor.base))
        .header("idempotency-key", &other_key)
        .body(bytes.clone());
    for (name, value) in
        signer(VENDOR_A)(&signable("POST", "/operations", Some(&other_key), &bytes)).pairs()
    {
        request = request.header(name, value);
    }
    let response = request.send().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status(), 422);
    assert_eq!(json_of(response).await["code"], "invalid_body");
    let received = admin_get(&vendor.base, "received").await;
    assert_eq!(received["operations"].as_array().map(Vec::len), Some(2));
    vendor.stop().await;
}

#[tokio::test]
async fn failing_products_and_plans_get_a_failed_report_with_the_reason() {
    let portal = FakePortal::default();
    let portal_url = portal.start().await;
    let mut config = config(&fresh_database().await);
    config.rules.fail_products = vec!["cloud-ledger".into()];
    config.rules.fail_plans = vec!["gold".into()];
    config.rules.fail_reason = Some("该地区暂不支持开通".into());
    let vendor = start(config).await;
    let subscription = Uuid::new_v4();
    let provision = operation("provision", subscription, 1, &portal_url);
    assert_eq!(
        post_operation(&vendor.base, &provision, &signer(VENDOR_A))
            .await
            .status(),
        202
    );
    let reports = portal.outcome_of(&provision).await;
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].report["status"], "failed");
    assert_eq!(reports[0].report["reason"], "该地区暂不支持开通");
    assert_eq!(reports[0].report.get("access"), None);
    let view = signed_get(
        &vendor.base,
        &format!("/subscriptions/{subscription}"),
        VENDOR_A,
    )
    .await;
    assert_eq!(json_of(view).await["status"], "failed");
    let row = subscription_row(&vendor.base, subscription).await;
    assert_eq!(row["provisions"], 0);

    // A failing plan of another product, and a later operation on the never provisioned one.
    let mut gold = operation("provision", Uuid::new_v4(), 1, &portal_url);
    gold["desired"]["product"] = "hr-cloud".into();
    gold["desired"]["plan"] = "gold".into();
    let mut suspend = operation("suspend", subscription, 2, &portal_url);
    suspend["desired"]["product"] = "hr-cloud".into();
    for op in [&gold, &suspend] {
        let response = post_operation(&vendor.base, op, &signer(VENDOR_A)).await;
        assert_eq!(response.status(), 202);
    }
    let gold_reports = portal.outcome_of(&gold).await;
    assert_eq!(gold_reports[0].report["reason"], "该地区暂不支持开通");
    let suspended = portal.outcome_of(&suspend).await;
    assert_eq!(suspended[0].report["status"], "failed");
    assert!(suspended[0].report["reason"]
        .as_str()
        .is_some_and(|r| r.contains("never provisioned")));
    let row = subscription_row(&vendor.base, subscription).await;
    assert_eq!(row["status"], "failed", "unchanged");
    vendor.stop().await;
}

#[tokio::test]
async fn a_progress_message_comes_before_the_outcome() {
    let portal = FakePortal::default();
    let portal_url = portal.start().await;
    let mut config = config(&fresh_database().await);
    config.rules.progress_message = Some("正在为您开通账号".into());
    let vendor = start(config).await;
    let provision = operation("provision", Uuid::new_v4(), 1, &portal_url);
    assert_eq!(
        post_operation(&vendor.base, &provision, &signer(VENDOR_A))
            .await
            .status(),
        202
    );
    let reports = portal.outcome_of(&provision).await;
    let statuses: Vec<&str> = reports
        .iter()
        .filter_map(|r| r.report["status"].as_str())
        .collect();
    assert_eq!(statuses, ["in_progress", "succeeded"]);
    assert_eq!(reports[0].report["message"], "正在为您开通账号");
    assert!(reports[0].report["expected_at"].is_string());
    assert_ne!(
        reports[0].report["report_id"],
        reports[1].report["report_id"]
    );
    vendor.stop().await;
}

#[tokio::test]
async fn the_signed_view_shows_only_the_vendors_own_subscriptions() {
    let portal = FakePortal::default();
    let portal_url = portal.start().await;
    let vendor = start(config(&fresh_database().await)).await;
    let mine = Uuid::new_v4();
    let provision = operation("provision", mine, 1, &portal_url);
    assert_eq!(
        post_operation(&vendor.base, &provision, &signer(VENDOR_A))
            .await
            .status(),
        202
    );
    let reports = portal.outcome_of(&provision).await;
    let path = format!("/subscriptions/{mine}");
    let response = signed_get(&vendor.base, &path, VENDOR_A).await;
    assert_eq!(response.status(), 200);
    let view = json_of(response).await;
    assert_eq!(
        view,
        json!({"subscription_id": mine, "generation": 1, "plan": "basic", "quantity": 5,
               "status": "active", "tenant_id": reports[0].report["access"]["tenant_id"]})
    );
    // Vendor B asking for A's subscription, and anyone asking for an unknown one: 404.
    for (path, vendor_id) in [
        (path.clone(), VENDOR_B),
        (format!("/subscriptions/{}", Uuid::new_v4()), VENDOR_A),
        ("/subscriptions/not-a-uuid".to_string(), VENDOR_A),
    ] {
        let response = signed_get(&vendor.base, &path, vendor_id).await;
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(json_of(response).await["code"], "unknown_subscription");
    }
    let unsigned = client()
        .get(format!("{}{path}", vendor.base))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(unsigned.status(), 401);
    vendor.stop().await;
}
