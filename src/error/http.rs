//! The server's half of [`AppError`]: every answer of an API route or server function in
//! one JSON shape with its status, unexpected causes logged with the request's id (set for
//! every request in `startup`) and never sent, database outages answered 503, and the panic
//! page.

use axum::{
    extract::Request,
    http::{header, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    Json,
};
use sea_orm::DbErr;

use super::{AppError, ErrorCode};
use crate::paths::Page;

/// Seconds a client should wait before retrying when the database is away.
const STORE_RETRY_AFTER_SECS: u64 = 5;

impl AppError {
    /// A fault of ours: says only "Something went wrong (reference <id>)." and carries
    /// `cause` to be logged with the request id where it is answered.
    pub fn unexpected(cause: impl std::fmt::Display) -> Self {
        let reference = request_id();
        AppError {
            request_id: Some(reference.clone()),
            cause: Some(cause.to_string()),
            ..AppError::new(
                ErrorCode::Unexpected,
                format!("Something went wrong (reference {reference})."),
            )
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

/// A database that cannot be reached is a 503 the client may retry; any other database failure
/// is ours (logged, 500). A raw database error never reaches the client.
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        if is_outage(&err) {
            AppError {
                cause: Some(err.to_string()),
                ..AppError::unavailable(
                    "The service is unavailable right now. Try again in a moment.",
                    STORE_RETRY_AFTER_SECS,
                )
            }
        } else {
            AppError::unexpected(err)
        }
    }
}

impl From<anyhow::Error> for AppError {
    fn from(err: anyhow::Error) -> Self {
        AppError::unexpected(format!("{err:#}"))
    }
}

/// Logs `error`'s cause, if any: a fault as an error, an outage as a warning.
pub(super) fn log_cause(error: &AppError) {
    let Some(cause) = &error.cause else {
        return;
    };
    let reference = error.request_id.clone().unwrap_or_else(request_id);
    if error.code == ErrorCode::Unavailable {
        tracing::warn!(request_id = %reference, error = %cause, "database unavailable");
    } else {
        tracing::error!(request_id = %reference, error = %cause, "unexpected error");
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log_cause();
        let status = self.status();
        let retry_after = self.retry_after;
        let mut response = (status, Json(self)).into_response();
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// Server functions answer every error with status 500 (server_fn's `error_response`); this
/// middleware gives an [`AppError`] answer the status of its code, and `Retry-After`, so a
/// server-function call and an API route fail alike. Only error answers (marked by
/// server_fn's `serverfnerror` header) are read, and they are small.
pub async fn server_fn_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let is_fn_error = response.status() == StatusCode::INTERNAL_SERVER_ERROR
        && response
            .headers()
            .contains_key(server_fn::error::SERVER_FN_ERROR_HEADER);
    if !is_fn_error {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 1 << 20).await else {
        return AppError::unexpected("unreadable server function error").into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = error.status();
        if let Some(seconds) = error.retry_after {
            parts
                .headers
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
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
        .unwrap_or_else(|| crate::random::random_id(128))
}

/// The header carrying the request id, both ways.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The answer to a panic anywhere while handling a request: a complete 500 page with the
/// request id; the panic is logged with the same id, and the server serves on. It has no
/// inline style or script, so the Content-Security-Policy every page carries allows it.
pub fn panic_page(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let reason = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    let reference = request_id();
    tracing::error!(request_id = %reference, panic = %reason, "request handler panicked");
    // Quire makes the id itself (a client's own is set aside), but escaping costs nothing.
    let shown_reference = escape_html(&reference);
    let html = format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Something went wrong · Quire</title>
</head>
<body>
<header><nav aria-label="Main"><a href="{home}">Quire</a> · <a href="{posts}">Posts</a></nav></header>
<main id="content">
<h1>Something went wrong!</h1>
<p>The page could not be shown. Please try again in a moment.</p>
<p>If this keeps happening, tell us the reference <code>{shown_reference}</code>.</p>
<p><a href="{home}">Back to the home page</a></p>
</main>
</body>
</html>
"#,
        home = Page::Home.href(),
        posts = Page::Posts.href(),
    );
    let mut response = (
        StatusCode::INTERNAL_SERVER_ERROR,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&reference) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    response
}

fn escape_html(text: &str) -> String {
    html_escape::encode_safe(text).into_owned()
}

/// Whether `err` means the database cannot be reached or cannot take work now (as opposed to
/// a fault in a query): no connection, a dropped connection, a timeout, an administrator's
/// shutdown, or SQLite staying locked past its busy timeout. Such failures answer 503.
pub fn is_outage(err: &DbErr) -> bool {
    use sea_orm::{sqlx::Error as Sqlx, RuntimeErr};
    let runtime = match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => return true,
        DbErr::Exec(runtime) | DbErr::Query(runtime) => runtime,
        _ => return false,
    };
    let RuntimeErr::SqlxError(sqlx) = runtime else {
        return false;
    };
    match sqlx.as_ref() {
        Sqlx::Io(_)
        | Sqlx::Tls(_)
        | Sqlx::PoolTimedOut
        | Sqlx::PoolClosed
        | Sqlx::WorkerCrashed
        | Sqlx::Protocol(_) => true,
        Sqlx::Database(db) => {
            let code = db.code().unwrap_or_default();
            // PostgreSQL: 08 connection exception, 53 insufficient resources, 57 operator
            // intervention (shutdown, terminated, statement timeout), 55000 "does not
            // allow connections". SQLite: 5 busy, 6 locked.
            code.starts_with("08")
                || code.starts_with("53")
                || code.starts_with("57")
                || code == "55000"
                || code == "5"
                || code == "6"
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_panic_page_escapes_its_request_id() {
        let response = scope_request_id("<script>alert(1)</script>".into(), async {
            panic_page(Box::new("boom"))
        })
        .await;
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        let page = String::from_utf8(body.to_vec()).unwrap();
        assert!(page.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;"));
        assert!(!page.contains("<script>alert"));
        assert!(!page.contains("boom"), "the cause is not shown");
    }

    #[tokio::test]
    async fn an_error_answers_its_status_and_retry_after() {
        let response = AppError::unavailable("busy", 3).into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()[header::RETRY_AFTER], "3");
        let body = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(json["error"], "unavailable");
        assert_eq!(json["message"], "busy");
    }
}
