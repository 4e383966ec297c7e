//! Synthetic base data for the demo: a few hundred people and enterprises of 福州, made by
//! rule (so the README can name some a newcomer may register as), plus the records the demo's
//! own accounts stand on. Fed like a department feeds them (version 1, sources GA and SCJG).
use super::{feed_entities, feed_people, Versioned};
use chrono::NaiveDate;
use portal_types::domain::base_data::{self, EntityInput, PersonInput};
use portal_types::domain::credit_code::CreditCode;
use sqlx::PgPool;

/// How many synthetic people and enterprises.
pub const PEOPLE: usize = 300;
pub const ENTERPRISES: usize = 100;

const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "郑",
];
const GIVEN: [&str; 15] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明",
];
const DISTRICTS: [(&str, &str); 4] = [
    ("350102", "福州市鼓楼区"),
    ("350103", "福州市台江区"),
    ("350104", "福州市仓山区"),
    ("350111", "福州市晋安区"),
];
const TRADES: [(&str, &str); 5] = [
    ("餐饮", "餐饮业"),
    ("软件", "软件和信息技术服务业"),
    ("贸易", "批发业"),
    ("设计", "专业技术服务业"),
    ("物流", "道路运输业"),
];

/// The check character of a resident ID number's first 17 digits.
fn id_check(first17: &str) -> Option<char> {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECKS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let mut sum = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += c.to_digit(10)? * w;
    }
    CHECKS.get((sum % 11) as usize).copied()
}

/// The `n`th synthetic person: name, ID number, sex, birth date, address, status.
pub fn person(
    n: usize,
) -> Option<(
    String,
    String,
    &'static str,
    NaiveDate,
    String,
    &'static str,
)> {
    let (district, district_name) = DISTRICTS[n % DISTRICTS.len()];
    let birth = NaiveDate::from_ymd_opt(
        1960 + (n % 40) as i32,
        1 + (n % 12) as u32,
        1 + (n % 28) as u32,
    )?;
    // Sequence digits 100–399 and the sex digit: odd for men.
    let sex_digit = n % 10;
    let first17 = format!(
        "{district}{}{:02}{sex_digit}",
        birth.format("%Y%m%d"),
        n / 10 % 100
    );
    let id = format!("{first17}{}", id_check(&first17)?);
    let name = format!(
        "{}{}{}",
        SURNAMES[n % SURNAMES.len()],
        GIVEN[n / SURNAMES.len() % GIVEN.len()],
        GIVEN[(n * 7 + 3) % GIVEN.len()]
    );
    let sex = if sex_digit % 2 == 1 { "male" } else { "female" };
    // Every fiftieth person has died: registration refuses them.
    let status = if n % 50 == 49 { "deceased" } else { "live" };
    let address = format!("{district_name}示例路 {} 号", n + 1);
    Some((name, id, sex, birth, address, status))
}

/// The `n`th synthetic enterprise, represented by person `n`: credit code, name, industry.
pub fn enterprise(n: usize) -> Option<(String, String, &'static str)> {
    let code = CreditCode::complete(&format!("91350100MA{:07}", n + 1))?;
    let (trade, industry) = TRADES[n % TRADES.len()];
    let (_, district_name) = DISTRICTS[n % DISTRICTS.len()];
    let district = district_name
        .trim_start_matches("福州市")
        .trim_end_matches('区');
    let name = format!("福州{district}示例{trade}{}号有限公司", n + 1);
    Some((code, name, industry))
}

/// A record the demo's own accounts stand on (their ID number or credit code).
pub struct Anchor<'a> {
    pub person: PersonInput<'a>,
    pub entities: Vec<EntityInput<'a>>,
}

/// Feeds the synthetic registers and the anchors, unless the registers already hold data.
pub async fn seed(pool: &PgPool, anchor: &Anchor<'_>) -> Result<(), crate::error::InternalError> {
    let held: i64 = sqlx::query_scalar("select count(*) from base_people")
        .fetch_one(pool)
        .await?;
    if held > 0 {
        return Ok(());
    }
    let generated: Vec<_> = (0..PEOPLE).filter_map(person).collect();
    let mut people: Vec<_> = generated
        .iter()
        .filter_map(|(name, id, sex, birth, address, status)| {
            base_data::person(PersonInput {
                id_number: id,
                name,
                sex,
                birth_date: *birth,
                household_address: address,
                status,
            })
            .ok()
        })
        .collect();
    people.extend(base_data::person(anchor.person).ok());
    let people: Vec<_> = people
        .into_iter()
        .map(|record| Versioned { record, version: 1 })
        .collect();
    feed_people(pool, "GA", &people).await?;

    let companies: Vec<_> = (0..ENTERPRISES).filter_map(enterprise).collect();
    let mut entities: Vec<_> = companies
        .iter()
        .zip(&generated)
        .filter_map(|((code, name, industry), (rep_name, rep_id, ..))| {
            base_data::entity(EntityInput {
                credit_code: code,
                name,
                entity_type: "有限责任公司",
                industry,
                legal_rep_id_number: rep_id,
                legal_rep_name: rep_name,
                registered_address: "福州市鼓楼区示例路 1 号",
                status: "active",
            })
            .ok()
        })
        .collect();
    entities.extend(
        anchor
            .entities
            .iter()
            .filter_map(|e| base_data::entity(*e).ok()),
    );
    let entities: Vec<_> = entities
        .into_iter()
        .map(|record| Versioned { record, version: 1 })
        .collect();
    feed_entities(pool, "SCJG", &entities).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_types::domain::resident_id::ResidentId;

    #[test]
    fn every_synthetic_record_is_valid_and_unique() {
        let mut ids = std::collections::HashSet::new();
        for n in 0..PEOPLE {
            let (name, id, sex, birth, address, status) = person(n).expect("person");
            let checked = base_data::person(PersonInput {
                id_number: &id,
                name: &name,
                sex,
                birth_date: birth,
                household_address: &address,
                status,
            });
            assert!(checked.is_ok(), "{n}: {id} {checked:?}");
            assert!(ids.insert(id), "{n}: unique");
        }
        let mut codes = std::collections::HashSet::new();
        for n in 0..ENTERPRISES {
            let (code, _, _) = enterprise(n).expect("enterprise");
            assert!(codes.insert(code));
        }
        assert!(ResidentId::parse(&person(0).expect("first").1).is_ok());
    }

    /// The README names the first few: they must stay what it says.
    #[test]
    fn the_first_records_are_the_ones_the_readme_names() {
        let named: Vec<(String, String)> = (0..3)
            .filter_map(person)
            .map(|(name, id, ..)| (name, id))
            .collect();
        let expected = [
            ("王伟敏", "350102196001010004"),
            ("李伟勇", "350103196102020013"),
            ("张伟娜", "350104196203030022"),
        ];
        for ((name, id), (want_name, want_id)) in named.iter().zip(expected) {
            assert_eq!((name.as_str(), id.as_str()), (want_name, want_id));
        }
        let (code, name, _) = enterprise(0).expect("enterprise");
        assert_eq!(
            (code.as_str(), name.as_str()),
            ("91350100MA0000001P", "福州鼓楼示例餐饮1号有限公司")
        );
    }
}
