//! `/settings`: the signed-in user's own account. Each server function takes its context
//! (database, hashing, cache, viewer), calls one service of `auth::settings`, and maps the
//! outcome: success leaves a notice for the settings page (or, after deleting the account,
//! goes home signed out); a refusal is answered as the form's error (see `crate::flash`).

use leptos::prelude::*;

use crate::{dal::dto::AccountDto, error::AppError};

/// The signed-in user's account as the settings page starts.
#[server]
pub async fn my_account() -> Result<AccountDto, AppError> {
    use self::ssr::*;

    let user = current::require_user().await?;
    dal::accounts::account(&current::db()?, user.user_id)
        .await?
        .ok_or_else(AppError::unauthenticated)
}

/// Saves name and phone; "Profile saved.".
#[server]
pub async fn save_profile(name: String, phone: String) -> Result<(), AppError> {
    use self::ssr::*;

    let back = paths::Page::Settings.href().to_string();
    let typed = [("name", name.as_str()), ("phone", phone.as_str())];
    flash::answer(Form::Profile, &back, &typed, async {
        let user = current::require_user().await?;
        let (db, cache) = (current::db()?, cache::from_context()?);
        settings::save_profile(&db, &cache, &user, &name, &phone).await?;
        flash::notice(Form::Profile, validation::PROFILE_SAVED).await;
        leptos_axum::redirect(&back);
        Ok(())
    })
    .await
}

/// Changes the password and signs out every other device; "Password changed.".
#[server]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use self::ssr::*;

    let back = paths::Page::Settings.href().to_string();
    flash::answer(Form::Password, &back, &[], async {
        let user = current::require_user().await?;
        let ip = browser_session::client_ip()?;
        let (db, hashing) = (current::db()?, HashPool::from_context()?);
        settings::change_password(&db, &hashing, &user, current_password, new_password, &ip)
            .await?;
        security_log::record(SecurityEvent::PasswordChanged, Some(user.user_id), &ip);
        flash::notice(Form::Password, validation::PASSWORD_CHANGED).await;
        leptos_axum::redirect(&back);
        Ok(())
    })
    .await
}

/// Deletes the account with its posts, likes and sessions, then goes home signed out.
#[server]
pub async fn delete_account(password: String) -> Result<(), AppError> {
    use self::ssr::*;

    flash::answer(
        Form::DeleteAccount,
        paths::Page::Settings.href(),
        &[],
        async {
            let user = current::require_user().await?;
            let ip = browser_session::client_ip()?;
            let (db, hashing) = (current::db()?, HashPool::from_context()?);
            let cache = cache::from_context()?;
            settings::delete_account(&db, &hashing, &cache, &user, password, &ip).await?;
            security_log::record(SecurityEvent::AccountDeleted, Some(user.user_id), &ip);
            browser_session::forget_cookie();
            leptos_axum::redirect(paths::Page::Home.href());
            Ok(())
        },
    )
    .await
}

/// What the settings functions use on the server (the Leptos examples' `ssr` prelude).
#[cfg(feature = "ssr")]
pub mod ssr {
    pub use crate::{
        accounts::{browser_session, settings},
        auth::{
            password::HashPool,
            security_log::{self, SecurityEvent},
        },
        cache,
        dal::{self, current},
        flash::{self, Form},
        paths, validation,
    };
}
