//! Where uploaded files live: behind `object_store` (a local directory by default, any
//! S3-compatible store by configuration). Uploads are streamed: never held whole in memory,
//! refused as soon as they exceed their limit, typed by content, hashed on the way through.
pub mod upload;

use anyhow::Context;
use object_store::local::LocalFileSystem;
use object_store::path::Path as StorePath;
use object_store::ObjectStore;
use std::path::Path;
use std::sync::Arc;

#[derive(Clone)]
pub struct FileStore {
    store: Arc<dyn ObjectStore>,
}

impl std::fmt::Debug for FileStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FileStore({})", self.store)
    }
}

impl FileStore {
    /// `url` unset: a directory under the data directory. `s3://bucket/prefix`: S3 or an
    /// S3-compatible service configured by the usual `AWS_*` variables (`AWS_ENDPOINT` …).
    pub fn open(url: Option<&str>, local_dir: &Path) -> anyhow::Result<Self> {
        let store: Arc<dyn ObjectStore> = match url {
            None => {
                std::fs::create_dir_all(local_dir)
                    .with_context(|| format!("creating {}", local_dir.display()))?;
                Arc::new(LocalFileSystem::new_with_prefix(local_dir)?)
            }
            Some(url) => {
                let parsed = url::Url::parse(url).context("PORTAL_FILES_URL is not a URL")?;
                let builder = object_store::aws::AmazonS3Builder::from_env().with_url(url);
                let s3 = builder.build().context("configuring the S3 file store")?;
                let prefix = parsed.path().trim_matches('/').to_string();
                if prefix.is_empty() {
                    Arc::new(s3)
                } else {
                    Arc::new(object_store::prefix::PrefixStore::new(s3, prefix))
                }
            }
        };
        Ok(Self { store })
    }

    pub fn inner(&self) -> &Arc<dyn ObjectStore> {
        &self.store
    }

    /// Deletes stored files, logging (not failing on) what cannot be deleted: used to clean up
    /// after a refused or rolled-back upload and after a discarded draft.
    pub async fn delete_quietly(&self, keys: &[String]) {
        for key in keys {
            if let Err(error) = self.store.delete(&StorePath::from(key.as_str())).await {
                tracing::warn!(%error, key, "could not delete a stored file");
            }
        }
    }
}
