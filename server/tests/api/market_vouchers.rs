//! Voucher reservations under contention, against the real database: a programme's budget
//! and an enterprise's yearly cap are never exceeded, and the ledger always adds up.
use crate::market_support::{enterprise_code, listing_fields};
use app::actors::EnterpriseAgent;
use app::core::market::{demo, orders, subscriptions, vouchers, MarketError};
use app::domain::market::forms::{OrderForm, ProgrammeForm};
use app::domain::market::listing::parse_form;
use app::domain::market::sme::{Declared, Industry};
use app::domain::market::Category;
use portal_test_support::{spawn_app, TestApp};
use sqlx::PgPool;
use uuid::Uuid;

/// One seat of the listing's basic plan (¥99, 10 % vendor discount) at 50 %: ¥44.55 subsidy.
const SUBSIDY: i64 = 4455;
const SME_SHARE: i64 = 4455;

pub(crate) async fn listing(pool: &PgPool) -> (Uuid, i32) {
    let fields = listing_fields("云账房记账", "Cloud Ledger", "99")
        .into_iter()
        .collect();
    let content = parse_form(&fields).expect("valid listing");
    let vendor = demo::SeedVendor {
        id: None,
        name: "福州云启信息技术有限公司",
        credit_code: crate::market_support::VENDOR_A,
        legal_rep: "陈建国",
        contact_name: "林晓",
        contact_mobile: "13905910001",
        contact_email: "a@vendor.example.com",
        mlps_level: 3,
        data_in_mainland: true,
        crypto_assessed: true,
        admin_username: "vendor.a",
        admin_display_name: "林晓",
        password_hash: "not-a-login",
    };
    demo::seed_vendor(pool, &vendor, &[content])
        .await
        .expect("vendor");
    let id = sqlx::query_scalar("select id from listings")
        .fetch_one(pool)
        .await
        .expect("listing");
    (id, 1)
}

pub(crate) async fn programme(app: &TestApp, budget_fen: i64, cap_fen: i64) -> Uuid {
    let pool = &app.pool;
    let operator =
        portal_test_support::actors::insert_staff(app, "operator", "operator", "运维", None).await;
    let today = chrono::Utc::now().date_naive();
    let form = ProgrammeForm {
        name_zh: "云服务券试点".into(),
        name_en: "Cloud voucher pilot".into(),
        budget_fen,
        enterprise_cap_fen: cap_fen,
        valid_from: today - chrono::Days::new(1),
        valid_until: today + chrono::Days::new(30),
        holding_days: 90,
        categories: vec![(Category::Accounting, 5000)],
    };
    vouchers::create_programme(pool, operator, &form)
        .await
        .expect("programme")
}

/// `n` enterprises, each with an admin account, admitted to `programme` as small enterprises.
pub(crate) async fn enterprises(
    pool: &PgPool,
    programme: Uuid,
    numbers: std::ops::Range<u32>,
) -> Vec<EnterpriseAgent> {
    let mut agents = Vec::new();
    for i in numbers {
        let account: Uuid = sqlx::query_scalar(
            "with p as (insert into people (real_name, id_number, mobile)
                        values ('测试人', $1, $2) returning id)
             insert into accounts (role, display_name, person_id, password_hash)
             select 'citizen', '测试人', id, 'x' from p returning id",
        )
        .bind(format!("3501021990{i:08}"))
        .bind(format!("139{i:08}"))
        .fetch_one(pool)
        .await
        .expect("account");
        let enterprise: Uuid = sqlx::query_scalar(
            "insert into enterprises (name, credit_code, legal_rep) values ($1, $2, '某人') returning id",
        )
        .bind(format!("测试企业{i}"))
        .bind(enterprise_code(i + 1))
        .fetch_one(pool)
        .await
        .expect("enterprise");
        sqlx::query("insert into enterprise_agents (enterprise_id, account_id, is_admin, status) values ($1, $2, true, 'active')")
            .bind(enterprise)
            .bind(account)
            .execute(pool)
            .await
            .expect("agent");
        let agent = EnterpriseAgent {
            account_id: account,
            enterprise_id: enterprise,
            is_admin: true,
        };
        let declared = Declared {
            industry: Industry::SoftwareIt,
            employees: 30,
            revenue_fen: 500_000_000,
            total_assets_fen: 0,
        };
        vouchers::enrol(pool, &agent, programme, &declared)
            .await
            .expect("enrolled");
        agents.push(agent);
    }
    agents
}

/// The seeded vendor's admin, as the core sees a vendor's staff.
pub(crate) async fn vendor_member(pool: &PgPool) -> app::actors::VendorMember {
    let (account_id, vendor_id): (Uuid, Uuid) =
        sqlx::query_as("select id, vendor_id from accounts where vendor_id is not null")
            .fetch_one(pool)
            .await
            .expect("the seeded vendor's admin");
    app::actors::VendorMember {
        account_id,
        vendor_id,
        is_admin: true,
    }
}

