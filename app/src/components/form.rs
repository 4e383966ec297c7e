//! Accessible form pieces: labelled fields with their errors, an error summary linking to the
//! fields, and the CSRF token. Values and errors come back from the server after a refused post;
//! with JavaScript on, fields also check themselves as the user leaves them (same rules as the server).
use crate::domain::registration::check_field;
use crate::i18n::use_locale;
use crate::page_context::{PageContext, CSRF_FIELD};
use leptos::prelude::*;

fn page_context() -> PageContext {
    use_context::<PageContext>().unwrap_or_else(crate::page_context::current)
}

/// Which error a field shows: the server's from the refused post until the user edits the
/// field, then the browser's own check (set on leaving the field).
pub struct FieldErrorState {
    pub client_error: RwSignal<Option<String>>,
    pub edited: RwSignal<bool>,
    pub shown: Signal<Option<String>>,
}

impl FieldErrorState {
    pub fn new(server_error: Option<String>) -> Self {
        let client_error: RwSignal<Option<String>> = RwSignal::new(None);
        let edited = RwSignal::new(false);
        let shown = Signal::derive(move || {
            if edited.get() {
                client_error.get()
            } else {
                server_error.clone()
            }
        });
        Self {
            client_error,
            edited,
            shown,
        }
    }
}

pub fn field_id(form: &str, name: &str) -> String {
    format!("{form}-{name}")
}

#[component]
pub fn CsrfField() -> impl IntoView {
    view! { <input type="hidden" name=CSRF_FIELD value=page_context().csrf_token/> }
}

/// Lists every error of `form`, each a link to its field; focused when shown so screen
/// readers announce it (WCAG 3.3.1).
#[component]
pub fn ErrorSummary(#[prop(into)] form: String) -> impl IntoView {
    let locale = use_locale();
    let errors = page_context()
        .echo_for(&form)
        .map(|echo| echo.errors.clone())
        .unwrap_or_default();
    (!errors.is_empty()).then(|| {
        let title_id = format!("{form}-error-summary-title");
        view! {
            <div class="error-summary" role="alert" tabindex="-1" aria-labelledby=title_id.clone() autofocus>
                <h2 id=title_id.clone()>{locale.t("error-summary-title")}</h2>
                <ul>
                    {errors
                        .into_iter()
                        .map(|e| {
                            let message = e.message(locale);
                            if e.field.is_empty() {
                                view! { <li>{message}</li> }.into_any()
                            } else {
                                let href = format!("#{}", field_id(&form, &e.field));
                                // rel=external: the browser itself follows the fragment and focuses the field
                                view! { <li><a href=href rel="external">{message}</a></li> }.into_any()
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        }
    })
}

/// A labelled input. `label` and `hint` are translation keys.
#[component]
pub fn Field(
    #[prop(into)] form: String,
    name: &'static str,
    label: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(default = true)] required: bool,
    #[prop(optional)] value: Option<String>,
) -> impl IntoView {
    let locale = use_locale();
    let echo = page_context().echo_for(&form).cloned();
    let server_error = echo
        .as_ref()
        .and_then(|e| e.error(name))
        .map(str::to_string);
    let initial = echo
        .as_ref()
        .and_then(|e| e.value(name))
        .map(str::to_string)
        .or(value);
    // Everything text is settled here, on the server: the island gets it as props.
    view! {
        <FieldControl
            id=field_id(&form, name)
            name=name.to_string()
            label=locale.t(label)
            optional=(!required).then(|| locale.t("field-optional"))
            kind=kind.to_string()
            hint=hint.map(|hint| locale.t(hint))
            autocomplete=autocomplete.map(str::to_string)
            inputmode=inputmode.map(str::to_string)
            required
            value=initial
            server_error
            locale
        />
    }
}

/// The interactive part of [`Field`]: with JavaScript, the field checks itself when left
/// (the shared rules of `check_field`) and shows the message in the page's language.
#[island]
fn FieldControl(
    id: String,
    name: String,
    label: String,
    optional: Option<String>,
    kind: String,
    hint: Option<String>,
    autocomplete: Option<String>,
    inputmode: Option<String>,
    required: bool,
    value: Option<String>,
    /// The server's error code for this field after a refused post.
    server_error: Option<String>,
    locale: crate::i18n::Locale,
) -> impl IntoView {
    crate::page_context::mark_island_hydrated();
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    // The browser's own check, only after the user has left the field.
    let FieldErrorState {
        client_error,
        edited,
        shown: shown_error,
    } = FieldErrorState::new(server_error);
    let has_hint = hint.is_some();
    let described_by = {
        let hint_id = hint_id.clone();
        let error_id = error_id.clone();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if shown_error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let on_input = move |_: leptos::ev::Event| edited.set(true);
    let checked_name = name.clone();
    let on_blur = move |ev: leptos::ev::FocusEvent| {
        use leptos::wasm_bindgen::JsCast;
        // Inserting an error above the form while the pointer is on its submit button would
        // move the button away mid-click; the server checks everything on submit anyway.
        let to_button = ev
            .related_target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
            .is_some_and(|el| el.tag_name().eq_ignore_ascii_case("button"));
        if to_button {
            return;
        }
        let value = event_target_value(&ev);
        client_error.set(if value.trim().is_empty() {
            None
        } else {
            check_field(&checked_name, &value).map(str::to_string)
        });
    };
    view! {
        <div class="field" class:field-has-error=move || shown_error.get().is_some()>
            <label for=id.clone()>
                {label}
                {optional.map(|text| view! { <span class="optional">{text}</span> })}
            </label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            {move || {
                shown_error
                    .get()
                    .map(|code| view! { <p class="field-error" id=error_id.clone()>{locale.t(&code)}</p> })
            }}
            <input
                id=id
                name=name
                type=kind
                value=value
                autocomplete=autocomplete
                inputmode=inputmode
                aria-required=required.then_some("true")
                aria-invalid=move || shown_error.get().is_some().then_some("true")
                aria-describedby=described_by
                on:input=on_input
                on:blur=on_blur
            />
        </div>
    }
}

/// Shows a notice named in the query string after a redirect (`?notice=notice-…`), only if
/// the translations define it, so the URL cannot inject text.
#[component]
pub fn Notice() -> impl IntoView {
    let locale = use_locale();
    let query = leptos_router::hooks::use_query_map();
    move || {
        query
            .with(|q| q.get("notice"))
            .filter(|key| key.starts_with("notice-") && locale.has(key))
            .map(|key| {
                view! { <div class="notice" role="status">{locale.t(&key)}</div> }
            })
    }
}
