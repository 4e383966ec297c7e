//! Bundles (一件事一次办) in the database: their combined forms, the fan-out of a submitted
//! bundle into one case per child service (each then routed to its own department like any
//! other case), and what the applicant reads on the bundle's case.
use crate::cases::{transition, Acting, CaseError};
use crate::error::InternalError;
use crate::forms;
use portal_types::domain::bundle::{self, Child};
use portal_types::domain::case_lifecycle::{CaseAction, CaseState, SupplementItem};
use portal_types::domain::service_form::RawAnswers;
use portal_types::views::cases::{BundleChildView, BundleView, ParentBundle};
use portal_types::Text;
use sqlx::{PgConnection, PgExecutor, PgPool};
use uuid::Uuid;

/// Whether the service is a bundle.
pub async fn is_bundle<'e>(
    executor: impl PgExecutor<'e>,
    service_code: &str,
) -> Result<bool, InternalError> {
    Ok(
        sqlx::query_scalar("select exists (select 1 from bundle_services where bundle_code = $1)")
            .bind(service_code)
            .fetch_one(executor)
            .await?,
    )
}

/// The bundle's children in order, each with the version of its current form.
async fn children(pool: &PgPool, bundle_code: &str) -> Result<Vec<(Child, i32)>, InternalError> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "select s.code, s.name_zh, s.name_en from bundle_services b
         join services s on s.code = b.service_code
         where b.bundle_code = $1 order by b.position",
    )
    .bind(bundle_code)
    .fetch_all(pool)
    .await?;
    let mut children = Vec::with_capacity(rows.len());
    for (code, zh, en) in rows {
        let Some((version, form)) = forms::load(pool, &code, None).await? else {
            continue;
        };
        children.push((
            Child {
                service_code: code,
                name: Text::new(zh, en),
                form,
            },
            version,
        ));
    }
    Ok(children)
}

/// Stores each bundle's combined form as a new version when its children's forms changed (at
/// start-up, after migrations). Returns how many bundles got a new version.
pub async fn refresh_forms(pool: &PgPool) -> Result<usize, InternalError> {
    let bundles: Vec<String> =
        sqlx::query_scalar("select distinct bundle_code from bundle_services order by 1")
            .fetch_all(pool)
            .await?;
    let mut refreshed = 0;
    for code in bundles {
        let children: Vec<Child> = children(pool, &code)
            .await?
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        let combined = bundle::combined_form(&children);
        let definition = serde_json::to_value(&combined).unwrap_or_default();
        let inserted = sqlx::query(
            "insert into service_forms (service_code, version, definition)
             select $1, coalesce(max(version), 0) + 1, $2 from service_forms where service_code = $1
             having not exists (
                 select 1 from service_forms f where f.service_code = $1
                   and f.version = (select max(version) from service_forms where service_code = $1)
                   and f.definition = $2)",
        )
        .bind(&code)
        .bind(&definition)
        .execute(pool)
        .await?;
        refreshed += usize::try_from(inserted.rows_affected()).unwrap_or(0);
    }
    Ok(refreshed)
}

#[derive(sqlx::FromRow)]
struct Parent {
    service_code: String,
    applicant_account_id: Uuid,
    enterprise_id: Option<Uuid>,
    answers: serde_json::Value,
}

/// Fans a just-submitted bundle case out into one submitted case per child service, in the
/// caller's transaction: each child gets the answers the combined form asked for it, the files
/// and wallet certificates given for its fields, its own case number, and its own delivery to
/// its department. Returns the children's ids in the bundle's order.
pub async fn fan_out(
    pool: &PgPool,
    conn: &mut PgConnection,
    parent_id: Uuid,
) -> Result<Vec<Uuid>, CaseError> {
    let parent: Parent = sqlx::query_as(
        "select service_code, applicant_account_id, enterprise_id, answers
         from cases where id = $1",
    )
    .bind(parent_id)
    .fetch_one(&mut *conn)
    .await?;
    let with_versions = children(pool, &parent.service_code).await?;
    let children: Vec<Child> = with_versions.iter().map(|(c, _)| c.clone()).collect();
    let shared = bundle::shared_keys(&children);
    let combined: RawAnswers = serde_json::from_value(parent.answers).unwrap_or_default();
    let files: Vec<(String, String, String, i64, String, String, Uuid)> = sqlx::query_as(
        "select field_key, original_name, content_type, size_bytes, sha256, storage_key, uploaded_by
         from attachments where case_id = $1",
    )
    .bind(parent_id)
    .fetch_all(&mut *conn)
    .await?;
    let certificates: Vec<(String, Uuid)> = sqlx::query_as(
        "select field_key, certificate_id from case_certificates where case_id = $1",
    )
    .bind(parent_id)
    .fetch_all(&mut *conn)
    .await?;
    let acting = Acting::Applicant {
        account_id: parent.applicant_account_id,
    };
    let mut ids = Vec::with_capacity(children.len());
    for (position, (child, version)) in with_versions.iter().enumerate() {
        let answers = bundle::child_answers(&children, position, &combined);
        let child_id: Uuid = sqlx::query_scalar(
            "insert into cases (service_code, form_version, department_code, applicant_account_id,
                                enterprise_id, state, answers, bundle_case_id)
             select code, $2, department_code, $3, $4, 'draft', $5, $6 from services where code = $1
             returning id",
        )
        .bind(&child.service_code)
        .bind(version)
        .bind(parent.applicant_account_id)
        .bind(parent.enterprise_id)
        .bind(serde_json::to_value(&answers).unwrap_or_default())
        .bind(parent_id)
        .fetch_one(&mut *conn)
        .await?;
        for (field, name, content_type, size, sha256, storage_key, uploaded_by) in &files {
            let Some(key) = bundle::child_key(&children, &shared, position, field) else {
                continue;
            };
            sqlx::query(
                "insert into attachments (id, case_id, field_key, original_name, content_type,
                                          size_bytes, sha256, storage_key, uploaded_by)
                 values (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(child_id)
            .bind(key)
            .bind(name)
            .bind(content_type)
            .bind(size)
            .bind(sha256)
            .bind(storage_key)
            .bind(uploaded_by)
            .execute(&mut *conn)
            .await?;
        }
        for (field, certificate_id) in &certificates {
            let Some(key) = bundle::child_key(&children, &shared, position, field) else {
                continue;
            };
            sqlx::query(
                "insert into case_certificates (case_id, field_key, certificate_id)
                 values ($1, $2, $3) on conflict do nothing",
            )
            .bind(child_id)
            .bind(key)
            .bind(certificate_id)
            .execute(&mut *conn)
            .await?;
        }
        transition::apply(conn, child_id, &acting, &CaseAction::Submit, None).await?;
        ids.push(child_id);
    }
    Ok(ids)
}

