//! The reference department backend (see the `reference_department` library): configured by
//! `REFBACKEND_*` variables and/or the JSON file named by `REFBACKEND_CONFIG`.
use reference_department::{Config, ReferenceBackend};
use tracing_subscriber::{fmt, EnvFilter};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    init_logging();
    let config = Config::from_env()?;
    let departments: Vec<&str> = config.departments.iter().map(|d| d.code.as_str()).collect();
    tracing::info!(?departments, portal = %config.portal_url, "reference department backend");
    let backend = ReferenceBackend::build(config).await?;
    // Tests and scripts read this line to learn the port (the address may be :0).
    println!("listening on {}", backend.address());
    backend.serve_until_signal().await
}

/// As the portal logs (stderr, `RUST_LOG`, `PORTAL_LOG_JSON=1` for JSON lines), so scripts that
/// run both read one format; kept here because this system shares no code with the portal's edge.
fn init_logging() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_sessions=warn"));
    let builder = fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let result = if std::env::var("PORTAL_LOG_JSON").is_ok_and(|v| v == "1") {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
    // Already initialised is fine.
    drop(result);
}