pub(crate) fn order_form(agent: &EnterpriseAgent, key: String) -> OrderForm {
    OrderForm {
        enterprise_id: agent.enterprise_id,
        plan_code: "basic".into(),
        quantity: 1,
        use_voucher: true,
        listing_version: 1,
        expected_sme_fen: SME_SHARE,
        expected_subsidy_fen: SUBSIDY,
        idempotency_key: key,
    }
}

/// The programme's totals and the ledger's, which must agree.
async fn totals(pool: &PgPool) -> (i64, i64, i64) {
    let (reserved, committed): (i64, i64) =
        sqlx::query_as("select reserved_fen, committed_fen from voucher_programme_totals")
            .fetch_one(pool)
            .await
            .unwrap();
    let ledger: i64 = sqlx::query_scalar(
        "select coalesce(sum(case movement when 'reserve' then amount_fen when 'release' then -amount_fen
                                          when 'clawback' then -amount_fen else 0 end), 0)::bigint
         from voucher_ledger",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    (reserved, committed, ledger)
}

/// Each agent orders one subsidised seat at once; how many orders were placed (every other
/// one refused because the budget is used up).
async fn race_for_subsidies(app: &TestApp, listing: Uuid, agents: &[EnterpriseAgent]) -> usize {
    let tasks: Vec<_> = agents
        .iter()
        .enumerate()
        .map(|(i, agent)| {
            let pool = app.pool.clone();
            let form = order_form(agent, format!("race-order-{i:04}"));
            let agent = *agent;
            tokio::spawn(async move { orders::place(&pool, &agent, listing, &form).await })
        })
        .collect();
    let mut placed = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => placed += 1,
            Err(MarketError::Refused(key)) => assert_eq!(key, "market-subsidy-budget-exhausted"),
            Err(other) => panic!("unexpected: {other:?}"),
        }
    }
    // A refused order, refused as it was priced or only at its reservation, left nothing.
    let written: (i64, i64, i64) = sqlx::query_as(
        "select (select count(*) from subscriptions), (select count(*) from subscription_events),
                (select count(*) from vendor_operations)",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let placed_rows = i64::try_from(placed).unwrap();
    assert_eq!(
        written,
        (placed_rows, placed_rows, placed_rows),
        "one subscription, one event and one vendor operation for each order placed, none for the others"
    );
    placed
}

#[tokio::test]
async fn an_admins_order_wakes_the_dispatcher_once_it_is_committed() {
    let app = spawn_app().await;
    let (listing, _) = listing(&app.pool).await;
    let programme = programme(&app, 10 * SUBSIDY, 2_000_000).await;
    let agents = enterprises(&app.pool, programme, 0..1).await;
    let mut listener = sqlx::postgres::PgListener::connect_with(&app.pool)
        .await
        .unwrap();
    listener.listen("delivery_outbox").await.unwrap();
    let id = orders::place(
        &app.pool,
        &agents[0],
        listing,
        &order_form(&agents[0], "wake-order-0001".into()),
    )
    .await
    .unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(10), listener.recv())
        .await
        .expect("the dispatcher is woken")
        .unwrap();
    // Woken after the commit: the operation is there to be claimed.
    let queued: i64 = sqlx::query_scalar(
        "select count(*) from vendor_operations where subscription_id = $1 and operation = 'provision'",
    )
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(queued, 1);
}

#[tokio::test]
async fn an_order_finding_every_budget_slice_being_booked_waits_for_one() {
    let app = spawn_app().await;
    let (listing, _) = listing(&app.pool).await;
    let programme = programme(&app, 1_000 * SUBSIDY, 2_000_000).await;
    let agents = enterprises(&app.pool, programme, 0..1).await;
    // Another transaction holds every slice, as as many orders booking at once would.
    let mut others = app.pool.begin().await.unwrap();
    sqlx::query("select 1 from voucher_budget_slices where programme_id = $1 for no key update")
        .bind(programme)
        .execute(&mut *others)
        .await
        .unwrap();
    let pool = app.pool.clone();
    let (agent, form) = (agents[0], order_form(&agents[0], "busy-order-0001".into()));
    let order = tokio::spawn(async move { orders::place(&pool, &agent, listing, &form).await });
    // The order, placed again after finding no free slice, waits for one (or has failed).
    while !order.is_finished() {
        let waiting: i64 = sqlx::query_scalar(
            "select count(*) from pg_stat_activity
             where datname = current_database() and wait_event_type = 'Lock'",
        )
        .fetch_one(&app.pool)
        .await
        .unwrap();
        if waiting > 0 {
            break;
        }
        tokio::task::yield_now().await;
    }
    others.commit().await.unwrap();
    let id = order.await.unwrap().expect("placed once a slice is free");
    let (reserved, committed, ledger) = totals(&app.pool).await;
    assert_eq!((reserved, committed, ledger), (SUBSIDY, 0, SUBSIDY));
    let orders: i64 = sqlx::query_scalar("select count(*) from subscriptions where id = $1")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(orders, 1, "one order, its first try rolled back whole");
}

