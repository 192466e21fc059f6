//! The current request's signed-in user, for server functions and pages: the secure
//! check ([`verify_session`]) with the request's memo, so asking twice costs one lookup.

use axum::http::request::Parts;
use sea_orm::DatabaseConnection;

use super::session::{verify_session, SessionKeys, SessionMemo, SessionUser};
use crate::error::{expect_context, AppError};

/// The signed-in user, or `None`. Errors when the database fails, and when the request's
/// context lacks the database, the keys or the request itself (a wiring fault, which must
/// not pass for a signed-out visitor).
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    let db = expect_context::<DatabaseConnection>()?;
    let keys = expect_context::<SessionKeys>()?;
    let parts = expect_context::<Parts>()?;
    let memo = parts
        .extensions
        .get::<SessionMemo>()
        .cloned()
        .unwrap_or_default();
    Ok(verify_session(&db, &parts.headers, &keys, &memo).await?)
}

/// The signed-in user, or 401 for a signed-out caller.
pub async fn require_user() -> Result<SessionUser, AppError> {
    current_user().await?.ok_or_else(AppError::unauthenticated)
}

/// The signed-in admin: 401 signed out, 403 for anyone else.
pub async fn require_admin() -> Result<SessionUser, AppError> {
    let user = require_user().await?;
    if user.is_admin() {
        Ok(user)
    } else {
        Err(AppError::forbidden("Only admins may do this."))
    }
}

/// The database handle the router provides to every request.
pub fn db() -> Result<DatabaseConnection, AppError> {
    expect_context::<DatabaseConnection>()
}
