//! Who the history's cases belong to and who worked them: citizens and enterprises taken from
//! the shared base data (so their forms prefill like anyone's), and a clerk and a supervisor
//! for every department that works its cases in the portal. Each row is created only when
//! missing, so loading twice adds nobody.
use crate::error::InternalError;
use sqlx::PgPool;
use std::collections::HashMap;
use uuid::Uuid;

/// Mobiles of the history's citizens: `1399` + seven digits (never a registration's number in
/// the demo, whose citizen is 13800138000).
const MOBILE_PREFIX: &str = "1399";
pub const CITIZENS: i64 = 300;
pub const ENTERPRISES: i64 = 40;

#[derive(Clone, Copy, Debug)]
pub struct Filer {
    pub account_id: Uuid,
    pub enterprise_id: Option<Uuid>,
}

/// The demo's own citizen and enterprise, first in their lists.
pub struct Anchors {
    pub citizen_account_id: Uuid,
    pub enterprise_id: Uuid,
}

pub struct People {
    pub citizens: Vec<Filer>,
    pub enterprises: Vec<Filer>,
}

/// A department's staff in the history: clerks take cases in turn; the supervisor answers
/// bad ratings.
pub struct Office {
    pub clerks: Vec<Uuid>,
    pub supervisor: Option<Uuid>,
}

pub async fn filers(
    pool: &PgPool,
    password_hash: &str,
    anchors: &Anchors,
) -> Result<People, InternalError> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "insert into people (real_name, id_number, mobile, real_name_level, level_source,
                             address_district, address_detail)
         select b.name, b.id_number, $1 || lpad(b.n::text, 7, '0'), 2, 'base_data',
                (array['350102', '350103', '350104', '350105', '350111'])[1 + (b.n % 5)::int],
                b.household_address
         from (select base.*, row_number() over (order by base.id_number) - 1 as n
               from base_people base
               where base.status = 'live'
                 and not exists (select 1 from people p where p.id_number = base.id_number
                                 and p.mobile not like $1 || '%')) b
         where b.n < $2
         on conflict do nothing",
    )
    .bind(MOBILE_PREFIX)
    .bind(CITIZENS)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "insert into accounts (role, display_name, person_id, password_hash)
         select 'citizen', p.real_name, p.id, $2 from people p
         where p.mobile like $1 || '%'
           and not exists (select 1 from accounts a where a.person_id = p.id)",
    )
    .bind(MOBILE_PREFIX)
    .bind(password_hash)
    .execute(&mut *tx)
    .await?;
    // Enterprises the history's citizens represent in the register, each run by its
    // representative as admin agent.
    sqlx::query(
        "insert into enterprises (name, credit_code, legal_rep, address_district, address_detail)
         select e.name, e.credit_code, e.legal_rep_name, '350103', e.registered_address
         from base_entities e
         join people p on p.id_number = e.legal_rep_id_number and p.mobile like $1 || '%'
         where e.status = 'active'
         order by e.credit_code limit $2
         on conflict do nothing",
    )
    .bind(MOBILE_PREFIX)
    .bind(ENTERPRISES)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "insert into enterprise_agents (enterprise_id, account_id, is_admin, status)
         select e.id, a.id, true, 'active'
         from enterprises e
         join base_entities b on b.credit_code = e.credit_code
         join people p on p.id_number = b.legal_rep_id_number and p.mobile like $1 || '%'
         join accounts a on a.person_id = p.id
         on conflict do nothing",
    )
    .bind(MOBILE_PREFIX)
    .execute(&mut *tx)
    .await?;
    let citizens: Vec<Uuid> = sqlx::query_scalar(
        "select a.id from accounts a join people p on p.id = a.person_id
         where p.mobile like $1 || '%' order by p.mobile",
    )
    .bind(MOBILE_PREFIX)
    .fetch_all(&mut *tx)
    .await?;
    let enterprises: Vec<(Uuid, Uuid)> = sqlx::query_as(
        "select e.id, g.account_id from enterprises e
         join enterprise_agents g on g.enterprise_id = e.id and g.is_admin and g.status = 'active'
         join accounts a on a.id = g.account_id
         join people p on p.id = a.person_id and p.mobile like $1 || '%'
         order by e.credit_code",
    )
    .bind(MOBILE_PREFIX)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let mut people = People {
        citizens: vec![Filer {
            account_id: anchors.citizen_account_id,
            enterprise_id: None,
        }],
        enterprises: vec![Filer {
            account_id: anchors.citizen_account_id,
            enterprise_id: Some(anchors.enterprise_id),
        }],
    };
    people
        .citizens
        .extend(citizens.into_iter().map(|account_id| Filer {
            account_id,
            enterprise_id: None,
        }));
    people.enterprises.extend(
        enterprises
            .into_iter()
            .map(|(enterprise_id, account_id)| Filer {
                account_id,
                enterprise_id: Some(enterprise_id),
            }),
    );
    Ok(people)
}

/// Display names of the staff the history adds (a clerk and a supervisor per department).
const CLERK_NAMES: &[&str] = &[
    "陈晓燕",
    "林志强",
    "黄丽华",
    "吴建国",
    "郑敏",
    "刘洋",
    "周婷",
];
const SUPERVISOR_NAMES: &[&str] = &["高建华", "许文斌", "杨秀英", "何明", "罗静"];

/// The staff of each department that works cases in the portal; a department without any gets
/// `clerk.<code>` and `supervisor.<code>`.
pub async fn offices(
    pool: &PgPool,
    password_hash: &str,
    departments: &[String],
) -> Result<HashMap<String, Office>, InternalError> {
    let mut offices = HashMap::new();
    for (n, department) in departments.iter().enumerate() {
        for (role, names) in [("clerk", CLERK_NAMES), ("supervisor", SUPERVISOR_NAMES)] {
            sqlx::query(
                "insert into accounts (role, username, display_name, department_code, password_hash)
                 select $1, $1 || '.' || lower($2), $3, $2, $4
                 where not exists (select 1 from accounts
                                   where role = $1 and department_code = $2 and not disabled)
                 on conflict do nothing",
            )
            .bind(role)
            .bind(department)
            .bind(names[n % names.len()])
            .bind(password_hash)
            .execute(pool)
            .await?;
        }
        let staff: Vec<(Uuid, String)> = sqlx::query_as(
            "select id, role from accounts
             where department_code = $1 and role in ('clerk', 'supervisor') and not disabled
             order by created_at, username",
        )
        .bind(department)
        .fetch_all(pool)
        .await?;
        let clerks: Vec<Uuid> = staff
            .iter()
            .filter(|(_, role)| role == "clerk")
            .map(|(id, _)| *id)
            .collect();
        let supervisor = staff
            .iter()
            .find(|(_, role)| role == "supervisor")
            .map(|(id, _)| *id);
        offices.insert(department.clone(), Office { clerks, supervisor });
    }
    Ok(offices)
}
