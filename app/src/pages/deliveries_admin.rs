//! 投递失败: deliveries the routing layer gave up on (dead letters), to department systems and
//! to vendors' systems alike. The operator retries each (once the system is fixed) or abandons
//! it. Plain forms: works without JavaScript.
use super::Loaded;
use crate::api::deliveries::{load_dead_letters, DeadLetter};
use crate::components::form::{CsrfField, Notice};
use crate::i18n::{use_locale, Locale};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DeliveriesAdminPage() -> impl IntoView {
    let locale = use_locale();
    let data = Resource::new(|| (), |()| load_dead_letters());
    view! {
        <Title text=locale.t("deliveries-title")/>
        <h1>{locale.t("deliveries-title")}</h1>
        <p>{locale.t("deliveries-intro")}</p>
        <Notice/>
        <Loaded resource=data view=move |letters| view! { <DeadLetters letters locale/> }/>
    }
}

#[component]
fn DeadLetters(letters: Vec<DeadLetter>, locale: Locale) -> impl IntoView {
    if letters.is_empty() {
        return view! { <p class="empty">{locale.t("deliveries-empty")}</p> }.into_any();
    }
    view! {
        <table>
            <caption>{locale.t("deliveries-caption")}</caption>
            <thead><tr>
                <th scope="col">{locale.t("deliveries-case")}</th>
                <th scope="col">{locale.t("deliveries-department")}</th>
                <th scope="col">{locale.t("deliveries-event")}</th>
                <th scope="col">{locale.t("deliveries-attempts")}</th>
                <th scope="col">{locale.t("deliveries-dead-at")}</th>
                <th scope="col">{locale.t("deliveries-reason")}</th>
                <th scope="col"><span class="visually-hidden">{locale.t("deliveries-actions")}</span></th>
            </tr></thead>
            <tbody>
                {letters.into_iter().map(|d| {
                    let id = d.id.to_string();
                    let number = d.subject.clone();
                    view! {
                        <tr>
                            <td><a href=d.subject_href.clone()>{d.subject.clone()}</a></td>
                            <td>{d.destination.clone()}</td>
                            <td><code>{d.event.clone()}</code></td>
                            <td>{d.attempts.to_string()}</td>
                            <td>{d.dead_at.format("%Y-%m-%d %H:%M:%S UTC").to_string()}</td>
                            <td>{d.reason.clone()}</td>
                            <td>
                                <form method="post" action="/admin/deliveries">
                                    <CsrfField/>
                                    <input type="hidden" name="id" value=id.clone()/>
                                    <button type="submit" name="action" value="retry">
                                        {locale.t_args("deliveries-retry", &[("number", number.clone())])}
                                    </button>
                                    " "
                                    <button type="submit" name="action" value="abandon" class="secondary">
                                        {locale.t_args("deliveries-abandon", &[("number", number)])}
                                    </button>
                                </form>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
