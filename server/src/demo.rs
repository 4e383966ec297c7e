//! Demo data: one account of each kind, created only if missing, so running the demo
//! twice is harmless.
use anyhow::Context;
use app::core::{accounts, enterprises, staff};
use app::domain::registration::{
    Answers, CitizenRegistration, EnterpriseRegistration, StaffAccountForm,
};
use sqlx::PgPool;

pub const DEMO_PASSWORD: &str = "Demo-Portal-2026";

fn answers(pairs: &[(&str, &str)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Verified base data and e-certificates already in the wallet, so the demo shows prefilled
/// forms and certificates attached instead of uploads (once-only).
async fn once_only_data(
    pool: &PgPool,
    account_id: uuid::Uuid,
    enterprise_id: uuid::Uuid,
) -> anyhow::Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("update accounts set email = 'zhangsan@example.com' where id = $1")
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "update people set address_district = '350102', address_detail = '五一北路 1 号'
         where id = (select person_id from accounts where id = $1)",
    )
    .bind(account_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "update enterprises set address_district = '350103', address_detail = '工业路 88 号'
         where id = $1",
    )
    .bind(enterprise_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "insert into certificates (verification_code, cert_type, name_zh, name_en,
                                   holder_person_id, holder_name, holder_id_number, issued_on, valid_until)
         select 'DEMO2026IDCARD01', 'resident_id_card', '居民身份证', 'Resident ID card',
                p.id, p.real_name, p.id_number, date '2019-06-01', date '2039-06-01'
         from accounts a join people p on p.id = a.person_id where a.id = $1",
    )
    .bind(account_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "insert into certificates (verification_code, cert_type, name_zh, name_en,
                                   holder_enterprise_id, holder_name, holder_id_number, issued_on)
         select 'DEMO2026LICENCE1', 'business_licence', '营业执照', 'Business licence',
                e.id, e.name, e.credit_code, date '2024-03-15'
         from enterprises e where e.id = $1",
    )
    .bind(enterprise_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Returns (who, login name) for each demo account.
pub async fn load(pool: &PgPool) -> anyhow::Result<Vec<(&'static str, String)>> {
    let citizen_mobile = "13800138000";
    let exists = sqlx::query_scalar!(
        r#"select exists (select 1 from people where mobile = $1) as "exists!""#,
        citizen_mobile
    )
    .fetch_one(pool)
    .await?;
    if !exists {
        let citizen = CitizenRegistration::parse(&answers(&[
            ("real_name", "张三"),
            ("id_number", "11010519491231002X"),
            ("mobile", citizen_mobile),
            ("password", DEMO_PASSWORD),
            ("password_confirm", DEMO_PASSWORD),
        ]))
        .map_err(|e| anyhow::anyhow!("demo citizen invalid: {e:?}"))?;
        let account_id = accounts::register_citizen(pool, &citizen)
            .await
            .context("demo citizen")?;
        let enterprise = EnterpriseRegistration::parse(
            &answers(&[
                ("enterprise_name", "示例餐饮有限公司"),
                ("credit_code", "91350100M000100Y43"),
                ("legal_rep", "张三"),
            ]),
            true,
        )
        .map_err(|e| anyhow::anyhow!("demo enterprise invalid: {e:?}"))?;
        let registered = enterprises::register_enterprise(pool, &enterprise, Some(account_id))
            .await
            .context("demo enterprise")?;
        once_only_data(pool, account_id, registered.enterprise_id).await?;
        for (username, name, role, department) in [
            ("clerk.scjg", "李受理", "clerk", "SCJG"),
            ("supervisor.scjg", "王科长", "supervisor", "SCJG"),
            ("operator", "平台运营", "operator", ""),
        ] {
            let form = StaffAccountForm::parse(&answers(&[
                ("username", username),
                ("display_name", name),
                ("role", role),
                ("department_code", department),
                ("password", DEMO_PASSWORD),
            ]))
            .map_err(|e| anyhow::anyhow!("demo staff invalid: {e:?}"))?;
            staff::create_staff(pool, None, &form)
                .await
                .context("demo staff")?;
        }
    }
    Ok(vec![
        ("citizen (张三)", citizen_mobile.to_string()),
        ("enterprise agent (same)", "示例餐饮有限公司".to_string()),
        ("clerk, 市场监督管理局", "clerk.scjg".to_string()),
        ("supervisor, 市场监督管理局", "supervisor.scjg".to_string()),
        ("platform operator", "operator".to_string()),
    ])
}
