//! Sign-up, log-in, log-out and the email availability check. Expected failures
//! (validation, a taken email, wrong credentials, the rate limit) are `Ok` values naming
//! their fields; `Ok(None)` means success, after which the function has set the session
//! cookie and redirected. With JavaScript off, the browser posts the form here directly;
//! a failure is then carried back to the form page in a short-lived flash cookie
//! (see [`crate::components::flash`]) so the page can show the errors and kept values.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::validation::SignupErrors;

/// A sign-up that did not go through: its errors and the values to keep (never the
/// password).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignupFailure {
    pub errors: SignupErrors,
    pub name: String,
    pub email: String,
}

/// A log-in that did not go through.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginFailure {
    pub message: String,
    pub email: String,
}

/// Creates an account and signs it in, then redirects to `/dashboard`.
#[server]
pub async fn signup(
    name: String,
    email: String,
    password: String,
) -> Result<Option<SignupFailure>, ServerFnError> {
    use crate::{components::flash, validation};

    let db = ssr::db()?;
    let mut errors = validation::check_signup(&name, &email, &password);
    let email_ok = validation::check_email(&email).ok();
    if let Some(normalized) = &email_ok {
        if crate::dal::users::find_by_email(&db, normalized)
            .await
            .map_err(crate::error::internal)?
            .is_some()
        {
            errors.email = Some(validation::EMAIL_TAKEN.to_string());
        }
    }
    let failure = |errors: SignupErrors| SignupFailure {
        errors,
        name: name
            .trim()
            .chars()
            .take(validation::MAX_NAME_CHARS)
            .collect(),
        email: email
            .trim()
            .chars()
            .take(validation::MAX_EMAIL_CHARS)
            .collect(),
    };
    if !errors.is_empty() {
        return Ok(flash::fail("signup", "/signup", failure(errors)));
    }

    let name = validation::check_name(&name).map_err(ServerFnError::new)?;
    let email = email_ok.unwrap_or_default();
    let hash = crate::auth::password::hash_password(password)
        .await
        .map_err(|e| crate::error::internal(crate::error::AppError::Unexpected(e)))?;
    let created = crate::dal::users::register(&db, &name, &email, hash).await;
    let user = match created {
        Ok(user) => user,
        // Lost a race for the same email: the unique index decides.
        Err(err) if crate::dal::users::is_unique_violation(&err) => {
            return Ok(flash::fail(
                "signup",
                "/signup",
                failure(SignupErrors {
                    email: Some(validation::EMAIL_TAKEN.to_string()),
                    ..Default::default()
                }),
            ));
        }
        Err(err) => return Err(crate::error::internal(err)),
    };
    ssr::start_session(&db, user.id, &user.role).await?;
    leptos_axum::redirect("/dashboard");
    Ok(None)
}

/// Whether an email is free to sign up with (the on-blur check). Invalid emails answer
/// `true`: the format message comes from the form's own validation.
#[server]
pub async fn email_available(email: String) -> Result<bool, ServerFnError> {
    let Ok(email) = crate::validation::check_email(&email) else {
        return Ok(true);
    };
    let db = ssr::db()?;
    Ok(crate::dal::users::find_by_email(&db, &email)
        .await
        .map_err(crate::error::internal)?
        .is_none())
}

