//! The embedded database (security review #5): the portal works as a role that owns nothing.
use server::config::DatabaseSettings;
use std::os::unix::fs::DirBuilderExt;

#[tokio::test]
async fn the_portal_works_as_a_role_that_cannot_alter_or_cut_the_audit_log() {
    let base = std::env::temp_dir().join(format!(
        "portal-embedded-{}",
        portal_test_support::db::random_tag(6)
    ));
    // 0755 so that the server's user can traverse it when the tests run as root.
    std::fs::DirBuilder::new()
        .mode(0o755)
        .create(&base)
        .expect("base dir");
    let settings = DatabaseSettings::Embedded {
        base_dir: base.clone(),
        database: "portal".into(),
    };
    let (pool, embedded) = server::db::connect(&settings, server::config::POOL_CONNECTIONS)
        .await
        .expect("connect");
    let role: (String, bool) = sqlx::query_as(
        "select current_user::text, rolsuper from pg_roles where rolname = current_user",
    )
    .fetch_one(&pool)
    .await
    .expect("role");
    assert_eq!(role, ("portal_app".to_string(), false));
    // Its everyday work goes on (the schema is migrated; rows can be written).
    let services: i64 = sqlx::query_scalar("select count(*) from departments")
        .fetch_one(&pool)
        .await
        .expect("read");
    assert!(services >= 0);
    app::core::audit::record_in(
        &pool,
        &app::core::audit::Entry::staff(
            uuid::Uuid::new_v4(),
            app::domain::roles::Role::Clerk,
            Some("GA"),
            app::core::audit::actions::CASE_VIEW,
            uuid::Uuid::new_v4(),
        ),
    )
    .await
    .expect("appending to the audit log");
    for refused in [
        "alter table audit_log disable trigger all",
        "truncate audit_log",
        "delete from audit_log",
        "drop table audit_log",
        "alter role portal_app superuser",
    ] {
        let error = sqlx::raw_sql(refused)
            .execute(&pool)
            .await
            .expect_err(refused);
        let code = error
            .as_database_error()
            .and_then(|e| e.code())
            .map(|c| c.to_string());
        // 42501 insufficient privilege, or the append-only trigger (P0001) for the delete.
        assert!(
            matches!(code.as_deref(), Some("42501" | "P0001")),
            "{refused}: {error}"
        );
    }
    pool.close().await;
    if let Some(pg) = embedded {
        pg.stop().await.expect("stop");
    }
    let _ = std::fs::remove_dir_all(&base);
}
