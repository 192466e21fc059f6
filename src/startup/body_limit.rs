//! Request bodies over [`MAX_BODY_BYTES`] get 413 and change nothing, however they are
//! sent: a `Content-Length` over the limit is refused before reading, and a body without
//! one (chunked) is read up to the limit here, before any handler runs, so an overlong
//! stream is refused the same way instead of failing halfway through a handler.

use axum::{
    body::Body,
    extract::Request,
    http::header,
    middleware::Next,
    response::{IntoResponse, Response},
};
use http_body_util::{BodyExt, Limited};

use crate::error::AppError;

/// Request bodies larger than this get 413 and change nothing.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The middleware.
pub async fn limit(request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|len| len > MAX_BODY_BYTES as u64) {
        return AppError::too_large().into_response();
    }
    if http_body::Body::size_hint(request.body()).exact() == Some(0) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let bytes = match Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(err) if err.is::<http_body_util::LengthLimitError>() => {
            return AppError::too_large().into_response()
        }
        Err(err) => {
            tracing::debug!(error = %err, "request body could not be read");
            return AppError::new(
                crate::error::ErrorCode::Invalid,
                "The request body could not be read.",
            )
            .into_response();
        }
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}
