//! The department registry: which backend each department's cases go to. Read by the routing
//! layer on every dispatch, so an operator's change applies without a redeploy.
use super::error::InternalError;
use crate::destination_keys::Destination;
use portal_types::domain::department_backend::{DepartmentBackend, HttpBackend};
use sqlx::PgPool;

/// Department, kind, base URL, signing key (plain hex from older versions, or sealed), timeout
/// (ms) and concurrency of a backend.
type BackendRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<Vec<u8>>,
    i32,
    i32,
);

/// `(department code, backend)` for every department, by code.
pub async fn list(pool: &PgPool) -> Result<Vec<(String, DepartmentBackend)>, InternalError> {
    let rows: Vec<BackendRow> = sqlx::query_as(
        "select d.code, coalesce(b.kind, 'workbench'), b.base_url, b.signing_key_hex,
                b.signing_key_sealed, coalesce(b.timeout_ms, 5000), coalesce(b.max_concurrency, 4)
         from departments d left join department_backends b on b.department_code = d.code
         order by d.code",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(code, kind, url, plain, sealed, timeout, max)| {
            let key = crate::destination_keys::sealers().open(
                &Destination::Department(&code),
                sealed.as_deref(),
                plain,
            );
            let backend = match (kind.as_str(), url, key) {
                ("http", Some(base_url), Some(signing_key_hex)) => {
                    DepartmentBackend::Http(HttpBackend {
                        base_url,
                        signing_key_hex,
                        timeout_ms: u32::try_from(timeout).unwrap_or(5000),
                        max_concurrency: u32::try_from(max).unwrap_or(1),
                    })
                }
                _ => DepartmentBackend::Workbench,
            };
            (code, backend)
        })
        .collect())
}

/// Sets a department's backend. `Ok(false)` when there is no such department.
pub async fn set(
    pool: &PgPool,
    department_code: &str,
    backend: &DepartmentBackend,
) -> Result<bool, InternalError> {
    let (kind, url, key, timeout, max) = match backend {
        DepartmentBackend::Workbench => ("workbench", None, None, 5000, 4),
        DepartmentBackend::Http(http) => (
            "http",
            Some(http.base_url.as_str()),
            Some(crate::destination_keys::sealers().seal(
                &Destination::Department(department_code),
                &http.signing_key_hex,
            )),
            i32::try_from(http.timeout_ms).unwrap_or(5000),
            i32::try_from(http.max_concurrency).unwrap_or(1),
        ),
    };
    let mut tx = pool.begin().await?;
    let changed = sqlx::query(
        "insert into department_backends
             (department_code, kind, base_url, signing_key_sealed, timeout_ms, max_concurrency)
         select code, $2, $3, $4, $5, $6 from departments where code = $1
         on conflict (department_code) do update set
             kind = excluded.kind, base_url = excluded.base_url, signing_key_hex = null,
             signing_key_sealed = excluded.signing_key_sealed, timeout_ms = excluded.timeout_ms,
             max_concurrency = excluded.max_concurrency, updated_at = now()",
    )
    .bind(department_code)
    .bind(kind)
    .bind(url)
    .bind(key)
    .bind(timeout)
    .bind(max)
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() == 1 {
        // Set from the command line on the portal's machine (`portal backend …`).
        let entry = crate::audit::Entry::operator(None, crate::audit::actions::BACKEND_SET)
            .with("department", serde_json::json!(department_code))
            .with("kind", serde_json::json!(kind))
            .with("base_url", serde_json::json!(url));
        crate::audit::record(&mut tx, &entry).await?;
    }
    tx.commit().await?;
    Ok(changed.rows_affected() == 1)
}
