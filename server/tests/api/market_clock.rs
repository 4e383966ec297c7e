//! The subscription's clock and changes: a trial ends, the enterprise is reminded before the
//! term ends, an upgrade applies at once and a downgrade at the renewal, which prices the new
//! term without the first term's subsidy and tells the vendor's system.
use crate::market_vouchers::{enterprises, listing, order_form, programme, vendor_member};
use app::core::market::{changes, clock, orders, subscriptions};
use portal_test_support::spawn_app;
use uuid::Uuid;

async fn state(pool: &sqlx::PgPool, id: Uuid) -> String {
    sqlx::query_scalar("select state from subscriptions where id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_clock_ends_trials_reminds_and_renews_with_the_pending_downgrade() {
    let app = spawn_app().await;
    let pool = &app.pool;
    let (listing, _) = listing(pool).await;
    let programme = programme(&app, 100_000_000, 2_000_000).await;
    let agent = enterprises(pool, programme, 0..1).await[0];
    let id = orders::place(
        pool,
        &agent,
        listing,
        &order_form(&agent, "clock-order-1".into()),
    )
    .await
    .unwrap();
    let member = vendor_member(pool).await;
    subscriptions::make_move(
        pool,
        subscriptions::MoveBy::Vendor(member),
        id,
        "provisioned",
        None,
        None,
    )
    .await
    .unwrap();
    assert_eq!(
        state(pool, id).await,
        "trialing",
        "the basic plan has a 14-day trial"
    );

    // Nothing is due: the clock does nothing.
    assert_eq!(clock::tick(pool).await.unwrap(), clock::ClockRun::default());
    // The trial ends today.
    sqlx::query("update subscriptions set trial_ends_on = (now() at time zone 'Asia/Shanghai')::date, term_ends_on = (now() at time zone 'Asia/Shanghai')::date + 7 where id = $1")
        .bind(id).execute(pool).await.unwrap();
    let run = clock::tick(pool).await.unwrap();
    assert_eq!(state(pool, id).await, "active");
    // Seven days before the term ends: the admin (who ordered) is reminded, once a day.
    assert_eq!(run.reminders, 1);
    assert_eq!(
        clock::tick(pool).await.unwrap().reminders,
        0,
        "not twice the same day"
    );
    let reminded: i64 = sqlx::query_scalar("select count(*) from notifications where subscription_id = $1 and template = 'market-renewal-reminder'")
        .bind(id).fetch_one(pool).await.unwrap();
    assert_eq!(reminded, 1);

    // An upgrade (more seats) applies at once and tells the vendor; a downgrade waits.
    assert!(
        changes::change(pool, agent.account_id, id, "basic", 3, None)
            .await
            .unwrap(),
        "upgrade now"
    );
    let (quantity, list): (i32, i64) =
        sqlx::query_as("select quantity, list_fen from subscriptions where id = $1")
            .bind(id)
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!((quantity, list), (3, 3 * 9900));
    assert!(
        !changes::change(pool, agent.account_id, id, "basic", 2, None)
            .await
            .unwrap(),
        "downgrade later"
    );
    let quantity: i32 = sqlx::query_scalar("select quantity from subscriptions where id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(quantity, 3, "still three seats until the renewal");
    let refused = changes::change(pool, agent.account_id, id, "basic", 500, None).await;
    assert!(matches!(
        refused,
        Err(app::core::market::MarketError::Refused(
            "market-quantity-out-of-bounds"
        ))
    ));

    // The term ends: renewed with the downgrade, priced without the first term's subsidy.
    sqlx::query("update subscriptions set term_ends_on = (now() at time zone 'Asia/Shanghai')::date where id = $1").bind(id).execute(pool).await.unwrap();
    clock::tick(pool).await.unwrap();
    let (state_now, quantity, subsidy, sme, ends): (String, i32, i64, i64, chrono::NaiveDate) = sqlx::query_as(
        "select state, quantity, subsidy_fen, sme_fen, term_ends_on from subscriptions where id = $1",
    )
    .bind(id).fetch_one(pool).await.unwrap();
    assert_eq!(
        (state_now.as_str(), quantity, subsidy, sme),
        ("active", 2, 0, 2 * 9900 - 2 * 990)
    );
    assert!(
        ends > chrono::Utc::now().date_naive() + chrono::Days::new(1),
        "a new term"
    );
    let operations: Vec<(String, i32)> = sqlx::query_as("select operation, generation from vendor_operations where subscription_id = $1 order by created_at, generation")
        .bind(id).fetch_all(pool).await.unwrap();
    assert_eq!(
        operations
            .iter()
            .map(|(o, _)| o.as_str())
            .collect::<Vec<_>>(),
        vec!["provision", "change_quantity", "renew"]
    );
    assert!(
        operations.windows(2).all(|w| w[0].1 < w[1].1),
        "generation rises: {operations:?}"
    );
    // Only the enterprise's own agents may change it.
    let stranger = enterprises(pool, programme, 100..101).await[0];
    let refused = changes::change(pool, stranger.account_id, id, "basic", 4, None).await;
    assert!(matches!(
        refused,
        Err(app::core::market::MarketError::NotFound)
    ));
}

#[tokio::test]
async fn cancelling_within_the_holding_period_claws_the_subsidy_back() {
    let app = spawn_app().await;
    let pool = &app.pool;
    let (listing, _) = listing(pool).await;
    let programme = programme(&app, 100_000_000, 2_000_000).await;
    let agent = enterprises(pool, programme, 0..1).await[0];
    let id = orders::place(
        pool,
        &agent,
        listing,
        &order_form(&agent, "clawback-1".into()),
    )
    .await
    .unwrap();
    let member = vendor_member(pool).await;
    let by_vendor = subscriptions::MoveBy::Vendor(member);
    subscriptions::make_move(pool, by_vendor, id, "provisioned", None, None)
        .await
        .unwrap();
    // A vendor may not cancel for the enterprise.
    let refused = subscriptions::make_move(pool, by_vendor, id, "cancel_now", None, None).await;
    assert!(matches!(
        refused,
        Err(app::core::market::MarketError::Refused(
            "subscription-move-not-allowed"
        ))
    ));
    let by_admin = subscriptions::MoveBy::Account(agent.account_id);
    subscriptions::make_move(pool, by_admin, id, "cancel_now", Some("不再需要"), None)
        .await
        .unwrap();
    assert_eq!(state(pool, id).await, "terminated");
    let (reserved, committed): (i64, i64) =
        sqlx::query_as("select reserved_fen, committed_fen from voucher_programme_totals")
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!((reserved, committed), (0, 0), "the subsidy is owed back");
    let ledger: Vec<(String, i64)> =
        sqlx::query_as("select movement, amount_fen from voucher_ledger order by id")
            .fetch_all(pool)
            .await
            .unwrap();
    assert_eq!(
        ledger,
        vec![
            ("reserve".to_string(), 4455),
            ("commit".to_string(), 4455),
            ("clawback".to_string(), 4455)
        ]
    );
    let cancel_ops: i64 = sqlx::query_scalar(
        "select count(*) from vendor_operations where subscription_id = $1 and operation = 'cancel'",
    )
    .bind(id)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(cancel_ops, 1, "the vendor's system is told");
}
