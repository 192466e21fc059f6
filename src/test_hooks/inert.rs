//! The test hooks in a build without `test-hooks`: each does nothing, and the compiler
//! removes the calls.

use axum::{http::HeaderMap, Router};

use crate::error::AppError;

/// Counts nothing: production keeps no counter it never reads.
pub fn count_session_lookup() {}

/// Never: without the hooks no request asks for test behaviour.
pub fn wants_fresh_render(_headers: &HeaderMap) -> bool {
    false
}

/// Returns at once.
pub async fn before_posts_query() {}

/// Returns at once.
pub async fn before_write() {}

/// Never fails.
pub fn fault(_segment: crate::segment::Segment) -> Result<(), AppError> {
    Ok(())
}

/// Never panics.
pub fn panic_if_asked() {}

/// No routes: the gate route exists only in a build with the hooks.
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
}
