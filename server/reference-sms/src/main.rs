//! The reference SMS gateway (see the `reference_sms` library): `REFSMS_ADDR`, `REFSMS_TOKEN`.
use tracing_subscriber::{fmt, EnvFilter};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // Already initialised is fine.
    drop(
        fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .try_init(),
    );
    let config = reference_sms::Config::from_env()?;
    let (listener, inbox) = reference_sms::bind(&config).await?;
    // Scripts read this line to learn the port (the address may be :0).
    println!("listening on {}", listener.local_addr()?);
    let app = reference_sms::router(&config.token, inbox);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
