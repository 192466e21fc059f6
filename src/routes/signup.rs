//! `/signup`: "Name", "Email", "Password", "Sign Up". Each field shows its errors beside
//! it with the contract's messages; name and email are kept. With JavaScript on, the email
//! is also checked for availability when the field loses focus (debounced).

use leptos::{form::ActionForm, prelude::*};
use leptos_meta::Title;

use crate::{
    actions::auth::{email_available, Signup},
    components::forms::{empty_after_failure, form_error, Field},
    flash, validation,
};

/// How long the email field must rest before the availability check runs.
const EMAIL_CHECK_DEBOUNCE_MS: u64 = 300;

/// The sign-up page.
#[component]
pub fn SignupPage() -> impl IntoView {
    let action = ServerAction::<Signup>::new();
    let flashed = flash::take("signup");
    let carried = flash::carry("signup", &flashed);
    let (kept_name, kept_email) = flashed
        .as_ref()
        .map(|f| (f.value("name"), f.value("email")))
        .unwrap_or_default();
    let error = form_error(action, flashed.map(|f| f.error));
    let pending = action.pending();
    let password_input = NodeRef::<leptos::html::Input>::new();
    empty_after_failure(
        move || matches!(action.value().get(), Some(Err(_))),
        password_input,
    );

    // The on-blur availability check, debounced: a new blur cancels a pending check, and
    // only the latest answer is shown.
    let email_taken = RwSignal::new(false);
    let pending_check = StoredValue::new(None::<TimeoutHandle>);
    let check_seq = StoredValue::new(0u64);
    let check_email = move |email: String| {
        if let Some(handle) = pending_check.get_value() {
            handle.clear();
        }
        let seq = check_seq.get_value() + 1;
        check_seq.set_value(seq);
        let handle = set_timeout_with_handle(
            move || {
                leptos::task::spawn_local(async move {
                    if let Ok(available) = email_available(email).await {
                        if check_seq.get_value() == seq {
                            email_taken.set(!available);
                        }
                    }
                });
            },
            std::time::Duration::from_millis(EMAIL_CHECK_DEBOUNCE_MS),
        )
        .ok();
        pending_check.set_value(handle);
    };

    let name_error = move || error.get().and_then(|e| e.field("name"));
    let email_error = move || {
        error.get().and_then(|e| e.field("email")).or_else(|| {
            email_taken
                .get()
                .then(|| validation::EMAIL_TAKEN.to_string())
        })
    };
    let password_errors = move || {
        error
            .get()
            .map(|e| e.fields.all("password"))
            .unwrap_or_default()
    };
    // Failures that concern no single field: the server is busy, or a fault of ours.
    let form_message = move || {
        error
            .get()
            .filter(|e| e.fields.is_empty())
            .map(|e| e.message)
    };

    view! {
        <Title text="Sign Up"/>
        <section class="auth-form">
            {carried}
            <h1>"Sign Up"</h1>
            <ActionForm action=action attr:novalidate=true>
                <p class="form-error" role="alert">{form_message}</p>
                <Field id="signup-name" label="Name" error=Signal::derive(name_error)>
                    <input
                        id="signup-name"
                        name="name"
                        autocomplete="name"
                        aria-describedby="signup-name-error"
                        value=kept_name
                    />
                </Field>
                <Field id="signup-email" label="Email" error=Signal::derive(email_error)>
                    <input
                        id="signup-email"
                        name="email"
                        type="email"
                        autocomplete="email"
                        aria-describedby="signup-email-error"
                        value=kept_email
                        on:input=move |_| email_taken.set(false)
                        on:blur=move |ev| check_email(event_target_value(&ev))
                    />
                </Field>
                <div class="field">
                    <label for="signup-password">"Password"</label>
                    <input
                        node_ref=password_input
                        id="signup-password"
                        name="password"
                        type="password"
                        autocomplete="new-password"
                        aria-describedby="signup-password-error"
                    />
                    <div id="signup-password-error" class="field-error" role="alert">
                        <Show when=move || !password_errors().is_empty()>
                            <p>"Password must:"</p>
                            <ul>
                                {move || {
                                    password_errors()
                                        .into_iter()
                                        .map(|rule| view! { <li>{rule}</li> })
                                        .collect_view()
                                }}
                            </ul>
                        </Show>
                    </div>
                </div>
                <button type="submit" disabled=move || pending.get()>
                    {move || if pending.get() { "Signing up…" } else { "Sign Up" }}
                </button>
            </ActionForm>
            <p>"Already have an account? " <a href="/login">"Log in"</a></p>
        </section>
    }
}
