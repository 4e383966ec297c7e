//! Assembles the application page: the form, the answers so far, verified data, files, wallet.
use super::cases::{calendar, drafts};
use super::error::InternalError;
use super::forms::{self, BaseData};
use chrono::{DateTime, NaiveDate, Utc};
use portal_types::domain::service_form::{self, FieldKind, RawAnswers};
use portal_types::page_context::FieldError;
use portal_types::views::application::{ApplicationForm, ApplicationLoad, WalletCertificate};
use portal_types::views::cases::AttachmentView;
use portal_types::Text;
use sqlx::PgPool;
use uuid::Uuid;

#[derive(sqlx::FromRow)]
struct DraftRow {
    service_code: String,
    form_version: i32,
    enterprise_id: Option<Uuid>,
    answers: serde_json::Value,
    submit_key: Option<Uuid>,
    saved_at: DateTime<Utc>,
    state: String,
    supplement_items: Option<serde_json::Value>,
}

/// The enterprises the account is an active agent of.
async fn enterprises_of(
    pool: &PgPool,
    account_id: Uuid,
) -> Result<Vec<(Uuid, String)>, InternalError> {
    Ok(sqlx::query_as(
        "select e.id, e.name from enterprises e join enterprise_agents a on a.enterprise_id = e.id
         where a.account_id = $1 and a.status = 'active' order by e.name",
    )
    .bind(account_id)
    .fetch_all(pool)
    .await?)
}

/// Id, type, name (zh, en), holder, issue day and validity of a wallet certificate.
type WalletRow = (
    Uuid,
    String,
    String,
    String,
    String,
    NaiveDate,
    Option<NaiveDate>,
);

/// What the application page asks for: a new application of `service` or the draft `case_id`.
pub struct LoadRequest {
    pub service: Option<String>,
    pub case_id: Option<Uuid>,
    /// The enterprise the user chose to act for, if any.
    pub enterprise: Option<Uuid>,
    /// Re-validate the saved answers to show every problem (after a refused submit).
    pub check: bool,
    /// `key~code` pairs from the last upload.
    pub file_errors: Vec<String>,
    /// The applicant is answering a supplement request.
    pub supplement: bool,
}

