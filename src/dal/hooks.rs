//! Test-only hooks. Built with the `test-hooks` feature, a request carrying the cookie
//! `quire_test_posts_delay_ms=N` has each of its post-list queries slowed by N ms, so
//! tests can watch streaming and skeletons; a cookie reaches both page loads and server
//! function calls, so one setting covers server rendering and client navigation. Without
//! the feature (every normal build) this is a no-op the compiler removes.

/// The cookie that asks for a slower post-list query.
pub const POSTS_DELAY_COOKIE: &str = "quire_test_posts_delay_ms";

/// Waits for the test latency this request asked for, if any.
pub async fn before_posts_query() {
    #[cfg(feature = "test-hooks")]
    if let Some(ms) = requested_delay_ms() {
        tokio::time::sleep(std::time::Duration::from_millis(ms.min(30_000))).await;
    }
}

#[cfg(feature = "test-hooks")]
fn requested_delay_ms() -> Option<u64> {
    let parts = leptos::prelude::use_context::<axum::http::request::Parts>()?;
    parts
        .headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == POSTS_DELAY_COOKIE)
        .and_then(|(_, value)| value.parse().ok())
}
