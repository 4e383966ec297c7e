//! "Open" on a provisioned subscription: the agent lands in the reference vendor's tool signed
//! in by a short-lived, single-use Ed25519 token the vendor verifies against the portal's JWKS.
use crate::market_provisioning::{
    count, orders_placed, register, settings, spawn, start_vendor, vendor_id,
};
use crate::routing_support::KEY;
use app::core::market::sso::{self, SsoSettings};
use portal_protocol::sso::{encode, SsoClaims, SsoEnterprise};
use portal_test_support::{location, TestApp, PASSWORD, TEST_SITE_URL};
use reqwest::StatusCode;
use server::routing::dispatcher::Dispatcher;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// The test portal's key material (its PORTAL_SECRET is `[7; 32]`).
fn portal_sso() -> SsoSettings {
    SsoSettings::new(&[7; 32], TEST_SITE_URL)
}

/// `n` voucher orders provisioned by the reference vendor (each enterprise's admin ordered).
pub(crate) async fn provision_all(app: &TestApp, n: u32) -> Vec<Uuid> {
    let placed = orders_placed(app, n).await;
    let vendor = vendor_id(app).await;
    let base = start_vendor(app, vendor, "127.0.0.1:0".parse().expect("addr")).await;
    register(app, vendor, &base, KEY).await;
    let dispatcher =
        Dispatcher::new(app.pool.clone(), settings(), &app.address).expect("dispatcher");
    let started = Instant::now();
    while count(
        app,
        "select count(*) from subscriptions where access_url is not null",
    )
    .await
        < i64::from(n)
    {
        let _ = dispatcher.try_dispatch_once().await.expect("dispatch");
        assert!(started.elapsed() < Duration::from_secs(30), "provisioned");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    placed
}

/// Gives every account of `role` the test password and signs `app`'s browser in as `account`.
pub(crate) async fn sign_in(app: &TestApp, role: &str, account: &str) {
    let hash = app::core::passwords::hash(PASSWORD.to_string())
        .await
        .expect("hash");
    sqlx::query("update accounts set password_hash = $1 where role = $2")
        .bind(hash)
        .bind(role)
        .execute(&app.pool)
        .await
        .expect("password");
    let login = app.login_staff(account, PASSWORD).await;
    assert_eq!(login.status(), StatusCode::SEE_OTHER, "{account} signed in");
}

/// One subscription provisioned by the reference vendor; its orderer signed in in `app`'s
/// browser.
async fn provisioned(app: &TestApp) -> Uuid {
    let placed = provision_all(app, 1).await;
    sign_in(app, "citizen", "13900000000").await;
    placed[0]
}

async fn open(app: &TestApp, subscription: Uuid) -> reqwest::Response {
    app.post_form(&format!("/market/subscriptions/{subscription}/open"), &[])
        .await
}

/// The vendor's answer to the tool's address: status and body.
async fn land(url: &str) -> (StatusCode, String) {
    let response = reqwest::get(url).await.expect("vendor page");
    let status = response.status();
    (status, response.text().await.unwrap_or_default())
}

fn refusal_code(html: &str) -> &str {
    html.split(r#"data-code=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("")
}

#[tokio::test]
async fn an_open_token_is_accepted_once_and_refused_on_reuse_after_expiry_or_from_another_key() {
    let app = spawn().await;
    let subscription = provisioned(&app).await;

    // "Open" sends the agent to the tool's address with a token…
    let opened = open(&app, subscription).await;
    assert_eq!(opened.status(), StatusCode::SEE_OTHER);
    let url = location(&opened);
    let access_url: String =
        sqlx::query_scalar("select access_url from subscriptions where id = $1")
            .bind(subscription)
            .fetch_one(&app.pool)
            .await
            .expect("access url");
    assert!(
        url.starts_with(&format!("{access_url}?sso_token=")),
        "{url}"
    );
    // …which the vendor accepts once, naming the agent and the enterprise.
    let (status, html) = land(&url).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("已登录：测试人（测试企业0，"), "{html}");
    let (status, html) = land(&url).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(refusal_code(&html), "sso_reused");
    // Each "Open" is a new token, recorded for the audit.
    let again = location(&open(&app, subscription).await);
    assert_eq!(land(&again).await.0, StatusCode::OK);
    assert_eq!(count(&app, "select count(*) from sso_tokens").await, 2);
    assert_eq!(
        count(
            &app,
            "select count(*) from audit_log where action = 'market.sso'"
        )
        .await,
        2
    );

    // A token issued by the portal ten minutes ago has expired.
    let agent: Uuid = sqlx::query_scalar("select ordered_by from subscriptions")
        .fetch_one(&app.pool)
        .await
        .expect("agent");
    let stale = sso::open_tool(
        &app.pool,
        &portal_sso(),
        agent,
        subscription,
        chrono::Utc::now() - chrono::Duration::minutes(10),
    )
    .await
    .expect("token");
    let (status, html) = land(&stale).await;
    assert_eq!(
        (status, refusal_code(&html)),
        (StatusCode::UNAUTHORIZED, "sso_expired")
    );

    // A token signed by another key under the portal's key id, or under an unknown id.
    let (kid, _) = sso::signing_key(&app.pool, &portal_sso(), chrono::Utc::now())
        .await
        .expect("key");
    let vendor = vendor_id(&app).await;
    let now = chrono::Utc::now().timestamp();
    let claims = SsoClaims {
        iss: TEST_SITE_URL.into(),
        aud: vendor.to_string(),
        sub: agent.to_string(),
        jti: Uuid::new_v4(),
        iat: now,
        exp: now + 60,
        subscription_id: subscription,
        tenant_id: None,
        enterprise: SsoEnterprise {
            name: "测试企业0".into(),
            credit_code: "x".into(),
        },
        agent_name: "冒名者".into(),
    };
    let intruder = ed25519_dalek::SigningKey::from_bytes(&[9; 32]);
    for (kid, code) in [
        (kid.as_str(), "sso_bad_signature"),
        ("other-kid", "sso_unknown_key"),
    ] {
        let forged = format!("{access_url}?sso_token={}", encode(&claims, kid, &intruder));
        let (status, html) = land(&forged).await;
        assert_eq!(
            (status, refusal_code(&html)),
            (StatusCode::UNAUTHORIZED, code)
        );
    }
    assert_eq!(
        count(&app, "select count(*) from refvendor.sso_uses").await,
        2,
        "only the portal's two fresh tokens were ever accepted"
    );

    // Someone who is not an agent of the enterprise gets no token.
    let stranger = app.other_browser();
    stranger.citizen().await;
    assert_eq!(
        open(&stranger, subscription).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn keys_rotate_with_overlap_and_the_vendor_follows_without_a_restart() {
    let app = spawn().await;
    let subscription = provisioned(&app).await;
    let first = location(&open(&app, subscription).await);
    let jwks = |app: &TestApp| {
        let url = app.url(portal_protocol::sso::JWKS_PATH);
        async move {
            reqwest::get(url)
                .await
                .expect("jwks")
                .json::<portal_protocol::sso::Jwks>()
                .await
                .expect("jwks json")
        }
    };
    let before = jwks(&app).await;
    assert_eq!(before.keys.len(), 1);
    assert_eq!(before.keys[0].alg, "EdDSA");

    // A new key takes over; the old one stays published, so a token it signed still works.
    let (new_kid, _) = sso::rotate(&app.pool, &portal_sso(), chrono::Utc::now(), true)
        .await
        .expect("rotate");
    let after = jwks(&app).await;
    assert_eq!(after.keys.len(), 2);
    assert_eq!(after.keys[0].kid, new_kid);
    assert_eq!(
        land(&first).await.0,
        StatusCode::OK,
        "signed by the retired key"
    );
    // Tokens are now signed by the new key, which the vendor fetches on first sight.
    let second = location(&open(&app, subscription).await);
    let token = second.split("sso_token=").nth(1).unwrap_or_default();
    assert_eq!(
        portal_protocol::sso::key_id(token).as_deref(),
        Ok(new_kid.as_str())
    );
    let (status, html) = land(&second).await;
    assert_eq!(status, StatusCode::OK, "{html}");

    // Past the overlap, only the new key is published.
    let later = chrono::Utc::now() + chrono::Duration::days(2);
    let published = sso::published(&app.pool, later).await.expect("published");
    assert_eq!(published.keys.len(), 1);
    assert_eq!(published.keys[0].kid, new_kid);
    // The private keys are sealed: none is readable without the portal's secret.
    let sealed: Vec<Vec<u8>> = sqlx::query_scalar("select sealed_private from sso_signing_keys")
        .fetch_all(&app.pool)
        .await
        .expect("keys");
    let other = SsoSettings::new(&[8; 32], TEST_SITE_URL);
    assert_eq!(sealed.len(), 2);
    let current = sso::signing_key(&app.pool, &other, chrono::Utc::now())
        .await
        .expect("key");
    assert_ne!(
        current.0, new_kid,
        "another secret cannot open the key: a new one is made"
    );
}
