//! The real portal on port 0 over a fresh database, and a browser on it.
use crate::browser::{browser, extract_csrf};
use app::core::throttle::ThrottlePolicy;
use reqwest::cookie::{CookieStore, Jar};
use reqwest::{Client, Response, StatusCode};
use server::config::{DatabaseSettings, Settings};
use server::startup::Application;
use sqlx::PgPool;
use std::sync::Arc;

/// The password of every account the tests create.
pub const PASSWORD: &str = "Lantern-river-42";
/// The base of links in the test apps' e-mails.
pub const TEST_SITE_URL: &str = "https://portal.test";

/// A running portal on a fresh database, and a browser-like client (keeps cookies,
/// does not follow redirects so tests can see them).
pub struct TestApp {
    pub address: String,
    pub pool: PgPool,
    pub client: Client,
    pub jar: Arc<Jar>,
    /// The SMS gateway the portal sends its text messages to (the registrants' phones).
    pub sms: crate::sms_gateway::SmsGateway,
}

pub struct Options {
    pub throttle: ThrottlePolicy,
    /// Generous by default: tests register many people from one address.
    pub registration: app::core::throttle::RegistrationPolicy,
    /// Concurrent password hashes (`None`: one per core) and the wait for one.
    pub hashing_permits: Option<usize>,
    pub hashing_wait: std::time::Duration,
    pub client_ip_header: Option<String>,
    pub body_limit_bytes: usize,
    /// An SMTP server (e.g. a `smtp_sink::SmtpSink`): the app starts its mail worker.
    pub smtp_url: Option<String>,
    /// An SMS gateway: the app starts its SMS worker. [`spawn_app_with`] sets its own (the
    /// [`TestApp::sms`] the test reads); for [`test_settings`] alone, none by default.
    pub sms_url: Option<String>,
    /// Deliveries to department systems; `workers: 0` runs no dispatcher (tests drive it).
    pub delivery: server::routing::DeliverySettings,
    /// Send Strict-Transport-Security, as a portal whose site URL is https does.
    pub hsts: bool,
    /// Request time limits (body arrival, answer).
    pub deadlines: server::web::deadlines::Deadlines,
    /// Over HTTPS (Secure, `__Host-` cookies), as a portal whose site URL is https.
    pub secure_cookies: bool,
    /// How stale a signed-in session gets before a request writes it again.
    pub session_touch_after: std::time::Duration,
    /// The built site (its `pkg` holds the assets); `target/site` by default.
    pub site_root: Option<String>,
    /// The build's asset hashes (a fingerprinted site), if any.
    pub hash_file: Option<std::path::PathBuf>,
    /// Who may read `/metrics` (loopback by default, as the portal's own default).
    pub metrics: server::metrics::MetricsSettings,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            throttle: ThrottlePolicy::default(),
            registration: app::core::throttle::RegistrationPolicy {
                window_minutes: 60,
                max_per_address: 10_000,
            },
            hashing_permits: None,
            hashing_wait: std::time::Duration::from_secs(30),
            client_ip_header: None,
            body_limit_bytes: 64 * 1024,
            smtp_url: None,
            sms_url: None,
            delivery: server::routing::DeliverySettings::default(),
            hsts: false,
            deadlines: Default::default(),
            secure_cookies: false,
            session_touch_after: std::time::Duration::from_secs(300),
            site_root: None,
            hash_file: None,
            metrics: server::metrics::MetricsSettings::default(),
        }
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(Options::default()).await
}

pub async fn spawn_app_with(mut options: Options) -> TestApp {
    let sms = crate::sms_gateway::SmsGateway::start().await;
    options.sms_url = Some(sms.url.clone());
    let (name, url) = crate::db::fresh_database("portal_test").await;
    // The portal's own pool settings, as `serve` makes them.
    let pool = server::db::pool_options(server::config::POOL_CONNECTIONS)
        .connect(&url)
        .await
        .expect("connect to the test database");
    server::db::migrate(&pool).await.expect("migrate");
    let settings = test_settings(
        DatabaseSettings::Url(url),
        std::env::temp_dir().join(&name).join("files"),
        options,
    );
    let application = Application::build_with_pool(settings, pool.clone())
        .await
        .expect("build");
    let address = format!("http://{}", application.local_addr().expect("addr"));
    tokio::spawn(application.run_until_stopped());
    let (client, jar) = browser();
    TestApp {
        address,
        pool,
        client,
        jar,
        sms,
    }
}

