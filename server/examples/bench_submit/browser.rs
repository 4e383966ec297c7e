//! One citizen's browser on the running portal, as the benchmark's clients: logs in through the
//! login form, then files GA-004 (无犯罪记录证明) applications the way a browser posts the form
//! (multipart; every field of the form, empty file inputs included).
use anyhow::{bail, Context};
use reqwest::multipart::{Form, Part};
use reqwest::{Client, StatusCode};
use uuid::Uuid;

// The login and page reading of the routing tests' citizen.
#[path = "../../tests/routing_processes/citizen.rs"]
#[allow(dead_code)] // its Citizen files whole applications; here only the login is shared
mod citizen;
use citizen::{attribute_after, logged_in};

pub const SERVICE: &str = "GA-004";

pub struct Browser {
    client: Client,
    base: String,
    /// The session's CSRF token (the forms carry it in their action).
    token: String,
}

/// The case id in a `/cases/{id}…` location.
fn case_in(location: &str) -> Option<Uuid> {
    location
        .trim_start_matches("/cases/")
        .split(['/', '?'])
        .next()?
        .parse()
        .ok()
}

/// The form's text answers; with `files`, the three required PDFs (6.5 kB), else the three file
/// inputs empty, as a browser sends them when nothing new was chosen.
fn application(files: bool) -> anyhow::Result<Form> {
    let mut form = Form::new()
        .text("applicant_address.district", "350102")
        .text("applicant_address.detail", "五一北路 1 号")
        .text("details", "出国留学需要无犯罪记录证明。");
    for (field, name, size) in [
        ("material_1", "申请表.pdf", 2000),
        ("material_2", "身份证.pdf", 3000),
        ("material_3", "委托书.pdf", 1500),
    ] {
        let part = if files {
            let mut bytes = b"%PDF-1.4\n".to_vec();
            bytes.resize(size, b'x');
            Part::bytes(bytes)
                .file_name(name)
                .mime_str("application/pdf")?
        } else {
            Part::bytes(Vec::new())
                .file_name("")
                .mime_str("application/octet-stream")?
        };
        form = form.part(field, part);
    }
    Ok(form)
}

impl Browser {
    /// Logs in with `mobile` and `password`.
    pub async fn log_in(base: &str, mobile: &str, password: &str) -> anyhow::Result<Browser> {
        let client = logged_in(base, mobile, password).await?;
        let mut browser = Browser {
            client,
            base: base.to_string(),
            token: String::new(),
        };
        // The session was cycled at login: the token of the new one.
        let (action, _) = browser.open_form().await?;
        browser.token = action
            .split_once("csrf_token=")
            .map(|(_, t)| t.to_string())
            .context("the form's token")?;
        Ok(browser)
    }

    /// GET the application form: its action and a new application key.
    pub async fn open_form(&self) -> anyhow::Result<(String, String)> {
        let html = self
            .client
            .get(format!("{}/apply/{SERVICE}", self.base))
            .send()
            .await?
            .text()
            .await?;
        // The action of the `<form>` tag whose class is application-form.
        let form_tag = html
            .find(r#"class="application-form""#)
            .and_then(|at| html[..at].rfind("<form"))
            .map(|start| &html[start..]);
        let Some(action) = form_tag.and_then(|tag| attribute_after(tag, "<form", "action")) else {
            let title = html
                .split_once("<title>")
                .and_then(|(_, t)| t.split_once("</title>"))
                .map_or("", |(t, _)| t);
            bail!("no application form on /apply/{SERVICE}: the page is {title:?}");
        };
        let key = attribute_after(&html, r#"name="application_key""#, "value").context("key")?;
        Ok((action, key))
    }

    async fn post(&self, path: &str, form: Form) -> anyhow::Result<(StatusCode, String)> {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .multipart(form)
            .send()
            .await?;
        let location = response
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        Ok((response.status(), location))
    }

    /// The first post of a new application (`action` and `key` from `open_form`): "save" keeps
    /// a draft, "submit" files it. The case id.
    pub async fn post_new(&self, action: &str, key: &str, intent: &str) -> anyhow::Result<Uuid> {
        let form = application(true)?
            .text("action", intent.to_string())
            .text("application_key", key.to_string());
        let (status, location) = self.post(action, form).await?;
        let expected = if intent == "submit" {
            "notice-case-submitted"
        } else {
            "notice-draft-saved"
        };
        if status != StatusCode::SEE_OTHER || !location.contains(expected) {
            bail!("{intent} answered {status} → {location:?}");
        }
        case_in(&location).context("case id")
    }

    /// Submits the saved draft `case`: the edit form posted with its answers and no new file.
    pub async fn submit_draft(&self, case: Uuid) -> anyhow::Result<()> {
        let form = application(false)?.text("action", "submit");
        let path = format!("/cases/{case}/edit?csrf_token={}", self.token);
        let (status, location) = self.post(&path, form).await?;
        if status != StatusCode::SEE_OTHER || !location.contains("notice-case-submitted") {
            bail!("submitting draft {case} answered {status} → {location:?}");
        }
        Ok(())
    }
}
