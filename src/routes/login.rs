//! `/login`: "Email", "Password", "Log In". Failures show "Invalid email or password." (or
//! the rate limit's message, or that the server is busy) above the form and keep the email;
//! the password is never kept. A plain form: it needs no JavaScript, and gets none.

use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    actions::auth::Login,
    components::forms::{FormMessage, TextField},
    flash,
};

/// The log-in page.
#[component]
pub fn LoginPage() -> impl IntoView {
    let next = use_query_map()
        .read_untracked()
        .get("next")
        .unwrap_or_default();
    let flashed = flash::take(flash::Form::LogIn);
    let kept_email = flashed
        .as_ref()
        .map(|f| f.value("email"))
        .unwrap_or_default();
    let error = flashed.map(|f| f.error);
    view! {
        <Title text="Log In"/>
        <section class="auth-form">
            <h1>"Log In"</h1>
            <form method="post" action=Login::PATH novalidate>
                <FormMessage error/>
                <TextField id="login-email" label="Email" name="email" kind="email" autocomplete="email" value=kept_email/>
                <TextField id="login-password" label="Password" name="password" kind="password" autocomplete="current-password"/>
                <input type="hidden" name="next" value=next/>
                <button type="submit">"Log In"</button>
            </form>
            <p>"New here? " <a href=crate::paths::Page::Signup.href()>"Create an account"</a></p>
        </section>
    }
}
