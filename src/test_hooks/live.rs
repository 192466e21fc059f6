//! The test hooks, read from the request's cookies.

use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicU64, Ordering},
        LazyLock, Mutex,
    },
    time::Duration,
};

use axum::{
    extract::Path,
    http::{request::Parts, HeaderMap, StatusCode},
    routing::post,
    Router,
};

use tokio::sync::watch;

use super::{
    FAIL_COOKIE, OPEN_GATE_ROUTE, PANIC_COOKIE, POSTS_DELAY_COOKIE, POSTS_GATE_COOKIE,
    WRITE_DELAY_COOKIE, WRITE_HELD, WRITE_RELEASED,
};
use crate::{auth::cookie::read_cookie, error::AppError};

/// The longest delay a cookie may ask for.
const MAX_DELAY_MS: u64 = 30_000;

/// Database lookups made by `dal::session::verify_session` since start; a test reads it to
/// prove the per-request memo.
pub static SESSION_LOOKUPS: AtomicU64 = AtomicU64::new(0);

/// Counts one session lookup in the database.
pub fn count_session_lookup() {
    SESSION_LOOKUPS.fetch_add(1, Ordering::Relaxed);
}

/// Whether a request asks for any test behaviour (a slow or failing read, a panic): such a
/// request is always rendered afresh, never answered from the page cache.
pub fn wants_fresh_render(headers: &HeaderMap) -> bool {
    [
        POSTS_DELAY_COOKIE,
        POSTS_GATE_COOKIE,
        WRITE_DELAY_COOKIE,
        FAIL_COOKIE,
        PANIC_COOKIE,
    ]
    .iter()
    .any(|name| read_cookie(headers, name).is_some())
}

/// Waits for the test latency or the gate this request asked for, if any.
pub async fn before_posts_query() {
    delay(POSTS_DELAY_COOKIE).await;
    if let Some(name) = cookie(POSTS_GATE_COOKIE) {
        let mut open = gate(&name).subscribe();
        let wait = open.wait_for(|open| *open);
        // A test that never opens its gate fails on its own; the server moves on.
        let _ = tokio::time::timeout(Duration::from_millis(MAX_DELAY_MS), wait).await;
    }
}

/// Gates by name: closed until [`open_gate`]; a gate asked for first is made closed.
static GATES: LazyLock<Mutex<HashMap<String, watch::Sender<bool>>>> =
    LazyLock::new(Default::default);

fn gate(name: &str) -> watch::Sender<bool> {
    let mut gates = GATES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    gates
        .entry(name.to_string())
        .or_insert_with(|| watch::channel(false).0)
        .clone()
}

/// Lets every read held at gate `name` go on, and every later one pass at once.
pub fn open_gate(name: &str) {
    gate(name).send_replace(true);
}

/// `POST /__test/gates/{name}/open`, for tests that drive the server from outside.
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route(
        OPEN_GATE_ROUTE,
        post(|Path(name): Path<String>| async move {
            open_gate(&name);
            StatusCode::NO_CONTENT
        }),
    )
}

/// Waits for the write latency this request asked for, if any.
pub async fn before_write() {
    if cookie(WRITE_DELAY_COOKIE).is_some() {
        tracing::info!("{WRITE_HELD}");
        delay(WRITE_DELAY_COOKIE).await;
        tracing::info!("{WRITE_RELEASED}");
    }
}

/// Fails when this request asked `segment`'s data to fail.
pub fn fault(segment: crate::segment::Segment) -> Result<(), AppError> {
    let segment = segment.name();
    if cookie(FAIL_COOKIE).is_some_and(|v| v.split(',').any(|s| s.trim() == segment)) {
        return Err(AppError::unexpected(format!(
            "test fault injected into the {segment} segment"
        )));
    }
    Ok(())
}

/// Panics when this request asked for it; called while the app renders and in the
/// post-list server function (a handler).
pub fn panic_if_asked() {
    if cookie(PANIC_COOKIE).is_some() {
        panic!("test panic injected while rendering");
    }
}

async fn delay(name: &str) {
    if let Some(ms) = cookie(name).and_then(|v| v.parse::<u64>().ok()) {
        tokio::time::sleep(Duration::from_millis(ms.min(MAX_DELAY_MS))).await;
    }
}

/// A cookie of the request being served (server functions and rendering see its parts).
fn cookie(name: &str) -> Option<String> {
    let parts = leptos::prelude::use_context::<Parts>()?;
    read_cookie(&parts.headers, name)
}
