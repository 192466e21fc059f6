//! Test-only hooks, active only in a build with the `test-hooks` feature (the test
//! suites' builds; never the run command's). A request's cookies ask for them, so one
//! setting covers server rendering and the server-function calls of client navigation:
//! - `quire_test_posts_delay_ms=N`: each read of posts (a list or one post) waits N ms
//!   (streaming, skeletons, a head that must wait for its post);
//! - `quire_test_posts_gate=NAME`: each read of posts waits until the test opens the gate
//!   `NAME`, with [`open_gate`] in process or `POST /__test/gates/NAME/open` (browser
//!   tests): a list held for as long as the test needs;
//! - `quire_test_write_delay_ms=N`: creating a post or a like waits N ms before it writes
//!   (a write in flight when the server is told to stop);
//! - `quire_test_fail=posts,post,…`: the named segments' data fails (error boundaries);
//! - `quire_test_panic=1`: rendering the page, or the post-list server function, panics
//!   (the global 500 page).
//!
//! In every other build each hook is an empty function the compiler removes (`inert`).

/// The cookie that asks for a slower post-list query.
pub const POSTS_DELAY_COOKIE: &str = "quire_test_posts_delay_ms";
/// The cookie naming the gate post reads wait at.
pub const POSTS_GATE_COOKIE: &str = "quire_test_posts_gate";
/// The route that opens a gate, in a build with the hooks: `POST /__test/gates/{name}/open`.
pub const OPEN_GATE_ROUTE: &str = "/__test/gates/{name}/open";
/// The cookie that asks for slower writes.
pub const WRITE_DELAY_COOKIE: &str = "quire_test_write_delay_ms";
/// The log line a write held by the write delay leaves when it starts waiting, so a test
/// watching the server's log knows the write is in flight.
pub const WRITE_HELD: &str = "test hook: a write is held";
/// The log line it leaves when it goes on.
pub const WRITE_RELEASED: &str = "test hook: a held write goes on";
/// The cookie naming the segments whose data should fail, comma-separated.
pub const FAIL_COOKIE: &str = "quire_test_fail";
/// The `name=value` of a [`FAIL_COOKIE`] failing `segments`, as a test sets it.
pub fn fail_cookie(segments: &[crate::segment::Segment]) -> String {
    let names: Vec<&str> = segments.iter().map(|s| s.name()).collect();
    format!("{FAIL_COOKIE}={}", names.join(","))
}

/// The cookie that makes rendering panic.
pub const PANIC_COOKIE: &str = "quire_test_panic";

/// The hooks themselves, in a build with `test-hooks`.
#[cfg(feature = "test-hooks")]
mod live;
#[cfg(feature = "test-hooks")]
pub use live::*;

/// Empty stand-ins, in every other build.
#[cfg(not(feature = "test-hooks"))]
mod inert;
#[cfg(not(feature = "test-hooks"))]
pub use inert::*;
