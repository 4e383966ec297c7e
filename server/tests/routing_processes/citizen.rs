//! A registered citizen's browser on a running portal that files complete GA-004 applications
//! over HTTP, as a browser does: GET the form (a new application key), POST it multipart with three
//! PDFs, follow nothing (the 303 names the new case). Shared with `examples/bench_routing`, so it
//! returns errors rather than asserting.
use anyhow::{bail, Context};
use reqwest::multipart::{Form, Part};
use reqwest::{redirect, Client, StatusCode};
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

const PASSWORD: &str = "Lantern-river-42";

#[derive(Clone)]
pub struct Citizen {
    client: Client,
    base: Arc<str>,
}

/// The value of `attribute` in the first tag at or after `marker`.
pub fn attribute_after(html: &str, marker: &str, attribute: &str) -> Option<String> {
    let rest = &html[html.find(marker)?..];
    let needle = format!("{attribute}=\"");
    let at = rest.find(&needle)? + needle.len();
    let end = rest[at..].find('"')?;
    Some(rest[at..at + end].replace("&amp;", "&"))
}

/// A browser (cookie jar, no redirects followed) logged in through the login form.
pub async fn logged_in(base: &str, account: &str, password: &str) -> anyhow::Result<Client> {
    let client = Client::builder()
        .cookie_store(true)
        .redirect(redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()?;
    let login = client
        .get(format!("{base}/login"))
        .send()
        .await?
        .text()
        .await?;
    let token = attribute_after(&login, r#"name="csrf_token""#, "value").context("csrf")?;
    let response = client
        .post(format!("{base}/login"))
        .form(&[
            ("account", account),
            ("password", password),
            ("csrf_token", &token),
        ])
        .send()
        .await?;
    if response.status() != StatusCode::SEE_OTHER {
        bail!("login of {account} answered {}", response.status());
    }
    Ok(client)
}

impl Citizen {
    /// 张三 with an account in the portal's database (`pool`), logged in through the
    /// login form (the session lives in the portal's database). Registering proper, with a code
    /// sent to the mobile, is the identity tests' business; here the account is written directly.
    pub async fn register(base: &str, pool: &sqlx::PgPool) -> anyhow::Result<Citizen> {
        let answers: app::domain::registration::Answers = [
            ("real_name", "张三"),
            ("id_number", "11010519491231002X"),
            ("mobile", "13800138000"),
            ("password", PASSWORD),
            ("password_confirm", PASSWORD),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let registration = app::domain::registration::CitizenRegistration::parse(&answers)
            .map_err(|e| anyhow::anyhow!("invalid citizen: {e:?}"))?;
        let hasher = app::core::passwords::Hasher::per_core(Duration::from_secs(30));
        app::core::accounts::register_citizen(pool, &hasher, &registration)
            .await
            .context("the citizen's account")?;
        let client = logged_in(base, "13800138000", PASSWORD).await?;
        Ok(Citizen {
            client,
            base: base.into(),
        })
    }

    /// The same session on another portal of the same database.
    #[allow(dead_code)] // the benchmark uses one portal
    pub fn on(&self, base: &str) -> Citizen {
        Citizen {
            client: self.client.clone(),
            base: base.into(),
        }
    }

    /// The browser's submit: the form, then the complete multipart post. Returns the case id.
    pub async fn submit(&self) -> anyhow::Result<Uuid> {
        let html = self
            .client
            .get(format!("{}/apply/GA-004", self.base))
            .send()
            .await?
            .text()
            .await?;
        let action = attribute_after(&html, r#"class="application-form""#, "action")
            .or_else(|| attribute_after(&html, r#"<form method="post" action="/apply"#, "action"))
            .context("the application form")?;
        let key = attribute_after(&html, r#"name="application_key""#, "value").context("key")?;
        let mut form = Form::new()
            .text("action", "submit")
            .text("application_key", key)
            .text("applicant_address.district", "350102")
            .text("applicant_address.detail", "五一北路 1 号")
            .text("details", "出国留学需要无犯罪记录证明。");
        for (field, name, size) in [
            ("material_1", "申请表.pdf", 2000),
            ("material_2", "身份证.pdf", 3000),
            ("material_3", "委托书.pdf", 1500),
        ] {
            let mut bytes = b"%PDF-1.4\n".to_vec();
            bytes.resize(size, b'x');
            let part = Part::bytes(bytes)
                .file_name(name)
                .mime_str("application/pdf")?;
            form = form.part(field, part);
        }
        let response = self
            .client
            .post(format!("{}{action}", self.base))
            .multipart(form)
            .send()
            .await?;
        let to = response
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        if response.status() != StatusCode::SEE_OTHER || !to.contains("notice-case-submitted") {
            bail!("submit answered {} → {to:?}", response.status());
        }
        to.trim_start_matches("/cases/")
            .split(['/', '?'])
            .next()
            .and_then(|id| id.parse().ok())
            .context("case id")
    }

    /// `n` submits, `parallel` at a time; the ids in completion order.
    pub async fn submit_many(&self, n: usize, parallel: usize) -> anyhow::Result<Vec<Uuid>> {
        let mut ids = Vec::with_capacity(n);
        let mut pending = tokio::task::JoinSet::new();
        for _ in 0..n {
            if pending.len() >= parallel {
                ids.push(pending.join_next().await.context("a submit")???);
            }
            let me = self.clone();
            pending.spawn(async move { me.submit().await });
        }
        while let Some(id) = pending.join_next().await {
            ids.push(id??);
        }
        Ok(ids)
    }
}
