//! `POST /cases/{id}/supplement`: the applicant answers a supplement request (补正). Only the
//! named items may change; a post touching anything else is refused and nothing is stored.
use super::application::{
    attach_files, attach_wallet, file_rules, read_posted, stored_keys, Posted,
};
use super::see_other;
use crate::files::FileStore;
use crate::web::locale::request_locale;
use crate::web::{auth, errors, render};
use app::core::attachments;
use app::core::cases::supplement::{open_request, resubmit, OpenRequest};
use app::core::cases::{drafts, CaseError};
use app::domain::service_form::RawAnswers;
use app::page_context::{FieldError, FormEcho};
use app::pages::application::SUPPLEMENT_FORM;
use app::state::AppState;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::response::Response;
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
    State(state): State<AppState>,
    Extension(files): Extension<FileStore>,
    Path(case_id): Path<Uuid>,
    request: Request,
) -> Response {
    let locale = request_locale(request.headers());
    let Some(user) = auth::user_of(&request).filter(|u| !u.role.is_staff()) else {
        return see_other(&format!("/login?next=/cases/{case_id}/supplement"));
    };
    let definition = match drafts::form_of(&state.pool, case_id, user.account_id).await {
        Ok(definition) => definition,
        Err(CaseError::NotFound) => return errors::not_found(locale),
        Err(error) => return errors::internal(locale, &error),
    };
    let (parts, body) = request.into_parts();
    let mut multipart =
        match Multipart::from_request(Request::from_parts(parts.clone(), body), &state).await {
            Ok(multipart) => multipart,
            Err(_) => return errors::bad_request(locale),
        };
    let rules = file_rules(&definition);
    let mut posted = match read_posted(&mut multipart, &files, &rules).await {
        Ok(posted) => posted,
        Err(partial) => {
            files.delete_quietly(&stored_keys(&partial)).await;
            return errors::bad_request(locale);
        }
    };
    let answers = RawAnswers::from_pairs(posted.pairs.iter().cloned());
    let result = async {
        let mut tx = state.pool.begin().await?;
        let request = open_request(&state.pool, &mut tx, case_id, user.account_id).await?;
        let outside = posted.files.iter().any(|(key, _, _)| !request.allows(key))
            || posted
                .values("wallet_fields")
                .any(|key| !request.allows(key));
        if outside {
            return Err(locked());
        }
        let mut removed = remove_named_files(&mut tx, case_id, &request, &posted).await?;
        removed.extend(attach_files(&mut tx, case_id, user.account_id, &rules, &mut posted).await?);
        if let Some((key, code)) = posted.file_errors.first() {
            return Err(CaseError::Invalid(vec![FieldError::new(key, code)]));
        }
        attach_wallet(
            &mut tx,
            case_id,
            user.account_id,
            &request.definition,
            &posted,
        )
        .await?;
        resubmit(
            &state.pool,
            &mut tx,
            case_id,
            user.account_id,
            &request,
            answers,
        )
        .await?;
        tx.commit().await?;
        Ok::<_, CaseError>(removed)
    }
    .await;
    match result {
        Ok(removed) => {
            files.delete_quietly(&removed).await;
            see_other(&format!("/cases/{case_id}?notice=notice-supplement-sent"))
        }
        Err(error) => {
            // Rolled back: the new files were never recorded.
            files.delete_quietly(&stored_keys(&posted)).await;
            match error {
                CaseError::Invalid(problems) => {
                    let values = posted.pairs.iter().cloned().collect();
                    let echo = FormEcho::new(SUPPLEMENT_FORM, values, problems);
                    render::refused(&state, parts, echo).await
                }
                CaseError::NotFound => errors::not_found(locale),
                CaseError::Stale | CaseError::Transition(_) | CaseError::NotDraft => {
                    errors::conflict(locale)
                }
                CaseError::Internal(error) => errors::internal(locale, &error),
            }
        }
    }
}
