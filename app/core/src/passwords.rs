//! argon2id hashing, always off the async executor (it takes tens of milliseconds by design).
use super::error::InternalError;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// Hashing for requests (login, registration), as a bounded resource: at most `permits`
/// hashes at once (one per core by default), and a request that cannot start within `wait`
/// is turned away as busy rather than queueing without end on blocking threads.
#[derive(Clone, Debug)]
pub struct Hasher {
    permits: Arc<Semaphore>,
    wait: Duration,
}

/// No hashing slot came free in time.
#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("password hashing is busy")]
    Busy,
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl Hasher {
    pub fn new(permits: usize, wait: Duration) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(permits)),
            wait,
        }
    }

    /// One permit per core.
    pub fn per_core(wait: Duration) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self::new(cores, wait)
    }

    pub async fn hash(&self, password: String) -> Result<String, HashError> {
        let _permit = self.permit().await?;
        Ok(hash(password).await?)
    }

    pub async fn verify(
        &self,
        password: String,
        stored: Option<String>,
    ) -> Result<bool, HashError> {
        let _permit = self.permit().await?;
        Ok(verify(password, stored).await?)
    }

    async fn permit(&self) -> Result<tokio::sync::SemaphorePermit<'_>, HashError> {
        match tokio::time::timeout(self.wait, self.permits.acquire()).await {
            Ok(Ok(permit)) => Ok(permit),
            // Timed out, or closed (never done): either way no slot.
            _ => Err(HashError::Busy),
        }
    }
}

pub async fn hash(password: String) -> Result<String, InternalError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| InternalError::Hashing(e.to_string()))
    })
    .await?
}

/// Verifies `password` against `stored`. With no stored hash (unknown account) it still
/// spends the same work on a dummy hash, so timing does not reveal which accounts exist.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, InternalError> {
    tokio::task::spawn_blocking(move || {
        let (hash, real) = match stored {
            Some(hash) => (hash, true),
            None => (DUMMY_HASH.to_string(), false),
        };
        let parsed = PasswordHash::new(&hash).map_err(|e| InternalError::Hashing(e.to_string()))?;
        let ok = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(ok && real)
    })
    .await?
}

/// argon2id hash of a random string nobody knows, with the default parameters.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$1eI6gL3kaLwuQs8oxTUvN4dsJS/Ms2CW2IzVJ0ZzmbQ";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_are_argon2id() {
        let hash = hash("correct horse battery".into()).await.expect("hash");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify("correct horse battery".into(), Some(hash.clone()))
            .await
            .expect("verify"));
        assert!(!verify("wrong horse battery".into(), Some(hash))
            .await
            .expect("verify"));
        assert!(!verify("anything".into(), None).await.expect("dummy"));
    }

    #[tokio::test]
    async fn a_hasher_without_free_slots_is_busy_after_its_wait() {
        let hasher = Hasher::new(0, Duration::from_millis(10));
        assert!(matches!(
            hasher.hash("correct horse battery".into()).await,
            Err(HashError::Busy)
        ));
    }
}
