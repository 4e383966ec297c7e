use super::Loaded;
use crate::api::catalogue::{load_facets, Audience, Topic};
use crate::components::form::Notice;
use crate::i18n::{use_locale, Locale};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let locale = use_locale();
    let facets = Resource::new(|| (), |_| load_facets());
    view! {
        <Title text=""/>
        <Notice/>
        <section class="hero" aria-labelledby="hero-title">
            <h1 id="hero-title">{locale.t("home-title")}</h1>
            <p class="lead">{locale.t("home-lead")}</p>
            <form class="search-box" method="get" action="/services" role="search">
                <label for="home-q">{locale.t("search-label")}</label>
                <div class="search-row">
                    <input id="home-q" name="q" type="search" placeholder=locale.t("search-placeholder")/>
                    <button type="submit">{locale.t("search-button")}</button>
                </div>
            </form>
        </section>
        <Loaded resource=facets view=move |facets| {
                                {
                        let citizen: Vec<Topic> = facets.topics.iter().filter(|t| t.audience == Audience::Citizen).cloned().collect();
                        let enterprise: Vec<Topic> = facets.topics.iter().filter(|t| t.audience == Audience::Enterprise).cloned().collect();
                        view! {
                            <div class="home-columns">
                                <TopicList title=locale.t("home-citizen-topics") topics=citizen locale/>
                                <TopicList title=locale.t("home-enterprise-topics") topics=enterprise locale/>
                            </div>
                            <section aria-labelledby="departments-title">
                                <h2 id="departments-title">{locale.t("home-departments")}</h2>
                                <ul class="department-grid">
                                    {facets.departments.into_iter().map(|d| view! {
                                        <li>
                                            <a href=format!("/services?department={}", d.code)>{d.name.get(locale)}</a>
                                            <span class="count">{locale.t_args("service-count", &[("count", d.service_count.to_string())])}</span>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            </section>
                        }.into_any()
                    }
        }/>
    }
}

#[component]
fn TopicList(title: String, topics: Vec<Topic>, locale: Locale) -> impl IntoView {
    view! {
        <section class="topic-list">
            <h2>{title}</h2>
            <ul class="topic-grid">
                {topics.into_iter().map(|t| view! {
                    <li><a href=format!("/services?topic={}", t.code)>{t.name.get(locale)}</a></li>
                }).collect_view()}
            </ul>
        </section>
    }
}
