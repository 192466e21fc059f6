//! Pieces shared by the forms: the error a form shows (with JavaScript and without), a
//! labelled field with its error line, sending a visitor whose session ended to log in,
//! and emptying a password after a failure.

use leptos::{html::Input, prelude::*, server_fn::ServerFn};
use leptos_router::hooks::{use_location, use_navigate};

use crate::error::AppError;

/// The error a form shows: its server function's answer to the last submit (with
/// JavaScript), else the failure its page was rendered with (`flashed`, without).
pub fn form_error<S>(action: ServerAction<S>, flashed: Option<AppError>) -> Memo<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Memo::new(move |_| match action.value().get() {
        Some(Ok(_)) => None,
        Some(Err(error)) => Some(error),
        None => flashed.clone(),
    })
}

/// When `error` says the session has ended (revoked on another device, or expired while
/// the page was open), sends the visitor to log in, coming back here after.
pub fn leave_when_signed_out(error: impl Fn() -> Option<AppError> + Send + Sync + 'static) {
    let navigate = use_navigate();
    let location = use_location();
    Effect::new(move |_| {
        if error().is_some_and(|e| e.is_unauthenticated()) {
            let path = location.pathname.get_untracked();
            let search = location.search.get_untracked();
            let here = if search.is_empty() {
                path
            } else {
                format!("{path}?{search}")
            };
            navigate(&crate::paths::login_url(&here), Default::default());
        }
    });
}

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
