//! Streams one multipart file field into the store under a fresh random key.
use super::FileStore;
use app::domain::file_type::{sniff, SNIFF_BYTES};
use axum::extract::multipart::Field;
use object_store::path::Path as StorePath;
use object_store::{ObjectStore, WriteMultipart};
use sha2::{Digest, Sha256};

/// What a form's file field allows, owned (taken from the definition before streaming).
#[derive(Clone, Debug)]
pub struct UploadLimits {
    pub accept: Vec<String>,
    pub max_bytes: u64,
    pub max_count: u32,
}

impl UploadLimits {
    /// `image/*` accepts any image type.
    fn accepts(&self, mime: &str) -> bool {
        self.accept.iter().any(|a| match a.strip_suffix('*') {
            Some(prefix) => mime.starts_with(prefix),
            None => a == mime,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredFile {
    pub storage_key: String,
    pub content_type: &'static str,
    pub size_bytes: i64,
    pub sha256: String,
}

/// Why a file was refused; each has a translation `form-file-…`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UploadError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is larger than allowed")]
    TooLarge,
    #[error("the file's content is not an accepted type")]
    WrongType,
    /// The browser stopped sending or the body was malformed.
    #[error("the upload was interrupted")]
    Interrupted,
    #[error("the file could not be stored")]
    Storage,
}

impl UploadError {
    pub fn code(self) -> &'static str {
        match self {
            Self::Empty => "form-file-empty",
            Self::TooLarge => "form-file-too-large",
            Self::WrongType => "form-file-wrong-type",
            Self::Interrupted => "form-file-interrupted",
            Self::Storage => "form-file-storage",
        }
    }
}

/// Streams `field` to the store. On any refusal nothing stays stored (the multipart upload is
/// aborted, so no partial object is ever visible).
pub async fn store_field(
    store: &FileStore,
    field: &mut Field<'_>,
    rules: &UploadLimits,
) -> Result<StoredFile, UploadError> {
    let key = format!(
        "uploads/{}",
        uuid::Builder::from_random_bytes(rand::random())
            .into_uuid()
            .simple()
    );
    let path = StorePath::from(key.as_str());
    let mut head: Vec<u8> = Vec::with_capacity(SNIFF_BYTES);
    let mut pending: Vec<axum::body::Bytes> = Vec::new();
    let mut writer: Option<WriteMultipart> = None;
    let mut content_type: Option<&'static str> = None;
    let mut size: u64 = 0;
    let mut hasher = Sha256::new();
    let result: Result<(), UploadError> = async {
        loop {
            let chunk = match field.chunk().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(_) => return Err(UploadError::Interrupted),
            };
            size += chunk.len() as u64;
            if size > rules.max_bytes {
                return Err(UploadError::TooLarge);
            }
            hasher.update(&chunk);
            if content_type.is_none() {
                let need = SNIFF_BYTES.saturating_sub(head.len());
                head.extend_from_slice(&chunk[..chunk.len().min(need)]);
                pending.push(chunk);
                if head.len() < SNIFF_BYTES {
                    continue;
                }
                let sniffed = accepted(&head, rules)?;
                content_type = Some(sniffed);
                let upload = store
                    .inner()
                    .put_multipart(&path)
                    .await
                    .map_err(|_| UploadError::Storage)?;
                let mut w = WriteMultipart::new(upload);
                for c in pending.drain(..) {
                    w.write(&c);
                }
                writer = Some(w);
            } else if let Some(w) = writer.as_mut() {
                w.wait_for_capacity(4)
                    .await
                    .map_err(|_| UploadError::Storage)?;
                w.write(&chunk);
            }
        }
        if size == 0 {
            return Err(UploadError::Empty);
        }
        if content_type.is_none() {
            // Shorter than the sniffing window: judge what there is.
            let sniffed = accepted(&head, rules)?;
            content_type = Some(sniffed);
            let upload = store
                .inner()
                .put_multipart(&path)
                .await
                .map_err(|_| UploadError::Storage)?;
            let mut w = WriteMultipart::new(upload);
            for c in pending.drain(..) {
                w.write(&c);
            }
            writer = Some(w);
        }
        Ok(())
    }
    .await;
    match (result, writer, content_type) {
        (Ok(()), Some(writer), Some(content_type)) => {
            writer.finish().await.map_err(|_| UploadError::Storage)?;
            Ok(StoredFile {
                storage_key: key,
                content_type,
                size_bytes: i64::try_from(size).unwrap_or(i64::MAX),
                sha256: hex::encode(hasher.finalize()),
            })
        }
        (result, writer, _) => {
            if let Some(writer) = writer {
                if let Err(error) = writer.abort().await {
                    tracing::warn!(%error, "could not abort a refused upload");
                }
            }
            // Drain the rest of the field so the next multipart field can be read.
            while let Ok(Some(_)) = field.chunk().await {}
            Err(result.err().unwrap_or(UploadError::Storage))
        }
    }
}

fn accepted(head: &[u8], rules: &UploadLimits) -> Result<&'static str, UploadError> {
    sniff(head)
        .filter(|mime| rules.accepts(mime))
        .ok_or(UploadError::WrongType)
}
