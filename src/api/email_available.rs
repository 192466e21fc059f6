//! `GET /api/email-available?email=…`: whether an email is free to sign up with, for the
//! sign-up form's check as the field loses focus: `{"available":true|false}`. An email that
//! is not valid answers `true` (the form's own rules report its format). A valid one counts
//! against the client address's e-mail look-ups (`dal::rate_limits::EMAIL_LOOKUPS`, shared
//! with sign-up): past it, 429 "Too many attempts. Try again later." with `Retry-After`.

use axum::{
    extract::{Query, State},
    http::Extensions,
    Json,
};
use sea_orm::DatabaseConnection;
use serde::Deserialize;

use crate::{accounts::access, auth::client_ip::ClientIp, dal::users, error::AppError, validation};

/// The route.
pub const PATH: &str = crate::paths::EMAIL_AVAILABLE_API;

/// The query.
#[derive(Debug, Deserialize)]
pub struct Params {
    #[serde(default)]
    email: String,
}

/// The handler.
pub async fn email_available(
    State(db): State<DatabaseConnection>,
    extensions: Extensions,
    Query(params): Query<Params>,
) -> Result<Json<serde_json::Value>, AppError> {
    let available = match validation::check_email(&params.email) {
        Ok(email) => {
            let client = ClientIp::of(&extensions)?;
            access::count_lookup(&db, &client.0.to_string()).await?;
            users::find_by_email(&db, &email).await?.is_none()
        }
        Err(_) => true,
    };
    Ok(Json(serde_json::json!({ "available": available })))
}
