//! `/login`: "Email", "Password", "Log In". Failures show "Invalid email or password." (or
//! the rate limit's message) and keep the email. Works with JavaScript off.

use leptos::{form::ActionForm, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    actions::auth::{Login, LoginFailure},
    components::flash,
};

/// The log-in page.
#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<Login>::new();
    let next = use_query_map()
        .read_untracked()
        .get("next")
        .unwrap_or_default();
    let flashed = flash::take::<LoginFailure>("login");
    let carried = flash::carry("login", &flashed);
    let failure = Memo::new(move |_| match action.value().get() {
        Some(Ok(result)) => result,
        Some(Err(_)) => Some(LoginFailure {
            message: "Something went wrong. Please try again.".into(),
            email: String::new(),
        }),
        None => flashed.clone(),
    });
    let pending = action.pending();
    let password_input = NodeRef::<leptos::html::Input>::new();
    crate::components::forms::empty_after_failure(
        move || matches!(action.value().get(), Some(Ok(Some(_)))),
        password_input,
    );

    view! {
        <Title text="Log In"/>
        <section class="auth-form">
            {carried}
            <h1>"Log In"</h1>
            <ActionForm action=action attr:novalidate=true>
                <Show when=move || failure.get().is_some()>
                    <p class="form-error" role="alert">
                        {move || failure.get().map(|f| f.message).unwrap_or_default()}
                    </p>
                </Show>
                <div class="field">
                    <label for="login-email">"Email"</label>
                    <input
                        id="login-email"
                        name="email"
                        type="email"
                        autocomplete="email"
                        value=move || failure.get().map(|f| f.email).unwrap_or_default()
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