/// Signs in, then redirects to `next` when it is a local path, else `/dashboard`.
#[server]
pub async fn login(
    email: String,
    password: String,
    #[server(default)] next: String,
) -> Result<Option<LoginFailure>, ServerFnError> {
    use crate::{components::flash, dal::login_attempts, validation};

    let db = ssr::db()?;
    let normalized = email.trim().to_lowercase();
    let kept = email
        .trim()
        .chars()
        .take(validation::MAX_EMAIL_CHARS)
        .collect::<String>();
    let ip = ssr::client_ip();
    let fail = |message: &str| {
        let back = if next.is_empty() {
            "/login".to_string()
        } else {
            format!("/login?next={}", crate::auth::redirect::encode(&next))
        };
        flash::fail(
            "login",
            &back,
            LoginFailure {
                message: message.to_string(),
                email: kept.clone(),
            },
        )
    };

    if login_attempts::is_limited(&db, &normalized, &ip)
        .await
        .map_err(crate::error::internal)?
    {
        return Ok(fail(validation::TOO_MANY_ATTEMPTS));
    }
    let user = crate::dal::users::find_by_email(&db, &normalized)
        .await
        .map_err(crate::error::internal)?;
    // Unknown emails are checked against a dummy hash so both failures take as long.
    let hash = user
        .as_ref()
        .map(|u| u.password_hash.clone())
        .unwrap_or_else(crate::auth::password::dummy_hash);
    let password_ok = crate::auth::password::verify_password(password, hash).await;
    let user = match user {
        Some(user) if password_ok => user,
        _ => {
            login_attempts::record_failure(&db, &normalized, &ip)
                .await
                .map_err(crate::error::internal)?;
            return Ok(fail(validation::INVALID_CREDENTIALS));
        }
    };
    login_attempts::clear(&db, &normalized, &ip)
        .await
        .map_err(crate::error::internal)?;
    crate::dal::users::record_login(&db, user.id)
        .await
        .map_err(crate::error::internal)?;
    ssr::start_session(&db, user.id, &user.role).await?;
    leptos_axum::redirect(&crate::auth::redirect::local_or_dashboard(&next));
    Ok(None)
}

/// Revokes this device's session, deletes the cookie and redirects to `/login`.
#[server]
pub async fn logout() -> Result<(), ServerFnError> {
    let db = ssr::db()?;
    if let Some(user) = crate::dal::current::current_user().await? {
        crate::dal::session::revoke_session(&db, user.user_id, &user.session_id)
            .await
            .map_err(crate::error::internal)?;
    }
    ssr::clear_session_cookie();
    leptos_axum::redirect("/login");
    Ok(())
}

#[cfg(feature = "ssr")]
mod ssr {
    use axum::http::{header, request::Parts};
    use chrono::Utc;
    use leptos::prelude::*;
    use leptos_axum::ResponseOptions;
    use sea_orm::DatabaseConnection;

    use crate::{
        auth::{cookie, token},
        dal::session::{self, SessionKeys},
    };

    pub fn db() -> Result<DatabaseConnection, ServerFnError> {
        use_context::<DatabaseConnection>()
            .ok_or_else(|| ServerFnError::ServerError("the store is not configured".into()))
    }

    fn keys() -> Result<SessionKeys, ServerFnError> {
        use_context::<SessionKeys>()
            .ok_or_else(|| ServerFnError::ServerError("sessions are not configured".into()))
    }

    /// The client's address as the socket saw it.
    pub fn client_ip() -> String {
        use_context::<Parts>()
            .and_then(|parts| {
                parts
                    .extensions
                    .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                    .map(|info| info.0.ip().to_string())
            })
            .unwrap_or_else(|| "unknown".to_string())
    }

    /// Stores a session row and sets its cookie on the response.
    pub async fn start_session(
        db: &DatabaseConnection,
        user_id: i32,
        role: &str,
    ) -> Result<(), ServerFnError> {
        let keys = keys()?;
        let parts = use_context::<Parts>();
        let user_agent = parts
            .as_ref()
            .and_then(|p| p.headers.get(header::USER_AGENT))
            .and_then(|v| v.to_str().ok());
        let ip = client_ip();
        let now = Utc::now();
        let sid = session::create_session(db, user_id, user_agent, Some(&ip), now)
            .await
            .map_err(crate::error::internal)?;
        let jwt = token::sign(&token::Claims::new(&sid, user_id, role, now), &keys.secret)
            .map_err(|e| crate::error::internal(crate::error::AppError::Unexpected(e)))?;
        if let Some(response) = use_context::<ResponseOptions>() {
            response.append_header(
                header::SET_COOKIE,
                cookie::session_cookie(&jwt, keys.secure_cookies),
            );
        }
        Ok(())
    }

    /// Deletes the session cookie in the browser.
    pub fn clear_session_cookie() {
        let secure = use_context::<SessionKeys>().is_none_or(|k| k.secure_cookies);
        if let Some(response) = use_context::<ResponseOptions>() {
            response.append_header(header::SET_COOKIE, cookie::removal_cookie(secure));
        }
    }
}
