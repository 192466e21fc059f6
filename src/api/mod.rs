//! JSON route handlers. Each authorizes itself, through the DAL's secure check or (for
//! revalidation) a bearer token, and answers errors as [`AppError`]s: 401
//! `{"error":"unauthenticated","message":…}`, 403 `{"error":"forbidden",…}`.

/// `/api/email-available`: the sign-up form's check.
pub mod email_available;
/// `/api/revalidate`: on-demand cache purges.
pub mod revalidate;

use axum::{
    extract::{FromRequestParts, State},
    http::request::Parts,
    response::{IntoResponse, Response},
    routing::get,
    Json, Router,
};

use crate::{
    dal::{
        session::{verify_session, SessionMemo, SessionUser},
        users,
    },
    error::AppError,
    startup::AppState,
};

/// `/api/me`, `/api/admin/users`, `/api/email-available` and `/api/revalidate`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            revalidate::PATH,
            get(revalidate::revalidate).post(revalidate::revalidate),
        )
        .route(email_available::PATH, get(email_available::email_available))
        .route("/api/me", get(me))
        .route("/api/admin/users", get(admin_users))
}

/// The caller, by the secure check.
pub struct Caller(pub SessionUser);

impl FromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let memo = parts
            .extensions
            .get::<SessionMemo>()
            .cloned()
            .unwrap_or_default();
        verify_session(&state.db, &parts.headers, &state.keys, &memo)
            .await?
            .map(Caller)
            .ok_or_else(AppError::unauthenticated)
    }
}

async fn me(Caller(user): Caller) -> Response {
    Json(user.dto()).into_response()
}

async fn admin_users(
    State(state): State<AppState>,
    Caller(user): Caller,
) -> Result<Response, AppError> {
    if !user.is_admin() {
        return Err(AppError::forbidden("Only admins may list users."));
    }
    Ok(Json(users::all_user_dtos(&state.db).await?).into_response())
}
