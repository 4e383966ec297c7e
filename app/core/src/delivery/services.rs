//! A department's services as its system may learn them: each service's current form and the
//! legal grounds a denial may give.
use crate::error::InternalError;
use crate::forms;
use portal_types::domain::service_form::FormDefinition;
use portal_types::views::workbench::DENY_REASON_CODES;
use sqlx::PgPool;

/// One service of the department with the form new cases are filed on.
pub struct ServiceForm {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub form_version: i32,
    pub definition: FormDefinition,
    pub denial_grounds: Vec<String>,
}

/// The department's services that have a form, by code. A department has a few dozen
/// services at most: one form each is read.
pub async fn of_department(
    pool: &PgPool,
    department_code: &str,
) -> Result<Vec<ServiceForm>, InternalError> {
    let services = sqlx::query!(
        "select s.code, s.name_zh, s.name_en,
                coalesce(array_agg(g.ground_code order by g.position, g.ground_code)
                         filter (where g.ground_code is not null), '{}') as \"grounds!\"
         from services s left join service_denial_grounds g on g.service_code = s.code
         where s.department_code = $1
         group by s.code order by s.code",
        department_code,
    )
    .fetch_all(pool)
    .await?;
    let mut forms_of = Vec::with_capacity(services.len());
    for service in services {
        let Some((form_version, definition)) = forms::load(pool, &service.code, None).await? else {
            continue;
        };
        let denial_grounds = if service.grounds.is_empty() {
            DENY_REASON_CODES.iter().map(|c| c.to_string()).collect()
        } else {
            service.grounds
        };
        forms_of.push(ServiceForm {
            code: service.code,
            name_zh: service.name_zh,
            name_en: service.name_en,
            form_version,
            definition,
            denial_grounds,
        });
    }
    Ok(forms_of)
}
