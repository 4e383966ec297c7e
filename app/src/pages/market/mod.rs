//! The cloud marketplace's pages: the SME's catalogue, product, compare, order and "my cloud
//! services"; the vendor's application and console; the operator's reviews and programmes.
//! Every page works without JavaScript: filters are GET forms, actions are form posts.
pub mod admin;
pub mod catalogue;
pub mod mine;
pub mod order;
pub mod product;
pub mod review;
pub mod subscription;
pub mod vendor;
pub mod vendor_listing;

use crate::components::form::field_id;
use crate::i18n::use_locale;
use crate::page_context::PageContext;
use leptos::prelude::*;
use portal_types::domain::market::listing::{format_percent, format_yuan};

/// Money as people read it: ¥ and yuan with fen when there are any.
pub fn yuan(fen: i64) -> String {
    format!("¥{}", format_yuan(fen))
}

pub fn percent(bp: u32) -> String {
    format!("{}%", format_percent(bp))
}

/// The marketplace's own navigation, shown on its public pages.
#[component]
pub fn MarketNav() -> impl IntoView {
    let locale = use_locale();
    let role = use_context::<PageContext>()
        .and_then(|c| c.user)
        .map(|u| u.role);
    view! {
        <nav class="sub-nav" aria-label=locale.t("market-nav")>
            <a href="/market">{locale.t("market-title")}</a>
            {(role == Some(crate::domain::roles::Role::Citizen))
                .then(|| view! { <a href="/market/mine">{locale.t("market-mine-title")}</a> })}
            {role.is_none().then(|| view! { <a href="/vendor/apply">{locale.t("market-vendor-apply-title")}</a> })}
        </nav>
    }
}

/// A labelled input whose name is built at run time (plan rows), with its error from a
/// refused post and the posted value back in it.
#[component]
pub fn Input(
    #[prop(into)] form: String,
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] value: String,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: Option<String>,
    #[prop(optional)] inputmode: Option<&'static str>,
) -> impl IntoView {
    let locale = use_locale();
    let echo = use_context::<PageContext>().and_then(|c| c.echo_for(&form).cloned());
    let id = field_id(&form, &name);
    let error = echo
        .as_ref()
        .and_then(|e| e.error(&name))
        .map(|code| locale.t(code));
    let value = echo
        .as_ref()
        .and_then(|e| e.value(&name))
        .map(str::to_string)
        .unwrap_or(value);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = match (&hint, &error) {
        (Some(_), Some(_)) => Some(format!("{hint_id} {error_id}")),
        (Some(_), None) => Some(hint_id.clone()),
        (None, Some(_)) => Some(error_id.clone()),
        (None, None) => None,
    };
    view! {
        <div class="field" class:field-has-error=error.is_some()>
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            {error.clone().map(|e| view! { <p class="field-error" id=error_id.clone()>{e}</p> })}
            <input id=id name=name type=kind value=value inputmode=inputmode
                aria-invalid=error.is_some().then_some("true") aria-describedby=described/>
        </div>
    }
}

/// A labelled multi-line input, like [`Input`].
#[component]
pub fn TextArea(
    #[prop(into)] form: String,
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] value: String,
    #[prop(default = 4)] rows: u32,
) -> impl IntoView {
    let locale = use_locale();
    let echo = use_context::<PageContext>().and_then(|c| c.echo_for(&form).cloned());
    let id = field_id(&form, &name);
    let error = echo
        .as_ref()
        .and_then(|e| e.error(&name))
        .map(|code| locale.t(code));
    let value = echo
        .as_ref()
        .and_then(|e| e.value(&name))
        .map(str::to_string)
        .unwrap_or(value);
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:field-has-error=error.is_some()>
            <label for=id.clone()>{label}</label>
            {error.clone().map(|e| view! { <p class="field-error" id=error_id.clone()>{e}</p> })}
            <textarea id=id name=name rows=rows aria-invalid=error.is_some().then_some("true")
                aria-describedby=error.is_some().then_some(error_id.clone())>{value}</textarea>
        </div>
    }
}

/// A yes/no declaration.
#[component]
pub fn Checkbox(
    #[prop(into)] form: String,
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(optional)] checked: bool,
) -> impl IntoView {
    let echo = use_context::<PageContext>().and_then(|c| c.echo_for(&form).cloned());
    let id = field_id(&form, &name);
    let checked = match &echo {
        Some(echo) => echo.value(&name).is_some_and(|v| v == "on"),
        None => checked,
    };
    view! {
        <div class="field field-checkbox">
            <input type="checkbox" id=id.clone() name=name checked=checked/>
            <label for=id>{label}</label>
        </div>
    }
}
