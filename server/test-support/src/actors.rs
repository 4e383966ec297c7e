//! Logged-in users of every role. The citizen is the app's own browser (most tests follow one
//! applicant); staff and the operator get browsers of their own, as they sit elsewhere.
use crate::test_app::{TestApp, PASSWORD};
use reqwest::StatusCode;
use std::ops::Deref;
use uuid::Uuid;

/// Valid resident ID numbers (GB 11643 check digit), distinct people.
pub const ID_A: &str = "11010519491231002X";
pub const ID_B: &str = "110101200001011232";
pub const ID_C: &str = "320106202002297770";

/// The second-factor secret of every staff account the tests create (the demo's too, so one
/// helper signs in both).
pub const TOTP_SECRET: &[u8] = server::demo::DEMO_TOTP_SECRET;

/// A logged-in account in a browser of its own.
pub struct Actor {
    pub browser: TestApp,
    pub account_id: Uuid,
}

impl Deref for Actor {
    type Target = TestApp;

    fn deref(&self) -> &TestApp {
        &self.browser
    }
}

/// A logged-in citizen whom the population register knows (so at real-name level 2, as most
/// residents are): registers (which logs in) in `app`'s browser.
pub async fn citizen(app: &TestApp, name: &str, id: &str, mobile: &str) {
    app.in_population_register(name, id).await;
    newcomer(app, name, id, mobile).await;
}

/// A logged-in citizen the population register does not know yet (real-name level 1).
pub async fn newcomer(app: &TestApp, name: &str, id: &str, mobile: &str) {
    let registered = app.register_citizen(name, id, mobile).await;
    assert_eq!(registered.status(), StatusCode::SEE_OTHER);
}

/// A logged-in member of staff (`clerk` or `supervisor`) of `department`, in a browser of
/// their own.
pub async fn staff_browser(
    app: &TestApp,
    role: &str,
    username: &str,
    name: &str,
    department: &str,
) -> (TestApp, Uuid) {
    let actor = app.staff(role, username, name, Some(department)).await;
    (actor.browser, actor.account_id)
}

/// Inserts a staff account (`role` `clerk`, `supervisor` or `operator`) with [`PASSWORD`] and
/// the second factor [`TOTP_SECRET`], and returns its id.
pub async fn insert_staff(
    app: &TestApp,
    role: &str,
    username: &str,
    name: &str,
    department: Option<&str>,
) -> Uuid {
    let hash = app::core::passwords::hash(PASSWORD.to_string())
        .await
        .expect("hash");
    let id = sqlx::query_scalar(
        "insert into accounts (role, username, display_name, department_code, password_hash)
         values ($1, $2, $3, $4, $5) returning id",
    )
    .bind(role)
    .bind(username)
    .bind(name)
    .bind(department)
    .bind(hash)
    .fetch_one(&app.pool)
    .await
    .expect("staff account");
    app::core::identity::second_factor::enrol_known_secret(&app.pool, id, TOTP_SECRET)
        .await
        .expect("a second factor");
    id
}

impl TestApp {
    /// Logs this browser in as 张三 ([`ID_A`]), a newly registered citizen.
    pub async fn citizen(&self) {
        citizen(self, "张三", ID_A, "13800138000").await;
    }

    /// Puts the test enterprise (示例餐饮有限公司, `91350100M000100Y43`, legal representative 张三
    /// [`ID_A`]) into the legal-entity register.
    pub async fn enterprise_in_register(&self) {
        self.in_entity_register("91350100M000100Y43", "示例餐饮有限公司", "张三", ID_A)
            .await;
    }

