//! 通知: the account's latest notifications, newest first, each linking to its case. Viewing
//! the list changes nothing; "mark all as read" is a form post (`POST /notifications`), and
//! opening a case marks that case's notifications read.
use super::Loaded;
use crate::api::notifications::{load_notifications, NotificationItem};
use crate::components::form::{CsrfField, Notice};
use crate::i18n::{use_locale, Locale};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let locale = use_locale();
    let data = Resource::new(|| (), |_| load_notifications());
    view! {
        <Title text=locale.t("notifications-title")/>
        <h1>{locale.t("notifications-title")}</h1>
        <Notice/>
        <Loaded resource=data view=move |items| view! { <NotificationList items locale/> }/>
    }
}

#[component]
fn NotificationList(items: Vec<NotificationItem>, locale: Locale) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="empty">{locale.t("notifications-none")}</p> }.into_any();
    }
    let unread = items.iter().filter(|item| !item.read).count();
    view! {
        <p>{locale.t("notifications-intro")}</p>
        {(unread > 0).then(|| view! {
            <form method="post" action="/notifications" class="notifications-actions">
                <CsrfField/>
                <p>{locale.t_args("notifications-unread-count", &[("count", unread.to_string())])}</p>
                <button type="submit">{locale.t("notifications-mark-all-read")}</button>
            </form>
        })}
        <ol class="service-list notification-list">
            {items.into_iter().map(|item| view! { <NotificationEntry item locale/> }).collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
fn NotificationEntry(item: NotificationItem, locale: Locale) -> impl IntoView {
    let message = item.message(locale);
    let unread = !item.read;
    // Inside the link, so "unread" is part of its accessible name (lists of links too).
    let text = view! {
        {unread.then(|| view! { <span class="visually-hidden">{locale.t("notifications-unread-hidden")}</span> })}
        {if unread {
            view! { <strong>{message}</strong> }.into_any()
        } else {
            view! { <span>{message}</span> }.into_any()
        }}
    };
    let text = match item.case_path() {
        Some(path) => view! { <a href=path>{text}</a> }.into_any(),
        None => text.into_any(),
    };
    let reason = (!item.reason.is_empty())
        .then(|| locale.t_args("notifications-reason", &[("reason", item.reason.clone())]));
    view! {
        <li class="service-card notification" class:notification-unread=unread>
            <p>
                {unread.then(|| view! {
                    <span class="role-tag" aria-hidden="true">{locale.t("notifications-unread-tag")}</span>" "
                })}
                {text}
            </p>
            {reason.map(|reason| view! { <p>{reason}</p> })}
            <p class="hint">
                <time datetime=item.created_at.to_rfc3339()>{locale.datetime(item.created_at)}</time>
            </p>
        </li>
    }
}
