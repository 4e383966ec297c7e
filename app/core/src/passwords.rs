//! argon2id hashing, always off the async executor (it takes tens of milliseconds by design).
use super::error::InternalError;
use argon2::password_hash::{rand_core::OsRng, Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;

/// Hashing for requests (login, registration), as a bounded resource: at most `permits`
/// hashes at once (one per core by default), and a request that cannot start within `wait`
/// is turned away as busy rather than queueing without end on blocking threads.
#[derive(Clone, Debug)]
pub struct Hasher {
    permits: Arc<Semaphore>,
    wait: Duration,
    workspaces: Arc<Workspaces>,
}

/// The argon2 working memory (19 MiB each), one per permit, kept for the process's life.
/// Allocating and freeing it for every hash fragments the allocator's heap: 1,000 logins
/// left the portal at 555 MB resident, against 62 MB with the memory kept.
#[derive(Debug, Default)]
struct Workspaces(Mutex<Vec<Vec<Block>>>);

impl Workspaces {
    fn take(&self) -> Vec<Block> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .pop()
            .unwrap_or_default()
    }

    fn give_back(&self, memory: Vec<Block>) {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(memory);
    }
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
            workspaces: Arc::default(),
        }
    }

    /// One permit per core.
    pub fn per_core(wait: Duration) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self::new(cores, wait)
    }

    pub async fn hash(&self, password: String) -> Result<String, HashError> {
        let _permit = self.permit().await?;
        let memory = self.workspaces.take();
        let (result, memory) = tokio::task::spawn_blocking(move || hash_in(&password, memory))
            .await
            .map_err(InternalError::from)?;
        self.workspaces.give_back(memory);
        Ok(result?)
    }

    pub async fn verify(
        &self,
        password: String,
        stored: Option<String>,
    ) -> Result<bool, HashError> {
        let _permit = self.permit().await?;
        let memory = self.workspaces.take();
        let (result, memory) =
            tokio::task::spawn_blocking(move || verify_in(&password, stored.as_deref(), memory))
                .await
                .map_err(InternalError::from)?;
        self.workspaces.give_back(memory);
        Ok(result?)
    }

    async fn permit(&self) -> Result<tokio::sync::SemaphorePermit<'_>, HashError> {
        match tokio::time::timeout(self.wait, self.permits.acquire()).await {
            Ok(Ok(permit)) => Ok(permit),
            // Timed out, or closed (never done): either way no slot.
            _ => Err(HashError::Busy),
        }
    }
}

fn hashing_error(error: impl std::fmt::Display) -> InternalError {
    InternalError::Hashing(error.to_string())
}

/// A new argon2id hash (PHC string, default parameters) computed in `memory`, handed back.
fn hash_in(password: &str, mut memory: Vec<Block>) -> (Result<String, InternalError>, Vec<Block>) {
    let result = (|| {
        let params = Params::default();
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
        let salt = SaltString::generate(&mut OsRng);
        let mut salt_bytes = [0u8; 64];
        let salt_bytes = salt
            .as_salt()
            .decode_b64(&mut salt_bytes)
            .map_err(hashing_error)?;
        let output = output_in(
            &argon2,
            password,
            salt_bytes,
            Params::DEFAULT_OUTPUT_LEN,
            &mut memory,
        )?;
        let phc = PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(&params).map_err(hashing_error)?,
            salt: Some(salt.as_salt()),
            hash: Some(output),
        };
        Ok(phc.to_string())
    })();
    (result, memory)
}

/// The argon2 output of `password` with `salt`, `len` bytes long, computed in `memory` (grown
/// to what the parameters ask, kept for the next hash).
fn output_in(
    argon2: &Argon2<'_>,
    password: &str,
    salt: &[u8],
    len: usize,
    memory: &mut Vec<Block>,
) -> Result<Output, InternalError> {
    memory.resize(argon2.params().block_count(), Block::default());
    Output::init_with(len, |out| {
        argon2
            .hash_password_into_with_memory(password.as_bytes(), salt, out, &mut memory[..])
            .map_err(|_| argon2::password_hash::Error::Crypto)
    })
    .map_err(hashing_error)
}

/// Whether `password` gives `stored` (or, with none, the same work on a dummy hash), computed
/// in `memory`, handed back.
fn verify_in(
    password: &str,
    stored: Option<&str>,
    mut memory: Vec<Block>,
) -> (Result<bool, InternalError>, Vec<Block>) {
    let result = (|| {
        let (hash, real) = match stored {
            Some(hash) => (hash, true),
            None => (DUMMY_HASH, false),
        };
        let parsed = PasswordHash::new(hash).map_err(hashing_error)?;
        let algorithm = Algorithm::try_from(parsed.algorithm).map_err(hashing_error)?;
        let version = parsed
            .version
            .map(Version::try_from)
            .transpose()
            .map_err(hashing_error)?
            .unwrap_or_default();
        let params = Params::try_from(&parsed).map_err(hashing_error)?;
        let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
            return Ok(false);
        };
        let mut salt_bytes = [0u8; 64];
        let salt_bytes = salt.decode_b64(&mut salt_bytes).map_err(hashing_error)?;
        let argon2 = Argon2::new(algorithm, version, params);
        let computed = output_in(&argon2, password, salt_bytes, expected.len(), &mut memory)?;
        // `Output`'s comparison takes the same time whatever differs.
        Ok(computed == expected && real)
    })();
    (result, memory)
}

pub async fn hash(password: String) -> Result<String, InternalError> {
    tokio::task::spawn_blocking(move || hash_in(&password, Vec::new()).0).await?
}

/// Verifies `password` against `stored`. With no stored hash (unknown account) it still
/// spends the same work on a dummy hash, so timing does not reveal which accounts exist.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, InternalError> {
    tokio::task::spawn_blocking(move || verify_in(&password, stored.as_deref(), Vec::new()).0)
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
    async fn hashes_agree_with_the_argon2_crates_own_hasher_both_ways() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let ours = hash("correct horse battery".into()).await.expect("hash");
        let parsed = PasswordHash::new(&ours).expect("PHC");
        assert!(Argon2::default()
            .verify_password(b"correct horse battery", &parsed)
            .is_ok());
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default()
            .hash_password(b"correct horse battery", &salt)
            .expect("hash")
            .to_string();
        assert!(verify("correct horse battery".into(), Some(theirs.clone()))
            .await
            .expect("verify"));
        assert!(!verify("correct horse batterx".into(), Some(theirs))
            .await
            .expect("verify"));
    }

    #[tokio::test]
    async fn a_hasher_keeps_one_working_memory_per_hash_at_once() {
        let hasher = Hasher::new(2, Duration::from_secs(30));
        let stored = hasher
            .hash("correct horse battery".into())
            .await
            .expect("hash");
        for _ in 0..3 {
            assert!(hasher
                .verify("correct horse battery".into(), Some(stored.clone()))
                .await
                .expect("verify"));
        }
        let kept = hasher.workspaces.0.lock().map(|m| m.len()).unwrap_or(0);
        assert_eq!(kept, 1, "one hash at a time used one working memory");
        let blocks = hasher.workspaces.0.lock().map(|m| m[0].len()).unwrap_or(0);
        assert_eq!(blocks, Params::default().block_count());
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