/// The settings of a test portal on port 0 with `database`, keeping files in `files_dir`.
pub fn test_settings(
    database: DatabaseSettings,
    files_dir: std::path::PathBuf,
    options: Options,
) -> Settings {
    Settings {
        addr: "127.0.0.1:0".parse().expect("addr"),
        database,
        pool_connections: server::config::POOL_CONNECTIONS,
        site_root: options.site_root.unwrap_or_else(|| "target/site".into()),
        hash_file: options.hash_file,
        csrf_key: vec![7; 32],
        secret_configured: true,
        secure_cookies: options.secure_cookies,
        hsts: options.hsts,
        body_limit_bytes: options.body_limit_bytes,
        session_idle_minutes: 30,
        session_touch_after: options.session_touch_after,
        throttle: options.throttle,
        registration: options.registration,
        hashing_permits: options.hashing_permits,
        hashing_wait: options.hashing_wait,
        client_ip_header: options.client_ip_header,
        mail: server::notifications::MailSettings {
            smtp_url: options.smtp_url,
            ..server::notifications::MailSettings::disabled(TEST_SITE_URL)
        },
        sms: server::notifications::sms::SmsSettings {
            url: options.sms_url,
            token: crate::sms_gateway::TOKEN.into(),
            max_attempts: 3,
        },
        files_url: None,
        files_dir,
        upload_limit_bytes: 32 * 1024 * 1024,
        delivery: options.delivery,
        near_deadline_working_days: 2,
        deadlines: options.deadlines,
        audit_checkpoint: None,
        previous_secrets: Vec::new(),
        metrics: options.metrics,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    pub async fn get_html(&self, path: &str) -> (StatusCode, String) {
        let response = self.get(path).await;
        let status = response.status();
        (status, response.text().await.expect("body"))
    }

    /// The CSRF token the portal embeds in its forms for this client.
    pub async fn csrf_token(&self) -> String {
        let (_, html) = self.get_html("/login").await;
        extract_csrf(&html).expect("page has a CSRF token")
    }

    /// Posts a form like a browser would, with this client's CSRF token.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let token = self.csrf_token().await;
        let mut body: Vec<(&str, &str)> = fields.to_vec();
        body.push(("csrf_token", &token));
        self.client
            .post(self.url(path))
            .form(&body)
            .send()
            .await
            .expect("POST")
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        let url = reqwest::Url::parse(&self.address).expect("url");
        let header = self.jar.cookies(&url)?;
        header
            .to_str()
            .ok()?
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    }

    /// Moves a case's acceptance to `day` (as if accepted then) and recomputes its stored due
    /// dates, as the transition that accepted it would have.
    pub async fn set_accepted_on(&self, case_id: uuid::Uuid, day: chrono::NaiveDate) {
        let mut conn = self.pool.acquire().await.expect("connection");
        sqlx::query("update cases set accepted_on = $2 where id = $1")
            .bind(case_id)
            .bind(day)
            .execute(&mut *conn)
            .await
            .expect("accepted_on");
        app::core::cases::deadlines::refresh(&mut conn, &[case_id])
            .await
            .expect("due dates");
    }

    /// Moves a case's acceptance `days` calendar days back.
    pub async fn backdate_acceptance(&self, case_id: uuid::Uuid, days: i64) {
        let accepted: chrono::NaiveDate =
            sqlx::query_scalar("select accepted_on from cases where id = $1")
                .bind(case_id)
                .fetch_one(&self.pool)
                .await
                .expect("an accepted case");
        self.set_accepted_on(case_id, accepted - chrono::Duration::days(days))
            .await;
    }

    /// Registers as a person would: asks for a code for `mobile`, reads it from the phone (the
    /// SMS gateway) and posts the form with it. Returns the code request's answer when it did
    /// not send a code (a refused mobile, a spent budget), else the registration's. Earlier
    /// codes for the mobile are first aged past the resend interval, as if a minute had passed.
    pub async fn register_citizen(&self, name: &str, id_number: &str, mobile: &str) -> Response {
        sqlx::query(
            "update one_time_codes set issued_at = issued_at - interval '61 seconds'
             where mobile = $1",
        )
        .bind(mobile)
        .execute(&self.pool)
        .await
        .expect("age earlier codes");
        let received = self.sms.inbox.to(mobile).len();
        let sent = self
            .post_form("/register/code", &[("mobile", mobile)])
            .await;
        if sent.status() != reqwest::StatusCode::OK {
            return sent;
        }
        let code = self.sms.code(mobile, received + 1).await;
        self.post_form(
            "/register",
            &[
                ("real_name", name),
                ("id_number", id_number),
                ("mobile", mobile),
                ("code", &code),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await
    }

    pub async fn login(&self, account: &str, password: &str) -> Response {
        self.post_form("/login", &[("account", account), ("password", password)])
            .await
    }

    /// A second, independent browser on the same portal.
    pub fn other_browser(&self) -> TestApp {
        let (client, jar) = browser();
        TestApp {
            address: self.address.clone(),
            pool: self.pool.clone(),
            sms: self.sms.clone(),
            client,
            jar,
        }
    }
}
