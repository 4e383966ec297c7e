//! Downloading an attachment: only the applicant, their enterprise's active agents and the
//! owning department's staff. Anyone else gets the same 404 as for a file that does not exist.
//! Every staff download is written to the audit log before a byte is sent.
use crate::files::FileStore;
use crate::web::action::{ActionError, ActionResult};
use crate::web::auth;
use app::core::{attachments, audit};
use app::domain::roles::Role;
use app::state::AppState;
use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::response::IntoResponse;
use axum::Extension;
use futures_util::TryStreamExt;
use http::header;
use object_store::path::Path as StorePath;
use object_store::ObjectStore;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Deserialize)]
pub struct DownloadQuery {
    /// Show in the browser (images and PDF previews) instead of saving.
    #[serde(default)]
    inline: Option<String>,
}

pub async fn download(
    State(state): State<AppState>,
    Extension(files): Extension<FileStore>,
    Path(attachment_id): Path<Uuid>,
    Query(query): Query<DownloadQuery>,
    request: Request,
) -> ActionResult {
    // Nobody signed in, or no file for this role: the same answer as for no such file.
    let user = auth::user_of(&request).ok_or(ActionError::NotFound)?;
    let (kind, department) = match user.role {
        Role::Citizen => ("applicant", None),
        Role::Clerk | Role::Supervisor => ("clerk", user.department_code.clone()),
        Role::Operator | Role::VendorAdmin | Role::VendorStaff => {
            return Err(ActionError::NotFound)
        }
    };
    let found = attachments::reachable(
        &state.pool,
        kind,
        user.account_id,
        department.as_deref(),
        attachment_id,
    )
    .await?;
    let file = found.ok_or(ActionError::NotFound)?;
    if user.role.is_staff() {
        let entry = audit::Entry::staff(
            user.account_id,
            user.role,
            department.as_deref(),
            audit::actions::FILE_DOWNLOAD,
            file.case_id,
        )
        .with_detail(serde_json::json!({
            "attachment_id": attachment_id,
            "field_key": file.field_key,
            "inline": query.inline.is_some(),
        }));
        state
            .audit
            .record(entry)
            .await
            .map_err(ActionError::internal)?;
    }
    let stream = files
        .inner()
        .get(&StorePath::from(file.storage_key.as_str()))
        .await
        .map_err(ActionError::internal)?
        .into_stream()
        .map_err(std::io::Error::other);
    let disposition = if query.inline.is_some() {
        "inline"
    } else {
        "attachment"
    };
    let encoded: String = url::form_urlencoded::byte_serialize(file.original_name.as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    Ok((
        [
            (header::CONTENT_TYPE, file.content_type),
            (header::CONTENT_LENGTH, file.size_bytes.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("{disposition}; filename=\"file\"; filename*=UTF-8''{encoded}"),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
            // An uploaded HTML or SVG shown inline runs nothing and reaches nothing of ours.
            (header::CONTENT_SECURITY_POLICY, "sandbox".to_string()),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}
