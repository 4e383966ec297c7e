//! The demo data's SQL (server::demo creates the accounts through the ordinary registrations,
//! then adds what no page can: verified base data and e-certificates in the wallet).
pub mod history;

use sqlx::PgPool;
use uuid::Uuid;

/// Whether a person with this mobile number exists (the demo loads only once).
pub async fn person_with_mobile_exists(pool: &PgPool, mobile: &str) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select exists (select 1 from people where mobile = $1) as "exists!""#,
        mobile
    )
    .fetch_one(pool)
    .await
}

/// Verified base data and e-certificates already in the wallet of the demo citizen and their
/// enterprise, so the demo shows prefilled forms and certificates attached instead of uploads
/// (once-only). One transaction.
pub async fn add_once_only_data(
    pool: &PgPool,
    account_id: Uuid,
    enterprise_id: Uuid,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "update accounts set email = 'zhangsan@example.com' where id = $1",
        account_id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "update people set address_district = '350102', address_detail = '五一北路 1 号'
         where id = (select person_id from accounts where id = $1)",
        account_id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "update enterprises set address_district = '350103', address_detail = '工业路 88 号'
         where id = $1",
        enterprise_id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "insert into certificates (verification_code, cert_type, name_zh, name_en,
                                   holder_person_id, holder_name, holder_id_number, issued_on, valid_until)
         select 'DEMO2026IDCARD01', 'resident_id_card', '居民身份证', 'Resident ID card',
                p.id, p.real_name, p.id_number, date '2019-06-01', date '2039-06-01'
         from accounts a join people p on p.id = a.person_id where a.id = $1",
        account_id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "insert into certificates (verification_code, cert_type, name_zh, name_en,
                                   holder_enterprise_id, holder_name, holder_id_number, issued_on)
         select 'DEMO2026LICENCE1', 'business_licence', '营业执照', 'Business licence',
                e.id, e.name, e.credit_code, date '2024-03-15'
         from enterprises e where e.id = $1",
        enterprise_id
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
