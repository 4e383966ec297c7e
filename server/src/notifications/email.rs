//! Renders one notification e-mail: the words come from the Fluent files
//! (`app/locales/{zh-CN,en}/email.ftl`), the layout from the askama templates in
//! `server/templates/email/` (a plain-text and an HTML body; the HTML one escapes every value).
use app::i18n::Locale;
use askama::Template;

/// A rendered e-mail, ready to be put into a MIME message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderedEmail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The values an outbox row's `params` carries (all strings; missing ones are empty).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EmailParams {
    pub case_number: String,
    pub service_zh: String,
    pub service_en: String,
    pub reason: String,
    pub case_path: String,
}

impl EmailParams {
    /// Reads the known keys of a JSON object; anything else (or a non-object) is ignored.
    pub fn from_json(params: &serde_json::Value) -> Self {
        let get = |key: &str| {
            params
                .get(key)
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default()
                .trim()
                .to_string()
        };
        Self {
            case_number: get("case_number"),
            service_zh: get("service_zh"),
            service_en: get("service_en"),
            reason: get("reason"),
            case_path: get("case_path"),
        }
    }
}

/// Everything the templates show, already translated.
struct Words {
    lang: &'static str,
    portal: String,
    subject: String,
    greeting: String,
    body: String,
    reason: Option<String>,
    follow: String,
    link: String,
    footer: String,
}

#[derive(Template)]
#[template(path = "email/notification.txt")]
struct TextBody<'a> {
    m: &'a Words,
}

#[derive(Template)]
#[template(path = "email/notification.html")]
struct HtmlBody<'a> {
    m: &'a Words,
}

/// The subject and body for `template`, or the generic ones when the translation files have
/// no messages for it (new templates still produce a sensible "your case changed" mail).
fn subject_and_body(locale: Locale, template: &str, args: &[(&str, String)]) -> (String, String) {
    // A missing message comes back as its id (`Locale::has` cannot be used: it looks messages
    // up without their arguments, which fails for every message with a variable).
    let lookup = |id: String| {
        let text = locale.t_args(&id, args);
        (text != id).then_some(text)
    };
    let well_formed = !template.is_empty()
        && template
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    let specific = if well_formed {
        lookup(format!("email-{template}-subject")).zip(lookup(format!("email-{template}-body")))
    } else {
        None
    };
    specific.unwrap_or_else(|| {
        (
            locale.t_args("email-generic-subject", args),
            locale.t_args("email-generic-body", args),
        )
    })
}

/// The absolute link to the case: `site_url` followed by the row's path. Only a plain absolute
/// path is accepted (not `//host/…` nor a full URL), so a mail never links off the portal.
pub fn case_link(site_url: &str, case_path: &str) -> String {
    let base = site_url.trim_end_matches('/');
    let safe = case_path.starts_with('/')
        && !case_path.starts_with("//")
        && !case_path.contains('\\')
        && !case_path.chars().any(char::is_whitespace);
    if safe {
        format!("{base}{case_path}")
    } else {
        format!("{base}/")
    }
}

pub fn render(
    locale: Locale,
    template: &str,
    params: &EmailParams,
    site_url: &str,
) -> Result<RenderedEmail, askama::Error> {
    let service = locale
        .pick(&params.service_zh, &params.service_en)
        .to_string();
    let args = [
        ("case_number", params.case_number.clone()),
        ("service", service),
    ];
    let (subject, body) = subject_and_body(locale, template, &args);
    let reason = (!params.reason.is_empty())
        .then(|| locale.t_args("email-reason", &[("reason", params.reason.clone())]));
    let words = Words {
        lang: locale.tag(),
        portal: locale.t("portal-name"),
        subject: one_line(&subject),
        greeting: locale.t("email-greeting"),
        body,
        reason,
        follow: locale.t("email-follow"),
        link: case_link(site_url, &params.case_path),
        footer: locale.t("email-footer"),
    };
    Ok(RenderedEmail {
        subject: words.subject.clone(),
        text: TextBody { m: &words }.render()?,
        html: HtmlBody { m: &words }.render()?,
    })
}

