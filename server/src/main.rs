use server::cli::Command;
use server::config::Settings;
use server::startup::Application;

/// mimalloc instead of glibc's allocator, set to give freed memory back at once
/// (`portal_allocator`): glibc keeps the heap a request's large temporary buffers (page
/// rendering, compression) once grew to (`.ci/bench-sessions`).
#[global_allocator]
static ALLOCATOR: portal_allocator::MiMalloc = portal_allocator::MiMalloc;

fn main() -> anyhow::Result<()> {
    // Before the runtime starts its threads.
    portal_allocator::configure();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run())
}

async fn run() -> anyhow::Result<()> {
    server::telemetry::init();
    let command = Command::parse(std::env::args().skip(1))?;
    let settings = Settings::from_env()?;
    server::cli::run(command, settings, Application::build).await
}
