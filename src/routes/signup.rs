//! `/signup`: "Name", "Email", "Password", "Sign Up". Each field shows its errors beside it
//! with the contract's messages; name and email are kept, the password never is. A plain
//! form; only the email field is an island (it checks the address as it loses focus).

use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use crate::{
    actions::auth::Signup,
    components::forms::{field_error, FormMessage, PasswordField, TextField},
    flash,
    islands::email_field::EmailField,
};

/// The sign-up page.
#[component]
pub fn SignupPage() -> impl IntoView {
    let flashed = flash::take(flash::Form::SignUp);
    let (kept_name, kept_email) = flashed
        .as_ref()
        .map(|f| (f.value("name"), f.value("email")))
        .unwrap_or_default();
    let error = flashed.map(|f| f.error);
    let password_rules = error
        .as_ref()
        .map(|e| e.fields.all("password"))
        .unwrap_or_default();
    // A message that concerns no single field (the server is busy, a fault of ours).
    let general = error.clone().filter(|e| e.fields.is_empty());
    view! {
        <Title text="Sign Up"/>
        <section class="auth-form">
            <h1>"Sign Up"</h1>
            <form method="post" action=Signup::PATH novalidate>
                <FormMessage error=general/>
                <TextField id="signup-name" label="Name" name="name" autocomplete="name" value=kept_name error=field_error(&error, "name")/>
                <EmailField value=kept_email error=field_error(&error, "email")/>
                <PasswordField
                    id="signup-password"
                    label="Password"
                    name="password"
                    autocomplete="new-password"
                    rules=true
                    messages=password_rules
                />
                <button type="submit">"Sign Up"</button>
            </form>
            <p>"Already have an account? " <a href=crate::paths::Page::Login.href()>"Log in"</a></p>
        </section>
    }
}
