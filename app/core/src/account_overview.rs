//! The logged-in account as its account page shows it: profile and real-name level, its
//! enterprises (with their agents and invitations for admins), its enterprise registrations
//! that wait, and those it is asked to confirm as a legal representative.
use super::error::InternalError;
use portal_types::domain::mobile::MobileNumber;
use portal_types::domain::real_name::{LevelSource, RealNameLevel};
use portal_types::domain::resident_id::ResidentId;
use portal_types::domain::roles::Role;
use portal_types::views::account::{
    AccountOverview, AgentRow, AgentStatus, ConfirmationRow, Membership, RegistrationRow,
};
use portal_types::Text;
use sqlx::PgPool;
use uuid::Uuid;

/// An enterprise's agents and invitations, as its admins see them: a person is named once
/// they accepted; an invitation shows the masked mobile and ID number it was sent to, the same
/// whether or not an account holds them.
async fn agents_of(pool: &PgPool, enterprise_id: Uuid) -> Result<Vec<AgentRow>, sqlx::Error> {
    let rows: Vec<(Uuid, Option<String>, String, String, bool, String)> = sqlx::query_as(
        "select * from (
             select a.id, case when ea.status = 'active' or ea.accepted_at is not null
                               then p.real_name end as name,
                    p.mobile, p.id_number, ea.is_admin, ea.status, ea.created_at
             from enterprise_agents ea
             join accounts a on a.id = ea.account_id
             join people p on p.id = a.person_id
             where ea.enterprise_id = $1
             union all
             select w.id, null, w.mobile, w.id_number, false, 'invited', w.created_at
             from waiting_invitations w where w.enterprise_id = $1
         ) agents (id, name, mobile, id_number, is_admin, status, created_at)
         order by is_admin desc, created_at",
    )
    .bind(enterprise_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, mobile, id_number, is_admin, status)| AgentRow {
            account_id: id,
            name,
            masked_mobile: masked_mobile(&mobile),
            masked_id_number: masked_id_number(&id_number),
            is_admin,
            status: AgentStatus::parse(&status),
        })
        .collect())
}

/// The account's enterprise registrations that wait or were declined, newest first.
async fn own_registrations(
    pool: &PgPool,
    account_id: Uuid,
) -> Result<Vec<RegistrationRow>, sqlx::Error> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "select enterprise_name, credit_code, status, reason from enterprise_registrations
         where registrant_account_id = $1 and status <> 'confirmed'
         order by created_at desc limit 20",
    )
    .bind(account_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(enterprise_name, credit_code, status, reason)| RegistrationRow {
                enterprise_name,
                credit_code,
                declined: status == "declined",
                reason,
            },
        )
        .collect())
}

/// The waiting registrations of entities the account is the proven (level 2+) legal
/// representative of.
async fn to_confirm(pool: &PgPool, account_id: Uuid) -> Result<Vec<ConfirmationRow>, sqlx::Error> {
    let rows: Vec<(Uuid, String, String, String, String)> = sqlx::query_as(
        "select r.id, r.enterprise_name, r.credit_code, rp.real_name, rp.mobile
         from accounts me
         join people mp on mp.id = me.person_id
         join base_entities e on e.legal_rep_id_number = mp.id_number and e.status = 'active'
         join enterprise_registrations r on r.credit_code = e.credit_code and r.status = 'waiting'
         join accounts ra on ra.id = r.registrant_account_id
         join people rp on rp.id = ra.person_id
         where me.id = $1 and mp.real_name_level >= 2 and mp.reclaimed_at is null
         order by r.created_at limit 50",
    )
    .bind(account_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(registration_id, enterprise_name, credit_code, name, mobile)| ConfirmationRow {
                registration_id,
                enterprise_name,
                credit_code,
                registrant_name: name,
                registrant_mobile: masked_mobile(&mobile),
            },
        )
        .collect())
}

fn masked_id_number(id_number: &str) -> String {
    ResidentId::parse(id_number)
        .map(|id| id.masked())
        .unwrap_or_else(|_| "***".into())
}

fn masked_mobile(mobile: &str) -> String {
    MobileNumber::parse(mobile)
        .map(|m| m.masked())
        .unwrap_or_else(|_| "***".into())
}

pub async fn account_overview(
    pool: &PgPool,
    account_id: Uuid,
) -> Result<Option<AccountOverview>, InternalError> {
    let Some(account) = sqlx::query!(
        r#"
        select a.display_name, a.role, p.id_number as "id_number?", p.mobile as "mobile?",
               d.name_zh as "dept_zh?", d.name_en as "dept_en?"
        from accounts a
        left join people p on p.id = a.person_id
        left join departments d on d.code = a.department_code
        where a.id = $1
        "#,
        account_id
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let Some(role) = Role::parse(&account.role) else {
        return Ok(None);
    };
    // A runtime query, so the checked query above (and its offline data) stays as it is.
    let email = sqlx::query_scalar::<_, Option<String>>("select email from accounts where id = $1")
        .bind(account_id)
        .fetch_optional(pool)
        .await?
        .flatten();
    let memberships_rows = sqlx::query!(
        "select e.id, e.name, e.credit_code, e.legal_rep, ea.is_admin, ea.status
         from enterprise_agents ea join enterprises e on e.id = ea.enterprise_id
         where ea.account_id = $1 and ea.status <> 'revoked'
         order by e.name",
        account_id
    )
    .fetch_all(pool)
    .await?;
    let level: Option<(i16, String)> = sqlx::query_as(
        "select p.real_name_level, p.level_source
         from accounts a join people p on p.id = a.person_id where a.id = $1",
    )
    .bind(account_id)
    .fetch_optional(pool)
    .await?;
    let real_name_level = level.map(|(level, source)| {
        (
            RealNameLevel::from_number(level),
            LevelSource::parse(&source),
        )
    });
    let mut memberships = Vec::with_capacity(memberships_rows.len());
    for m in memberships_rows {
        let status = AgentStatus::parse(&m.status);
        let agents = if m.is_admin && status == AgentStatus::Active {
            agents_of(pool, m.id).await?
        } else {
            Vec::new()
        };
        memberships.push(Membership {
            enterprise_id: m.id,
            enterprise_name: m.name,
            credit_code: m.credit_code,
            legal_rep: m.legal_rep,
            is_admin: m.is_admin,
            status,
            agents,
        });
    }
    let (registrations, to_confirm) = match role {
        Role::Citizen => (
            own_registrations(pool, account_id).await?,
            to_confirm(pool, account_id).await?,
        ),
        _ => (Vec::new(), Vec::new()),
    };
    Ok(Some(AccountOverview {
        display_name: account.display_name,
        role,
        department: account
            .dept_zh
            .zip(account.dept_en)
            .map(|(zh, en)| Text::new(zh, en)),
        masked_id_number: account.id_number.as_deref().map(masked_id_number),
        masked_mobile: account.mobile.as_deref().map(masked_mobile),
        real_name_level,
        email,
        memberships,
        registrations,
        to_confirm,
    }))
}
