//! argon2id hashing, always off the async executor (it takes tens of milliseconds by design).
use super::error::InternalError;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;

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
}
