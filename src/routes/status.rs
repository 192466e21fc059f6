//! The HTTP status of a server-rendered page. In the browser there is no response to
//! change, so these do nothing there.

/// Marks the response being rendered as 404 Not Found.
#[cfg(feature = "ssr")]
pub fn set_not_found() {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
}

/// Marks the response being rendered as 404 Not Found (no-op in the browser).
#[cfg(not(feature = "ssr"))]
pub fn set_not_found() {}
