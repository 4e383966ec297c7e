//! The signing keys shared with department and vendor systems, sealed at rest: each is
//! encrypted under a key derived from PORTAL_SECRET for this purpose only
//! ([`Sealer`]), bound to its destination (a sealed key copied to another row does not open).
//! Rotating PORTAL_SECRET: start with the new secret and the old one in
//! PORTAL_SECRET_PREVIOUS; keys still sealed under the old one open, and [`reseal_stored`]
//! (at every start) seals them again under the new one — no downtime, no lost key.
use crate::sealing::Sealer;
use sqlx::PgPool;
use uuid::Uuid;

const PURPOSE: &str = "destination-signing-keys";

/// The sealer of this portal's secret, and of the secrets it replaced.
pub struct Sealers {
    current: Sealer,
    previous: Vec<Sealer>,
}

impl Sealers {
    pub fn new(master: &[u8], previous: &[Vec<u8>]) -> Self {
        Self {
            current: Sealer::derive(master, PURPOSE),
            previous: previous
                .iter()
                .map(|m| Sealer::derive(m, PURPOSE))
                .collect(),
        }
    }

    pub fn seal(&self, destination: &Destination, key_hex: &str) -> Vec<u8> {
        self.current
            .seal(key_hex.as_bytes(), destination.context().as_bytes())
    }

    /// The key, and whether it was sealed under the current secret.
    fn open_sealed(&self, destination: &Destination, sealed: &[u8]) -> Option<(String, bool)> {
        let context = destination.context();
        if let Some(plain) = self.current.open(sealed, context.as_bytes()) {
            return String::from_utf8(plain).ok().map(|k| (k, true));
        }
        self.previous.iter().find_map(|sealer| {
            let plain = sealer.open(sealed, context.as_bytes())?;
            String::from_utf8(plain).ok().map(|k| (k, false))
        })
    }

    /// The hex key of a row: opened when sealed, else the plain value an older version stored.
    pub fn open(
        &self,
        destination: &Destination,
        sealed: Option<&[u8]>,
        plain: Option<String>,
    ) -> Option<String> {
        match sealed {
            Some(sealed) => self.open_sealed(destination, sealed).map(|(key, _)| key),
            None => plain,
        }
    }
}

/// Whose key a row holds.
pub enum Destination<'a> {
    Department(&'a str),
    Vendor(Uuid),
}

impl Destination<'_> {
    fn context(&self) -> String {
        match self {
            Self::Department(code) => format!("department:{code}"),
            Self::Vendor(id) => format!("vendor:{id}"),
        }
    }
}

static SEALERS: std::sync::OnceLock<Sealers> = std::sync::OnceLock::new();

/// Sets this process's sealers, once at start (one portal, one secret).
pub fn install(sealers: Sealers) {
    let _ = SEALERS.set(sealers);
}

/// This process's sealers (an empty secret if none was installed, as in a bare unit test).
pub fn sealers() -> &'static Sealers {
    SEALERS.get_or_init(|| Sealers::new(b"", &[]))
}

/// Seals every key still stored in plain text, and seals again under the current secret every
/// key sealed under a previous one. Returns how many rows changed. A key that no secret opens
/// is left as it is (and reported by the caller's log).
pub async fn reseal_stored(pool: &PgPool, sealers: &Sealers) -> Result<(u64, u64), sqlx::Error> {
    let mut changed = 0;
    let mut unreadable = 0;
    let departments: Vec<(String, Option<String>, Option<Vec<u8>>)> = sqlx::query_as(
        "select department_code, signing_key_hex, signing_key_sealed from department_backends
         where signing_key_hex is not null or signing_key_sealed is not null",
    )
    .fetch_all(pool)
    .await?;
    for (code, plain, sealed) in departments {
        let destination = Destination::Department(&code);
        let Some(sealed) = sealed_afresh(sealers, &destination, plain, sealed, &mut unreadable)
        else {
            continue;
        };
        sqlx::query(
            "update department_backends set signing_key_sealed = $2, signing_key_hex = null
             where department_code = $1",
        )
        .bind(&code)
        .bind(sealed)
        .execute(pool)
        .await?;
        changed += 1;
    }
    let vendors: Vec<(Uuid, Option<String>, Option<Vec<u8>>)> =
        sqlx::query_as("select vendor_id, signing_key_hex, signing_key_sealed from vendor_systems")
            .fetch_all(pool)
            .await?;
    for (vendor_id, plain, sealed) in vendors {
        let destination = Destination::Vendor(vendor_id);
        let Some(sealed) = sealed_afresh(sealers, &destination, plain, sealed, &mut unreadable)
        else {
            continue;
        };
        sqlx::query(
            "update vendor_systems set signing_key_sealed = $2, signing_key_hex = null
             where vendor_id = $1",
        )
        .bind(vendor_id)
        .bind(sealed)
        .execute(pool)
        .await?;
        changed += 1;
    }
    Ok((changed, unreadable))
}

/// The row's key sealed under the current secret, when it is plain or sealed under a previous
/// one; `None` when it already is (or no secret opens it, counted in `unreadable`).
fn sealed_afresh(
    sealers: &Sealers,
    destination: &Destination,
    plain: Option<String>,
    sealed: Option<Vec<u8>>,
    unreadable: &mut u64,
) -> Option<Vec<u8>> {
    let key = match (sealed, plain) {
        (Some(sealed), _) => match sealers.open_sealed(destination, &sealed) {
            Some((_, true)) => return None,
            Some((key, false)) => key,
            None => {
                *unreadable += 1;
                return None;
            }
        },
        (None, plain) => plain?,
    };
    Some(sealers.seal(destination, &key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_opens_only_for_its_destination_and_secret() {
        let sealers = Sealers::new(&[1; 32], &[]);
        let ga = Destination::Department("GA");
        let sealed = sealers.seal(&ga, "ab".repeat(32).as_str());
        assert_eq!(
            sealers.open(&ga, Some(&sealed), None),
            Some("ab".repeat(32))
        );
        assert_eq!(
            sealers.open(&Destination::Department("SCJG"), Some(&sealed), None),
            None
        );
        assert_eq!(
            Sealers::new(&[2; 32], &[]).open(&ga, Some(&sealed), None),
            None
        );
        // After rotation, the old secret still opens it (until it is sealed again).
        let rotated = Sealers::new(&[2; 32], &[vec![1; 32]]);
        assert_eq!(
            rotated.open_sealed(&ga, &sealed),
            Some(("ab".repeat(32), false))
        );
        assert!(!String::from_utf8_lossy(&sealed).contains(&"ab".repeat(32)));
    }
}
