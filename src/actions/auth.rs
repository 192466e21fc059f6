//! Sign-up, log-in, log-out and the email availability check. Each answers `Ok(())` after
//! setting or deleting the session cookie and redirecting, or an [`AppError`] the form
//! shows: with JavaScript as the returned value, without it through the flash (see
//! [`crate::flash`]), which also keeps what was typed (never the password).

use leptos::prelude::*;

use crate::error::AppError;

/// Creates an account and signs it in, then redirects to `/dashboard`.
#[server]
pub async fn signup(name: String, email: String, password: String) -> Result<(), AppError> {
    use self::ssr::*;

    let typed = [("name", name.as_str()), ("email", email.as_str())];
    flash::answer(Form::SignUp, paths::Page::Signup.href(), &typed, async {
        let ip = browser_session::client_ip()?;
        let user = access::sign_up(&db()?, &hashing()?, &name, &email, password, &ip).await?;
        browser_session::start(user.id, user.role).await?;
        leptos_axum::redirect(paths::Page::Dashboard.href());
        Ok(())
    })
    .await
}

/// Signs in, then redirects to `next` when it is a local path, else `/dashboard`.
#[server]
pub async fn login(
    email: String,
    password: String,
    #[server(default)] next: String,
) -> Result<(), AppError> {
    use self::ssr::*;

    let back = if next.is_empty() {
        paths::Page::Login.href().to_string()
    } else {
        paths::login_url(&next)
    };
    let typed = [("email", email.as_str())];
    flash::answer(Form::LogIn, &back, &typed, async {
        let ip = browser_session::client_ip()?;
        let user = access::log_in(&db()?, &hashing()?, &email, password, &ip).await?;
        browser_session::start(user.id, user.role).await?;
        leptos_axum::redirect(&redirect::local_or_dashboard(&next));
        Ok(())
    })
    .await
}

/// Revokes this device's session, deletes the cookie and redirects to `/login`.
#[server]
pub async fn logout() -> Result<(), AppError> {
    use self::ssr::*;

    browser_session::end().await?;
    leptos_axum::redirect(paths::Page::Login.href());
    Ok(())
}

/// What the account functions use on the server (the Leptos examples' `ssr` prelude).
#[cfg(feature = "ssr")]
pub mod ssr {
    pub use crate::{
        accounts::{access, browser_session},
        auth::{password::HashPool, redirect},
        dal::current::db,
        flash::{self, Form},
        paths,
    };

    /// The hashing pool of the request.
    pub fn hashing() -> Result<HashPool, crate::error::AppError> {
        HashPool::from_context()
    }
}
