//! Fresh databases on the test server, one per test, so tests run in parallel without sharing
//! rows. Their names start with `portal_test_`: `.ci/test` sweeps what a killed run left.
use sqlx::{Connection, Executor, PgConnection};

/// The test server's URL (`DATABASE_URL`, or the local trust-auth default).
pub fn server_url() -> String {
    std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// The URL of database `name` on the test server.
pub fn database_url(name: &str) -> String {
    let base = server_url();
    let (server, _) = base.rsplit_once('/').expect("URL has a database part");
    format!("{server}/{name}")
}

/// Random hex, to tell one test's databases from another's.
pub fn random_tag(bytes: usize) -> String {
    hex::encode((0..bytes).map(|_| rand::random::<u8>()).collect::<Vec<_>>())
}

/// Creates the (empty) databases `names` and returns their URLs.
pub async fn create_databases(names: &[String]) -> Vec<String> {
    let mut admin = PgConnection::connect(&server_url())
        .await
        .expect("connect to the test server");
    for name in names {
        admin
            .execute(format!(r#"create database "{name}""#).as_str())
            .await
            .expect("create test database");
    }
    names.iter().map(|name| database_url(name)).collect()
}

/// A new empty database named `{prefix}_{random}`; returns `(name, url)`.
pub async fn fresh_database(prefix: &str) -> (String, String) {
    let name = format!("{prefix}_{}", random_tag(6));
    let url = create_databases(std::slice::from_ref(&name))
        .await
        .remove(0);
    (name, url)
}

/// Drops `names` (ending their connections) from a thread of its own, so it may be called
/// from `Drop` inside a test's runtime.
pub fn drop_databases_blocking(names: Vec<String>) {
    let dropped = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            if let Ok(mut admin) = PgConnection::connect(&server_url()).await {
                for name in names {
                    let sql = format!(r#"drop database if exists "{name}" with (force)"#);
                    let _ = admin.execute(sql.as_str()).await;
                }
            }
        });
    });
    let _ = dropped.join();
}
