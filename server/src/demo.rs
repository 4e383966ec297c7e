//! Demo data: one account of each kind, created only if missing, so running the demo
//! twice is harmless.
use anyhow::Context;
use app::core::identity::second_factor;
use app::core::passwords::Hasher;
use app::core::{accounts, demo, enterprise_registration, staff};
use app::domain::registration::{
    Answers, CitizenRegistration, EnterpriseRegistration, StaffAccountForm,
};
use sqlx::PgPool;

mod market;

pub const DEMO_PASSWORD: &str = "Demo-Portal-2026";
/// The second-factor secret every demo staff and vendor account shares (base32
/// `GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ`, the README shows it for an authenticator app). Public
/// on purpose: the demo's accounts are.
pub const DEMO_TOTP_SECRET: &[u8] = b"12345678901234567890";
const DEMO_ENTERPRISE_CREDIT_CODE: &str = "91350100M000100Y43";
const DEMO_CITIZEN_ID: &str = "11010519491231002X";
const DEMO_CITIZEN_MOBILE: &str = "13800138000";

fn answers(pairs: &[(&str, &str)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The shared base data: synthetic people and enterprises, and the records the demo citizen
/// and their enterprise stand on (only when the registers are empty).
async fn seed_base_data(pool: &PgPool) -> anyhow::Result<()> {
    use app::core::base_data::demo::{seed, Anchor};
    use app::domain::base_data::{EntityInput, PersonInput};
    let birth = chrono::NaiveDate::from_ymd_opt(1949, 12, 31).context("birth date")?;
    let anchor = Anchor {
        person: PersonInput {
            id_number: DEMO_CITIZEN_ID,
            name: "张三",
            sex: "female",
            birth_date: birth,
            household_address: "福州市鼓楼区五一北路 1 号",
            status: "live",
        },
        entities: vec![EntityInput {
            credit_code: DEMO_ENTERPRISE_CREDIT_CODE,
            name: "示例餐饮有限公司",
            entity_type: "有限责任公司",
            industry: "餐饮业",
            legal_rep_id_number: DEMO_CITIZEN_ID,
            legal_rep_name: "张三",
            registered_address: "福州市台江区工业路 88 号",
            status: "active",
        }],
    };
    seed(pool, &anchor).await.context("demo base data")?;
    Ok(())
}

/// Returns (who, login name) for each demo account.
pub async fn load(pool: &PgPool) -> anyhow::Result<Vec<(&'static str, String)>> {
    // The registers first: the demo citizen registers as the person they hold (level 2), and
    // so as the legal representative of the demo enterprise.
    seed_base_data(pool).await?;
    let citizen_mobile = DEMO_CITIZEN_MOBILE;
    let exists = demo::person_with_mobile_exists(pool, citizen_mobile).await?;
    if !exists {
        let citizen = CitizenRegistration::parse(&answers(&[
            ("real_name", "张三"),
            ("id_number", DEMO_CITIZEN_ID),
            ("mobile", citizen_mobile),
            ("password", DEMO_PASSWORD),
            ("password_confirm", DEMO_PASSWORD),
        ]))
        .map_err(|e| anyhow::anyhow!("demo citizen invalid: {e:?}"))?;
        // Loading runs alone, before or beside the server: its few hashes need no sharing.
        let hasher = Hasher::per_core(std::time::Duration::from_secs(60));
        let account_id = accounts::register_citizen(pool, &hasher, &citizen)
            .await
            .context("demo citizen")?;
        let enterprise = EnterpriseRegistration::parse(&answers(&[
            ("enterprise_name", "示例餐饮有限公司"),
            ("credit_code", DEMO_ENTERPRISE_CREDIT_CODE),
            ("legal_rep", "张三"),
        ]))
        .map_err(|e| anyhow::anyhow!("demo enterprise invalid: {e:?}"))?;
        let registered = enterprise_registration::register(pool, &enterprise, account_id)
            .await
            .context("demo enterprise")?;
        let enterprise_registration::Registered::Enterprise { enterprise_id } = registered else {
            anyhow::bail!("the demo citizen is not the demo enterprise's legal representative");
        };
        demo::add_once_only_data(pool, account_id, enterprise_id).await?;
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
    // The marketplace's demo data has its own "only when missing" checks.
    let hash = app::core::passwords::hash(DEMO_PASSWORD.to_string())
        .await
        .context("demo password")?;
    market::load(pool, &hash, DEMO_ENTERPRISE_CREDIT_CODE).await?;
    // Every demo staff and vendor account signs in with the same published second factor.
    for account_id in second_factor::without_second_factor(pool).await? {
        second_factor::enrol_known_secret(pool, account_id, DEMO_TOTP_SECRET)
            .await
            .context("demo second factor")?;
    }
    Ok(vec![
        ("citizen (张三)", citizen_mobile.to_string()),
        ("enterprise agent (same)", "示例餐饮有限公司".to_string()),
        ("clerk, 市场监督管理局", "clerk.scjg".to_string()),
        ("supervisor, 市场监督管理局", "supervisor.scjg".to_string()),
        ("platform operator", "operator".to_string()),
        (
            "cloud vendor admin, 福州云启信息技术有限公司",
            market::DEMO_VENDOR.to_string(),
        ),
    ])
}

/// Ten weeks of a running office on top of the demo accounts: about 2,000 cases in every
/// state, their deliveries, notifications, certificates and ratings (see
/// `app::core::demo::history`). Loaded once; returns how many cases it wrote (0 when there).
pub async fn load_history(pool: &PgPool) -> anyhow::Result<usize> {
    use app::core::demo::history::{self, people::Anchors};
    let anchors: Option<(uuid::Uuid, uuid::Uuid)> = sqlx::query_as(
        "select a.id, e.id from accounts a join people p on p.id = a.person_id,
                enterprises e
         where p.mobile = $1 and e.credit_code = $2",
    )
    .bind(DEMO_CITIZEN_MOBILE)
    .bind(DEMO_ENTERPRISE_CREDIT_CODE)
    .fetch_optional(pool)
    .await?;
    let Some((citizen_account_id, enterprise_id)) = anchors else {
        anyhow::bail!("the demo accounts are not loaded");
    };
    let hash = app::core::passwords::hash(DEMO_PASSWORD.to_string())
        .await
        .context("demo password")?;
    let anchors = Anchors {
        citizen_account_id,
        enterprise_id,
    };
    let written = history::load(pool, &hash, &anchors, history::CASES)
        .await
        .context("demo history")?;
    // The history's clerks and supervisors sign in with the demo's published second factor.
    for account_id in second_factor::without_second_factor(pool).await? {
        second_factor::enrol_known_secret(pool, account_id, DEMO_TOTP_SECRET)
            .await
            .context("demo second factor")?;
    }
    Ok(written)
}
