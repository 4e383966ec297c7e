//! The reference department backend (see `server::reference_backend`): configured by
//! `REFBACKEND_*` variables and/or the JSON file named by `REFBACKEND_CONFIG`.
use server::reference_backend::{Config, ReferenceBackend};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    server::telemetry::init();
    let config = Config::from_env()?;
    let departments: Vec<&str> = config.departments.iter().map(|d| d.code.as_str()).collect();
    tracing::info!(?departments, portal = %config.portal_url, "reference department backend");
    let backend = ReferenceBackend::build(config).await?;
    // Tests and scripts read this line to learn the port (the address may be :0).
    println!("listening on {}", backend.address());
    backend.serve_until_signal().await
}
