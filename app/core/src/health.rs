//! Readiness of the core's own dependency: the database.

/// `Ok` when the database answers a trivial query.
pub async fn database_answers(pool: &sqlx::PgPool) -> Result<(), sqlx::Error> {
    sqlx::query_scalar!("select 1 as \"one!\"")
        .fetch_one(pool)
        .await?;
    Ok(())
}
