//! Filling in an application (申报): `POST /apply/{service}` starts it, `POST /cases/{id}/edit`
//! continues it. One multipart form carries the answers and the files, so everything works
//! without JavaScript. Whatever the button (save, submit, discard), the answers are saved first:
//! nothing the applicant typed or uploaded is lost when something else is refused.
use super::see_other;
use crate::files::upload::{store_field, StoredFile, UploadLimits};
use crate::files::FileStore;
use crate::web::action::{ActionError, ActionResult, Caller};
use app::actors::Citizen;
use app::core::attachments;
use app::core::cases::drafts::{self, Applicant, Saved};
use app::core::cases::CaseError;
use app::core::forms;
use app::domain::file_type::display_name;
use app::domain::service_form::{FieldKind, FormDefinition, RawAnswers};
use app::state::AppState;
use axum::extract::multipart::Field;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::response::IntoResponse;
use axum::Extension;
use http::StatusCode;
use sqlx::PgConnection;
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

/// Text parts beyond this many are ignored (bounded memory whatever is posted).
const MAX_TEXT_PARTS: usize = 2000;
// Enough for the longest value a form keeps (in any script), so a long answer is reported
// as too long rather than lost.
const MAX_TEXT_BYTES: usize = 4 * (RawAnswers::MAX_VALUE_CHARS + 1);

/// What the applicant asked for with the button they pressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Intent {
    Save,
    /// The browser's periodic save (JavaScript on): answers only, 204.
    Autosave,
    Submit,
    Discard,
}

pub(crate) struct Posted {
    pub(crate) pairs: Vec<(String, String)>,
    pub(crate) files: Vec<(String, String, StoredFile)>,
    /// `(field key, error code)` of refused files.
    pub(crate) file_errors: Vec<(String, &'static str)>,
}

impl Posted {
    fn value(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.pairs
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn intent(&self) -> Intent {
        match self.value("action") {
            Some("submit") => Intent::Submit,
            Some("discard") => Intent::Discard,
            Some("autosave") => Intent::Autosave,
            _ => Intent::Save,
        }
    }
}

pub(crate) fn file_rules(definition: &FormDefinition) -> BTreeMap<String, UploadLimits> {
    definition
        .fields
        .iter()
        .filter_map(|f| match &f.kind {
            FieldKind::File {
                accept,
                max_bytes,
                max_count,
                ..
            } => Some((
                f.key.clone(),
                UploadLimits {
                    accept: accept.clone(),
                    max_bytes: *max_bytes,
                    max_count: *max_count,
                },
            )),
            _ => None,
        })
        .collect()
}

/// Reads the multipart body: text parts into pairs, file parts streamed into the store.
pub(crate) async fn read_posted(
    multipart: &mut Multipart,
    files: &FileStore,
    rules: &BTreeMap<String, UploadLimits>,
) -> Result<Posted, Posted> {
    let mut posted = Posted {
        pairs: Vec::new(),
        files: Vec::new(),
        file_errors: Vec::new(),
    };
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Ok(posted),
            Err(_) => return Err(posted),
        };
        let name = field.name().unwrap_or_default().to_string();
        match field.file_name().map(str::to_string) {
            Some(file_name) => {
                let Some(rule) = rules.get(&name).filter(|_| !file_name.is_empty()) else {
                    // No file chosen (browsers send an empty part) or not a file field.
                    while let Ok(Some(_)) = field.chunk().await {}
                    continue;
                };
                match store_field(files, &mut field, rule).await {
                    Ok(stored) => posted.files.push((name, display_name(&file_name), stored)),
                    Err(error) => posted.file_errors.push((name, error.code())),
                }
            }
            None => match read_text(&mut field, posted.pairs.len() < MAX_TEXT_PARTS).await {
                Ok(Some(text)) => posted.pairs.push((name, text)),
                Ok(None) => {}
                Err(()) => return Err(posted),
            },
        }
    }
}

/// A text part, read piece by piece and kept only while it stays within [`MAX_TEXT_BYTES`]
/// (and `wanted`): a longer one is drained without being held in memory. `None`: not kept.
async fn read_text(field: &mut Field<'_>, wanted: bool) -> Result<Option<String>, ()> {
    let mut bytes: Option<Vec<u8>> = wanted.then(Vec::new);
    while let Some(chunk) = field.chunk().await.map_err(|_| ())? {
        if let Some(kept) = &mut bytes {
            if kept.len() + chunk.len() > MAX_TEXT_BYTES {
                bytes = None;
            } else {
                kept.extend_from_slice(&chunk);
            }
        }
    }
    Ok(bytes.and_then(|b| String::from_utf8(b).ok()))
}

