//! argon2id hashing, always off the async executor (it takes tens of milliseconds by design).
use super::error::InternalError;
use argon2::password_hash::{rand_core::OsRng, Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::sync::atomic::{AtomicUsize, Ordering};
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

/// The argon2 working memory (19 MiB each), at most one per permit, reused while hashes
/// follow one another and freed when none is running or waiting. Allocating it for every hash
/// of a burst fragmented the heap (1,000 logins left glibc's heap at 555 MB resident); keeping
/// it for the process's life held 19 MiB per core that a quiet portal never uses (38 MB of
/// the 1,000-session benchmark's resident memory on two cores, 300 MB on sixteen).
#[derive(Debug, Default)]
struct Workspaces {
    kept: Mutex<Vec<Vec<Block>>>,
    /// Requests that want a hash: waiting for a permit or hashing.
    wanting: AtomicUsize,
    /// Working memories allocated so far (a reused one is not counted).
    allocated: AtomicUsize,
}

/// One request's place among those wanting a hash, for as long as it lives.
struct Wanting<'a>(&'a AtomicUsize);

impl<'a> Wanting<'a> {
    fn enter(wanting: &'a AtomicUsize) -> Self {
        wanting.fetch_add(1, Ordering::SeqCst);
        Self(wanting)
    }
}

impl Drop for Wanting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Workspaces {
    fn kept(&self) -> std::sync::MutexGuard<'_, Vec<Vec<Block>>> {
        self.kept
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn take(&self) -> Vec<Block> {
        self.kept().pop().unwrap_or_else(|| {
            self.allocated.fetch_add(1, Ordering::Relaxed);
            Vec::new()
        })
    }

    /// Keeps `memory` for the next hash when another request wants one (the caller is still
    /// counted in `wanting`); otherwise frees it and any kept from earlier in the burst.
    fn give_back(&self, memory: Vec<Block>) {
        let mut kept = self.kept();
        if self.wanting.load(Ordering::SeqCst) > 1 {
            kept.push(memory);
        } else {
            kept.clear();
            kept.shrink_to_fit();
        }
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
        let _wanting = Wanting::enter(&self.workspaces.wanting);
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
        let _wanting = Wanting::enter(&self.workspaces.wanting);
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
    async fn a_burst_of_hashes_reuses_one_working_memory_per_permit_and_frees_them_after() {
        let hasher = Hasher::new(2, Duration::from_secs(30));
        let stored = hasher
            .hash("correct horse battery".into())
            .await
            .expect("hash");
        assert_eq!(hasher.workspaces.kept().len(), 0, "freed when nobody waits");
        // Eight logins at once through two permits.
        let logins: Vec<_> = (0..8)
            .map(|_| {
                let (hasher, stored) = (hasher.clone(), stored.clone());
                tokio::spawn(async move {
                    hasher
                        .verify("correct horse battery".into(), Some(stored))
                        .await
                })
            })
            .collect();
        for login in logins {
            assert!(login.await.expect("task").expect("verify"));
        }
        // The first hash allocated one; the burst at most one per permit more.
        let allocated = hasher.workspaces.allocated.load(Ordering::Relaxed);
        assert!((2..=3).contains(&allocated), "{allocated} working memories");
        assert_eq!(
            hasher.workspaces.kept().len(),
            0,
            "all freed after the burst"
        );
        assert_eq!(hasher.workspaces.wanting.load(Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn a_working_memory_is_kept_only_while_another_hash_waits() {
        let workspaces = Workspaces::default();
        let memory = workspaces.take();
        {
            let _me = Wanting::enter(&workspaces.wanting);
            let _other = Wanting::enter(&workspaces.wanting);
            workspaces.give_back(memory);
        }
        assert_eq!(workspaces.kept().len(), 1);
        let memory = workspaces.take();
        assert_eq!(workspaces.allocated.load(Ordering::Relaxed), 1, "reused");
        let _me = Wanting::enter(&workspaces.wanting);
        workspaces.give_back(memory);
        assert_eq!(workspaces.kept().len(), 0);
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
