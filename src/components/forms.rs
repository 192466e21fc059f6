//! Form pieces the server renders: a labelled field with the line that shows its error, and
//! the form-level message. The messages come from the flash a failed post left (see
//! `crate::flash`); forms post themselves, with JavaScript and without.

use leptos::prelude::*;

use crate::error::AppError;

/// A form field: its label, the control (the children; give it `id` and
/// `aria-describedby="{id}-error"`), and beside it the line that shows its error.
#[component]
pub fn Field(
    /// The control's id; the error line's id is `{id}-error`.
    id: &'static str,
    label: &'static str,
    /// The field's error, if any.
    error: Option<String>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {children()}
            <p id=format!("{id}-error") class="field-error" role="alert">{error}</p>
        </div>
    }
}

/// A one-line input in a [`Field`]: the label, the input (described by its error line and
/// marked invalid when it has an error) and, as children, a hint below it.
#[component]
pub fn TextField(
    /// The input's id; the error line's id is `{id}-error`.
    id: &'static str,
    label: &'static str,
    name: &'static str,
    /// The input's `type`.
    #[prop(default = "text")]
    kind: &'static str,
    /// What password managers and browsers may fill in (`off` for none).
    autocomplete: &'static str,
    /// The value to show (kept after a failure, or the stored one).
    #[prop(optional, into)]
    value: Option<String>,
    #[prop(optional, into)] placeholder: Option<String>,
    /// The field's error, if any.
    #[prop(default = None)]
    error: Option<String>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let invalid = error.is_some().to_string();
    view! {
        <Field id label error>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                aria-describedby=format!("{id}-error")
                aria-invalid=invalid
                placeholder=placeholder
                value=value
            />
            {children.map(|hint| hint())}
        </Field>
    }
}

/// The message above a form for a failure that concerns no single field (marked
/// `data-form-message`, where a form island puts the same message).
#[component]
pub fn FormMessage(error: Option<AppError>) -> impl IntoView {
    view! {
        <p class="form-error" role="alert" data-form-message="">
            {error.and_then(|e| e.form_message())}
        </p>
    }
}

/// `field`'s first message in `error`, if any.
pub fn field_error(error: &Option<AppError>, field: &str) -> Option<String> {
    error.as_ref().and_then(|e| e.field(field))
}

/// A password field. Its error line lists the rules a new password broke under "Password
/// must:" (`rules`, the sign-up's list; the `data-lead` a form island uses for the same
/// list), or shows the one message of a password that was checked (`rules` false).
#[component]
pub fn PasswordField(
    /// The control's id; the error line's id is `{id}-error`.
    id: &'static str,
    label: &'static str,
    name: &'static str,
    /// `new-password` or `current-password`, for password managers.
    autocomplete: &'static str,
    /// Whether the messages are rules the password must follow.
    #[prop(optional)]
    rules: bool,
    /// The field's messages.
    messages: Vec<String>,
) -> impl IntoView {
    const LEAD: &str = "Password must:";
    let invalid = (!messages.is_empty()).to_string();
    let shown = if messages.is_empty() {
        None
    } else if rules {
        Some(
            view! {
                <p>{LEAD}</p>
                <ul>{messages.into_iter().map(|rule| view! { <li>{rule}</li> }).collect_view()}</ul>
            }
            .into_any(),
        )
    } else {
        Some(view! { {messages.join(" ")} }.into_any())
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                name=name
                type="password"
                autocomplete=autocomplete
                aria-describedby=format!("{id}-error")
                aria-invalid=invalid
            />
            <div id=format!("{id}-error") class="field-error" role="alert" data-lead=rules.then_some(LEAD)>
                {shown}
            </div>
        </div>
    }
}
