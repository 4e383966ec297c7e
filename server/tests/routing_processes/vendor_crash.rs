//! The portal is SIGKILLed while operations for a vendor's system (`market.v1`) are in flight,
//! then restarted on the same database: every order is provisioned exactly once, by the effect
//! in the vendor's own store. The same dispatcher as for cases, the other kind of destination.
use crate::support::*;
use app::actors::EnterpriseAgent;
use app::core::market::orders;
use app::domain::market::forms::OrderForm;
use app::domain::market::listing::ListingContent;
use app::domain::market::subsidy::{breakdown, list_price};
use portal_test_support::wait::{free_port, wait_for};
use sqlx::PgPool;
use std::time::Duration;
use uuid::Uuid;

const ORDERS: usize = 30;

/// The demo vendor whose system this test runs (fixed in the demo seed).
const VENDOR: Uuid = Uuid::from_u128(0x0d3e0000_0000_4000_8000_000000000002);

/// `ORDERS` orders of the demo vendor's first listing by the demo enterprise's admin (张三).
async fn place_orders(pool: &PgPool) -> Vec<Uuid> {
    let (listing, version, content): (Uuid, i32, sqlx::types::Json<ListingContent>) =
        sqlx::query_as(
            "select l.id, v.version, v.content from listings l
         join listing_versions v on v.listing_id = l.id and v.version = l.published_version
         where l.vendor_id = $1 order by l.created_at limit 1",
        )
        .bind(VENDOR)
        .fetch_one(pool)
        .await
        .expect("a demo listing");
    let (enterprise_id, account_id): (Uuid, Uuid) = sqlx::query_as(
        "select g.enterprise_id, g.account_id from enterprise_agents g
         join accounts a on a.id = g.account_id join people p on p.id = a.person_id
         where p.mobile = '13800138000' and g.is_admin and g.status = 'active' limit 1",
    )
    .fetch_one(pool)
    .await
    .expect("the demo enterprise's admin");
    let plan = &content.plans[0];
    let price = breakdown(
        list_price(plan.seat_price_fen, plan.min_seats).expect("price"),
        content.vendor_discount_bp,
        None,
    );
    let agent = EnterpriseAgent {
        account_id,
        enterprise_id,
        is_admin: true,
    };
    let mut placed = Vec::new();
    for i in 0..ORDERS {
        let form = OrderForm {
            enterprise_id,
            plan_code: plan.code.clone(),
            quantity: plan.min_seats,
            use_voucher: false,
            listing_version: version,
            expected_sme_fen: price.sme_fen,
            expected_subsidy_fen: 0,
            idempotency_key: format!("crash-test-order-{i}"),
        };
        placed.push(
            orders::place(pool, &agent, listing, &form)
                .await
                .expect("order"),
        );
    }
    placed
}

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.expect(sql)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_portal_killed_mid_dispatch_provisions_every_order_once() {
    let scratch = Scratch::new("vendor-crash").await;
    let portal_port = free_port();
    let vendor_port = free_port();
    let vendor_url = format!("http://127.0.0.1:{vendor_port}");
    // The vendor stores each operation, then answers 600 ms later (within the portal's 2 s
    // timeout): at any moment the portal's lanes have operations the vendor holds but the
    // portal has not marked delivered — the window a crash can fall into.
    let _vendor = start_vendor(
        &scratch,
        vendor_port,
        &[VENDOR],
        &[("REFVENDOR_TIMEOUT_MS", "600")],
    )
    .await;
    // Demo data; the vendor's system first registered where nothing listens, so that every
    // order is queued before the dispatch starts.
    let mut portal = Portal::start_with(
        &scratch,
        "portal",
        portal_port,
        "demo",
        &[
            ("PORTAL_DEMO_VENDOR_URL", "http://127.0.0.1:9"),
            ("PORTAL_DEMO_VENDOR_KEY", KEY),
        ],
    )
    .await;
    let pool = scratch.portal_pool().await;
    let placed = place_orders(&pool).await;
    register_vendor_system(&scratch, VENDOR, &vendor_url).await;

    let delivered = "select count(*) from vendor_operations o join subscriptions s
                     on s.id = o.subscription_id
                     where o.delivered_at is not null and s.idempotency_key like 'crash-test-%'";
    let vendor_store = PgPool::connect(&scratch.backend_db)
        .await
        .expect("vendor db");
    // The kill must fall into the window, not between two waves of sends: some operations
    // delivered, and one the vendor stored less than 300 ms ago, so it holds its answer for at
    // least 300 ms more and the portal has not marked it delivered.
    let held = "select count(*) from refvendor.operations
                where first_at > clock_timestamp() - interval '300 milliseconds'";
    wait_for(
        "some operations delivered and one held by the vendor",
        Duration::from_secs(60),
        || {
            let (pool, vendor_store) = (pool.clone(), vendor_store.clone());
            async move {
                (count(&pool, delivered).await >= 6 && count(&vendor_store, held).await > 0)
                    .then_some(())
            }
        },
    )
    .await;
    portal.kill9().await;
    let delivered_at_kill = count(&pool, delivered).await;
    eprintln!("killed: {delivered_at_kill} operations marked delivered");
    assert!(
        (delivered_at_kill as usize) < ORDERS,
        "killed mid-dispatch, not after it"
    );

    let _portal = Portal::start(&scratch, "portal-restarted", portal_port).await;
    wait_for(
        "every order provisioned after the restart",
        Duration::from_secs(90),
        || {
            let (pool, placed) = (pool.clone(), placed.clone());
            async move {
                let live: i64 = sqlx::query_scalar(
                    "select count(*) from subscriptions
                 where id = any($1) and state in ('active', 'trialing')",
                )
                .bind(&placed)
                .fetch_one(&pool)
                .await
                .expect("states");
                (live == ORDERS as i64).then_some(())
            }
        },
    )
    .await;

    // Exactly once, by the effect in the vendor's own store; the operations in flight at the
    // kill were sent again and answered from the store.
    let provisions: Vec<(Uuid, i32)> =
        sqlx::query_as("select subscription_id, provisions from refvendor.subscriptions")
            .fetch_all(&vendor_store)
            .await
            .expect("vendor store");
    assert_eq!(provisions.len(), ORDERS);
    assert!(
        provisions
            .iter()
            .all(|(id, n)| *n == 1 && placed.contains(id)),
        "{provisions:?}"
    );
    let resent = count(
        &vendor_store,
        "select coalesce(max(hits), 0)::bigint from refvendor.operations",
    )
    .await;
    assert!(
        resent >= 2,
        "the in-flight operations were sent again after the restart, and deduped"
    );
    assert_eq!(
        count(&pool, "select count(*) from vendor_operations where dead_at is not null and vendor_id = '0d3e0000-0000-4000-8000-000000000002'").await,
        0
    );
    vendor_store.close().await;
    pool.close().await;
}