#[derive(sqlx::FromRow)]
struct ChildRow {
    id: Uuid,
    case_number: Option<String>,
    service_zh: String,
    service_en: String,
    department_zh: String,
    department_en: String,
    state: String,
    reason: Option<String>,
    service_code: String,
    form_version: i32,
    supplement_items: Option<serde_json::Value>,
}

/// The children of a bundle case with their states, the aggregate, and for each child waiting
/// for the applicant or turned down, the department's reason. `None` for any other case.
pub async fn view_of(pool: &PgPool, case_id: Uuid) -> Result<Option<BundleView>, InternalError> {
    let rows: Vec<ChildRow> = sqlx::query_as(
        "select c.id, c.case_number, s.name_zh as service_zh, s.name_en as service_en,
                d.name_zh as department_zh, d.name_en as department_en, c.state,
                c.service_code, c.form_version, c.supplement_items,
                (select e.reason from case_events e where e.case_id = c.id
                 order by e.seq desc limit 1) as reason
         from cases c
         join services s on s.code = c.service_code
         join departments d on d.code = c.department_code
         left join bundle_services b on b.bundle_code = (select service_code from cases where id = $1)
                                    and b.service_code = c.service_code
         where c.bundle_case_id = $1
         order by b.position, c.created_at",
    )
    .bind(case_id)
    .fetch_all(pool)
    .await?;
    if rows.is_empty() {
        return Ok(None);
    }
    let mut children: Vec<BundleChildView> = Vec::with_capacity(rows.len());
    for row in rows {
        let state = CaseState::parse(&row.state).unwrap_or(CaseState::Submitted);
        let tells_why = matches!(
            state,
            CaseState::SupplementRequested | CaseState::Denied | CaseState::RefusedAtIntake
        );
        // A clerk's supplement request says what is missing item by item (the overall reason
        // is optional), so the items are what tells the applicant which part needs what.
        let (supplement_items, supplement_labels) = match row.supplement_items {
            Some(items) if state == CaseState::SupplementRequested => {
                let items: Vec<SupplementItem> = serde_json::from_value(items).unwrap_or_default();
                let labels = item_labels(pool, &row.service_code, row.form_version, &items).await?;
                (items, labels)
            }
            _ => (Vec::new(), Vec::new()),
        };
        children.push(BundleChildView {
            case_id: row.id,
            case_number: row.case_number.unwrap_or_default(),
            service: Text::new(row.service_zh, row.service_en),
            department: Text::new(row.department_zh, row.department_en),
            state,
            reason: row.reason.filter(|r| tells_why && !r.is_empty()),
            supplement_items,
            supplement_labels,
        });
    }
    let states: Vec<CaseState> = children.iter().map(|c| c.state).collect();
    Ok(Some(BundleView {
        status: bundle::aggregate(&states),
        children,
    }))
}

/// The labels (key, zh, en) of `items` on the form version the case was filed with.
async fn item_labels(
    pool: &PgPool,
    service_code: &str,
    form_version: i32,
    items: &[SupplementItem],
) -> Result<Vec<(String, String, String)>, InternalError> {
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let Some((_, form)) = forms::load(pool, service_code, Some(form_version)).await? else {
        return Ok(Vec::new());
    };
    Ok(form
        .fields
        .into_iter()
        .filter(|f| items.iter().any(|item| item.key == f.key))
        .map(|f| (f.key, f.label.zh, f.label.en))
        .collect())
}

/// The bundle a child case came from: (bundle case, its number, the bundle's name).
pub async fn parent_of(
    pool: &PgPool,
    case_id: Uuid,
) -> Result<Option<ParentBundle>, InternalError> {
    let row: Option<(Uuid, Option<String>, String, String)> = sqlx::query_as(
        "select p.id, p.case_number, s.name_zh, s.name_en
         from cases c join cases p on p.id = c.bundle_case_id
         join services s on s.code = p.service_code
         where c.id = $1",
    )
    .bind(case_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(id, number, zh, en)| ParentBundle {
        case_id: id,
        case_number: number.unwrap_or_default(),
        name: Text::new(zh, en),
    }))
}
