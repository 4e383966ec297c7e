use super::Loaded;
use crate::api::staff::{load_staff_admin, StaffAdmin};
use crate::components::form::{field_id, CsrfField, ErrorSummary, Field, Notice};
use crate::domain::roles::Role;
use crate::i18n::{use_locale, Locale};
use crate::page_context::PageContext;
use leptos::prelude::*;
use leptos_meta::Title;

pub const STAFF_FORM: &str = "staff";
/// The answer to a created account carries its one-time enrolment link under this name.
pub const ENROLMENT_LINK_FIELD: &str = "enrolment_link";

/// The platform operator creates staff accounts here; nobody can self-register as staff.
#[component]
pub fn StaffAdminPage() -> impl IntoView {
    let locale = use_locale();
    let admin = Resource::new(|| (), |_| load_staff_admin());
    view! {
        <Title text=locale.t("staff-title")/>
        <h1>{locale.t("staff-title")}</h1>
        <Notice/>
        <Loaded resource=admin view=move |admin| view! { <StaffAdminView admin locale/> }/>
    }
}

#[component]
fn StaffAdminView(admin: StaffAdmin, locale: Locale) -> impl IntoView {
    let echo = use_context::<PageContext>().and_then(|c| c.echo_for(STAFF_FORM).cloned());
    let chosen = |field: &str| {
        echo.as_ref()
            .and_then(|e| e.value(field))
            .unwrap_or("")
            .to_string()
    };
    let chosen_role = chosen("role");
    let chosen_department = chosen("department_code");
    let role_error = echo
        .as_ref()
        .and_then(|e| e.error("role"))
        .map(|c| locale.t(c));
    let department_error = echo
        .as_ref()
        .and_then(|e| e.error("department_code"))
        .map(|c| locale.t(c));
    let created = echo
        .as_ref()
        .and_then(|e| e.value(ENROLMENT_LINK_FIELD).map(str::to_string))
        .zip(
            echo.as_ref()
                .and_then(|e| e.value("created").map(str::to_string)),
        );
    view! {
        {created.map(|(link, username)| view! {
            <div class="notice" role="status">
                <p>{locale.t_args("staff-enrolment-link", &[("username", username)])}</p>
                <p><label for="staff-enrolment-link">{locale.t("staff-enrolment-link-label")}</label></p>
                <input id="staff-enrolment-link" type="text" readonly value=link class="wide"/>
            </div>
        })}
        <table>
            <caption>{locale.t("staff-list")}</caption>
            <thead><tr>
                <th scope="col">{locale.t("username")}</th>
                <th scope="col">{locale.t("display-name")}</th>
                <th scope="col">{locale.t("account-role")}</th>
                <th scope="col">{locale.t("account-department")}</th>
            </tr></thead>
            <tbody>
                {admin.staff.into_iter().map(|s| view! {
                    <tr>
                        <td>{s.username}</td>
                        <td>{s.display_name}</td>
                        <td>{locale.t(s.role.label_key())}</td>
                        <td>{s.department.map(|d| d.get(locale)).unwrap_or_default()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <h2>{locale.t("staff-create")}</h2>
        <ErrorSummary form=STAFF_FORM/>
        <form method="post" action="/admin/staff" novalidate class="narrow">
            <CsrfField/>
            <Field form=STAFF_FORM name="username" label="username" hint="username-hint" autocomplete="off"/>
            <Field form=STAFF_FORM name="display_name" label="display-name"/>
            <div class="field" class:field-has-error=role_error.is_some()>
                <label for=field_id(STAFF_FORM, "role")>{locale.t("account-role")}</label>
                {role_error.clone().map(|e| view! { <p class="field-error" id="staff-role-error">{e}</p> })}
                <select id=field_id(STAFF_FORM, "role") name="role" aria-invalid=role_error.is_some().then_some("true")>
                    {[Role::Clerk, Role::Supervisor, Role::Operator].into_iter().map(|r| view! {
                        <option value=r.as_str() selected=chosen_role == r.as_str()>{locale.t(r.label_key())}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field" class:field-has-error=department_error.is_some()>
                <label for=field_id(STAFF_FORM, "department_code")>{locale.t("account-department")}</label>
                <p class="hint">{locale.t("staff-department-hint")}</p>
                {department_error.clone().map(|e| view! { <p class="field-error">{e}</p> })}
                <select id=field_id(STAFF_FORM, "department_code") name="department_code" aria-invalid=department_error.is_some().then_some("true")>
                    <option value="">{locale.t("staff-no-department")}</option>
                    {admin.departments.into_iter().map(|(code, name)| view! {
                        <option value=code.clone() selected=chosen_department == code>{name.get(locale)}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit">{locale.t("staff-create-submit")}</button>
        </form>
    }
}
