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
    error::{expect_context, AppError},
    role::Role,
};

/// The client's address as resolved for this request (see `auth::client_ip`); a request
/// without one is a wiring fault (500).
pub fn client_ip() -> Result<String, AppError> {
    let parts = expect_context::<Parts>()?;
    Ok(ClientIp::of(&parts.extensions)?.0.to_string())
}

/// Stores a session for `user_id`, sets its cookie on the response, and revokes the session
/// the browser had before, if any.
pub async fn start(user_id: UserId, role: Role) -> Result<(), AppError> {
    let db = current::db()?;
    let keys = expect_context::<SessionKeys>()?;
    // Looked up before any write: a response that cannot carry the cookie changes nothing.
    let response = expect_context::<ResponseOptions>()?;
    let parts = expect_context::<Parts>()?;
    let ip = client_ip()?;
    if let Some(previous) = current::current_user().await? {
        session::revoke_session(&db, previous.user_id, &previous.session_id).await?;
        security_log::record(SecurityEvent::SessionRevoked, Some(previous.user_id), &ip);
    }
    let user_agent = parts
        .headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok());
    let now = Utc::now();
    let sid = session::create_session(&db, user_id, user_agent, Some(&ip), now).await?;
    let jwt = token::sign(&token::Claims::new(&sid, user_id, role, now), keys.secret())?;
    response.append_header(
        header::SET_COOKIE,
        cookie::session_cookie(&jwt, keys.secure_cookies),
    );
    Ok(())
}

/// Revokes the browser's session (if it has a live one) and deletes its cookie.
pub async fn end() -> Result<(), AppError> {
    let db = current::db()?;
    let ip = client_ip()?;
    if let Some(user) = current::current_user().await? {
        session::revoke_session(&db, user.user_id, &user.session_id).await?;
        security_log::record(SecurityEvent::LoggedOut, Some(user.user_id), &ip);
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
