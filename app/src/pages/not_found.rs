use crate::i18n::use_locale;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    let locale = use_locale();
    super::set_status(404);
    view! {
        <Title text=locale.t("not-found-title")/>
        <h1>{locale.t("not-found-title")}</h1>
        <p>{locale.t("not-found-body")}</p>
        <p><a href="/services">{locale.t("nav-services")}</a></p>
    }
}
