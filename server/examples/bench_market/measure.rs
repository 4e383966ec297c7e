//! What a run left in its database, and settling it before the next.
use super::SUBSIDY_FEN;
use sqlx::{Executor, PgPool};

/// Before a run: no dead rows left by seeding or by the run before (autovacuum may be off,
/// and each order rewrites a budget slice's row), statistics, a fresh checkpoint.
pub async fn settle(admin: &PgPool) -> anyhow::Result<()> {
    admin.execute("vacuum analyze").await?;
    let _ = admin.execute("checkpoint").await; // needs a superuser or pg_checkpoint
    Ok(())
}

/// The budget slices after a run: the table's size and how many slices took reservations.
pub async fn slices(admin: &PgPool) -> anyhow::Result<(i64, i64, i64)> {
    Ok(sqlx::query_as(
        "select pg_relation_size('voucher_budget_slices') / 1024,
                (select count(*) from voucher_budget_slices where reserved_fen > 0),
                (select count(*) from voucher_budget_slices)",
    )
    .fetch_one(admin)
    .await?)
}

/// A run's database adds up: its reserve rows are the run's orders, and their sum is the
/// programme's reserved total and the enterprises' (`voucher_usage`).
pub async fn ledger(pool: &PgPool, orders: usize) -> anyhow::Result<(bool, String)> {
    let (rows, ledger, reserved, usage): (i64, i64, i64, i64) = sqlx::query_as(
        "select (select count(*) from voucher_ledger where movement = 'reserve'),
                (select coalesce(sum(amount_fen), 0)::bigint from voucher_ledger where movement = 'reserve'),
                (select reserved_fen from voucher_programme_totals),
                (select coalesce(sum(reserved_fen), 0)::bigint from voucher_usage)",
    )
    .fetch_one(pool)
    .await?;
    let adds_up = rows == orders as i64
        && ledger == rows * SUBSIDY_FEN
        && reserved == ledger
        && usage == ledger;
    let yuan = |fen: i64| format!("¥{}.{:02}", fen / 100, fen % 100);
    let text = format!(
        "{rows} reserve rows for {orders} orders, {} = programme {} = enterprises {}: {}",
        yuan(ledger),
        yuan(reserved),
        yuan(usage),
        if adds_up {
            "adds up"
        } else {
            "DOES NOT ADD UP"
        }
    );
    Ok((adds_up, text))
}