pub(crate) fn stored_keys(posted: &Posted) -> Vec<String> {
    posted
        .files
        .iter()
        .map(|(_, _, f)| f.storage_key.clone())
        .collect()
}

/// `POST /apply/{service}`: the first save or submit of a new application.
pub async fn start(
    Caller(applicant): Caller<Citizen>,
    State(state): State<AppState>,
    Extension(files): Extension<FileStore>,
    Path(service_code): Path<String>,
    request: Request,
) -> ActionResult {
    let (_, definition) = forms::load(&state.pool, &service_code, None)
        .await?
        .ok_or(ActionError::NotFound)?;
    let mut multipart = Multipart::from_request(request, &state)
        .await
        .map_err(|_| ActionError::BadRequest)?;
    let posted = match read_posted(&mut multipart, &files, &file_rules(&definition)).await {
        Ok(posted) => posted,
        Err(partial) => {
            files.delete_quietly(&stored_keys(&partial)).await;
            return Err(ActionError::BadRequest);
        }
    };
    let key = posted
        .value("application_key")
        .and_then(|k| k.parse::<Uuid>().ok());
    let enterprise_id = posted
        .value("enterprise")
        .filter(|e| !e.is_empty())
        .and_then(|e| e.parse::<Uuid>().ok());
    let Some(key) = key else {
        files.delete_quietly(&stored_keys(&posted)).await;
        return Err(ActionError::BadRequest);
    };
    let applicant = Applicant {
        account_id: applicant.account_id,
        enterprise_id,
    };
    let found = async {
        let mut tx = state.pool.begin().await?;
        let (case_id, _) = drafts::find_or_create(&mut tx, &applicant, &service_code, key).await?;
        tx.commit().await?;
        Ok::<_, CaseError>(case_id)
    }
    .await;
    match found {
        Ok(case_id) => {
            continue_with(
                &state,
                &files,
                applicant.account_id,
                case_id,
                definition,
                posted,
            )
            .await
        }
        Err(error) => {
            files.delete_quietly(&stored_keys(&posted)).await;
            Err(error.into())
        }
    }
}

/// `POST /cases/{id}/edit`: saving, submitting or discarding a draft.
pub async fn edit(
    Caller(applicant): Caller<Citizen>,
    State(state): State<AppState>,
    Extension(files): Extension<FileStore>,
    Path(case_id): Path<Uuid>,
    request: Request,
) -> ActionResult {
    let definition = drafts::form_of(&state.pool, case_id, applicant.account_id).await?;
    let mut multipart = Multipart::from_request(request, &state)
        .await
        .map_err(|_| ActionError::BadRequest)?;
    let posted = match read_posted(&mut multipart, &files, &file_rules(&definition)).await {
        Ok(posted) => posted,
        Err(partial) => {
            files.delete_quietly(&stored_keys(&partial)).await;
            return Err(ActionError::BadRequest);
        }
    };
    continue_with(
        &state,
        &files,
        applicant.account_id,
        case_id,
        definition,
        posted,
    )
    .await
}

