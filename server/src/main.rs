use server::cli::Command;
use server::config::Settings;
use server::startup::Application;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    server::telemetry::init();
    let command = Command::parse(std::env::args().skip(1))?;
    let settings = Settings::from_env()?;
    server::cli::run(command, settings, Application::build).await
}
