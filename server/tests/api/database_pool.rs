//! The portal's pool: a connection the database dropped while it sat idle is never handed to a
//! request, and the workers' LISTEN connections do not take the requests' connections.
use portal_test_support::db::fresh_database;
use portal_test_support::test_app::spawn_app;
use server::config::POOL_CONNECTIONS;
use server::db::{pool_options, CHECK_IF_IDLE_FOR};
use sqlx::{Connection, PgConnection};
use std::time::Duration;

#[tokio::test]
async fn a_connection_dropped_while_idle_is_replaced_before_a_request_uses_it() {
    let (_name, url) = fresh_database("portal_pool").await;
    let pool = pool_options(1).connect(&url).await.expect("pool");
    let first: i32 = sqlx::query_scalar("select pg_backend_pid()")
        .fetch_one(&pool)
        .await
        .expect("pid");
    // The database ends it (a restart, a proxy's idle timeout) while it waits in the pool.
    let mut admin = PgConnection::connect(&url).await.expect("admin");
    sqlx::query("select pg_terminate_backend($1)")
        .bind(first)
        .execute(&mut admin)
        .await
        .expect("terminate");
    while sqlx::query_scalar::<_, bool>(
        "select exists(select 1 from pg_stat_activity where pid = $1)",
    )
    .bind(first)
    .fetch_one(&mut admin)
    .await
    .expect("activity")
    {
        tokio::task::yield_now().await;
    }
    // Only a connection idle this long is checked (a busy one was checked when released).
    tokio::time::sleep(CHECK_IF_IDLE_FOR + Duration::from_millis(100)).await;
    let next: i32 = sqlx::query_scalar("select pg_backend_pid()")
        .fetch_one(&pool)
        .await
        .expect("the request gets a live connection");
    assert_ne!(next, first);
}

#[tokio::test]
async fn the_workers_listen_on_connections_of_their_own() {
    let app = spawn_app().await;
    // The workers' LISTEN connections (the dispatcher's, the mail and SMS workers') come up.
    let mut admin = PgConnection::connect_with(&app.pool.connect_options())
        .await
        .expect("admin");
    loop {
        let listening: i64 = sqlx::query_scalar(
            "select count(*) from pg_stat_activity
             where datname = current_database() and query ilike 'listen %'",
        )
        .fetch_one(&mut admin)
        .await
        .expect("activity");
        if listening >= 1 {
            break;
        }
        tokio::task::yield_now().await;
    }
    // Every one of the pool's connections is still there for the requests.
    let all = futures_util::future::try_join_all((0..POOL_CONNECTIONS).map(|_| app.pool.acquire()));
    let held = tokio::time::timeout(Duration::from_secs(3), all)
        .await
        .expect("all of the pool's connections are free for requests")
        .expect("connections");
    assert_eq!(held.len(), POOL_CONNECTIONS as usize);
}
