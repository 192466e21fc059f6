//! `/login`: "Email", "Password", "Log In". Failures show "Invalid email or password." (or
//! the rate limit's message, or that the server is busy) and keep the email. Works with
//! JavaScript off.

use leptos::{form::ActionForm, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    actions::auth::Login,
    components::forms::{empty_after_failure, form_error},
    flash,
};

/// The log-in page.
#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<Login>::new();
    let next = use_query_map()
        .read_untracked()
        .get("next")
        .unwrap_or_default();
    let flashed = flash::take("login");
    let carried = flash::carry("login", &flashed);
    let kept_email = flashed
        .as_ref()
        .map(|f| f.value("email"))
        .unwrap_or_default();
    let error = form_error(action, flashed.map(|f| f.error));
    let pending = action.pending();
    let password_input = NodeRef::<leptos::html::Input>::new();
    empty_after_failure(
        move || matches!(action.value().get(), Some(Err(_))),
        password_input,
    );

    view! {
        <Title text="Log In"/>
        <section class="auth-form">
            {carried}
            <h1>"Log In"</h1>
            <ActionForm action=action attr:novalidate=true>
                <Show when=move || error.get().is_some()>
                    <p class="form-error" role="alert">
                        {move || error.get().map(|e| e.message).unwrap_or_default()}
                    </p>
                </Show>
                <div class="field">
                    <label for="login-email">"Email"</label>
                    <input
                        id="login-email"
                        name="email"
                        type="email"
                        autocomplete="email"
                        value=kept_email
                    />
                </div>
                <div class="field">
                    <label for="login-password">"Password"</label>
                    <input
                        node_ref=password_input
                        id="login-password"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                    />
                </div>
                <input type="hidden" name="next" value=next/>
                <button type="submit" disabled=move || pending.get()>
                    {move || if pending.get() { "Logging in…" } else { "Log In" }}
                </button>
            </ActionForm>
            <p>"New here? " <a href="/signup">"Create an account"</a></p>
        </section>
    }
}
