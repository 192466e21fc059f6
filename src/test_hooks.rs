//! Test-only hooks, active only in a build with the `test-hooks` feature (the test
//! suites' builds; never the run command's). A request's cookies ask for them, so one
//! setting covers server rendering and the server-function calls of client navigation:
//! - `quire_test_posts_delay_ms=N`: each read of posts (a list or one post) waits N ms
//!   (streaming, skeletons, a head that must wait for its post);
//! - `quire_test_write_delay_ms=N`: creating a post or a like waits N ms before it writes
//!   (a write in flight when the server is told to stop);
//! - `quire_test_fail=posts,post,…`: the named segments' data fails (error boundaries);
//! - `quire_test_panic=1`: rendering the page, or the post-list server function, panics
//!   (the global 500 page).
//!
//! In every other build each hook is an empty function the compiler removes.

/// The cookie that asks for a slower post-list query.
pub const POSTS_DELAY_COOKIE: &str = "quire_test_posts_delay_ms";
/// The cookie that asks for slower writes.
pub const WRITE_DELAY_COOKIE: &str = "quire_test_write_delay_ms";
/// The cookie naming the segments whose data should fail, comma-separated.
pub const FAIL_COOKIE: &str = "quire_test_fail";
/// The cookie that makes rendering panic.
pub const PANIC_COOKIE: &str = "quire_test_panic";

/// Segments a fault can be injected into; each names the data of one error boundary.
pub mod segment {
    /// The `/posts` list.
    pub const POSTS: &str = "posts";
    /// The home page's latest posts.
    pub const LATEST: &str = "latest";
    /// A post page's body.
    pub const POST: &str = "post";
    /// The dashboard's "Your posts" panel.
    pub const MY_POSTS: &str = "my-posts";
    /// The dashboard's "Users" panel.
    pub const USERS: &str = "users";
}

/// Whether a request asks for any test behaviour (a slow or failing read, a panic): such a
/// request is always rendered afresh, never answered from the page cache. Always `false`
/// in builds without the hooks.
#[cfg(feature = "ssr")]
pub fn wants_fresh_render(headers: &axum::http::HeaderMap) -> bool {
    #[cfg(feature = "test-hooks")]
    {
        [
            POSTS_DELAY_COOKIE,
            WRITE_DELAY_COOKIE,
            FAIL_COOKIE,
            PANIC_COOKIE,
        ]
        .iter()
        .any(|name| crate::auth::cookie::read_cookie(headers, name).is_some())
    }
    #[cfg(not(feature = "test-hooks"))]
    {
        let _ = headers;
        false
    }
}

/// Waits for the test latency this request asked for, if any.
pub async fn before_posts_query() {
    #[cfg(all(feature = "ssr", feature = "test-hooks"))]
    if let Some(ms) = cookie(POSTS_DELAY_COOKIE).and_then(|v| v.parse::<u64>().ok()) {
        tokio::time::sleep(std::time::Duration::from_millis(ms.min(30_000))).await;
    }
}

/// Waits for the write latency this request asked for, if any.
pub async fn before_write() {
    #[cfg(all(feature = "ssr", feature = "test-hooks"))]
    if let Some(ms) = cookie(WRITE_DELAY_COOKIE).and_then(|v| v.parse::<u64>().ok()) {
        tokio::time::sleep(std::time::Duration::from_millis(ms.min(30_000))).await;
    }
}

/// Fails when this request asked `segment`'s data to fail.
#[cfg(feature = "ssr")]
pub fn fault(segment: &str) -> Result<(), crate::error::AppError> {
    #[cfg(feature = "test-hooks")]
    if cookie(FAIL_COOKIE).is_some_and(|v| v.split(',').any(|s| s.trim() == segment)) {
        return Err(crate::error::AppError::unexpected(format!(
            "test fault injected into the {segment} segment"
        )));
    }
    let _ = segment;
    Ok(())
}

/// Panics when this request asked for it; called while the app renders and in the
/// post-list server function (a handler).
pub fn panic_if_asked() {
    #[cfg(all(feature = "ssr", feature = "test-hooks"))]
    if cookie(PANIC_COOKIE).is_some() {
        panic!("test panic injected while rendering");
    }
}

#[cfg(all(feature = "ssr", feature = "test-hooks"))]
fn cookie(name: &str) -> Option<String> {
    let parts = leptos::prelude::use_context::<axum::http::request::Parts>()?;
    crate::auth::cookie::read_cookie(&parts.headers, name)
}