/// A subject is one header line: no line breaks whatever the parameters hold.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn params() -> EmailParams {
        EmailParams {
            case_number: "SCJG-20261122-0001".into(),
            service_zh: "食品经营许可".into(),
            service_en: "Food business licence".into(),
            reason: String::new(),
            case_path: "/cases/6f1c".into(),
        }
    }

    #[test]
    fn every_template_has_both_languages() {
        let args = [
            ("case_number", "X-1".to_string()),
            ("service", "S".to_string()),
        ];
        for template in [
            "case-submitted",
            "case-accepted",
            "case-refused-at-intake",
            "case-supplement-requested",
            "case-resubmitted",
            "case-supplement-withdrawn",
            "case-approved",
            "case-denied",
            "case-withdrawn",
            "generic",
        ] {
            for locale in Locale::ALL {
                for part in ["subject", "body"] {
                    let key = format!("email-{template}-{part}");
                    let text = locale.t_args(&key, &args);
                    assert!(text != key, "{} lacks {key}", locale.tag());
                    assert!(text.contains("X-1"), "{key}: {text}");
                }
            }
        }
        for key in ["email-greeting", "email-follow", "email-footer"] {
            assert!(Locale::ZhCn.has(key) && Locale::En.has(key), "{key}");
        }
        for locale in Locale::ALL {
            let reason = locale.t_args("email-reason", &[("reason", "R".to_string())]);
            assert!(reason.ends_with('R'), "{reason}");
        }
    }

    #[test]
    fn both_email_files_define_the_same_messages() {
        fn ids(ftl: &str) -> std::collections::BTreeSet<&str> {
            ftl.lines()
                .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
                .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim()))
                .collect()
        }
        let zh = ids(include_str!("../../../app/locales/zh-CN/email.ftl"));
        let en = ids(include_str!("../../../app/locales/en/email.ftl"));
        assert_eq!(zh, en);
    }

    #[test]
    fn renders_in_the_mail_language() {
        let zh = render(
            Locale::ZhCn,
            "case-accepted",
            &params(),
            "https://p.example/",
        )
        .expect("render");
        assert!(zh.subject.contains("SCJG-20261122-0001"));
        assert!(zh.subject.contains("已受理"));
        assert!(zh.text.contains("食品经营许可"));
        assert!(zh.text.contains("https://p.example/cases/6f1c"));
        assert!(zh.html.contains(r#"<html lang="zh-CN">"#));
        assert!(zh.html.contains(r#"href="https://p.example/cases/6f1c""#));
        assert!(!zh.text.contains("原因"));

        let en =
            render(Locale::En, "case-accepted", &params(), "https://p.example").expect("render");
        assert_eq!(en.subject, "Case SCJG-20261122-0001 accepted");
        assert!(en.text.contains("Food business licence"));
        assert!(en.html.contains(r#"<html lang="en">"#));
    }

    #[test]
    fn reason_is_shown_and_escaped_in_html() {
        let mut p = params();
        p.reason = "缺少<营业执照> & \"签字\"".into();
        let mail = render(Locale::ZhCn, "case-denied", &p, "https://p.example").expect("render");
        assert!(mail.text.contains("原因：缺少<营业执照> & \"签字\""));
        assert!(
            mail.html
                .contains("缺少&#60;营业执照&#62; &#38; &#34;签字&#34;")
                || mail
                    .html
                    .contains("缺少&lt;营业执照&gt; &amp; &quot;签字&quot;")
        );
        assert!(!mail.html.contains("<营业执照>"));
    }

    #[test]
    fn unknown_templates_fall_back_to_a_generic_text() {
        let mail = render(
            Locale::En,
            "case-teleported",
            &params(),
            "https://p.example",
        )
        .expect("render");
        assert_eq!(mail.subject, "Case SCJG-20261122-0001 updated");
        assert!(mail.text.contains("Food business licence"));
    }

    #[test]
    fn english_falls_back_to_the_chinese_service_name() {
        let mut p = params();
        p.service_en = String::new();
        let mail = render(Locale::En, "case-approved", &p, "https://p.example").expect("render");
        assert!(mail.text.contains("食品经营许可"));
    }

    #[test]
    fn links_stay_on_the_portal() {
        assert_eq!(
            case_link("https://p.example/", "/cases/1"),
            "https://p.example/cases/1"
        );
        assert_eq!(
            case_link("https://p.example", "//evil.example/x"),
            "https://p.example/"
        );
        assert_eq!(
            case_link("https://p.example", "https://evil.example"),
            "https://p.example/"
        );
        assert_eq!(case_link("https://p.example", ""), "https://p.example/");
    }
}
