//! 工作日历: the operator keeps public holidays and adjusted working days (调休) up to date; every
//! deadline is computed from this calendar when it is read.
use super::Loaded;
use crate::api::calendar::{load_calendar_admin, CalendarAdmin, CalendarEntryKind};
use crate::components::form::{field_id, CsrfField, ErrorSummary, Notice};
use crate::i18n::{use_locale, Locale};
use crate::page_context::PageContext;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

pub const CALENDAR_FORM: &str = "calendar";

#[component]
pub fn CalendarAdminPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let year = move || query.with(|q| q.get("year").and_then(|y| y.parse::<i32>().ok()));
    let data = Resource::new(year, load_calendar_admin);
    view! {
        <Title text=locale.t("calendar-title")/>
        <h1>{locale.t("calendar-title")}</h1>
        <Notice/>
        <Loaded resource=data view=move |admin| view! { <CalendarView admin locale/> }/>
    }
}

#[component]
fn CalendarView(admin: CalendarAdmin, locale: Locale) -> impl IntoView {
    let echo = use_context::<PageContext>().and_then(|c| c.echo_for(CALENDAR_FORM).cloned());
    let value = |field: &str| {
        echo.as_ref()
            .and_then(|e| e.value(field))
            .unwrap_or("")
            .to_string()
    };
    let error = |field: &str| {
        echo.as_ref()
            .and_then(|e| e.error(field))
            .map(|c| locale.t(c))
    };
    let (day_error, kind_error, note_error) = (error("day"), error("kind"), error("note"));
    let chosen_kind = value("kind");
    let year = admin.year;
    view! {
        <nav class="filters" aria-label=locale.t("calendar-years")>
            <a href=format!("/admin/calendar?year={}", year - 1)>{(year - 1).to_string()}</a>" "
            <strong aria-current="page">{year.to_string()}</strong>" "
            <a href=format!("/admin/calendar?year={}", year + 1)>{(year + 1).to_string()}</a>
        </nav>
        {if admin.days.is_empty() {
            view! { <p class="empty">{locale.t_args("calendar-empty", &[("year", year.to_string())])}</p> }.into_any()
        } else {
            view! {
                <table>
                    <caption>{locale.t_args("calendar-caption", &[("year", year.to_string())])}</caption>
                    <thead><tr>
                        <th scope="col">{locale.t("calendar-day")}</th>
                        <th scope="col">{locale.t("calendar-kind")}</th>
                        <th scope="col">{locale.t("calendar-note")}</th>
                        <th scope="col"><span class="visually-hidden">{locale.t("calendar-actions")}</span></th>
                    </tr></thead>
                    <tbody>
                        {admin.days.into_iter().map(|d| view! {
                            <tr>
                                <td>{d.day.to_string()}</td>
                                <td>{locale.t(d.kind.label_key())}</td>
                                <td>{d.note.clone()}</td>
                                <td>
                                    <form method="post" action="/admin/calendar">
                                        <CsrfField/>
                                        <input type="hidden" name="action" value="remove"/>
                                        <input type="hidden" name="day" value=d.day.to_string()/>
                                        <button type="submit" class="link-button">
                                            {locale.t_args("calendar-remove", &[("day", d.day.to_string())])}
                                        </button>
                                    </form>
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <h2>{locale.t("calendar-add")}</h2>
        <ErrorSummary form=CALENDAR_FORM/>
        <form method="post" action="/admin/calendar" class="narrow" novalidate>
            <CsrfField/>
            <input type="hidden" name="action" value="add"/>
            <div class="field" class:field-has-error=day_error.is_some()>
                <label for=field_id(CALENDAR_FORM, "day")>{locale.t("calendar-day")}</label>
                {day_error.clone().map(|e| view! { <p class="field-error">{e}</p> })}
                <input type="date" id=field_id(CALENDAR_FORM, "day") name="day" value=value("day")
                    aria-invalid=day_error.is_some().then_some("true")/>
            </div>
            <div class="field" class:field-has-error=kind_error.is_some()>
                <label for=field_id(CALENDAR_FORM, "kind")>{locale.t("calendar-kind")}</label>
                {kind_error.clone().map(|e| view! { <p class="field-error">{e}</p> })}
                <select id=field_id(CALENDAR_FORM, "kind") name="kind" aria-invalid=kind_error.is_some().then_some("true")>
                    {CalendarEntryKind::ALL.into_iter().map(|k| view! {
                        <option value=k.as_str() selected=chosen_kind == k.as_str()>{locale.t(k.label_key())}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field" class:field-has-error=note_error.is_some()>
                <label for=field_id(CALENDAR_FORM, "note")>
                    {locale.t("calendar-note")}<span class="optional">{locale.t("field-optional")}</span>
                </label>
                {note_error.clone().map(|e| view! { <p class="field-error">{e}</p> })}
                <input type="text" id=field_id(CALENDAR_FORM, "note") name="note" value=value("note") maxlength="50"
                    aria-invalid=note_error.is_some().then_some("true")/>
            </div>
            <button type="submit">{locale.t("calendar-save")}</button>
        </form>
    }
}