/// Saves answers and files, then does what the button asked.
async fn continue_with(
    state: &AppState,
    files: &FileStore,
    account_id: Uuid,
    case_id: Uuid,
    definition: FormDefinition,
    mut posted: Posted,
) -> ActionResult {
    let intent = posted.intent();
    let rules = file_rules(&definition);
    let saved = async {
        let mut tx = state.pool.begin().await?;
        let answers = RawAnswers::from_pairs(posted.pairs.iter().cloned());
        let saved = drafts::save(&state.pool, &mut tx, case_id, account_id, answers).await?;
        if saved != (Saved::Draft { case_id }) {
            return Ok::<_, CaseError>((saved, Vec::new()));
        }
        let mut removed = remove_files(&mut tx, case_id, &posted).await?;
        removed.extend(attach_files(&mut tx, case_id, account_id, &rules, &mut posted).await?);
        attach_wallet(&mut tx, case_id, account_id, &definition, &posted).await?;
        drafts::record_progress(&mut tx, case_id, &definition).await?;
        tx.commit().await?;
        Ok((saved, removed))
    }
    .await;
    let removed = match saved {
        Ok((Saved::Draft { .. }, removed)) => removed,
        Ok((Saved::AlreadySubmitted { case_id }, _)) => {
            files.delete_quietly(&stored_keys(&posted)).await;
            return Ok(see_other(&format!("/cases/{case_id}")));
        }
        Err(error) => {
            files.delete_quietly(&stored_keys(&posted)).await;
            return Err(error.into());
        }
    };
    files.delete_quietly(&removed).await;
    let file_errors: String = posted
        .file_errors
        .iter()
        .map(|(key, code)| format!("&file_error={key}~{code}"))
        .collect();
    Ok(match intent {
        Intent::Autosave => StatusCode::NO_CONTENT.into_response(),
        Intent::Save => see_other(&format!(
            "/cases/{case_id}/edit?notice=notice-draft-saved{file_errors}"
        )),
        Intent::Discard => {
            let keys = async {
                let mut tx = state.pool.begin().await?;
                let keys = drafts::discard(&mut tx, case_id, account_id).await?;
                tx.commit().await?;
                Ok::<_, CaseError>(keys)
            }
            .await?;
            files.delete_quietly(&keys).await;
            see_other("/cases?notice=notice-draft-discarded")
        }
        Intent::Submit if !posted.file_errors.is_empty() => {
            see_other(&format!("/cases/{case_id}/edit?check=1{file_errors}"))
        }
        Intent::Submit => {
            let submitted = async {
                let mut tx = state.pool.begin().await?;
                let applied = drafts::submit(&state.pool, &mut tx, case_id, account_id).await?;
                tx.commit().await?;
                Ok::<_, CaseError>(applied)
            }
            .await;
            match submitted {
                Ok(Some(_)) => see_other(&format!("/cases/{case_id}?notice=notice-case-submitted")),
                Ok(None) => see_other(&format!("/cases/{case_id}")),
                Err(CaseError::Invalid(_)) => see_other(&format!("/cases/{case_id}/edit?check=1")),
                Err(CaseError::LevelRequired(level)) => see_other(&format!(
                    "/cases/{case_id}/edit?notice=notice-level-required-{}",
                    level.number()
                )),
                Err(error) => return Err(error.into()),
            }
        }
    })
}

/// Deletes the attachments the applicant ticked for removal; returns their storage keys.
async fn remove_files(
    conn: &mut PgConnection,
    case_id: Uuid,
    posted: &Posted,
) -> Result<Vec<String>, CaseError> {
    let ids: Vec<Uuid> = posted
        .values("remove_file")
        .filter_map(|v| v.parse().ok())
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(attachments::remove(conn, case_id, &ids).await?)
}

/// Records the stored files on the case. Files beyond the field's maximum count are refused
/// (an error for the page); their storage keys are returned for deletion.
pub(crate) async fn attach_files(
    conn: &mut PgConnection,
    case_id: Uuid,
    account_id: Uuid,
    rules: &BTreeMap<String, UploadLimits>,
    posted: &mut Posted,
) -> Result<Vec<String>, CaseError> {
    let mut refused = Vec::new();
    for (key, name, file) in &posted.files {
        let max = rules.get(key).map(|r| r.max_count).unwrap_or(0);
        let count = attachments::count_in_field(conn, case_id, key).await?;
        if count >= i64::from(max) {
            posted
                .file_errors
                .push((key.clone(), "form-too-many-files"));
            refused.push(file.storage_key.clone());
            continue;
        }
        attachments::insert(
            conn,
            &attachments::NewAttachment {
                case_id,
                field_key: key,
                original_name: name,
                content_type: file.content_type,
                size_bytes: file.size_bytes,
                sha256: &file.sha256,
                storage_key: &file.storage_key,
                uploaded_by: account_id,
            },
        )
        .await?;
    }
    posted.file_errors.sort();
    posted.file_errors.dedup();
    Ok(refused)
}

/// Sets the wallet certificates attached to each file field shown with a wallet choice: only the
/// applicant's (or the enterprise's) own, of the right type, valid and not revoked.
pub(crate) async fn attach_wallet(
    conn: &mut PgConnection,
    case_id: Uuid,
    account_id: Uuid,
    definition: &FormDefinition,
    posted: &Posted,
) -> Result<(), CaseError> {
    let shown: BTreeSet<&str> = posted.values("wallet_fields").collect();
    for field in &definition.fields {
        let FieldKind::File {
            ecert_type: Some(cert_type),
            ..
        } = &field.kind
        else {
            continue;
        };
        if !shown.contains(field.key.as_str()) {
            continue;
        }
        let chosen: Vec<Uuid> = posted
            .values(&format!("wallet.{}", field.key))
            .filter_map(|v| v.parse().ok())
            .collect();
        attachments::set_wallet_certificates(
            conn, case_id, &field.key, &chosen, cert_type, account_id,
        )
        .await?;
    }
    Ok(())
}
