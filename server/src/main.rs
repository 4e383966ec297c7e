use server::cli::Command;
use server::config::Settings;
use server::startup::Application;

/// mimalloc instead of glibc's allocator: glibc keeps the heap a request's large temporary
/// buffers (page rendering, compression) once grew to, and the portal's resident memory
/// climbed with every connection it ever served (`.ci/bench-sessions`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    server::telemetry::init();
    let command = Command::parse(std::env::args().skip(1))?;
    let settings = Settings::from_env()?;
    server::cli::run(command, settings, Application::build).await
}