#[tokio::test]
async fn fifty_enterprises_racing_for_ten_subsidies_get_exactly_ten() {
    let app = spawn_app().await;
    let (listing, _) = listing(&app.pool).await;
    let programme = programme(&app, 10 * SUBSIDY, 2_000_000).await;
    let agents = enterprises(&app.pool, programme, 0..50).await;
    let placed = race_for_subsidies(&app, listing, &agents).await;
    assert_eq!(placed, 10, "exactly the budget's worth");
    let (reserved, committed, ledger) = totals(&app.pool).await;
    assert_eq!((reserved, committed), (10 * SUBSIDY, 0));
    assert_eq!(
        ledger,
        reserved + committed,
        "ledger sums equal the programme's used + reserved"
    );
}

#[tokio::test]
async fn concurrent_orders_spread_over_the_budget_slices_and_use_all_of_it() {
    let app = spawn_app().await;
    let (listing, _) = listing(&app.pool).await;
    // 100 subsidies over 64 slices: each slice holds one and a part of another, so the last
    // orders only fit once what is left in the slices has been gathered again.
    let programme = programme(&app, 100 * SUBSIDY, 2_000_000).await;
    let agents = enterprises(&app.pool, programme, 0..120).await;
    let placed = race_for_subsidies(&app, listing, &agents).await;
    assert_eq!(placed, 100, "the whole budget, not a subsidy less");
    let (reserved, committed, ledger) = totals(&app.pool).await;
    assert_eq!(
        (reserved, committed, ledger),
        (100 * SUBSIDY, 0, 100 * SUBSIDY)
    );
    let (slices, booked, mismatched): (i64, i64, i64) = sqlx::query_as(
        "select count(*), count(*) filter (where reserved_fen > 0),
                count(*) filter (where reserved_fen <> coalesce((
                    select sum(l.amount_fen) from voucher_ledger l
                    where l.programme_id = s.programme_id and l.slice = s.slice), 0))
         from voucher_budget_slices s",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(slices, 64);
    assert!(booked > 1, "reservations spread over slices, got {booked}");
    assert_eq!(
        mismatched, 0,
        "each slice's reservations are its ledger rows"
    );
    let budget: i64 =
        sqlx::query_scalar("select sum(budget_fen)::bigint from voucher_budget_slices")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        budget,
        100 * SUBSIDY,
        "gathering moves budget, never makes any"
    );
}

#[tokio::test]
async fn one_enterprise_ordering_concurrently_never_exceeds_its_cap_and_a_withdrawal_releases() {
    let app = spawn_app().await;
    let (listing, _) = listing(&app.pool).await;
    let programme = programme(&app, 100_000_000, 3 * SUBSIDY).await;
    let agent = enterprises(&app.pool, programme, 0..1).await[0];
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let pool = app.pool.clone();
            let form = order_form(&agent, format!("cap-order-{i:04}"));
            tokio::spawn(async move { orders::place(&pool, &agent, listing, &form).await })
        })
        .collect();
    let mut placed = Vec::new();
    for task in tasks {
        match task.await.unwrap() {
            Ok(id) => placed.push(id),
            Err(MarketError::Refused(key)) => assert_eq!(key, "market-subsidy-cap-reached"),
            Err(other) => panic!("unexpected: {other:?}"),
        }
    }
    assert_eq!(placed.len(), 3, "the cap's worth");
    let used: i64 = sqlx::query_scalar("select reserved_fen + committed_fen from voucher_usage")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(used, 3 * SUBSIDY);

    // The admin ordered (no approval): it is awaiting provisioning; a vendor failure releases.
    let member = vendor_member(&app.pool).await;
    subscriptions::make_move(
        &app.pool,
        subscriptions::MoveBy::Vendor(member),
        placed[0],
        "provisioning_failed",
        Some("配额不足"),
        None,
    )
    .await
    .expect("failed provisioning");
    let (reserved, committed, ledger) = totals(&app.pool).await;
    assert_eq!((reserved, committed), (2 * SUBSIDY, 0), "released");
    assert_eq!(ledger, reserved + committed);
    // A retry by the operator goes without the released subsidy, and commits nothing.
    let operator: Uuid = sqlx::query_scalar("select id from accounts where role = 'operator'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    subscriptions::make_move(
        &app.pool,
        subscriptions::MoveBy::Operator(operator),
        placed[0],
        "retry_provisioning",
        None,
        None,
    )
    .await
    .expect("retry");
    subscriptions::make_move(
        &app.pool,
        subscriptions::MoveBy::Vendor(member),
        placed[0],
        "provisioned",
        None,
        None,
    )
    .await
    .expect("provisioned");
    let (reserved, committed, ledger) = totals(&app.pool).await;
    assert_eq!((reserved, committed), (2 * SUBSIDY, 0));
    assert_eq!(ledger, reserved + committed);
}
