//! Sign-up, log-in, log-out and the email availability check. Each answers `Ok(())` after
//! setting or deleting the session cookie and redirecting, or an [`AppError`] the form
//! shows: with JavaScript as the returned value, without it through the flash (see
//! [`crate::flash`]), which also keeps what was typed (never the password).

use leptos::prelude::*;

use crate::error::AppError;

/// Creates an account and signs it in, then redirects to `/dashboard`.
#[server]
pub async fn signup(name: String, email: String, password: String) -> Result<(), AppError> {
    use crate::accounts::{access, browser_session};

    let result = async {
        let ip = browser_session::client_ip()?;
        let user =
            access::sign_up(&ssr::db()?, &ssr::hashing()?, &name, &email, password, &ip).await?;
        browser_session::start(user.id, user.role).await?;
        leptos_axum::redirect("/dashboard");
        Ok(())
    }
    .await;
    let kept = [("name", name.as_str()), ("email", email.as_str())];
    crate::flash::finish("signup", "/signup", &kept, result).await
}

/// Signs in, then redirects to `next` when it is a local path, else `/dashboard`.
#[server]
pub async fn login(
    email: String,
    password: String,
    #[server(default)] next: String,
) -> Result<(), AppError> {
    use crate::{
        accounts::{access, browser_session},
        auth::redirect,
    };

    let result = async {
        let ip = browser_session::client_ip()?;
        let user = access::log_in(&ssr::db()?, &ssr::hashing()?, &email, password, &ip).await?;
        browser_session::start(user.id, user.role).await?;
        leptos_axum::redirect(&redirect::local_or_dashboard(&next));
        Ok(())
    }
    .await;
    let back = if next.is_empty() {
        "/login".to_string()
    } else {
        crate::paths::login_url(&next)
    };
    let kept = [("email", email.as_str())];
    crate::flash::finish("login", &back, &kept, result).await
}

/// Revokes this device's session, deletes the cookie and redirects to `/login`.
#[server]
pub async fn logout() -> Result<(), AppError> {
    crate::accounts::browser_session::end().await?;
    leptos_axum::redirect("/login");
    Ok(())
}

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::{auth::password::HashPool, dal::current::db};

    /// The hashing pool of the request.
    pub fn hashing() -> Result<HashPool, crate::error::AppError> {
        HashPool::from_context()
    }
}
