//! The one error type of the server and its HTTP mapping. Internal causes are logged with
//! a short reference id and never reach the client: the client sees a generic message
//! carrying the id, so a report can be matched to the log.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use leptos::server_fn::error::ServerFnError;

/// What can go wrong while serving a request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// Display stays generic so no conversion can leak the cause; it is logged instead.
    #[error("unexpected error")]
    Unexpected(#[from] anyhow::Error),
}

impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        AppError::Unexpected(err.into())
    }
}

impl AppError {
    fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Logs an unexpected error and returns the message safe to show: a generic sentence
    /// with the reference id.
    pub fn public_message(&self) -> String {
        match self {
            AppError::NotFound => "Not found.".to_string(),
            AppError::Unexpected(cause) => {
                let reference = reference_id();
                tracing::error!(reference = %reference, error = %cause, "unexpected error");
                format!("Something went wrong (reference {reference}).")
            }
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = self.public_message();
        (status, Json(serde_json::json!({ "error": message }))).into_response()
    }
}

impl AppError {
    /// The error a server function returns: the safe message only.
    pub fn into_server_fn_error(self) -> ServerFnError {
        ServerFnError::ServerError(self.public_message())
    }
}

/// For `map_err` in server functions: logs the cause, returns the safe message.
pub fn internal(err: impl Into<AppError>) -> ServerFnError {
    err.into().into_server_fn_error()
}

/// A short random id for matching a user's report to the log line.
fn reference_id() -> String {
    use rand::Rng;
    let n: u32 = rand::rng().random();
    format!("{n:08x}")
}
