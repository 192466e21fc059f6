//! Pieces shared by the forms: a labelled field with its error line, and emptying a
//! password after a failure.

use leptos::{html::Input, prelude::*};

/// A form field: its label, the control (the children; give it `id` and
/// `aria-describedby="{id}-error"`), and beside it the line that shows its error.
#[component]
pub fn Field(
    /// The control's id; the error line's id is `{id}-error`.
    id: &'static str,
    label: &'static str,
    /// The field's error, if any.
    error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {children()}
            <p id=format!("{id}-error") class="field-error" role="alert">{move || error.get()}</p>
        </div>
    }
}

/// Never keep a password: whenever `failed()` turns true after a submit in the browser,
/// empty `input`. (Without JavaScript the server render never fills it in.)
pub fn empty_after_failure(
    failed: impl Fn() -> bool + Send + Sync + 'static,
    input: NodeRef<Input>,
) {
    Effect::new(move |_| {
        if failed() {
            if let Some(input) = input.get() {
                input.set_value("");
            }
        }
    });
}
