//! Starting and ending the browser's session from inside a server function: the session
//! row, and the `session` cookie on the response. Starting one revokes the session it
//! replaces (logging in while logged in leaves no second live session behind).

use axum::http::{header, request::Parts};
use chrono::Utc;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

use crate::ids::UserId;
use crate::{
    auth::{
        client_ip::ClientIp,
        cookie,
        security_log::{self, SecurityEvent},
        token,
    },
    dal::{
        current,
        session::{self, SessionKeys},
    },
    error::AppError,
    role::Role,
};

fn keys() -> Result<SessionKeys, AppError> {
    use_context::<SessionKeys>()
        .ok_or_else(|| AppError::unexpected("session keys are not in the request's context"))
}

/// The client's address as resolved for this request (see `auth::client_ip`).
pub fn client_ip() -> String {
    use_context::<Parts>()
        .and_then(|parts| {
            parts
                .extensions
                .get::<ClientIp>()
                .map(|ip| ip.0.to_string())
        })
        .unwrap_or_else(|| "unknown".to_string())
}

/// Stores a session for `user_id`, sets its cookie on the response, and revokes the session
/// the browser had before, if any.
pub async fn start(user_id: UserId, role: Role) -> Result<(), AppError> {
    let db = current::db()?;
    let keys = keys()?;
    if let Some(previous) = current::current_user().await? {
        session::revoke_session(&db, previous.user_id, &previous.session_id).await?;
        security_log::record(
            SecurityEvent::SessionRevoked,
            Some(previous.user_id),
            &client_ip(),
        );
    }
    let user_agent = use_context::<Parts>().and_then(|parts| {
        parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    });
    let now = Utc::now();
    let sid = session::create_session(&db, user_id, user_agent.as_deref(), Some(&client_ip()), now)
        .await?;
    let jwt = token::sign(&token::Claims::new(&sid, user_id, role, now), keys.secret())?;
    if let Some(response) = use_context::<ResponseOptions>() {
        response.append_header(
            header::SET_COOKIE,
            cookie::session_cookie(&jwt, keys.secure_cookies),
        );
    }
    Ok(())
}

/// Revokes the browser's session (if it has a live one) and deletes its cookie.
pub async fn end() -> Result<(), AppError> {
    let db = current::db()?;
    if let Some(user) = current::current_user().await? {
        session::revoke_session(&db, user.user_id, &user.session_id).await?;
        security_log::record(SecurityEvent::LoggedOut, Some(user.user_id), &client_ip());
    }
    forget_cookie();
    Ok(())
}

/// Deletes the session cookie (its session is already gone, with the account).
pub fn forget_cookie() {
    let secure = use_context::<SessionKeys>().is_none_or(|k| k.secure_cookies);
    if let Some(response) = use_context::<ResponseOptions>() {
        response.append_header(header::SET_COOKIE, cookie::removal_cookie(secure));
    }
}
