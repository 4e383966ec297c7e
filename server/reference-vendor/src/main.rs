//! The reference vendor system (see the `reference_vendor` library): configured by
//! `REFVENDOR_*` variables and/or the JSON file named by `REFVENDOR_CONFIG`.
use reference_vendor::{Config, ReferenceVendor};
use tracing_subscriber::{fmt, EnvFilter};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    init_logging();
    let config = Config::from_env()?;
    let vendors: Vec<String> = config.vendors.iter().map(|v| v.id.to_string()).collect();
    tracing::info!(?vendors, "reference vendor system");
    let vendor = ReferenceVendor::build(config).await?;
    // Tests and scripts read this line to learn the port (the address may be :0).
    println!("listening on {}", vendor.address());
    vendor.serve_until_signal().await
}

/// As the portal logs (stderr, `RUST_LOG`, `PORTAL_LOG_JSON=1` for JSON lines), so scripts that
/// run both read one format.
fn init_logging() {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let result = if std::env::var("PORTAL_LOG_JSON").is_ok_and(|v| v == "1") {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
    // Already initialised is fine.
    drop(result);
}