    /// Puts an active legal entity into the register (as 市场监管局's feed would).
    pub async fn in_entity_register(
        &self,
        credit_code: &str,
        name: &str,
        legal_rep: &str,
        legal_rep_id: &str,
    ) {
        sqlx::query(
            "insert into base_entities (credit_code, name, entity_type, industry,
                                        legal_rep_id_number, legal_rep_name, registered_address,
                                        status, source, source_version)
             values ($1, $2, '有限责任公司', '餐饮业', $3, $4, '福州市台江区工业路 88 号',
                     'active', 'SCJG', 1)
             on conflict (credit_code) do nothing",
        )
        .bind(credit_code)
        .bind(name)
        .bind(legal_rep_id)
        .bind(legal_rep)
        .execute(&self.pool)
        .await
        .expect("an entity in the legal-entity register");
    }

    /// Puts a live person into the population register (as 公安局's feed would), so that
    /// registering with this name and ID number gives level 2.
    pub async fn in_population_register(&self, name: &str, id_number: &str) {
        sqlx::query(
            "insert into base_people (id_number, name, sex, birth_date, household_address,
                                      status, source, source_version)
             values ($1, $2, 'female', date '1990-01-01', '福州市鼓楼区测试路1号', 'live', 'GA', 1)
             on conflict (id_number) do nothing",
        )
        .bind(id_number)
        .bind(name)
        .execute(&self.pool)
        .await
        .expect("a person in the population register");
    }

    /// Logs this browser in as 张三, the agent of a newly registered enterprise
    /// (示例餐饮有限公司, which 张三 registers as its legal representative).
    pub async fn enterprise_agent(&self) {
        self.enterprise_in_register().await;
        self.citizen().await;
        let registered = self
            .post_form(
                "/register/enterprise",
                &[
                    ("enterprise_name", "示例餐饮有限公司"),
                    ("credit_code", "91350100M000100Y43"),
                    ("legal_rep", "张三"),
                ],
            )
            .await;
        assert_eq!(registered.status(), StatusCode::SEE_OTHER, "enterprise");
    }

    /// Signs a member of staff (or a vendor's) in as they would: the password, then the code
    /// their authenticator app shows now. The account is first given [`TOTP_SECRET`] afresh
    /// (whatever it enrolled, and with no step used yet: a test may sign one account in
    /// several times within 30 seconds, where a real code of one step works only once, as
    /// `second_factor.rs` shows).
    pub async fn login_staff(&self, username: &str, password: &str) -> reqwest::Response {
        let account: Option<Uuid> =
            sqlx::query_scalar("select id from accounts where username = lower($1)")
                .bind(username)
                .fetch_optional(&self.pool)
                .await
                .expect("the account");
        if let Some(account) = account {
            app::core::identity::second_factor::enrol_known_secret(
                &self.pool,
                account,
                TOTP_SECRET,
            )
            .await
            .expect("the tests' second factor");
        }
        let first = self.login(username, password).await;
        if !crate::browser::location(&first).starts_with("/login/second-factor") {
            return first;
        }
        self.second_factor_code().await
    }

    /// Posts the code [`TOTP_SECRET`] gives now as this browser's second step.
    pub async fn second_factor_code(&self) -> reqwest::Response {
        let code = app::core::identity::totp::code_at(
            app::core::identity::totp::Algorithm::Sha1,
            TOTP_SECRET,
            chrono::Utc::now().timestamp(),
            app::core::identity::totp::DIGITS,
        );
        self.post_form("/login/second-factor", &[("code", &code)])
            .await
    }

    /// Enrols a second factor as a member of staff would after their password: reads the key
    /// the enrolment page shows (as typed into an app where no camera scans the QR code),
    /// posts the code it gives now, and returns the secret and the recovery codes shown.
    pub async fn enrol_second_factor(&self) -> (Vec<u8>, Vec<String>) {
        let (status, page) = self.get_html("/login/second-factor").await;
        assert_eq!(status, StatusCode::OK, "the enrolment page");
        let secret = page
            .split("data-secret")
            .nth(1)
            .and_then(|rest| rest.split('>').nth(1))
            .and_then(|rest| rest.split('<').next())
            .and_then(app::core::identity::totp::base32_decode)
            .unwrap_or_else(|| panic!("a key to type in: {page}"));
        let code = app::core::identity::totp::code_at(
            app::core::identity::totp::Algorithm::Sha1,
            &secret,
            chrono::Utc::now().timestamp(),
            app::core::identity::totp::DIGITS,
        );
        let enrolled = self
            .post_form(
                "/login/second-factor",
                &[("step", "enrol"), ("code", &code)],
            )
            .await;
        assert_eq!(enrolled.status(), StatusCode::OK, "enrolled");
        let html = enrolled.text().await.expect("the recovery codes page");
        let codes = html
            .split(r#"<li><code>"#)
            .skip(1)
            .filter_map(|rest| rest.split('<').next())
            .map(str::to_string)
            .collect();
        (secret, codes)
    }

    /// A member of staff with a new account, logged in in a browser of their own.
    pub async fn staff(
        &self,
        role: &str,
        username: &str,
        name: &str,
        department: Option<&str>,
    ) -> Actor {
        let account_id = insert_staff(self, role, username, name, department).await;
        let browser = self.other_browser();
        let response = browser.login_staff(username, PASSWORD).await;
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "{username} logs in"
        );
        Actor {
            browser,
            account_id,
        }
    }

    /// A clerk of `department` (username `clerk.<code>`), logged in.
    pub async fn clerk(&self, department: &str) -> Actor {
        let username = format!("clerk.{}", department.to_lowercase());
        self.staff("clerk", &username, "王窗口", Some(department))
            .await
    }

    /// A supervisor of `department` (username `supervisor.<code>`), logged in.
    pub async fn supervisor(&self, department: &str) -> Actor {
        let username = format!("supervisor.{}", department.to_lowercase());
        self.staff("supervisor", &username, "赵科长", Some(department))
            .await
    }

    /// The operator (username `operator`), logged in.
    pub async fn operator(&self) -> Actor {
        self.staff("operator", "operator", "运维", None).await
    }
}
