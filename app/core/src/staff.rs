//! Staff accounts (clerks, supervisors, operators): created by the operator only.
use super::error::{unique_violation, InternalError};
use super::passwords;
use portal_types::domain::registration::StaffAccountForm;
use portal_types::domain::roles::Role;
use portal_types::views::staff::{StaffAdmin, StaffRow};
use portal_types::Text;
use sqlx::PgPool;
use thiserror::Error;
use uuid::Uuid;

#[derive(Debug, Error)]
pub enum StaffError {
    #[error("username taken")]
    UsernameTaken,
    #[error("unknown department")]
    UnknownDepartment,
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl From<sqlx::Error> for StaffError {
    fn from(error: sqlx::Error) -> Self {
        match unique_violation(&error) {
            Some("accounts_username_key") => Self::UsernameTaken,
            _ => match &error {
                sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
                    Self::UnknownDepartment
                }
                _ => Self::Internal(error.into()),
            },
        }
    }
}

/// A new staff account, and the token of its one-time enrolment link when no password was given.
#[derive(Debug)]
pub struct CreatedStaff {
    pub account_id: Uuid,
    pub username: String,
    pub enrolment_token: Option<String>,
}

/// Creates a staff account. `created_by` is the operator (or `None` for the CLI / demo seed).
/// Without a password (the operator's page never gives one) the account gets a password
/// nobody knows and a one-time enrolment link with which its holder chooses their own.
pub async fn create_staff(
    pool: &PgPool,
    created_by: Option<Uuid>,
    form: &StaffAccountForm,
) -> Result<CreatedStaff, StaffError> {
    // A taken username costs no hash; the constraint still decides races.
    let taken = sqlx::query_scalar!(
        r#"select exists(select 1 from accounts where username = $1) as "taken!""#,
        form.username
    )
    .fetch_one(pool)
    .await?;
    if taken {
        return Err(StaffError::UsernameTaken);
    }
    let password = match &form.password {
        Some(password) => password.expose().to_string(),
        None => hex::encode(rand::random::<[u8; 32]>()),
    };
    let hash = passwords::hash(password).await?;
    let mut tx = pool.begin().await?;
    let id = sqlx::query_scalar!(
        "insert into accounts (role, username, display_name, department_code, password_hash, created_by)
         values ($1, $2, $3, $4, $5, $6) returning id",
        form.role.as_str(),
        form.username,
        form.display_name.as_str(),
        form.department_code,
        hash,
        created_by,
    )
    .fetch_one(&mut *tx)
    .await?;
    let enrolment_token = match form.password {
        Some(_) => None,
        None => Some(crate::identity::enrolment_link::issue(&mut tx, id, created_by).await?),
    };
    let entry = crate::audit::Entry::operator(created_by, crate::audit::actions::STAFF_CREATE)
        .with("account", serde_json::json!(id))
        .with("username", serde_json::json!(form.username))
        .with("role", serde_json::json!(form.role.as_str()))
        .with("department", serde_json::json!(form.department_code))
        .with(
            "enrolment_link",
            serde_json::json!(enrolment_token.is_some()),
        );
    crate::audit::record(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(CreatedStaff {
        account_id: id,
        username: form.username.clone(),
        enrolment_token,
    })
}

pub async fn staff_admin(pool: &PgPool) -> Result<StaffAdmin, InternalError> {
    let staff = sqlx::query!(
        r#"
        select a.username as "username!", a.display_name, a.role, a.disabled,
               d.name_zh as "dept_zh?", d.name_en as "dept_en?"
        from accounts a left join departments d on d.code = a.department_code
        where a.role <> 'citizen'
        order by a.role, a.username
        "#
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .filter_map(|r| {
        Some(StaffRow {
            username: r.username,
            display_name: r.display_name,
            role: Role::parse(&r.role)?,
            department: r.dept_zh.zip(r.dept_en).map(|(zh, en)| Text::new(zh, en)),
            disabled: r.disabled,
        })
    })
    .collect();
    let departments =
        sqlx::query!("select code, name_zh, name_en from departments order by sort_order, code")
            .fetch_all(pool)
            .await?
            .into_iter()
            .map(|r| (r.code, Text::new(r.name_zh, r.name_en)))
            .collect();
    Ok(StaffAdmin { staff, departments })
}
