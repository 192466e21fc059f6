//! JSON route handlers. Each authorizes itself, through the DAL's secure check or (for
//! revalidation) a bearer token, and answers errors as [`AppError`]s: 401
//! `{"error":"unauthenticated","message":…}`, 403 `{"error":"forbidden",…}`.

/// `/api/email-available`: the sign-up form's check.
pub mod email_available;
/// `/api/revalidate`: on-demand cache purges.
pub mod revalidate;

use axum::{
    extract::{FromRef, FromRequestParts, State},
    http::request::Parts,
    response::{IntoResponse, Response},
    routing::get,
    Json, Router,
};
use sea_orm::DatabaseConnection;

use crate::{
    cache::DataCache,
    dal::{
        session::{verify_session, SessionKeys, SessionMemo, SessionUser},
        users,
    },
    error::AppError,
};

/// `/api/me`, `/api/admin/users`, `/api/email-available` and `/api/revalidate`, for any
/// server state that holds the pieces they take.
pub fn router<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    DatabaseConnection: FromRef<S>,
    SessionKeys: FromRef<S>,
    DataCache: FromRef<S>,
    revalidate::RevalidateToken: FromRef<S>,
{
    Router::new()
        .route(
            revalidate::PATH,
            get(revalidate::revalidate).post(revalidate::revalidate),
        )
        .route(email_available::PATH, get(email_available::email_available))
        .route(crate::paths::ME_API, get(me))
        .route(crate::paths::ADMIN_USERS_API, get(admin_users))
}

/// The caller, by the secure check.
pub struct Caller(pub SessionUser);

impl<S> FromRequestParts<S> for Caller
where
    S: Send + Sync,
    DatabaseConnection: FromRef<S>,
    SessionKeys: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let memo = parts
            .extensions
            .get::<SessionMemo>()
            .cloned()
            .unwrap_or_default();
        let (db, keys) = (
            DatabaseConnection::from_ref(state),
            SessionKeys::from_ref(state),
        );
        verify_session(&db, &parts.headers, &keys, &memo)
            .await?
            .map(Caller)
            .ok_or_else(AppError::unauthenticated)
    }
}

async fn me(Caller(user): Caller) -> Response {
    Json(user.dto()).into_response()
}

async fn admin_users(
    State(db): State<DatabaseConnection>,
    Caller(user): Caller,
) -> Result<Response, AppError> {
    if !user.is_admin() {
        return Err(AppError::forbidden("Only admins may list users."));
    }
    Ok(Json(users::all_user_dtos(&db).await?).into_response())
}
