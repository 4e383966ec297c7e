use crate::components::form::CsrfField;
use crate::domain::roles::Role;
use crate::i18n::{use_locale, Locale};
use crate::page_context::PageContext;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let locale = use_locale();
    view! {
        <a class="skip-link" href="#main">{locale.t("skip-to-content")}</a>
        <header class="site-header">
            <div class="wrap header-row">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"政"</span>
                    <span>{locale.t("portal-name")}</span>
                </a>
                <nav class="main-nav" aria-label=locale.t("nav-main")>
                    <ul>
                        <li><a href="/services">{locale.t("nav-services")}</a></li>
                        <li><a href="/services?audience=citizen">{locale.t("nav-citizens")}</a></li>
                        <li><a href="/services?audience=enterprise">{locale.t("nav-enterprises")}</a></li>
                        <li><a href="/market">{locale.t("nav-market")}</a></li>
                    </ul>
                </nav>
                <div class="header-tools">
                    <LanguageSwitch/>
                    <UserMenu/>
                </div>
            </div>
        </header>
        <main id="main" tabindex="-1" class="wrap">
            {children()}
        </main>
        <footer class="site-footer">
            <div class="wrap">
                <p>{locale.t("footer-operator")}</p>
                <p>{locale.t("footer-hotline")}</p>
            </div>
        </footer>
    }
}

/// A form, so it works without JavaScript and is protected like every other post.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let locale = use_locale();
    let location = use_location();
    let next = move || {
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{search}", location.pathname.get())
        }
    };
    let other = match locale {
        Locale::ZhCn => Locale::En,
        Locale::En => Locale::ZhCn,
    };
    view! {
        <form class="lang-switch" method="post" action="/language">
            <CsrfField/>
            <input type="hidden" name="next" value=next/>
            <input type="hidden" name="lang" value=other.tag()/>
            <button type="submit">
                <span class="visually-hidden">{locale.t("switch-language-label")}": "</span>
                <span lang=other.tag()>{other.t("language-name")}</span>
            </button>
        </form>
    }
}

#[component]
fn UserMenu() -> impl IntoView {
    let locale = use_locale();
    let user = use_context::<PageContext>().and_then(|ctx| ctx.user);
    match user {
        Some(user) => view! {
            <div class="user-menu">
                <a href="/account" class="user-name">
                    {user.display_name.clone()}
                    <span class="role-tag">{locale.t(user.role.label_key())}</span>
                </a>
                {(user.role == Role::Citizen).then(|| view! { <a href="/cases">{locale.t("nav-my-applications")}</a> })}
                {{
                    // Everyone gets notifications: applicants about their cases, supervisors
                    // about overdue cases of their department.
                    let unread = user.unread_notifications;
                    view! {
                        // The count is part of the link's text, so its accessible name says it too.
                        <a href="/notifications" class="notifications-link">
                            {locale.t("nav-notifications")}
                            {(unread > 0).then(|| view! {
                                " "<span class="badge-count role-tag"><span aria-hidden="true">"("{unread}")"</span>
                                    <span class="visually-hidden">{locale.t_args("unread-notifications", &[("count", unread.to_string())])}</span>
                                </span>
                            })}
                        </a>
                    }
                }}
                {user.role.needs_department()
                    .then(|| view! { <a href="/workbench">{locale.t("wb-nav")}</a> })}
                {(user.role == Role::Citizen)
                    .then(|| view! { <a href="/market/mine">{locale.t("nav-my-cloud-services")}</a> })}
                {user.role.is_vendor()
                    .then(|| view! { <a href="/vendor">{locale.t("nav-vendor-console")}</a> })}
                {(user.role == Role::Operator)
                    .then(|| view! {
                        <a href="/admin/market">{locale.t("nav-market-admin")}</a>
                        <a href="/admin/staff">{locale.t("nav-staff-admin")}</a>
                        <a href="/admin/calendar">{locale.t("nav-calendar-admin")}</a>
                        <a href="/admin/deliveries">{locale.t("nav-deliveries-admin")}</a>
                    })}
                <form method="post" action="/logout">
                    <CsrfField/>
                    <button type="submit" class="link-button">{locale.t("logout")}</button>
                </form>
            </div>
        }
        .into_any(),
        None => view! {
            <div class="user-menu">
                <a href="/login">{locale.t("login")}</a>
                <a href="/register" class="button-secondary">{locale.t("register")}</a>
            </div>
        }
        .into_any(),
    }
}