pub async fn load(
    pool: &PgPool,
    account_id: Uuid,
    request: LoadRequest,
) -> Result<ApplicationLoad, InternalError> {
    let LoadRequest {
        service,
        case_id,
        enterprise,
        check,
        file_errors,
        supplement,
    } = request;
    let enterprises = enterprises_of(pool, account_id).await?;
    let mut supplement_items = Vec::new();
    // A draft, or a new application of a service.
    let (service_code, version, enterprise_id, answers, key, saved_at) = match case_id {
        Some(case_id) => {
            let sql = format!(
                "select c.service_code, c.form_version, c.enterprise_id, c.answers, c.submit_key,
                        c.saved_at, c.state, c.supplement_items
                 from cases c where c.id = $1 and {}",
                super::cases::reach_condition(2, 3, 4)
            );
            let row = sqlx::query_as::<_, DraftRow>(&sql)
                .bind(case_id)
                .bind("applicant")
                .bind(account_id)
                .bind(Option::<String>::None)
                .fetch_optional(pool)
                .await?;
            let wanted = if supplement {
                "supplement_requested"
            } else {
                "draft"
            };
            let Some(row) = row.filter(|r| r.state == wanted) else {
                return Ok(ApplicationLoad::NotFound);
            };
            supplement_items = row
                .supplement_items
                .clone()
                .and_then(|v| serde_json::from_value(v).ok())
                .unwrap_or_default();
            let answers: RawAnswers = serde_json::from_value(row.answers).unwrap_or_default();
            let key = row
                .submit_key
                .unwrap_or_else(|| uuid::Builder::from_random_bytes(rand::random()).into_uuid());
            (
                row.service_code,
                Some(row.form_version),
                row.enterprise_id,
                answers,
                key,
                Some(row.saved_at),
            )
        }
        None => {
            let Some(code) = service else {
                return Ok(ApplicationLoad::NotFound);
            };
            let audience: Option<String> =
                sqlx::query_scalar("select audience from services where code = $1")
                    .bind(&code)
                    .fetch_optional(pool)
                    .await?;
            let Some(audience) = audience else {
                return Ok(ApplicationLoad::NotFound);
            };
            let chosen = enterprise.filter(|e| enterprises.iter().any(|(id, _)| id == e));
            let enterprise_id = match (audience.as_str(), chosen) {
                ("citizen", _) => None,
                (_, Some(id)) => Some(id),
                ("enterprise", None) => match enterprises.as_slice() {
                    [] => return Ok(ApplicationLoad::NeedsEnterprise),
                    [(id, _)] => Some(*id),
                    many => return Ok(ApplicationLoad::ChooseEnterprise(many.to_vec())),
                },
                _ => None,
            };
            let key = uuid::Builder::from_random_bytes(rand::random()).into_uuid();
            (code, None, enterprise_id, RawAnswers::default(), key, None)
        }
    };
    let Some((_, definition)) = forms::load(pool, &service_code, version).await? else {
        return Ok(ApplicationLoad::NotFound);
    };
    let names: Option<(String, String)> =
        sqlx::query_as("select name_zh, name_en from services where code = $1")
            .bind(&service_code)
            .fetch_optional(pool)
            .await?;
    let Some((name_zh, name_en)) = names else {
        return Ok(ApplicationLoad::NotFound);
    };
    let base: BaseData = forms::base_data(pool, account_id, enterprise_id).await?;
    let mut answers = answers;
    forms::apply_prefill(&definition, &mut answers, &base);
    let locked = definition
        .fields
        .iter()
        .filter(|f| forms::is_prefilled(f, &base))
        .map(|f| f.key.clone())
        .collect();
    let mut attachments = Vec::new();
    let mut attached_certificates = Vec::new();
    if let Some(case_id) = case_id {
        let rows: Vec<(Uuid, String, String, String, i64)> = sqlx::query_as(
            "select id, field_key, original_name, content_type, size_bytes from attachments
             where case_id = $1 order by field_key, uploaded_at, id",
        )
        .bind(case_id)
        .fetch_all(pool)
        .await?;
        attachments = rows
            .into_iter()
            .map(
                |(id, field_key, original_name, content_type, size_bytes)| AttachmentView {
                    id,
                    field_key,
                    original_name,
                    content_type,
                    size_bytes,
                },
            )
            .collect();
        attached_certificates = sqlx::query_as(
            "select field_key, certificate_id from case_certificates where case_id = $1",
        )
        .bind(case_id)
        .fetch_all(pool)
        .await?;
    }
    let wanted: Vec<String> = definition
        .fields
        .iter()
        .filter_map(|f| match &f.kind {
            FieldKind::File { ecert_type, .. } => ecert_type.clone(),
            _ => None,
        })
        .collect();
    let wallet_rows: Vec<WalletRow> =
        sqlx::query_as(
            "select c.id, c.cert_type, c.name_zh, c.name_en, c.holder_name, c.issued_on, c.valid_until
             from certificates c
             where c.cert_type = any($1) and c.revoked_at is null
               and (c.valid_until is null or c.valid_until >= (now() at time zone 'Asia/Shanghai')::date)
               and (c.holder_person_id = (select person_id from accounts where id = $2)
                    or ($3::uuid is not null and c.holder_enterprise_id = $3))
             order by c.issued_on desc",
        )
        .bind(&wanted)
        .bind(account_id)
        .bind(enterprise_id)
        .fetch_all(pool)
        .await?;
    let wallet = wallet_rows
        .into_iter()
        .map(
            |(id, cert_type, zh, en, holder_name, issued_on, valid_until)| WalletCertificate {
                id,
                cert_type,
                name: Text::new(zh, en),
                holder_name,
                issued_on,
                valid_until,
            },
        )
        .collect();
    let mut errors: Vec<FieldError> = file_errors
        .iter()
        .filter_map(|pair| pair.split_once('~'))
        .filter(|(_, code)| code.starts_with("form-"))
        .map(|(key, code)| FieldError::new(key, code))
        .collect();
    if check {
        let mut full = answers.clone();
        if let Some(case_id) = case_id {
            let mut conn = pool.acquire().await?;
            for (path, value) in
                drafts::file_answers(&mut conn, case_id)
                    .await
                    .map_err(|e| match e {
                        super::cases::CaseError::Internal(i) => i,
                        other => InternalError::Hashing(other.to_string()),
                    })?
            {
                full.push(&path, value);
            }
        }
        let today = calendar::today(pool).await?;
        if let Err(found) = service_form::validate(&definition, &full, today) {
            errors.extend(found);
        }
    }
    Ok(ApplicationLoad::Ready(Box::new(ApplicationForm {
        case_id,
        key,
        service_code,
        service: Text::new(name_zh, name_en),
        enterprise: enterprise_id
            .and_then(|id| enterprises.iter().find(|(e, _)| *e == id).cloned()),
        definition,
        answers,
        locked,
        attachments,
        wallet,
        attached_certificates,
        errors,
        saved_at,
        today: calendar::today(pool).await?,
        supplement_items,
    })))
}
