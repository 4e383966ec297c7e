//! The marketplace benchmarks' seed, shared by `bench_market` and `bench_provisioning`: one
//! approved vendor with one published listing, one voucher programme and `n` admitted
//! enterprises, through the core's own functions.
use anyhow::{anyhow, bail, Context};
use app::actors::EnterpriseAgent;
use app::core::market::{demo, vouchers};
use app::domain::market::forms::ProgrammeForm;
use app::domain::market::listing::parse_form;
use app::domain::market::sme::{Declared, Industry};
use app::domain::market::Category;
use futures_util::{StreamExt, TryStreamExt};
use sqlx::{Executor, PgPool};
use uuid::Uuid;

/// The listing form's fields (server/tests/api/market_support.rs `listing_fields`).
pub fn listing_fields() -> std::collections::BTreeMap<String, String> {
    [
        ("category", "accounting"),
        ("name_zh", "云账房记账"),
        ("name_en", "Cloud Ledger"),
        ("summary_zh", "小微企业在线记账报税"),
        (
            "summary_en",
            "Online bookkeeping and tax filing for small firms",
        ),
        ("description_zh", "自动生成凭证和报表，一键申报。"),
        (
            "description_en",
            "Vouchers and reports made for you; file taxes in one click.",
        ),
        ("availability", "99.9"),
        ("provisioning_hours", "4"),
        ("support_response_hours", "8"),
        ("labels", "等保三级, 数据境内存储"),
        ("vendor_discount", "10"),
        ("plans.0.code", "basic"),
        ("plans.0.name_zh", "基础版"),
        ("plans.0.name_en", "Basic"),
        ("plans.0.term", "month"),
        ("plans.0.seat_price", "99"),
        ("plans.0.min_seats", "1"),
        ("plans.0.max_seats", "20"),
        ("plans.0.trial_days", "14"),
        ("plans.0.cancel_anytime", "on"),
        ("plans.1.code", "pro"),
        ("plans.1.name_zh", "专业版"),
        ("plans.1.name_en", "Professional"),
        ("plans.1.term", "year"),
        ("plans.1.seat_price", "1990"),
        ("plans.1.min_seats", "1"),
        ("plans.1.max_seats", "50"),
        ("plans.1.trial_days", "0"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// The vendor and its listing, the operator and the programme, and `n` enterprises, each with
/// an admin, admitted to the programme (`bench_agents` numbers them 1..=n for pgbench).
pub async fn seed(pool: &PgPool, n: u32) -> anyhow::Result<(Uuid, Vec<EnterpriseAgent>)> {
    let content = parse_form(&listing_fields()).map_err(|p| anyhow!("listing: {p:?}"))?;
    let vendor = demo::SeedVendor {
        id: None,
        name: "福州云启信息技术有限公司",
        credit_code: "91350102526907886J",
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
        .map_err(|e| anyhow!("seed_vendor: {e:?}"))?;
    let listing: Uuid = sqlx::query_scalar("select id from listings")
        .fetch_one(pool)
        .await?;
    let operator: Uuid = sqlx::query_scalar(
        "insert into accounts (role, username, display_name, password_hash)
         values ('operator', 'bench.operator', '运维', 'not-a-login') returning id",
    )
    .fetch_one(pool)
    .await?;
    let today = chrono::Utc::now().date_naive();
    let form = ProgrammeForm {
        name_zh: "云服务券试点".into(),
        name_en: "Cloud voucher pilot".into(),
        budget_fen: 1_000_000_000_000,
        enterprise_cap_fen: 10_000_000_000,
        valid_from: today - chrono::Days::new(1),
        valid_until: today + chrono::Days::new(30),
        holding_days: 90,
        categories: vec![(Category::Accounting, 5000)],
    };
    let programme = vouchers::create_programme(pool, operator, &form)
        .await
        .map_err(|e| anyhow!("create_programme: {e:?}"))?;
    let codes = (1..=n)
        .map(|i| app::domain::credit_code::CreditCode::complete(&format!("91350100{i:09}")))
        .collect::<Option<Vec<String>>>()
        .context("credit codes")?;
    pool.execute(
        "create table bench_agents (n integer primary key, enterprise_id uuid not null,
                                    account_id uuid not null)",
    )
    .await?;
    // People, their citizen accounts and the enterprises in one statement; `n` ties them.
    sqlx::query(
        "with p as (
             insert into people (real_name, id_number, mobile)
             select '测试人', '3501021990' || lpad(n::text, 8, '0'), '139' || lpad(n::text, 8, '0')
             from generate_series(1, $1) n returning id, id_number),
         a as (
             insert into accounts (role, display_name, person_id, password_hash)
             select 'citizen', '测试人', id, 'x' from p returning id, person_id),
         e as (
             insert into enterprises (name, credit_code, legal_rep)
             select '测试企业' || n, code, '某人' from unnest($2::text[]) with ordinality c (code, n)
             returning id, name)
         insert into bench_agents (n, enterprise_id, account_id)
         select right(p.id_number, 8)::int, e.id, a.id
         from p join a on a.person_id = p.id
         join e on e.name = '测试企业' || right(p.id_number, 8)::int",
    )
    .bind(i32::try_from(n)?)
    .bind(&codes)
    .execute(pool)
    .await?;
    pool.execute(
        "insert into enterprise_agents (enterprise_id, account_id, is_admin, status)
         select enterprise_id, account_id, true, 'active' from bench_agents",
    )
    .await?;
    let agents: Vec<EnterpriseAgent> = sqlx::query_as::<_, (Uuid, Uuid)>(
        "select account_id, enterprise_id from bench_agents order by n",
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|(account_id, enterprise_id)| EnterpriseAgent {
        account_id,
        enterprise_id,
        is_admin: true,
    })
    .collect();
    if agents.len() != n as usize {
        bail!("seeded {} enterprises, not {n}", agents.len());
    }
    // Admitted through the portal's own enrolment, as the agents would be.
    let declared = Declared {
        industry: Industry::SoftwareIt,
        employees: 30,
        revenue_fen: 500_000_000, // ¥5,000,000
        total_assets_fen: 0,
    };
    futures_util::stream::iter(agents.iter())
        .map(|agent| vouchers::enrol(pool, agent, programme, &declared))
        .buffer_unordered(8)
        .map_err(|e| anyhow!("enrol: {e:?}"))
        .try_for_each(|size| async move {
            if size.is_sme() {
                Ok(())
            } else {
                bail!("not admitted: {}", size.as_str())
            }
        })
        .await?;
    Ok((listing, agents))
}
