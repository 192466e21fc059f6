//! The current request's signed-in user, for server functions and pages: the secure
//! check ([`verify_session`]) with the request's memo, so asking twice costs one lookup.

use axum::http::request::Parts;
use leptos::prelude::*;
use sea_orm::DatabaseConnection;

use super::session::{verify_session, SessionKeys, SessionMemo, SessionUser};

/// The signed-in user, or `None`. Errors only when the store fails.
pub async fn current_user() -> Result<Option<SessionUser>, ServerFnError> {
    let (Some(db), Some(keys), Some(parts)) = (
        use_context::<DatabaseConnection>(),
        use_context::<SessionKeys>(),
        use_context::<Parts>(),
    ) else {
        return Ok(None);
    };
    let memo = parts
        .extensions
        .get::<SessionMemo>()
        .cloned()
        .unwrap_or_default();
    verify_session(&db, &parts.headers, &keys, &memo)
        .await
        .map_err(crate::error::internal)
}

/// The signed-in user, or the error a server function answers to a signed-out caller.
pub async fn require_user() -> Result<SessionUser, ServerFnError> {
    current_user()
        .await?
        .ok_or_else(|| ServerFnError::ServerError("You need to log in first.".into()))
}

/// The store handle the router provides to every request.
pub fn db() -> Result<DatabaseConnection, ServerFnError> {
    use_context::<DatabaseConnection>()
        .ok_or_else(|| ServerFnError::ServerError("the store is not configured".into()))
}
