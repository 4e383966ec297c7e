//! `POST /cases/{id}/supplement`: the applicant answers a supplement request (补正). Only the
//! named items may change; a post touching anything else is refused and nothing is stored.
use super::application::{
    attach_files, attach_wallet, file_rules, read_posted, stored_keys, Posted,
};
use super::see_other;
use crate::files::FileStore;
use crate::web::action::{refuse, ActionError, ActionResult, Caller};
use app::actors::Citizen;
use app::core::attachments;
use app::core::cases::supplement::{open_request, resubmit, OpenRequest};
use app::core::cases::{drafts, CaseError};
use app::domain::service_form::RawAnswers;
use app::page_context::{FieldError, FormEcho};
use app::pages::application::SUPPLEMENT_FORM;
use app::state::AppState;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::Extension;
use sqlx::PgConnection;
use uuid::Uuid;

fn locked() -> CaseError {
    CaseError::Invalid(vec![FieldError::form("supplement-locked-field")])
}

/// Removes the files ticked for removal, only among the named items' files.
async fn remove_named_files(
    conn: &mut PgConnection,
    case_id: Uuid,
    request: &OpenRequest,
    posted: &Posted,
) -> Result<Vec<String>, CaseError> {
    let ids: Vec<Uuid> = posted
        .values("remove_file")
        .filter_map(|v| v.parse().ok())
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let fields = attachments::fields_of(conn, case_id, &ids).await?;
    if fields.len() != ids.len() || fields.iter().any(|(_, key)| !request.allows(key)) {
        return Err(locked());
    }
    // The stored object goes only when no other row uses it (a bundle's children share the
    // files uploaded once on the combined form).
    Ok(attachments::remove_unshared(conn, case_id, &ids).await?)
}

pub async fn resubmit_supplement(
    Caller(applicant): Caller<Citizen>,
    State(state): State<AppState>,
    Extension(files): Extension<FileStore>,
    Path(case_id): Path<Uuid>,
    request: Request,
) -> ActionResult {
    let definition = drafts::form_of(&state.pool, case_id, applicant.account_id).await?;
    let (parts, body) = request.into_parts();
    let mut multipart = Multipart::from_request(Request::from_parts(parts.clone(), body), &state)
        .await
        .map_err(|_| ActionError::BadRequest)?;
    let rules = file_rules(&definition);
    let mut posted = match read_posted(&mut multipart, &files, &rules).await {
        Ok(posted) => posted,
        Err(partial) => {
            files.delete_quietly(&stored_keys(&partial)).await;
            return Err(ActionError::BadRequest);
        }
    };
    let answers = RawAnswers::from_pairs(posted.pairs.iter().cloned());
    let result = async {
        let mut tx = state.pool.begin().await?;
        let request = open_request(&state.pool, &mut tx, case_id, applicant.account_id).await?;
        let outside = posted.files.iter().any(|(key, _, _)| !request.allows(key))
            || posted
                .values("wallet_fields")
                .any(|key| !request.allows(key));
        if outside {
            return Err(locked());
        }
        let mut removed = remove_named_files(&mut tx, case_id, &request, &posted).await?;
        removed.extend(
            attach_files(&mut tx, case_id, applicant.account_id, &rules, &mut posted).await?,
        );
        if let Some((key, code)) = posted.file_errors.first() {
            return Err(CaseError::Invalid(vec![FieldError::new(key, code)]));
        }
        attach_wallet(
            &mut tx,
            case_id,
            applicant.account_id,
            &request.definition,
            &posted,
        )
        .await?;
        resubmit(
            &state.pool,
            &mut tx,
            case_id,
            applicant.account_id,
            &request,
            answers,
        )
        .await?;
        tx.commit().await?;
        Ok::<_, CaseError>(removed)
    }
    .await;
    match result {
        // The replaced files stay stored: the department may hold URLs for them, which work
        // until they expire (the database kept them as retired; housekeeping deletes them).
        Ok(_replaced) => Ok(see_other(&format!(
            "/cases/{case_id}?notice=notice-supplement-sent"
        ))),
        Err(error) => {
            // Rolled back: the new files were never recorded.
            files.delete_quietly(&stored_keys(&posted)).await;
            match error {
                CaseError::Invalid(problems) => {
                    let values = posted.pairs.iter().cloned().collect();
                    let echo = FormEcho::new(SUPPLEMENT_FORM, values, problems);
                    refuse(&state, parts, echo).await
                }
                error => Err(error.into()),
            }
        }
    }
}
