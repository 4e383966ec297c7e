use super::account_registrations::{OwnRegistrations, ToConfirm};
use super::Loaded;
use crate::api::account::{load_account_overview, AccountOverview, AgentStatus, Membership};
use crate::components::form::{CsrfField, ErrorSummary, Field, Notice};
use crate::domain::email;
use crate::i18n::{use_locale, Locale};
use leptos::prelude::*;
use leptos_meta::Title;

/// The echo key of the invitation form of one enterprise.
pub fn invite_form(enterprise_id: &uuid::Uuid) -> String {
    format!("invite-{enterprise_id}")
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let locale = use_locale();
    let overview = Resource::new(|| (), |_| load_account_overview());
    view! {
        <Title text=locale.t("account-title")/>
        <h1>{locale.t("account-title")}</h1>
        <Notice/>
        <Loaded resource=overview view=move |overview| view! { <Overview overview locale/> }/>
    }
}

#[component]
fn Overview(overview: AccountOverview, locale: Locale) -> impl IntoView {
    let is_citizen = overview.role == crate::domain::roles::Role::Citizen;
    view! {
        <section aria-labelledby="profile-title" class="card">
            <h2 id="profile-title">{locale.t("account-profile")}</h2>
            <dl class="guide-facts">
                <dt>{locale.t("real-name")}</dt><dd>{overview.display_name.clone()}</dd>
                <dt>{locale.t("account-role")}</dt><dd>{locale.t(overview.role.label_key())}</dd>
                {overview.department.as_ref().map(|d| view! { <dt>{locale.t("account-department")}</dt><dd>{d.get(locale)}</dd> })}
                {overview.masked_id_number.clone().map(|id| view! { <dt>{locale.t("id-number")}</dt><dd>{id}</dd> })}
                {overview.masked_mobile.clone().map(|m| view! { <dt>{locale.t("mobile")}</dt><dd>{m}</dd> })}
                {overview.real_name_level.map(|(level, source)| view! {
                    <dt>{locale.t("account-real-name-level")}</dt>
                    <dd>{locale.t(level.label_key())}" · "{locale.t(source.label_key())}</dd>
                })}
            </dl>
            <p><a href="/account/password">{locale.t("password-change-title")}</a></p>
            {is_citizen.then(|| view! { <p><a href="/account/mobile">{locale.t("mobile-change-title")}</a></p> })}
        </section>
        {is_citizen.then(|| view! { <ToConfirm rows=overview.to_confirm.clone() locale/> })}
        {is_citizen.then(|| view! { <EmailForm current=overview.email.clone() locale/> })}
        {is_citizen.then(|| view! {
            <section aria-labelledby="enterprises-title">
                <h2 id="enterprises-title">{locale.t("account-enterprises")}</h2>
                {(overview.memberships.is_empty() && overview.registrations.is_empty()).then(|| view! { <p>{locale.t("account-no-enterprises")}</p> })}
                <OwnRegistrations rows=overview.registrations.clone() locale/>
                {overview.memberships.into_iter().map(|m| view! { <MembershipCard membership=m locale/> }).collect_view()}
                <p><a href="/register/enterprise">{locale.t("register-enterprise-link")}</a></p>
            </section>
        })}
    }
}

/// The contact address for notification e-mails; a blank field removes it.
#[component]
fn EmailForm(current: Option<String>, locale: Locale) -> impl IntoView {
    let form = email::FORM;
    view! {
        <section aria-labelledby="email-title" class="card">
            <h2 id="email-title">{locale.t("account-email-title")}</h2>
            <dl class="guide-facts">
                <dt>{locale.t("account-email-current")}</dt>
                <dd>{current.clone().unwrap_or_else(|| locale.t("account-email-none"))}</dd>
            </dl>
            <ErrorSummary form=form/>
            <form method="post" action="/account" novalidate>
                <CsrfField/>
                <input type="hidden" name="form" value=form/>
                <Field
                    form=form
                    name=email::FIELD
                    label="account-email"
                    kind="email"
                    hint="account-email-hint"
                    autocomplete="email"
                    inputmode="email"
                    required=false
                    value=current.unwrap_or_default()
                />
                <button type="submit">{locale.t("account-email-save")}</button>
            </form>
        </section>
    }
}

#[component]
fn MembershipCard(membership: Membership, locale: Locale) -> impl IntoView {
    let m = membership;
    let id = m.enterprise_id;
    let form = invite_form(&id);
    view! {
        <article class="card">
            <h3>{m.enterprise_name.clone()}</h3>
            <dl class="guide-facts">
                <dt>{locale.t("credit-code")}</dt><dd>{m.credit_code.clone()}</dd>
                <dt>{locale.t("legal-rep")}</dt><dd>{m.legal_rep.clone()}</dd>
                <dt>{locale.t("agent-role")}</dt>
                <dd>{locale.t(if m.is_admin { "agent-admin" } else { "agent" })}" · "{locale.t(m.status.label_key())}</dd>
            </dl>
            {(m.status == AgentStatus::Invited).then(|| view! {
                <form method="post" action=format!("/account/enterprises/{id}/accept")>
                    <CsrfField/>
                    <button type="submit">{locale.t("agent-accept")}</button>
                </form>
            })}
            {(m.is_admin && m.status == AgentStatus::Active).then(|| view! {
                <h4>{locale.t("agents-title")}</h4>
                <table>
                    <thead><tr>
                        <th scope="col">{locale.t("agent-who")}</th>
                        <th scope="col">{locale.t("mobile")}</th>
                        <th scope="col">{locale.t("agent-role")}</th>
                        <th scope="col"><span class="visually-hidden">{locale.t("actions")}</span></th>
                    </tr></thead>
                    <tbody>
                        {m.agents.into_iter().map(|a| {
                            let revocable = a.status != AgentStatus::Revoked && !a.is_admin;
                            let who = a.name.clone().unwrap_or_else(|| a.masked_id_number.clone());
                            let label = locale.t_args("agent-revoke-label", &[("name", who.clone())]);
                            view! {
                                <tr>
                                    <td>{who}</td>
                                    <td>{a.masked_mobile.clone()}</td>
                                    <td>{locale.t(if a.is_admin { "agent-admin" } else { "agent" })}" · "{locale.t(a.status.label_key())}</td>
                                    <td>{revocable.then(|| view! {
                                        <form method="post" action=format!("/account/enterprises/{id}/agents/{}/revoke", a.account_id)>
                                            <CsrfField/>
                                            <button type="submit" class="button-secondary" aria-label=label>{locale.t("agent-revoke")}</button>
                                        </form>
                                    })}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <h4>{locale.t("agent-invite-title")}</h4>
                <ErrorSummary form=form.clone()/>
                <form method="post" action="/account" novalidate>
                    <CsrfField/>
                    <input type="hidden" name="enterprise_id" value=id.to_string()/>
                    <Field form=form.clone() name="mobile" label="mobile" kind="tel" inputmode="tel" autocomplete="off"/>
                    <Field form=form.clone() name="id_number" label="id-number" autocomplete="off"/>
                    <button type="submit">{locale.t("agent-invite")}</button>
                </form>
            })}
        </article>
    }
}
