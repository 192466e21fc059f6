//! Request ids: every request gets one Quire made (128 random bits), sent back as
//! `X-Request-Id`, carried by every log line of the request and by its error messages; a
//! client's own `X-Request-Id` is set aside and only logged.

use axum::{
    http::{HeaderValue, Request},
    middleware::Next,
};
use tower_http::request_id::{MakeRequestId, RequestId};

use crate::error::http as error;

/// The `X-Request-Id` a client sent, kept apart from Quire's own id (for the log only).
#[derive(Clone, Debug)]
pub struct ClientRequestId(pub String);

/// Longest client request id carried into the log.
const MAX_CLIENT_REQUEST_ID: usize = 128;

/// Moves a client's `X-Request-Id` out of the headers, so the request id is always ours.
pub(super) async fn set_aside_client_request_id(
    mut request: axum::extract::Request,
    next: Next,
) -> axum::response::Response {
    if let Some(sent) = request.headers_mut().remove("x-request-id") {
        let sent: String = String::from_utf8_lossy(sent.as_bytes())
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_CLIENT_REQUEST_ID)
            .collect();
        request.extensions_mut().insert(ClientRequestId(sent));
    }
    next.run(request).await
}

/// A request id: 128 random bits, in hex (`random::random_id`, from the thread's generator:
/// a UUID v4 would ask the operating system for randomness on every request).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct RandomRequestId;

impl MakeRequestId for RandomRequestId {
    fn make_request_id<B>(&mut self, _request: &Request<B>) -> Option<RequestId> {
        let id = crate::random::random_id(128);
        HeaderValue::from_str(&id).ok().map(RequestId::new)
    }
}

/// The tracing span of a request (every log line it causes carries its id, method and
/// path), for tower-http's `TraceLayer`.
pub(super) fn request_span<B>(request: &Request<B>) -> tracing::Span {
    let client_id = request
        .extensions()
        .get::<ClientRequestId>()
        .map(|id| id.0.as_str());
    tracing::info_span!(
        "request",
        request_id = %request_id(request),
        client_request_id = client_id,
        method = %request.method(),
        path = %request.uri().path(),
    )
}

fn request_id<B>(request: &Request<B>) -> &str {
    request
        .extensions()
        .get::<RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .unwrap_or_default()
}

/// Runs the request with its id at hand for error messages and the panic page.
pub(super) async fn scope_request_id(
    request: axum::extract::Request,
    next: Next,
) -> axum::response::Response {
    let id = request_id(&request).to_string();
    error::scope_request_id(id, next.run(request)).await
}
