//! The portal's published single sign-on keys, as a vendor's tool keeps them: fetched, cached
//! by JWKS address, fetched again for an unknown key id (so rotations need no restart) at most
//! every few seconds.
use portal_protocol::sso::Jwks;
use std::collections::HashMap;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// An unknown key id makes at most one fetch per address in this period (no fetch storms from
/// forged tokens).
const REFETCH_AFTER: Duration = Duration::from_secs(10);

/// The portal's published keys by JWKS address, with when they were fetched.
#[derive(Default)]
pub struct JwksCache {
    entries: Mutex<HashMap<String, (Jwks, Instant)>>,
}

impl JwksCache {
    pub(crate) async fn keys_for(
        &self,
        client: &reqwest::Client,
        url: &str,
        kid: &str,
    ) -> Option<Jwks> {
        let mut entries = self.entries.lock().await;
        let fresh_enough = match entries.get(url) {
            Some((jwks, _)) if jwks.key(kid).is_some() => return Some(jwks.clone()),
            Some((_, at)) => at.elapsed() < REFETCH_AFTER,
            None => false,
        };
        if !fresh_enough {
            match fetch(client, url).await {
                Ok(jwks) => {
                    entries.insert(url.to_string(), (jwks, Instant::now()));
                }
                Err(e) => {
                    tracing::warn!(url, error = %e, "reference vendor: fetching the JWKS failed")
                }
            }
        }
        entries.get(url).map(|(jwks, _)| jwks.clone())
    }
}

async fn fetch(client: &reqwest::Client, url: &str) -> reqwest::Result<Jwks> {
    client
        .get(url)
        .timeout(Duration::from_secs(5))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await
}
