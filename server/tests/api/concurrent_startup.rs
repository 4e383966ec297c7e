//! Starting an application never stalls the pages another one in the same process is rendering.
//! Listing the app's routes suppresses resources through a process-wide flag (leptos-rs/leptos
//! #4773): a page whose resource was first polled meanwhile never answered. Every HTTP test
//! builds its application while others serve, and this hung a test now and then.
use portal_test_support::{spawn_app, test_settings, Options};
use reqwest::StatusCode;
use server::config::DatabaseSettings;
use server::startup::Application;
use std::time::Duration;

#[tokio::test]
async fn pages_render_while_other_applications_start_in_the_same_process() {
    let app = spawn_app().await;
    let options = (*app.pool.connect_options()).clone();
    let files_dir = std::env::temp_dir().join(format!(
        "portal_startup_{}",
        hex::encode(rand::random::<[u8; 6]>())
    ));
    // Other applications start on another thread, the way other tests start theirs.
    let starter = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async move {
            let pool = sqlx::PgPool::connect_with(options).await.expect("pool");
            for _ in 0..40 {
                let settings = test_settings(
                    DatabaseSettings::Url(String::new()),
                    files_dir.clone(),
                    Options::default(),
                );
                let started = Application::build_with_pool(settings, pool.clone())
                    .await
                    .expect("another application");
                drop(started);
            }
        });
    });
    let mut rendered = 0;
    while !starter.is_finished() || rendered < 40 {
        // A search is rendered for each query (never from the page cache) and loads a resource.
        let path = format!("/services?q=%E8%BA%AB%E4%BB%BD{rendered}");
        let response = tokio::time::timeout(Duration::from_secs(20), app.get_html(&path))
            .await
            .unwrap_or_else(|_| panic!("{path} did not answer while applications started"));
        assert_eq!(response.0, StatusCode::OK, "{path}");
        rendered += 1;
    }
    starter.join().expect("the other applications started");
}
