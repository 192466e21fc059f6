//! The layers around the whole application, from the inside out: the page cache (a cached
//! public page is answered before the site is routed at all), compression of whatever the
//! site streams, the panic page, the security headers, the request id and the trace.

use axum::{
    http::{header, HeaderMap, StatusCode, Version},
    middleware, Router,
};
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::{predicate::Predicate, CompressionLayer, DefaultPredicate},
    request_id::{PropagateRequestIdLayer, SetRequestIdLayer},
    trace::TraceLayer,
    CompressionLevel,
};

use super::{
    request_id::{self, RandomRequestId},
    security_headers, AppState,
};
use crate::error::http as error;

/// Compression quality for pages rendered per request (brotli 4, gzip 4): several times
/// faster than brotli 5 for a few percent more bytes (measured with `make bench`). Pages
/// cached by the page cache are compressed once, apart, at the best quality.
///
/// Streaming survives it: when Leptos has nothing more to send yet (the list still
/// loading), the encoder flushes what it has (async-compression since 0.4.31), so the
/// head decodes on arrival. `tests/api/streaming.rs` holds the list back and checks.
const PAGE_COMPRESSION_QUALITY: i32 = 4;

/// `inner` inside the page cache, compression, the panic page, the security headers, the
/// request id and the trace.
pub(super) fn wrap(inner: Router, state: &AppState) -> Router {
    inner
        .layer(middleware::from_fn_with_state(
            state.cache.clone(),
            crate::cache::pages::serve,
        ))
        .layer(
            CompressionLayer::new()
                .quality(CompressionLevel::Precise(PAGE_COMPRESSION_QUALITY))
                .compress_when(DefaultPredicate::new().and(is_html)),
        )
        // Outermost: every request gets an id first, and a panic anywhere inside becomes
        // the 500 page (logged with that id) while the server serves on; every answer,
        // that page included, gets the security headers.
        .layer(CatchPanicLayer::custom(error::panic_page))
        .layer(middleware::from_fn_with_state(
            state.security.clone(),
            security_headers::add,
        ))
        .layer(middleware::from_fn(request_id::scope_request_id))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_id::request_span)
                // Failures are logged where they happen, with their cause and the id.
                .on_failure(()),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(RandomRequestId))
        // Outermost of all: a client's own `X-Request-Id` is set aside (logged as
        // `client_request_id`), so the request id is always one Quire made.
        .layer(middleware::from_fn(request_id::set_aside_client_request_id))
}

/// Only HTML is compressed here: static assets are precompressed at build time, and cached
/// pages carry their own encoding (which the layer leaves alone).
fn is_html(
    _status: StatusCode,
    _version: Version,
    headers: &HeaderMap,
    _extensions: &axum::http::Extensions,
) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}
