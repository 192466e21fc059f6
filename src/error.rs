//! The one error type of the server and its HTTP mapping. Internal causes are logged with
//! the request's id (`x-request-id`, set for every request in `startup`) and never reach
//! the client: the client sees a generic message carrying the id, so a report can be
//! matched to the log. A panic gets the same treatment as a full HTML page ([`panic_page`]).

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
                let reference = request_id();
                tracing::error!(request_id = %reference, error = %cause, "unexpected error");
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

tokio::task_local! {
    /// The id of the request this task serves (see [`scope_request_id`]).
    static REQUEST_ID: String;
}

/// Runs `future` (a request's handling) with `id` as its request id.
pub async fn scope_request_id<F: std::future::Future>(id: String, future: F) -> F::Output {
    REQUEST_ID.scope(id, future).await
}

/// The current request's id: from the request a server function or page serves, else
/// from the task serving the request, else a fresh random one.
pub fn request_id() -> String {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get(REQUEST_ID_HEADER)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        })
        .or_else(|| REQUEST_ID.try_with(String::clone).ok())
        .unwrap_or_else(|| {
            use rand::Rng;
            format!("{:08x}", rand::rng().random::<u32>())
        })
}

/// The header carrying the request id, both ways.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The answer to a panic anywhere while handling a request: a complete 500 page with the
/// request id; the panic is logged with the same id, and the server serves on.
pub fn panic_page(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let reason = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    let reference = request_id();
    tracing::error!(request_id = %reference, panic = %reason, "request handler panicked");
    // The id may come from the client (a proxy's `x-request-id` is kept): escape it.
    let shown_reference = escape_html(&reference);
    let html = format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Something went wrong · Quire</title>
<style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5}}</style>
</head>
<body>
<header><nav aria-label="Main"><a href="/">Quire</a> · <a href="/posts">Posts</a></nav></header>
<main id="content">
<h1>Something went wrong!</h1>
<p>The page could not be shown. Please try again in a moment.</p>
<p>If this keeps happening, tell us the reference <code>{shown_reference}</code>.</p>
<p><a href="/">Back to the home page</a></p>
</main>
</body>
</html>
"#
    );
    let mut response = (
        StatusCode::INTERNAL_SERVER_ERROR,
        [
            (axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (axum::http::header::CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response();
    if let Ok(value) = axum::http::HeaderValue::from_str(&reference) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    response
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_panic_page_escapes_a_request_id_sent_by_the_client() {
        let response = scope_request_id("<script>alert(1)</script>".into(), async {
            panic_page(Box::new("boom"))
        })
        .await;
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        let page = String::from_utf8(body.to_vec()).unwrap();
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!page.contains("<script>alert"));
        assert!(!page.contains("boom"), "the cause is not shown");
    }
}
